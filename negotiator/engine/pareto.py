"""The exact Pareto frontier of any set of delegations, built without enumerating the outcome space.

Utilities are additive over compound issues (:mod:`negotiator.engine.domain`), so the utility set of all packages is
the Minkowski sum of the per-group utility sets, and a package is Pareto-optimal only if each of its partial packages
is Pareto-optimal among the partial packages over the same groups (replacing a dominated part by its dominator would
dominate the whole). The frontier is therefore built group by group (GeniusWeb's PartialPareto merges partial
frontiers the same way): ``F_{j+1} = nondominated(F_j (+) G_{j+1})``, each group first pruned to its own
non-dominated options. Only frontier-sized arrays are ever formed.

Frontier semantics (shared with the brute force in the tests): all packages not dominated by any package of the
domain, **one package per distinct utility vector**. The representative is deterministic: candidates are kept with
the lowest index at every merge (previous frontier row major, group option minor, groups in issue order).
Rows are sorted by the first party's utility descending (then the next party's, and so on).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache

import numpy as np

from negotiator.engine.compiled import CompiledScenario, FloatArray, IntArray
from negotiator.engine.domain import BoolArray, Domain, QArray, build_domain
from negotiator.engine.dominance import nondominated


@dataclass(frozen=True, eq=False)
class Frontier:
    """Pareto-optimal packages of a domain, one per distinct utility vector."""

    domain: Domain
    packages: IntArray
    """(n, n_issues) option indices of each frontier package."""
    q: QArray
    """(n, n_parties) exact fixed-point utilities."""

    @property
    def party_ids(self) -> tuple[str, ...]:
        return self.domain.party_ids

    @property
    def utilities(self) -> FloatArray:
        """(n, n_parties) points."""
        return self.domain.to_points(self.q)

    @property
    def gains_q(self) -> QArray:
        """(n, n_parties) exact gains over each party's walk-away value."""
        return self.q - self.domain.reservation_q[None, :]

    @property
    def reservation(self) -> FloatArray:
        return self.domain.reservation

    def __len__(self) -> int:
        return int(self.q.shape[0])

    def rational_mask(self) -> BoolArray:
        """Rows every party values at least its walk-away value (the frontier part of the ZOPA)."""
        return np.asarray(np.all(self.gains_q >= 0, axis=1))


def frontier_of(domain: Domain) -> Frontier:
    """The Pareto frontier of ``domain`` by merging per-group frontiers (see module docstring)."""
    k = domain.n_parties
    u = np.zeros((1, k), dtype=np.int64)
    choice = np.zeros((1, 0), dtype=np.intp)  # per processed group: the group option of each frontier row
    for group in domain.groups:
        local = nondominated(group.values)
        gv = group.values[local]
        cand = (u[:, None, :] + gv[None, :, :]).reshape(-1, k)
        keep = nondominated(cand)
        rows, opts = np.divmod(keep, local.shape[0])
        u = cand[keep]
        choice = np.column_stack([choice[rows], local[opts]])
    packages = np.zeros((u.shape[0], domain.n_issues), dtype=np.intp)
    for col, group in enumerate(domain.groups):
        packages[:, list(group.issues)] = group.options[choice[:, col]]
    order = np.lexsort(tuple(-u[:, j] for j in range(k - 1, -1, -1)))
    return Frontier(domain=domain, packages=packages[order], q=u[order])


@lru_cache(maxsize=32)
def _cached_frontier(compiled: CompiledScenario, rows: tuple[str | int, ...] | None) -> Frontier:
    return frontier_of(build_domain(compiled, rows))


def pareto_frontier(
    compiled: CompiledScenario,
    parties: Sequence[str | int] | None = None,
    *,
    allowed: BoolArray | None = None,
) -> Frontier:
    """The exact Pareto frontier between ``parties`` (ids or indices of ``compiled``; default: all of them).

    ``allowed`` optionally restricts the options packages may use ((n_issues, max_options) bool, e.g. without red
    lines). Results without ``allowed`` are cached per compiled scenario and party tuple (they are immutable).
    """
    if allowed is None:
        return _cached_frontier(compiled, tuple(parties) if parties is not None else None)
    return frontier_of(build_domain(compiled, parties, allowed))


def is_dominated(frontier: Frontier, q: QArray) -> BoolArray:
    """For exact utility rows ``q`` (n, n_parties): is some package of the frontier's domain strictly better?

    Every package is weakly dominated by a frontier row, so checking the frontier is enough.
    """
    qq = np.atleast_2d(np.asarray(q, dtype=np.int64))
    out = np.zeros(qq.shape[0], dtype=bool)
    f = frontier.q
    step = max(1, 4_000_000 // max(1, len(frontier)))
    for s in range(0, qq.shape[0], step):
        chunk = qq[s : s + step]
        ge = np.all(f[None, :, :] >= chunk[:, None, :], axis=2)
        gt = np.any(f[None, :, :] > chunk[:, None, :], axis=2)
        out[s : s + step] = np.any(ge & gt, axis=1)
    return out
