"""The real game behind the session's :class:`~negotiator.session.ports.GameRules` port (the composition root picks it).

A thin adapter over ``negotiator.game`` (rules, commands, setup, views) and ``negotiator.ai`` (bots). Stored data goes
back through the game's own validators (``GameSetup.from_dict``, ``command_from_dict``), which raise only
``SetupError`` / ``CommandError`` whatever they are given.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from negotiator.game import rules as game_rules
from negotiator.game.commands import Command, command_from_dict, command_to_dict
from negotiator.game.events import GameEvent
from negotiator.game.runtime import Runtimes, ScenarioRuntime
from negotiator.game.setup import GameSetup
from negotiator.game.state import GameState, state_hash
from negotiator.game.views import PublicView, SeatView, TrainerView, public_view, trainer_view, view_for
from negotiator.model.schema import Scenario
from negotiator.session.ports import Bot, Standing


class StandardRules:
    """``GameRules`` for Negotiator's own game.

    Every game it starts gets the runtime of its scenario (:class:`~negotiator.game.runtime.ScenarioRuntime`:
    compiled arrays, simulated publics, the bots' forecaster) from ``runtimes``, so every fold of the log (load,
    undo, replay) and every bot of a session share one; the app passes its own :class:`Runtimes` so later games of
    the same scenario reuse it too. Without one, the rules object keeps its own (a session makes its own rules)."""

    def __init__(self, runtimes: Runtimes | None = None) -> None:
        self.runtimes = runtimes if runtimes is not None else Runtimes()

    def runtime(self, scenario: Scenario) -> ScenarioRuntime:
        return self.runtimes(scenario)

    def setup_from_dict(self, data: Mapping[str, Any]) -> GameSetup:
        return GameSetup.from_dict(dict(data))

    def new_game(self, scenario: Scenario, setup: GameSetup) -> GameState:
        return game_rules.new_game(scenario, setup, self.runtime(scenario))

    def apply(self, state: GameState, command: Command) -> tuple[GameState, tuple[GameEvent, ...]]:
        return game_rules.apply(state, command)

    def whose_turn(self, state: GameState) -> str | None:
        return game_rules.whose_turn(state)

    def state_hash(self, state: GameState) -> str:
        return state_hash(state)

    def encode(self, command: Command) -> dict[str, Any]:
        return command_to_dict(command)

    def decode(self, data: Mapping[str, Any]) -> Command:
        return command_from_dict(dict(data))

    def seat_of(self, command: Command) -> str:
        return command.seat

    def standing(self, state: GameState) -> Standing:
        outcome = state.outcome.result if state.outcome is not None else None
        return Standing(
            round=state.round, phase=state.phase, finished=state.phase == "outcome", outcome=outcome
        )

    def view_for(self, state: GameState, seat: str) -> SeatView:
        return view_for(state, seat)

    def public_view(self, state: GameState) -> PublicView:
        return public_view(state)

    def trainer_view(self, state: GameState) -> TrainerView:
        return trainer_view(state)

    def make_bot(self, persona: str | None, seat: str, scenario: Scenario, seed: int) -> Bot:
        from negotiator.ai import make_bot  # the AI layer loads only when a bot is needed

        # Same choice as negotiator.ai.simulate.bots_for, so a session replays a simulated game move for move.
        chosen = persona or scenario.delegation(seat).default_persona
        return make_bot(chosen, seat, scenario, seed, self.runtime(scenario))
