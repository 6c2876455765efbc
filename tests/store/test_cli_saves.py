"""``negotiator saves list|show|export|verify`` and where saves live (checkout, user data folder, --db, env var)."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest
from game_helpers import file_hash

from negotiator.cli import main
from negotiator.game.commands import PrivateMessage
from negotiator.game.setup import default_setup
from negotiator.model.schema import Scenario
from negotiator.session.session import Session
from negotiator.store import location
from negotiator.store.database import SaveDatabase


@pytest.fixture
def saved_game(tmp_path: Path, water: Scenario) -> tuple[Path, Session]:
    """A real AI game of the teaching scenario with one private message from a human seat, saved to class.db."""
    path = tmp_path / "class.db"
    setup = default_setup(water, seed=5, mode="solo")
    setup = type(setup)(
        setup.scenario_id, (type(setup.seats[0])("israel", "human"), setup.seats[1]), 5, "solo"
    )
    with SaveDatabase.open(path) as db:
        session = Session.start(water, setup, storage=db)
        from negotiator.ai import make_bot

        me = make_bot("pragmatist", "israel", water, 5)
        while not session.progress.finished:
            if session.whose_turn() == "israel":
                if len(session.commands) == 2:
                    session.submit(PrivateMessage("israel", "palestine", '=HYPERLINK("x") off the record'))
                session.submit(me.choose(session.view("israel")))
            else:
                session.play_bots()
    return path, session


def test_list_show_verify(saved_game: tuple[Path, Session], capsys: pytest.CaptureFixture[str]) -> None:
    path, session = saved_game
    before = file_hash(path)
    assert main(["saves", "list", "--db", str(path)]) == 0
    out = capsys.readouterr().out
    assert session.game_id[:8] in out and "water-and-crossings" in out and "israel (human)" in out
    assert (session.progress.outcome or "?") in out

    assert main(["saves", "list", "--db", f"sqlite:///{path}", "--json"]) == 0
    listed = json.loads(capsys.readouterr().out)
    assert listed["problems"] == [] and listed["games"][0]["id"] == session.game_id
    assert listed["games"][0]["moves"] == len(session.commands)

    assert main(["saves", "show", session.game_id[:6], "--db", str(path)]) == 0
    out = capsys.readouterr().out
    assert f"game {session.game_id}" in out and "verified" in out and "writes privately to palestine" in out
    assert "off the record" not in out  # show prints the public copy

    assert main(["saves", "verify", "--db", str(path)]) == 0
    out = capsys.readouterr().out
    assert "file intact; 1 of 1 game(s) replay" in out
    assert main(["saves", "verify", session.game_id[:8], "--db", str(path), "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["ok"] is True
    assert file_hash(path) == before  # reading commands never write


def test_export_gives_a_gradable_transcript(
    saved_game: tuple[Path, Session], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path, session = saved_game
    out_json = tmp_path / "t.json"
    assert main(["saves", "export", session.game_id[:8], "--db", str(path), "--out", str(out_json)]) == 0
    doc = json.loads(out_json.read_text(encoding="utf-8"))
    assert doc["format"] == "negotiator-transcript" and doc["copy"] == "trainer"
    moves = doc["moves"]
    assert [m["move"] for m in moves] == list(range(1, len(session.commands) + 1))
    assert {m["seat"] for m in moves} == {"israel", "palestine"}
    tabled = [m for m in moves if m["type"] in ("table-proposal", "counter-propose")]
    assert tabled and all(set(m["points"]) == {"israel", "palestine"} for m in tabled)
    from negotiator.engine.compiled import compile_scenario

    compiled = compile_scenario(session.scenario)
    first = tabled[0]
    expected = compiled.score_one(first["package"])
    assert first["points"] == {d: round(expected[d], 2) for d in ("israel", "palestine")}
    polled = [m for m in moves if m["poll"] is not None]
    assert polled and all("support" in g for m in polled for g in m["poll"]["groups"].values())
    # "poll figures at that time": the latest poll published by each move, from the game itself
    state_polls = session.state.polls
    assert polled[-1]["poll"]["round"] == state_polls[-1].round
    assert any("off the record" in m["text"] for m in moves)  # the trainer sees private messages
    assert doc["log"]["commands"] == [dict(r.payload) for r in session.records]
    assert doc["outcome"]["result"] == session.progress.outcome and "points" in doc["outcome"]

    assert (
        main(
            ["saves", "export", session.game_id[:8], "--db", str(path), "--format", "csv", "--copy", "public"]
        )
        == 0
    )
    rows = list(csv.DictReader(io.StringIO(capsys.readouterr().out)))
    assert len(rows) == len(session.commands)
    assert not any(k.startswith("points_") for k in rows[0])
    assert any(k.startswith("support_") for k in rows[0])
    assert not any("off the record" in r["text"] or "off the record" in r["reason"] for r in rows)

    assert main(["saves", "export", session.game_id[:8], "--db", str(path), "--format", "csv"]) == 0
    rows = list(csv.DictReader(io.StringIO(capsys.readouterr().out)))
    assert {"points_israel", "points_palestine"} <= set(rows[0])
    message = next(r for r in rows if r["type"] == "private-message")
    assert message["text"].startswith("writes privately") and not any(
        v.startswith(("=", "+", "@")) for r in rows for v in r.values()
    )  # no spreadsheet formulas

    # the same game exported in Hebrew: the sentences change, the moves and the log do not
    out_he = tmp_path / "t-he.json"
    args = ["saves", "export", session.game_id[:8], "--db", str(path), "--out", str(out_he), "--lang", "he"]
    assert main(args) == 0
    hebrew = json.loads(out_he.read_text(encoding="utf-8"))
    assert hebrew["language"] == "he" and hebrew["log"] == doc["log"]
    assert [m["type"] for m in hebrew["moves"]] == [m["type"] for m in moves]
    assert all(any("\u0590" <= c <= "\u05ff" for c in m["text"]) for m in hebrew["moves"])


def test_unknown_game_and_bad_output_are_one_line_errors(
    saved_game: tuple[Path, Session], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path, _ = saved_game
    assert main(["saves", "show", "ffffffff", "--db", str(path)]) == 1
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "no game ffffffff" in err
    assert main(["saves", "export", "0", "--db", str(tmp_path / "missing.db")]) == 1
    assert "missing.db" in capsys.readouterr().err


def test_default_location_in_a_checkout_and_when_installed(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv(location.ENV_VAR, raising=False)
    root = location.checkout_root()
    assert root is not None and (root / "pyproject.toml").is_file()  # these tests run from a checkout
    assert location.default_saves_dir() == root / "saves"
    assert location.default_location().path == root / "saves" / location.DEFAULT_FILE

    monkeypatch.setattr(location, "checkout_root", lambda: None)  # as installed
    import platformdirs

    monkeypatch.setattr(platformdirs, "user_data_path", lambda app, appauthor=None: tmp_path / "data" / app)
    assert location.default_saves_dir() == tmp_path / "data" / "negotiator" / "saves"

    monkeypatch.setenv(location.ENV_VAR, str(tmp_path / "elsewhere.db"))
    assert location.default_location().path == tmp_path / "elsewhere.db"
    assert [loc.path for loc in location.save_locations(None)] == [tmp_path / "elsewhere.db"]
    pg = location.locate("postgresql+psycopg://teacher:secret@school/negotiator")
    assert pg.path is None and "secret" not in pg.display and "school" in pg.display
    assert location.locate("sqlite:///" + str(tmp_path / "x.db")).path == tmp_path / "x.db"


def test_env_var_selects_the_database(
    saved_game: tuple[Path, Session], monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    path, session = saved_game
    monkeypatch.setenv(location.ENV_VAR, str(path))
    assert main(["saves", "list"]) == 0
    assert session.game_id[:8] in capsys.readouterr().out


def test_unreachable_server_is_a_clear_error(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["saves", "list", "--db", "postgresql://nobody@127.0.0.1:1/none"]) == 1
    err = capsys.readouterr().err
    assert err.startswith("postgresql://nobody@127.0.0.1:1/none: ") and "Traceback" not in err
