"""The mediator bot: a single negotiating text that moves toward the bargaining solution, and incentives within means.

Fisher's one-text procedure, as used at Camp David in 1978: the mediator drafts one text, collects each side's
objections, and redrafts. Here the mediator models each signatory from what it does in public (the same opponent model
the delegations use: the public prior from its constituencies, the frequency of its offers, the issues it names when
rejecting, including rejections of the mediator's own texts). Its candidate texts: packages that trade one side's
estimated gains against the other's, *bridging* blends of the two sides' latest offers (their own texts show what
each can live with better than any belief), its own last text and single-issue variants of the best draft (a climb
that goes on round after round, since the view keeps the last text). It tables the one with the largest Nash product
of *expected* gains: estimated gains over the status quo times the forecast chance that both publics ratify the text
(:mod:`negotiator.ai.forecast`), since a deal that fails at home gives nobody anything. A side that rejected its texts
weighs more in the next draft (each draft answers the last round's objections). The mediator never sees the sides'
confidential points.

Incentives: when a signatory rejects its text in the second half of the talks, the mediator pledges a guarantee or a
side-payment to that side, from its limited means, to bridge the gap, even-handedly (never to a side already pledged
more, by anyone, than another signatory). It speaks to calm the publics after violence.
"""

from __future__ import annotations

import itertools
import zlib

import numpy as np

from negotiator.ai import reasons
from negotiator.ai.coherence import Coherence, declared_red_lines
from negotiator.ai.forecast import forecast_memo
from negotiator.ai.opponent import estimate, public_prior
from negotiator.ai.valuation import (
    FloatArray,
    IntArray,
    Layout,
    Valuation,
    blends,
    brief_valuation,
    unique_rows,
)
from negotiator.game.commands import (
    Accept,
    Command,
    EndTurn,
    OfferSideTerms,
    Reject,
    Sign,
    Statement,
    TableProposal,
)
from negotiator.game.runtime import ScenarioRuntime
from negotiator.game.statements import STATEMENTS_BY_ID
from negotiator.game.views import SeatView
from negotiator.model.schema import Scenario
from negotiator.text import Message

SECURITY_WORDS = ("security", "border", "force", "military", "defen")
PLEDGE = 3.0
CANDIDATES = 24
"""Texts (sweeps, bridges, our last text) forecast per draft, those with the best believed Nash product first."""
NEIGHBOURS = 16
"""Single-issue variants of the best draft forecast per draft (the climb goes on next round)."""
BRIDGES = 16
"""Bridging texts (blends of the sides' latest offers) forecast per draft, best by estimated Nash product first."""
REJECTION_WEIGHT = 0.25
"""Extra bargaining weight in the mediator's next drafts for each of its texts a side rejected (design choice)."""
EPS = 0.02
WIDE_WEIGHT = 0.1
"""As in the delegations' offer scores: a text's chance of ratification counts as at least ``EPS``, and among texts no
public would pass today the nearer misses (wider voting-day uncertainty) come first."""


class MediatorBot:
    """A third party that mediates. ``choose(view)`` returns one command with a plain-language reason."""

    def __init__(
        self, seat: str, scenario: Scenario, seed: int, runtime: ScenarioRuntime | None = None
    ) -> None:
        self.seat = seat
        self.seed = seed
        self.layout = Layout.of(scenario)
        self.scenario = scenario  # public parts only
        self.attack_events = {e.id for e in scenario.events if e.kind == "attack"}
        self.status_quo: IntArray | None = None
        try:
            sq = scenario.reference("status-quo")
            self.status_quo = self.layout.encode(tuple(sq.options.items()))
        except (KeyError, ValueError):
            self.status_quo = None
        self._priors: dict[str, FloatArray] = {}
        self.coherence = Coherence.of(scenario, self.layout)
        self.forecast = forecast_memo(runtime if runtime is not None else ScenarioRuntime(scenario))
        self._own: Valuation | None = None
        self._cache: tuple[object, IntArray | None] | None = None
        self._ok = self.layout.valid

    def _rng(self, view: SeatView) -> np.random.Generator:
        return np.random.default_rng(
            [self.seed, zlib.crc32(self.seat.encode()), view.round, len(view.proposals)]
        )

    def _parties(self, view: SeatView) -> list[str]:
        active = {d.id for d in view.delegations if d.active}
        return [s for s in view.signatories if s != self.seat and s in active]

    def text(self, view: SeatView) -> IntArray | None:
        """The single negotiating text: the Nash point of the mediator's beliefs about the signatories."""
        key = (view.round, tuple((p.id, p.status) for p in view.proposals))
        if self._cache is not None and self._cache[0] == key:
            return self._cache[1]
        parties = self._parties(view)
        n, m = self.layout.shape
        if not parties:
            return None
        ests = []
        for s in parties:
            if s not in self._priors:
                self._priors[s] = public_prior(self.scenario, self.layout, s, np.full((n, m), 0.5))
            offers = [self.layout.encode(p.package) for p in view.proposals if p.by == s and not p.partial]
            objections = [r for p in view.proposals for who, r in p.rejected_by if who == s]
            ests.append(estimate(self.layout, self._priors[s], offers, objections))
        est = np.stack(ests)  # (k, n, m)
        rng = self._rng(view)
        k = len(parties)
        if k == 2:
            ratios = np.logspace(-1.5, 1.5, 61)
            weights = np.stack([np.ones_like(ratios), ratios], axis=1)
        else:
            weights = np.vstack([np.ones((1, k)), rng.dirichlet(np.ones(k), size=96)])
        combined = np.einsum("wk,knm->wnm", weights, est)
        # a draft keeps clear of what any party has declared it cannot sign (their public briefs say so)
        ok = self.layout.valid & ~declared_red_lines(self.scenario, self.layout, parties)
        ok[~ok.any(axis=1)] = self.layout.valid[~ok.any(axis=1)]
        self._ok = ok
        combined = np.where(ok[None], combined, -np.inf)
        cands = np.argmax(combined, axis=2).astype(np.intp)
        # a draft never holds two clauses that contradict each other: sweeps that do are mended by what the parties
        # are believed to lose least
        cands = unique_rows(self.coherence.mend(cands, est.sum(axis=0), ok))
        rows = np.arange(n)
        if self.status_quo is not None:
            d = est[:, rows, self.status_quo].sum(axis=1)
        else:
            d = est.min(axis=2).sum(axis=1)
        # Redraft to meet objections: each of our texts a side rejected gives that side more weight in the next draft
        # (an asymmetric Nash product; the single-text procedure: each draft answers the last round's objections).
        power = np.ones(len(parties))
        for p in view.proposals:
            if p.by == self.seat:
                for j, s in enumerate(parties):
                    if any(who == s for who, _ in p.rejected_by):
                        power[j] += REJECTION_WEIGHT
        power = power / power.mean()
        cands = np.vstack([cands, self._bridges(view, parties, est, d, rng)])
        mine = [p for p in view.proposals if p.by == self.seat and not p.partial]
        if mine:  # the climb goes on from our last text (the view keeps it: no memory needed)
            cands = unique_rows(np.vstack([cands, self.layout.encode(mine[-1].package)[None, :]]))
        cands = self._best_believed(self._filter_own(view, cands), est, d, CANDIDATES)
        score = self._score(view, cands, est, d, power)
        base = cands[int(np.argmax(score))]
        near = self._best_believed(self._filter_own(view, self._neighbours(base)), est, d, NEIGHBOURS)
        if near.shape[0]:
            cands = np.vstack([cands, near])
            score = np.concatenate([score, self._score(view, near, est, d, power)])
        best = cands[int(np.argmax(score))]
        self._cache = (key, best)
        return best  # type: ignore[no-any-return]

    def _score(
        self, view: SeatView, cands: IntArray, est: FloatArray, d: FloatArray, power: FloatArray
    ) -> FloatArray:
        """The Nash product of the parties' *expected* gains: estimated gains over today, times the chance the text
        is ratified at all (a text that fails at home gives nobody anything). In logs."""
        rows = np.arange(self.layout.shape[0])
        utils = est[:, rows[None, :], cands].sum(axis=2).T  # (c, k)
        gains = np.maximum(utils - d[None, :], 1e-9)
        _, joint, wide = self.forecast.full(view.opinion, cands)
        k = est.shape[0]
        return np.log(gains) @ power + k * np.log(EPS + joint + WIDE_WEIGHT * wide)  # type: ignore[no-any-return]

    def _bridges(
        self, view: SeatView, parties: list[str], est: FloatArray, d: FloatArray, rng: np.random.Generator
    ) -> IntArray:
        """Bridging texts: each issue taken from one side's latest offer or the other's (their own texts show what
        each can live with far better than our beliefs do); the best few by the estimated Nash product."""
        latest = []
        for s in parties:
            offers = [p for p in view.proposals if p.by == s and not p.partial]
            if offers:
                latest.append(self.layout.encode(offers[-1].package))
        if len(latest) < 2:
            return np.zeros((0, self.layout.shape[0]), dtype=np.intp)
        mixes = unique_rows(np.vstack([blends(a, b, rng) for a, b in itertools.pairwise(latest)]))
        mixes = self.coherence.mend(mixes, est.sum(axis=0), self._ok)
        mixes = mixes[self._ok[np.arange(self.layout.shape[0])[None, :], mixes].all(axis=1)]
        rows = np.arange(self.layout.shape[0])
        gains = np.maximum(est[:, rows[None, :], mixes].sum(axis=2).T - d[None, :], 1e-9)
        return mixes[np.argsort(-np.log(gains).sum(axis=1), kind="stable")[:BRIDGES]]  # type: ignore[no-any-return]

    def _best_believed(self, cands: IntArray, est: FloatArray, d: FloatArray, limit: int) -> IntArray:
        """The ``limit`` texts with the best Nash product of believed gains (the ones worth a forecast)."""
        rows = np.arange(self.layout.shape[0])
        gains = np.maximum(est[:, rows[None, :], cands].sum(axis=2).T - d[None, :], 1e-9)
        return cands[np.argsort(-np.log(gains).sum(axis=1), kind="stable")[:limit]]  # type: ignore[no-any-return]

    def _neighbours(self, base: IntArray) -> IntArray:
        """Every text that differs from ``base`` on one issue."""
        n, m = self.layout.shape
        rows = np.arange(n)
        cand = np.repeat(base[None, :], n * m, axis=0)
        cand[np.arange(n * m), np.repeat(rows, m)] = np.tile(np.arange(m), n)
        keep = self._ok[np.repeat(rows, m), np.tile(np.arange(m), n)] & (cand != base[None, :]).any(axis=1)
        return self.coherence.keep(cand[keep])

    def _filter_own(self, view: SeatView, cands: IntArray) -> IntArray:
        """A mediator that must also sign drafts nothing below its own walk-away."""
        if view.own.points and self.seat in view.signatories:
            own = self._own_valuation(view)
            ok = own.score(cands) >= view.own.reservation_value
            if ok.any():
                return cands[ok]  # type: ignore[no-any-return]
        return cands

    def _own_valuation(self, view: SeatView) -> Valuation:
        if self._own is None:
            self._own = brief_valuation(self.layout, view.own)
        return self._own

    def choose(self, view: SeatView) -> Command:
        seat = self.seat
        if view.phase == "briefing":
            return EndTurn(seat, reason=reasons.said("bot.mediator.ready"))
        if view.phase == "signature":
            return Sign(seat, reason=reasons.said("bot.mediator.sign"))
        if "statement" in view.legal and "statement" not in view.turn_used:
            st = self._statement(view)
            if st is not None:
                return st
        if seat in view.signatories:  # a mediator that must also sign answers texts like any signatory
            for p in view.proposals:
                if (
                    p.status == "open"
                    and p.by != seat
                    and seat not in p.accepted_by
                    and all(s != seat for s, _ in p.rejected_by)
                    and not p.partial
                ):
                    own = self._own_valuation(view)
                    if own.score_one(self.layout.encode(p.package)) >= view.own.reservation_value:
                        return Accept(seat, p.id, reason=reasons.said("bot.mediator.accept"))
                    return Reject(seat, p.id, reason=reasons.said("bot.mediator.reject"))
        pledge = self._pledge(view)
        if pledge is not None:
            return pledge
        text = self.text(view)
        asked = any(e.kind == "ask-mediator" and e.round >= view.round - 1 for e in view.transcript)
        mine = [p for p in view.proposals if p.by == seat]
        others_offered = sum(1 for p in view.proposals if p.by != seat) >= 2
        if text is not None and (others_offered or asked) and view.round >= 2:
            pkg = self.layout.decode(text)
            if not (mine and mine[-1].status == "open" and mine[-1].package == pkg):
                return TableProposal(seat, pkg, reason=self._text_reason(view, pkg))
        return EndTurn(seat, reason=reasons.said("bot.mediator.listening"))

    def _statement(self, view: SeatView) -> Statement | None:
        if any(r == view.round and e in self.attack_events for r, e in view.events):
            text = STATEMENTS_BY_ID["call-for-calm"]
        elif view.round == 1:
            text = STATEMENTS_BY_ID["guarantee-support"]
        else:
            return None
        return Statement(self.seat, text.tone, text.id, reason=reasons.statement(text.id))

    def _pledge(self, view: SeatView) -> OfferSideTerms | None:
        """Bridge a rejection of our last text with a guarantee or a payment to the side that rejected it: only once
        the talks are past their middle (early rejections are opening positions, not last gaps), and even-handedly (a
        side already pledged more, by anyone, than another signatory is not pledged again: a mediator seen as partial
        loses both)."""
        if "offer-side-terms" not in view.legal or view.side_terms_left < 1.0:
            return None
        if view.round <= view.rounds_total // 2:
            return None
        given = {
            s: sum(t.points for t in view.side_terms if t.beneficiary == s)  # by anyone: we even it out
            for s in view.signatories
            if s != self.seat
        }
        mine = [p for p in view.proposals if p.by == self.seat]
        if not mine or mine[-1].status != "rejected":
            return None
        last = mine[-1]
        pledged = {t.beneficiary for t in view.side_terms if t.by == self.seat and t.round == view.round}
        for who, issues in last.rejected_by:
            if who in pledged or who not in view.signatories:
                continue
            if given and given.get(who, 0.0) > min(given.values()) + 1e-9:
                continue
            security = any(any(w in i for w in SECURITY_WORDS) for i in issues)
            kind = "guarantee" if security else "side-payment"
            amount = round(min(PLEDGE, view.side_terms_left), 2)
            return OfferSideTerms(
                self.seat,
                kind,
                who,
                amount,
                reason=reasons.pledge(
                    "bot.mediator.pledge-guarantee" if security else "bot.mediator.pledge-funds", who
                ),
            )
        return None

    def _text_reason(self, view: SeatView, pkg: tuple[tuple[str, str], ...]) -> Message:
        objected: dict[str, int] = {}
        for p in view.proposals:
            for _, issues in p.rejected_by:
                for i in issues:
                    objected[i] = objected.get(i, 0) + 1
        if objected:
            issue = sorted(objected, key=lambda i: (-objected[i], i))[0]
            return reasons.mediator_text((issue, dict(pkg)[issue]))
        return reasons.mediator_text(None)
