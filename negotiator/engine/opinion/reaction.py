"""A person's reaction to a package, judged against today (the status quo), for a whole population at once.

For person ``n`` of constituency ``c`` and package ``x`` tabled by ``proposer``::

    G_n = sum_i w_ni * max(v_ni(x_i), 0)        gains against today      (v: value of the option vs today's)
    L_n = sum_i w_ni * min(v_ni(x_i), 0)        losses against today (<= 0)
    A   = sum_i w_ci * [x_i != today_i]          how much of an agreement it is (0 for today, 1 for a full deal)
    U_n = credibility * source * G_n  +  loss_aversion * L_n
          +  A * (bias + affinity[paradigm(x)] + mood + peer + endorsement + spread * z_n)

- **loss aversion**: a loss against today weighs ``loss_aversion`` times an equal gain (Kahneman and Tversky).
- **trust in the other side**: gains depend on the other side keeping its word, so they are discounted by
  ``credibility = 1 - CREDIBILITY_WEIGHT * (1 - trust_other)``; our own concessions are certain.
- **reactive devaluation**: the same gains count ``1 - devaluation`` as much when the other side tables the offer
  (half that discount from a third party), as in Ross and Stillinger's experiments.
- **trust in one's own leadership**: when our side tables or signs it, ``endorsement = ENDORSEMENT * (2*trust_own - 1)``:
  leaders who are trusted carry their public, distrusted ones drag it down.
- **sacred values**: for a person holding a taboo the package violates, no gain counts ("money doesn't buy it"),
  material gains on the taboo's ``compensation`` issues *raise* opposition (Ginges, Atran et al. 2007), and each
  symbolic gesture in ``softened_by`` turns a share ``softening`` of the taboo back into an ordinary trade-off.
- **paradigms**: ``affinity`` is the group's extra disposition toward what the package amounts to (two states,
  confederation, one state with or without equal rights), beyond its terms: polls show labels matter.
- **incentives** (regional normalisation, prisoner releases) are options with positive value; they pull opponents
  near the threshold over, which is where their effect shows in polls.

A person supports when ``U_n > band``, opposes when ``U_n < -band``, and is undecided in between. Today itself is
worth exactly 0 to everyone: people react to change, not to absolute levels.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

import numpy as np
import numpy.typing as npt
from scipy.special import expit

from negotiator.engine.opinion.population import F32Array, GroupParams, IntArray, Population

CREDIBILITY_WEIGHT = 0.5
"""Share of a deal's gains that hangs on the other side keeping its word when trust in it is nil (design choice)."""
ENDORSEMENT = 0.2
"""Utility a fully trusted leadership adds by tabling or signing a full deal (design choice)."""
THIRD_PARTY_DEVALUATION = 0.5
"""Share of reactive devaluation applied to an offer tabled by a third party (design choice: between own and other)."""
SACRED_PENALTY = 0.8
"""Utility cost of a violated taboo: more than any ordinary package is worth (design choice)."""
BACKFIRE = 0.5
"""How much material compensation offered for a taboo adds to opposition, per unit of its value (design choice)."""

Source = Literal["none", "own", "other", "third", "signed"]


@dataclass(frozen=True, slots=True)
class Climate:
    """What the moment adds to a constituency's judgement: current mood, trust levels, and peer pressure."""

    mood: float
    trust_own: float
    trust_other: float
    peer: float = 0.0


def base_climate(params: GroupParams) -> Climate:
    return Climate(0.0, params.trust_own, params.trust_other, 0.0)


def source_of(params: GroupParams, proposer: str | None, principals: tuple[str, ...]) -> Source:
    """How constituency ``params`` sees who tabled an offer (``"+signed"`` or ``"signed"``: signed by both)."""
    if proposer is None:
        return "none"
    if proposer in ("+signed", "signed"):
        return "signed"
    if proposer == params.answers_to:
        return "own"
    if proposer in principals:
        return "other"
    return "third"


def _factors(params: GroupParams, source: Source, climate: Climate) -> tuple[float, float]:
    """(multiplier of gains, endorsement) for a source."""
    credibility = 1.0 - CREDIBILITY_WEIGHT * (1.0 - climate.trust_other)
    discount = {"other": params.devaluation, "third": THIRD_PARTY_DEVALUATION * params.devaluation}.get(source, 0.0)
    endorse = ENDORSEMENT * (2.0 * climate.trust_own - 1.0) if source in ("own", "signed") else 0.0
    return credibility * (1.0 - discount), endorse


def scope(params: GroupParams, x: IntArray, status_quo: IntArray) -> float:
    """How much of an agreement ``x`` is for this constituency (0: nothing changes, 1: every issue it weighs)."""
    return float(params.priorities[x != status_quo].sum())


def utilities(params: GroupParams, people: Population, x: IntArray, status_quo: IntArray, paradigm: int,
              source: Source = "none", climate: Climate | None = None) -> F32Array:
    """Each person's utility for package ``x`` (option indices) against today; see the module docstring.

    ``paradigm`` is the index in ``PARADIGMS`` of what ``x`` amounts to (:meth:`OpinionModel.paradigm`)."""
    cl = climate if climate is not None else base_climate(params)
    gain_factor, endorse = _factors(params, source, cl)
    n = people.size
    gains = np.zeros(n, dtype=np.float32)
    losses = np.zeros(n, dtype=np.float32)
    changed = np.flatnonzero(x != status_quo)
    tmp = np.empty(n, dtype=np.float32)
    for i in changed.tolist():  # ~16 contiguous rows; vectorised over people
        row = people.weighted[i, x[i]]
        gains += np.maximum(row, 0.0, out=tmp)
        losses += np.minimum(row, 0.0, out=tmp)
    a = scope(params, x, status_quo)
    u = gains * np.float32(gain_factor) + losses * np.float32(params.loss_aversion)
    if a > 0:
        shift = params.bias + float(params.paradigms[paradigm]) + cl.mood + cl.peer + endorse
        u += np.float32(a) * (np.float32(shift) + np.float32(params.spread) * people.disposition)
    if params.sacred:
        u = _sacred(params, people, x, changed, u, losses, gain_factor)
    return u


def _sacred(params: GroupParams, people: Population, x: IntArray, changed: npt.NDArray[np.intp],
            u: F32Array, losses: F32Array, gain_factor: float) -> F32Array:
    if changed.size == 0:  # no agreement signs anything away, not even today's arrangement
        return u
    strength = np.zeros(people.size, dtype=np.float32)
    comp: set[int] = set()
    for k, rule in enumerate(params.sacred):
        if not rule.options[x[rule.issue]]:
            continue
        kept = 1.0
        for gi, go in rule.gestures:
            if x[gi] == go:
                kept *= 1.0 - rule.softening
        np.maximum(strength, np.where(people.taboo[k], np.float32(kept), np.float32(0.0)), out=strength)
        comp.update(rule.compensation)
    if not strength.any():
        return u
    compensation = np.zeros(people.size, dtype=np.float32)
    for i in sorted(comp & set(changed.tolist())):
        compensation += np.maximum(people.weighted[i, x[i]], 0.0)
    taboo_u = (np.float32(-SACRED_PENALTY) + np.float32(params.loss_aversion) * losses
               - np.float32(BACKFIRE * gain_factor) * compensation)
    out: F32Array = (u + strength * (taboo_u - u)).astype(np.float32)
    return out


def component_utilities(params: GroupParams, people: Population, issue: int, option: int, versus: int,
                        context: float, source: Source = "none", climate: Climate | None = None) -> F32Array:
    """Utility of one term (``issue``/``option``) asked on its own, weighed against option ``versus``.

    Used for poll items that ask about one part of a permanent agreement. The term's value against ``versus`` counts
    with loss aversion as in a package (weight 1: it is all the question is about); ``context`` scales the person's
    disposition toward an agreement (the question is framed as part of one). Sacred values apply as in a package,
    with no gesture present.
    """
    cl = climate if climate is not None else base_climate(params)
    gain_factor, endorse = _factors(params, source, cl)
    v = people.values[issue, option] - people.values[issue, versus]
    u = np.where(v > 0, np.float32(gain_factor) * v, np.float32(params.loss_aversion) * v).astype(np.float32)
    shift = params.bias + cl.mood + cl.peer + endorse
    u += np.float32(context) * (np.float32(shift) + np.float32(params.spread) * people.disposition)
    strength = np.zeros(people.size, dtype=np.float32)
    for k, rule in enumerate(params.sacred):
        if rule.issue == issue and rule.options[option] and not rule.options[versus]:
            strength = np.maximum(strength, people.taboo[k].astype(np.float32))
    if strength.any():
        taboo_u = np.float32(-SACRED_PENALTY) + np.float32(params.loss_aversion) * np.minimum(v, 0.0)
        u = u + strength * (taboo_u - u)
    out: F32Array = u.astype(np.float32)
    return out


def shares(u: F32Array, band: float) -> tuple[float, float, float]:
    """(support, oppose, undecided) as shares of the population."""
    n = u.shape[0]
    s = int(np.count_nonzero(u > band))
    o = int(np.count_nonzero(u < -band))
    return s / n, o / n, (n - s - o) / n


def smooth_shares(u: F32Array, band: float, width: float) -> tuple[float, float]:
    """(support, oppose) with the thresholds smoothed by a logistic of ``width`` (for the calibration optimiser)."""
    s = float(np.mean(expit((u - band) / width)))
    o = float(np.mean(expit((-band - u) / width)))
    return s, o
