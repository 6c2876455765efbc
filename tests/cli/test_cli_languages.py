"""The command line in Hebrew and Arabic (issue 14): ``--help`` of every command and argparse's own words, the
package and paradigm titles in analyze and poll, the one-line errors, calibrate and bench; English unchanged."""

from __future__ import annotations

import re

import pytest

from negotiator.cli import COMMANDS, build_parser, main
from negotiator.cli.helptext import help_language, shown_help, translate_parser, walk

KEPT = {
    # names of things, formats and values a reader types as they are
    "Negotiator", "NegMAS", "Dask", "SQLite", "README", "Sweeps", "git", "json", "csv", "toml", "scale", "net",
    "trainer", "public", "xx-long", "en", "he", "ar", "NEGOTIATOR_LANG", "WIDTHxHEIGHT", "classes", "saves",
    "signed", "fit", "mix", "none", "local", "all", "polls", "scenario", "id", "WxH",
}  # fmt: skip


def english_left(text: str) -> list[str]:
    """Latin words of ``text`` outside isolates, flags, metavars, choices and quoted values, minus :data:`KEPT`."""
    bare = re.sub("\u2068[^\u2069]*\u2069", " ", text)
    bare = re.sub(r"'[^']*'|\{[^}]*\}|<[^>]*>|\S*\.(?:toml|csv|json)\b|(?<!\w)-{1,2}[a-z][\w-]*", " ", bare)
    words = re.findall(r"[A-Za-z][A-Za-z_-]*[A-Za-z]", bare)
    return [w for w in words if w not in KEPT and not w.isupper()]


def help_of(args: list[str], capsys: pytest.CaptureFixture[str], lang: str | None = None) -> str:
    with pytest.raises(SystemExit) as exited:  # --help first: 'saves' itself takes no --lang, its actions do
        main([*args, "--help", *(["--lang", lang] if lang else [])])
    assert exited.value.code == 0
    return capsys.readouterr().out


def test_the_help_language_is_read_before_the_parser_is_built() -> None:
    assert help_language(["poll", "--lang", "ar", "--help"], {}) == "ar"
    assert help_language(["poll", "--lang=he"], {"NEGOTIATOR_LANG": "ar"}) == "he"
    assert help_language(["poll", "--lang", "fr"], {"NEGOTIATOR_LANG": "ar"}) == "ar"
    assert help_language(["poll", "--", "--lang", "he"], {"LANG": "C"}) == "en"


@pytest.mark.parametrize("lang", ["he", "ar"])
def test_every_help_text_has_its_translation(lang: str) -> None:
    """Every description and flag of every command matches its English entry (so the translation is of today's
    words) and has a translation: a new flag or a reworded help fails here, naming its key."""
    assert translate_parser(build_parser(), lang) == []


def test_the_english_entries_are_the_codes_words() -> None:
    """Rendered in English with the values read back, each entry is exactly the help argparse shows."""
    from negotiator.cli.helptext import translated

    parser = build_parser()
    for owner, _path, action, keys in walk(parser):
        english = owner.description if action is None else shown_help(owner, action)
        if english:
            assert translated(keys, english, "en") == english, keys[0]


@pytest.mark.parametrize("lang", ["he", "ar"])
@pytest.mark.parametrize(
    "command", [[], *([c] for c in COMMANDS), *(["saves", a] for a in ("list", "show", "export", "verify"))]
)
def test_help_in_hebrew_and_arabic(lang: str, command: list[str], capsys: pytest.CaptureFixture[str]) -> None:
    out = help_of(command, capsys, lang)
    script = "[\u0590-\u05ff]" if lang == "he" else "[\u0600-\u06ff]"
    usage, _, rest = out.partition("\n\n")
    assert re.match(script, usage), usage  # "usage:" in the language
    assert re.search(script, rest)
    names = set(COMMANDS) | {"list", "show", "export", "verify", "COMMAND", "ACTION"}
    left = [w for w in english_left(rest) if w not in names]
    assert left == [], left
    assert "show this help message" not in out and "options:" not in out


def test_help_follows_the_environment(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("NEGOTIATOR_LANG", "he")
    assert "הצגת העזרה הזו ויציאה" in help_of(["analyze"], capsys)
    assert "show this help message and exit" in help_of(["analyze"], capsys, "en")


def test_english_help_is_as_before_and_poll_shows_one_percent(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("NEGOTIATOR_LANG", "en")
    out = help_of(["poll"], capsys)
    assert "90% interval\n" in out and "%%" not in out  # the description printed "90%%" before
    assert out.startswith("usage: negotiator poll [-h] --scenario S --package P")
    assert "  -h, --help          show this help message and exit\n" in out
    assert not re.search("[\u0590-\u06ff\u2068]", out)


@pytest.mark.parametrize("lang", ["he", "ar"])
def test_argparse_errors_in_hebrew_and_arabic(lang: str, capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exited:
        main(["poll", "-s", "water-and-crossings", "--lang", lang])
    assert exited.value.code == 2
    err = capsys.readouterr().err
    last = err.strip().splitlines()[-1]
    assert "--package" in last and "required" not in last and "error" not in last
    assert english_left(last) == [], last
    with pytest.raises(SystemExit):
        main(["bench", "--suite", "fast", "--lang", lang])
    last = capsys.readouterr().err.strip().splitlines()[-1]
    assert "'fast'" in last and "invalid choice" not in last and english_left(last) == [], last


@pytest.mark.parametrize("lang", ["he", "ar"])
def test_poll_and_analyze_name_packages_and_paradigms(lang: str, capsys: pytest.CaptureFixture[str]) -> None:
    from negotiator.cli.language import say
    from negotiator.model.registry import get_scenario

    water = get_scenario("water-and-crossings")
    title = water.texts.text("packages.partnership.title", lang)
    assert title and main(["poll", "-s", "water-and-crossings", "-p", "partnership", "--lang", lang]) == 0
    head = capsys.readouterr().out.split("┏")[0]
    assert title in head and say(lang, "paradigm.confederation").strip("\u2068\u2069") in head
    assert "partnership" not in head and "confederation" not in head
    assert main(["analyze", "-s", "water-and-crossings", "--top", "3", "--lang", lang]) == 0
    out = capsys.readouterr().out
    assert (
        "water-and-crossings" not in out and "=" not in out.split("┏")[-1]
    )  # the frontier's packages in titles
    assert water.texts.text("scenario.title", lang) in out
    assert main(["poll", "-s", "water-and-crossings", "-p", "partnership", "--lang", "en"]) == 0
    assert "partnership (confederation), proposer" in capsys.readouterr().out.replace("\n", " ")


BAD_FLAGS = [
    ["analyze", "-s", "water-and-crossings", "--parties", "israel,nobody"],
    ["analyze", "-s", "water-and-crossings", "--parties", "israel,israel"],
    ["analyze", "-s", "water-and-crossings", "--parties", "israel"],
    ["poll", "-s", "water-and-crossings", "-p", "partnership", "--sample", "0"],
    ["poll", "-s", "water-and-crossings", "-p", "partnership", "--proposer", "nobody"],
    ["poll", "-s", "water-and-crossings", "-p", "partnership", "--as-of", "2020"],
    ["host", "-s", "water-and-crossings", "--human", "nobody"],
    ["host", "-s", "water-and-crossings", "--port", "70000"],
    ["host", "--hand-to-ai-after", "0", "-s", "water-and-crossings"],
    ["simulate", "-s", "water-and-crossings", "--chunk-size", "0"],
    ["simulate", "-s", "water-and-crossings", "--workers", "0"],
    ["host", "-s", "water-and-crossings", "--tables", "0"],
]


@pytest.mark.parametrize("lang", ["he", "ar"])
@pytest.mark.parametrize("args", BAD_FLAGS, ids=lambda a: "-".join(a[:1] + a[-2:-1]))
def test_bad_flags_are_one_line_in_the_language(
    lang: str, args: list[str], tmp_path: pytest.TempPathFactory, capsys: pytest.CaptureFixture[str]
) -> None:
    extra = ["--db", str(tmp_path / "c.db"), "--room", str(tmp_path / "r.json")] if args[0] == "host" else []
    assert main([*args, *extra, "--lang", "en"]) == 1
    english = capsys.readouterr().err.strip()
    assert main([*args, *extra, "--lang", lang]) == 1
    said = capsys.readouterr().err.strip()
    assert len(said.splitlines()) == 1 and said != english
    script = "[\u0590-\u05ff]" if lang == "he" else "[\u0600-\u06ff]"
    assert re.search(script, said) and english_left(said) == [], said


def bench_tables(lang: str, capsys: pytest.CaptureFixture[str]) -> str:
    from negotiator.cli.bench import show, show_scale, show_targets
    from negotiator.engine.benchsuite import BenchResult

    show([BenchResult("pareto-nash-1e6", 10**6, 0.01, 9.0, 900.0, True, 50.0)], lang)
    show_targets(
        [{"name": "ai-game", "ours_s": 0.2, "target_s": 0.5, "meets_target": False, "detail": "d"}], lang
    )
    show_scale(
        [
            {"name": "scale-core-x", "new_games_per_s": 9.0, "base_games_per_s": 3.0, "base_ref": "wave2-base",
             "speedup": 3.0, "target": "2x", "meets_target": True, "detail": "d"},
            {"name": "scale-cores-x", "all_cores_games_per_s": 17.0, "cores": 2, "one_core_games_per_s": 9.0,
             "efficiency": 0.94, "target": "t", "meets_target": None, "detail": "d"},
            {"name": "scale-memory", "rss_mb_first_tenth": 90, "rss_mb_end": 95, "games": 10000, "detail": "d"},
        ],
        lang,
    )  # fmt: skip
    return capsys.readouterr().out


@pytest.mark.parametrize("lang", ["he", "ar"])
def test_bench_tables_in_hebrew_and_arabic(lang: str, capsys: pytest.CaptureFixture[str]) -> None:
    out = bench_tables(lang, capsys)
    names = {"pareto-nash", "ai-game", "scale-core-x", "scale-cores-x", "scale-memory", "negotiator", "bench"}
    words = [w for w in english_left(out) if w not in names and w != "d"]  # "d": the suites' own detail
    assert words == [], words
    assert "…" not in out  # no heading cut
    english = bench_tables("en", capsys)
    assert "┃ benchmark       ┃ packages ┃ ours s ┃ peer s ┃ x faster ┃ equal ┃ peak MB ┃" in english
    assert "pareto-nash-1e6: target ratio >= 500, equal" in english and "│ NO  │" in english
    from negotiator.cli.bench import _measured

    core = {"name": "scale-core-x", "new_games_per_s": 9.0, "base_games_per_s": 3.0, "base_ref": "wave2-base"}
    assert _measured({**core, "speedup": 3.0}, "en") == "9.00 games/s vs 3.00 (wave2-base): 3.00x"
    cores = {"name": "scale-cores-x", "all_cores_games_per_s": 17.0, "cores": 2, "one_core_games_per_s": 9.0}
    assert (
        _measured({**cores, "efficiency": 0.94}, "en")
        == "17.00 games/s on 2 cores vs 9.00 on one: efficiency 0.94"
    )
    memory = {"name": "scale-memory", "rss_mb_first_tenth": 90, "rss_mb_end": 95, "games": 10000}
    assert _measured(memory, "en") == "90 MB -> 95 MB over 10000 games"


@pytest.mark.parametrize("lang", ["he", "ar"])
@pytest.mark.parametrize("content", ["{", '{"version": 99}', '{"version": 1}'])
def test_a_bad_room_file_is_one_line_in_the_language(
    lang: str, content: str, tmp_path: pytest.TempPathFactory, capsys: pytest.CaptureFixture[str]
) -> None:
    room = tmp_path / "room.json"
    room.write_text(content, encoding="utf-8")
    args = ["host", "--resume", str(room), "--db", str(tmp_path / "c.db")]
    assert main([*args, "--lang", "en"]) == 1
    english = capsys.readouterr().err.strip()
    assert main([*args, "--lang", lang]) == 1
    said = capsys.readouterr().err.strip()
    assert len(said.splitlines()) == 1 and said != english and str(room) in said
    assert english_left(said) == [], said


@pytest.mark.parametrize("lang", ["he", "ar"])
def test_calibrate_in_hebrew_and_arabic(lang: str, capsys: pytest.CaptureFixture[str]) -> None:
    """Titles, headings, kinds, measures and the summary lines in the language; a table's cells (poll items,
    populations, ids, the reasons a row is not expressed) stay the data's English."""
    assert main(["calibrate", "-s", "jerusalem", "--lang", lang]) == 0
    out = capsys.readouterr().out
    said = [line for line in out.splitlines() if not line.startswith(("│", "┏", "┡", "└"))]
    assert len(said) > 10
    for line in said:
        assert english_left(line) == [], line
    kinds = {line.split("│")[1].strip() for line in out.splitlines() if line.startswith("│ \u2068")}
    assert kinds and not any(re.search("[a-z]", re.sub("\u2068[^\u2069]*\u2069", "", k)) for k in kinds)
    assert main(["calibrate", "-s", "jerusalem", "--lang", "en"]) == 0
    english = capsys.readouterr().out
    assert re.search(r"jerusalem: published polls vs model \(fit window \d{4}-\d{4}\)", english)
    assert "time split: rows after the fit window (MAE, points)" in english
    assert re.search(r"│ (period|held-out) \(mood [+-]\d\.\d\d\)", english)


def _bad_inputs(tmp: pytest.TempPathFactory) -> list[list[str]]:
    from pathlib import Path

    folder = Path(str(tmp))
    (folder / "empty.db").write_bytes(b"")
    (folder / "text.db").write_text("not a database at all, just some words in a file", encoding="utf-8")
    (folder / "p.json").write_text('{"water": "nothing", "nowhere": "x"}', encoding="utf-8")
    return [
        ["analyze", "-s", "no-such-scenario"],
        ["poll", "-s", "water-and-crossings", "-p", "no-such-package"],
        ["score", "-s", "water-and-crossings", "-p", str(folder / "p.json")],
        ["saves", "list", "--db", str(folder / "empty.db")],
        ["saves", "show", "abc", "--db", str(folder / "text.db")],
        ["saves", "list", "--db", str(folder / "missing.db")],
        ["report", "--db", str(folder), "--game", "zz", "--csv", str(folder / "o.csv")],
        ["simulate", "-s", "water-and-crossings", "--personas", "israel=nobody"],
        ["simulate", "-s", "water-and-crossings", "--personas", "nobody=hard-liner"],
        ["simulate", "-s", "water-and-crossings", "--games", "0"],
        ["simulate", "-s", "water-and-crossings", "--out", str(folder / "no" / "such.json")],
    ]


@pytest.mark.parametrize("lang", ["he", "ar"])
def test_unknown_scenario_package_and_bad_saves_in_the_language(
    lang: str,
    tmp_path: pytest.TempPathFactory,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """The problems a trainer meets most (an id mistyped, a broken package file, a file that is no save) print
    in the language (NEGOTIATOR_LANG here: score has no --lang); files, fields and ids in isolates."""
    for args in _bad_inputs(tmp_path):
        monkeypatch.setenv("NEGOTIATOR_LANG", "en")
        assert main(args) == 1, args
        english = capsys.readouterr().err.strip().splitlines()
        monkeypatch.setenv("NEGOTIATOR_LANG", lang)
        assert main(args) == 1, args
        said = capsys.readouterr().err.strip().splitlines()
        assert len(said) == len(english) and said != english, (args, said)
        for line in said:
            assert english_left(line) == [], line
