"""A person's reaction to a package, judged against today (the status quo), for a whole population at once.

For person ``n`` of constituency ``c`` and package ``x`` tabled by ``proposer``::

    G_n = sum_i w_ni * max(v_ni(x_i), 0)        gains against today      (v: value of the option vs today's)
    L_n = sum_i w_ni * min(v_ni(x_i), 0)        losses against today (<= 0)
    A   = sum_i w_ci * [x_i != today_i]          how much of an agreement it is (0 for today, 1 for a full deal)
    R_n = bias + affinity . mix(x) + mood + peer + endorsement  +  spread * GENERAL * z_n     readiness for a deal
    A_n = A if R_n > 0 else A - sum_i w_ci * [v_ni(x_i) > 0]      how much of a deal it is *to person n*
    U_n = credibility * source * G_n  +  loss_aversion * L_n  +  A_n * R_n

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
``y_n`` is where they stand between hawk (negative) and dove (positive) around their public's ``dovishness``. Ideology
works term by term, inside the values (:func:`~.population.build`): each option's value is bent toward (doves) or away
from (hawks) how welcome it is to the *other side's* publics. So the same people back a compromise and reject an
annexation, and an offer that humiliates the other side pleases only the hawks. Because ideology acts on values, never
beside them, and an unready person's dread of "more of a deal" counts only the terms they do not value (``A_n``), a
change a person values never lowers their utility, and removing it never raises it. (Until issue 18 a package-level
``stance`` term beside the values rewarded whatever the other side liked even where one's own side disliked it: Gaza
warmed to a deal that took away Palestinians' national vote, Israeli Jews cooled to one that brought the hostages
home. tests/opinion/test_monotone.py guards against its return.)

A person supports when ``U_n > band``, opposes when ``U_n < -band``, and is undecided in between. Today itself is
worth exactly 0 to everyone: people react to change, not to absolute levels.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

import numpy as np
import numpy.typing as npt

from negotiator.engine.opinion.population import (
    CREDIBILITY_WEIGHT,
    IDEOLOGY,
    PACKAGE_IDEOLOGY,
    F32Array,
    FloatArray,
    GroupParams,
    IntArray,
    Population,
    lean,
)

GENERAL = 0.5
"""Weight of a person's readiness for any agreement, per unit of ``spread`` (design choice; the hawk-dove weight is
:data:`~.population.IDEOLOGY`, with GENERAL^2 + IDEOLOGY^2 = 1; with ideology weighing more, support for a compromise
and for an annexation are negatively correlated across people, as in surveys)."""
ENDORSEMENT = 0.2
"""Utility a fully trusted leadership adds by tabling or signing a full deal (design choice)."""
THIRD_PARTY_DEVALUATION = 0.5
"""Share of reactive devaluation applied to an offer tabled by a third party (design choice: between own and other)."""
SACRED_PENALTY = 0.8
"""Utility cost of a violated taboo: more than any ordinary package is worth (design choice)."""
BACKFIRE = 0.5
"""How much material compensation offered for a taboo adds to opposition, per unit of its value to the person (the
size of the offer, not weighted by how much its issue matters: a fund offered for Jerusalem insults by its very
presence; design choice)."""

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


def agreement_scope(ready: F32Array, gained: F32Array, a: float) -> F32Array:
    """How much of an agreement a package is *to each person*, given their readiness for one: a ready person warms
    to all of it (``a``); an unready one cools only by the part they do not value (``a - gained``, ``gained`` being
    the priority share of the changed issues the person values above today). So adding a term someone values never
    makes the deal "more of a deal" to a person who dreads deals, and removing it never pleases them for being less
    of one."""
    # a - gained * [ready <= 0]: the same float32 values as np.where(ready > 0, a, a - gained) (gained * 0 is 0 and
    # a - 0 is a), several times faster than ``np.where`` on large float32 arrays
    out: F32Array = np.multiply(gained, ready <= 0)
    np.subtract(np.float32(a), out, out=out)
    return out


def utilities(
    params: GroupParams,
    people: Population,
    x: IntArray,
    status_quo: IntArray,
    mix: FloatArray,
    source: Source = "none",
    climate: Climate | None = None,
    terms: float = 1.0,
) -> F32Array:
    """Each person's utility for package ``x`` (option indices) against today; see the module docstring.

    ``terms`` scales the gains and losses of its terms (1 for a package heard term by term; less for its idea only,
    see :data:`~.polldata.PRINCIPLE_TERMS`). ``mix`` is how much ``x`` amounts to each paradigm
    (:meth:`OpinionModel.paradigm_mix`)."""
    cl = climate if climate is not None else base_climate(params)
    gain_factor, endorse = _factors(params, source, cl)
    changed = np.flatnonzero(x != status_quo)
    # gains, losses and the priority share of valued terms (``gained``), summed one changed issue at a time in
    # issue order (~16 contiguous (3, n) blocks; vectorised over people)
    rows = people.terms(params.priorities)
    acc = np.zeros((3, people.size), dtype=np.float32)
    for i in changed.tolist():
        acc += rows.row(i, int(x[i]))
    gains: F32Array = acc[0]
    losses: F32Array = acc[1]
    gained: F32Array = acc[2]
    a = scope(params, x, status_quo)
    u = gains * np.float32(gain_factor * terms) + losses * np.float32(params.loss_aversion * terms)
    if a > 0:
        shift = params.bias + affinity(params, mix) + cl.mood + cl.peer + endorse
        ready = np.float32(shift) + np.float32(params.spread * GENERAL) * people.disposition
        u += agreement_scope(ready, gained, a) * ready
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
        # taboo * kept is np.where(taboo, kept, 0) (kept >= 0), without np.where's cost
        np.maximum(strength, np.multiply(people.taboo[k], np.float32(kept)), out=strength)
        comp.update(rule.compensation)
    if not strength.any():
        return u
    compensation = np.zeros(people.size, dtype=np.float32)
    for i in sorted(comp & set(changed.tolist())):  # the size of the offer, however much the issue matters
        compensation += np.maximum(people.values[i, x[i]], 0.0)
    taboo_u = (
        np.float32(-SACRED_PENALTY)
        + np.float32(params.loss_aversion) * losses
        - np.float32(BACKFIRE * gain_factor) * compensation
    )
    out: F32Array = u + strength * (taboo_u - u)  # type: ignore[assignment]  # float32 throughout
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
) -> F32Array:
    """Utility of one term (``issue``/``option``) asked on its own, weighed against option ``versus``.

    Used for poll items that ask about one part of a permanent agreement. The term's value against ``versus`` counts
    with loss aversion as in a package (weight 1: it is all the question is about); ``context`` scales the person's
    readiness for an agreement (the question is framed as part of one); ideology counts through the values, as in a
    package. Sacred values apply as in a package, with no gesture present.
    """
    cl = climate if climate is not None else base_climate(params)
    gain_factor, endorse = _factors(params, source, cl)
    v = people.values[issue, option] - people.values[issue, versus]
    if params.loading is not None and params.term_loading is not None:
        # asked on its own, a term is bent by how the other side sees the term alone (not as part of a deal), at
        # the weight the earlier package-level term had (1/PACKAGE_IDEOLOGY of the bend inside a package)
        position = np.float32(IDEOLOGY * params.spread) * lean(params, people.ideology)
        package_bend = PACKAGE_IDEOLOGY * (params.loading[issue, option] - params.loading[issue, versus])
        term_bend = params.term_loading[issue, option] - params.term_loading[issue, versus]
        v = v + np.float32(term_bend - package_bend) * position
    u = np.where(v > 0, np.float32(gain_factor) * v, np.float32(params.loss_aversion) * v).astype(np.float32)
    shift = params.bias + cl.mood + cl.peer + endorse
    u += np.float32(context) * (np.float32(shift) + np.float32(params.spread * GENERAL) * people.disposition)
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
