"""The same store on PostgreSQL, against a real server: a throwaway cluster started for these tests.

Runs when PostgreSQL's ``initdb``/``pg_ctl`` and the ``psycopg`` driver are installed (the dev extra installs the
driver; ``apt-get install postgresql`` the server), or against ``NEGOTIATOR_TEST_PG_URL`` (an empty database).
Skipped otherwise: SQLite stays the default and is tested everywhere; the DDL is also checked to compile for
PostgreSQL in test_database.py.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from game_helpers import ScriptedRules, play
from sqlalchemy import Connection, create_engine, text

from negotiator.model.schema import Scenario
from negotiator.session.errors import NotASave, SaveDamaged, SaveTooNew, StorageError
from negotiator.session.log import load
from negotiator.session.session import Session
from negotiator.store import versions
from negotiator.store.database import SaveDatabase
from negotiator.store.library import verify_database

pytest.importorskip("psycopg")


def _pg_bin(name: str) -> str | None:
    found = shutil.which(name)
    if found:
        return found
    for base in sorted(Path("/usr/lib/postgresql").glob("*/bin"), reverse=True):
        if (base / name).exists():
            return str(base / name)
    return None


def _run_as_postgres(args: list[str]) -> None:
    cmd = ["runuser", "-u", "postgres", "--", *args] if os.getuid() == 0 else args
    subprocess.run(cmd, check=True, capture_output=True, timeout=120)


@pytest.fixture(scope="module")
def server() -> Iterator[str]:
    """A URL to an empty server database (a base URL: each test gets its own database on it)."""
    given = os.environ.get("NEGOTIATOR_TEST_PG_URL")
    if given:
        yield given
        return
    initdb, pg_ctl = _pg_bin("initdb"), _pg_bin("pg_ctl")
    if not initdb or not pg_ctl:
        pytest.skip("PostgreSQL server binaries are not installed")
    if os.getuid() == 0 and subprocess.run(["id", "postgres"], capture_output=True).returncode != 0:
        pytest.skip("running as root and there is no postgres user to run the server as")
    base = Path(tempfile.mkdtemp(prefix="negotiator-pg-"))
    data, sock = base / "data", base
    if os.getuid() == 0:
        shutil.chown(base, "postgres", "postgres")
    base.chmod(0o755)
    port = 20000 + os.getpid() % 20000
    try:
        _run_as_postgres([initdb, "-D", str(data), "-A", "trust", "-U", "postgres", "--no-sync"])
        _run_as_postgres(
            [
                pg_ctl,
                "-D",
                str(data),
                "-w",
                "-l",
                str(base / "log"),
                "-o",
                f"-k {sock} -p {port} -c listen_addresses='' -c fsync=off",
                "start",
            ]
        )
    except (subprocess.CalledProcessError, subprocess.TimeoutExpired, OSError) as exc:
        shutil.rmtree(base, ignore_errors=True)
        pytest.skip(f"could not start a PostgreSQL server: {exc}")
    try:
        yield f"postgresql+psycopg://postgres@/postgres?host={sock}&port={port}"
    finally:
        subprocess.run(
            ["runuser", "-u", "postgres", "--", pg_ctl, "-D", str(data), "-m", "immediate", "stop"]
            if os.getuid() == 0
            else [pg_ctl, "-D", str(data), "-m", "immediate", "stop"],
            capture_output=True,
            timeout=60,
        )
        shutil.rmtree(base, ignore_errors=True)


@pytest.fixture
def pg_url(server: str) -> Iterator[str]:
    name = f"neg_{uuid.uuid4().hex[:10]}"
    admin = create_engine(server, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f"CREATE DATABASE {name}"))
    url = (
        server.replace("/postgres?", f"/{name}?")
        if "/postgres?" in server
        else f"{server.rsplit('/', 1)[0]}/{name}"
    )
    yield url
    with admin.connect() as conn:
        conn.execute(text(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)"))
    admin.dispose()


def test_games_autosave_resume_and_verify_on_postgresql(pg_url: str, water: Scenario) -> None:
    with SaveDatabase.open(pg_url) as db:
        assert db.schema_version() == versions.SCHEMA_VERSION and "postgres@" in db.where
        sessions = [play(water, db, seed) for seed in range(3)]
        assert all(s.save_status.saved for s in sessions)
        listed = db.list_games()
        assert {g.game_id for g in listed} == {s.game_id for s in sessions}
        for s in sessions:
            again = Session.resume(db, s.game_id, rules=ScriptedRules())
            assert again.progress == s.progress and again.commands == s.commands
        integrity, verdicts = verify_database(db, ScriptedRules(), lambda _id: water)
        assert integrity == ["ok"] and all(v.ok for v in verdicts) and len(verdicts) == 3
        engine = create_engine(pg_url)
        with engine.begin() as conn:
            conn.execute(
                text(
                    "UPDATE commands SET payload = replace(payload, 'israel', 'palestine') "
                    "WHERE game_id = :g AND idx = 0"
                ),
                {"g": sessions[0].game_id},
            )
        engine.dispose()
        with pytest.raises(SaveDamaged, match="checksum"):
            load(ScriptedRules(), db.load_game(sessions[0].game_id), lambda _id: water)
        assert len(db.list_games()) == 3


def test_foreign_and_newer_databases_are_refused_on_postgresql(pg_url: str) -> None:
    engine = create_engine(pg_url)
    with engine.begin() as conn:
        conn.execute(text("CREATE TABLE invoices (id integer primary key)"))
    with pytest.raises(NotASave, match=r"holds other tables \(invoices\)"):
        SaveDatabase.open(pg_url)
    with engine.begin() as conn:
        conn.execute(text("DROP TABLE invoices"))
    SaveDatabase.open(pg_url).close()
    with engine.begin() as conn:
        conn.execute(text("UPDATE negotiator_meta SET value = '99' WHERE key = 'schema_version'"))
    with pytest.raises(SaveTooNew, match="save format v99"):
        SaveDatabase.open(pg_url)
    with engine.connect() as conn:
        assert (
            conn.execute(text("SELECT value FROM negotiator_meta WHERE key='schema_version'")).scalar()
            == "99"
        )
    engine.dispose()


def test_upgrades_are_transactional_on_postgresql(pg_url: str, monkeypatch: pytest.MonkeyPatch) -> None:
    SaveDatabase.open(pg_url).close()

    def add_note(conn: Connection) -> None:
        conn.execute(text("ALTER TABLE games ADD COLUMN note VARCHAR(200) DEFAULT '' NOT NULL"))

    def broken(conn: Connection) -> None:
        raise RuntimeError("step 2 went wrong")

    monkeypatch.setattr(versions, "SCHEMA_VERSION", 3)
    monkeypatch.setattr(versions, "UPGRADES", {1: add_note, 2: broken})
    with pytest.raises(StorageError, match=r"RuntimeError: step 2 went wrong.*it was not changed"):
        SaveDatabase.open(pg_url)
    engine = create_engine(pg_url)
    with engine.connect() as conn:  # the ALTER TABLE of step 1 was rolled back with the failed step 2
        cols = {
            r[0]
            for r in conn.execute(
                text("SELECT column_name FROM information_schema.columns WHERE table_name = 'games'")
            )
        }
    assert "note" not in cols
    monkeypatch.setattr(versions, "UPGRADES", {1: add_note, 2: lambda conn: None})
    with SaveDatabase.open(pg_url) as db:
        assert db.schema_version() == 3
    engine.dispose()
    with pytest.raises(StorageError):
        SaveDatabase.open(pg_url.replace("/neg_", "/missing_"), readonly=True)
