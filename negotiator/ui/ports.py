"""What the main window needs from the rest of the program, as a protocol the composition root (``negotiator.app``)
fills in.

Widgets never import the store: they ask these services for scenarios, new and stored games, save listings, and
where games are saved. A game comes as a :class:`~negotiator.session.seat.GameChannel` (a ``LocalGame`` here, a
``RemoteGame`` for a class table): the window plays it through its seats' channels and never holds the session.
:class:`Services` lists exactly what the window uses (mypy checks ``AppServices`` against it where the window is
made); tests pass their own implementation (in memory, temporary settings) to drive the real widgets.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Protocol

from negotiator.game.setup import GameSetup
from negotiator.session.seat import GameChannel
from negotiator.ui.settings import AppSettings
from negotiator.ui.start import ScenarioEntry


@dataclass(frozen=True)
class SaveEntry:
    """One saved game as the load dialog lists it."""

    game_id: str
    title: str
    detail: str
    finished: bool


class Services(Protocol):
    @property
    def settings(self) -> AppSettings:
        """The player's settings (text size, layout, the last game played)."""
        ...

    @property
    def where(self) -> str:
        """Where games are saved, for messages."""
        ...

    @property
    def problem(self) -> str:
        """Why the save database could not be opened ("" when it could): games then run in memory, unsaved."""
        ...

    def scenario_entries(self) -> list[ScenarioEntry]:
        """The scenarios the start page offers (a broken one with its problem)."""
        ...

    def start_game(self, setup: GameSetup) -> GameChannel: ...

    def resume_game(self, game_id: str) -> GameChannel:
        """A saved game (or one still in memory) by id; raises a :class:`~negotiator.model.errors.NegotiatorError`
        saying why it cannot be opened."""
        ...

    def list_saves(self) -> list[SaveEntry]: ...

    def save_copy(self, game: GameChannel, path: str) -> str:
        """Write the game to a save database at ``path`` and keep saving there; returns where it went."""
        ...

    def save_answers(self, game_id: str, seat: str, stage: str, answers: Mapping[str, str]) -> str:
        """Save a seat's questionnaire answers (question id -> JSON) with the game; returns where they went."""
        ...

    def close(self) -> None:
        """Close every save database opened (the window calls it when it closes)."""
        ...
