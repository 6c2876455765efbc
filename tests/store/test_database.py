"""The save database: creation, WAL, one committed transaction per command, listing, lookup, round trips."""

from __future__ import annotations

import sqlite3
import threading
from datetime import datetime
from pathlib import Path

import pytest
from game_helpers import ScriptedRules, ai_setup, play

from negotiator.game.commands import EndTurn
from negotiator.game.setup import default_setup
from negotiator.model.schema import Scenario
from negotiator.session.errors import GameNotFound, StorageError
from negotiator.session.session import Session
from negotiator.store import versions
from negotiator.store.database import SaveDatabase


def test_a_new_database_is_created_complete_in_wal_mode(db_path: Path) -> None:
    assert not db_path.parent.exists()
    with SaveDatabase.open(db_path) as db:
        assert db.schema_version() == versions.SCHEMA_VERSION
        assert db.integrity() == ["ok"]
        assert db.list_games() == []
        with db._engine.connect() as conn:
            assert conn.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
            assert conn.exec_driver_sql("PRAGMA synchronous").scalar() == 2  # FULL
    # Closed, the save is one self-contained file again (a player can copy or hand it in alone).
    assert sorted(p.name for p in db_path.parent.iterdir()) == [db_path.name]
    conn = sqlite3.connect(db_path)
    assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "delete"
    tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")}
    assert {"negotiator_meta", "games", "commands", "snapshots"} <= tables
    assert dict(conn.execute("SELECT key, value FROM negotiator_meta"))["application"] == "negotiator"
    conn.close()
    assert [p.name for p in db_path.parent.iterdir() if "creating" in p.name] == []


def test_every_command_is_committed_before_the_next(water: Scenario, db: SaveDatabase, db_path: Path) -> None:
    session = Session.start(water, ai_setup(water, seed=4), storage=db, rules=ScriptedRules())
    seen = []
    while session.run_bot_turn() is not None:
        # Another connection (another process, after a crash) sees exactly the moves made so far.
        other = sqlite3.connect(f"file:{db_path}?mode=ro", uri=True)
        seen.append(other.execute("SELECT count(*) FROM commands").fetchone()[0])
        other.close()
    assert len(seen) >= 5 and seen == list(range(1, len(session.commands) + 1))


def test_played_games_resume_identically_and_list_their_metadata(water: Scenario, db: SaveDatabase) -> None:
    sessions = [play(water, db, seed) for seed in range(6)]
    listed = db.list_games()
    assert {g.game_id for g in listed} == {s.game_id for s in sessions}
    assert [g.updated_at for g in listed] == sorted((g.updated_at for g in listed), reverse=True)
    for s in sessions:
        g = next(g for g in listed if g.game_id == s.game_id)
        assert g.scenario_id == "water-and-crossings" and g.mode == "ai"
        assert g.seats == "israel: bot (pragmatist) · palestine: bot (pragmatist)"
        assert g.progress == s.progress and g.progress.finished and g.progress.outcome
        assert isinstance(g.updated_at, datetime) and g.updated_at.tzinfo is not None
        again = Session.resume(db, s.game_id, rules=ScriptedRules())
        assert again.commands == s.commands
        assert again.progress == s.progress
    assert {g.progress.outcome for g in listed} >= {"ratified"}


def test_confederation_ai_game_end_to_end(confederation: Scenario, db: SaveDatabase) -> None:
    """The flagship scenario with the real AI delegations and mediator, saved move by move, reopened, replayed."""
    setup = default_setup(confederation, seed=11)
    session = Session.start(confederation, setup, storage=db)
    made = session.play_bots()
    assert session.progress.finished and made == len(session.commands) > 20
    saved = db.load_game(session.game_id)
    assert len(saved.commands) == made and saved.progress == session.progress
    assert len(saved.checkpoints) >= made // 10
    again = Session.resume(db, session.game_id)
    assert again.progress.state_hash == session.progress.state_hash
    from negotiator.ai.simulate import play_ai_game

    record = play_ai_game(confederation, setup)  # the headless simulator plays the very same game
    assert record.commands == session.commands


def test_human_seat_undo_is_stored(water: Scenario, db: SaveDatabase) -> None:
    setup = ai_setup(water, seed=5, mode="solo", humans=("israel",))
    session = Session.start(water, setup, storage=db, rules=ScriptedRules())
    session.submit(EndTurn("israel"))
    session.play_bots()
    assert len(db.load_game(session.game_id).commands) == len(session.commands) >= 2
    session.undo()
    assert db.load_game(session.game_id).commands == ()
    assert Session.resume(db, session.game_id, rules=ScriptedRules()).commands == ()


def test_find_by_prefix(water: Scenario, db: SaveDatabase) -> None:
    ids = [
        Session.start(water, ai_setup(water, seed=s), storage=db, rules=ScriptedRules(), game_id=gid).game_id
        for s, gid in enumerate(["abc1" + "0" * 28, "abc2" + "0" * 28])
    ]
    assert db.find("abc1") == ids[0]
    assert db.find("ABC2") == ids[1]
    with pytest.raises(StorageError, match="several games"):
        db.find("abc")
    with pytest.raises(GameNotFound, match="no game"):
        db.find("ffff")
    with pytest.raises(GameNotFound, match="hexadecimal"):
        db.find("%' OR 1=1 --")


def test_two_programs_saving_to_one_file_take_turns(water: Scenario, db_path: Path) -> None:
    """The game window and `simulate --db` may write the same file at once: BEGIN IMMEDIATE makes them wait their
    turn (busy timeout) instead of failing half-way."""
    SaveDatabase.open(db_path).close()
    sessions: list[Session] = []

    def player(seed: int) -> None:
        with SaveDatabase.open(db_path) as own:
            for k in range(4):
                sessions.append(play(water, own, seed * 10 + k))

    threads = [threading.Thread(target=player, args=(n,)) for n in range(3)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=120)
    assert len(sessions) == 12 and all(s.save_status.saved for s in sessions)
    with SaveDatabase.open(db_path, readonly=True) as r:
        assert {g.game_id for g in r.list_games()} == {s.game_id for s in sessions}
        assert r.integrity() == ["ok"]
        for s in sessions:
            assert Session.resume(r, s.game_id, rules=ScriptedRules()).progress == s.progress


def test_readonly_database_refuses_writes_and_never_creates(water: Scenario, db_path: Path) -> None:
    with pytest.raises(StorageError, match="does not exist"):
        SaveDatabase.open(db_path, readonly=True)
    assert not db_path.exists()
    SaveDatabase.open(db_path).close()
    with SaveDatabase.open(db_path, readonly=True) as db:
        session = Session.start(water, ai_setup(water, seed=1), storage=db, rules=ScriptedRules())
        assert not session.save_status.saved and "read-only" in (session.save_status.problem or "")


def test_postgresql_ddl_is_portable() -> None:
    """The tables compile for PostgreSQL (the live server test below runs when a server URL is given)."""
    from sqlalchemy.dialects import postgresql
    from sqlalchemy.schema import CreateIndex, CreateTable

    from negotiator.store.models import Base

    for table in Base.metadata.sorted_tables:
        ddl = str(CreateTable(table).compile(dialect=postgresql.dialect()))  # type: ignore[no-untyped-call]
        assert "CREATE TABLE" in ddl
        for index in table.indexes:
            str(CreateIndex(index).compile(dialect=postgresql.dialect()))  # type: ignore[no-untyped-call]
