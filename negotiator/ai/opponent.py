"""Opponent models: what a bot believes another delegation values, learned from what that delegation does in public.

Prior (before any offer): the other side's constituencies, whose preferences are public (polls): issues their people
care about weigh more, options their people like are valued more. With no constituency to go by, the prior assumes
interests opposed to the bot's own. Evidence: the frequency model of opponent modelling in automated negotiation (as in
HardHeaded / the Genius agents): options a delegation keeps proposing are worth more to it, issues on which its offers
never move weigh more, and issues it names when rejecting weigh more still. Early offers count more than later ones (later ones
carry concessions; measured on ``confederation``, weighting openings predicts the other side's points best).
The estimate blends prior and evidence with a weight that grows with the number of offers seen (a simple Bayesian
shrinkage: the prior acts as two pseudo-offers).
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from negotiator.ai.valuation import FloatArray, IntArray, Layout
from negotiator.model.public import PublicScenario
from negotiator.model.schema import Scenario

PRIOR_OFFERS = 2.0
EARLY = 0.6
"""Weight of each later offer relative to the one before: opening offers show what a side wants most."""
USE_STABILITY = True
OBJECTION_WEIGHT = 0.0


def public_prior(
    scenario: Scenario | PublicScenario, layout: Layout, party: str, fallback: FloatArray
) -> FloatArray:
    """(n_issues, max_options) values in [0, 1], weights included (rows sum of maxima = 1): a utility estimate.

    ``fallback`` (the bot's own normalised values) is turned around when the party has no public to read.
    """
    n, m = layout.shape
    pubs = [c for c in scenario.constituencies if c.answers_to == party]
    if not pubs:
        flipped = np.where(layout.valid, 1.0 - fallback, 0.0)
        return _normalise(flipped, np.full(n, 1.0 / n), layout)
    vals = np.zeros((n, m))
    weights = np.zeros(n)
    total_pop = float(sum(c.population for c in pubs))
    for c in pubs:
        share = c.population / total_pop
        tw = sum(c.priorities.values()) or 1.0
        for k, issue in enumerate(layout.issue_ids):
            prefs = c.preferences.get(issue, {})
            row = np.array([prefs.get(o, 0.0) for o in layout.option_ids[k]])
            row = np.where(row < 0, c.opinion.loss_aversion * row, row)
            vals[k, : row.size] += share * row
            weights[k] += (
                share * c.priorities.get(issue, 0.0) / tw * (float(np.ptp(row)) if row.size else 0.0)
            )
    if weights.sum() <= 0:
        weights = np.full(n, 1.0)
    return _normalise(vals, weights / weights.sum(), layout)


def _normalise(vals: FloatArray, weights: FloatArray, layout: Layout) -> FloatArray:
    """Min-max each issue's option values to [0, 1] and scale rows by the issue weights."""
    v = np.where(layout.valid, vals, np.inf)
    lo = v.min(axis=1, keepdims=True)
    v = np.where(layout.valid, vals, -np.inf)
    hi = v.max(axis=1, keepdims=True)
    span = np.where(hi - lo > 1e-12, hi - lo, 1.0)
    norm = np.where(layout.valid, (vals - lo) / span, 0.0)
    flat = (hi - lo).ravel() <= 1e-12
    norm[flat] = np.where(layout.valid[flat], 0.5, 0.0)
    return norm * weights[:, None]  # type: ignore[no-any-return]


def estimate(
    layout: Layout, prior: FloatArray, offers: Sequence[IntArray], objections: Sequence[Sequence[str]] = ()
) -> FloatArray:
    """Blend the prior with the frequency model of ``offers`` (oldest first) and the issues named in ``objections``."""
    n, m = layout.shape
    prior_w = prior.max(axis=1)
    prior_w = prior_w / prior_w.sum() if prior_w.sum() > 0 else np.full(n, 1.0 / n)
    prior_v = np.divide(prior, prior_w[:, None], out=np.zeros_like(prior), where=prior_w[:, None] > 0)
    k = len(offers)
    if k == 0 and not objections:
        return prior
    counts = np.zeros((n, m))
    rows = np.arange(n)
    for order, offer in enumerate(offers):
        counts[rows, offer] += EARLY**order
    if k:
        freq_v = counts / np.maximum(counts.max(axis=1, keepdims=True), 1e-12)
        beta = k / (k + PRIOR_OFFERS)
        values = (1 - beta) * prior_v + beta * freq_v
    else:
        values = prior_v
    weights = prior_w.copy()
    if k >= 2 and USE_STABILITY:
        stacked = np.stack(list(offers))
        stable = (stacked[1:] == stacked[:-1]).mean(axis=0)  # issues it never moves on matter to it
        evidence = 0.25 + stable
        evidence = evidence / evidence.sum()
        gamma = (k - 1) / (k - 1 + PRIOR_OFFERS)
        weights = (1 - gamma) * weights + gamma * evidence
    if objections:
        named = np.zeros(n)
        for reasons in objections:
            for r in reasons:
                if r in layout.issue_ids:
                    named[layout.issue_ids.index(r)] += 1.0
        if named.sum() > 0:
            weights = weights + OBJECTION_WEIGHT * named / named.sum()
    weights = weights / weights.sum()
    return np.where(layout.valid, values, 0.0) * weights[:, None]  # type: ignore[no-any-return]
