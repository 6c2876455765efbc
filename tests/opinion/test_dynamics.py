"""Opinion over the game: determinism, inertia, bounded swings, statements, social influence."""

from __future__ import annotations

import pytest

from negotiator.engine.opinion import PublicOpinion
from negotiator.engine.opinion.dynamics import INFLUENCE, MOOD_LIMIT, TRUST_LIMIT
from negotiator.model.schema import Event, EventEffect, Scenario


def _support(op: PublicOpinion, package: dict[str, str], population: str) -> float:
    return 100 * op.react(package)[population].support


def _history(op: PublicOpinion, scenario: Scenario) -> PublicOpinion:
    pkg = (
        scenario.reference("pulse-2016").options
        if scenario.id == "confederation"
        else scenario.reference("practical-deal").options
    )
    op = op.apply_event(scenario.events[0]).apply_statement("israel", "conciliatory")
    op = op.step_round(pkg, "palestine").apply_statement("palestine", "hostile")
    op = op.apply_event(scenario.events[1]).apply_shift("all", mood=0.02).step_round(pkg, "israel")
    return op.step_round()


@pytest.mark.parametrize("name", ["water-and-crossings", "confederation"])
def test_same_seed_and_history_same_opinion(name: str) -> None:
    from negotiator.model.registry import get_scenario

    sc = get_scenario(name)
    a = _history(PublicOpinion.create(sc, seed=9, size=800), sc)
    b = _history(PublicOpinion.create(sc, seed=9, size=800), sc)
    assert a.state == b.state and hash(a.state) == hash(b.state)
    pkg = sc.packages[1].options
    assert a.poll(pkg).as_json() == b.poll(pkg).as_json()
    assert a.ratify(pkg) == b.ratify(pkg)


def test_nothing_happens_nothing_moves(confed_opinion: PublicOpinion, confed: Scenario) -> None:
    later = confed_opinion.step_round().step_round().step_round()
    for p in confed.packages:
        assert later.react(p.options) == confed_opinion.react(p.options)


def test_no_ordinary_event_swings_a_group_by_tens_of_points(
    confed_opinion: PublicOpinion, confed: Scenario, water: Scenario
) -> None:
    for sc, op in ((confed, confed_opinion), (water, PublicOpinion.create(water, seed=0))):
        for event in sc.events:
            assert max(abs(e.mood) for e in event.effects) <= 0.15  # the decks hold ordinary news
            hit, settled = op.apply_event(event), op.apply_event(event).step_round()
            for p in sc.packages:
                base = op.react(p.options)
                for after in (hit.react(p.options), settled.react(p.options)):
                    for pop in base.shares:
                        swing = 100 * abs(after[pop].support - base[pop].support)
                        assert swing < 12, (event.id, p.id, pop, swing)


def test_a_large_event_can_move_a_group_a_lot(confed_opinion: PublicOpinion, confed: Scenario) -> None:
    war = Event(
        id="war",
        title="War",
        text="A war breaks out.",
        kind="attack",
        effects=[EventEffect(target="israeli_jews", mood=-0.8, trust_other=-0.3)],
    )
    pkg = confed.reference("pulse-2016").options
    before = _support(confed_opinion, pkg, "israeli_jews")
    after = _support(confed_opinion.apply_event(war).step_round(), pkg, "israeli_jews")
    assert before - after > 15


def test_news_settles_in_then_fades(confed_opinion: PublicOpinion, confed: Scenario) -> None:
    attack = next(e for e in confed.events if e.id == "attack-israeli-city")
    pkg = confed.reference("pulse-2016").options
    base = _support(confed_opinion, pkg, "israeli_jews")
    op = confed_opinion.apply_event(attack)
    path = [_support(op, pkg, "israeli_jews")]
    for _ in range(8):
        op = op.step_round()
        path.append(_support(op, pkg, "israeli_jews"))
    drops = [base - s for s in path]
    assert 0 < drops[0] < drops[1]  # inertia: part at once, more the next round
    assert drops[-1] < drops[1] / 2  # and it is forgotten
    assert all(d >= -0.5 for d in drops)


def test_statements_nudge_trust_within_bounds(water: Scenario) -> None:
    op = PublicOpinion.create(water, seed=0, size=500)
    k = op.model.index("palestinian_public")
    warm = op.apply_statement("israel", "conciliatory")
    cold = op.apply_statement("israel", "hostile")
    assert warm.state.trust_other[k] > 0 > cold.state.trust_other[k]
    for _ in range(40):
        cold = cold.apply_statement("israel", "hostile")
    assert cold.state.target_trust_other[k] >= -TRUST_LIMIT and cold.state.trust_other[k] >= -TRUST_LIMIT
    assert abs(cold.state.mood[k]) <= MOOD_LIMIT
    with pytest.raises(Exception, match="unknown tone"):
        op.apply_statement("israel", "furious")


def test_peers_pull_a_group_toward_its_verdict(confed_opinion: PublicOpinion, confed: Scenario) -> None:
    pkg = confed.reference("pulse-2016").options
    op = confed_opinion
    for _ in range(10):
        op = op.step_round(pkg, None)
    k = op.model.index("arab_citizens")  # a group that backs the package pulls itself further in
    assert 0 < op.state.peer[k] <= INFLUENCE
    s = op.model.index("settlers")  # a group that rejects it pulls itself further out
    assert -INFLUENCE <= op.state.peer[s] < 0
    assert _support(op, pkg, "arab_citizens") >= _support(confed_opinion, pkg, "arab_citizens")
    swing = abs(_support(op, pkg, "israeli_jews") - _support(confed_opinion, pkg, "israeli_jews"))
    assert swing < 10
