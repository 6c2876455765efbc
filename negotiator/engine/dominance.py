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

from negotiator.engine.domain import BoolArray, QArray

IndexArray = QArray  # int64 indices


def nondominated(points: QArray, groups: QArray | None = None) -> IndexArray:
    """Indices (increasing) of the non-dominated rows of ``points`` (n, d), one per distinct vector (lowest index).

    With ``groups`` (n,) labels, rows only compete with rows of the same label (one filter per group at once).
    """
    pts = np.asarray(points, dtype=np.int64)
    n = pts.shape[0]
    if n == 0:
        return np.zeros(0, dtype=np.int64)
    d = pts.shape[1]
    idx = np.arange(n, dtype=np.int64)
    if groups is None:
        g = np.zeros(n, dtype=np.int64)
    else:  # dense labels keep packed keys small
        g = np.unique(np.asarray(groups, dtype=np.int64), return_inverse=True)[1].reshape(-1).astype(np.int64)
    if d == 1:
        order = np.lexsort((idx, -pts[:, 0], g))
        first = np.ones(n, dtype=bool)
        first[1:] = g[order][1:] != g[order][:-1]
        return np.sort(order[first])
    if d == 2 and groups is None:
        x, y = pts[:, 0], pts[:, 1]
        order = np.lexsort((-y, -x))  # x descending, then y descending; stable, so lowest index first on ties
        ys = y[order]
        keep = np.empty(n, dtype=bool)
        keep[0] = True
        keep[1:] = ys[1:] > np.maximum.accumulate(ys)[:-1]
        return np.sort(order[keep])
    if d == 2:
        x, y = pts[:, 0], pts[:, 1]
        order = np.lexsort((idx, -y, -x, g))  # per group: x descending, then y descending, then lowest index
        # Dense ranks of y offset by group make one running maximum act separately within each group.
        ry = np.unique(y, return_inverse=True)[1].reshape(-1).astype(np.int64)
        key = (g * (int(ry.max()) + 2) + ry + 1)[order]
        keep = np.empty(n, dtype=bool)
        keep[0] = True
        # Every earlier row of the group has x >= this x; the row survives only if its y beats theirs strictly.
        keep[1:] = key[1:] > np.maximum.accumulate(key)[:-1]
        return np.sort(order[keep])
    first = _first_of_each_distinct(pts, g)
    if first.size <= _SWEEP_LIMIT:
        return np.sort(first[_sweep_keep(pts[first], g[first])])
    counts = _dominance_counts_grouped(pts[first], pts[first], g[first], g[first])
    return np.sort(first[counts == 1])


_SWEEP_LIMIT = 60_000
"""Up to this many distinct rows, the sweep (cost ~ rows x survivors) beats divide and conquer in practice."""
_SWEEP_CHUNK = 512


def _sweep_keep(pts: QArray, g: QArray) -> BoolArray:
    """Mask of non-dominated rows among distinct rows: visit rows in descending lexicographic order (a dominator
    always comes first) and test each chunk against the survivors so far and against itself. Testing against
    survivors only is enough: whoever dominates a row is a survivor or is dominated by one (transitivity)."""
    n, d = pts.shape
    order = np.lexsort(tuple(-pts[:, j] for j in range(d - 1, -1, -1)))
    keep = np.zeros(n, dtype=bool)
    kept = np.empty((d + 1, n), dtype=np.int64)  # column-wise survivors; the last row is the group
    count = 0
    earlier = np.tri(_SWEEP_CHUNK, k=-1, dtype=bool).T
    for s in range(0, n, _SWEEP_CHUNK):
        idx = order[s : s + _SWEEP_CHUNK]
        c = idx.shape[0]
        cols = [pts[idx, j] for j in range(d)]
        pg = g[idx]
        dominated = np.zeros(c, dtype=bool)
        step = max(1, (1 << 22) // c)
        for t in range(0, count, step):
            e = min(count, t + step)
            hit = kept[d, t:e, None] == pg[None, :]
            for j in range(d):
                hit &= kept[j, t:e, None] >= cols[j][None, :]
            dominated |= hit.any(axis=0)
        inner = earlier[:c, :c] & (pg[:, None] == pg[None, :])
        for j in range(d):
            inner &= cols[j][:, None] >= cols[j][None, :]
        dominated |= inner.any(axis=0)
        alive = ~dominated
        m = int(alive.sum())
        for j in range(d):
            kept[j, count : count + m] = cols[j][alive]
        kept[d, count : count + m] = pg[alive]
        count += m
        keep[idx[alive]] = True
    return keep


def _first_of_each_distinct(pts: QArray, g: QArray) -> IndexArray:
    """Lowest index of each distinct (group, row)."""
    n, d = pts.shape
    idx = np.arange(n, dtype=np.int64)
    order = np.lexsort((idx, *[pts[:, j] for j in range(d - 1, -1, -1)], g))
    srt = pts[order]
    gs = g[order]
    new = np.ones(n, dtype=bool)
    new[1:] = np.any(srt[1:] != srt[:-1], axis=1) | (gs[1:] != gs[:-1])
    return np.asarray(order[new], dtype=np.int64)


def dominance_counts(points: QArray, queries: QArray) -> QArray:
    """For each query row, how many rows of ``points`` are ``>=`` it in every coordinate (exact int64 counts)."""
    p = np.asarray(points, dtype=np.int64)
    q = np.asarray(queries, dtype=np.int64)
    if p.ndim == 2 and p.shape[1] == 2:
        return _count_2d(p, q)
    if p.shape[0] * q.shape[0] <= _DIRECT_PAIRS:
        return _count_direct(p, q)
    return _dominance_counts_grouped(p, q, np.zeros(p.shape[0], np.int64), np.zeros(q.shape[0], np.int64))


_DIRECT_PAIRS = 400_000_000
"""Up to this many (point, query) pairs, direct comparison (pruned by a sort on the first coordinate) is faster
than divide and conquer in numpy."""


def _count_direct(p: QArray, q: QArray) -> QArray:
    """Dominance counts by comparing every query with the points whose first coordinate can reach it."""
    m, d = q.shape
    out = np.zeros(m, dtype=np.int64)
    if p.shape[0] == 0 or m == 0:
        return out
    p = p[np.argsort(-p[:, 0], kind="stable")]
    neg_first = -p[:, 0]
    cols = [np.ascontiguousarray(p[:, j]) for j in range(1, d)]
    q_order = np.argsort(-q[:, 0], kind="stable")
    chunk = 256
    for s in range(0, m, chunk):
        idx = q_order[s : s + chunk]
        qs = q[idx]
        # Queries are visited by decreasing first coordinate, so the points that can reach them form a prefix.
        reach = int(np.searchsorted(neg_first, -qs[:, 0].min(), "right"))
        if reach == 0:
            continue
        hit = p[:reach, 0, None] >= qs[None, :, 0]
        for j in range(1, d):
            hit &= cols[j - 1][:reach, None] >= qs[None, :, j]
        out[idx] = hit.sum(axis=0)
    return out


_BLOCK_2D = 256
"""Smallest block of points (in first-coordinate order) the two-dimensional count tabulates; see :func:`_count_2d`."""
_TABLE_2D = 1 << 24
"""Most entries of the two-dimensional count's table (int32: 64 MB); larger inputs use larger blocks."""
_CHUNK_2D = 4096
"""Queries compared with their partial block at once."""


def _count_2d(p: QArray, q: QArray) -> QArray:
    """Dominance counts in two dimensions by blocks: sort the points by first coordinate (descending), so the points
    whose first coordinate reaches a query are a prefix. Whole blocks of that prefix are read from a table of
    cumulative counts by block and by rank of the second coordinate among the queries' own values; the few points of
    the last, partial block are compared directly. Exact int64 counts, O(n log n + m log m + table + m x block)."""
    n, m = p.shape[0], q.shape[0]
    out = np.zeros(m, dtype=np.int64)
    if n == 0 or m == 0:
        return out
    order = np.argsort(-p[:, 0], kind="stable")
    reach = np.searchsorted(-p[order, 0], -q[:, 0], "right")  # points with first coordinate >= the query's
    levels = np.unique(q[:, 1])
    q_rank = np.searchsorted(levels, q[:, 1], "left")  # the query's second coordinate is levels[q_rank]
    # a point meets a query's second coordinate exactly when more levels lie at or below it than below the query's
    p_rank = np.searchsorted(levels, p[order, 1], "right").astype(np.int32)
    width = levels.shape[0] + 1
    size = max(_BLOCK_2D, -(-n * width // _TABLE_2D))
    nb = -(-n // size)
    table = np.bincount(np.arange(n) // size * width + p_rank, minlength=nb * width).astype(np.int32)
    table = table.reshape(nb, width)
    np.cumsum(table[:, ::-1], axis=1, out=table[:, ::-1])  # [j, r]: points of block j with rank >= r
    before = np.zeros((nb + 1, width), dtype=np.int32)
    np.cumsum(table, axis=0, out=before[1:])  # [j, r]: points of the blocks before j with rank >= r
    block = reach // size
    out += before[block, q_rank + 1]
    ranks = np.full((nb + 1) * size, -1, dtype=np.int32)  # a padding rank meets no query
    ranks[:n] = p_rank
    ranks = ranks.reshape(nb + 1, size)
    left = reach - block * size
    slot = np.arange(size)
    for s in range(0, m, _CHUNK_2D):
        e = min(m, s + _CHUNK_2D)
        hit = (ranks[block[s:e]] > q_rank[s:e, None]) & (slot[None, :] < left[s:e, None])
        out[s:e] += np.count_nonzero(hit, axis=1)
    return out


def _dominance_counts_grouped(p: QArray, q: QArray, gp: QArray, gq: QArray) -> QArray:
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
    labels = np.unique(np.concatenate([gp, gq]), return_inverse=True)[1].reshape(-1).astype(np.int64)
    return _count(ranks[:n], ranks[n:], labels[:n], labels[n:], r)


_BRUTE_PAIRS = 1 << 16
"""Sub-problems with at most this many (point, query) pairs are compared directly: cheaper than recursing."""
_BLOCK = 32
"""The first levels of the divide and conquer (pairs within aligned blocks of this size) are compared directly."""


def _count(p: QArray, q: QArray, gp: QArray, gq: QArray, r: int) -> QArray:
    """Counts of points in the same group that are >= each query; coordinates are ranks in [0, r)."""
    m = q.shape[0]
    n = p.shape[0]
    if n == 0 or m == 0:
        return np.zeros(m, dtype=np.int64)
    d = p.shape[1]
    if d == 0:
        sg = np.sort(gp)
        return np.asarray(np.searchsorted(sg, gq, "right") - np.searchsorted(sg, gq, "left"), dtype=np.int64)
    if n * m <= _BRUTE_PAIRS:
        hit = np.all(p[:, None, :] >= q[None, :, :], axis=2) & (gp[:, None] == gq[None, :])
        return np.asarray(hit.sum(axis=0), dtype=np.int64)
    if d == 1:
        keys = np.sort(gp * r + p[:, 0])
        hi = np.searchsorted(keys, gq * r + r, "left")
        lo = np.searchsorted(keys, gq * r + q[:, 0], "left")
        return np.asarray(hi - lo, dtype=np.int64)
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
    counts = np.zeros(m, dtype=np.int64)
    by_slot = _block_pairs(rest, isq_s, g_s)
    counts[qid_s[isq_s]] += by_slot[isq_s]
    pos = np.arange(total, dtype=np.int64)
    group_change = np.concatenate([[False], g_s[1:] != g_s[:-1]])
    for level in range(_BLOCK.bit_length() - 1, max(1, (total - 1).bit_length())):
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


def _block_pairs(rest: QArray, isq: BoolArray, g: QArray) -> QArray:
    """Per slot, how many earlier points of the same aligned block of ``_BLOCK`` slots (and group) are >= it."""
    total, width = rest.shape[0], rest.shape[1]
    nb = -(-total // _BLOCK)
    pad = nb * _BLOCK - total
    rr = np.concatenate([rest, np.zeros((pad, width), np.int64)]).reshape(nb, _BLOCK, width)
    qq = np.concatenate([isq, np.zeros(pad, bool)]).reshape(nb, _BLOCK)
    pp = np.concatenate([~isq, np.zeros(pad, bool)]).reshape(nb, _BLOCK)
    gg = np.concatenate([g, np.full(pad, -1, np.int64)]).reshape(nb, _BLOCK)
    earlier = np.tri(_BLOCK, k=-1, dtype=bool).T  # [i, j]: slot i before slot j
    out = np.zeros((nb, _BLOCK), dtype=np.int64)
    step = max(1, (1 << 22) // (_BLOCK * _BLOCK * max(1, width)))
    for s in range(0, nb, step):
        r, qb, pb, gb = rr[s : s + step], qq[s : s + step], pp[s : s + step], gg[s : s + step]
        hit = np.all(r[:, :, None, :] >= r[:, None, :, :], axis=3)
        hit &= earlier[None] & pb[:, :, None] & qb[:, None, :] & (gb[:, :, None] == gb[:, None, :])
        out[s : s + step] = hit.sum(axis=1)
    return out.reshape(-1)[:total]
