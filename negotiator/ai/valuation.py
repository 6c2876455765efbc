"""Additive valuations over packages as arrays: a bot's own points (from its view) and estimates of others'.

A package is an int array of option indices, one per issue in scenario order. A :class:`Valuation` scores many packages
at once (``values`` summed over issues plus pairwise interaction terms) and proposes packages by *logrolling*: for a
range of exchange rates ``lam`` it takes, issue by issue, the option that maximises ``own + lam * other``; each such
package gives on the issues the bot cares little about and holds on those it cares much about, and the sweep traces the
(convex part of the) frontier between the two valuations. Interaction terms are scored exactly afterwards.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

import numpy as np
import numpy.typing as npt

from negotiator.engine.additive import additive_score, coupled_groups
from negotiator.game.views import OwnBrief
from negotiator.model.public import PublicScenario
from negotiator.model.schema import Scenario

FloatArray = npt.NDArray[np.float64]
IntArray = npt.NDArray[np.intp]
BoolArray = npt.NDArray[np.bool_]
NEG = -1e9


def unique_rows(packages: IntArray) -> IntArray:
    """``np.unique(packages, axis=0)``: each package once, in lexicographic order, the same array. A package's
    options read as the digits of one integer (most significant issue first) sort exactly as the rows do, and
    integers are de-duplicated several times faster than rows (``np.unique`` sorts rows as structured records);
    when the digits do not fit in 62 bits, ``np.unique`` itself."""
    x = np.asarray(packages)
    if x.ndim != 2 or x.shape[0] < 2 or x.dtype.kind not in "iu" or int(x.min()) < 0:
        return np.unique(x, axis=0)  # type: ignore[no-any-return]
    base = int(x.max()) + 1
    if base ** x.shape[1] >= 2**62:
        return np.unique(x, axis=0)  # type: ignore[no-any-return]
    digits = np.int64(base) ** np.arange(x.shape[1] - 1, -1, -1, dtype=np.int64)
    _, first = np.unique(x.astype(np.int64) @ digits, return_index=True)
    return x[first]  # type: ignore[no-any-return]


@dataclass(frozen=True, slots=True)
class Layout:
    """Issue and option ids of a scenario, in order (public information)."""

    issue_ids: tuple[str, ...]
    option_ids: tuple[tuple[str, ...], ...]
    valid: BoolArray
    """(n_issues, max_options) True where an option exists."""
    _codes: dict[tuple[tuple[str, str], ...], IntArray] = field(
        default_factory=dict, compare=False, repr=False
    )
    """Packages already encoded (a bot reads every proposal of the game again at each move)."""

    @classmethod
    def of(cls, scenario: Scenario | PublicScenario) -> Layout:
        issue_ids = tuple(i.id for i in scenario.issues)
        option_ids = tuple(tuple(o.id for o in i.options) for i in scenario.issues)
        width = max(len(o) for o in option_ids)
        valid = np.zeros((len(issue_ids), width), dtype=bool)
        for k, opts in enumerate(option_ids):
            valid[k, : len(opts)] = True
        return cls(issue_ids, option_ids, valid)

    @property
    def shape(self) -> tuple[int, int]:
        return self.valid.shape  # type: ignore[return-value]

    def encode(self, package: Sequence[tuple[str, str]]) -> IntArray:
        key = package if isinstance(package, tuple) else None
        found = self._codes.get(key) if key is not None else None
        if found is None:
            d = dict(package)
            found = np.array(
                [self.option_ids[i].index(d[issue]) for i, issue in enumerate(self.issue_ids)], dtype=np.intp
            )
            if key is not None:
                if len(self._codes) >= 4096:  # a game tables a few hundred texts; bounded all the same
                    self._codes.clear()
                self._codes[key] = found
        return found.copy()  # the caller's own array

    def decode(self, row: IntArray) -> tuple[tuple[str, str], ...]:
        return tuple((issue, self.option_ids[i][int(row[i])]) for i, issue in enumerate(self.issue_ids))


@dataclass(frozen=True, slots=True)
class Valuation:
    """values[i, o] summed over issues, plus bonus points when both options of an interaction are chosen."""

    values: FloatArray
    inter: tuple[tuple[int, int, int, int, float], ...] = ()

    def score(self, packages: IntArray) -> FloatArray:
        """Points of each package (the engine's one additive scorer, on what this valuation knows)."""
        out: FloatArray = additive_score(self.values, packages, [(None, *t) for t in self.inter])
        return out

    def score_one(self, package: IntArray) -> float:
        return float(self.score(package[None, :])[0])


def own_valuation(
    layout: Layout,
    priorities: Sequence[tuple[str, float]],
    points: Sequence[tuple[str, Sequence[tuple[str, float]]]],
    interactions: Sequence[tuple[Sequence[tuple[str, str]], float, str]],
) -> Valuation:
    """A delegation's points exactly as the engine scores them, built from its view's confidential brief."""
    n, m = layout.shape
    pr = dict(priorities)
    total = sum(pr.values()) or 1.0
    pts = {i: dict(opts) for i, opts in points}
    values = np.full((n, m), NEG)
    for k, issue in enumerate(layout.issue_ids):
        for o, opt in enumerate(layout.option_ids[k]):
            values[k, o] = pr[issue] / total * pts[issue][opt]
    inter = []
    for when, bonus, _why in interactions:
        (ia, oa), (ib, ob) = (
            (layout.issue_ids.index(i), layout.option_ids[layout.issue_ids.index(i)].index(o))
            for i, o in when
        )
        inter.append((ia, oa, ib, ob, float(bonus)))
    return Valuation(values, tuple(inter))


def brief_valuation(layout: Layout, own: OwnBrief) -> Valuation:
    """:func:`own_valuation` of a seat's confidential brief, as its view carries it."""
    return own_valuation(layout, own.priorities, own.points, own.interactions)


def sweep(own: FloatArray, other: FloatArray, lams: FloatArray, allowed: BoolArray) -> IntArray:
    """(len(lams), n_issues) packages: per issue the option maximising own + lam * other among allowed options."""
    combined = own[None, :, :] + lams[:, None, None] * other[None, :, :]
    combined = np.where(allowed[None, :, :], combined, -np.inf)
    return np.argmax(combined, axis=2).astype(np.intp)  # type: ignore[no-any-return]


def best_package(values: FloatArray, allowed: BoolArray) -> IntArray:
    return np.argmax(np.where(allowed, values, -np.inf), axis=1).astype(np.intp)  # type: ignore[no-any-return]


@dataclass(frozen=True, slots=True)
class Compound:
    """Issues coupled by interaction terms, swept together so a trade-off sees the bonus of a pair (as the engine's
    compound issues do). ``joint[g]`` lists every allowed combination of group ``g``'s options."""

    groups: tuple[tuple[int, ...], ...]
    joint: tuple[IntArray, ...]
    own: tuple[FloatArray, ...]
    """Own points of each combination, interactions inside the group included."""

    @classmethod
    def of(cls, valuation: Valuation, allowed: BoolArray) -> Compound:
        groups = tuple(
            coupled_groups(allowed.shape[0], [(ia, ib) for ia, _oa, ib, _ob, _pts in valuation.inter])
        )
        joint: list[IntArray] = []
        own: list[FloatArray] = []
        for g in groups:
            axes = [np.flatnonzero(allowed[i]) for i in g]
            grid = np.stack(np.meshgrid(*axes, indexing="ij"), axis=-1).reshape(-1, len(g)).astype(np.intp)
            pts = sum(valuation.values[i, grid[:, k]] for k, i in enumerate(g))
            for ia, oa, ib, ob, bonus in valuation.inter:
                if ia in g and ib in g:
                    pts = pts + bonus * ((grid[:, g.index(ia)] == oa) & (grid[:, g.index(ib)] == ob))
            joint.append(grid)
            own.append(np.asarray(pts, dtype=np.float64))
        return cls(groups, tuple(joint), tuple(own))

    def sweep(self, other: FloatArray, lams: FloatArray) -> IntArray:
        """(len(lams), n_issues): per group the combination maximising own + lam * other (other additive)."""
        n = other.shape[0]
        out = np.zeros((lams.size, n), dtype=np.intp)
        for g, grid, own in zip(self.groups, self.joint, self.own, strict=True):
            oth = sum(other[i, grid[:, k]] for k, i in enumerate(g))
            best = np.argmax(own[None, :] + lams[:, None] * oth[None, :], axis=1)
            out[:, list(g)] = grid[best]
        return out


def blends(a: IntArray, b: IntArray, rng: np.random.Generator, limit: int = 512) -> IntArray:
    """Texts that take each issue from ``a`` or from ``b`` (bridging two sides' offers): every combination when the
    two differ on few issues, else ``limit`` seeded random ones (``a`` and ``b`` themselves always included)."""
    diff = np.flatnonzero(a != b)
    k = diff.size
    if k <= int(np.log2(limit)):
        choice = ((np.arange(2**k)[:, None] >> np.arange(k)[None, :]) & 1).astype(bool)
    else:
        choice = rng.random((limit, k)) < 0.5
        choice[0], choice[1] = False, True
    out = np.repeat(a[None, :], choice.shape[0], axis=0)
    out[:, diff] = np.where(choice, b[diff][None, :], a[diff][None, :])
    return out  # type: ignore[no-any-return]
