"""Why a constituency reacts as it does, and what would flip it.

- **Contributions**: for each issue the package changes, the mean utility its term brings the constituency (with loss
  aversion, trust and devaluation as in the reaction) and, more tangibly, the *points of support* it is worth: support
  now minus support if that issue stayed as today. Points do not add up to the total (terms interact through the
  threshold, sacred values and the agreement's scope); each says what that one term does.
- **Moves**: every single change of one issue's option, ranked by how much it moves the group's net support
  (support minus opposition), in points. The best one is "the smallest change that moves the group most".
- **Flip**: the shortest sequence of such single changes (greedy, at most :data:`MAX_FLIP_STEPS`) that turns the
  group's majority view around: from more opposed than supportive to the reverse, or, for a group that supports, what
  would lose it.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from negotiator.engine.opinion.population import GroupParams, IntArray, OpinionModel, Population
from negotiator.engine.opinion.reaction import (
    Climate,
    Source,
    _factors,
    affinity,
    shares,
    utilities,
)

MAX_FLIP_STEPS = 4
TOP_MOVES = 5


@dataclass(frozen=True, slots=True)
class IssueContribution:
    issue: str
    option: str
    today: str
    utility: float
    """Mean utility this term brings (positive: a gain against today)."""
    points: float
    """Support (in points) the package has with this term minus without it (issue left as today)."""


@dataclass(frozen=True, slots=True)
class Move:
    issue: str
    from_option: str
    to_option: str
    support_change: float
    oppose_change: float

    @property
    def net_change(self) -> float:
        return self.support_change - self.oppose_change


@dataclass(frozen=True, slots=True)
class Explanation:
    constituency: str
    support: float
    oppose: float
    undecided: float
    """Percent."""
    contributions: tuple[IssueContribution, ...]
    """Changed issues, largest effect on support first."""
    agreement: float
    """Mean utility of the disposition toward an agreement of this scope and kind (bias, paradigm affinity, mood,
    trust, peers)."""
    taboo_share: float
    """Percent of the constituency for whom the package breaks a sacred value."""
    best_moves: tuple[Move, ...]
    flip: tuple[Move, ...] | None
    """Changes that turn the majority view around, in order; None if none within the step limit."""
    flip_direction: str
    """``toward support`` or ``toward opposition``."""


def _u(
    model: OpinionModel, k: int, people: Population, x: IntArray, source: Source, climate: Climate
) -> np.ndarray:
    return utilities(model.groups[k], people, x, model.status_quo, model.paradigm_mix(x), source, climate)


def _percent(u: np.ndarray, band: float) -> tuple[float, float, float]:
    s, o, d = shares(u, band)
    return 100 * s, 100 * o, 100 * d


def _moves(
    model: OpinionModel,
    k: int,
    params: GroupParams,
    people: Population,
    x: IntArray,
    source: Source,
    climate: Climate,
) -> list[Move]:
    s0, o0, _ = _percent(_u(model, k, people, x, source, climate), params.band)
    out = []
    for i, issue in enumerate(model.issue_ids):
        for j, opt in enumerate(model.option_ids[i]):
            if j == x[i]:
                continue
            y = x.copy()
            y[i] = j
            s, o, _ = _percent(_u(model, k, people, y, source, climate), params.band)
            out.append(Move(issue, model.option_ids[i][int(x[i])], opt, s - s0, o - o0))
    out.sort(key=lambda m: (-m.net_change, m.issue, m.to_option))
    return out


def explain(
    model: OpinionModel, k: int, people: Population, x: IntArray, source: Source, climate: Climate
) -> Explanation:
    """Explain constituency ``k``'s reaction to package ``x`` (see the module docstring)."""
    params = model.groups[k]
    sq = model.status_quo
    u = _u(model, k, people, x, source, climate)
    s, o, d = _percent(u, params.band)
    gain_factor, endorse = _factors(params, source, climate)
    contributions = []
    for i in np.flatnonzero(x != sq).tolist():
        row = people.weighted[i, x[i]]
        util = float(np.mean(np.where(row > 0, gain_factor * row, params.loss_aversion * row)))
        y = x.copy()
        y[i] = sq[i]
        s_without, _, _ = _percent(_u(model, k, people, y, source, climate), params.band)
        contributions.append(
            IssueContribution(
                model.issue_ids[i],
                model.option_ids[i][int(x[i])],
                model.option_ids[i][int(sq[i])],
                util,
                s - s_without,
            )
        )
    contributions.sort(key=lambda c: (-abs(c.points), c.issue))
    scope = float(params.priorities[x != sq].sum())
    agreement = scope * (
        params.bias + affinity(params, model.paradigm_mix(x)) + climate.mood + climate.peer + endorse
    )
    taboo = np.zeros(people.size, dtype=np.bool_)
    for j, rule in enumerate(params.sacred):
        if rule.options[x[rule.issue]]:
            taboo |= people.taboo[j]
    moves = _moves(model, k, params, people, x, source, climate)
    toward_support = s <= o
    flip: list[Move] = []
    y = x.copy()
    found = False
    for _ in range(MAX_FLIP_STEPS):
        candidates = _moves(model, k, params, people, y, source, climate)
        if not toward_support:
            candidates.sort(key=lambda m: (m.net_change, m.issue, m.to_option))
        step = candidates[0]
        if (step.net_change <= 0) if toward_support else (step.net_change >= 0):
            break
        flip.append(step)
        i = model.issue_ids.index(step.issue)
        y[i] = model.option_ids[i].index(step.to_option)
        s2, o2, _ = _percent(_u(model, k, people, y, source, climate), params.band)
        if (s2 > o2) if toward_support else (o2 > s2):
            found = True
            break
    return Explanation(
        params.id,
        s,
        o,
        d,
        tuple(contributions),
        agreement,
        100 * float(taboo.mean()),
        tuple(moves[:TOP_MOVES]),
        tuple(flip) if found else None,
        "toward support" if toward_support else "toward opposition",
    )
