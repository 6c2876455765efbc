"""Composition root: the only module that wires every layer (store, session, game, ai, ui) and starts Qt.

``run_app(args)`` is what ``negotiator`` and ``negotiator play`` call. :class:`AppServices` gives the UI what it needs
(scenarios, new and saved sessions, listings) without any widget importing the store.
"""

from __future__ import annotations

import argparse
import contextlib
import os
import sys
from collections.abc import Mapping
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from negotiator.game.setup import GameSetup
from negotiator.model.errors import NegotiatorError
from negotiator.model.registry import get_scenario, shipped_scenarios
from negotiator.session.errors import GameNotFound, StorageError
from negotiator.session.local import LocalGame
from negotiator.session.seat import GameChannel
from negotiator.session.session import Session
from negotiator.session.standard import StandardRules
from negotiator.ui.ports import SaveEntry
from negotiator.ui.settings import AppSettings
from negotiator.ui.start import ScenarioEntry

if TYPE_CHECKING:
    from PySide6.QtWidgets import QApplication

    from negotiator.store.database import SaveDatabase
    from negotiator.ui.selftest import SelfTestOptions
    from negotiator.ui.shell import MainWindow


class AppServices:
    """Scenarios, saves and sessions for the window. Saves go to ``db`` (a path or URL) or the default database.

    When the save database cannot be opened, new games run without storage (``storage=None``): the session then
    reports them as not saved, and :attr:`problem` says why, so the window never claims a game is saved when it only
    lives in memory. Those games stay reachable by id until the program ends (Continue still works), and any of them
    can be written to another place with Game ▸ Save a copy.
    """

    def __init__(self, settings: AppSettings, db: str | None = None) -> None:
        from negotiator.store.location import default_location, locate

        self.settings = settings
        self.db_spec = db
        self.location = locate(db) if db else default_location()
        self._storage: SaveDatabase | None = None
        self._others: dict[str, SaveDatabase] = {}
        """Other save files of the save folder a game was resumed from, one open database each (reused)."""
        self._unsaved: dict[str, Session] = {}
        # the composition root picks the rules the sessions fold commands through; one rules object for the app, so
        # its runtimes (one per scenario: simulated publics, forecaster) serve every game the app plays
        self.rules = StandardRules()
        """Games started while the save database could not be opened: kept so Continue finds them."""
        self.problem = ""

    @property
    def where(self) -> str:
        return self.location.display

    def storage(self) -> SaveDatabase | None:
        """The save database, opened on first use; ``None`` when it cannot be opened (``problem`` says why). Each
        call retries, so a folder the player fixes meanwhile is used for the next game."""
        if self._storage is None:
            from negotiator.store.database import SaveDatabase

            try:
                if self.location.path is not None:
                    self.location.path.parent.mkdir(parents=True, exist_ok=True)
                self._storage = SaveDatabase.open(self.location)
            except (StorageError, OSError) as exc:
                self.problem = (
                    "\n".join(exc.lines())
                    if isinstance(exc, StorageError)
                    else (
                        f"{self.location.display}: cannot be opened ({exc}); check the folder exists and is writable"
                    )
                )
            else:
                self.problem = ""
        return self._storage

    def scenario_entries(self) -> list[ScenarioEntry]:
        out = []
        for sid in shipped_scenarios():
            try:
                out.append(ScenarioEntry(sid, get_scenario(sid)))
            except NegotiatorError as exc:
                out.append(ScenarioEntry(sid, None, str(exc)))
        return out

    def start_game(self, setup: GameSetup) -> LocalGame:
        storage = self.storage()
        session = Session.start(
            get_scenario(setup.scenario_id), setup, storage=storage, rules=self.rules, write_behind=True
        )
        if storage is None:
            self._unsaved[session.game_id] = session
        return LocalGame(session)

    def resume_game(self, game_id: str) -> LocalGame:
        return LocalGame(self._resume(game_id))

    def _resume(self, game_id: str) -> Session:
        if game_id in self._unsaved:
            return self._unsaved[game_id]
        storage = self.storage()
        if storage is not None:
            try:
                return Session.resume(storage, game_id, rules=self.rules, write_behind=True)
            except GameNotFound:
                pass
        # The game may live in another save file of the save folder (a trainer can drop students' files there).
        from negotiator.store.database import SaveDatabase
        from negotiator.store.location import save_locations

        for loc in save_locations(self.db_spec):
            if loc.url == self.location.url:
                continue
            db = self._others.get(loc.url)
            try:
                if db is None:
                    with SaveDatabase.open(loc, readonly=True) as probe:
                        full = probe.find(game_id)
                else:
                    full = db.find(game_id)
            except StorageError:
                continue
            if db is None:
                db = SaveDatabase.open(loc)
                self._others[loc.url] = db
            return Session.resume(db, full, rules=self.rules, write_behind=True)
        raise GameNotFound.one(self.where, f"no game {game_id[:12]}", "choose another game from the list")

    def list_saves(self) -> list[SaveEntry]:
        from negotiator.store.library import list_saves
        from negotiator.store.location import save_locations

        locations = save_locations(self.db_spec)
        if all(loc.url != self.location.url for loc in locations) and self._storage is not None:
            locations.insert(0, self.location)
        listing = list_saves(locations)
        from negotiator.ui.load import entry_lines

        scenarios: dict[str, Any] = {}
        for sid in shipped_scenarios():
            with contextlib.suppress(NegotiatorError):  # a broken scenario is listed by its id
                scenarios[sid] = get_scenario(sid)
        out = []
        for s in reversed(self._unsaved.values()):
            if s.save_status.where is None:  # still only in memory: listed first, and said so
                p = s.progress
                lines = entry_lines(scenarios.get(s.scenario.id), s.scenario.id, s.setup.mode, "", p, None)
                out.append(SaveEntry(s.game_id, *lines, p.finished))
        for g in listing.games:
            p = g.progress
            lines = entry_lines(
                scenarios.get(g.scenario_id), g.scenario_id, g.mode, g.seats, p, local_time(g.updated_at)
            )
            out.append(SaveEntry(g.game_id, *lines, p.finished))
        return out

    def save_answers(self, game_id: str, seat: str, stage: str, answers: Mapping[str, str]) -> str:
        """Into the save file that holds the game (the default one, or another the game was resumed from)."""
        storage = self.storage()
        candidates = ([storage] if storage is not None else []) + list(self._others.values())
        for db in candidates:
            try:
                db.find(game_id)
            except GameNotFound:
                continue
            db.save_answers(game_id, seat, stage, answers)
            return db.where
        raise GameNotFound.one(
            self.where,
            f"no saved game {game_id[:12]} to keep the answers with",
            "save the game first (Game ▸ Save a copy)",
        )

    def save_copy(self, game: GameChannel, path: str) -> str:
        from negotiator.store.database import SaveDatabase

        db = SaveDatabase.open(path)
        try:
            game.save_to(db)
        except BaseException:
            db.close()
            raise
        # New games save there too; the database left behind is no longer used by any game on screen.
        old, self._storage = self._storage, db
        if old is not None and old is not db and old not in self._others.values():
            old.close()
        self.problem = ""
        return db.where

    def close(self) -> None:
        """Close every database this program opened (the window calls it when it closes)."""
        for db in [self._storage, *self._others.values()]:
            if db is not None:
                db.close()
        self._storage = None
        self._others.clear()


def local_time(when: datetime) -> datetime:
    """The store writes UTC times without a zone; players read their own clock."""
    if when.tzinfo is None:
        when = when.replace(tzinfo=UTC)
    return when.astimezone()


def ensure_display() -> str | None:
    """On Linux without a display, say so instead of letting Qt abort. Returns a message, or None if all is well."""
    if os.environ.get("QT_QPA_PLATFORM"):
        return None
    if sys.platform.startswith("linux") and not (
        os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY")
    ):
        return (
            "negotiator: no display found (DISPLAY and WAYLAND_DISPLAY are unset); run it on a desktop, or try "
            "`negotiator self-test --screenshots DIR` which runs without one"
        )
    return None


def make_window(
    settings: AppSettings, db: str | None = None, *, bot_delay_ms: int = 400, animate: bool = True
) -> MainWindow:
    """The main window wired to real services (the QApplication must exist)."""
    from negotiator.ui.shell import MainWindow

    return MainWindow(AppServices(settings, db), bot_delay_ms=bot_delay_ms, animate=animate)


def self_test(options: SelfTestOptions) -> int:
    """``negotiator self-test``: the real window, wired like :func:`run_app`, driven by the UI's self-test."""
    from negotiator.ui.selftest import run_self_test

    return run_self_test(options, make_window)


def open_window(args: argparse.Namespace) -> tuple[QApplication, MainWindow]:
    """Create (or reuse) the QApplication, style it from the settings, and show the start screen."""
    from PySide6.QtWidgets import QApplication

    from negotiator.ui import language, style

    existing = QApplication.instance()
    app = existing if isinstance(existing, QApplication) else QApplication(sys.argv[:1])
    app.setApplicationName("Negotiator")
    app.setOrganizationName("Negotiator")
    settings_path = os.environ.get("NEGOTIATOR_SETTINGS")
    settings = AppSettings(Path(settings_path) if settings_path else None)
    style.apply_style(app, settings.font_scale)
    lang = getattr(args, "lang", None)
    if lang:
        settings.language = lang
    # The chosen language (never the machine's region) sets the layout direction, Qt's own dialogs and the fonts.
    language.set_language(settings.language, app)
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
    if getattr(args, "exit_when_ready", False):
        # Quit as soon as the start screen has been shown and painted: the whole process's run time is then the
        # start-up time a user waits for (measured for the bundle by build_spec/build.py).
        from PySide6.QtCore import QTimer

        QTimer.singleShot(0, app.quit)
    return int(app.exec())
