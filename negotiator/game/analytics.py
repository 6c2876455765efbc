"""Negotiation-skill analytics: what a finished game's moves say about how each principal negotiated.

Read from a game's public record (its full proposals, their order and rounds, the public transcript lines and the
outcome) and the scenario's point schedules, so the same numbers come from the final state or from any seat's final
view. Every measure is defined, with the literature it follows, in ``docs/analytics.md``; the short version:

- **opening anchor**: the first full text a side tabled, in its own points, and how ambitious it was (the share of
  the way from its walk-away value to the best it could get on the frontier); **moved**: own points given up from
  the opening to its last text.
- **concessions**: the own-points drop between consecutive texts of a side; **pattern**: the exponent ``e`` of
  ``c(t) = t**e`` fitted (least squares) to the share of the side's largest total concession made by each moment,
  time running from its opening (0) to the last round of the talks (1). ``e > 1.5`` concedes late (Boulware),
  ``e < 1/1.5`` concedes early (Conceder), between: steady (Faratin, Sierra & Jennings 1998).
- **move kinds**: each step between a side's consecutive texts classed by the change in its own and the other
  side's points: concession, selfish, fortunate, unfortunate, nice, silent (Hindriks, Jonker & Tykhonov 2007).
- **reciprocity**: of the other side's steps towards you that you answered with a step of your own, the share where
  your step also gave them more points.
- **logrolling trades**: steps that change two or more issues, give up own points on one and gain on another, and
  raise the two sides' joint points; **logrolling index** of the deal, in [-1, 1]: how far each issue went to the
  side that weighs it more (1: every issue to the side that cares more, -1: every issue to the side that cares less).
- **joint gain, efficiency and share of the surplus** of the signed deal (see :mod:`negotiator.engine.metrics`).
- **first offer** and **first concession**: which side did each first.
- **tone**: counts of public statements by tone and a warmth score (conciliatory +1, neutral 0, firm -0.5,
  hostile -1, averaged).
- **mediator**: requests made, mediator texts tabled and accepted, and whether the deal was a mediator's text.

Pure Python and numpy (no Qt): the debrief screen, the printable reports and tests call :func:`skill_report`.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Protocol

import numpy as np

from negotiator.engine import compile_scenario, pareto_frontier
from negotiator.engine.compiled import CompiledScenario
from negotiator.engine.metrics import metrics_on
from negotiator.engine.pareto import Frontier
from negotiator.game.commands import PackagePairs
from negotiator.game.statements import STATEMENTS_BY_ID
from negotiator.model.schema import Scenario

EPS = 0.5
"""Points below which a change counts as no change (half a point on the 0-100 scale: a design choice)."""
BOULWARE_E = 1.5
"""Fitted exponents above this read as conceding late, below its inverse as conceding early (design choice)."""
TONE_SCORE: dict[str, float] = {"conciliatory": 1.0, "neutral": 0.0, "firm": -0.5, "hostile": -1.0}
MOVE_KINDS: tuple[str, ...] = ("concession", "selfish", "fortunate", "unfortunate", "nice", "silent")


class ProposalLike(Protocol):
    """What the analytics read of a proposal: the state's :class:`Proposal` and a view's ``ProposalView`` fit."""

    @property
    def id(self) -> str: ...
    @property
    def by(self) -> str: ...
    @property
    def package(self) -> PackagePairs: ...
    @property
    def partial(self) -> bool: ...
    @property
    def round(self) -> int: ...
    @property
    def accepted_by(self) -> tuple[str, ...]: ...


class EntryLike(Protocol):
    @property
    def seat(self) -> str: ...
    @property
    def kind(self) -> str: ...
    @property
    def ref(self) -> str: ...
    @property
    def audience(self) -> tuple[str, ...]: ...


class OutcomeLike(Protocol):
    @property
    def result(self) -> str: ...
    @property
    def proposal_id(self) -> str: ...
    @property
    def package(self) -> PackagePairs: ...


class RecordLike(Protocol):
    """A final game state or a seat's final view: both carry the public record the analytics need."""

    @property
    def round(self) -> int: ...
    @property
    def proposals(self) -> Sequence[ProposalLike]: ...
    @property
    def transcript(self) -> Sequence[EntryLike]: ...
    @property
    def outcome(self) -> OutcomeLike | None: ...


@dataclass(frozen=True, slots=True)
class Offer:
    """A full text tabled by one of the two principals, in both principals' points."""

    id: str
    by: str
    round: int
    own: float
    """Points to the side that tabled it."""
    other: float
    """Points to the other principal."""
    package: PackagePairs


@dataclass(frozen=True, slots=True)
class Step:
    """A side's move from one of its texts to its next: changes in its own and the other side's points."""

    by: str
    round: int
    d_own: float
    d_other: float
    kind: str
    """One of :data:`MOVE_KINDS`."""
    logroll: bool


@dataclass(frozen=True)
class SideSkill:
    """What one principal's moves show (every point figure is on its own 0-100 scale unless named ``other``)."""

    seat: str
    offers: tuple[Offer, ...]
    steps: tuple[Step, ...]
    walk_away: float
    best: float
    """The most this side can get on the frontier (its ideal)."""
    opening: Offer | None
    anchor_ambition: float | None
    """(opening - walk-away) / (best - walk-away): 1 opens at its ideal, 0 at its walk-away."""
    moved: float
    """Own points given up from the opening to the last text (negative: it asked for more at the end)."""
    concessions: tuple[float, ...]
    """Own-points drop of each step (negative: a step that asked for more)."""
    exponent: float | None
    pattern: str
    """``boulware``, ``conceder``, ``steady``, ``held-firm`` or ``too-few-offers``."""
    move_kinds: dict[str, int]
    reciprocity: float | None
    reciprocity_chances: int
    logrolls: int
    tones: dict[str, int]
    warmth: float | None
    mediator_asks: int
    mediator_texts_accepted: int


@dataclass(frozen=True)
class SkillReport:
    """The analytics of one game between its two principals ``parties``."""

    parties: tuple[str, str]
    sides: tuple[SideSkill, SideSkill]
    rounds_played: int
    first_offer_by: str | None
    first_concession_by: str | None
    result: str
    deal: PackagePairs
    deal_points: tuple[float, float] | None
    joint_gain: float | None
    available_surplus: float | None
    efficiency: float | None
    share_of_surplus: tuple[float, float] | None
    frontier_gap: float | None
    logrolling_index: float | None
    mediator_texts: int
    deal_by_mediator: bool
    notes: list[str] = field(default_factory=list)

    def side(self, seat: str) -> SideSkill:
        for s in self.sides:
            if s.seat == seat:
                return s
        raise KeyError(seat)


# ------------------------------------------------------------------------------------------------------ the maths
def _sign(x: float, eps: float = EPS) -> int:
    return 0 if abs(x) <= eps else (1 if x > 0 else -1)


def classify_step(d_own: float, d_other: float, eps: float = EPS) -> str:
    """The kind of a move from its change in own and other points (Hindriks, Jonker & Tykhonov 2007)."""
    s, o = _sign(d_own, eps), _sign(d_other, eps)
    if s == 0 and o == 0:
        return "silent"
    if s == 0 and o > 0:
        return "nice"
    if s < 0 and o >= 0:
        return "concession"
    if s > 0 and o <= 0:
        return "selfish"
    if s > 0 and o > 0:
        return "fortunate"
    return "unfortunate"  # own points no higher and the other side's lower


def fit_concession_exponent(times: Sequence[float], shares: Sequence[float]) -> float | None:
    """Least-squares ``e`` of ``share = time**e`` (times and shares in [0, 1]); ``None`` without a usable point.

    Searched on a fine logarithmic grid from 0.05 to 20 (deterministic, no optimiser state); points at time 0 say
    nothing about ``e`` and are ignored.
    """
    t = np.asarray(times, dtype=float)
    c = np.asarray(shares, dtype=float)
    keep = t > 0
    if not keep.any():
        return None
    t, c = t[keep], c[keep]
    grid = np.exp(np.linspace(np.log(0.05), np.log(20.0), 4001))
    err = ((t[None, :] ** grid[:, None] - c[None, :]) ** 2).sum(axis=1)
    return float(grid[int(np.argmin(err))])


def pattern_of(exponent: float | None) -> str:
    if exponent is None:
        return "too-few-offers"
    if exponent > BOULWARE_E:
        return "boulware"
    if exponent < 1.0 / BOULWARE_E:
        return "conceder"
    return "steady"


def concession_curve(offers: Sequence[Offer], end_round: int) -> tuple[list[float], list[float]]:
    """(time, share of the largest total concession made by then) for each text after the opening."""
    if len(offers) < 2:
        return [], []
    r0, u0 = offers[0].round, offers[0].own
    total = max(u0 - o.own for o in offers)
    span = end_round - r0
    if total <= EPS or span <= 0:
        return [], []
    times = [(o.round - r0) / span for o in offers[1:]]
    shares = [(u0 - o.own) / total for o in offers[1:]]
    return times, shares


def logrolling_index(compiled: CompiledScenario, package: Mapping[str, str], a: str, b: str) -> float | None:
    """Σ_i (w_a,i - w_b,i)(share_a,i - share_b,i) / Σ_i |w_a,i - w_b,i| for a complete package.

    ``w`` are the normalised priorities; ``share_p,i`` is where the chosen option sits between the side's worst (0)
    and best (1) option on issue i (0.5 when all its options are worth the same). ``None`` when both sides weigh
    every issue alike (nothing to trade).
    """
    ia, ib = compiled.party_index(a), compiled.party_index(b)
    row = compiled.encode(package)
    w = compiled.weights[ia] - compiled.weights[ib]
    denom = float(np.abs(w).sum())
    if denom <= 1e-12:
        return None
    shares = []
    for k in (ia, ib):
        s = np.empty(compiled.n_issues)
        for i in range(compiled.n_issues):
            pts = compiled.points[k, i, : int(compiled.n_options[i])]
            lo, hi = float(pts.min()), float(pts.max())
            s[i] = 0.5 if hi - lo <= 1e-12 else (float(pts[row[i]]) - lo) / (hi - lo)
        shares.append(s)
    return float((w * (shares[0] - shares[1])).sum() / denom)


def _is_logroll(
    compiled: CompiledScenario, me: int, before: PackagePairs, after: PackagePairs, d_joint: float
) -> bool:
    """Two or more issues changed, own points fell on one and rose on another, and joint points rose."""
    if d_joint <= EPS:
        return False
    old, new = dict(before), dict(after)
    ups = downs = 0
    changed = 0
    for i, issue in enumerate(compiled.issue_ids):
        if old.get(issue) == new.get(issue):
            continue
        changed += 1
        opts = compiled.option_ids[i]
        delta = (
            compiled.values[i, opts.index(new[issue]), me] - compiled.values[i, opts.index(old[issue]), me]
        )
        ups += delta > 1e-9
        downs += delta < -1e-9
    return changed >= 2 and ups > 0 and downs > 0


# ----------------------------------------------------------------------------------------------------- the report
def principals_of(scenario: Scenario) -> tuple[str, str]:
    """The two sides the analytics compare: the first two signatories, else the first two principals."""
    ids = list(scenario.rules.signatories)
    if len(ids) < 2:
        ids = [d.id for d in scenario.principals]
    if len(ids) < 2:
        ids = [d.id for d in scenario.delegations]
    return ids[0], ids[1]


def skill_report(
    scenario: Scenario,
    record: RecordLike,
    *,
    compiled: CompiledScenario | None = None,
    frontier: Frontier | None = None,
) -> SkillReport:
    """The analytics of a game from its final state or a seat's final view (see the module docstring)."""
    comp = compiled if compiled is not None else compile_scenario(scenario)
    a, b = principals_of(scenario)
    front = frontier if frontier is not None else pareto_frontier(comp, [a, b])
    ia, ib = comp.party_index(a), comp.party_index(b)
    n_issues = comp.n_issues
    mediators = {d.id for d in scenario.delegations if d.role == "mediator"}

    def points(package: PackagePairs) -> tuple[float, float]:
        u = comp.score(comp.encode(dict(package))[None, :])[0]
        return float(u[ia]), float(u[ib])

    full = [p for p in record.proposals if not p.partial and len(p.package) == n_issues]
    offers: dict[str, list[Offer]] = {a: [], b: []}
    merged: list[Offer] = []
    for p in full:
        if p.by not in offers:
            continue
        pa, pb = points(p.package)
        own, other = (pa, pb) if p.by == a else (pb, pa)
        o = Offer(p.id, p.by, p.round, own, other, p.package)
        offers[p.by].append(o)
        merged.append(o)
    end_round = max([record.round, *(o.round for o in merged)]) if merged else record.round

    # Steps in table order (both sides interleaved), so reciprocity can look at what came before.
    steps: list[Step] = []
    last: dict[str, Offer] = {}
    for o in merged:
        prev = last.get(o.by)
        last[o.by] = o
        if prev is None:
            continue
        d_own, d_other = o.own - prev.own, o.other - prev.other
        me = ia if o.by == a else ib
        steps.append(
            Step(
                o.by,
                o.round,
                d_own,
                d_other,
                classify_step(d_own, d_other),
                _is_logroll(comp, me, prev.package, o.package, d_own + d_other),
            )
        )
    first_offer_by = merged[0].by if merged else None
    first_concession_by = next((s.by for s in steps if s.d_other > EPS), None)

    public = [e for e in record.transcript if not e.audience]
    mediator_props = [p for p in full if p.by in mediators]

    sides = []
    best = front.utilities.max(axis=0)
    for k, seat in enumerate((a, b)):
        mine = offers[seat]
        my_steps = [s for s in steps if s.by == seat]
        walk = float(comp.reservation[ia if k == 0 else ib])
        top = float(best[k])
        opening = mine[0] if mine else None
        ambition = (opening.own - walk) / (top - walk) if opening is not None and top - walk > EPS else None
        moved = (mine[0].own - mine[-1].own) if mine else 0.0
        times, shares = concession_curve(mine, end_round)
        exponent = fit_concession_exponent(times, shares) if times else None
        if len(mine) >= 2 and max(mine[0].own - o.own for o in mine) <= EPS:
            pattern = "held-firm"
        else:
            pattern = pattern_of(exponent)
        kinds = {kind: 0 for kind in MOVE_KINDS}
        for s in my_steps:
            kinds[s.kind] += 1
        # Reciprocity: each step of the other side that gave me more points, answered by my next step (if I made
        # one before the other side moved again): did mine give them more too?
        chances = answered = 0
        for j, s in enumerate(steps):
            if s.by == seat or s.d_other <= EPS:
                continue
            for later in steps[j + 1 :]:
                if later.by == seat:
                    chances += 1
                    answered += later.d_other > EPS
                    break
                if later.by == s.by:
                    break
        tones = {t: 0 for t in TONE_SCORE}
        for e in public:
            if e.kind == "statement" and e.seat == seat and e.ref in STATEMENTS_BY_ID:
                tones[STATEMENTS_BY_ID[e.ref].tone] += 1
        said = sum(tones.values())
        warmth = sum(TONE_SCORE[t] * n for t, n in tones.items()) / said if said else None
        sides.append(
            SideSkill(
                seat=seat,
                offers=tuple(mine),
                steps=tuple(my_steps),
                walk_away=walk,
                best=top,
                opening=opening,
                anchor_ambition=ambition,
                moved=moved,
                concessions=tuple(-s.d_own for s in my_steps),
                exponent=exponent,
                pattern=pattern,
                move_kinds=kinds,
                reciprocity=answered / chances if chances else None,
                reciprocity_chances=chances,
                logrolls=sum(s.logroll for s in my_steps),
                tones=tones,
                warmth=warmth,
                mediator_asks=sum(1 for e in public if e.kind == "ask-mediator" and e.seat == seat),
                mediator_texts_accepted=sum(1 for p in mediator_props if seat in p.accepted_by),
            )
        )

    out = record.outcome
    result = out.result if out is not None else "unfinished"
    deal: PackagePairs = out.package if out is not None and out.package else ()
    deal_points = joint = available = efficiency = share = gap = index = None
    if deal and len(deal) == n_issues:
        m = metrics_on(front, comp.encode(dict(deal)))
        deal_points = points(deal)
        joint = m.joint_gain
        available = m.available_surplus
        efficiency = m.efficiency
        if m.share_of_surplus is not None:
            share = (float(m.share_of_surplus[0]), float(m.share_of_surplus[1]))
        gap = m.frontier_gap
        index = logrolling_index(comp, dict(deal), a, b)
    deal_by_mediator = bool(
        out is not None
        and out.proposal_id
        and any(p.id == out.proposal_id and p.by in mediators for p in record.proposals)
    )
    return SkillReport(
        parties=(a, b),
        sides=(sides[0], sides[1]),
        rounds_played=end_round,
        first_offer_by=first_offer_by,
        first_concession_by=first_concession_by,
        result=result,
        deal=deal,
        deal_points=deal_points,
        joint_gain=joint,
        available_surplus=available,
        efficiency=efficiency,
        share_of_surplus=share,
        frontier_gap=gap,
        logrolling_index=index,
        mediator_texts=len(mediator_props),
        deal_by_mediator=deal_by_mediator,
    )
