"""Batch scoring: the chunked lookup-table scorer equals the plain definition for every input form."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import negotiator.engine.scoring as scoring
from negotiator.engine.compiled import compile_scenario
from negotiator.model.registry import get_scenario, shipped_scenarios

SCENARIOS = [s for s in ("water-and-crossings", "confederation") if s in shipped_scenarios()]


def _random_packages(compiled, n: int, seed: int) -> np.ndarray:  # type: ignore[no-untyped-def]
    rng = np.random.default_rng(seed)
    return (rng.random((n, compiled.n_issues)) * compiled.n_options).astype(np.intp)


@pytest.mark.parametrize("scenario_id", SCENARIOS)
@pytest.mark.parametrize("dtype", [np.int8, np.int16, np.int32, np.int64])
def test_score_equals_reference_for_any_integer_dtype(scenario_id: str, dtype: type) -> None:
    compiled = compile_scenario(get_scenario(scenario_id))
    packages = _random_packages(compiled, 50_000, seed=3)
    want = compiled.score_reference(packages)
    got = compiled.score(packages.astype(dtype))
    assert got.shape == (50_000, compiled.n_parties)
    np.testing.assert_allclose(got, want, rtol=0, atol=1e-9)


@pytest.mark.parametrize("scenario_id", SCENARIOS)
def test_single_package_and_reference_packages(scenario_id: str) -> None:
    scenario = get_scenario(scenario_id)
    compiled = compile_scenario(scenario)
    for ref in scenario.packages:
        row = compiled.encode(ref.options)
        one = compiled.score(row)
        assert one.shape == (1, compiled.n_parties)
        np.testing.assert_allclose(one, compiled.score_reference(row), rtol=0, atol=1e-9)


@settings(max_examples=15, deadline=None)
@given(rows=st.sampled_from([2, 7, 40, 300, 5000]), seed=st.integers(0, 10_000))
def test_small_tables_with_straddling_interactions_still_exact(rows: int, seed: int) -> None:
    """Force tiny chunk tables so many interaction terms straddle chunks (the masked-add path)."""
    compiled = compile_scenario(get_scenario(SCENARIOS[-1]))
    old = scoring.TABLE_ROWS
    scoring.TABLE_ROWS = rows
    try:
        scorer = scoring.build_scorer(compiled)
    finally:
        scoring.TABLE_ROWS = old
    if rows <= 7 and compiled.inter_points.size:
        assert scorer.straddling, "tiny tables must leave interaction terms across chunks"
    packages = _random_packages(compiled, 20_000, seed)
    np.testing.assert_allclose(scorer.score(packages), compiled.score_reference(packages), rtol=0, atol=1e-9)
