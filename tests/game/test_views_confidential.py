"""No view leaks another seat's confidential brief, points, walk-away value, red lines or private messages.

Two proofs on random games (random legal commands, random packages, private messages carrying secrets):
1. *Non-interference*: replaying the same commands on a scenario where every other delegation's confidential material
   is changed (points, priorities, walk-away value, confidential brief, red lines, interactions) gives the observing
   seat exactly the same view at every step, so nothing in its view can depend on that material.
2. *Private messages*: a secret sent between two seats never appears in a third seat's view, and the AskMediator
   note reaches only the asker and the mediator.
"""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from negotiator.game import AskMediator, apply, new_game, render_view_text, view_for
from negotiator.game.setup import GameSetup, SeatSetup, default_setup
from negotiator.model.registry import get_scenario
from negotiator.model.schema import Scenario

from .randomplay import random_command


def scrambled(scenario: Scenario, keep: str) -> Scenario:
    """The same scenario with every delegation but ``keep`` given different confidential material."""
    delegations = []
    for d in scenario.delegations:
        if d.id == keep:
            delegations.append(d)
            continue
        points = {i: {o: round(100.0 - p, 3) for o, p in opts.items()} for i, opts in d.points.items()}
        priorities = {i: float(1 + (k * 7) % 13) for k, i in enumerate(d.priorities)}
        delegations.append(
            d.model_copy(
                update={
                    "points": points,
                    "priorities": priorities,
                    "reservation_value": round(99.0 - d.reservation_value, 3),
                    "confidential_brief": f"SCRAMBLED confidential brief of {d.id}",
                    "red_lines": [],
                    "interactions": [],
                }
            )
        )
    return scenario.model_copy(update={"delegations": delegations})


def play(scenario: Scenario, setup: GameSetup, seed: int, steps: int) -> list[object]:
    rng = np.random.default_rng(seed)
    state = new_game(scenario, setup)
    commands = []
    for _ in range(steps):
        cmd = random_command(state, rng)
        if cmd is None:
            break
        state, _ = apply(state, cmd)
        commands.append(cmd)
    return commands


@pytest.fixture(scope="module")
def confederation() -> Scenario:
    return get_scenario("confederation")


@settings(max_examples=12, deadline=None)
@given(seed=st.integers(0, 10**6), scenario_id=st.sampled_from(["water-and-crossings", "confederation"]))
def test_views_do_not_depend_on_others_confidential_material(seed: int, scenario_id: str) -> None:
    scenario = get_scenario(scenario_id)
    setup = default_setup(scenario, seed=seed)
    commands = play(scenario, setup, seed, steps=120 if scenario_id == "confederation" else 80)
    for observer in setup.seat_ids:
        other = scrambled(scenario, observer)
        a, b = new_game(scenario, setup), new_game(other, setup)
        for k, cmd in enumerate(commands):
            a, _ = apply(a, cmd)
            b, _ = apply(b, cmd)
            if k % 7 == 0 or k == len(commands) - 1:
                va, vb = view_for(a, observer), view_for(b, observer)
                assert va == vb, (
                    f"{observer}'s view changed with others' confidential material at command {k}"
                )
                text = render_view_text(va)
                for d in scenario.delegations:
                    if d.id != observer:
                        assert d.confidential_brief not in text


@settings(max_examples=15, deadline=None)
@given(seed=st.integers(0, 10**6))
def test_private_messages_reach_only_their_audience(seed: int) -> None:
    scenario = get_scenario("confederation")
    setup = default_setup(scenario, seed=seed)
    rng = np.random.default_rng(seed)
    state = new_game(scenario, setup)
    sent: list[tuple[str, str, str]] = []
    for _ in range(150):
        cmd = random_command(state, rng)
        if cmd is None:
            break
        if isinstance(cmd, AskMediator):
            cmd = AskMediator(cmd.seat, reason=f"SECRET-ask-{cmd.seat}-{len(sent)}")
        state, events = apply(state, cmd)
        text = getattr(cmd, "text", None) or (cmd.reason if isinstance(cmd, AskMediator) else None)
        if text and text.startswith("SECRET"):
            to = getattr(cmd, "to", "united-states")
            sent.append((cmd.seat, to, text))
        for e in events:
            if e.audience:
                assert cmd.seat in e.audience
    for seat in setup.seat_ids:
        text = render_view_text(view_for(state, seat))
        for sender, to, secret in sent:
            assert (secret in text) == (seat in (sender, to)), (seat, sender, to)


def test_own_material_is_in_own_view_only(water: Scenario) -> None:
    setup = GameSetup(water.id, (SeatSetup("israel", "human"), SeatSetup("palestine", "human")), 1, "hotseat")
    state = new_game(water, setup)
    v = view_for(state, "israel")
    assert v.own.reservation_value == 68.0 and v.own.confidential_brief.startswith("Your minister")
    assert dict(v.own.points)["water"] == (
        ("today", 65.0),
        ("plus-25", 100.0),
        ("plus-50", 45.0),
        ("needs-based", 15.0),
    )
    assert "Water is what your public will judge you on" not in render_view_text(v)
