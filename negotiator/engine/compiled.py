"""A scenario compiled to numpy arrays, and vectorised scoring of packages for every delegation at once.

Utility of a package for delegation ``d`` (0-100 scale, before interactions)::

    u_d(x) = sum_i w[d, i] * points[d, i, x_i]  +  sum_{(a, b) in interactions_d} bonus if x_a and x_b chosen

with ``w[d]`` the delegation's priorities normalised to sum to 1. Packages are int arrays of option indices, one
column per issue in scenario order; :meth:`CompiledScenario.encode` and :meth:`decode` convert to and from
:class:`~negotiator.model.package.Package`.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from functools import cached_property
from typing import TYPE_CHECKING

import numpy as np
import numpy.typing as npt

from negotiator.engine.additive import Term, additive_score
from negotiator.model.package import Package
from negotiator.model.schema import Scenario

if TYPE_CHECKING:
    from negotiator.engine.scoring import ChunkScorer

FloatArray = npt.NDArray[np.float64]
IntArray = npt.NDArray[np.intp]


@dataclass(frozen=True, eq=False)
class CompiledScenario:
    """Arrays for fast scoring. Rows are delegations (``party_ids`` order), columns issues (``issue_ids`` order)."""

    scenario_id: str
    issue_ids: tuple[str, ...]
    option_ids: tuple[tuple[str, ...], ...]
    party_ids: tuple[str, ...]
    n_options: IntArray
    """(n_issues,) number of options per issue."""
    weights: FloatArray
    """(n_parties, n_issues) priorities normalised to sum to 1 per party."""
    points: FloatArray
    """(n_parties, n_issues, max_options) raw 0-100 points; padding slots are 0 and never chosen."""
    values: FloatArray
    """(n_issues, max_options, n_parties) weighted points: the contribution of each option to each party."""
    inter_party: IntArray
    """Interaction terms as parallel arrays: party row, the two (issue, option) pairs, and the bonus in points."""
    inter_issue_a: IntArray
    inter_option_a: IntArray
    inter_issue_b: IntArray
    inter_option_b: IntArray
    inter_points: FloatArray
    reservation: FloatArray
    """(n_parties,) walk-away values."""
    memo: dict[object, object] = field(default_factory=dict, repr=False, compare=False)
    """Answers derived from these arrays alone (the frontier per party tuple), kept with them so they live and die
    with this object; two threads asking at once may both compute one, and either answer is the same."""

    @property
    def n_issues(self) -> int:
        return len(self.issue_ids)

    @property
    def n_parties(self) -> int:
        return len(self.party_ids)

    @property
    def outcome_count(self) -> int:
        """How many complete packages exist (an exact Python int; it may exceed int64 for big scenarios)."""
        count = 1
        for n in self.n_options.tolist():
            count *= int(n)
        return count

    def party_index(self, party_id: str) -> int:
        return self.party_ids.index(party_id)

    def encode(self, package: Mapping[str, str]) -> IntArray:
        """A complete package as an (n_issues,) array of option indices."""
        return np.array(
            [self.option_ids[i].index(package[issue]) for i, issue in enumerate(self.issue_ids)],
            dtype=np.intp,
        )

    def decode(self, row: Sequence[int] | IntArray) -> Package:
        return Package(
            tuple((issue, self.option_ids[i][int(row[i])]) for i, issue in enumerate(self.issue_ids))
        )

    @cached_property
    def _scorer(self) -> ChunkScorer:
        from negotiator.engine.scoring import build_scorer  # scoring builds on this module

        return build_scorer(self)

    def score(self, packages: IntArray) -> FloatArray:
        """Utilities of many packages: (n, n_issues) option indices -> (n, n_parties) points.

        Vectorised through small per-chunk lookup tables (:mod:`negotiator.engine.scoring`); any integer dtype is
        accepted. Equal to :meth:`score_reference` up to float rounding (~1e-12).
        """
        idx = np.asarray(packages)
        single = idx.ndim == 1
        out = self._scorer.score(idx[None, :] if single else idx)
        return out[0:1] if single else out

    def terms(self) -> list[Term]:
        """The interaction terms as :data:`~negotiator.engine.additive.Term` tuples."""
        return list(
            zip(
                self.inter_party.tolist(),
                self.inter_issue_a.tolist(),
                self.inter_option_a.tolist(),
                self.inter_issue_b.tolist(),
                self.inter_option_b.tolist(),
                self.inter_points.tolist(),
                strict=True,
            )
        )

    def score_reference(self, packages: IntArray) -> FloatArray:
        """The plain definition (:func:`~negotiator.engine.additive.additive_score`): the fast path's reference."""
        out: FloatArray = additive_score(self.values, packages, self.terms())
        return out

    def score_one(self, package: Mapping[str, str]) -> dict[str, float]:
        """Each delegation's points for one complete package."""
        u = self.score(self.encode(package)[None, :])[0]
        return {p: float(u[k]) for k, p in enumerate(self.party_ids)}


def compile_scenario(scenario: Scenario, parties: Sequence[str] | None = None) -> CompiledScenario:
    """Compile ``scenario`` (optionally only some delegations, in the given order) to arrays."""
    party_ids = tuple(parties) if parties is not None else tuple(d.id for d in scenario.delegations)
    issues = scenario.issues
    issue_ids = tuple(i.id for i in issues)
    option_ids = tuple(tuple(o.id for o in i.options) for i in issues)
    n_options = np.array([len(o) for o in option_ids], dtype=np.intp)
    max_opt = int(n_options.max())
    n_p, n_i = len(party_ids), len(issues)
    weights = np.zeros((n_p, n_i))
    points = np.zeros((n_p, n_i, max_opt))
    reservation = np.zeros(n_p)
    ip: list[int] = []
    ia: list[int] = []
    oa: list[int] = []
    ib: list[int] = []
    ob: list[int] = []
    pts: list[float] = []
    for p, pid in enumerate(party_ids):
        d = scenario.delegation(pid)
        raw = np.array([d.priorities[i] for i in issue_ids], dtype=np.float64)
        weights[p] = raw / raw.sum()
        for i, issue in enumerate(issue_ids):
            for o, opt in enumerate(option_ids[i]):
                points[p, i, o] = d.points[issue][opt]
        reservation[p] = d.reservation_value
        for inter in d.interactions:
            (issue_a, opt_a), (issue_b, opt_b) = sorted(
                inter.when.items(), key=lambda kv: issue_ids.index(kv[0])
            )
            a, b = issue_ids.index(issue_a), issue_ids.index(issue_b)
            ip.append(p)
            ia.append(a)
            oa.append(option_ids[a].index(opt_a))
            ib.append(b)
            ob.append(option_ids[b].index(opt_b))
            pts.append(inter.points)
    values = np.ascontiguousarray(np.transpose(weights[:, :, None] * points, (1, 2, 0)))
    return CompiledScenario(
        scenario_id=scenario.id,
        issue_ids=issue_ids,
        option_ids=option_ids,
        party_ids=party_ids,
        n_options=n_options,
        weights=weights,
        points=points,
        values=values,
        inter_party=np.array(ip, dtype=np.intp),
        inter_issue_a=np.array(ia, dtype=np.intp),
        inter_option_a=np.array(oa, dtype=np.intp),
        inter_issue_b=np.array(ib, dtype=np.intp),
        inter_option_b=np.array(ob, dtype=np.intp),
        inter_points=np.array(pts, dtype=np.float64),
        reservation=reservation,
    )
