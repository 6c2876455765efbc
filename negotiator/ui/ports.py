"""What the UI needs from the rest of the program, as a protocol the composition root (``negotiator.app``) fills in.

Widgets never import the store: they ask these services for scenarios, new and stored games and save listings. A
game comes as a :class:`~negotiator.session.local.LocalGame`: the window plays it through its seats' channels and
never holds the session.
Tests pass their own implementation (in memory, temporary settings) to drive the real widgets.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Protocol

from negotiator.game.setup import GameSetup
from negotiator.session.local import LocalGame
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
    def settings(self) -> AppSettings: ...

    @property
    def where(self) -> str:
        """Where games are saved, for messages."""
        ...

    def scenario_entries(self) -> list[ScenarioEntry]: ...

    def start_game(self, setup: GameSetup) -> LocalGame: ...

    def resume_game(self, game_id: str) -> LocalGame: ...

    def list_saves(self) -> list[SaveEntry]: ...

    def save_copy(self, game: GameChannel, path: str) -> str:
        """Write the game to a save database at ``path`` and keep saving there; returns where it went."""
        ...

    def save_answers(self, game_id: str, seat: str, stage: str, answers: Mapping[str, str]) -> str:
        """Save a seat's questionnaire answers (question id -> JSON) with the game; returns where they went."""
        ...
