"""Brute-force references for the engine tests: enumerate every package and apply the definitions literally."""

from __future__ import annotations

import math
from fractions import Fraction

import numpy as np
from hypothesis import strategies as st

from negotiator.engine.domain import Domain, InteractionTerm, make_domain


def all_scores(domain: Domain) -> tuple[np.ndarray, np.ndarray]:
    packages = domain.enumerate_packages()
    return packages, domain.score_q(packages)


def frontier_vectors(q: np.ndarray) -> set[tuple[int, ...]]:
    """Distinct utility vectors not dominated by any package (pairwise, O(n^2))."""
    out: set[tuple[int, ...]] = set()
    for row in q:
        ge = np.all(q >= row, axis=1)
        gt = np.any(q > row, axis=1)
        if not np.any(ge & gt):
            out.add(tuple(int(v) for v in row))
    return out


def nash_vectors(q: np.ndarray, r: np.ndarray) -> set[tuple[int, ...]]:
    best, arg = None, set()
    for row in q:
        g = [int(a) - int(b) for a, b in zip(row, r, strict=True)]
        if min(g) <= 0:
            continue
        p = math.prod(g)
        if best is None or p > best:
            best, arg = p, {tuple(int(v) for v in row)}
        elif p == best:
            arg.add(tuple(int(v) for v in row))
    return arg


def _leximin_optimal(rows: list[tuple[int, ...]], keys: list[list[Fraction]]) -> set[tuple[int, ...]]:
    if not rows:
        return set()
    sk = [sorted(k) for k in keys]
    top = max(sk)
    return {row for row, k in zip(rows, sk, strict=True) if k == top}


def zopa_rows(q: np.ndarray, r: np.ndarray) -> list[tuple[int, ...]]:
    return [tuple(int(v) for v in row) for row in q if np.all(row >= r)]


def egalitarian_vectors(q: np.ndarray, r: np.ndarray) -> set[tuple[int, ...]]:
    rows = zopa_rows(q, r)
    return _leximin_optimal(
        rows, [[Fraction(a - int(b)) for a, b in zip(row, r, strict=True)] for row in rows]
    )


def ks_vectors(q: np.ndarray, r: np.ndarray) -> set[tuple[int, ...]]:
    rows = zopa_rows(q, r)
    if not rows:
        return set()
    gains = [[a - int(b) for a, b in zip(row, r, strict=True)] for row in rows]
    ideal = [max(g[j] for g in gains) for j in range(len(r))]
    keys = [[Fraction(g[j], ideal[j]) if ideal[j] > 0 else Fraction(1) for j in range(len(r))] for g in gains]
    best_min = max(min(k) for k in keys)
    cand = [(row, k) for row, k in zip(rows, keys, strict=True) if min(k) == best_min]
    return _leximin_optimal([c[0] for c in cand], [c[1] for c in cand])


@st.composite
def small_domains(
    draw: st.DrawFn,
    min_parties: int = 2,
    max_parties: int = 4,
    interactions: bool | None = None,
    max_issues: int = 5,
) -> Domain:
    """Random small domains: integer-valued (many ties) or float-valued points, optional interaction terms."""
    k = draw(st.integers(min_parties, max_parties))
    n_issues = draw(st.integers(1, max_issues))
    sizes = [draw(st.integers(1, 4)) for _ in range(n_issues)]
    integer = draw(st.booleans())
    elem = st.integers(0, 5).map(float) if integer else st.floats(0.0, 30.0, allow_nan=False, width=32)
    values = [
        np.array(draw(st.lists(st.lists(elem, min_size=k, max_size=k), min_size=m, max_size=m)), dtype=float)
        for m in sizes
    ]
    terms: list[InteractionTerm] = []
    use_inter = draw(st.booleans()) if interactions is None else interactions
    if use_inter and n_issues >= 2:
        for _ in range(draw(st.integers(1, 3))):
            a = draw(st.integers(0, n_issues - 1))
            b = draw(st.integers(0, n_issues - 1).filter(lambda x, a=a: x != a))
            terms.append(
                InteractionTerm(
                    party=draw(st.integers(0, k - 1)),
                    issue_a=a,
                    option_a=draw(st.integers(0, sizes[a] - 1)),
                    issue_b=b,
                    option_b=draw(st.integers(0, sizes[b] - 1)),
                    points=float(draw(st.integers(-6, 6))) if integer else draw(st.floats(-10, 10, width=32)),
                )
            )
    total_max = sum(float(v.max()) for v in values)
    top = max(int(total_max * 0.8), 1)
    reservation = [float(draw(st.integers(0, top))) for _ in range(k)]
    if not integer:
        reservation = [x + draw(st.sampled_from([0.0, 0.25, 0.5])) for x in reservation]
    return make_domain(values, reservation, terms)
