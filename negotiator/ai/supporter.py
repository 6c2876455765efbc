"""A supporting third party (not a signatory, not the mediator): it backs texts it can live with, speaks for calm,
and pledges from its means to the side that blocks a text it supports (even-handedly: never to a side already
pledged more than another signatory). It never tables texts of its own, so the
table stays readable for players.
"""

from __future__ import annotations

from negotiator.ai import reasons
from negotiator.ai.valuation import Layout, Valuation, brief_valuation
from negotiator.game.commands import Accept, Command, EndTurn, OfferSideTerms, Sign, Statement
from negotiator.game.statements import STATEMENTS_BY_ID
from negotiator.game.views import SeatView
from negotiator.model.schema import Scenario


class SupporterBot:
    def __init__(self, seat: str, scenario: Scenario, seed: int) -> None:
        self.seat = seat
        self.seed = seed
        self.layout = Layout.of(scenario)
        self._own: Valuation | None = None

    def _valuation(self, view: SeatView) -> Valuation:
        if self._own is None:
            self._own = brief_valuation(self.layout, view.own)
        return self._own

    def choose(self, view: SeatView) -> Command:
        seat = self.seat
        if view.phase == "briefing":
            return EndTurn(seat, reason=reasons.said("bot.supporter.ready"))
        if view.phase == "signature":
            return Sign(seat, reason=reasons.said("bot.supporter.sign"))
        own = self._valuation(view)
        open_full = [p for p in view.proposals if p.status == "open" and not p.partial and p.by != seat]
        if open_full:
            p = open_full[-1]
            if (
                seat not in p.accepted_by
                and all(s != seat for s, _ in p.rejected_by)
                and own.score_one(self.layout.encode(p.package)) >= view.own.reservation_value
            ):
                return Accept(seat, p.id, reason=reasons.said("bot.supporter.accept"))
        if "offer-side-terms" in view.legal and view.side_terms_left >= 2.0:
            for p in reversed(view.proposals):
                if p.status != "rejected" or p.partial or p.round != view.round:
                    continue
                if own.score_one(self.layout.encode(p.package)) < view.own.reservation_value:
                    continue
                already = {t.beneficiary for t in view.side_terms if t.by == seat}
                given = {
                    s: sum(t.points for t in view.side_terms if t.beneficiary == s) for s in view.signatories
                }
                for who, _issues in p.rejected_by:
                    # even-handed, as the mediator: a side already pledged more than another is not pledged again
                    if (
                        who in view.signatories
                        and who not in already
                        and given.get(who, 0.0) <= min(given.values()) + 1e-9
                    ):
                        return OfferSideTerms(
                            seat,
                            "side-payment",
                            who,
                            2.0,
                            reason=reasons.pledge("bot.supporter.pledge", who),
                        )
                break
        if "statement" in view.legal and "statement" not in view.turn_used and view.round == 1:
            text = STATEMENTS_BY_ID["call-for-calm"]
            return Statement(seat, text.tone, text.id, reason=reasons.statement(text.id))
        return EndTurn(seat, reason=reasons.said("bot.supporter.standing-by"))
