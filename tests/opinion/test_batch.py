"""The opinion layer's batch path is its single path, many packages at once: the same shares for every
constituency, and the same ratification probabilities for the same voting day (one vote count, :func:`tally`, serves
both). A change to the reaction made in one path and not the other fails here."""

from __future__ import annotations

import numpy as np
import pytest

from negotiator.engine.opinion import PublicOpinion
from negotiator.engine.opinion import reaction as rx
from negotiator.engine.opinion.batch import BatchRatifier, balanced_sample
from negotiator.engine.opinion.public import SIGNED
from negotiator.engine.opinion.ratification import GroupVerdict, VotingDay, ratify, tally, voting_day
from negotiator.engine.opinion.reaction import shares
from negotiator.model.registry import get_scenario
from negotiator.model.schema import Scenario


def packages(scenario: Scenario, n: int, seed: int) -> np.ndarray:
    """Random packages, the reference packages and today (the status quo) itself."""
    rng = np.random.default_rng(seed)
    sizes = np.array([len(i.options) for i in scenario.issues])
    refs = [
        [[o.id for o in i.options].index(p.options[i.id]) for i in scenario.issues] for p in scenario.packages
    ]
    return np.vstack([(rng.random((n, sizes.size)) * sizes).astype(np.intp), np.array(refs, dtype=np.intp)])


@pytest.mark.parametrize("scenario_id", ["confederation", "water-and-crossings"])
def test_batch_path_equals_the_single_path(scenario_id: str) -> None:
    scenario = get_scenario(scenario_id)
    op = PublicOpinion.create(scenario, seed=3, size=400)
    # a moved mood, as after a few rounds of news, so every state-dependent term is exercised
    op = op.apply_shift("all", mood=-0.05, trust_own=0.03, trust_other=-0.04).step_round()
    batch = BatchRatifier(op)
    x = packages(scenario, 40, seed=1)
    support, oppose, lean = batch.verdicts(op.state, x)
    day = voting_day(op.model, scenario, np.random.default_rng(5), 200)
    many = batch.ratify(op.state, x, day)
    for p, row in enumerate(x):
        mix = op.model.paradigm_mix(row)
        for k, g in enumerate(op.model.groups):
            s, o, _ = shares(op._utilities(k, row, SIGNED, mix), g.band)
            # float32 sums in another order: at most one person on the band's edge reads differently
            assert support[p, k] == pytest.approx(s, abs=1.5 / batch.size)
            assert oppose[p, k] == pytest.approx(o, abs=1.5 / batch.size)
        one = op.ratify(row, day=day)
        for v in one.votes:
            assert many.of(v.delegation)[p] == pytest.approx(v.probability, abs=0.011)
        assert many.joint[p] == pytest.approx(one.probability, abs=0.011)


@pytest.mark.parametrize("scenario_id", ["confederation", "water-and-crossings"])
def test_one_vote_count_for_one_and_for_many(scenario_id: str) -> None:
    """Given the same reactions and voting day, the single path's probabilities are exactly the batch's."""
    scenario = get_scenario(scenario_id)
    # the scenario's own publics, warmed as a run of good news in play would warm them (at the confederation
    # scenario's date, October 2025, almost no text passes, so the counts would compare zeros)
    op = PublicOpinion.create(scenario, seed=1, size=300)
    op = op.apply_shift("all", mood=0.8)
    batch = BatchRatifier(op)
    x = packages(scenario, 12, seed=2)
    support, oppose, lean = batch.verdicts(op.state, x)
    day = voting_day(op.model, scenario, np.random.default_rng(9), 500)
    many = batch.count(support, oppose, lean, day)
    for p in range(x.shape[0]):
        verdicts = [
            GroupVerdict(float(s), float(o), 1.0 - float(s) - float(o), float(ly))
            for s, o, ly in zip(support[p], oppose[p], lean[p], strict=True)
        ]
        one = ratify(op.model, scenario, verdicts, np.random.default_rng(0), day=day)
        assert many.joint[p] == one.probability
        for v in one.votes:
            assert many.of(v.delegation)[p] == v.probability
    # and the tally really counts: a calm voting day passes exactly the packages passing at the point estimate
    calm = VotingDay(np.zeros((1, len(op.model.groups))), np.zeros((1, 8)))
    point = tally(op.model, scenario, support, oppose, lean, calm)
    assert any(t.passed.any() or t.kind == "none" for t in point)


def test_single_path_draws_the_same_voting_day_from_the_same_generator(confed: Scenario) -> None:
    op = PublicOpinion.create(confed, seed=0, size=200)
    pkg = confed.reference("clinton-2000").options
    a = op.ratify(pkg, rng=np.random.default_rng(4), draws=300)
    b = op.ratify(pkg, day=voting_day(op.model, confed, np.random.default_rng(4), 300))
    assert a == b


def test_balanced_sample_keeps_the_population_shape(confed: Scenario) -> None:
    op = PublicOpinion.create(confed, seed=0, size=2000)
    sample = balanced_sample(op, 200)
    assert sample.size == 200 and all(p.size == 200 for p in sample.people)
    for whole, part in zip(op.people, sample.people, strict=True):
        assert abs(float(np.mean(part.ideology)) - float(np.mean(whole.ideology))) < 0.02  # stratified on it
        assert abs(float(part.taboo.mean()) - float(whole.taboo.mean())) < 0.06  # correlated with it


@pytest.mark.parametrize("scenario_id", ["confederation", "gaza-day-after"])
def test_kept_terms_give_the_very_verdicts_of_the_product(scenario_id: str) -> None:
    """A caller may keep each package's terms (the bots' forecaster does, across moods): summed in issue order they
    are the one-hot product's float32 values for two or more packages, whichever packages are asked together, so
    verdicts from kept terms are bit for bit the verdicts computed afresh. (Only a lone package goes through BLAS's
    single-row path, which rounds otherwise: the forecaster computes those afresh.)"""
    scenario = get_scenario(scenario_id)
    op = PublicOpinion.create(scenario, seed=2, size=300, as_of=None)
    op = op.apply_shift("all", mood=-0.04, trust_own=0.02).step_round()
    batch = BatchRatifier(op)
    x = packages(scenario, 41, seed=6)
    terms = batch.terms(x)
    assert terms.shape == (x.shape[0], batch.terms_width) and terms.dtype == np.float32
    np.testing.assert_array_equal(terms, batch.onehot(x) @ batch._weights)
    for rows in (slice(0, 2), slice(3, 20), slice(17, 41)):
        np.testing.assert_array_equal(batch.terms(x[rows]), terms[rows])  # a row does not depend on its batch
        fresh = batch.verdicts(op.state, x[rows])
        kept = batch.verdicts(op.state, x[rows], terms[rows])
        for a, b in zip(fresh, kept, strict=True):
            np.testing.assert_array_equal(a, b)


def _sacred_one_constituency_at_a_time(
    self: BatchRatifier,
    x: np.ndarray,
    oh: np.ndarray,
    changed: np.ndarray,
    u: np.ndarray,
    weighed_losses: np.ndarray,
    gain_factor: np.ndarray,
) -> None:
    """The sacred-value rule as the reaction states it, one constituency at a time on the texts touching one of its
    taboos: strength is the largest violation among the taboos a person holds (a rules x texts x people maximum),
    compensation the product of the offered terms with the offers."""
    per, comp = self._taboos(x, changed)
    n = self.size
    for k, grp in enumerate(self.groups):
        rules = np.flatnonzero(self._rule_group == k)
        if rules.size == 0:
            continue
        hit = np.flatnonzero(per[rules].any(axis=0))
        if hit.size == 0:
            continue
        strength = (per[rules][:, hit, None] * grp.taboo[:, None, :]).max(axis=0)
        mask = (comp[rules][:, hit, :].sum(axis=0) > 0) & changed[hit]
        masked = oh[hit] * np.repeat(mask, self.width, axis=1).astype(np.float32)
        compensation = masked @ self._offers[:, k * n : (k + 1) * n]
        taboo_u = (
            np.float32(-rx.SACRED_PENALTY)
            + weighed_losses[hit, k, :]
            - np.float32(rx.BACKFIRE * float(gain_factor[k])) * compensation
        )
        sub = u[hit, k, :]
        u[hit, k, :] = sub + strength * (taboo_u - sub)


@pytest.mark.parametrize("scenario_id", ["confederation", "gaza-day-after", "camp-david-2000"])
def test_sacred_values_of_every_constituency_at_once_are_the_rule_one_at_a_time(
    scenario_id: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The batch applies every constituency's sacred values in one pass over all texts (issue 16: faster games);
    the verdicts are exactly those of the rule applied constituency by constituency on the texts it concerns."""
    scenario = get_scenario(scenario_id)
    op = PublicOpinion.create(scenario, seed=4, size=300, as_of=None)
    op = op.apply_shift("all", mood=0.05, trust_other=0.03).step_round()
    batch = BatchRatifier(op)
    x = packages(scenario, 60, seed=9)
    every = [batch.verdicts(op.state, x[rows]) for rows in (slice(0, 1), slice(1, 3), slice(3, None))]
    monkeypatch.setattr(BatchRatifier, "_sacred", _sacred_one_constituency_at_a_time)
    direct = [batch.verdicts(op.state, x[rows]) for rows in (slice(0, 1), slice(1, 3), slice(3, None))]
    monkeypatch.setattr(BatchRatifier, "_sacred", lambda *args: None)
    without = batch.verdicts(op.state, x[3:])
    for fast, slow in zip(every, direct, strict=True):
        for a, b in zip(fast, slow, strict=True):
            np.testing.assert_array_equal(a, b)
    assert not np.array_equal(without[1], direct[2][1])  # the sacred values do change verdicts here


def test_a_kept_tally_plan_counts_as_a_fresh_one(confed: Scenario) -> None:
    """The batch path keeps the scenario's ratification rules as arrays (a plan) instead of building them on every
    count: the votes are the same as counted with a plan built on the spot."""
    op = PublicOpinion.create(confed, seed=1, size=300).apply_shift("all", mood=0.8)
    batch = BatchRatifier(op)
    support, oppose, lean = batch.verdicts(op.state, packages(confed, 30, seed=2))
    day = voting_day(op.model, confed, np.random.default_rng(8), 150)
    kept = tally(op.model, confed, support, oppose, lean, day, batch._plan)
    fresh = tally(op.model, confed, support, oppose, lean, day)
    assert any(t.passed.any() for t in fresh)
    for a, b in zip(kept, fresh, strict=True):
        assert a.delegation == b.delegation and a.kind == b.kind
        np.testing.assert_array_equal(a.passed, b.passed)
        np.testing.assert_array_equal(a.share_for, b.share_for)
