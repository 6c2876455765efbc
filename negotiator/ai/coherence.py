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
from dataclasses import dataclass

import numpy as np

from negotiator.ai.valuation import BoolArray, FloatArray, IntArray, Layout
from negotiator.model.schema import Scenario


@dataclass(frozen=True, slots=True)
class Coherence:
    """Each term as (issue a, mask of its options, issue b, mask of its options)."""

    terms: tuple[tuple[int, BoolArray, int, BoolArray], ...]

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
        out = np.zeros(x.shape[0], dtype=bool)
        for ka, ma, kb, mb in self.terms:
            out |= ma[x[:, ka]] & mb[x[:, kb]]
        return out  # type: ignore[no-any-return]

    def keep(self, packages: IntArray) -> IntArray:
        """Only the coherent packages."""
        if not self.terms or packages.shape[0] == 0:
            return packages
        return packages[~self.broken(packages)]  # type: ignore[no-any-return]

    def mend(self, packages: IntArray, values: FloatArray, allowed: BoolArray) -> IntArray:
        """Each incoherent package mended term by term (a few passes: a change may break another term); packages
        that cannot be mended are dropped. ``values`` (n_issues, n_options) ranks the replacement options."""
        if not self.terms or packages.shape[0] == 0:
            return packages
        out = packages.copy()
        bad = np.flatnonzero(self.broken(out))
        for k in bad:
            row = out[k]
            for _ in range(4):
                term = next((t for t in self.terms if t[1][row[t[0]]] and t[3][row[t[2]]]), None)
                if term is None:
                    break
                ka, ma, kb, mb = term
                options: list[tuple[bool, float, int, int]] = []
                for issue, mask in ((ka, ma), (kb, mb)):
                    for o in np.flatnonzero(allowed[issue] & ~mask):
                        trial = row.copy()
                        trial[issue] = o
                        loss = float(values[issue, row[issue]] - values[issue, o])
                        options.append((bool(self.broken(trial[None, :])[0]), loss, int(issue), int(o)))
                if not options:
                    break
                _, _, where, choice = min(
                    options
                )  # a change that breaks nothing else first, then the cheapest
                row[where] = choice
            out[k] = row
        return self.keep(out)


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
