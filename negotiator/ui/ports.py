"""What the UI needs from the rest of the program, as a protocol the composition root (``negotiator.app``) fills in.

Widgets never import the store: they ask these services for scenarios, new and stored sessions and save listings.
Tests pass their own implementation (in memory, temporary settings) to drive the real widgets.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Protocol

from negotiator.game.setup import GameSetup
from negotiator.session.session import Session
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

    def start_session(self, setup: GameSetup) -> Session: ...

    def resume_session(self, game_id: str) -> Session: ...

    def list_saves(self) -> list[SaveEntry]: ...

    def save_copy(self, session: Session, path: str) -> str:
        """Write the game to a save database at ``path`` and keep saving there; returns where it went."""
        ...
