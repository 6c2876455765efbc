"""What the commands print for a trainer comes from the catalogues in the chosen language (issue 14): ``--lang``, else
``NEGOTIATOR_LANG``, else the system's language when it is one of the game's; numbers, paths and codes in isolates."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from negotiator.cli import main
from negotiator.cli.host import _print_human
from negotiator.cli.language import system_language
from negotiator.text import FSI


def latin_outside_isolates(text: str) -> list[str]:
    bare = re.sub("\u2068[^\u2069]*\u2069", " ", text)
    return re.findall(r"[A-Za-z]{2,}", bare)


def test_the_language_comes_from_the_flag_the_variable_or_the_system() -> None:
    assert system_language({"NEGOTIATOR_LANG": "ar", "LANG": "he_IL.UTF-8"}) == "ar"
    assert system_language({"LANG": "he_IL.UTF-8"}) == "he"
    assert system_language({"LANGUAGE": "fr:ar", "LANG": "en_US.UTF-8"}) == "ar"
    assert system_language({"LC_ALL": "C.UTF-8", "LANG": "he_IL.UTF-8"}) == "en"  # LC_ALL wins, as in gettext
    assert system_language({"LANG": "iw_IL"}) == "he"
    assert system_language({}) == "en"


@pytest.mark.parametrize("lang", ["he", "ar"])
def test_validate_summaries_in_hebrew_and_arabic(lang: str, capsys: pytest.CaptureFixture[str]) -> None:
    from negotiator.model.registry import scenarios_dir

    path = str(scenarios_dir() / "jerusalem.toml")
    assert main(["validate", path, "--lang", lang]) == 0
    lines = capsys.readouterr().out.strip().splitlines()
    summaries = [line for line in lines if ".he.toml" in line or ".ar.toml" in line]
    assert len(summaries) == 2
    for line in summaries:
        assert line.startswith(FSI) and latin_outside_isolates(line) == [], line
    assert main(["validate", path]) == 0
    assert "jerusalem.he.toml: OK (" in capsys.readouterr().out  # English as before


@pytest.mark.parametrize("lang", ["he", "ar"])
def test_validate_problems_in_hebrew_and_arabic(
    lang: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """The problem lines themselves, not only the summaries: what is wrong and the fix in the language, the file,
    the field and the ids in isolates; the English lines exactly as before."""
    from negotiator.model.registry import scenario_path

    text = scenario_path("water-and-crossings").read_text(encoding="utf-8")
    good, bad = tmp_path / "good.toml", tmp_path / "bad.toml"
    good.write_text(text, encoding="utf-8")
    bad.write_text(text.replace('signatories = ["', 'signatories = ["nobody", "', 1), encoding="utf-8")
    assert main(["validate", str(good), str(bad), "--lang", lang]) == 1
    lines = capsys.readouterr().out.strip().splitlines()
    assert len(lines) == 2
    for line in lines:
        assert line.startswith(FSI) and latin_outside_isolates(line) == [], line
    assert "nobody" in lines[1] and "israel, palestine" in lines[1]
    assert main(["validate", str(good), str(bad)]) == 1
    assert capsys.readouterr().out.splitlines() == [
        f"{good}: OK",
        f"{bad}: rules.signatories: no delegation 'nobody'; use one of israel, palestine",
    ]


@pytest.mark.parametrize("lang", ["he", "ar"])
def test_the_host_summary_in_hebrew_and_arabic(lang: str, capsys: pytest.CaptureFixture[str]) -> None:
    summary = {
        "room": "K7QP",
        "url": "ws://127.0.0.1:8765",
        "trainer": "t-secret",
        "tables": [{"table": 1, "seats": {"israel": "a1", "palestine": "b2"}}, {"table": 2, "seats": {}}],
        "room_file": "/tmp/room.json",
    }
    _print_human(summary, lang)
    out = capsys.readouterr().out
    for line in out.strip().splitlines():
        # Codes, tokens, seats and the address sit in isolates; the key to press and the flag are written as typed.
        assert set(latin_outside_isolates(line)) <= {"Ctrl", "resume"}, line  # a key, a flag
    assert "K7QP" in out and "t-secret" in out and "israel" in out


def test_the_simulate_summary_in_hebrew(capsys: pytest.CaptureFixture[str]) -> None:
    from negotiator.cli.simulate import _print_table

    summary = {
        "scenario": "water-and-crossings",
        "games": 2,
        "seed": 0,
        "personas": "scenario defaults",
        "seconds": 1.5,
        "ran_on": "2 processes",
        "agreement_rate": 1.0,
        "ratification_rate": 0.5,
        "zopa_exists": True,
        "results": {"ratified": 1},
        "mean_distance_to_frontier": 0.25,
        "below_walk_away": 0,
        "paradigms": {"separation": 2},
        "mean_rounds": 4.0,
        "mean_points": {"israel": 70.0},
        "mean_points_when_signed": {"israel": 71.0},
        "red_lines_crossed": 0,
        "incoherent_deals": 0,
        "by_pairing": {},
        "digest": "abc123",
    }
    _print_table(summary, "he")
    out = capsys.readouterr().out
    assert "הסכמים שנחתמו" in out and "נקודות ממוצעות לכל משלחת" in out and "agreements signed" not in out
    _print_table(summary, "en")
    assert "agreements signed: 100%" in capsys.readouterr().out


def _script(lang: str) -> str:
    return "[\u0590-\u05ff]" if lang == "he" else "[\u0600-\u06ff]"


@pytest.mark.parametrize("lang", ["he", "ar"])
def test_saves_list_show_verify_and_export_in_hebrew_and_arabic(
    lang: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from negotiator.game.setup import default_setup
    from negotiator.model.registry import get_scenario
    from negotiator.session.session import Session
    from negotiator.store.database import SaveDatabase

    water = get_scenario("water-and-crossings")
    path = tmp_path / "class.db"
    setup = default_setup(water, seed=5, mode="solo")
    with SaveDatabase.open(path) as db:
        session = Session.start(water, setup, storage=db)
        session.play_bots()  # every seat a bot: a whole game, to its outcome
    game = session.game_id

    def lines_of(*args: str) -> list[str]:
        assert main(["saves", *args, "--db", str(path), "--lang", lang]) == 0
        captured = capsys.readouterr()
        return (captured.out + captured.err).strip().splitlines()

    listed = lines_of("list")
    shown = lines_of("show", game[:8])[
        :5
    ]  # the header; the moves after it are the transcript's own sentences
    verified = lines_of("verify")
    wrote = lines_of("export", game[:8], "--out", str(tmp_path / "t.json"))
    assert len(listed) == 2 and game[:8] in listed[1] and len(verified) == 2 and len(wrote) == 1
    for line in [*listed, *shown, *verified, *wrote]:
        assert re.search(_script(lang), line) or line is listed[1], line  # the row is all data
        assert latin_outside_isolates(line) == [], line
    assert any(game in line for line in shown) and "water-and-crossings" in shown[1]


@pytest.mark.parametrize("lang", ["he", "ar"])
def test_analyze_in_hebrew_and_arabic(lang: str, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["analyze", "-s", "water-and-crossings", "--top", "3", "--lang", lang]) == 0
    out = capsys.readouterr().out
    head = out.split("┏")[0]  # the summary lines and the first table's title
    assert re.search(_script(lang), head) and latin_outside_isolates(head) == [], head
    english = (
        r"Bargaining|Pareto|walk-away|packages|Nash|Kalai|egalitarian|frontier|ZOPA|points|\(same\)|\bnone\b"
    )
    assert re.findall(english, out) == [], out
    assert "israel" not in out.split("┏")[1]  # the delegations by their titles, not their ids
    assert main(["analyze", "-s", "water-and-crossings", "--top", "3", "--lang", "en"]) == 0
    assert "israel points" in capsys.readouterr().out  # English as before


@pytest.mark.parametrize("lang", ["he", "ar"])
def test_poll_in_hebrew_and_arabic(lang: str, capsys: pytest.CaptureFixture[str]) -> None:
    args = ["poll", "-s", "water-and-crossings", "-p", "partnership", "--proposer", "israel"]
    assert main([*args, "--explain", "israeli_public", "--lang", lang]) == 0
    out = capsys.readouterr().out
    title, rest = out.split("┏")
    assert re.search(_script(lang), title) and latin_outside_isolates(title) == [], title
    explained = rest.split("┘")[1]  # the explanation under the table
    assert re.search(_script(lang), explained) and latin_outside_isolates(explained) == [], explained
    english = r"population|support|oppose|undecided|interval|sample|proposer|publics|points|today|move|taboo"
    assert re.findall(english, out) == [], out
    assert "israeli_public" not in out and "all_israelis" not in out  # publics by their names
    assert main(args) == 0
    assert "israeli_public  " in capsys.readouterr().out  # English as before
