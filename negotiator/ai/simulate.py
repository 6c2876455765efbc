"""Headless AI games: every seat played by a bot, folded through the pure rules.

``play_ai_game(scenario, setup)`` returns a :class:`~negotiator.game.replay.GameRecord` whose commands replay to the
same final state (``negotiator.game.replay.replay``). It lives in the ai layer because it needs bots; the rules do not.
"""

from __future__ import annotations

from negotiator.ai import Bot, make_bot
from negotiator.game.commands import Command
from negotiator.game.replay import GameRecord
from negotiator.game.rules import apply, new_game, whose_turn
from negotiator.game.runtime import ScenarioRuntime
from negotiator.game.setup import GameSetup
from negotiator.game.views import view_for
from negotiator.model.schema import Scenario

MAX_COMMANDS = 5000
"""A safety bound: the rules end every game (the deadline), but a bot bug must not hang a batch."""


def bots_for(scenario: Scenario, setup: GameSetup, runtime: ScenarioRuntime | None = None) -> dict[str, Bot]:
    bots: dict[str, Bot] = {}
    for seat in setup.seats:
        persona = seat.persona or scenario.delegation(seat.delegation).default_persona
        bots[seat.delegation] = make_bot(persona, seat.delegation, scenario, setup.seed, runtime)
    return bots


def play_ai_game(scenario: Scenario, setup: GameSetup, runtime: ScenarioRuntime | None = None) -> GameRecord:
    """Play a whole game with a bot in every seat (human seats too: they get their persona or the default).

    ``runtime``: the scenario's (pass one to play many games without building the publics again each time)."""
    rt = runtime if runtime is not None else ScenarioRuntime(scenario)
    bots = bots_for(scenario, setup, rt)
    state = new_game(scenario, setup, rt)
    commands: list[Command] = []
    while True:
        seat = whose_turn(state)
        if seat is None:
            break
        cmd = bots[seat].choose(view_for(state, seat))
        state, _ = apply(state, cmd)
        commands.append(cmd)
        if len(commands) > MAX_COMMANDS:
            raise RuntimeError("an AI game did not end; a bot is looping")
    return GameRecord(setup, tuple(commands), state)
