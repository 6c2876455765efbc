"""The composition root's services: save times in the player's local time, and one database per save file, closed
when the window closes (the review found a resumed game's database was never closed)."""

from __future__ import annotations

import time
from datetime import datetime
from pathlib import Path

import pytest

from negotiator.app import AppServices, local_time
from negotiator.game.setup import GameSetup, SeatSetup
from negotiator.model.registry import get_scenario
from negotiator.session.session import Session
from negotiator.store.database import SaveDatabase

SETUP = GameSetup(
    "water-and-crossings",
    (SeatSetup("israel", "human"), SeatSetup("palestine", "bot", "pragmatist")),
    3,
    "solo",
)


def _saved_game(path: Path, when: datetime) -> str:
    with SaveDatabase.open(path, clock=lambda: when) as db:
        return Session.start(get_scenario(SETUP.scenario_id), SETUP, storage=db).game_id


@pytest.fixture
def tokyo(monkeypatch: pytest.MonkeyPatch):  # type: ignore[no-untyped-def]
    monkeypatch.setenv("TZ", "Asia/Tokyo")  # UTC+9, no summer time
    time.tzset()
    yield
    monkeypatch.undo()
    time.tzset()


def test_saves_list_shows_local_time(tmp_path: Path, settings, tokyo) -> None:  # type: ignore[no-untyped-def]
    _saved_game(tmp_path / "saves.db", datetime(2024, 3, 1, 12, 30))  # the store keeps UTC
    services = AppServices(settings, str(tmp_path / "saves.db"))
    [entry] = services.list_saves()
    assert "last played 2024-03-01 21:30" in entry.detail
    assert local_time(datetime(2024, 3, 1, 23, 0)).day == 2  # past midnight in Tokyo


def test_resumed_games_reuse_one_database_per_file_and_close_it(
    tmp_path: Path,
    settings,  # type: ignore[no-untyped-def]
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    folder = tmp_path / "class"
    folder.mkdir()
    first = _saved_game(folder / "student-a.db", datetime(2024, 3, 1, 9, 0))
    second = _saved_game(folder / "student-a.db", datetime(2024, 3, 1, 9, 5))
    opened: list[SaveDatabase] = []
    real_open = SaveDatabase.open.__func__  # type: ignore[attr-defined]

    def counting_open(cls, spec, **kw):  # type: ignore[no-untyped-def]
        db = real_open(cls, spec, **kw)
        if not kw.get("readonly"):
            opened.append(db)
        return db

    monkeypatch.setattr(SaveDatabase, "open", classmethod(counting_open))
    closed: list[SaveDatabase] = []
    real_close = SaveDatabase.close
    monkeypatch.setattr(SaveDatabase, "close", lambda self: (closed.append(self), real_close(self))[1])
    services = AppServices(settings, str(folder))  # a folder: every save file in it
    assert services.resume_game(first).game_id == first
    assert services.resume_game(second).game_id == second
    student = [db for db in opened if db.where.endswith("student-a.db")]
    assert len(student) == 1  # the second game reused the database opened for the first
    services.close()
    assert all(db in closed for db in opened)


def test_save_copy_closes_the_database_it_leaves(
    tmp_path: Path,
    settings,  # type: ignore[no-untyped-def]
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    closed: list[SaveDatabase] = []
    real_close = SaveDatabase.close
    monkeypatch.setattr(SaveDatabase, "close", lambda self: (closed.append(self), real_close(self))[1])
    services = AppServices(settings, str(tmp_path / "saves.db"))
    session = services.start_game(SETUP)
    before = services.storage()
    assert before is not None and session.save_status.saved
    services.save_copy(session, str(tmp_path / "copy.db"))
    assert services.storage() is not before and session.save_status.where == str(tmp_path / "copy.db")
    assert closed == [before]
    services.close()
    assert len(closed) == 2
