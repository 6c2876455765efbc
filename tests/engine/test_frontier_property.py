"""Property tests: the merged frontier and the bargaining solutions equal brute force on random small domains
(2 to 4 parties, with and without interaction terms, integer values with many ties and float values)."""

from __future__ import annotations

from fractions import Fraction

import numpy as np
import pytest
from engine_brute import (
    all_scores,
    egalitarian_vectors,
    frontier_vectors,
    ks_vectors,
    nash_vectors,
    small_domains,
)
from hypothesis import given, settings
from hypothesis import strategies as st

from negotiator.engine.domain import Domain
from negotiator.engine.dominance import dominance_counts, nondominated
from negotiator.engine.metrics import metrics_on
from negotiator.engine.pareto import frontier_of
from negotiator.engine.solutions import egalitarian_point, kalai_smorodinsky_point, nash_point
from negotiator.engine.zone import count_at_least, zopa_of


def _vec(q: np.ndarray) -> tuple[int, ...]:
    return tuple(int(v) for v in q)


def _check_frontier(domain: Domain) -> None:
    packages, q = all_scores(domain)
    frontier = frontier_of(domain)
    expected = frontier_vectors(q)
    got = [_vec(row) for row in frontier.q]
    assert len(got) == len(set(got)), "one package per distinct utility vector"
    assert set(got) == expected
    # Every reported package is a real, allowed package with exactly the reported utilities.
    assert np.array_equal(domain.score_q(frontier.packages), frontier.q)
    assert domain.is_allowed(frontier.packages).all()
    r = domain.reservation_q
    nash = nash_point(frontier)
    want = nash_vectors(q, r)
    assert (nash is None) == (not want)
    if nash is not None:
        assert _vec(nash.q) in want
    ks = kalai_smorodinsky_point(frontier)
    want = ks_vectors(q, r)
    assert (ks is None) == (not want)
    if ks is not None:
        assert _vec(ks.q) in want
    eg = egalitarian_point(frontier)
    want = egalitarian_vectors(q, r)
    assert (eg is None) == (not want)
    if eg is not None:
        assert _vec(eg.q) in want


@settings(max_examples=60, deadline=None)
@given(small_domains(interactions=False))
def test_frontier_and_solutions_equal_brute_force_without_interactions(domain: Domain) -> None:
    _check_frontier(domain)


@settings(max_examples=60, deadline=None)
@given(small_domains(interactions=True))
def test_frontier_and_solutions_equal_brute_force_with_interactions(domain: Domain) -> None:
    _check_frontier(domain)


@settings(max_examples=40, deadline=None)
@given(small_domains(min_parties=3, max_parties=4))
def test_multi_party_frontier_equals_brute_force(domain: Domain) -> None:
    _check_frontier(domain)


points_sets = st.integers(1, 5).flatmap(
    lambda d: st.tuples(
        st.lists(st.lists(st.integers(-2, 2), min_size=d, max_size=d), min_size=0, max_size=40),
        st.lists(st.lists(st.integers(-2, 2), min_size=d, max_size=d), min_size=0, max_size=40),
        st.just(d),
    )
)


@settings(max_examples=80, deadline=None)
@given(points_sets)
def test_dominance_counts_equal_pairwise_counting(data: tuple[list[list[int]], list[list[int]], int]) -> None:
    pts_l, qs_l, d = data
    pts = np.array(pts_l, dtype=np.int64).reshape(-1, d)
    qs = np.array(qs_l, dtype=np.int64).reshape(-1, d)
    got = dominance_counts(pts, qs)
    want = [int(np.all(pts >= q, axis=1).sum()) for q in qs]
    assert got.tolist() == want


@settings(max_examples=80, deadline=None)
@given(points_sets)
def test_nondominated_keeps_first_of_each_undominated_vector(
    data: tuple[list[list[int]], list[list[int]], int],
) -> None:
    pts_l, _, d = data
    pts = np.array(pts_l, dtype=np.int64).reshape(-1, d)
    got = nondominated(pts).tolist()
    want = []
    seen: set[tuple[int, ...]] = set()
    for i, row in enumerate(pts):
        dominated = np.any(np.all(pts >= row, axis=1) & np.any(pts > row, axis=1))
        if not dominated and tuple(row) not in seen:
            want.append(i)
            seen.add(tuple(row))
    assert got == want


@settings(max_examples=80, deadline=None)
@given(small_domains(min_parties=2, max_parties=4, max_issues=6))
def test_zopa_count_equals_brute_force(domain: Domain) -> None:
    _, q = all_scores(domain)
    frontier = frontier_of(domain)
    z = zopa_of(frontier)
    r = domain.reservation_q
    assert z.size == int(np.all(q >= r, axis=1).sum())
    assert z.outcome_count == q.shape[0]
    # Best points: exactly the frontier vectors inside the ZOPA.
    inside = {tuple(int(v) for v in row) for row in q if np.all(row >= r)}
    best = {tuple(int(v) for v in row) for row in frontier.q[z.best_rows]}
    assert best == frontier_vectors(q) & inside
    if z.ideal is None:
        assert not inside
    else:
        assert np.allclose(z.ideal, domain.to_points(np.array(list(inside)).max(axis=0)))


@settings(max_examples=60, deadline=None)
@given(small_domains(min_parties=1, max_parties=4, max_issues=6), st.data())
def test_count_at_least_any_thresholds(domain: Domain, data: st.DataObject) -> None:
    _, q = all_scores(domain)
    picks = data.draw(
        st.lists(st.integers(0, q.shape[0] - 1), min_size=domain.n_parties, max_size=domain.n_parties)
    )
    t = np.array([q[p, j] for j, p in enumerate(picks)], dtype=np.int64)
    assert count_at_least(domain, t) == int(np.all(q >= t, axis=1).sum())


@st.composite
def rational_domains(draw: st.DrawFn) -> tuple[Domain, list[list[list[Fraction]]], list[Fraction]]:
    """Values that are fractions with small per-party denominators (like priority-weighted points): float sums of
    these tie only approximately, exact arithmetic must tie them exactly."""
    k = draw(st.integers(2, 3))
    dens = [draw(st.sampled_from([3, 7, 11, 12, 110])) for _ in range(k)]
    n_issues = draw(st.integers(1, 5))
    sizes = [draw(st.integers(1, 4)) for _ in range(n_issues)]
    nums = [[[draw(st.integers(0, 40)) for _ in range(k)] for _ in range(m)] for m in sizes]
    exact = [[[Fraction(v, dens[p]) for p, v in enumerate(row)] for row in issue] for issue in nums]
    values = [np.array([[float(x) for x in row] for row in issue]) for issue in exact]
    res = [Fraction(draw(st.integers(0, 40 * n_issues)), dens[p]) for p in range(k)]
    reservation = np.array([float(x) for x in res])
    from negotiator.engine.domain import exact_units, make_domain

    unit = exact_units(values, reservation, [])
    assert unit is not None
    return make_domain(values, reservation, unit=unit), exact, res


@settings(max_examples=60, deadline=None)
@given(rational_domains())
def test_rational_values_tie_exactly(data: tuple[Domain, list[list[list[Fraction]]], list[Fraction]]) -> None:
    domain, exact, res = data
    packages = domain.enumerate_packages()
    utils = [
        [sum((exact[i][int(o)][p] for i, o in enumerate(pk)), Fraction(0)) for p in range(domain.n_parties)]
        for pk in packages
    ]
    frontier_exact = set()
    for u in utils:
        if not any(all(v[p] >= u[p] for p in range(len(u))) and v != u for v in utils):
            frontier_exact.add(tuple(u))
    frontier = frontier_of(domain)
    got = [tuple(domain.exact_points(row)) for row in frontier.q]
    assert set(got) == frontier_exact and len(got) == len(frontier_exact)
    assert domain.exact_points(domain.reservation_q) == res
    zopa = zopa_of(frontier)
    assert zopa.size == sum(1 for u in utils if all(a >= b for a, b in zip(u, res, strict=True)))


@settings(max_examples=40, deadline=None)
@given(small_domains(min_parties=2, max_parties=3, max_issues=4), st.data())
def test_deal_metrics_equal_brute_force(domain: Domain, data: st.DataObject) -> None:
    packages, q = all_scores(domain)
    frontier = frontier_of(domain)
    row = data.draw(st.integers(0, packages.shape[0] - 1))
    m = metrics_on(frontier, packages[row])
    u = domain.to_points(q)
    mine = u[row]
    # Largest equal gain every party can still get, over every package.
    assert m.frontier_gap == pytest.approx(max(0.0, float((u - mine).min(axis=1).max())), abs=1e-9)
    dominated = bool(np.any(np.all(q >= q[row], axis=1) & np.any(q > q[row], axis=1)))
    assert m.on_frontier == (not dominated)
    optimal = ~np.array([np.any(np.all(q >= r, axis=1) & np.any(q > r, axis=1)) for r in q])
    better = u[optimal & np.all(q >= q[row], axis=1)]
    assert m.nearest_distance == pytest.approx(
        float(np.sqrt(((better - mine) ** 2).sum(axis=1)).min()), abs=1e-9
    )
    gains = u - domain.to_points(domain.reservation_q)
    inside = np.all(q >= domain.reservation_q, axis=1)
    if inside.any():
        assert m.available_surplus == pytest.approx(float(gains[inside].sum(axis=1).max()), abs=1e-9)
    else:
        assert m.available_surplus is None
    if m.available_surplus:
        assert m.share_of_surplus is not None
        assert float(m.share_of_surplus.sum()) == pytest.approx(m.joint_gain / m.available_surplus, abs=1e-9)
    else:
        assert m.share_of_surplus is None
    s = np.maximum(gains[row], 0)
    assert m.equality == (None if s.max() == 0 else pytest.approx(s.min() / s.max()))


@settings(max_examples=25, deadline=None)
@given(st.integers(1, 5), st.integers(0, 2**32 - 1), st.sampled_from([3, 50, 10**6]), st.integers(0, 3000))
def test_divide_and_conquer_counts_equal_direct_counts(d: int, seed: int, spread: int, n: int) -> None:
    """Both counting paths (direct comparison, and the divide and conquer used for large inputs) agree, with groups,
    on inputs big enough to exercise every level (including the direct-comparison blocks at the bottom)."""
    from negotiator.engine.dominance import _count_direct, _dominance_counts_grouped, _sweep_keep

    rng = np.random.default_rng(seed)
    pts = rng.integers(0, spread, size=(n, d))
    qs = rng.integers(0, spread, size=(n // 2 + 1, d))
    zeros_p, zeros_q = np.zeros(len(pts), np.int64), np.zeros(len(qs), np.int64)
    assert np.array_equal(_dominance_counts_grouped(pts, qs, zeros_p, zeros_q), _count_direct(pts, qs))
    groups_p, groups_q = rng.integers(0, 3, len(pts)), rng.integers(0, 3, len(qs))
    grouped = _dominance_counts_grouped(pts, qs, groups_p, groups_q)
    for g in range(3):
        assert np.array_equal(grouped[groups_q == g], _count_direct(pts[groups_p == g], qs[groups_q == g]))
    # The two non-dominated filters agree too (on distinct rows, within groups).
    if d >= 3 and n:
        uniq = np.unique(pts, axis=0)
        grp = rng.integers(0, 2, len(uniq))
        counts = _dominance_counts_grouped(uniq, uniq, grp, grp)
        assert np.array_equal(_sweep_keep(uniq, grp), counts == 1)


@settings(max_examples=25, deadline=None)
@given(
    st.integers(0, 2**32 - 1),
    st.sampled_from([3, 50, 10**6, 2**40]),
    st.integers(0, 5000),
    st.integers(0, 3000),
)
def test_two_dimensional_counts_equal_direct_counts(seed: int, spread: int, n: int, m: int) -> None:
    """The two-dimensional path (blocks of points read from a table, the last partial block compared directly) counts
    as the direct comparison does, over many blocks, ties, negative values and queries equal to points."""
    from negotiator.engine.dominance import _count_2d, _count_direct

    rng = np.random.default_rng(seed)
    pts = rng.integers(-spread, spread, size=(n, 2))
    qs = rng.integers(-spread, spread, size=(m, 2))
    if n and m:
        qs[: m // 2] = pts[rng.integers(0, n, m // 2)]
    assert np.array_equal(_count_2d(pts, qs), _count_direct(pts, qs))
