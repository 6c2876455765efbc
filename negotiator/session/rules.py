"""The game rules as the session sees them: a small protocol, so the session can be tested with a toy reducer.

The real implementation, :class:`StandardRules`, adapts ``negotiator.game`` and ``negotiator.ai``; it is imported
lazily by :func:`standard_rules` so this module loads even where those layers are being rebuilt. States, commands,
events and views are opaque to the session (``Any``): it only folds commands into states, asks whose turn it is, and
hashes states to check a replay.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any, Protocol

from negotiator.model.schema import Scenario

State = Any
Command = Any
GameEvent = Any
View = Any


class SeatSpec(Protocol):
    """One seat of a game setup: which delegation, played by whom, with which bot persona."""

    @property
    def delegation(self) -> str: ...

    @property
    def controller(self) -> str: ...

    @property
    def persona(self) -> str | None: ...


class SetupSpec(Protocol):
    """A game setup (``negotiator.game.setup.GameSetup``)."""

    @property
    def scenario_id(self) -> str: ...

    @property
    def seed(self) -> int: ...

    @property
    def mode(self) -> str: ...

    @property
    def allow_undo(self) -> bool: ...

    @property
    def seats(self) -> Sequence[SeatSpec]: ...

    def to_dict(self) -> dict[str, Any]: ...


class Bot(Protocol):
    def choose(self, view: View) -> Command: ...


@dataclass(frozen=True, slots=True)
class Standing:
    """What a listing needs to know about a state."""

    round: int
    phase: str
    finished: bool
    outcome: str | None


class GameRules(Protocol):
    """Everything the session needs from the game. ``apply`` must be pure and deterministic."""

    def setup_from_dict(self, data: Mapping[str, Any]) -> SetupSpec:
        """Rebuild a setup from stored data; raises ``NegotiatorError`` when it is malformed."""
        ...

    def new_game(self, scenario: Scenario, setup: SetupSpec) -> State: ...

    def apply(self, state: State, command: Command) -> tuple[State, tuple[GameEvent, ...]]:
        """The next state and what happened; raises ``NegotiatorError`` for an illegal command."""
        ...

    def whose_turn(self, state: State) -> str | None: ...

    def state_hash(self, state: State) -> str: ...

    def encode(self, command: Command) -> dict[str, Any]:
        """A JSON-safe dict with a ``type`` key."""
        ...

    def decode(self, data: Mapping[str, Any]) -> Command:
        """The command a stored payload stands for; raises ``NegotiatorError`` when it is not a valid command."""
        ...

    def seat_of(self, command: Command) -> str: ...

    def standing(self, state: State) -> Standing: ...

    def view_for(self, state: State, seat: str) -> View: ...

    def make_bot(self, persona: str | None, seat: str, scenario: Scenario, seed: int) -> Bot: ...


def standard_rules() -> GameRules:
    """The real game (imported on first use)."""
    from negotiator.session.standard import StandardRules

    return StandardRules()
