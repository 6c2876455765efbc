"""A person's reaction to a package: loss aversion, devaluation, trust, sacred values, incentives, today as zero."""

from __future__ import annotations

import numpy as np
import pytest

from negotiator.engine.opinion import SIGNED, PublicOpinion
from negotiator.model.schema import Sacred, Scenario

from .conftest import with_constituency

ISRAELI = "israeli_public"
PALESTINIAN = "palestinian_public"


def _symmetric(water: Scenario, loss_aversion: float) -> PublicOpinion:
    """Israelis value 'plus-25' water at +0.3 and 'plus-50' at -0.3 against today; nothing else differs."""
    prefs = dict(water.constituency(ISRAELI).preferences)
    prefs["water"] = {"today": 0.0, "plus-25": 0.3, "plus-50": -0.3, "needs-based": -0.5}
    sc = with_constituency(
        water,
        ISRAELI,
        preferences=prefs,
        opinion__loss_aversion=loss_aversion,
        opinion__trust_other=1.0,
        opinion__bias=0.0,
        opinion__spread=0.05,  # next to no personal readiness or taste: the terms alone
    )
    # the other side indifferent to water and to a deal as such, so no one's hawk-dove position bends these values
    theirs = dict(water.constituency(PALESTINIAN).preferences)
    theirs["water"] = dict.fromkeys(theirs["water"], 0.0)
    sc = with_constituency(sc, PALESTINIAN, preferences=theirs, opinion__bias=0.0)
    return PublicOpinion.create(sc, seed=3)


def test_a_loss_weighs_more_than_an_equal_gain(water: Scenario) -> None:
    op = _symmetric(water, loss_aversion=2.0)
    gain = op.utilities(ISRAELI, {"water": "plus-25"})
    loss = op.utilities(ISRAELI, {"water": "plus-50"})
    assert -loss.mean() > 1.6 * gain.mean() > 0
    r_gain, r_loss = op.react({"water": "plus-25"})[ISRAELI], op.react({"water": "plus-50"})[ISRAELI]
    assert r_loss.oppose - r_gain.support > 0.05


def test_loss_aversion_acts_on_losses_only(water: Scenario) -> None:
    """Same people, loss aversion 2 against 1: the loss hurts about twice as much, the gain is unchanged."""
    strong, neutral = _symmetric(water, loss_aversion=2.0), _symmetric(water, loss_aversion=1.0)
    gain, loss = {"water": "plus-25"}, {"water": "plus-50"}
    d_loss = float((strong.utilities(ISRAELI, loss) - neutral.utilities(ISRAELI, loss)).mean())
    d_gain = float((strong.utilities(ISRAELI, gain) - neutral.utilities(ISRAELI, gain)).mean())
    terms = float(-neutral.utilities(ISRAELI, loss).mean())
    assert d_loss < -0.5 * terms < 0
    assert abs(d_gain) < abs(d_loss) / 5


def test_today_is_neutral_and_open_issues_stay_as_today(water: Scenario) -> None:
    op = PublicOpinion.create(water, seed=1)
    sq = water.reference("status-quo").options
    for shares in op.react(sq).shares.values():
        assert shares.support == 0 and shares.oppose == 0
    partial = {"water": "plus-25"}
    full = {**sq, **partial}
    for cid in (ISRAELI, PALESTINIAN):
        assert np.array_equal(op.utilities(cid, partial), op.utilities(cid, full))


def test_reactive_devaluation_same_offer_liked_less_from_the_other_side(
    confed_opinion: PublicOpinion, confed: Scenario
) -> None:
    pkg = confed.reference("pulse-2016").options
    for g in confed_opinion.model.groups:
        if g.devaluation == 0:
            continue
        other = next(d for d in confed_opinion.model.principals if d != g.answers_to)
        own = confed_opinion.utilities(g.id, pkg, g.answers_to).mean()
        none = confed_opinion.utilities(g.id, pkg).mean()
        from_other = confed_opinion.utilities(g.id, pkg, other).mean()
        assert from_other < none, g.id
        third = confed_opinion.utilities(g.id, pkg, "united-states").mean()
        assert from_other < third <= none + 1e-6, g.id
        if g.trust_own != 0.5:  # endorsement by one's own leaders counts, up or down with trust in them
            assert (own > none) == (g.trust_own > 0.5), g.id


def test_devaluation_is_the_cause(water: Scenario) -> None:
    sc = with_constituency(water, PALESTINIAN, opinion__devaluation=0.0)
    op = PublicOpinion.create(sc, seed=2)
    pkg = water.reference("practical-deal").options
    assert np.array_equal(op.utilities(PALESTINIAN, pkg, "israel"), op.utilities(PALESTINIAN, pkg))


def test_trusted_leaders_carry_their_public(water: Scenario) -> None:
    pkg = water.reference("practical-deal").options
    trusted = PublicOpinion.create(with_constituency(water, ISRAELI, opinion__trust_own=0.9), seed=4)
    distrusted = PublicOpinion.create(with_constituency(water, ISRAELI, opinion__trust_own=0.1), seed=4)
    assert trusted.react(pkg, SIGNED)[ISRAELI].support > trusted.react(pkg)[ISRAELI].support
    assert distrusted.react(pkg, SIGNED)[ISRAELI].support < distrusted.react(pkg)[ISRAELI].support


def _taboo_scenario(water: Scenario, share: float = 0.4) -> Scenario:
    """Israelis: joint crossings are taboo for some; permits (money) cannot buy it; a liaison office softens it."""
    sacred = [
        Sacred(
            issue="crossings",
            options=["joint"],
            share=share,
            softened_by=["committee.liaison"],
            softening=0.5,
            compensation=["permits"],
        )
    ]
    prefs = dict(water.constituency(ISRAELI).preferences)
    prefs["permits"] = {"current": 0.0, "raised": 0.6, "open-market": 0.3}
    prefs["committee"] = {"none": 0.0, "liaison": 0.0, "binding": -0.4}
    return with_constituency(water, ISRAELI, sacred=sacred, preferences=prefs)


def test_money_does_not_buy_a_taboo_but_a_gesture_softens_it(water: Scenario) -> None:
    op = PublicOpinion.create(_taboo_scenario(water), seed=5)
    k = op.model.index(ISRAELI)
    holders = op.people[k].taboo[0]
    assert 0.3 < holders.mean() < 0.5
    base = {"crossings": "joint", "water": "plus-25"}
    money = {**base, "permits": "raised"}
    gesture = {**base, "committee": "liaison"}
    u_base, u_money, u_gesture = (op.utilities(ISRAELI, p) for p in (base, money, gesture))
    # for ordinary people money works...
    assert u_money[~holders].mean() > u_base[~holders].mean() + 0.01
    # ...for holders it backfires, and none of them is bought
    assert u_money[holders].mean() < u_base[holders].mean()
    assert np.count_nonzero((u_money > 0.1) & holders) <= np.count_nonzero((u_base > 0.1) & holders)
    # the symbolic gesture softens the taboo among holders, far more than it moves anyone else
    lift = u_gesture[holders].mean() - u_base[holders].mean()
    assert lift > 0.1
    assert abs(u_gesture[~holders].mean() - u_base[~holders].mean()) < lift / 4


def test_taboo_holders_oppose_whatever_else_the_package_holds(water: Scenario) -> None:
    op = PublicOpinion.create(_taboo_scenario(water, share=0.5), seed=6)
    holders = op.people[op.model.index(ISRAELI)].taboo[0]
    rich = {"crossings": "joint", "water": "today", "permits": "raised", "committee": "none"}
    assert (op.utilities(ISRAELI, rich)[holders] < 0).all()


def test_incentives_pull_opponents(confed_opinion: PublicOpinion, confed: Scenario) -> None:
    base = confed.reference("pulse-2016").options
    regional = confed.reference("pulse-2016-regional").options
    for cid in ("secular_jews", "traditional_jews"):
        g = confed_opinion.model.groups[confed_opinion.model.index(cid)]
        before = confed_opinion.utilities(cid, base)
        after = confed_opinion.utilities(cid, regional)
        won = np.count_nonzero((before < -g.band) & (after > -g.band))
        lost = np.count_nonzero((before > g.band) & (after < g.band))
        assert won > 3 * max(lost, 1), cid
    r0, r1 = confed_opinion.react(base)["israeli_jews"], confed_opinion.react(regional)["israeli_jews"]
    assert r1.support > r0.support and r1.oppose < r0.oppose


@pytest.mark.parametrize(
    ("cid", "hawkish"),
    [
        ("secular_jews", "annexation"),
        ("traditional_jews", "annexation"),
        ("religious_jews", "annexation"),
        ("ultra_orthodox_jews", "annexation"),
        ("settlers", "annexation"),
        ("west_bank", "one-state-equal-rights"),
        ("gaza", "one-state-equal-rights"),
        ("refugees", "one-state-equal-rights"),
    ],
)
def test_doves_and_hawks_sort_packages(
    confed_opinion: PublicOpinion, confed: Scenario, cid: str, hawkish: str
) -> None:
    """Doves back the compromise the other side can live with; hawks the outcome it rejects most (for Israelis an
    annexation, for Palestinians one state with full return).

    A term-by-term reading of the other side cannot tell the second apart: one state is a package of terms Israelis
    each dislike only mildly, offset by their readiness for a deal, so the bend away from what they welcome cost
    Palestinian hawks more than doves. ``opinion.hawk_paradigms`` names each side's maximal aims (this test failed
    without it: west_bank hawks 0.48 below doves)."""
    compromise = confed_opinion.utilities(cid, confed.reference("pulse-2016").options)
    maximal = confed_opinion.utilities(cid, confed.reference(hawkish).options)
    y = confed_opinion.people[confed_opinion.model.index(cid)].ideology
    dove, hawk = y > 1, y < -1
    assert compromise[dove].mean() > compromise[hawk].mean() + 0.2
    assert maximal[hawk].mean() > maximal[dove].mean() + 0.2


def test_kept_term_rows_change_no_reaction(confed_opinion: PublicOpinion) -> None:
    """A population keeps each option's gain, loss and valued-priority block once asked (reaction speed); the blocks
    are exactly what the reaction computed from ``weighted`` before, and a population asked many times reacts
    bit for bit as a fresh copy of it does."""
    from dataclasses import replace

    from negotiator.engine.opinion.reaction import utilities

    model = confed_opinion.model
    k = 0
    g, people = model.groups[k], confed_opinion.people[k]
    rows = people.terms(g.priorities)
    for i, o in ((0, 1), (3, 2), (model.n_issues - 1, 0)):
        w = people.weighted[i, o]
        block = rows.row(i, o)
        assert np.array_equal(block[0], np.maximum(w, 0.0))
        assert np.array_equal(block[1], np.minimum(w, 0.0))
        assert np.array_equal(block[2], np.where(w > 0, np.float32(g.priorities[i]), np.float32(0.0)))
    rng = np.random.default_rng(4)
    packages = [np.array([rng.integers(len(o)) for o in model.option_ids], dtype=np.intp) for _ in range(6)]
    for x in packages:  # warm every row these packages use
        utilities(g, people, x, model.status_quo, model.paradigm_mix(x))
    for x in packages:
        fresh = replace(people)  # the same arrays, no kept rows
        assert not fresh._terms
        mix = model.paradigm_mix(x)
        kept = utilities(g, people, x, model.status_quo, mix, "other")
        assert np.array_equal(kept, utilities(g, fresh, x, model.status_quo, mix, "other"))
