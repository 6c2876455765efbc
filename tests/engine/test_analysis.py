"""The analysis on the shipped scenarios: equal to brute force where brute force is possible (the teaching scenario,
and the confederation scenario restricted to sub-spaces), and no frontier point beaten by sampled packages."""

from __future__ import annotations

import json

import numpy as np
import pytest
from engine_brute import egalitarian_vectors, frontier_vectors, ks_vectors, nash_vectors

from negotiator.engine import (
    analyze,
    build_domain,
    compile_scenario,
    count_at_least,
    deal_metrics_report,
    frontier_of,
    nash_point,
    red_line_mask,
    zopa_of,
)
from negotiator.engine.domain import AnalysisError
from negotiator.model.registry import get_scenario, shipped_scenarios

HAS_CONFEDERATION = "confederation" in shipped_scenarios()
needs_confederation = pytest.mark.skipif(
    not HAS_CONFEDERATION, reason="confederation scenario not shipped yet"
)


def _vec(row: np.ndarray) -> tuple[int, ...]:
    return tuple(int(v) for v in row)


def _check_against_brute_force(domain) -> None:  # type: ignore[no-untyped-def]
    packages = domain.enumerate_packages()
    q = domain.score_q(packages)
    frontier = frontier_of(domain)
    assert {_vec(r) for r in frontier.q} == frontier_vectors(q)
    assert len(frontier) == len({_vec(r) for r in frontier.q})
    r = domain.reservation_q
    for point, want in ((nash_point(frontier), nash_vectors(q, r)),):
        assert (point is None) == (not want)
        if point is not None:
            assert _vec(point.q) in want
    zopa = zopa_of(frontier)
    assert zopa.size == int(np.all(q >= r, axis=1).sum())
    return None


def test_teaching_scenario_equals_brute_force_on_float_utilities() -> None:
    scenario = get_scenario("water-and-crossings")
    compiled = compile_scenario(scenario)
    result = analyze(scenario)
    assert result.party_ids == ("israel", "palestine")
    assert result.outcome_count == compiled.outcome_count
    domain = result.frontier.domain
    packages = domain.enumerate_packages()
    u = compiled.score_reference(packages)  # the float definition, independent of the fixed point
    dominated = np.array([np.any(np.all(u >= row, axis=1) & np.any(u > row, axis=1)) for row in u])
    want = {tuple(np.round(row, 9)) for row in u[~dominated]}
    got = {tuple(np.round(row, 9)) for row in result.frontier.utilities}
    assert got == want
    np.testing.assert_allclose(
        compiled.score_reference(result.frontier.packages), result.frontier.utilities, rtol=0, atol=1e-9
    )
    q = domain.score_q(packages)
    r = domain.reservation_q
    assert _vec(result.nash.q) in nash_vectors(q, r)
    assert _vec(result.kalai_smorodinsky.q) in ks_vectors(q, r)
    assert _vec(result.egalitarian.q) in egalitarian_vectors(q, r)
    assert result.zopa.size == int(np.all(u >= compiled.reservation - 1e-9, axis=1).sum())
    json.dumps(result.to_json())


def test_red_lines_restrict_the_space_exactly() -> None:
    scenario = get_scenario("water-and-crossings")
    result = analyze(scenario, respect_red_lines=True)
    compiled = result.compiled
    mask = red_line_mask(scenario, compiled, ["israel", "palestine"])
    assert not mask.all()
    assert result.outcome_count == int(np.prod(mask.sum(axis=1)))
    assert result.frontier.domain.is_allowed(result.frontier.packages).all()
    _check_against_brute_force(result.frontier.domain)
    for d in scenario.delegations:
        for line in d.red_lines:
            i = compiled.issue_ids.index(line.issue)
            chosen = {compiled.option_ids[i][o] for o in result.frontier.packages[:, i].tolist()}
            assert not chosen & set(line.options)


def test_unknown_or_repeated_parties_are_clear_errors() -> None:
    scenario = get_scenario("water-and-crossings")
    with pytest.raises(AnalysisError, match="no delegation"):
        analyze(scenario, ["israel", "nobody"])
    with pytest.raises(AnalysisError, match="twice"):
        analyze(scenario, ["israel", "israel"])


def _subspace(compiled, free_issues: list[int], base: np.ndarray) -> np.ndarray:  # type: ignore[no-untyped-def]
    """Allowed mask: every option on ``free_issues``, only ``base``'s option elsewhere."""
    allowed = np.zeros((compiled.n_issues, int(compiled.n_options.max())), dtype=bool)
    for i in range(compiled.n_issues):
        if i in free_issues:
            allowed[i, : int(compiled.n_options[i])] = True
        else:
            allowed[i, int(base[i])] = True
    return allowed


@needs_confederation
@pytest.mark.parametrize(
    "parties",
    [
        ["israel", "palestine"],
        ["israel", "palestine", "united-states"],
        ["israel", "palestine", "arab-states", "european-union"],
    ],
)
def test_confederation_subspaces_equal_brute_force(parties: list[str]) -> None:
    """Real point schedules and interaction terms, on sub-spaces small enough to enumerate."""
    compiled = compile_scenario(get_scenario("confederation"))
    full = frontier_of(build_domain(compiled, parties))
    rng = np.random.default_rng(5)
    coupled = sorted({int(i) for i in np.concatenate([compiled.inter_issue_a, compiled.inter_issue_b])})
    for trial in range(3):
        free = sorted(rng.choice(coupled, size=5, replace=False).tolist())
        base = full.packages[rng.integers(len(full))] if trial else nash_point(full).package  # type: ignore[union-attr]
        domain = build_domain(compiled, parties, _subspace(compiled, free, base))
        assert domain.outcome_count <= 20_000
        _check_against_brute_force(domain)


@needs_confederation
def test_confederation_frontier_not_beaten_by_sampled_packages() -> None:
    scenario = get_scenario("confederation")
    result = analyze(scenario)
    assert set(result.party_ids) == {d.id for d in scenario.principals}
    compiled = compile_scenario(scenario, result.party_ids)
    rng = np.random.default_rng(99)
    sample = (rng.random((100_000, compiled.n_issues)) * compiled.n_options).astype(np.intp)
    # Also sample near the frontier, where a mistake would hide: change one or two issues of frontier packages.
    near = np.repeat(result.frontier.packages, 50, axis=0)
    for _ in range(2):
        col = rng.integers(compiled.n_issues, size=near.shape[0])
        near[np.arange(near.shape[0]), col] = (rng.random(near.shape[0]) * compiled.n_options[col]).astype(
            np.intp
        )
    f = result.frontier.utilities
    for batch in np.array_split(np.concatenate([sample, near]), 40):
        u = compiled.score_reference(batch)
        beats = np.all(u[:, None, :] >= f[None, :, :] - 1e-9, axis=2) & np.any(
            u[:, None, :] > f[None, :, :] + 1e-9, axis=2
        )
        assert not beats.any()
    np.testing.assert_allclose(compiled.score_reference(result.frontier.packages), f, rtol=0, atol=1e-9)
    # The frontier is a staircase: strictly decreasing for the second party as the first gains.
    assert np.all(np.diff(f[:, 0]) < 0) and np.all(np.diff(f[:, 1]) > 0)
    # Best ZOPA points lie inside the walk-away values; the Nash point is one of them.
    inside = result.frontier.rational_mask()
    assert inside.sum() == result.zopa.best_rows.size
    assert result.nash is not None and inside[result.nash.index]
    assert result.zopa.size >= result.zopa.best_rows.size


@needs_confederation
def test_zopa_count_matches_counts_on_slices() -> None:
    """The ZOPA size equals the sum of ZOPA sizes over the options of one issue (each slice counted separately)."""
    compiled = compile_scenario(get_scenario("confederation"))
    domain = build_domain(compiled, ["israel", "palestine"])
    total = count_at_least(domain, domain.reservation_q)
    issue = 2
    parts = 0
    for o in range(int(compiled.n_options[issue])):
        allowed = domain.allowed.copy()
        allowed[issue] = False
        allowed[issue, o] = True
        sliced = build_domain(compiled, ["israel", "palestine"], allowed)
        parts += count_at_least(sliced, sliced.reservation_q)
    assert parts == total > 0


@needs_confederation
def test_every_reference_package_gets_json_metrics() -> None:
    scenario = get_scenario("confederation")
    compiled = compile_scenario(scenario)
    for ref in scenario.packages:
        report = deal_metrics_report(scenario, ref.options)
        json.dumps(report)
        assert report["parties"] == ["israel", "palestine"]
        u = compiled.score_one(ref.options)
        for pid, row in report["delegations"].items():
            assert row["points"] == pytest.approx(u[pid], abs=1e-3)
            assert row["surplus"] == pytest.approx(
                u[pid] - scenario.delegation(pid).reservation_value, abs=1e-3
            )
        assert report["frontier_gap"] >= 0
        if report["on_frontier"]:
            assert report["nearest_frontier_point"]["distance"] == pytest.approx(0, abs=1e-9)
