"""The delegation bot: a principal (or any signatory) that bargains like a person with interests.

Each move it reads its view, and only its view (plus the scenario's public parts: issue titles, constituencies):
1. its *target* for this round: time-dependent concession from its best package toward a floor above its walk-away
   value (Boulware to Conceder by persona), lowered further by reciprocity when the other side has conceded;
2. an *opponent model* of each other signatory (public prior + frequency of their offers + issues they object to);
3. its *offer*: among packages from a logrolling sweep (give on issues it cares little about, hold on those it cares
   much about), the one the others are estimated to like best that still meets its target, leaning toward what its
   own public can ratify; red-line options are never offered;
4. its *answers*: it accepts an offer that meets its target (or beats its own next offer), never below its walk-away,
   never across a red line, and not one its public would reject at ratification unless pressed by the deadline;
   otherwise it rejects naming the issues it objects to, or counter-proposes.
The bot keeps no memory between calls: the same view gives the same command, so a session may rebuild it at will.
"""

from __future__ import annotations

import zlib
from dataclasses import dataclass

import numpy as np

from negotiator.ai.opponent import estimate, public_prior
from negotiator.ai.personas import Persona
from negotiator.ai.reasons import Phrases
from negotiator.ai.valuation import (
    BoolArray,
    Compound,
    FloatArray,
    IntArray,
    Layout,
    Valuation,
    own_valuation,
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
from negotiator.game.publics import BOT_POLL_SIZE, Publics
from negotiator.game.statements import STATEMENTS_BY_ID
from negotiator.game.views import ProposalView, SeatView
from negotiator.model.schema import Scenario

LAMBDAS = np.concatenate([[0.0], np.logspace(-1.0, 4.0, 120)])
JITTER = 1.5
"""Points of seeded noise on the target, so seeded games differ as people do (design choice)."""


@dataclass(frozen=True, slots=True)
class Plan:
    """What the bot wants this turn: its target, its offer, and the valuations behind them."""

    target: float
    offer: IntArray
    offer_points: float
    other_est: FloatArray
    progress: float
    pressed: bool


class DelegationBot:
    """A negotiating delegation with a persona. ``choose(view)`` returns one command with a plain-language reason."""

    def __init__(self, persona: Persona, seat: str, scenario: Scenario, seed: int) -> None:
        self.persona = persona
        self.seat = seat
        self.seed = seed
        self.layout = Layout.of(scenario)
        self.phrases = Phrases(scenario)
        self.publics = Publics(scenario, size=BOT_POLL_SIZE)
        self.scenario = scenario  # public parts only: titles, constituencies, rules
        self.has_vote = any(r.delegation == seat and r.kind != "none" for r in scenario.rules.ratification)
        self._own: Valuation | None = None
        self._allowed: BoolArray | None = None
        self._compound: Compound | None = None
        self._priors: dict[str, FloatArray] = {}
        self._public_values = self._own_public_values(scenario)
        self._cache: tuple[object, Plan] | None = None
        self._pass_cache: dict[tuple[bytes, object], float] = {}

    # ------------------------------------------------------------------ setup from the view
    def _own_public_values(self, scenario: Scenario) -> FloatArray:
        n, m = self.layout.shape
        vals = np.zeros((n, m))
        pubs = [c for c in scenario.constituencies if c.answers_to == self.seat]
        total = float(sum(c.population for c in pubs)) or 1.0
        for c in pubs:
            tw = sum(c.priorities.values()) or 1.0
            for k, issue in enumerate(self.layout.issue_ids):
                prefs = c.preferences.get(issue, {})
                for o, opt in enumerate(self.layout.option_ids[k]):
                    p = prefs.get(opt, 0.0)
                    p = p if p >= 0 else c.opinion.loss_aversion * p
                    vals[k, o] += c.population / total * c.priorities.get(issue, 0.0) / tw * p
        return vals

    def _ensure_own(self, view: SeatView) -> tuple[Valuation, BoolArray]:
        if self._own is None or self._allowed is None:
            self._own = own_valuation(self.layout, view.own.priorities, view.own.points, view.own.interactions)
            allowed = self.layout.valid.copy()
            for issue, options, _why in view.own.red_lines:
                k = self.layout.issue_ids.index(issue)
                for opt in options:
                    allowed[k, self.layout.option_ids[k].index(opt)] = False
            self._allowed = allowed
            self._compound = Compound.of(self._own, allowed)
        return self._own, self._allowed

    def _rng(self, view: SeatView) -> np.random.Generator:
        return np.random.default_rng([self.seed, zlib.crc32(self.seat.encode()), view.round, len(view.proposals)])

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
            offers = [self.layout.encode(p.package) for p in view.proposals if p.by == other and not p.partial]
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
        span = vals.max(axis=1, keepdims=True) - np.where(self.layout.valid, own.values, np.inf).min(axis=1,
                                                                                                     keepdims=True)
        own_norm = np.where(self.layout.valid, (vals - vals.min(axis=1, keepdims=True)) / np.maximum(span, 1e-9), 0.0)
        other_est = self._estimate_others(view, own_norm)
        assert self._compound is not None
        candidates = self._compound.sweep(other_est, LAMBDAS)
        own_pts = own.score(candidates)
        best = float(own_pts.max())
        rv = view.own.reservation_value
        progress = (view.round - 1) / max(view.rounds_total - 1, 1)
        floor = rv + p.floor_margin * max(best - rv, 0.0)
        target = floor + (best - floor) * (1.0 - progress ** (1.0 / p.concession))
        if p.reciprocity > 0:
            target = min(target, self._reciprocal_target(view, best, floor, progress))
        target += float(self._rng(view).uniform(-JITTER, JITTER)) * (1.0 - progress)
        target = min(max(target, rv + 0.01), best)
        pressed = view.round >= view.rounds_total and p.presses_when_late
        offer = self._select(view, candidates, own_pts, other_est, target, allowed)
        plan = Plan(target, offer, own.score_one(offer), other_est, progress, pressed)
        self._cache = (key, plan)
        return plan

    def _reciprocal_target(self, view: SeatView, best: float, floor: float, progress: float) -> float:
        """Give back what the others gave: concede by the gain their offers brought us since their first."""
        own, _ = self._ensure_own(view)
        others = set(self._others(view))
        theirs = [own.score_one(self.layout.encode(q.package)) for q in view.proposals if q.by in others and not q.partial]
        conceded = max(theirs[-1] - theirs[0], 0.0) if len(theirs) >= 2 else 0.0
        wall = floor + (best - floor) * (1.0 - progress**4)  # facing a wall, it still concedes at the very end
        return max(floor, min(best - self.persona.reciprocity * conceded, wall))

    def _select(self, view: SeatView, candidates: IntArray, own_pts: FloatArray, other_est: FloatArray,
                target: float, allowed: BoolArray) -> IntArray:
        own, _ = self._ensure_own(view)
        ok = own_pts >= target
        if not ok.any():
            return candidates[int(np.argmax(own_pts))]  # type: ignore[no-any-return]
        rows = np.arange(self.layout.shape[0])

        def ranked(pool: IntArray) -> tuple[IntArray, IntArray]:
            est = other_est[rows[None, :], pool].sum(axis=1)
            public = self._public_values[rows[None, :], pool].sum(axis=1) if self.has_vote else np.zeros(len(pool))
            score = est + self.persona.public_weight * public
            return pool, np.lexsort((-own.score(pool), -score))  # best score first, ties to our own points

        pool, order = ranked(np.unique(candidates[ok], axis=0))
        pool, order = ranked(self._improve(pool[order[:3]], own, other_est, target, allowed))
        if self.has_vote:
            for k in order[:2]:
                if self._public_ok(view, pool[k], pressed=False):
                    return pool[k]  # type: ignore[no-any-return]
        return pool[order[0]]  # type: ignore[no-any-return]

    def _improve(self, pool: IntArray, own: Valuation, other_est: FloatArray, target: float,
                 allowed: BoolArray) -> IntArray:
        """One round of single-issue changes that please the others more and keep us on target (interactions exact)."""
        n, m = self.layout.shape
        out = [pool]
        rows = np.arange(n)
        for base in pool:
            cand = np.repeat(base[None, :], n * m, axis=0)
            cand[np.arange(n * m), np.repeat(rows, m)] = np.tile(np.arange(m), n)
            mask = allowed[np.repeat(rows, m), np.tile(np.arange(m), n)]
            cand = cand[mask]
            keep = own.score(cand) >= target
            if keep.any():
                better = cand[keep]
                gain = other_est[rows[None, :], better].sum(axis=1)
                out.append(better[np.argsort(-gain)[:3]])
        return np.unique(np.concatenate(out), axis=0)  # type: ignore[no-any-return]

    def _public_ok(self, view: SeatView, package: IntArray, pressed: bool, reference: IntArray | None = None) -> bool:
        """Would our side ratify it? The bar is the persona's caution, but never above what our own ``reference``
        offer would get: a package is not refused for a weak public that no package we would table could win."""
        if not self.has_vote:
            return True
        bar = self.persona.public_caution * (0.5 if pressed else 1.0)
        if reference is not None:
            bar = min(bar, self._pass(view, reference))
        return self._pass(view, package) >= bar

    def _pass(self, view: SeatView, package: IntArray) -> float:
        """Our side's ratification probability, memoised per package and public mood (the costly question)."""
        key = (package.tobytes(), view.opinion)
        if key not in self._pass_cache:
            if len(self._pass_cache) > 512:
                self._pass_cache.clear()
            self._pass_cache[key] = self.publics.predicted_pass(view.opinion, dict(self.layout.decode(package)),
                                                                self.seat, draws=200)
        return self._pass_cache[key]

    # ------------------------------------------------------------------ answers
    def acceptable(self, view: SeatView, prop: ProposalView, plan: Plan) -> bool:
        if prop.partial:
            return False
        own, allowed = self._ensure_own(view)
        x = self.layout.encode(prop.package)
        if not allowed[np.arange(len(x)), x].all():
            return False  # a red line
        pts = own.score_one(x)
        if pts < view.own.reservation_value:
            return False
        side = sum(t.points for t in view.side_terms if t.beneficiary == self.seat and t.proposal_id in ("", prop.id))
        if pts + side < plan.target and pts < plan.offer_points:
            return False
        return self._public_ok(view, x, plan.pressed, reference=plan.offer)

    def _objections(self, view: SeatView, package: tuple[tuple[str, str], ...], plan: Plan) -> tuple[str, ...]:
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
            return EndTurn(seat, reason="We have studied our brief and are ready to begin.")
        if view.phase == "signature":
            return Sign(seat, reason="We sign: this agreement is one our people can live with.")
        plan = self.plan(view)
        statement = self._statement(view)
        if statement is not None:
            return statement
        mine = [p for p in view.proposals if p.by == seat]
        pending = [p for p in view.proposals if p.status == "open" and p.by != seat and seat not in p.accepted_by
                   and all(s != seat for s, _ in p.rejected_by)]
        counter_target = next((p for p in reversed(pending) if p.by in view.signatories and not p.partial), None)
        for prop in sorted(pending, key=lambda q: (q is counter_target, q.id)):
            if self.acceptable(view, prop, plan):
                return Accept(seat, prop.id, reason=self._accept_reason(view, prop, plan))
            objections = self._objections(view, prop.package, plan) if not prop.partial else ()
            if prop is counter_target and "counter-propose" in view.legal:
                return CounterPropose(seat, prop.id, self.layout.decode(plan.offer), reasons=objections,
                                      reason=self._offer_reason(view, plan))
            reason = (self.phrases.objection(objections[0], dict(prop.package)[objections[0]]) if objections
                      else "Nothing is agreed until everything is agreed; we answer whole packages.")
            return Reject(seat, prop.id, reasons=objections, reason=reason)
        ask = self._ask_mediator(view)
        if ask is not None:
            return ask
        offer_pkg = self.layout.decode(plan.offer)
        last = mine[-1] if mine else None
        if last is not None and last.status == "open" and last.package == offer_pkg:
            return EndTurn(seat, reason="Our proposal stands; we wait for an answer.")
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
        return Statement(self.seat, text.tone, text_id, reason=text.text)

    def _ask_mediator(self, view: SeatView) -> AskMediator | None:
        if not view.mediators or "ask-mediator" not in view.legal or self.persona.name == "hard-liner":
            return None
        if view.round != (view.rounds_total + 1) // 2 or any(e.kind == "ask-mediator" and e.seat == self.seat
                                                                for e in view.transcript):
            return None
        plan = self.plan(view)
        own, _ = self._ensure_own(view)
        rows = np.arange(self.layout.shape[0])
        top = int(np.argmax(own.values[rows, plan.offer] * (own.values.max(axis=1) > 0)))
        issue = self.layout.issue_ids[top]
        return AskMediator(self.seat, reason=f"We need a bridging text; what matters most to us is "
                                             f"{self.phrases.issue(issue)}.")

    def _offer_reason(self, view: SeatView, plan: Plan) -> str:
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
        return self.phrases.trade(give_pair, hold_pair)

    def _accept_reason(self, view: SeatView, prop: ProposalView, plan: Plan) -> str:
        own, _ = self._ensure_own(view)
        x = self.layout.encode(prop.package)
        rows = np.arange(len(x))
        k = int(np.argmax(own.values[rows, x]))
        issue, option = prop.package[k]
        return self.phrases.acceptance(issue, option, late=plan.progress >= 0.8)
