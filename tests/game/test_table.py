"""One definition of the text on the table: the rules poll the publics on it, and every seat's view (what the window
shows) names the same text, in random games and after an agreement."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from negotiator.ai.simulate import play_ai_game
from negotiator.game import apply, new_game
from negotiator.game.replay import replay
from negotiator.game.runtime import ScenarioRuntime
from negotiator.game.setup import default_setup
from negotiator.game.table import text_on_table
from negotiator.game.views import view_for
from negotiator.model.schema import Scenario
from negotiator.ui.viewmodel import current_text
from tests.game.randomplay import random_command


@dataclass(frozen=True)
class P:
    id: str
    partial: bool = False
    status: str = "open"


def test_the_agreed_text_first_then_the_newest_open_full_then_the_newest_full() -> None:
    ps = [P("p1", status="agreed"), P("p2", status="expired"), P("p3", partial=True)]
    assert text_on_table(ps, "p1") == ps[0]  # not p2, the newest full one: what was agreed is what is signed
    assert text_on_table(ps) == ps[1]
    ps = [P("p1", status="rejected"), P("p2"), P("p3", status="rejected"), P("p4", partial=True)]
    assert text_on_table(ps) == ps[1]
    assert text_on_table([P("p1", partial=True)]) is None
    assert text_on_table([]) is None


def _same_everywhere(state) -> None:  # type: ignore[no-untyped-def]
    text = text_on_table(state.proposals, state.agreed)
    for seat in state.setup.seat_ids:
        shown = current_text(view_for(state, seat))
        assert (shown.id if shown else None) == (text.id if text else None)


def test_state_and_every_view_name_the_same_text(water: Scenario) -> None:
    rt = ScenarioRuntime(water)
    for seed in range(3):
        rng = np.random.default_rng(seed)
        state = new_game(water, default_setup(water, seed=seed), rt)
        for _ in range(120):
            cmd = random_command(state, rng)
            if cmd is None:
                break
            state, _ = apply(state, cmd)
            _same_everywhere(state)


def test_polls_ask_about_the_text_on_the_table(water: Scenario) -> None:
    rt = ScenarioRuntime(water)
    record = play_ai_game(water, default_setup(water, seed=2), rt)
    setup, commands = record.setup, record.commands
    state = new_game(water, setup, rt)
    polled = 0
    for cmd in commands:
        polls = len(state.polls)
        state, _ = apply(state, cmd)  # the move that ends a round is part of the text the round ends on
        _same_everywhere(state)
        if len(state.polls) > polls:
            text = text_on_table(state.proposals, state.agreed)
            assert text is not None and state.polls[-1].subject == text.id
            polled += 1
    assert polled >= 2
    assert state == replay(water, setup, commands, rt)
