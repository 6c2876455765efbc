"""The scenario's coherence terms as arrays: which packages hold two clauses that contradict each other, and how to
mend one that does.

A coherence term (``[[coherence]]`` in a scenario) names options of two issues that cannot stand in one text, such as
a refugee residence quota "matching settlers who stay" with every settler evacuated. The terms are public (they are
about the texts, not about anyone's interests), so every bot reads them from the scenario. Bots never draft, table or
accept an incoherent text; a logrolling sweep that lands on one is *mended*: on each broken term, the issue whose
change costs least (by the caller's additive values) moves to its best option that breaks no term.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

import numpy as np

from negotiator.ai.valuation import BoolArray, FloatArray, IntArray, Layout
from negotiator.model.schema import Scenario


@dataclass(frozen=True, slots=True, eq=False)
class Coherence:
    """Each term as (issue a, mask of its options, issue b, mask of its options)."""

    terms: tuple[tuple[int, BoolArray, int, BoolArray], ...]
    _issues: IntArray = field(init=False, repr=False)
    """(2, terms) the two issues of every term, so all terms are checked in one gather."""
    _masks: BoolArray = field(init=False, repr=False)
    """(2, terms, width) their options' masks."""

    def __post_init__(self) -> None:
        terms = self.terms
        width = terms[0][1].shape[0] if terms else 0
        issues = np.array([[t[0] for t in terms], [t[2] for t in terms]], dtype=np.intp).reshape(
            2, len(terms)
        )
        masks = np.array([[t[1] for t in terms], [t[3] for t in terms]], dtype=bool).reshape(
            2, len(terms), width
        )
        object.__setattr__(self, "_issues", issues)
        object.__setattr__(self, "_masks", masks)

    @classmethod
    def of(cls, scenario: Scenario, layout: Layout) -> Coherence:
        width = layout.shape[1]
        terms = []
        for term in scenario.coherence:
            (ia, oa), (ib, ob) = term.when.items()
            ka, kb = layout.issue_ids.index(ia), layout.issue_ids.index(ib)
            ma, mb = np.zeros(width, dtype=bool), np.zeros(width, dtype=bool)
            ma[[layout.option_ids[ka].index(o) for o in oa]] = True
            mb[[layout.option_ids[kb].index(o) for o in ob]] = True
            terms.append((ka, ma, kb, mb))
        return cls(tuple(terms))

    def broken(self, packages: IntArray) -> BoolArray:
        """(p,) True where a package breaks at least one term."""
        x = np.atleast_2d(packages)
        if not self.terms:
            return np.zeros(x.shape[0], dtype=bool)
        out: BoolArray = np.any(self._hits(x), axis=1)
        return out

    def keep(self, packages: IntArray) -> IntArray:
        """Only the coherent packages."""
        if not self.terms or packages.shape[0] == 0:
            return packages
        return packages[~self.broken(packages)]  # type: ignore[no-any-return]

    def mend(self, packages: IntArray, values: FloatArray, allowed: BoolArray) -> IntArray:
        """Each incoherent package mended term by term (a few passes: a change may break another term); packages
        that cannot be mended are dropped. On a package's first broken term, one of the term's two issues moves to
        another allowed option outside the term: one that breaks no term if there is one, then the one that loses
        least by ``values`` (n_issues, n_options). Vectorised over packages: one pass per term and round."""
        if not self.terms or packages.shape[0] == 0:
            return packages
        out = packages.copy()
        for _ in range(4):
            hits = self._hits(out)
            bad = hits.any(axis=1)
            if not bad.any():
                break
            first = np.where(bad, hits.argmax(axis=1), -1)
            for t, (ka, ma, kb, mb) in enumerate(self.terms):
                rows = np.flatnonzero(first == t)
                if rows.size == 0:
                    continue
                moves = [
                    (k, int(o))
                    for k, mask in ((ka, ma), (kb, mb))
                    for o in np.flatnonzero(allowed[k] & ~mask)
                ]
                if not moves:
                    continue
                base = out[rows]
                trials = np.repeat(base[:, None, :], len(moves), axis=1)  # (r, c, n)
                issues = np.array([k for k, _ in moves])
                options = np.array([o for _, o in moves])
                trials[:, np.arange(len(moves)), issues] = options[None, :]
                still = self.broken(trials.reshape(-1, base.shape[1])).reshape(len(rows), len(moves))
                loss = values[issues[None, :], base[:, issues]] - values[issues, options][None, :]
                pick = np.argmin(np.where(still, 1e12, 0.0) + loss, axis=1)
                out[rows] = trials[np.arange(len(rows)), pick]
        return self.keep(out)

    def _hits(self, packages: IntArray) -> BoolArray:
        """(p, terms) True where a package breaks a term."""
        t = np.arange(len(self.terms))
        a, b = self._issues
        return self._masks[0][t, packages[:, a]] & self._masks[1][t, packages[:, b]]  # type: ignore[no-any-return]


def declared_red_lines(scenario: Scenario, layout: Layout, delegations: Iterable[str]) -> BoolArray:
    """(n_issues, max_options) True where one of ``delegations`` has *declared* it will not sign an option: red lines
    whose ``says`` quotes the delegation's public brief, which everyone at the table has read. (Red lines quoted only
    from a confidential brief, and a persona's own red lines, stay private: the others learn them by rejection.)"""
    out = np.zeros(layout.shape, dtype=bool)
    for did in delegations:
        d = scenario.delegation(did)
        public = " ".join(d.brief.split())
        for line in d.red_lines:
            if line.says and " ".join(line.says.split()) in public:
                k = layout.issue_ids.index(line.issue)
                for o in line.options:
                    out[k, layout.option_ids[k].index(o)] = True
    return out
