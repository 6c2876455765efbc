"""Vectorised Pareto dominance on exact integer utility vectors (maximisation).

Definitions used everywhere in the engine: ``a`` *dominates* ``b`` when ``a >= b`` in every coordinate and ``a != b``.
A set's non-dominated points are kept **once per distinct utility vector**: among identical vectors the one with the
lowest index wins, so results are deterministic.

- :func:`nondominated` keeps the non-dominated rows. Two parties: one lexicographic sort and a running maximum,
  O(n log n). More parties: duplicates are dropped, then every row counts how many rows are ``>=`` it
  (:func:`dominance_counts`); a row is kept when only itself is.
- :func:`dominance_counts` answers, for many query vectors at once, how many points are ``>=`` each query in every
  coordinate: an offline range-counting problem solved by divide and conquer on the first coordinate (CDQ), each level
  one vectorised sub-problem of one dimension fewer, down to a sort and ``searchsorted``. Cost O(n log^(d-1) n) numpy
  work with (log n)^(d-1) Python-level calls.
"""

from __future__ import annotations

import numpy as np

from negotiator.engine.domain import QArray

IndexArray = QArray  # int64 indices


def nondominated(points: QArray) -> IndexArray:
    """Indices (increasing) of the non-dominated rows of ``points`` (n, d), one per distinct vector (lowest index)."""
    pts = np.asarray(points, dtype=np.int64)
    n = pts.shape[0]
    if n == 0:
        return np.zeros(0, dtype=np.int64)
    d = pts.shape[1]
    idx = np.arange(n, dtype=np.int64)
    if d == 1:
        best = pts[:, 0].max()
        return np.asarray(idx[pts[:, 0] == best][:1], dtype=np.int64)
    if d == 2:
        x, y = pts[:, 0], pts[:, 1]
        order = np.lexsort((idx, -y, -x))  # x descending, then y descending, then lowest index first
        ys = y[order]
        keep = np.empty(n, dtype=bool)
        keep[0] = True
        # Everything earlier has x >= this x; the row survives only if its y beats every earlier y strictly.
        keep[1:] = ys[1:] > np.maximum.accumulate(ys)[:-1]
        return np.sort(order[keep])
    first = _first_of_each_distinct(pts)
    uniq = pts[first]
    counts = dominance_counts(uniq, uniq)
    return np.sort(first[counts == 1])


def _first_of_each_distinct(pts: QArray) -> IndexArray:
    """Lowest index of each distinct row."""
    n, d = pts.shape
    idx = np.arange(n, dtype=np.int64)
    order = np.lexsort((idx, *[pts[:, j] for j in range(d - 1, -1, -1)]))
    srt = pts[order]
    new = np.ones(n, dtype=bool)
    new[1:] = np.any(srt[1:] != srt[:-1], axis=1)
    return np.asarray(order[new], dtype=np.int64)


def dominance_counts(points: QArray, queries: QArray) -> QArray:
    """For each query row, how many rows of ``points`` are ``>=`` it in every coordinate (exact int64 counts)."""
    p = np.asarray(points, dtype=np.int64)
    q = np.asarray(queries, dtype=np.int64)
    m = q.shape[0]
    if p.shape[0] == 0 or m == 0:
        return np.zeros(m, dtype=np.int64)
    d = p.shape[1]
    both = np.concatenate([p, q])
    ranks = np.empty(both.shape, dtype=np.int64)
    for j in range(d):
        # Dense ranks keep order and ties exactly and make keys small enough to pack with group labels.
        ranks[:, j] = np.unique(both[:, j], return_inverse=True)[1].reshape(-1)
    r = int(ranks.max()) + 1
    n = p.shape[0]
    return _count(ranks[:n], ranks[n:], np.zeros(n, np.int64), np.zeros(m, np.int64), r)


def _count(p: QArray, q: QArray, gp: QArray, gq: QArray, r: int) -> QArray:
    """Counts of points in the same group that are >= each query; coordinates are ranks in [0, r)."""
    m = q.shape[0]
    if p.shape[0] == 0 or m == 0:
        return np.zeros(m, dtype=np.int64)
    d = p.shape[1]
    if d == 0:
        sg = np.sort(gp)
        return np.asarray(np.searchsorted(sg, gq, "right") - np.searchsorted(sg, gq, "left"), dtype=np.int64)
    if d == 1:
        keys = np.sort(gp * r + p[:, 0])
        hi = np.searchsorted(keys, gq * r + r, "left")
        lo = np.searchsorted(keys, gq * r + q[:, 0], "left")
        return np.asarray(hi - lo, dtype=np.int64)
    n = p.shape[0]
    total = n + m
    g = np.concatenate([gp, gq])
    c0 = np.concatenate([p[:, 0], q[:, 0]])
    is_q = np.concatenate([np.zeros(n, bool), np.ones(m, bool)])
    # Within a group, sort by the first coordinate descending with points before queries on ties: the points that
    # precede a query are exactly those with first coordinate >= the query's. The rest is a prefix problem.
    order = np.lexsort((is_q, -c0, g))
    g_s = g[order]
    rest = np.concatenate([p[:, 1:], q[:, 1:]])[order]
    isq_s = is_q[order]
    qid_s = order - n
    pos = np.arange(total, dtype=np.int64)
    counts = np.zeros(m, dtype=np.int64)
    group_change = np.concatenate([[False], g_s[1:] != g_s[:-1]])
    for level in range(max(1, (total - 1).bit_length())):
        half = ((pos >> level) & 1).astype(bool)
        sel_p = ~isq_s & ~half
        sel_q = isq_s & half
        if not sel_p.any() or not sel_q.any():
            continue
        block = pos >> (level + 1)
        # Every (point, query) pair whose positions first differ at this bit meets here exactly once: left half points
        # against right half queries of the same block and group. Labels stay dense so keys never overflow.
        change = group_change.copy()
        change[1:] |= block[1:] != block[:-1]
        label = np.cumsum(change, dtype=np.int64)
        sub = _count(rest[sel_p], rest[sel_q], label[sel_p], label[sel_q], r)
        counts[qid_s[sel_q]] += sub
    return counts
