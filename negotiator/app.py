"""Composition root: the only module that wires every layer (store, session, game, ai, ui) and starts Qt.

``run_app(args)`` is what ``negotiator`` and ``negotiator play`` call. :class:`AppServices` gives the UI what it needs
(scenarios, new and saved sessions, listings) without any widget importing the store.
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

from negotiator.game.setup import GameSetup
from negotiator.model.errors import NegotiatorError
from negotiator.model.registry import get_scenario, shipped_scenarios
from negotiator.session.errors import GameNotFound, StorageError
from negotiator.session.ports import GameStorage, MemoryStorage
from negotiator.session.session import Session
from negotiator.ui.ports import SaveEntry
from negotiator.ui.settings import AppSettings
from negotiator.ui.start import ScenarioEntry


class AppServices:
    """Scenarios, saves and sessions for the window. Saves go to ``db`` (a path or URL) or the default database."""

    def __init__(self, settings: AppSettings, db: str | None = None) -> None:
        from negotiator.store.location import default_location, locate

        self.settings = settings
        self.db_spec = db
        self.location = locate(db) if db else default_location()
        self._storage: GameStorage | None = None
        self.problem = ""

    @property
    def where(self) -> str:
        return self.location.display

    def storage(self) -> GameStorage:
        """The save database, opened on first use; if it cannot be opened, games run in memory and say so."""
        if self._storage is None:
            from negotiator.store.database import SaveDatabase

            try:
                if self.location.path is not None:
                    self.location.path.parent.mkdir(parents=True, exist_ok=True)
                self._storage = SaveDatabase.open(self.location)
            except (StorageError, OSError) as exc:
                self.problem = str(exc)
                self._storage = MemoryStorage(f"(memory: {self.location.display} could not be opened)")
                self.problem = "\n".join(exc.lines()) if isinstance(exc, StorageError) else (
                    f"{self.location.display}: cannot be opened ({exc}); check the folder exists and is writable")
        return self._storage

    def scenario_entries(self) -> list[ScenarioEntry]:
        out = []
        for sid in shipped_scenarios():
            try:
                out.append(ScenarioEntry(sid, get_scenario(sid)))
            except NegotiatorError as exc:
                out.append(ScenarioEntry(sid, None, str(exc)))
        return out

    def start_session(self, setup: GameSetup) -> Session:
        return Session.start(get_scenario(setup.scenario_id), setup, storage=self.storage())

    def resume_session(self, game_id: str) -> Session:
        storage = self.storage()
        try:
            return Session.resume(storage, game_id)
        except GameNotFound:
            pass
        # The game may live in another save file of the save folder (a trainer can drop students' files there).
        from negotiator.store.database import SaveDatabase
        from negotiator.store.location import save_locations

        for loc in save_locations(self.db_spec):
            if loc.url == self.location.url:
                continue
            try:
                with SaveDatabase.open(loc, readonly=True) as db:
                    full = db.find(game_id)
            except StorageError:
                continue
            return Session.resume(SaveDatabase.open(loc), full)
        raise GameNotFound.one(self.where, f"no game {game_id[:12]}", "choose another game from the list")

    def list_saves(self) -> list[SaveEntry]:
        from negotiator.store.library import list_saves
        from negotiator.store.location import save_locations

        locations = save_locations(self.db_spec)
        if all(loc.url != self.location.url for loc in locations) and self._storage is not None:
            locations.insert(0, self.location)
        listing = list_saves(locations)
        titles = {}
        for sid in shipped_scenarios():
            try:
                titles[sid] = get_scenario(sid).scenario.title
            except NegotiatorError:
                titles[sid] = sid
        out = []
        for g in listing.games:
            p = g.progress
            state = f"finished ({p.outcome})" if p.finished else f"round {p.round}, {p.phase}"
            out.append(SaveEntry(g.game_id, f"{titles.get(g.scenario_id, g.scenario_id)} · {g.mode}",
                                 f"{g.seats} · {state} · last played {g.updated_at:%Y-%m-%d %H:%M}", p.finished))
        return out

    def save_copy(self, session: Session, path: str) -> str:
        from negotiator.store.database import SaveDatabase

        db = SaveDatabase.open(path)
        session.save_to(db)
        self._storage = db
        return db.where


def ensure_display() -> str | None:
    """On Linux without a display, say so instead of letting Qt abort. Returns a message, or None if all is well."""
    if os.environ.get("QT_QPA_PLATFORM"):
        return None
    if sys.platform.startswith("linux") and not (os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY")):
        return ("negotiator: no display found (DISPLAY and WAYLAND_DISPLAY are unset); run it on a desktop, or try "
                "`negotiator self-test --screenshots DIR` which runs without one")
    return None


def make_window(settings: AppSettings, db: str | None = None, *, bot_delay_ms: int = 400,
                animate: bool = True):  # type: ignore[no-untyped-def]
    """The main window wired to real services (the QApplication must exist)."""
    from negotiator.ui.shell import MainWindow

    return MainWindow(AppServices(settings, db), bot_delay_ms=bot_delay_ms, animate=animate)


def self_test(**options: object) -> int:
    """``negotiator self-test``: the real window, wired like :func:`run_app`, driven by the UI's self-test."""
    from negotiator.ui.selftest import SelfTestOptions, run_self_test

    return run_self_test(SelfTestOptions(**options), make_window)  # type: ignore[arg-type]


def open_window(args: argparse.Namespace):  # type: ignore[no-untyped-def]
    """Create (or reuse) the QApplication, style it from the settings, and show the start screen."""
    from PySide6.QtWidgets import QApplication

    from negotiator.ui import style

    app = QApplication.instance() or QApplication(sys.argv[:1])
    app.setApplicationName("Negotiator")
    app.setOrganizationName("Negotiator")
    settings_path = os.environ.get("NEGOTIATOR_SETTINGS")
    settings = AppSettings(Path(settings_path) if settings_path else None)
    style.apply_style(app, settings.font_scale)  # type: ignore[arg-type]
    window = make_window(settings, getattr(args, "db", None))
    scenario = getattr(args, "scenario", None)
    if scenario:
        window.start.new_game.select_scenario(scenario)
    window.show()
    return app, window


def run_app(args: argparse.Namespace) -> int:
    problem = ensure_display()
    if problem:
        print(problem, file=sys.stderr)
        return 1
    app, _window = open_window(args)
    return int(app.exec())
