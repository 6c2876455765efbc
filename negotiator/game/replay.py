"""Game records and replay: a game is its setup plus its ordered commands; folding them again rebuilds it.

:func:`replay` is what the session layer's undo, load and classroom comparison rest on; :func:`transcript_digest`
hashes a record so two runs (or two machines) can be compared with one string.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from dataclasses import dataclass

from negotiator.game.commands import Command, command_to_dict
from negotiator.game.rules import apply, new_game
from negotiator.game.runtime import ScenarioRuntime
from negotiator.game.setup import GameSetup
from negotiator.game.state import GameState, state_hash
from negotiator.model.canonical import canonical_json
from negotiator.model.schema import Scenario


@dataclass(frozen=True, slots=True)
class GameRecord:
    """A finished (or interrupted) game: its setup, the commands in order, and the state they lead to."""

    setup: GameSetup
    commands: tuple[Command, ...]
    final_state: GameState

    def to_dict(self) -> dict[str, object]:
        """JSON-safe: setup and commands (the final state is rebuilt by replay), with its hash to check against."""
        return {
            "setup": self.setup.to_dict(),
            "commands": [command_to_dict(c) for c in self.commands],
            "state_hash": state_hash(self.final_state),
        }


def replay(
    scenario: Scenario, setup: GameSetup, commands: Iterable[Command], runtime: ScenarioRuntime | None = None
) -> GameState:
    """Fold ``commands`` over a new game (raises IllegalCommand if the log does not fit the scenario and setup)."""
    state = new_game(scenario, setup, runtime)
    for cmd in commands:
        state, _ = apply(state, cmd)
    return state


def transcript_digest(record: GameRecord) -> str:
    """sha256 over the setup, every command and the final state hash: same game, same digest, on every machine."""
    payload = canonical_json(record.to_dict())
    return hashlib.sha256(payload.encode("ascii")).hexdigest()
