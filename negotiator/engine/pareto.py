"""The exact Pareto frontier of any set of delegations, built without enumerating the outcome space.

Without interaction terms utilities are additive over issues, so the utility set of all packages is the Minkowski sum
of the per-issue utility sets, and a package is Pareto-optimal only if each partial package (its options on the
first issues) is Pareto-optimal among partial packages over the same issues: replacing a dominated part by its
dominator would dominate the whole. The frontier is therefore built issue by issue, as GeniusWeb's PartialPareto
merges partial frontiers: ``F_{j+1} = nondominated(F_j (+) options_{j+1})``. Only frontier-sized arrays are formed.

Interaction terms couple issues. Rather than enumerating every combination of coupled issues (a compound issue can
hold hundreds of thousands of options), partial packages carry a *state*: which of the options named by interaction
terms still waiting for an unsettled partner they chose. Two partial packages in the same state gain exactly the same
from every completion, so dominance pruning within a state is exact (bucket elimination; the issue order is chosen
greedily to keep few states open). With no interactions there is one state and this is the plain merge.

Frontier semantics (shared with the brute force in the tests): all packages not dominated by any package of the
domain, **one package per distinct utility vector**. The representative is deterministic: candidates are kept with
the lowest index at every merge (previous frontier row major, option minor).
Rows are sorted by the first party's utility descending (then the next party's, and so on).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

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


def _elimination_order(domain: Domain) -> list[int]:
    """Issue order that keeps few distinct interaction states open (greedy, deterministic)."""
    partners: dict[int, set[int]] = {i: set() for i in range(domain.n_issues)}
    for t in domain.interactions:
        partners[t.issue_a].add(t.issue_b)
        partners[t.issue_b].add(t.issue_a)
    order: list[int] = []
    for component in domain.components:
        left = set(component)
        done: set[int] = set()
        while left:

            def open_after(j: int, left: set[int] = left, done: set[int] = done) -> tuple[int, int]:
                after = done | {j}
                still = sum(1 for i in after if partners[i] - after)
                return still, j

            j = min(left, key=open_after)
            order.append(j)
            done.add(j)
            left.remove(j)
    return order


def frontier_of(domain: Domain) -> Frontier:
    """The Pareto frontier of ``domain``: issue-by-issue merging with interaction states (see module docstring)."""
    k = domain.n_parties
    order = _elimination_order(domain)
    involved: dict[int, set[int]] = {i: set() for i in range(domain.n_issues)}
    for t in domain.interactions:
        involved[t.issue_a].add(t.option_a)
        involved[t.issue_b].add(t.option_b)
    u = np.zeros((1, k), dtype=np.int64)
    chosen = np.full((1, domain.n_issues), -1, dtype=np.intp)
    done: set[int] = set()
    for step, j in enumerate(order):
        opts = np.flatnonzero(domain.allowed[j])
        table = domain.term_values[j]
        # Options no interaction mentions are interchangeable for the future: prune them against each other.
        free = np.array([o for o in opts.tolist() if o not in involved[j]], dtype=np.intp)
        tied = np.array([o for o in opts.tolist() if o in involved[j]], dtype=np.intp)
        if free.size:
            free = free[nondominated(table[free])]
        opts = np.concatenate([free, tied])
        n, m = u.shape[0], opts.shape[0]
        cand = (u[:, None, :] + table[opts][None, :, :]).reshape(-1, k)
        rows = np.repeat(np.arange(n), m)
        picks = np.tile(opts, n)
        for t, q in zip(domain.interactions, domain.interaction_q.tolist(), strict=True):
            if t.issue_b == j and t.issue_a in done:
                hit = (chosen[rows, t.issue_a] == t.option_a) & (picks == t.option_b)
            elif t.issue_a == j and t.issue_b in done:
                hit = (chosen[rows, t.issue_b] == t.option_b) & (picks == t.option_a)
            else:
                continue
            cand[hit, t.party] += q
        new_chosen = chosen[rows]
        new_chosen[:, j] = picks
        done.add(j)
        state = _state_keys(domain, new_chosen, done, order[step + 1 :])
        keep = nondominated(cand, state)
        u = cand[keep]
        chosen = new_chosen[keep]
    rank = np.lexsort(tuple(-u[:, c] for c in range(k - 1, -1, -1)))
    return Frontier(domain=domain, packages=chosen[rank], q=u[rank])


def _state_keys(domain: Domain, chosen: IntArray, done: set[int], pending: list[int]) -> QArray | None:
    """Per row, a key of everything about its chosen options that pending interaction terms can still see.

    Two partial packages with the same key gain exactly the same from every completion, so dominance between them
    carries over to every full package: pruning within a key is exact.
    """
    todo = set(pending)
    key = np.zeros(chosen.shape[0], dtype=np.int64)
    radix = 1
    watched: dict[int, set[int]] = {}
    for t in domain.interactions:
        if t.issue_a in done and t.issue_b in todo:
            watched.setdefault(t.issue_a, set()).add(t.option_a)
        elif t.issue_b in done and t.issue_a in todo:
            watched.setdefault(t.issue_b, set()).add(t.option_b)
    if not watched:
        return None
    for issue in sorted(watched):
        opts = sorted(watched[issue])
        lookup = np.zeros(domain.allowed.shape[1], dtype=np.int64)
        lookup[opts] = np.arange(1, len(opts) + 1)
        key += lookup[chosen[:, issue]] * radix
        radix *= len(opts) + 1
    return key


def pareto_frontier(
    compiled: CompiledScenario,
    parties: Sequence[str | int] | None = None,
    *,
    allowed: BoolArray | None = None,
) -> Frontier:
    """The exact Pareto frontier between ``parties`` (ids or indices of ``compiled``; default: all of them).

    ``allowed`` optionally restricts the options packages may use ((n_issues, max_options) bool, e.g. without red
    lines). Results without ``allowed`` are kept with the compiled scenario, per party tuple (they are immutable).
    """
    if allowed is None:
        key = ("pareto_frontier", tuple(parties) if parties is not None else None)
        hit = compiled.memo.get(key)
        if hit is None:
            hit = compiled.memo.setdefault(key, frontier_of(build_domain(compiled, parties)))
        assert isinstance(hit, Frontier)
        return hit
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
