"""Property tests: the merged frontier and the bargaining solutions equal brute force on random small domains
(2 to 4 parties, with and without interaction terms, integer values with many ties and float values)."""

from __future__ import annotations

import numpy as np
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
from negotiator.engine.pareto import frontier_of
from negotiator.engine.solutions import egalitarian_point, kalai_smorodinsky_point, nash_point
from negotiator.engine.zopa import count_at_least, zopa_of


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
def test_nondominated_keeps_first_of_each_undominated_vector(data: tuple[list[list[int]], list[list[int]], int]) -> None:
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
    picks = data.draw(st.lists(st.integers(0, q.shape[0] - 1), min_size=domain.n_parties,
                               max_size=domain.n_parties))
    t = np.array([q[p, j] for j, p in enumerate(picks)], dtype=np.int64)
    assert count_at_least(domain, t) == int(np.all(q >= t, axis=1).sum())
