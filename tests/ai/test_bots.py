"""AI delegations: legal moves with reasons, walk-away and red lines respected, determinism, persona direction,
and bots that decide from views alone (a bot's move does not change when others' confidential material does)."""

from __future__ import annotations

import itertools

import pytest

from negotiator.ai import make_bot
from negotiator.ai.simulate import play_ai_game
from negotiator.game import (
    Accept,
    CounterPropose,
    SetupError,
    TableProposal,
    apply,
    new_game,
    replay,
    state_hash,
    transcript_digest,
    view_for,
    whose_turn,
)
from negotiator.game.setup import default_setup
from negotiator.model.names import ScenarioNames
from negotiator.model.registry import get_scenario
from negotiator.model.schema import Scenario
from negotiator.text import LANGUAGES, Message, render

PERSONAS = ("hard-liner", "pragmatist", "conciliator", "reciprocator")


@pytest.fixture(scope="module")
def water() -> Scenario:
    return get_scenario("water-and-crossings")


@pytest.mark.parametrize("pi, pp", list(itertools.product(PERSONAS, PERSONAS)))
def test_every_persona_pair_plays_legal_moves_with_reasons(water: Scenario, pi: str, pp: str) -> None:
    rec = play_ai_game(water, default_setup(water, seed=11, personas={"israel": pi, "palestine": pp}))
    assert rec.final_state.phase == "outcome"
    names = ScenarioNames(water)
    for c in rec.commands:  # every bot move says why, as a catalogued message that renders in every language
        assert isinstance(c.reason, Message), c
        for lang in LANGUAGES:
            words = render(c.reason, lang, names)
            assert words.strip() and not words.startswith("["), (lang, c.reason)
    assert state_hash(replay(water, rec.setup, rec.commands)) == state_hash(rec.final_state)
    o = rec.final_state.outcome
    assert o is not None
    for seat, pts in o.package_points:
        assert pts >= water.delegation(seat).reservation_value, f"{seat} signed below its walk-away"
    red = {(r.issue, opt) for d in water.delegations for r in d.red_lines for opt in r.options}
    for c in rec.commands:
        if isinstance(c, TableProposal | CounterPropose):
            own_red = {(r.issue, opt) for r in water.delegation(c.seat).red_lines for opt in r.options}
            assert not own_red & set(c.package), f"{c.seat} offered across its own red line"
    if o.package:
        for d in water.principals:
            assert not {(r.issue, opt) for r in d.red_lines for opt in r.options} & set(o.package)
    assert red  # the scenario has red lines, so the checks above bite


def test_same_seed_same_game_different_seed_may_differ() -> None:
    sc = get_scenario("confederation")
    a = play_ai_game(sc, default_setup(sc, seed=5))
    b = play_ai_game(sc, default_setup(sc, seed=5))
    assert transcript_digest(a) == transcript_digest(b)
    digests = {transcript_digest(play_ai_game(sc, default_setup(sc, seed=k))) for k in range(3)}
    assert len(digests) > 1


def test_hard_liner_gets_more_when_it_gets_a_deal(water: Scenario) -> None:
    def israel_points(persona: str) -> float:
        pts = []
        for seed in range(6):
            o = play_ai_game(
                water, default_setup(water, seed=seed, personas={"israel": persona})
            ).final_state.outcome
            assert o is not None
            if o.package:
                pts.append(dict(o.package_points)["israel"])
        assert pts
        return sum(pts) / len(pts)

    assert israel_points("hard-liner") > israel_points("pragmatist") >= israel_points("conciliator")


def test_bot_decides_from_its_view_only(water: Scenario) -> None:
    """Israel's bot gives the same command whether Palestine's confidential material is real or scrambled."""
    delegations = [
        d
        if d.id == "israel"
        else d.model_copy(
            update={
                "points": {i: {o: 100.0 - p for o, p in opts.items()} for i, opts in d.points.items()},
                "reservation_value": 12.0,
                "confidential_brief": "scrambled",
                "red_lines": [],
                "interactions": [],
            }
        )
        for d in water.delegations
    ]
    other = water.model_copy(update={"delegations": delegations})
    setup = default_setup(water, seed=3)
    rec = play_ai_game(water, setup)
    a, b = new_game(water, setup), new_game(other, setup)
    for cmd in rec.commands:
        seat = whose_turn(a)
        if seat == "israel":
            bot_a = make_bot("pragmatist", "israel", water, 3)
            bot_b = make_bot("pragmatist", "israel", other, 3)
            assert bot_a.choose(view_for(a, "israel")) == bot_b.choose(view_for(b, "israel"))
        a, _ = apply(a, cmd)
        b, _ = apply(b, cmd)


def test_mediator_tables_texts_and_pledges_within_means() -> None:
    sc = get_scenario("confederation")
    rec = play_ai_game(sc, default_setup(sc, seed=2))
    by_us = [c for c in rec.commands if c.seat == "united-states"]
    assert any(isinstance(c, TableProposal) for c in by_us), "the mediator drafts a single negotiating text"
    pledged = sum(t.points for t in rec.final_state.side_terms if t.by == "united-states")
    from negotiator.game.rules import SIDE_TERMS_BUDGET

    assert pledged <= SIDE_TERMS_BUDGET
    assert all(not isinstance(c, Accept) for c in by_us)  # not a signatory: it drafts, it does not vote


def test_unknown_persona_is_a_clear_error(water: Scenario) -> None:
    with pytest.raises(SetupError, match="unknown persona"):
        make_bot("tyrant", "israel", water, 0)
    with pytest.raises(SetupError, match="no delegation"):
        make_bot("pragmatist", "atlantis", water, 0)


@pytest.mark.slow
def test_personas_pull_the_expected_way_on_confederation() -> None:
    """Tactics alone on the flagship (the personas' value overlays are taken off; tests/ai/test_values.py covers
    those), Israel's persona varied against a pragmatic Palestinian delegation over ten seeds. What each persona must
    do (measured and explained in the issue 18 delegations report):

    - **concession curves**: from round 2 to the round before the last, the texts a hard-liner tables are worth at
      least as much to it as a pragmatist's, and a pragmatist's at least as much as a conciliator's (mean over the
      seeds, per round);
    - **agreements**: a hard-liner signs less often than a pragmatist, and a conciliator no more often on this narrow zone
      (it reaches its walk-away by mid-talks, with nothing left to trade, and its early concessions read to the other
      side's frequency model as what it wants; a negotiation scholar's "a conciliator signs more" holds only where the
      zone is wide);
    - **shares**: when it signs, a hard-liner ends further above its walk-away than a pragmatist, counting the side
      terms a mediator adds (what it holds out for), and a pragmatist further than a conciliator;
    - every signed text leaves each signatory at or above its walk-away.
    """
    base = get_scenario("confederation")
    sc = base.model_copy(
        update={"delegations": [d.model_copy(update={"overlays": []}) for d in base.delegations]}
    )
    walk_away = sc.delegation("israel").reservation_value
    rounds = sc.rules.rounds

    def israel(persona: str) -> tuple[int, float, list[float]]:
        surplus, tabled = [], [[] for _ in range(rounds + 1)]  # type: list[float], list[list[float]]
        for seed in range(10):
            state = play_ai_game(sc, default_setup(sc, seed=seed, personas={"israel": persona})).final_state
            o = state.outcome
            assert o is not None
            for p in view_for(state, "israel").proposals:
                if p.by == "israel" and not p.partial and p.own_points is not None:
                    tabled[p.round].append(p.own_points)
            if o.package:
                pts = dict(o.package_points)
                assert all(pts[s] >= sc.delegation(s).reservation_value - 1e-9 for s in sc.rules.signatories)
                surplus.append(pts["israel"] + dict(o.side_terms).get("israel", 0.0) - walk_away)
        assert surplus, f"a {persona} never signed"
        curve = [sum(t) / len(t) if t else float("nan") for t in tabled]
        return len(surplus), sum(surplus) / len(surplus), curve

    hard, prag, conc = israel("hard-liner"), israel("pragmatist"), israel("conciliator")
    for r in range(2, rounds):
        assert hard[2][r] >= prag[2][r] - 1e-9, (r, hard[2], prag[2])
        assert prag[2][r] >= conc[2][r] - 1e-9, (r, prag[2], conc[2])
    assert hard[0] < prag[0] and conc[0] <= prag[0], (hard, prag, conc)
    assert hard[1] > prag[1] > conc[1], (hard, prag, conc)
