"""The bots' batch ratification forecast is the opinion layer's own answer: same shares, same probabilities, given the
same people and the same voting-day shocks; memoised answers equal fresh ones; and the forecast reads public opinion
only (the mood it is given), so it cannot leak a delegation's points."""

from __future__ import annotations

import numpy as np
import pytest

from negotiator.ai.forecast import Forecaster, ForecastMemo
from negotiator.engine.opinion.public import SIGNED
from negotiator.engine.opinion.reaction import package_context, shares
from negotiator.model.registry import get_scenario
from negotiator.model.schema import Scenario


@pytest.fixture(scope="module")
def confederation() -> Scenario:
    return get_scenario("confederation")


def _packages(scenario: Scenario, n: int, seed: int) -> np.ndarray:
    """Random packages, the reference packages and today (the status quo) itself."""
    rng = np.random.default_rng(seed)
    sizes = np.array([len(i.options) for i in scenario.issues])
    refs = [
        [[o.id for o in i.options].index(p.options[i.id]) for i in scenario.issues] for p in scenario.packages
    ]
    return np.vstack([(rng.random((n, sizes.size)) * sizes).astype(np.intp), np.array(refs, dtype=np.intp)])


@pytest.mark.parametrize("scenario_id", ["confederation", "water-and-crossings"])
def test_batch_forecast_equals_public_opinion_ratify(scenario_id: str) -> None:
    scenario = get_scenario(scenario_id)
    fc = Forecaster(scenario, size=400, draws=200, shocks_rng=np.random.default_rng(5))
    op = fc.opinion
    # a moved mood, as after a few rounds of news, so every state-dependent term is exercised
    state = op.apply_shift("all", mood=-0.05, trust_own=0.03, trust_other=-0.04).step_round().state
    op = op.with_state(state)
    x = _packages(scenario, 40, seed=1)
    support, oppose, lean = fc.verdicts(state, x)
    f = fc.forecast(state, x)
    for p, row in enumerate(x):
        mix, stance = package_context(op.model, row)
        for k, g in enumerate(op.model.groups):
            s, o, _ = shares(op._utilities(k, row, SIGNED, mix, stance[k]), g.band)
            assert support[p, k] == pytest.approx(s, abs=1.5 / fc.size)
            assert oppose[p, k] == pytest.approx(o, abs=1.5 / fc.size)
        r = op.ratify(row, rng=np.random.default_rng(5), draws=200)
        for v in r.votes:
            if v.kind != "none":
                assert f.of(v.delegation)[p] == pytest.approx(v.probability, abs=0.011)
        assert f.joint[p] == pytest.approx(r.probability, abs=0.011)
    assert (f.wide >= 0).all() and (f.wide <= 1).all()


def test_forecast_discriminates_and_wide_reading_sees_near_misses(confederation: Scenario) -> None:
    fc = Forecaster(confederation)
    x = _packages(confederation, 60, seed=2)
    f = fc.forecast(fc.opinion.state, x)
    assert f.joint.max() > f.joint.min()
    # a wider voting-day uncertainty lifts texts far from passing off zero, and never below the narrow reading's
    # near-certain ones
    hopeless = f.joint < 0.01
    assert hopeless.any() and (f.wide[hopeless] > 0).any()


def test_memo_returns_what_a_fresh_forecast_does(confederation: Scenario) -> None:
    fc = Forecaster(confederation)
    memo = ForecastMemo(fc)
    x = _packages(confederation, 12, seed=3)
    state = fc.opinion.state
    side1, joint1 = memo(state, x[:8])
    side2, joint2, wide2 = memo.full(state, x)  # 8 from the memo, 4 fresh, in the order asked
    fresh = fc.forecast(state, x)
    np.testing.assert_array_equal(joint2, fresh.joint)
    np.testing.assert_array_equal(side2, fresh.side)
    np.testing.assert_array_equal(wide2, fresh.wide)
    np.testing.assert_array_equal(joint1, fresh.joint[:8])
    other = fc.opinion.apply_shift("all", mood=-0.2).state
    assert not np.array_equal(memo(other, x)[1], joint2)  # another mood, another answer (not a stale one)
