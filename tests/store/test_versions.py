"""Save format versions: the v1 fixture still opens; upgrades run in order, in one transaction, after a backup;
a failed upgrade changes nothing; reading an older save never writes to it; a newer save is refused (test_bad_files).

Only format v1 exists so far, so the upgrade machinery is exercised with synthetic later versions (monkeypatched
SCHEMA_VERSION and UPGRADES); the real fixture of v1 is what a real v2 will be tested against.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
from game_helpers import file_hash
from sqlalchemy import Connection, text

from negotiator.session.errors import StorageError
from negotiator.session.ports import payload_digest
from negotiator.store import probe, versions
from negotiator.store.database import SaveDatabase

FIXTURE = Path(__file__).parent / "fixtures" / "v1.sql"
V1_GAMES = 2


def v1_database(path: Path) -> Path:
    conn = sqlite3.connect(path)
    conn.executescript(FIXTURE.read_text(encoding="utf-8"))
    conn.close()
    return path


def dump(path: Path) -> list[str]:
    conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        return list(conn.iterdump())
    finally:
        conn.close()


def test_v1_fixture_opens_lists_and_loads(tmp_path: Path) -> None:
    path = v1_database(tmp_path / "v1.db")
    with SaveDatabase.open(path, readonly=True) as db:
        assert db.schema_version() == versions.SCHEMA_VERSION  # read through an upgraded copy
        games = db.list_games()
        assert len(games) == V1_GAMES
        for g in games:
            assert g.scenario_id == "water-and-crossings" and g.progress.finished
            saved = db.load_game(g.game_id)
            assert len(saved.commands) == g.progress.commands > 0
            assert all(payload_digest(r.payload_json) == r.digest for r in saved.commands)
            assert saved.checkpoints and saved.header.setup["scenario_id"] == "water-and-crossings"


REAL_V2 = versions.UPGRADES[1]


def _add_note(conn: Connection) -> None:
    REAL_V2(conn)  # the synthetic versions build on the real v2 (its answers table)
    conn.execute(text("ALTER TABLE games ADD COLUMN note VARCHAR(200) DEFAULT '' NOT NULL"))


def _fill_note(conn: Connection) -> None:
    conn.execute(text("UPDATE games SET note = 'upgraded from v1'"))


@pytest.fixture
def v3(monkeypatch: pytest.MonkeyPatch) -> None:
    """Pretend this Negotiator writes format v3, reached from v1 by two steps."""
    monkeypatch.setattr(versions, "SCHEMA_VERSION", 3)
    monkeypatch.setattr(versions, "UPGRADES", {1: _add_note, 2: _fill_note})


@pytest.mark.usefixtures("v3")
def test_upgrade_backs_up_then_runs_every_step(tmp_path: Path) -> None:
    path = v1_database(tmp_path / "class.db")
    original = dump(path)
    with SaveDatabase.open(path) as db:
        assert db.schema_version() == 3
        assert len(db.list_games()) == V1_GAMES
        for g in db.list_games():
            db.load_game(g.game_id)
    conn = sqlite3.connect(path)
    assert {r[0] for r in conn.execute("SELECT note FROM games")} == {"upgraded from v1"}
    conn.close()
    backup = tmp_path / "class.db.v1.bak"
    assert dump(backup) == original  # the backup is the v1 database as it was
    with SaveDatabase.open(path) as db:  # opening again: nothing more to do, no second backup
        assert db.schema_version() == 3
    assert sorted(p.name for p in tmp_path.iterdir()) == ["class.db", "class.db.v1.bak"]


def test_failed_upgrade_changes_nothing(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    def broken(conn: Connection) -> None:
        _add_note(conn)
        conn.execute(text("UPDATE games SET note = 'half-way'"))
        raise sqlite3.OperationalError("step 2 went wrong")

    monkeypatch.setattr(versions, "SCHEMA_VERSION", 3)
    monkeypatch.setattr(versions, "UPGRADES", {1: _add_note, 2: broken})
    path = v1_database(tmp_path / "class.db")
    before = file_hash(path)
    with pytest.raises(StorageError) as caught:
        SaveDatabase.open(path)
    line = caught.value.lines()[0]
    assert line.startswith(f"{path}: ") and "could not be upgraded from save format v1 to v3" in line
    assert "it was not changed" in line and "class.db.v1.bak" in line
    assert file_hash(path) == before
    monkeypatch.setattr(versions, "SCHEMA_VERSION", 1)
    monkeypatch.setattr(versions, "UPGRADES", {})
    monkeypatch.setattr(probe, "TABLES", ("negotiator_meta", "games", "commands", "snapshots"))  # v1's tables
    with SaveDatabase.open(path, readonly=True) as db:
        assert db.schema_version() == 1 and len(db.list_games()) == V1_GAMES


@pytest.mark.usefixtures("v3")
def test_reading_an_older_save_upgrades_a_copy_not_the_file(tmp_path: Path) -> None:
    path = v1_database(tmp_path / "class.db")
    before = file_hash(path)
    db = SaveDatabase.open(path, readonly=True)
    assert db.schema_version() == 3 and len(db.list_games()) == V1_GAMES
    db.close()
    assert file_hash(path) == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["class.db"]


def test_a_missing_upgrade_step_is_reported(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(versions, "SCHEMA_VERSION", 2)
    monkeypatch.setattr(versions, "UPGRADES", {})
    path = v1_database(tmp_path / "class.db")
    before = file_hash(path)
    with pytest.raises(StorageError, match="no upgrade from save format v1 to v2"):
        SaveDatabase.open(path)
    assert file_hash(path) == before


def test_v1_upgrades_to_v2_with_an_answers_table(tmp_path: Path) -> None:
    """The real upgrade: a v1 save opened for writing is backed up, gains the answers table, keeps its games."""
    assert versions.SCHEMA_VERSION == 2
    path = v1_database(tmp_path / "class.db")
    original = dump(path)
    with SaveDatabase.open(path) as db:
        assert db.schema_version() == 2
        games = db.list_games()
        assert len(games) == V1_GAMES
        for g in games:
            saved = db.load_game(g.game_id)
            assert all(payload_digest(r.payload_json) == r.digest for r in saved.commands)
        assert db.load_answers(games[0].game_id) == []
        db.save_answers(games[0].game_id, "israel", "before", {"needs": "1"})
        assert db.load_answers(games[0].game_id) == [("israel", "before", "needs", "1")]
    assert dump(tmp_path / "class.db.v1.bak") == original
