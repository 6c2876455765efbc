"""The bots' forecast is the opinion layer's batch path on a sample of the game's own publics: it calls it (it does
not re-implement it), memoised answers equal fresh ones, and the forecast reads public opinion only (the mood it is
given), so it cannot leak a delegation's points."""

from __future__ import annotations

import ast
import inspect

import numpy as np
import pytest

from negotiator.ai import forecast
from negotiator.ai.forecast import Forecaster, ForecastMemo, forecast_memo
from negotiator.engine.opinion import PublicOpinion
from negotiator.engine.opinion.batch import BatchRatifier
from negotiator.game.runtime import ScenarioRuntime
from negotiator.model.registry import get_scenario
from negotiator.model.schema import Scenario
from tests.opinion.test_batch import packages


@pytest.fixture(scope="module")
def confederation() -> Scenario:
    return get_scenario("confederation")


WARM = 0.8
"""A mood the game's publics reach after a run of good news in play (dynamics.MOOD_LIMIT is 1.5): at the scenario's
own post-2023 date almost no text passes, so the forecasts are read in publics that play has warmed, not in the
2016-2018 electorate the bots never meet."""


@pytest.fixture(scope="module")
def forecaster(confederation: Scenario) -> Forecaster:
    # the publics the bots meet: the scenario's own date (2025-10, the mood of July 2024)
    return Forecaster(PublicOpinion.create(confederation, seed=0, size=1500))


def test_forecast_is_the_batch_path_over_the_forecasters_voting_days(forecaster: Forecaster) -> None:
    x = packages(forecaster.scenario, 30, seed=4)
    state = forecaster.opinion.apply_shift("all", mood=WARM).state
    f = forecaster.forecast(state, x)
    assert f.joint.max() > 0.1  # some texts pass, so the comparison below compares probabilities, not zeros
    again = BatchRatifier(forecaster.opinion)
    narrow = again.ratify(state, x, forecaster.day)
    wide = again.ratify(state, x, forecaster.wide_day)
    np.testing.assert_array_equal(f.joint, narrow.joint)
    np.testing.assert_array_equal(f.side, narrow.side)
    np.testing.assert_array_equal(f.wide, wide.joint)
    assert f.sides == narrow.sides


def test_forecast_module_computes_nothing_about_opinion_itself() -> None:
    """No import of the opinion layer's internals (reaction, ratification formulas, populations)."""
    tree = ast.parse(inspect.getsource(forecast))
    imported = {node.module for node in ast.walk(tree) if isinstance(node, ast.ImportFrom)}
    assert not imported & {
        "negotiator.engine.opinion.reaction",
        "negotiator.engine.opinion.population",
        "negotiator.engine.opinion.dynamics",
    }
    assert "rat_mod" not in inspect.getsource(forecast)


def test_forecast_discriminates_and_wide_reading_sees_near_misses(forecaster: Forecaster) -> None:
    x = packages(forecaster.scenario, 60, seed=2)
    f = forecaster.forecast(forecaster.opinion.apply_shift("all", mood=WARM).state, x)
    assert f.joint.max() > f.joint.min()
    # a wider voting-day uncertainty lifts texts far from passing off zero
    hopeless = f.joint < 0.01
    assert hopeless.any() and (f.wide[hopeless] > 0).any()


def test_memo_returns_what_a_fresh_forecast_does(forecaster: Forecaster) -> None:
    memo = ForecastMemo(forecaster)
    x = packages(forecaster.scenario, 12, seed=3)
    state = forecaster.opinion.apply_shift("all", mood=WARM).state
    side1, joint1 = memo(state, x[:8])
    side2, joint2, wide2 = memo.full(state, x)  # 8 from the memo, 4 fresh, in the order asked
    fresh = forecaster.forecast(state, x)
    np.testing.assert_array_equal(joint2, fresh.joint)
    np.testing.assert_array_equal(side2, fresh.side)
    np.testing.assert_array_equal(wide2, fresh.wide)
    np.testing.assert_array_equal(joint1, fresh.joint[:8])
    other = forecaster.opinion.apply_shift("all", mood=WARM + 0.3).state
    assert not np.array_equal(memo(other, x)[1], joint2)  # another mood, another answer (not a stale one)


def test_terms_kept_across_moods_change_no_forecast(forecaster: Forecaster) -> None:
    """The memo keeps each package's terms across moods: texts asked again after the mood moved (alone, or with
    new ones) get exactly what a fresh forecast gives, and the kept terms stay within their memory."""
    memo = ForecastMemo(forecaster)
    x = packages(forecaster.scenario, 20, seed=8)
    first = forecaster.opinion.apply_shift("all", mood=WARM).state
    memo.full(first, x[:12])
    moved = forecaster.opinion.with_state(first).apply_shift("all", mood=-0.05, trust_other=0.02).state
    for rows in (x[:12], x[4:20], x[10:12]):  # all kept, some kept, two kept ones alone
        got = memo.full(moved, rows)
        fresh = forecaster.forecast(moved, rows)
        np.testing.assert_array_equal(got[0], fresh.side)
        np.testing.assert_array_equal(got[1], fresh.joint)
        np.testing.assert_array_equal(got[2], fresh.wide)
        assert fresh.side.max() > 0.05  # probabilities, not zeros, are compared
        moved = forecaster.opinion.with_state(moved).apply_shift("all", mood=0.02).step_round().state
    assert len(memo._terms) == 20
    small = ForecastMemo(forecaster)
    small._terms_kept = 5
    small.full(first, x)
    assert len(small._terms) == 5  # bounded: the oldest go
    np.testing.assert_array_equal(small.full(moved, x)[1], forecaster.forecast(moved, x).joint)


def test_one_forecaster_per_runtime_on_the_games_own_people() -> None:
    water = get_scenario("water-and-crossings")
    rt = ScenarioRuntime(water)
    memo = forecast_memo(rt)
    assert forecast_memo(rt) is memo  # every bot of the game shares it
    assert forecast_memo(ScenarioRuntime(water)) is not memo  # another runtime, its own
    # the forecaster samples the runtime's own simulated people (one population per game)
    whole = rt.opinion.people[0]
    sample = memo.forecaster.opinion.people[0]
    assert set(np.round(sample.ideology, 6).tolist()) <= set(np.round(whole.ideology, 6).tolist())
