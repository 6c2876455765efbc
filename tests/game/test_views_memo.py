"""The views' kept answers (issue 16: faster games) change nothing a seat sees.

``view_for`` keeps, per seat, the proposal views and readable transcript lines of its last view in the game's memo
and only builds what is new; ``legal_kinds`` decides the command types without building the commands. Here every
state of random and AI games is viewed both ways: through the game's memo as play goes on, and from an empty memo
(the direct path), and the legal kinds are compared with the types of ``legal_commands``."""

from __future__ import annotations

from dataclasses import replace

import numpy as np
import pytest

from negotiator.ai.simulate import play_ai_game
from negotiator.game import GameState, apply, legal_commands, legal_kinds, new_game, whose_turn
from negotiator.game.commands import command_type
from negotiator.game.runtime import ScenarioRuntime
from negotiator.game.setup import default_setup
from negotiator.game.views import view_for
from negotiator.model.registry import get_scenario
from tests.game.randomplay import random_command


def _kinds_from_commands(state: GameState, seat: str) -> tuple[str, ...]:
    """``legal_kinds`` as it was defined before: the types of the legal commands, plus proposals."""
    if whose_turn(state) != seat:
        return ()
    if state.phase == "briefing":
        return ("end-turn",)
    if state.phase == "signature":
        return ("sign", "walk-out")
    kinds = {command_type(c) for c in legal_commands(state, seat)} | {"table-proposal"}
    if "accept" in kinds:
        kinds.add("counter-propose")
    return tuple(sorted(kinds))


def _check(state: GameState) -> int:
    fresh = replace(state, ctx=replace(state.ctx, memo={}))
    for seat in state.setup.seat_ids:
        assert view_for(state, seat) == view_for(fresh, seat)
        assert legal_kinds(state, seat) == _kinds_from_commands(state, seat)
    return len(state.proposals) + len(state.transcript)


@pytest.mark.parametrize("scenario_id", ["confederation", "water-and-crossings"])
def test_kept_views_equal_fresh_ones_along_random_play(scenario_id: str) -> None:
    scenario = get_scenario(scenario_id)
    rt = ScenarioRuntime(scenario)
    for seed in range(2):
        rng = np.random.default_rng(seed)
        state = new_game(scenario, default_setup(scenario, seed=seed), rt)
        seen = 0
        for _ in range(150):
            cmd = random_command(state, rng)
            if cmd is None:
                break
            state, _ = apply(state, cmd)
            seen = max(seen, _check(state))
        assert seen > 10  # proposals and private lines were there to keep


def test_kept_views_equal_fresh_ones_along_an_ai_game_and_its_branches() -> None:
    """The memo is the game's, shared by every state of its log: views of an earlier state (a branch, an undo) after
    later ones must not take the later proposals or lines."""
    scenario = get_scenario("confederation")
    rt = ScenarioRuntime(scenario)
    record = play_ai_game(scenario, default_setup(scenario, seed=4), rt)
    state = new_game(scenario, record.setup, rt)
    states = [state]
    for cmd in record.commands:
        state, _ = apply(state, cmd)
        states.append(state)
        _check(state)
    for earlier in states[::-7]:  # back in time, on the same memo
        _check(earlier)
