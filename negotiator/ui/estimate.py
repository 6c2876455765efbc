"""The player's estimate of the other delegations' points, from what the player has seen (never their real numbers).

It is the same opponent model the AI delegations use on their side of the table (:mod:`negotiator.ai.opponent`):
a prior read from the other side's publics, whose preferences are public (polls), sharpened by the frequency of the
options that delegation keeps proposing, the issues it never moves on and the issues it names when rejecting. The
estimate is on a 0-100 scale (100: everything that delegation seems to want), shown with "≈" and a tooltip saying it
is an estimate.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

import numpy as np

from negotiator.ai.opponent import estimate, public_prior
from negotiator.ai.valuation import FloatArray, Layout
from negotiator.game.views import SeatView
from negotiator.model.public import PublicScenario


@dataclass
class OtherEstimate:
    delegation: str
    values: FloatArray
    offers_seen: int

    def points(self, layout: Layout, package: Mapping[str, str]) -> float:
        if any(i not in package for i in layout.issue_ids):
            # A partial package: count only the settled issues, scaled to what they could be worth at most.
            idx = [k for k, i in enumerate(layout.issue_ids) if i in package]
            if not idx:
                return 0.0
            got = sum(self.values[k, layout.option_ids[k].index(package[layout.issue_ids[k]])] for k in idx)
            best = sum(self.values[k].max() for k in idx) or 1.0
            return float(100.0 * got / best)
        x = layout.encode(tuple(package.items()))
        return float(100.0 * self.values[np.arange(len(x)), x].sum())


def _own_norm(layout: Layout, view: SeatView) -> FloatArray:
    n, m = layout.shape
    out = np.zeros((n, m))
    pts = dict(view.own.points)
    for k, issue in enumerate(layout.issue_ids):
        row = dict(pts.get(issue, ()))
        vals = np.array([row.get(o, 0.0) for o in layout.option_ids[k]])
        span = vals.max() - vals.min()
        out[k, : vals.size] = (vals - vals.min()) / span if span > 0 else 0.5
    return out


def estimates(scenario: PublicScenario, view: SeatView) -> list[OtherEstimate]:
    """One estimate per other principal delegation at the table (the ones whose signature a deal needs)."""
    layout = Layout.of(scenario)
    own = _own_norm(layout, view)
    out = []
    for d in view.delegations:
        if d.id == view.seat or not d.signatory:
            continue
        prior = public_prior(scenario, layout, d.id, own)
        offers = [layout.encode(p.package) for p in view.proposals if p.by == d.id and not p.partial]
        objections = [r for p in view.proposals for s, r in p.rejected_by if s == d.id]
        out.append(OtherEstimate(d.id, estimate(layout, prior, offers, objections), len(offers)))
    return out
