"""The zone of possible agreement: packages every party values at least at its walk-away value.

Its **size** is counted exactly, without enumerating the space, by meeting in the middle:

1. The compound issues are split into two halves ``A`` and ``B`` of about equal numbers of partial packages (about the
   square root of the space each).
2. ``A`` is enumerated with branch and bound: a partial package is dropped when no completion can reach the
   thresholds, tested exactly for every pair of parties against the 2-D Pareto staircase of all completions
   (exact for two parties, a necessary condition for more); one that clears every threshold even with the worst
   completion is counted wholesale (times the number of completions) and dropped. ``B`` is enumerated the same way
   against the ``A`` rows left: rows no remaining ``A`` row could lift are dropped level by level, rows every one of
   them lifts are counted wholesale.
3. For each remaining ``A`` row ``a``, the ``B`` rows with ``b >= threshold - a`` in every coordinate are counted by
   offline dominance counting (:func:`negotiator.engine.dominance.dominance_counts`).

All arithmetic is on the exact fixed-point utilities of :mod:`negotiator.engine.domain`, so the count is exact: a
package counts when each of its utilities is >= the walk-away value in that fixed point (rounded at ~1e-15 points).

Its **best points** are the Pareto frontier rows inside the ZOPA (every ZOPA package is weakly dominated by one of
them), and the **ideal point** is each party's best utility within the ZOPA.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from negotiator.engine.compiled import CompiledScenario, FloatArray, IntArray
from negotiator.engine.domain import AnalysisError, BoolArray, Domain, Group, QArray
from negotiator.engine.dominance import dominance_counts, nondominated
from negotiator.engine.pareto import Frontier, pareto_frontier

HALF_LIMIT = 30_000_000
"""Most partial packages one half may hold after pruning (memory guard: ~ this x parties x 8 bytes)."""


@dataclass(frozen=True, eq=False)
class Zopa:
    """Size and best points of the zone of possible agreement of a frontier's parties."""

    party_ids: tuple[str, ...]
    size: int
    """Exact number of packages every party values at least at its walk-away value."""
    outcome_count: int
    best_rows: IntArray
    """Rows of the frontier inside the ZOPA (its Pareto-optimal packages), in frontier order."""
    ideal: FloatArray | None
    """Each party's best utility within the ZOPA; ``None`` when the ZOPA is empty."""

    @property
    def fraction(self) -> float:
        return self.size / self.outcome_count if self.outcome_count else 0.0

    @property
    def empty(self) -> bool:
        return self.size == 0


def _split(groups: Sequence[Group]) -> tuple[list[Group], list[Group]]:
    """Two halves with products of sizes as equal as possible (largest groups placed first, greedily)."""
    a: list[Group] = []
    b: list[Group] = []
    la = lb = 0.0
    for g in sorted(groups, key=lambda g: -g.size):
        if la <= lb:
            a.append(g)
            la += math.log(g.size)
        else:
            b.append(g)
            lb += math.log(g.size)
    return a, b


def _extremes(groups: Sequence[Group], k: int) -> tuple[QArray, QArray]:
    lo = np.zeros(k, dtype=np.int64)
    hi = np.zeros(k, dtype=np.int64)
    for g in groups:
        lo += g.values.min(axis=0)
        hi += g.values.max(axis=0)
    return lo, hi


class _Reach:
    """For every pair of parties, the 2-D Pareto staircase of a set of utility vectors.

    ``can_reach(z)`` is a necessary condition for some vector of the set to be >= ``z`` (exact for two parties): for
    each pair, the set's best second coordinate among vectors whose first coordinate is >= ``z``'s must reach it.
    """

    def __init__(self, stairs: list[tuple[int, int, QArray, QArray]]) -> None:
        self.stairs = stairs

    @classmethod
    def of_sum(cls, parts: Sequence[QArray], k: int) -> _Reach:
        """Staircases of the Minkowski sum of ``parts`` (each (m, k)), merged part by part."""
        stairs = []
        for a in range(k):
            for b in range(a + 1, k):
                acc = np.zeros((1, 2), dtype=np.int64)
                for part in parts:
                    local = part[:, [a, b]]
                    local = local[nondominated(local)]
                    cand = (acc[:, None, :] + local[None, :, :]).reshape(-1, 2)
                    acc = cand[nondominated(cand)]
                order = np.argsort(-acc[:, 0], kind="stable")
                stairs.append(
                    (a, b, -acc[order, 0], acc[order, 1])
                )  # first coord descending, second ascending
        return cls(stairs)

    def can_reach(self, z: QArray) -> BoolArray:
        ok = np.ones(z.shape[0], dtype=bool)
        for a, b, neg_x, y in self.stairs:
            idx = np.searchsorted(neg_x, -z[:, a], "right")
            ok &= (idx > 0) & (y[np.maximum(idx - 1, 0)] >= z[:, b])
        return ok


def _enumerate_pruned(
    groups: Sequence[Group], t: QArray, other: Sequence[Group], k: int, other_count: int
) -> tuple[QArray, int]:
    """Partial sums over ``groups`` that may still complete (with the ``other`` groups) to a vector >= ``t``.

    Rows that surely complete with every combination of ``other`` are counted wholesale and dropped. Returns the
    rows left and the count of packages settled on the way.
    """
    # the staircases of what remains after each level; none before the first, where the only row is the empty
    # package and the plain bound (every party's best sum) decides as well, without sorting the largest group
    suffix = [
        _Reach.of_sum([g.values for g in [*groups[s:], *other]], k) if k > 1 and s > 0 else None
        for s in range(len(groups) + 1)
    ]
    o_lo = _extremes(other, k)[0]
    rows = np.zeros((1, k), dtype=np.int64)
    settled = 0
    for s in range(len(groups) + 1):
        rest = groups[s:]
        r_lo = _extremes(rest, k)[0] + o_lo
        need = t[None, :] - rows
        reach = suffix[s]
        possible = (
            reach.can_reach(need)
            if reach is not None
            else np.all(rows + _extremes(rest, k)[1] + _extremes(other, k)[1] >= t, axis=1)
        )
        sure = possible & np.all(rows + r_lo >= t, axis=1)
        settled += int(sure.sum()) * math.prod(g.size for g in rest) * other_count
        rows = rows[possible & ~sure]
        if rows.shape[0] == 0 or s == len(groups):
            break
        rows = (rows[:, None, :] + groups[s].values[None, :, :]).reshape(-1, k)
        if rows.shape[0] > HALF_LIMIT:
            raise AnalysisError(
                f"the ZOPA count would need more than {HALF_LIMIT} partial packages in memory"
            )
    return rows, settled


def count_at_least(domain: Domain, thresholds: QArray) -> int:
    """Exact number of packages whose fixed-point utility is >= ``thresholds`` for every party."""
    k = domain.n_parties
    t = np.asarray(thresholds, dtype=np.int64).reshape(k)
    half_a, half_b = _split(domain.groups)
    b_count = math.prod(g.size for g in half_b)
    a_rows, total = _enumerate_pruned(half_a, t, half_b, k, b_count)
    if a_rows.shape[0] == 0:
        return total
    # B is enumerated with the same branch and bound, against the A rows left (one part whose options are those
    # rows): only B rows some remaining A row can lift over the thresholds are kept (exact for two parties), and
    # those every remaining A row lifts are counted wholesale
    left = Group(issues=(), axes=(), values=a_rows)
    b_rows, settled = _enumerate_pruned(half_b, t, [left], k, a_rows.shape[0])
    total += settled
    b_rows = b_rows[np.all(b_rows + a_rows.max(axis=0) >= t, axis=1)]
    if b_rows.shape[0] == 0:
        return total
    return total + int(dominance_counts(b_rows, t[None, :] - a_rows).sum())


def zopa_of(frontier: Frontier) -> Zopa:
    """The ZOPA of the frontier's domain (its parties are the required signatories)."""
    domain = frontier.domain
    size = count_at_least(domain, domain.reservation_q)
    rows = np.flatnonzero(frontier.rational_mask())
    ideal = frontier.utilities[rows].max(axis=0) if rows.size else None
    return Zopa(
        party_ids=domain.party_ids, size=size, outcome_count=domain.outcome_count, best_rows=rows, ideal=ideal
    )


def zopa(compiled: CompiledScenario, parties: Sequence[str | int] | None = None) -> Zopa:
    """The ZOPA of ``parties`` (ids or indices; default every delegation of ``compiled``)."""
    return zopa_of(pareto_frontier(compiled, parties))
