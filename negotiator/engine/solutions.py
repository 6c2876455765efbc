"""Bargaining solutions on an exact Pareto frontier: Nash, Kalai-Smorodinsky, egalitarian.

The disagreement point is each party's walk-away value (reservation value); a party's *gain* is its utility minus
that value. All comparisons are exact (fixed-point integers, Python integers for products, fractions for ratios).
Ties are broken by leximin (the sorted gains compared lexicographically) where stated, then by frontier order (first
row wins), so results are deterministic.

- **Nash**: maximise the product of gains among packages where every gain is > 0. The maximiser is Pareto-optimal
  (a dominating package has a product at least as large, strictly larger when all gains are positive), so searching
  the frontier is exact. ``None`` when no package gives every party a positive gain.
- **Kalai-Smorodinsky**: among frontier packages in the ZOPA (every gain >= 0), maximise the minimum over parties of
  gain / ideal gain, where the ideal gain is the best gain the party can get anywhere in the ZOPA (a party whose
  ideal gain is 0 counts as fully satisfied). Ties by leximin of the normalised gains. ``None`` if the ZOPA is empty.
- **Egalitarian**: among frontier packages in the ZOPA, maximise the minimum gain in points (ties by leximin).
  ``None`` if the ZOPA is empty.
- **Utilitarian** (used by the deal metrics): maximise the sum of gains over the ZOPA.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from fractions import Fraction

import numpy as np

from negotiator.engine.compiled import FloatArray, IntArray
from negotiator.engine.domain import QArray
from negotiator.engine.pareto import Frontier

_FLOAT_SLACK = 1e-9
"""Relative slack of the float pre-selection; the final choice among near-ties is exact."""


@dataclass(frozen=True, eq=False)
class Solution:
    """One bargaining solution: a frontier row, its package and utilities."""

    name: str
    index: int
    """Row of the frontier."""
    package: IntArray
    """(n_issues,) option indices."""
    q: QArray
    utilities: FloatArray
    gains: FloatArray


def _solution(frontier: Frontier, name: str, row: int) -> Solution:
    q = frontier.q[row]
    return Solution(
        name=name,
        index=int(row),
        package=frontier.packages[row].copy(),
        q=q.copy(),
        utilities=frontier.domain.to_points(q),
        gains=frontier.domain.to_points(q - frontier.domain.reservation_q),
    )


def _leximin_best(rows: list[int], keys: list[list[Fraction]]) -> int:
    """The row whose sorted key vector is lexicographically largest; the first such row on ties."""
    best_row, best_key = rows[0], sorted(keys[0])
    for row, key in zip(rows[1:], keys[1:], strict=True):
        k = sorted(key)
        if k > best_key:
            best_row, best_key = row, k
    return best_row


def nash_point(frontier: Frontier) -> Solution | None:
    """The Nash bargaining solution (see module docstring), or ``None`` if no package beats walking away for all."""
    gains = frontier.gains_q
    rows = np.flatnonzero(np.all(gains > 0, axis=1))
    if rows.size == 0:
        return None
    approx = np.prod(gains[rows].astype(np.float64), axis=1)
    top = approx.max()
    near = rows[approx >= top * (1.0 - _FLOAT_SLACK)]
    exact = [math.prod(int(v) for v in gains[r]) for r in near.tolist()]
    best = max(exact)
    return _solution(frontier, "nash", int(near[exact.index(best)]))


def ideal_gains(frontier: Frontier) -> QArray | None:
    """Best gain each party can get within the ZOPA (attained on the frontier), or ``None`` if the ZOPA is empty."""
    gains = frontier.gains_q
    ok = np.all(gains >= 0, axis=1)
    if not ok.any():
        return None
    return np.asarray(gains[ok].max(axis=0), dtype=np.int64)


def kalai_smorodinsky_point(frontier: Frontier) -> Solution | None:
    """The Kalai-Smorodinsky solution within the ZOPA (see module docstring)."""
    ideal = ideal_gains(frontier)
    if ideal is None:
        return None
    gains = frontier.gains_q
    rows = np.flatnonzero(np.all(gains >= 0, axis=1))
    denom = np.where(ideal > 0, ideal, 1).astype(np.float64)
    ratio = np.where(ideal[None, :] > 0, gains[rows] / denom[None, :], 1.0)
    score = ratio.min(axis=1)
    top = score.max()
    near = rows[score >= top - _FLOAT_SLACK * max(1.0, abs(top))].tolist()
    keys = [
        [Fraction(int(g), int(i)) if i > 0 else Fraction(1) for g, i in zip(gains[r], ideal, strict=True)]
        for r in near
    ]
    best_min = max(min(k) for k in keys)
    cands = [(r, k) for r, k in zip(near, keys, strict=True) if min(k) == best_min]
    row = _leximin_best([r for r, _ in cands], [k for _, k in cands])
    return _solution(frontier, "kalai-smorodinsky", row)


def _points(frontier: Frontier, row: int) -> list[Fraction]:
    """Exact gains of a frontier row in points (parties may count in different units)."""
    return frontier.domain.exact_points(frontier.gains_q[row])


def egalitarian_point(frontier: Frontier) -> Solution | None:
    """The egalitarian solution within the ZOPA: the largest minimum gain (see module docstring)."""
    gains = frontier.gains_q
    rows = np.flatnonzero(np.all(gains >= 0, axis=1))
    if rows.size == 0:
        return None
    mins = frontier.domain.to_points(gains[rows]).min(axis=1)
    top = mins.max()
    near = rows[mins >= top - _FLOAT_SLACK * max(1.0, abs(top))].tolist()
    keys = [_points(frontier, r) for r in near]
    best_min = max(min(k) for k in keys)
    cands = [(r, k) for r, k in zip(near, keys, strict=True) if min(k) == best_min]
    row = _leximin_best([r for r, _ in cands], [k for _, k in cands])
    return _solution(frontier, "egalitarian", row)


def utilitarian_point(frontier: Frontier) -> Solution | None:
    """The ZOPA package with the largest sum of gains in points (first frontier row on ties)."""
    gains = frontier.gains_q
    rows = np.flatnonzero(np.all(gains >= 0, axis=1))
    if rows.size == 0:
        return None
    totals = frontier.domain.to_points(gains[rows]).sum(axis=1)
    top = totals.max()
    near = rows[totals >= top - _FLOAT_SLACK * max(1.0, abs(top))].tolist()
    exact = [sum(_points(frontier, r), Fraction(0)) for r in near]
    return _solution(frontier, "utilitarian", near[exact.index(max(exact))])
