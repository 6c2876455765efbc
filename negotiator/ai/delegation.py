"""The delegation bot: a principal (or any signatory) that bargains like a person with interests.

Each move it reads its view, and only its view (plus the scenario's public parts: issue titles, constituencies, the
coherence terms; and its own persona's overlay, which belongs to its own confidential brief):
1. its *target* for this round: time-dependent concession from its best package toward a floor above its walk-away
   value (Boulware to Conceder by persona), lowered further by reciprocity when the other side has conceded;
2. an *opponent model* of each other signatory (public prior + frequency of their offers + issues they object to);
3. its *ratification forecast* (:mod:`negotiator.ai.forecast`): how likely each side's vote is to pass a text, from
   the public opinion everyone can read in the polls;
4. its *offer*: among texts that meet its target (packages from a logrolling sweep that give on issues it cares
   little about and hold on those it cares much about, blends of its last text with the other side's latest, and
   single-issue variants of the most promising: a climb that goes on next round from the text it tabled), the one
   the others are estimated to gain most from, times the chance the text is ratified at all; red-line options are
   never offered;
5. its *answers*: it accepts an offer that meets its target (or beats its own offer), never below its walk-away,
   never across a red line (the brief's, and its persona's), never an incoherent text (two clauses that contradict
   each other, :mod:`negotiator.ai.coherence`), and not one that would bring down its government or fail at home unless pressed by the
   deadline (the persona's caution bars); otherwise it rejects naming the issues it objects to, or counter-proposes.
The bot keeps no memory between calls: the same view gives the same command, so a session may rebuild it at will.
"""

from __future__ import annotations

import zlib
from dataclasses import dataclass

import numpy as np

from negotiator.ai import reasons
from negotiator.ai.coherence import Coherence, declared_red_lines
from negotiator.ai.forecast import ForecastMemo, forecast_memo
from negotiator.ai.opponent import estimate, public_prior
from negotiator.ai.personas import Persona
from negotiator.ai.valuation import (
    BoolArray,
    Compound,
    FloatArray,
    IntArray,
    Layout,
    Valuation,
    blends,
    own_valuation,
    unique_rows,
)
from negotiator.game.commands import (
    Accept,
    AskMediator,
    Command,
    CounterPropose,
    EndTurn,
    Reject,
    Sign,
    Statement,
    TableProposal,
)
from negotiator.game.runtime import ScenarioRuntime
from negotiator.game.statements import STATEMENTS_BY_ID
from negotiator.game.views import ProposalView, SeatView
from negotiator.model.schema import Scenario
from negotiator.text import Message

LAMBDAS = np.concatenate([[0.0], np.logspace(-1.0, 4.0, 120)])
JITTER = 1.5
"""Points of seeded noise on the target, so seeded games differ as people do (design choice)."""
EPS = 0.05
"""A text's chance of ratification counts as at least this in offer scores, so among texts no public would pass
the bot still prefers what the other side likes (design choice)."""
WIDE_WEIGHT = 0.1
SWEEP = 16
"""Logrolling packages a bot forecasts per plan (those the others are estimated to like best)."""
BRIDGES = 8
"""Blends of our last text and the other side's latest that a bot forecasts per plan."""
NEIGHBOURS = 16
"""Single-issue variants of its best texts a bot forecasts per plan (the climb goes on next round from the text it
tabled, which its view shows, so the search is spread over the talks without any memory in the bot)."""


@dataclass(frozen=True, slots=True)
class Plan:
    """What the bot wants this turn: its target, its offer, and the valuations behind them."""

    target: float
    floor: float
    offer: IntArray
    offer_points: float
    offer_joint: float
    """Forecast probability that every side ratifies our offer."""
    best_own_pass: float
    """Best forecast probability that our side ratifies, among the texts we would table at this target."""
    best_joint: float
    other_est: FloatArray
    progress: float
    pressed: bool


class DelegationBot:
    """A negotiating delegation with a persona. ``choose(view)`` returns one command with a plain-language reason."""

    def __init__(
        self,
        persona: Persona,
        seat: str,
        scenario: Scenario,
        seed: int,
        runtime: ScenarioRuntime | None = None,
    ) -> None:
        self.persona = persona
        self.seat = seat
        self.seed = seed
        self.layout = Layout.of(scenario)
        # its pollster: public opinion, one memo shared by the game's bots
        self.forecast: ForecastMemo = forecast_memo(
            runtime if runtime is not None else ScenarioRuntime(scenario)
        )
        self.scenario = scenario  # public parts only: titles, constituencies, rules
        self.has_vote = seat in self.forecast.sides
        self.coherence = Coherence.of(scenario, self.layout)
        # its persona's values (a hard-liner's red lines differ from a pragmatist's): part of its own brief
        self.overlay = scenario.delegation(seat).overlay(persona.name)
        self._own: Valuation | None = None
        self._allowed: BoolArray | None = None
        self._offerable: BoolArray | None = None
        self._compound: Compound | None = None
        self._priors: dict[str, FloatArray] = {}
        self._cache: tuple[object, Plan] | None = None
        self.status_quo: IntArray | None = None
        try:
            self.status_quo = self.layout.encode(tuple(scenario.reference("status-quo").options.items()))
        except (KeyError, ValueError):
            self.status_quo = None

    # ------------------------------------------------------------------ setup from the view
    def _ensure_own(self, view: SeatView) -> tuple[Valuation, BoolArray]:
        if self._own is None or self._allowed is None:
            points = view.own.points
            red_lines = list(view.own.red_lines)
            if self.overlay is not None:
                shift = self.overlay.points
                points = tuple(
                    (i, tuple((o, min(max(v + shift.get(i, {}).get(o, 0.0), 0.0), 100.0)) for o, v in row))
                    for i, row in points
                )
                red_lines += [(r.issue, tuple(r.options), r.why) for r in self.overlay.red_lines]
            self._own = own_valuation(self.layout, view.own.priorities, points, view.own.interactions)
            allowed = self.layout.valid.copy()
            for issue, options, _why in red_lines:
                k = self.layout.issue_ids.index(issue)
                for opt in options:
                    allowed[k, self.layout.option_ids[k].index(opt)] = False
            self._allowed = allowed
            # what we table also keeps clear of what the other signatories have declared they cannot sign (their
            # public briefs say so): a text that crosses it only wastes a round
            others = [s for s in view.signatories if s != self.seat]
            offerable = allowed & ~declared_red_lines(self.scenario, self.layout, others)
            offerable[~offerable.any(axis=1)] = allowed[~offerable.any(axis=1)]
            self._offerable = offerable
            self._compound = Compound.of(self._own, offerable)
        return self._own, self._allowed

    def reservation(self, view: SeatView) -> float:
        """Its walk-away value: the brief's, moved by its persona's overlay."""
        shift = self.overlay.reservation_shift if self.overlay is not None else 0.0
        return min(max(view.own.reservation_value + shift, 0.0), 100.0)

    def _rng(self, view: SeatView) -> np.random.Generator:
        return np.random.default_rng(
            [self.seed, zlib.crc32(self.seat.encode()), view.round, len(view.proposals)]
        )

    # ------------------------------------------------------------------ beliefs
    def _others(self, view: SeatView) -> list[str]:
        active = {d.id for d in view.delegations if d.active}
        return [s for s in view.signatories if s != self.seat and s in active]

    def _estimate_others(self, view: SeatView, own_norm: FloatArray) -> FloatArray:
        others = self._others(view)
        n, m = self.layout.shape
        if not others:
            return np.zeros((n, m))
        total = np.zeros((n, m))
        for other in others:
            if other not in self._priors:
                self._priors[other] = public_prior(self.scenario, self.layout, other, own_norm)
            offers = [
                self.layout.encode(p.package) for p in view.proposals if p.by == other and not p.partial
            ]
            objections = [r for p in view.proposals for s, r in p.rejected_by if s == other]
            total += estimate(self.layout, self._priors[other], offers, objections)
        return total / len(others)

    # ------------------------------------------------------------------ planning
    def plan(self, view: SeatView) -> Plan:
        key = (view.round, tuple((p.id, p.status) for p in view.proposals), view.opinion)
        if self._cache is not None and self._cache[0] == key:
            return self._cache[1]
        own, allowed = self._ensure_own(view)
        p = self.persona
        vals = np.where(self.layout.valid, own.values, 0.0)
        span = vals.max(axis=1, keepdims=True) - np.where(self.layout.valid, own.values, np.inf).min(
            axis=1, keepdims=True
        )
        own_norm = np.where(
            self.layout.valid, (vals - vals.min(axis=1, keepdims=True)) / np.maximum(span, 1e-9), 0.0
        )
        other_est = self._estimate_others(view, own_norm)
        assert self._compound is not None
        swept = self._compound.sweep(other_est, LAMBDAS)
        assert self._offerable is not None
        candidates = self.coherence.mend(swept, own.values, self._offerable)
        if candidates.shape[0] == 0:
            candidates = swept  # nothing coherent within our red lines: offers still never cross them
        own_pts = own.score(candidates)
        best = float(own_pts.max())
        rv = self.reservation(view)
        # the concession curve reaches the floor a round before the deadline: the last round is for closing, and
        # each side then gets a turn at its floor whoever sits first (otherwise the first to move in the last round
        # is the only one that can still give way)
        progress = min((view.round - 1) / max(view.rounds_total - 2, 1), 1.0)
        floor = min(rv + p.floor_points, max(best, rv))
        target = floor + (best - floor) * (1.0 - progress ** (1.0 / p.concession))
        if p.reciprocity > 0:
            target = min(target, self._reciprocal_target(view, best, floor, progress))
        target += float(self._rng(view).uniform(-JITTER, JITTER)) * (1.0 - progress)
        target = min(max(target, rv + 0.01), best)
        pressed = view.round >= view.rounds_total and p.presses_when_late
        pool = self._pool(view, candidates, own_pts, other_est, target, self._offerable)
        sides, joint, wide = self.forecast.full(view.opinion, pool)
        score = self._offer_score(pool, joint, wide, other_est)
        k = int(np.lexsort((-own.score(pool), -score))[0])  # best score first, ties to our own points
        own_pass = self._own_pass(sides)
        plan = Plan(
            target,
            floor,
            pool[k],
            own.score_one(pool[k]),
            float(joint[k]),
            float(own_pass.max()),
            float(joint.max()),
            other_est,
            progress,
            pressed,
        )
        self._cache = (key, plan)
        return plan

    def _own_pass(self, sides: FloatArray) -> FloatArray:
        if not self.has_vote:
            return np.ones(sides.shape[0])
        return sides[:, self.forecast.sides.index(self.seat)]  # type: ignore[no-any-return]

    def _offer_score(
        self, pool: IntArray, joint: FloatArray, wide: FloatArray, other_est: FloatArray
    ) -> FloatArray:
        """What the others are estimated to gain over today, times the chance the text is ratified at all (a text
        that fails at home is worth nothing to anyone), the latter weighed by the persona's regard for the publics.
        Among texts no public would pass today, those nearer to passing (``wide``) come first."""
        rows = np.arange(self.layout.shape[0])
        est = other_est[rows[None, :], pool].sum(axis=1)
        if self.status_quo is not None:
            est = est - float(other_est[rows, self.status_quo].sum())
        gain = np.maximum(est, 1e-3)
        score = gain * (EPS + joint + WIDE_WEIGHT * wide) ** self.persona.public_weight
        # a text likely to fail at home is tabled only when no text we would table does better: the publics' verdict
        # is a bar to clear, then what the other side wants decides
        bar = min(self.persona.joint_caution, float(joint.max()))
        return np.where(joint >= bar - 1e-9, score, 0.01 * score)  # type: ignore[no-any-return]

    def _reciprocal_target(self, view: SeatView, best: float, floor: float, progress: float) -> float:
        """Give back what the others gave, in proportion: Faratin, Sierra and Jennings' *relative* tit-for-tat. The
        share of the way from their first offer to our best that their offers have come is the share of the way from
        our best to our floor we concede. (Absolute tit-for-tat in points rewards an extreme opening: a side whose
        first offer was worth nothing to us "concedes" a lot by coming back to merely hard, and the mirror gives
        it much more than it gave.)"""
        own, _ = self._ensure_own(view)
        others = set(self._others(view))
        theirs = [
            own.score_one(self.layout.encode(q.package))
            for q in view.proposals
            if q.by in others and not q.partial
        ]
        share = 0.0
        if len(theirs) >= 2 and best - theirs[0] > 1e-9:
            share = min(max((theirs[-1] - theirs[0]) / (best - theirs[0]), 0.0), 1.0)
        wall = floor + (best - floor) * (
            1.0 - progress**4
        )  # facing a wall, it still concedes at the very end
        return max(floor, min(best - self.persona.reciprocity * share * (best - floor), wall))

    def _pool(
        self,
        view: SeatView,
        candidates: IntArray,
        own_pts: FloatArray,
        other_est: FloatArray,
        target: float,
        allowed: BoolArray,
    ) -> IntArray:
        """Texts we would table at ``target``: logrolling packages, our last text, and single-issue variants of the
        most promising ones (forecast for ratification, so the climb toward texts both publics can pass goes on)."""
        own, _ = self._ensure_own(view)
        ok = own_pts >= target
        if not ok.any():
            return candidates[[int(np.argmax(own_pts))]]  # type: ignore[no-any-return]
        pool = unique_rows(candidates[ok])
        rows = np.arange(self.layout.shape[0])
        pool = pool[np.argsort(-other_est[rows[None, :], pool].sum(axis=1), kind="stable")[:SWEEP]]
        mine = [q for q in view.proposals if q.by == self.seat and not q.partial]
        if mine:
            last = self.layout.encode(mine[-1].package)
            if own.score_one(last) >= target:
                pool = unique_rows(np.vstack([pool, last[None, :]]))
        pool = unique_rows(np.vstack([pool, self._bridges(view, own, other_est, target)]))
        answers = [
            self.layout.encode(q.package)
            for q in view.proposals
            if q.status == "open" and q.by != self.seat and not q.partial
        ]
        # the texts we must answer are forecast in the same batch (one call, the memo keeps them for `acceptable`)
        _, joint, wide = self.forecast.full(view.opinion, np.vstack([pool, *answers]) if answers else pool)
        joint, wide = joint[: len(pool)], wide[: len(pool)]
        score = self._offer_score(pool, joint, wide, other_est)
        top = pool[np.argsort(-score)[:2]]
        return unique_rows(np.vstack([pool, self._improve(top, own, other_est, target, allowed)]))  # type: ignore[no-any-return]

    def _bridges(self, view: SeatView, own: Valuation, other_est: FloatArray, target: float) -> IntArray:
        """Blends of our last text and the other side's latest that still meet our target, those the other side is
        estimated to like best first: its own text shows what it can live with better than our model of it does."""
        n = self.layout.shape[0]
        mine = [q for q in view.proposals if q.by == self.seat and not q.partial]
        others = set(self._others(view))
        theirs = [q for q in view.proposals if q.by in others and not q.partial]
        if not mine or not theirs:
            return np.zeros((0, n), dtype=np.intp)
        mixes = blends(
            self.layout.encode(mine[-1].package), self.layout.encode(theirs[-1].package), self._rng(view)
        )
        # never across our red lines (their text may hold options we will not sign), never incoherent (a blend of
        # two coherent texts may not be: it is mended, as cheaply for us as it can be)
        self._ensure_own(view)
        allowed = self._offerable
        assert allowed is not None
        mixes = self.coherence.mend(mixes, own.values, allowed)
        mixes = mixes[allowed[np.arange(n)[None, :], mixes].all(axis=1) & (own.score(mixes) >= target)]
        rows = np.arange(n)
        gain = other_est[rows[None, :], mixes].sum(axis=1)
        return mixes[np.argsort(-gain, kind="stable")[:BRIDGES]]  # type: ignore[no-any-return]

    def _improve(
        self, pool: IntArray, own: Valuation, other_est: FloatArray, target: float, allowed: BoolArray
    ) -> IntArray:
        """Single-issue changes that keep us on target, those the others are estimated to like best first."""
        n, m = self.layout.shape
        out = [pool]
        rows = np.arange(n)
        for base in pool:
            cand = np.repeat(base[None, :], n * m, axis=0)
            cand[np.arange(n * m), np.repeat(rows, m)] = np.tile(np.arange(m), n)
            mask = allowed[np.repeat(rows, m), np.tile(np.arange(m), n)] & (cand != base[None, :]).any(axis=1)
            cand = self.coherence.keep(cand[mask])
            keep = own.score(cand) >= target
            if keep.any():
                better = cand[keep]
                gain = other_est[rows[None, :], better].sum(axis=1)
                out.append(better[np.argsort(-gain, kind="stable")[: NEIGHBOURS // len(pool)]])
        return np.concatenate(out)

    # ------------------------------------------------------------------ answers
    def acceptable(self, view: SeatView, prop: ProposalView, plan: Plan) -> bool:
        if prop.partial:
            return False
        own, allowed = self._ensure_own(view)
        x = self.layout.encode(prop.package)
        if not allowed[np.arange(len(x)), x].all():
            return False  # a red line
        if self.coherence.broken(x[None, :])[0]:
            return False  # two clauses that contradict each other
        pts = own.score_one(x)
        if pts < self.reservation(view):
            return False
        side = sum(
            t.points for t in view.side_terms if t.beneficiary == self.seat and t.proposal_id in ("", prop.id)
        )
        sides, joint_arr = self.forecast(view.opinion, x[None, :])
        own_pass, joint = float(self._own_pass(sides)[0]), float(joint_arr[0])
        if pts + side < plan.target and pts < plan.offer_points:
            return False
        return self.public_ok(own_pass, joint, plan)

    def public_ok(self, own_pass: float, joint: float, plan: Plan) -> bool:
        """Would our government survive it, and would the deal stand at all? The bars are the persona's caution
        (halved when pressed by the deadline), but never above what the best text we would table could get: a text
        is not refused for publics that no text we would table could win."""
        relief = 0.5 if plan.pressed else 1.0
        own_bar = min(self.persona.public_caution * relief, plan.best_own_pass)
        joint_bar = min(self.persona.joint_caution * relief, plan.best_joint)
        return own_pass >= own_bar - 1e-9 and joint >= joint_bar - 1e-9

    def _objections(
        self, view: SeatView, package: tuple[tuple[str, str], ...], plan: Plan
    ) -> tuple[str, ...]:
        """The issues where the package costs us most against our own offer (weighted points)."""
        own, _ = self._ensure_own(view)
        x = self.layout.encode(package)
        rows = np.arange(len(x))
        loss = own.values[rows, plan.offer] - own.values[rows, x]
        worst = [int(k) for k in np.argsort(-loss)[:2] if loss[k] > 0.5]
        return tuple(self.layout.issue_ids[k] for k in sorted(worst))

    # ------------------------------------------------------------------ the move
    def choose(self, view: SeatView) -> Command:
        seat = self.seat
        if view.phase == "briefing":
            return EndTurn(seat, reason=reasons.said("bot.delegation.ready"))
        if view.phase == "signature":
            return Sign(seat, reason=reasons.said("bot.delegation.sign"))
        plan = self.plan(view)
        statement = self._statement(view)
        if statement is not None:
            return statement
        mine = [p for p in view.proposals if p.by == seat]
        pending = [
            p
            for p in view.proposals
            if p.status == "open"
            and p.by != seat
            and seat not in p.accepted_by
            and all(s != seat for s, _ in p.rejected_by)
        ]
        counter_target = next(
            (p for p in reversed(pending) if p.by in view.signatories and not p.partial), None
        )
        for prop in sorted(pending, key=lambda q: (q is counter_target, q.id)):
            if self.acceptable(view, prop, plan):
                return Accept(seat, prop.id, reason=self._accept_reason(view, prop, plan))
            objections = self._objections(view, prop.package, plan) if not prop.partial else ()
            if prop is counter_target and "counter-propose" in view.legal:
                return CounterPropose(
                    seat,
                    prop.id,
                    self.layout.decode(plan.offer),
                    reasons=objections,
                    reason=self._offer_reason(view, plan),
                )
            reason = (
                reasons.objection(objections[0], dict(prop.package)[objections[0]])
                if objections
                else reasons.said("bot.delegation.whole-packages")
            )
            return Reject(seat, prop.id, reasons=objections, reason=reason)
        ask = self._ask_mediator(view)
        if ask is not None:
            return ask
        offer_pkg = self.layout.decode(plan.offer)
        last = mine[-1] if mine else None
        if last is not None and last.status == "open" and last.package == offer_pkg:
            return EndTurn(seat, reason=reasons.said("bot.delegation.proposal-stands"))
        return TableProposal(seat, offer_pkg, reason=self._offer_reason(view, plan))

    def _statement(self, view: SeatView) -> Statement | None:
        if "statement" in view.turn_used or "statement" not in view.legal:
            return None
        p = self.persona
        if view.round == 1:
            options = p.opening
        elif view.round == view.rounds_total:
            options = p.closing
        else:
            return None
        text_id = options[int(self._rng(view).integers(len(options)))]
        text = STATEMENTS_BY_ID[text_id]
        return Statement(self.seat, text.tone, text_id, reason=reasons.statement(text_id))

    def _ask_mediator(self, view: SeatView) -> AskMediator | None:
        if not view.mediators or "ask-mediator" not in view.legal or self.persona.name == "hard-liner":
            return None
        if view.round != (view.rounds_total + 1) // 2 or any(
            e.kind == "ask-mediator" and e.seat == self.seat for e in view.transcript
        ):
            return None
        plan = self.plan(view)
        own, _ = self._ensure_own(view)
        rows = np.arange(self.layout.shape[0])
        top = int(np.argmax(own.values[rows, plan.offer] * (own.values.max(axis=1) > 0)))
        issue = self.layout.issue_ids[top]
        return AskMediator(
            self.seat,
            reason=reasons.ask_mediator(issue),
        )

    def _offer_reason(self, view: SeatView, plan: Plan) -> Message:
        """Name a trade: the issue where this offer gives most, and the one it holds that we value most."""
        own, _ = self._ensure_own(view)
        rows = np.arange(self.layout.shape[0])
        values = np.where(self.layout.valid, own.values, -np.inf)
        best = values.max(axis=1)
        here = own.values[rows, plan.offer]
        given = best - here
        held = np.where(given <= 1e-9, best, -np.inf)
        give = int(np.argmax(given)) if given.max() > 1e-9 else None
        hold = int(np.argmax(held)) if np.isfinite(held.max()) else None
        pkg = self.layout.decode(plan.offer)
        give_pair = pkg[give] if give is not None else None
        hold_pair = pkg[hold] if hold is not None else None
        return reasons.trade(give_pair, hold_pair)

    def _accept_reason(self, view: SeatView, prop: ProposalView, plan: Plan) -> Message:
        own, _ = self._ensure_own(view)
        x = self.layout.encode(prop.package)
        rows = np.arange(len(x))
        k = int(np.argmax(own.values[rows, x]))
        issue, option = prop.package[k]
        return reasons.acceptance(issue, option, late=plan.progress >= 0.8)
