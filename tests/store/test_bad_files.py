"""Bad files: each gives a clear message naming the file and what is wrong, never a traceback, never a changed byte,
and the other saves still list. Nothing in a save is executed."""

from __future__ import annotations

import json
import os
import sqlite3
from collections.abc import Callable
from pathlib import Path

import pytest
from game_helpers import ScriptedRules, file_hash, play

from negotiator.cli import main
from negotiator.model.schema import Scenario
from negotiator.session.errors import NotASave, SaveDamaged, SaveTooNew, StorageError
from negotiator.session.log import load
from negotiator.session.ports import payload_digest
from negotiator.session.session import Session
from negotiator.store.database import SaveDatabase


def good_save(path: Path, scenario: Scenario, seeds: tuple[int, ...] = (1, 2)) -> list[str]:
    with SaveDatabase.open(path) as db:
        return [play(scenario, db, seed).game_id for seed in seeds]


def truncated(path: Path, scenario: Scenario) -> None:
    good_save(path, scenario, seeds=(1, 2, 3, 4, 5))
    data = path.read_bytes()
    path.write_bytes(data[: len(data) // 2])


def random_bytes(path: Path, scenario: Scenario) -> None:
    path.write_bytes(os.urandom(8192))


def other_program(path: Path, scenario: Scenario) -> None:
    conn = sqlite3.connect(path)
    conn.execute("CREATE TABLE moz_places (id INTEGER PRIMARY KEY, url TEXT)")
    conn.execute("INSERT INTO moz_places (url) VALUES ('https://example.org')")
    conn.commit()
    conn.close()


def newer_version(path: Path, scenario: Scenario) -> None:
    good_save(path, scenario)
    conn = sqlite3.connect(path)
    conn.execute("UPDATE negotiator_meta SET value = '99' WHERE key = 'schema_version'")
    conn.execute("UPDATE negotiator_meta SET value = 'negotiator 9.0' WHERE key = 'written_by'")
    conn.commit()
    conn.close()


def empty_file(path: Path, scenario: Scenario) -> None:
    path.write_bytes(b"")


def foreign_meta(path: Path, scenario: Scenario) -> None:
    conn = sqlite3.connect(path)
    conn.execute("CREATE TABLE negotiator_meta (key TEXT PRIMARY KEY, value TEXT)")
    conn.execute("INSERT INTO negotiator_meta VALUES ('application', 'some-other-negotiator')")
    conn.commit()
    conn.close()


BAD_FILES: dict[str, tuple[Callable[[Path, Scenario], None], type[StorageError], str]] = {
    "truncated": (truncated, SaveDamaged, "is truncated"),
    "random-bytes": (random_bytes, NotASave, "not even an SQLite database"),
    "other-program": (other_program, NotASave, "another program (moz_places)"),
    "newer-version": (newer_version, SaveTooNew, "newer Negotiator (negotiator 9.0, save format v99)"),
    "empty": (empty_file, NotASave, "is empty"),
    "foreign-meta": (foreign_meta, NotASave, "'some-other-negotiator'"),
}


@pytest.mark.parametrize("case", sorted(BAD_FILES))
@pytest.mark.parametrize("readonly", [False, True])
def test_bad_file_is_refused_clearly_and_left_untouched(
    tmp_path: Path, water: Scenario, case: str, readonly: bool
) -> None:
    make, error, message = BAD_FILES[case]
    path = tmp_path / f"{case}.db"
    make(path, water)
    before = file_hash(path)
    siblings = sorted(p.name for p in tmp_path.iterdir())
    with pytest.raises(error) as caught:
        SaveDatabase.open(path, readonly=readonly)
    line = caught.value.lines()[0]
    assert line.startswith(f"{path}: ") and message in line, line
    assert "not changed" in line or "update Negotiator" in line
    assert file_hash(path) == before
    assert sorted(p.name for p in tmp_path.iterdir()) == siblings  # no journal, backup or WAL left behind


def tamper(path: Path, game_id: str, index: int, payload: object, *, fix_digest: bool) -> None:
    conn = sqlite3.connect(path)
    text = payload if isinstance(payload, str) else json.dumps(payload)
    digest = payload_digest(text) if fix_digest else "0" * 64
    if not fix_digest:
        digest = conn.execute(
            "SELECT digest FROM commands WHERE game_id=? AND idx=?", (game_id, index)
        ).fetchone()[0]
    conn.execute(
        "UPDATE commands SET payload=?, digest=? WHERE game_id=? AND idx=?", (text, digest, game_id, index)
    )
    conn.commit()
    conn.close()


SEAT = "<the seat that made command 3>"


@pytest.mark.parametrize(
    ("payload", "fix_digest", "message"),
    [
        ({"type": "sign", "seat": SEAT}, False, "command 3: was changed outside Negotiator (its checksum"),
        ({"type": "sign", "seat": SEAT, "reason": "edited"}, True, "command 3: is not legal at that point"),
        (
            {"type": "__import__('os').system('touch pwned')", "seat": SEAT},
            True,
            "command 3: is not a valid command",
        ),
        ({"type": "end-turn", "seat": "israel; DROP TABLE games"}, True, "command 3: is not a valid command"),
        (
            '{"type": "end-turn", "seat": "israel", "reason": ' + "[" * 5000 + "]" * 5000 + "}",
            True,
            "command 3: its payload is not valid JSON",
        ),
        ('{"type": "end-turn", "seat": NaN}', True, "command 3: its payload is not valid JSON"),
        ('["end-turn"]', True, "command 3: its payload is not a JSON object"),
        ("x" * 70_000, True, "command 3: its payload is not text of at most 64000"),
    ],
)
def test_tampered_command_log_is_reported_and_other_games_still_load(
    tmp_path: Path, water: Scenario, payload: object, fix_digest: bool, message: str
) -> None:
    path = tmp_path / "class.db"
    tampered, intact = good_save(path, water)
    with SaveDatabase.open(path, readonly=True) as db:
        seat = db.load_game(tampered).commands[3].seat
    if isinstance(payload, dict):
        payload = {k: seat if v == SEAT else v for k, v in payload.items()}
    tamper(path, tampered, 3, payload, fix_digest=fix_digest)
    before = file_hash(path)
    with SaveDatabase.open(path, readonly=True) as db:
        assert {g.game_id for g in db.list_games()} == {tampered, intact}
        with pytest.raises(SaveDamaged) as caught:
            load(ScriptedRules(), db.load_game(tampered), lambda _id: water)
        line = caught.value.lines()[0]
        assert line.startswith(f"{path}: game {tampered[:8]} ") and message in line, line
        assert Session.resume(db, intact, rules=ScriptedRules()).progress.finished
    assert file_hash(path) == before
    assert not (tmp_path / "pwned").exists() and not Path("pwned").exists()


def test_edited_but_legal_move_is_caught_by_the_state_hashes(tmp_path: Path, water: Scenario) -> None:
    """A forger who recomputes the checksum and keeps the move legal still changes the game: the replay differs."""
    path = tmp_path / "class.db"
    (game_id, _) = good_save(path, water)
    with SaveDatabase.open(path, readonly=True) as db:
        saved = db.load_game(game_id)
    index = next(
        r.index for r in saved.commands if r.payload["type"] in ("table-proposal", "counter-propose")
    )
    payload = dict(saved.commands[index].payload)
    payload["reason"] = "a different reason, same move"
    tamper(path, game_id, index, json.dumps(payload, sort_keys=True, separators=(",", ":")), fix_digest=True)
    with (
        SaveDatabase.open(path, readonly=True) as db,
        pytest.raises(SaveDamaged, match="replays to a different state"),
    ):
        load(ScriptedRules(), db.load_game(game_id), lambda _id: water)


def test_garbage_in_a_game_row_is_reported_and_the_rest_list(tmp_path: Path, water: Scenario) -> None:
    path = tmp_path / "class.db"
    bad, good = good_save(path, water)
    conn = sqlite3.connect(path)
    conn.execute("UPDATE games SET commands='many', updated_at='yesterday' WHERE id=?", (bad,))
    conn.commit()
    conn.close()
    with SaveDatabase.open(path, readonly=True) as db:
        listings, problems = db.scan()
    assert [g.game_id for g in listings] == [good]
    assert len(problems) == 1 and str(path) in problems[0].lines()[0] and bad[:8] in problems[0].lines()[0]


def test_saves_commands_on_a_folder_with_bad_files(
    tmp_path: Path, water: Scenario, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = tmp_path / "class-7"
    folder.mkdir()
    ids = good_save(folder / "good.db", water)
    (tampered,) = good_save(folder / "tampered.db", water, seeds=(3,))
    tamper(folder / "tampered.db", tampered, 2, {"type": "sign", "seat": "israel"}, fix_digest=False)
    for case, (make, _, _) in BAD_FILES.items():
        make(folder / f"{case}.db", water)
    (folder / "notes.txt").write_text("not a save, not listed")
    hashes = {p.name: file_hash(p) for p in folder.iterdir()}

    assert main(["saves", "list", "--db", str(folder)]) == 1
    out, err = capsys.readouterr()
    for game_id in [*ids, tampered]:
        assert game_id[:8] in out
    for case, (_, _, message) in BAD_FILES.items():
        assert any(
            line.startswith(str(folder / f"{case}.db")) and message in line for line in err.splitlines()
        ), err
    assert "Traceback" not in out + err and "notes.txt" not in out + err

    assert main(["saves", "verify", "--db", str(folder)]) == 1
    out, err = capsys.readouterr()
    assert all(f"ok    {i[:8]}" in out for i in ids)
    assert f"game {tampered[:8]} command 2: was changed outside Negotiator" in err
    assert "Traceback" not in out + err

    assert main(["saves", "export", tampered[:8], "--db", str(folder)]) == 1
    out, err = capsys.readouterr()
    assert "checksum" in err and out == ""
    assert main(["saves", "show", ids[0][:8], "--db", str(folder)]) == 0
    assert {p.name: file_hash(p) for p in folder.iterdir()} == hashes
