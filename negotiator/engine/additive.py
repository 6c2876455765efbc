"""Scoring packages under an additive valuation with pairwise interaction terms: the one definition.

A package's worth to a party is the sum over issues of its option's contribution, plus each interaction term's
points when both of the term's options are chosen. The engine's reference scoring of every delegation
(:meth:`negotiator.engine.compiled.CompiledScenario.score_reference`, in float points), the exact analysis form
(:meth:`negotiator.engine.domain.Domain.score_q`, in integer units) and a bot's valuations built from what its view
knows (:class:`negotiator.ai.valuation.Valuation`) all score through :func:`additive_score`. The engine's fast path
(:mod:`negotiator.engine.scoring`: chunked lookup tables) is checked against it.

Issues coupled by interaction terms form groups (:func:`coupled_groups`): utility is additive over the groups, which
is what the frontier, the ZOPA count and a bot's logrolling sweep build on.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

import numpy as np
import numpy.typing as npt

Term = tuple[int | None, int, int, int, int, Any]
"""(party column, or None when the values have no party axis; issue a, option a, issue b, option b; points)."""


def additive_score(
    values: npt.NDArray[Any], packages: npt.ArrayLike, terms: Iterable[Term] = ()
) -> npt.NDArray[Any]:
    """(P, *parties) scores of ``packages`` ((P, n_issues) or (n_issues,) option indices) under ``values`` ((n_issues,
    max_options, *parties): each option's contribution; padding slots are never chosen) plus ``terms``."""
    x = np.atleast_2d(np.asarray(packages, dtype=np.intp))
    out: npt.NDArray[Any] = values[np.arange(x.shape[1])[None, :], x].sum(axis=1)
    for party, ia, oa, ib, ob, points in terms:
        hit = (x[:, ia] == oa) & (x[:, ib] == ob)
        if party is None:
            out = out + points * hit
        else:
            out[:, party] += points * hit
    return out


def coupled_groups(n_issues: int, pairs: Sequence[tuple[int, int]]) -> list[tuple[int, ...]]:
    """Issues linked by ``pairs`` (interaction terms) as connected components: each sorted, ordered by first issue."""
    parent = list(range(n_issues))

    def find(a: int) -> int:
        while parent[a] != a:
            parent[a] = parent[parent[a]]
            a = parent[a]
        return a

    for a, b in pairs:
        ra, rb = find(a), find(b)
        if ra != rb:
            parent[max(ra, rb)] = min(ra, rb)
    members: dict[int, list[int]] = {}
    for i in range(n_issues):
        members.setdefault(find(i), []).append(i)
    return [tuple(m) for _, m in sorted(members.items())]
