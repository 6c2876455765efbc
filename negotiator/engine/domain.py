"""The analysis form of a scenario: exact integer utilities grouped into independent (compound) issues.

Every analysis in the engine (frontier, bargaining solutions, ZOPA, deal metrics) works on a :class:`Domain`:

- **Parties**: a chosen subset of delegations, in a chosen order (columns of every utility array).
- **Compound issues** (:class:`Group`): issues coupled by an interaction term of any chosen party are merged into one
  compound issue whose options are the cartesian product of its members' options. Utility is then exactly additive
  over groups, which is what lets frontiers be built group by group instead of over the whole outcome space.
  Interactions of parties that are not analysed are ignored (they cannot change these parties' utilities).
- **Exact arithmetic**: each term (one issue option's weighted points, one interaction bonus) is converted to an int64
  in fixed point with resolution ``2**-scale_bits`` points. ``scale_bits`` is chosen per domain as large as possible
  (at most 52) while no sum, difference or sum of gains can overflow int64. For 0-100 point scales this is about 48
  bits: inputs are rounded at ~4e-15 points, far below anything a player can see. Sums of integers are exact
  and do not depend on the order issues are added in, so "equal utility" and "dominates" have one meaning everywhere
  (the merged frontier, brute force in the tests, the ZOPA count), with no tolerance anywhere.

:meth:`Domain.score_q` is the brute-force definition every algorithm must agree with.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cached_property

import numpy as np
import numpy.typing as npt

from negotiator.engine.compiled import CompiledScenario, FloatArray, IntArray
from negotiator.model.errors import NegotiatorError

QArray = npt.NDArray[np.int64]
BoolArray = npt.NDArray[np.bool_]

MAX_GROUP_OPTIONS = 5_000_000
"""A compound issue larger than this is refused: interactions then couple so many issues that the cartesian product of
their options is itself an enumeration of a large part of the space."""


class AnalysisError(NegotiatorError):
    """An analysis cannot be run as asked (unknown party, too few parties, interactions coupling too much)."""


@dataclass(frozen=True, slots=True)
class InteractionTerm:
    """``points`` for party column ``party`` when issue ``issue_a`` takes ``option_a`` and ``issue_b`` ``option_b``."""

    party: int
    issue_a: int
    option_a: int
    issue_b: int
    option_b: int
    points: float


@dataclass(frozen=True, eq=False)
class Group:
    """A compound issue: one or more issues settled together (coupled by interaction terms)."""

    issues: tuple[int, ...]
    """Issue indices (package columns) in increasing order."""
    options: IntArray
    """(m, len(issues)) option index of each member issue for each compound option, in lexicographic order."""
    values: QArray
    """(m, n_parties) exact fixed-point utility of each compound option, interaction terms included."""

    @property
    def size(self) -> int:
        return int(self.options.shape[0])


@dataclass(frozen=True, eq=False)
class Domain:
    """Exact, additively separable utilities of some parties over a scenario's (possibly restricted) outcome space."""

    party_ids: tuple[str, ...]
    n_issues: int
    components: tuple[tuple[int, ...], ...]
    """Issues coupled by interaction terms (connected components), each sorted, ordered by first issue."""
    reservation_q: QArray
    """(n_parties,) walk-away values in fixed point."""
    scale_bits: int
    term_values: tuple[QArray, ...]
    """Per issue, (n_options_i, n_parties) fixed-point weighted points (no interactions): used by :meth:`score_q`."""
    interactions: tuple[InteractionTerm, ...]
    interaction_q: QArray
    """Fixed-point points of each interaction term (same order as ``interactions``)."""
    allowed: BoolArray
    """(n_issues, max_options) options that may appear in packages of this domain."""

    @property
    def n_parties(self) -> int:
        return len(self.party_ids)

    @property
    def scale(self) -> float:
        return float(2**self.scale_bits)

    @property
    def outcome_count(self) -> int:
        """Exact number of packages in this domain (allowed options only)."""
        return math.prod(int(n) for n in self.allowed.sum(axis=1).tolist())

    @cached_property
    def groups(self) -> tuple[Group, ...]:
        """The compound issues, one per component, with every combined option enumerated (built on first use)."""
        return tuple(self._group(members) for members in self.components)

    def _group(self, members: tuple[int, ...]) -> Group:
        axes = [np.flatnonzero(self.allowed[i]) for i in members]
        grids = np.meshgrid(*axes, indexing="ij")
        options = np.stack([g.ravel() for g in grids], axis=1).astype(np.intp)
        values = np.zeros((options.shape[0], self.n_parties), dtype=np.int64)
        for col, i in enumerate(members):
            values += self.term_values[i][options[:, col]]
        pos = {issue: col for col, issue in enumerate(members)}
        for t, q in zip(self.interactions, self.interaction_q.tolist(), strict=True):
            if t.issue_a in pos:
                hit = (options[:, pos[t.issue_a]] == t.option_a) & (options[:, pos[t.issue_b]] == t.option_b)
                values[hit, t.party] += q
        return Group(issues=members, options=options, values=values)

    @property
    def reservation(self) -> FloatArray:
        return self.to_points(self.reservation_q)

    def to_points(self, q: QArray | int) -> FloatArray:
        """Fixed point back to points (float64; exact up to float rounding)."""
        return np.asarray(q, dtype=np.float64) / self.scale

    def quantise(self, x: FloatArray | float) -> QArray:
        return np.asarray(np.rint(np.asarray(x, dtype=np.float64) * self.scale), dtype=np.int64)

    def score_q(self, packages: IntArray) -> QArray:
        """Exact fixed-point utilities of full packages ((n, n_issues) option indices) by brute force."""
        idx = np.atleast_2d(np.asarray(packages, dtype=np.intp))
        out = np.zeros((idx.shape[0], self.n_parties), dtype=np.int64)
        for i, table in enumerate(self.term_values):
            out += table[idx[:, i]]
        for term, q in zip(self.interactions, self.interaction_q.tolist(), strict=True):
            hit = (idx[:, term.issue_a] == term.option_a) & (idx[:, term.issue_b] == term.option_b)
            out[hit, term.party] += q
        return out

    def is_allowed(self, packages: IntArray) -> BoolArray:
        idx = np.atleast_2d(np.asarray(packages, dtype=np.intp))
        ok = np.ones(idx.shape[0], dtype=bool)
        for i in range(self.n_issues):
            ok &= self.allowed[i, idx[:, i]]
        return ok

    def enumerate_packages(self, limit: int = 5_000_000) -> IntArray:
        """Every package of the domain (for brute force on small domains); refuses more than ``limit``."""
        if self.outcome_count > limit:
            raise AnalysisError(f"{self.outcome_count} packages are too many to enumerate (limit {limit})")
        axes = [np.flatnonzero(self.allowed[i]) for i in range(self.n_issues)]
        grids = np.meshgrid(*axes, indexing="ij")
        return np.stack([g.ravel() for g in grids], axis=1).astype(np.intp)


def _scale_bits(issue_values: Sequence[FloatArray], inter_points: Sequence[float], reservation: FloatArray) -> int:
    """Largest fixed-point precision for which no sum in any algorithm can overflow int64."""
    bound = sum(float(np.abs(v).max(initial=0.0)) for v in issue_values)
    bound += sum(abs(p) for p in inter_points)
    bound += float(np.abs(reservation).max(initial=0.0))
    bound = max(bound, 1.0)
    # Utilities stay within bound, gains within 2 * bound: 2**56 leaves room to add up gains of dozens of parties.
    return max(8, min(52, 56 - math.ceil(math.log2(bound))))


def _union_find_groups(n_issues: int, pairs: Sequence[tuple[int, int]]) -> list[tuple[int, ...]]:
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


def make_domain(
    issue_values: Sequence[FloatArray],
    reservation: Sequence[float] | FloatArray,
    interactions: Sequence[InteractionTerm] = (),
    party_ids: Sequence[str] | None = None,
    allowed: BoolArray | None = None,
) -> Domain:
    """Build a domain from raw arrays.

    ``issue_values[i]`` is (n_options_i, n_parties): each option's contribution to each party (weighted points).
    ``allowed`` optionally masks options out ((n_issues, max_options) bool); every issue needs one allowed option.
    """
    n_issues = len(issue_values)
    if n_issues == 0:
        raise AnalysisError("a domain needs at least one issue")
    res = np.asarray(reservation, dtype=np.float64)
    n_parties = res.shape[0]
    vals = [np.asarray(v, dtype=np.float64).reshape(-1, n_parties) for v in issue_values]
    sizes = [v.shape[0] for v in vals]
    max_opt = max(sizes)
    mask = np.zeros((n_issues, max_opt), dtype=bool)
    for i, m in enumerate(sizes):
        mask[i, :m] = True if allowed is None else np.asarray(allowed, dtype=bool)[i, :m]
        if not mask[i].any():
            raise AnalysisError(f"issue {i} has no allowed option left")
    ids = tuple(party_ids) if party_ids is not None else tuple(f"p{k}" for k in range(n_parties))
    # Interactions that can never fire (an option masked out) or are worth nothing do not couple issues.
    live = [
        t for t in interactions
        if t.points != 0.0 and mask[t.issue_a, t.option_a] and mask[t.issue_b, t.option_b] and t.issue_a != t.issue_b
    ]
    bits = _scale_bits(vals, [t.points for t in live], res)
    scale = float(2**bits)
    terms = tuple(np.asarray(np.rint(v * scale), dtype=np.int64) for v in vals)
    inter_q = np.asarray(np.rint(np.array([t.points for t in live], dtype=np.float64) * scale), dtype=np.int64)
    components = tuple(_union_find_groups(n_issues, [(t.issue_a, t.issue_b) for t in live]))
    for members in components:
        size = math.prod(int(mask[i].sum()) for i in members)
        if size > MAX_GROUP_OPTIONS:
            raise AnalysisError(
                f"interaction terms couple issues {list(members)} into {size} combined options "
                f"(more than {MAX_GROUP_OPTIONS}); exact analysis needs fewer coupled issues"
            )
    return Domain(
        party_ids=ids,
        n_issues=n_issues,
        components=components,
        reservation_q=np.asarray(np.rint(res * scale), dtype=np.int64),
        scale_bits=bits,
        term_values=terms,
        interactions=tuple(live),
        interaction_q=inter_q,
        allowed=mask,
    )


def resolve_parties(compiled: CompiledScenario, parties: Sequence[str | int] | None) -> tuple[int, ...]:
    """Party ids or row indices -> row indices of ``compiled`` (all parties when ``None``), checked."""
    if parties is None:
        return tuple(range(compiled.n_parties))
    rows: list[int] = []
    for p in parties:
        if isinstance(p, str):
            if p not in compiled.party_ids:
                raise AnalysisError(
                    f"no delegation {p!r} in scenario {compiled.scenario_id!r}; use one of {', '.join(compiled.party_ids)}"
                )
            rows.append(compiled.party_ids.index(p))
        else:
            if not 0 <= int(p) < compiled.n_parties:
                raise AnalysisError(f"party index {p} out of range")
            rows.append(int(p))
    if len(set(rows)) != len(rows):
        raise AnalysisError("a delegation is listed twice")
    if not rows:
        raise AnalysisError("an analysis needs at least one delegation")
    return tuple(rows)


def build_domain(
    compiled: CompiledScenario,
    parties: Sequence[str | int] | None = None,
    allowed: BoolArray | None = None,
) -> Domain:
    """The :class:`Domain` of ``compiled`` for ``parties`` (ids or indices; default all), optionally restricted."""
    rows = resolve_parties(compiled, parties)
    col = {r: c for c, r in enumerate(rows)}
    issue_values = [compiled.values[i, : int(compiled.n_options[i])][:, list(rows)] for i in range(compiled.n_issues)]
    terms = [
        InteractionTerm(
            party=col[int(p)], issue_a=int(a), option_a=int(oa), issue_b=int(b), option_b=int(ob), points=float(pts)
        )
        for p, a, oa, b, ob, pts in zip(
            compiled.inter_party.tolist(), compiled.inter_issue_a.tolist(), compiled.inter_option_a.tolist(),
            compiled.inter_issue_b.tolist(), compiled.inter_option_b.tolist(), compiled.inter_points.tolist(),
            strict=True,
        )
        if int(p) in col
    ]
    return make_domain(
        issue_values,
        compiled.reservation[list(rows)],
        terms,
        party_ids=[compiled.party_ids[r] for r in rows],
        allowed=allowed,
    )
