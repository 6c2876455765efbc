"""A person's reaction to a package, judged against today (the status quo), for a whole population at once.

For person ``n`` of constituency ``c`` and package ``x`` tabled by ``proposer``::

    G_n = sum_i w_ni * max(v_ni(x_i), 0)        gains against today      (v: value of the option vs today's)
    L_n = sum_i w_ni * min(v_ni(x_i), 0)        losses against today (<= 0)
    A   = sum_i w_ci * [x_i != today_i]          how much of an agreement it is (0 for today, 1 for a full deal)
    U_n = credibility * source * G_n  +  loss_aversion * L_n
          +  A * (bias + affinity . mix(x) + mood + peer + endorsement)
          +  spread * (GENERAL * A * z_n  +  IDEOLOGY * stance(x) * (dovishness + y_n))

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
- **paradigms**: ``affinity`` is the group's extra disposition toward the ideas a package amounts to (two states,
  confederation, one state with or without equal rights), beyond its terms: polls show labels matter. ``mix(x)`` is
  how much ``x`` amounts to each (the paradigm classifier's weighted votes as shares), so a package that drifts from
  separation toward confederation changes gradually, not with a jump.
- **incentives** (regional normalisation, prisoner releases) are options with positive value; they pull opponents
  near the threshold over, which is where their effect shows in polls.

**Who likes what** (one person's answers hang together): ``z_n`` is a person's readiness for an agreement at all;
``y_n`` is where they stand between hawk (negative) and dove (positive) around their public's ``dovishness``;
``stance(x)`` in (-1, 1) says how acceptable
``x`` is to the *other side's* publics (their mean utility by its terms and their usual disposition, through a
``tanh`` of scale :data:`STANCE_SCALE`). Doves warm to what the other side can live with, hawks to what it cannot,
so the same people back a compromise and reject an annexation, and an offer that humiliates the other side pleases
only the hawks.

A person supports when ``U_n > band``, opposes when ``U_n < -band``, and is undecided in between. Today itself is
worth exactly 0 to everyone: people react to change, not to absolute levels.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal

import numpy as np
import numpy.typing as npt

from negotiator.engine.opinion.population import (
    F32Array,
    FloatArray,
    GroupParams,
    IntArray,
    OpinionModel,
    Population,
)

CREDIBILITY_WEIGHT = 0.5
"""Share of a deal's gains that hangs on the other side keeping its word when trust in it is nil (design choice)."""
GENERAL = 0.5
IDEOLOGY = 0.75**0.5
"""Weights of readiness and ideology in a person's disposition (design choice; GENERAL^2 + IDEOLOGY^2 = 1 keeps
``spread`` the SD of the disposition toward a clear-cut deal; with ideology weighing more, support for a compromise
and for an annexation are negatively correlated across people, as in surveys)."""
STANCE_SCALE = 0.15
"""Mean utility to the other side at which a package reads as clearly acceptable to them (design choice)."""
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
    discount = {"other": params.devaluation, "third": THIRD_PARTY_DEVALUATION * params.devaluation}.get(
        source, 0.0
    )
    endorse = ENDORSEMENT * (2.0 * climate.trust_own - 1.0) if source in ("own", "signed") else 0.0
    return credibility * (1.0 - discount), endorse


def affinity(params: GroupParams, mix: FloatArray) -> float:
    """The group's disposition toward the ideas a package amounts to (paradigm affinities weighted by the mix)."""
    return float(params.paradigms @ mix)


def scope(params: GroupParams, x: IntArray, status_quo: IntArray) -> float:
    """How much of an agreement ``x`` is for this constituency (0: nothing changes, 1: every issue it weighs)."""
    return float(params.priorities[x != status_quo].sum())


def utilities(
    params: GroupParams,
    people: Population,
    x: IntArray,
    status_quo: IntArray,
    mix: FloatArray,
    source: Source = "none",
    climate: Climate | None = None,
    stance: float = 0.0,
    terms: float = 1.0,
) -> F32Array:
    """Each person's utility for package ``x`` (option indices) against today; see the module docstring.

    ``terms`` scales the gains and losses of its terms (1 for a package heard term by term; less for its idea only,
    see :data:`~.polldata.PRINCIPLE_TERMS`).

    ``mix`` is how much ``x`` amounts to each paradigm (:meth:`OpinionModel.paradigm_mix`); ``stance`` how acceptable
    it is to the other side (:func:`stances`)."""
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
    u = gains * np.float32(gain_factor * terms) + losses * np.float32(params.loss_aversion * terms)
    if a > 0:
        shift = params.bias + affinity(params, mix) + cl.mood + cl.peer + endorse
        u += np.float32(a) * (np.float32(shift) + np.float32(params.spread * GENERAL) * people.disposition)
    if stance != 0.0:
        u += np.float32(params.spread * IDEOLOGY * stance) * (people.ideology + np.float32(params.dovishness))
    if params.sacred:
        u = _sacred(params, people, x, changed, u, losses, gain_factor)
    return u


def _sacred(
    params: GroupParams,
    people: Population,
    x: IntArray,
    changed: npt.NDArray[np.intp],
    u: F32Array,
    losses: F32Array,
    gain_factor: float,
) -> F32Array:
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
    taboo_u = (
        np.float32(-SACRED_PENALTY)
        + np.float32(params.loss_aversion) * losses
        - np.float32(BACKFIRE * gain_factor) * compensation
    )
    out: F32Array = (u + strength * (taboo_u - u)).astype(np.float32)
    return out


def component_utilities(
    params: GroupParams,
    people: Population,
    issue: int,
    option: int,
    versus: int,
    context: float,
    source: Source = "none",
    climate: Climate | None = None,
    stance: float = 0.0,
) -> F32Array:
    """Utility of one term (``issue``/``option``) asked on its own, weighed against option ``versus``.

    Used for poll items that ask about one part of a permanent agreement. The term's value against ``versus`` counts
    with loss aversion as in a package (weight 1: it is all the question is about); ``context`` scales the person's
    readiness for an agreement (the question is framed as part of one); ideology counts fully, with the term's
    ``stance`` (how acceptable it is to the other side). Sacred values apply as in a package, with no gesture present.
    """
    cl = climate if climate is not None else base_climate(params)
    gain_factor, endorse = _factors(params, source, cl)
    v = people.values[issue, option] - people.values[issue, versus]
    u = np.where(v > 0, np.float32(gain_factor) * v, np.float32(params.loss_aversion) * v).astype(np.float32)
    shift = params.bias + cl.mood + cl.peer + endorse
    u += np.float32(context) * (np.float32(shift) + np.float32(params.spread * GENERAL) * people.disposition)
    if stance != 0.0:
        u += np.float32(params.spread * IDEOLOGY * stance) * (people.ideology + np.float32(params.dovishness))
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


def _expit(x: F32Array) -> F32Array:
    """The logistic function, overflow-free (tanh form); numpy only, so the game does not need scipy at run time."""
    out: F32Array = (0.5 * (1.0 + np.tanh(0.5 * x))).astype(np.float32)
    return out


def smooth_shares(u: F32Array, band: float, width: float) -> tuple[float, float]:
    """(support, oppose) with the thresholds smoothed by a logistic of ``width`` (for the calibration optimiser)."""
    s = float(np.mean(_expit((u - band) / width)))
    o = float(np.mean(_expit((-band - u) / width)))
    return s, o


def mean_utility(params: GroupParams, x: IntArray, status_quo: IntArray, mix: FloatArray) -> float:
    """A constituency's utility for ``x`` by its terms and its usual disposition, without personal noise."""
    rows = np.arange(params.preferences.shape[0])
    v = params.preferences[rows, x] - params.preferences[rows, status_quo]
    credibility = 1.0 - CREDIBILITY_WEIGHT * (1.0 - params.trust_other)
    terms = float(params.priorities @ np.where(v > 0, credibility * v, params.loss_aversion * v))
    return terms + scope(params, x, status_quo) * (params.bias + affinity(params, mix))


def _other_sides(groups: Sequence[GroupParams], principals: Sequence[str]) -> list[list[int]]:
    out: list[list[int]] = []
    for g in groups:
        if g.answers_to not in principals:
            out.append([])
            continue
        out.append(
            [j for j, h in enumerate(groups) if h.answers_to in principals and h.answers_to != g.answers_to]
        )
    return out


def _weighted(groups: Sequence[GroupParams], members: list[int], values: Sequence[float]) -> float:
    pops = np.array([groups[j].population for j in members], dtype=np.float64)
    return float(pops @ np.array([values[j] for j in members]) / pops.sum())


def stances(
    groups: Sequence[GroupParams],
    x: IntArray,
    status_quo: IntArray,
    mix: FloatArray,
    principals: Sequence[str],
) -> list[float]:
    """Per constituency: how acceptable ``x`` is to the other side's publics, in (-1, 1) (0 when there is none)."""
    means = [mean_utility(g, x, status_quo, mix) for g in groups]
    return [
        math.tanh(_weighted(groups, others, means) / STANCE_SCALE) if others else 0.0
        for others in _other_sides(groups, principals)
    ]


def component_stances(
    groups: Sequence[GroupParams], issue: int, option: int, versus: Sequence[int], principals: Sequence[str]
) -> list[float]:
    """Per constituency: how acceptable one term is to the other side (their preference for it over ``versus``)."""
    diffs = [g.preferences[issue, option] - g.preferences[issue, versus[j]] for j, g in enumerate(groups)]
    return [
        math.tanh(_weighted(groups, others, diffs) / STANCE_SCALE) if others else 0.0
        for others in _other_sides(groups, principals)
    ]


def package_context(
    model: OpinionModel, x: IntArray, groups: Sequence[GroupParams] | None = None
) -> tuple[FloatArray, list[float]]:
    """What every constituency needs to judge ``x`` beyond its own people: the paradigm mix and its stances."""
    gs = model.groups if groups is None else groups
    mix = model.paradigm_mix(x)
    return mix, stances(gs, x, model.status_quo, mix, model.principals)
