"""The analysis form of a scenario: exact integer utilities grouped into independent (compound) issues.

Every analysis in the engine (frontier, bargaining solutions, ZOPA, deal metrics) works on a :class:`Domain`:

- **Parties**: a chosen subset of delegations, in a chosen order (columns of every utility array).
- **Components and compound issues** (:class:`Group`): issues coupled by an interaction term of any chosen party
  form a component; utility is exactly additive over components. The frontier is built issue by issue and needs no
  more (:mod:`negotiator.engine.pareto`); the ZOPA count enumerates each component as one compound issue whose
  options are the cartesian product of its members' options (built on first use, refused beyond
  ``MAX_GROUP_OPTIONS``). Interactions of parties that are not analysed are ignored (they cannot change these
  parties' utilities).
- **Exact arithmetic**: every term (one issue option's weighted points, one interaction bonus, a walk-away value) is
  an int64 count of a per-party *unit* (``units[p]`` units = 1 point), so sums are exact and do not depend on the
  order issues are added in: "equal utility" and "dominates" have one meaning everywhere (the merged frontier, brute
  force in the tests, the ZOPA count), with no tolerance anywhere.

  Scenario numbers are decimals (priorities, 0-100 points, bonuses, walk-away values), so a party's utility is an
  exact rational: ``sum_i priority_i * points_i / sum(priorities)``. :func:`build_domain` finds, per party, the
  smallest unit (the priorities' common denominator times a power of ten) that makes every term an integer, so the
  analysis is *exact in rational arithmetic*: two packages worth exactly the same to a delegation tie exactly, even
  when float sums would differ in the 15th digit. Values that are not such decimals (random benchmark domains) fall
  back to binary fixed point with ``2**b`` units per point, ``b`` as large as possible (at most 52) without overflow:
  rounding then happens once per input term, at ~1e-15 points.

:meth:`Domain.score_q` is the brute-force definition every algorithm must agree with.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from fractions import Fraction
from functools import cached_property

import numpy as np
import numpy.typing as npt

from negotiator.engine.additive import additive_score, coupled_groups
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
    axes: tuple[IntArray, ...]
    """Per member issue, its allowed option indices (increasing): the compound options are their cartesian product."""
    values: QArray
    """(m, n_parties) exact fixed-point utility of each compound option, interaction terms included."""

    @property
    def size(self) -> int:
        return int(self.values.shape[0])

    @cached_property
    def options(self) -> IntArray:
        """(m, len(issues)) option index of each member issue for each compound option, in lexicographic order
        (built when first asked: the counts and the frontier work on ``values`` alone)."""
        shape = tuple(len(a) for a in self.axes)
        m = len(self.axes)
        grid = np.empty((*shape, m), dtype=np.intp)
        for col, axis in enumerate(self.axes):
            along = [1] * m
            along[col] = shape[col]
            grid[..., col] = axis.reshape(along)
        out: IntArray = grid.reshape(-1, m)
        return out


@dataclass(frozen=True, eq=False)
class Domain:
    """Exact, additively separable utilities of some parties over a scenario's (possibly restricted) outcome space."""

    party_ids: tuple[str, ...]
    n_issues: int
    components: tuple[tuple[int, ...], ...]
    """Issues coupled by interaction terms (connected components), each sorted, ordered by first issue."""
    reservation_q: QArray
    """(n_parties,) walk-away values in units."""
    units: QArray
    """(n_parties,) how many integer units make one point, per party."""
    term_values: tuple[QArray, ...]
    """Per issue, (n_options_i, n_parties) weighted points in units (no interactions): used by :meth:`score_q`."""
    interactions: tuple[InteractionTerm, ...]
    interaction_q: QArray
    """Fixed-point points of each interaction term (same order as ``interactions``)."""
    allowed: BoolArray
    """(n_issues, max_options) options that may appear in packages of this domain."""

    @property
    def n_parties(self) -> int:
        return len(self.party_ids)

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
        size = math.prod(len(a) for a in axes)
        if size > MAX_GROUP_OPTIONS:
            raise AnalysisError(
                f"interaction terms couple issues {list(members)} into {size} combined options "
                f"(more than {MAX_GROUP_OPTIONS}); the exact ZOPA count needs fewer coupled issues"
            )
        shape = tuple(len(a) for a in axes)
        m, k = len(members), self.n_parties
        # the compound options' points as one grid (member axes in order, lexicographic when raveled): each member's
        # points are broadcast along its own axis, and an interaction adds to the slice where both of its options
        # hold, so nothing is gathered row by row (integer units: exact in any order)
        values_grid = np.zeros((*shape, k), dtype=np.int64)
        for col, i in enumerate(members):
            along = [1] * m
            along[col] = shape[col]
            values_grid += self.term_values[i][axes[col]].reshape((*along, k))
        pos = {issue: col for col, issue in enumerate(members)}
        for t, q in zip(self.interactions, self.interaction_q.tolist(), strict=True):
            if t.issue_a in pos:
                at_a = np.flatnonzero(axes[pos[t.issue_a]] == t.option_a)
                at_b = np.flatnonzero(axes[pos[t.issue_b]] == t.option_b)
                if at_a.size == 0 or at_b.size == 0:  # an option left out of the domain: the term never fires
                    continue
                where: list[int | slice] = [slice(None)] * (m + 1)
                where[pos[t.issue_a]] = int(at_a[0])
                where[pos[t.issue_b]] = int(at_b[0])
                where[m] = t.party
                values_grid[tuple(where)] += q
        return Group(issues=members, axes=tuple(axes), values=values_grid.reshape(size, k))

    @property
    def reservation(self) -> FloatArray:
        return self.to_points(self.reservation_q)

    def to_points(self, q: QArray) -> FloatArray:
        """Units back to points (float64); the last axis is the party axis."""
        return np.asarray(q, dtype=np.float64) / self.units.astype(np.float64)

    def exact_points(self, q: QArray) -> list[Fraction]:
        """One utility vector in points, as exact fractions."""
        return [Fraction(int(v), int(u)) for v, u in zip(q, self.units, strict=True)]

    def score_q(self, packages: IntArray) -> QArray:
        """Exact fixed-point utilities of full packages ((n, n_issues) option indices) by brute force."""
        stacked = np.zeros((self.n_issues, self.allowed.shape[1], self.n_parties), dtype=np.int64)
        for i, table in enumerate(self.term_values):
            stacked[i, : table.shape[0]] = table
        terms = [
            (t.party, t.issue_a, t.option_a, t.issue_b, t.option_b, q)
            for t, q in zip(self.interactions, self.interaction_q.tolist(), strict=True)
        ]
        out: QArray = additive_score(stacked, packages, terms)  # integer units: exact in any order
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


def _scale_bits(
    issue_values: Sequence[FloatArray], inter_points: Sequence[float], reservation: FloatArray
) -> int:
    """Largest fixed-point precision for which no sum in any algorithm can overflow int64."""
    bound = sum(float(np.abs(v).max(initial=0.0)) for v in issue_values)
    bound += sum(abs(p) for p in inter_points)
    bound += float(np.abs(reservation).max(initial=0.0))
    bound = max(bound, 1.0)
    # Utilities stay within bound, gains within 2 * bound: 2**56 leaves room to add up gains of dozens of parties.
    return max(8, min(52, 56 - math.ceil(math.log2(bound))))


def _to_units(x: FloatArray, exact: bool) -> QArray:
    q = np.rint(x)
    if exact and np.any(np.abs(x - q) > 1e-6):
        raise AnalysisError("a value is not a whole number of the declared unit")
    return np.asarray(q, dtype=np.int64)


def exact_units(
    issue_values: Sequence[FloatArray], reservation: FloatArray, interactions: Sequence[InteractionTerm]
) -> QArray | None:
    """Per party, the smallest unit making every term an integer if the inputs are decimal rationals, else ``None``.

    Candidates are the common denominator of the party's values read as fractions with small denominators, times
    powers of ten; a candidate is accepted only if every scaled term is within 1e-6 of an integer and the scaled
    utilities stay far from int64 overflow.
    """
    n_parties = int(np.asarray(reservation).shape[0])
    units: list[int] = []
    for p in range(n_parties):
        terms = [float(x) for v in issue_values for x in np.asarray(v)[:, p].tolist()]
        terms += [t.points for t in interactions if t.party == p]
        terms.append(float(reservation[p]))
        found = None
        for digits in range(0, 5):
            base = 10**digits
            denominator = 1
            for x in terms:
                denominator = math.lcm(denominator, Fraction(x * base).limit_denominator(100_000).denominator)
                if denominator > 10**9:
                    break
            unit = denominator * base
            scaled = np.array(terms) * unit
            if (
                unit <= 10**9
                and np.all(np.abs(scaled - np.rint(scaled)) <= 1e-6)
                and np.abs(scaled).sum() < 2**52
            ):
                found = unit
                break
        if found is None:
            return None
        units.append(found)
    return np.array(units, dtype=np.int64)


def make_domain(
    issue_values: Sequence[FloatArray],
    reservation: Sequence[float] | FloatArray,
    interactions: Sequence[InteractionTerm] = (),
    party_ids: Sequence[str] | None = None,
    allowed: BoolArray | None = None,
    *,
    unit: Sequence[int] | QArray | None = None,
) -> Domain:
    """Build a domain from raw arrays.

    ``issue_values[i]`` is (n_options_i, n_parties): each option's contribution to each party (weighted points).
    ``allowed`` optionally masks options out ((n_issues, max_options) bool); every issue needs one allowed option.
    ``unit`` (per party, integers) declares that every value, bonus and walk-away value times the unit is an integer
    (checked; :class:`AnalysisError` if not): arithmetic is then exact in rationals. Without it, binary fixed point.
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
        t
        for t in interactions
        if t.points != 0.0
        and mask[t.issue_a, t.option_a]
        and mask[t.issue_b, t.option_b]
        and t.issue_a != t.issue_b
    ]
    if unit is None:
        bits = _scale_bits(vals, [t.points for t in live], res)
        units = np.full(n_parties, 2**bits, dtype=np.int64)
    else:
        units = np.asarray(unit, dtype=np.int64).reshape(n_parties)
    scale = units.astype(np.float64)
    terms = tuple(_to_units(v * scale[None, :], unit is not None) for v in vals)
    inter_q = np.array(
        [int(_to_units(np.array([t.points * scale[t.party]]), unit is not None)[0]) for t in live],
        dtype=np.int64,
    )
    reservation_q = _to_units(res * scale, unit is not None)
    components = tuple(coupled_groups(n_issues, [(t.issue_a, t.issue_b) for t in live]))
    return Domain(
        party_ids=ids,
        n_issues=n_issues,
        components=components,
        reservation_q=reservation_q,
        units=units,
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
    issue_values = [
        compiled.values[i, : int(compiled.n_options[i])][:, list(rows)] for i in range(compiled.n_issues)
    ]
    terms = [
        InteractionTerm(
            party=col[int(p)],
            issue_a=int(a),
            option_a=int(oa),
            issue_b=int(b),
            option_b=int(ob),
            points=float(pts),
        )
        for p, a, oa, b, ob, pts in zip(
            compiled.inter_party.tolist(),
            compiled.inter_issue_a.tolist(),
            compiled.inter_option_a.tolist(),
            compiled.inter_issue_b.tolist(),
            compiled.inter_option_b.tolist(),
            compiled.inter_points.tolist(),
            strict=True,
        )
        if int(p) in col
    ]
    reservation = compiled.reservation[list(rows)]
    return make_domain(
        issue_values,
        reservation,
        terms,
        party_ids=[compiled.party_ids[r] for r in rows],
        allowed=allowed,
        unit=exact_units(issue_values, reservation, terms),
    )
