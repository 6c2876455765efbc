"""The fit: which parameters published polls can inform, and the optimiser that sets them.

**What is fitted** (and nothing else: priorities, trust, devaluation, loss aversion, sacred shares, the undecided band
and the preferences of options no poll speaks to stay as authored, design choices the scenario's notes own):

- per *top-level* polled population (Israeli Jews, Arab citizens, Palestinians) one shift of ``bias``, the
  disposition toward an agreement, and one factor on ``spread``;
- per *atom* of polled constituencies (those the window's row populations cannot tell apart: the four non-settler
  Jewish groups, the settlers, Arab citizens, Palestinians in the West Bank and Gaza) and per paradigm its package
  rows amount to besides separation (one state with or without equal rights), one *paradigm affinity*: how much more
  or less the group likes a package that amounts to that idea than its terms alone say (polls show labels matter);
  separation is the reference the bias carries. Paradigms only contrast rows speak to (a confederation, asked in 2010
  and 2022) get one affinity per side;
- per component row's population and option, one shift of that option's preference for every member: a measurement
  of how the group values that term (several rows about one option share one shift);
- per later wave (``YYYY-MM`` of its fieldwork) and side, one *period mood*: a shift of the disposition toward an
  agreement for every constituency of that side, stored in ``opinion.periods`` (see :mod:`.calibration`), so the
  game can start at the mood of its own date and ``negotiator poll --as-of`` can show any date's publics.

Shifts keep the authored differences between the constituencies they move, and members saturate at the ends of their
ranges. Constituencies no poll covers (refugees abroad) take the shifts of the largest polled population of their
side. Because only shifts are fitted, fitting an already fitted file finds shifts near zero: a fixed point, no drift
from one fit to the next.

**Objective**: the sum of ``soft_l1`` losses (scale :data:`~.calibration.LOSS_SCALE` points) of model minus published
over the window's figures, plus the later waves' figures (each with its period mood) at :data:`CONTRAST_WEIGHT`, so that a row contradicting others
(two wordings of one question) cannot dominate, plus a ridge (:data:`RIDGE`) on every shift, so a direction the polls
cannot tell stays where it was; minimised with ``scipy.optimize.least_squares`` (trust-region
reflective; bounds keep every value in its valid range) on a Jacobian of forward differences (step :data:`STEP`).
Thresholds are smoothed (:data:`~.calibration.SMOOTH`) so the objective is differentiable; the report uses the exact
shares of :data:`~.population.DEFAULT_SIZE` people per constituency. One fixed seed makes the fit reproducible.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

import numpy as np

from negotiator.engine.opinion.calibration import (
    FIT_WINDOW,
    LOSS_SCALE,
    SEED,
    SMOOTH,
    Asker,
    CalibrationReport,
    Case,
    cases,
    evaluate,
    figures,
    fit_window,
    when,
)
from negotiator.engine.opinion.polldata import PollRow, polls_for
from negotiator.engine.opinion.population import (
    DEFAULT_SIZE,
    FloatArray,
    GroupParams,
    IntArray,
    OpinionModel,
    build,
    compile_opinion,
    period_mood,
    sample,
    with_loadings,
)
from negotiator.model.schema import PARADIGMS, Scenario

FIT_SIZE = 3000
"""People per constituency during the fit (the report uses :data:`DEFAULT_SIZE`, as a game does)."""
STEP = 0.02
"""Finite-difference step of the Jacobian, in parameter units."""
CONTRAST_WEIGHT = 0.5
"""Weight of a later wave's rows against the window's (they inform the structure, but each meets its wave's mood)."""
AFFINITY_LIMIT = 5.0
"""Range of a paradigm affinity (the schema's): an annexation's label weighs against some publics' doves far more
than its terms do."""
PERIOD_LIMIT = 2.0
"""Bound of a wave's mood shift, utility units."""
RIDGE = 0.3
"""Points of error a unit shift of any fitted parameter costs (a ridge toward the values the fit starts from): a
shift the polls cannot tell (a direction along which the fit is flat, such as a side's spread traded against its
bias) stays near zero instead of wandering, while any shift that buys more than this much fit is taken. Measured on
the confederation publics of wave2's third sitting with the fourth sitting's rows: without the ridge the fit moved
the Palestinian spread by -0.28 (log factor) for no better figure (MAE 2.78), at 0.3 by -0.035 (2.76), at 1.0 by
-0.031 (2.76); 1.0 broke the fixed point of the teaching scenario's fit (a refit moved a shift by 0.059: a ridge pulls
toward wherever the fit starts, so each refit moves on by a fraction), 0.3 keeps it (design choice)."""
IDEA_SHARE = 0.25
"""A package row informs the affinity for a paradigm that carries at least this share of its classifier votes."""


@dataclass(frozen=True, slots=True)
class Parameter:
    """One fitted shift: ``bias``, ``paradigm`` and ``preference`` are added, ``spread`` is a log factor, ``drift``
    is a survey's mood shift."""

    name: str
    kind: str
    members: tuple[int, ...]
    lower: float
    upper: float
    issue: int = -1
    option: int = -1
    """Option index (``preference``) or paradigm index (``paradigm``)."""
    survey: str = ""


@dataclass(frozen=True)
class FitResult:
    parameters: tuple[Parameter, ...]
    values: tuple[float, ...]
    before: CalibrationReport
    after: CalibrationReport
    scenario: Scenario
    """The scenario with the fitted values (rounded as they are written to the file)."""
    changes: dict[str, dict[str, tuple[float, float]]] = field(default_factory=dict)
    """Per constituency: dotted field (``opinion.bias``, ``preferences.issue.option``...) -> (old, new)."""
    cost: float = 0.0
    evaluations: int = 0
    message: str = ""


def _followers(model: OpinionModel, polled: dict[str, tuple[int, ...]]) -> dict[int, str]:
    """Unpolled constituency index -> the largest polled population of its side, whose shifts it takes."""
    out: dict[int, str] = {}
    covered = {k for m in polled.values() for k in m}
    for k, g in enumerate(model.groups):
        if k in covered:
            continue
        same_side = [
            (sum(model.groups[j].population for j in m), p)
            for p, m in polled.items()
            if all(model.groups[j].answers_to == g.answers_to for j in m)
        ]
        if same_side:
            out[k] = max(same_side)[1]
    return out


def _ideas(model: OpinionModel, x: IntArray) -> list[int]:
    """Paradigms a package amounts to in good part (a share of at least :data:`IDEA_SHARE` of its votes)."""
    return [j for j, share in enumerate(model.paradigm_mix(x)) if share >= IDEA_SHARE]


def _affinity(model: OpinionModel, name: str, ks: tuple[int, ...], p_index: int) -> Parameter:
    """A paradigm-affinity shift, bounded so every member stays within the schema's range (:data:`AFFINITY_LIMIT`)."""
    current = [float(model.groups[k].paradigms[p_index]) for k in ks]
    return Parameter(
        name, "paradigm", ks, -AFFINITY_LIMIT - min(current), AFFINITY_LIMIT - max(current), option=p_index
    )


def _about_a_deal(model: OpinionModel, case: Case) -> bool:
    """Whether a row asks about a deal between the two peoples: a term of one (not a term asked as a matter of its
    own, which no mood toward a deal colours), or a package that amounts mostly to separation or confederation (not
    an annexation or one state)."""
    e = case.expr
    if e is None:
        return False
    if e.x is None:
        return not e.standalone
    mix = model.paradigm_mix(e.x)
    deal = mix[PARADIGMS.index("separation")] + mix[PARADIGMS.index("confederation")]
    return bool(deal >= 0.5)


def design(model: OpinionModel, fitted: Sequence[Case]) -> list[Parameter]:
    """The parameters the fitted cases can inform (see the module docstring)."""
    window = [c for c in fitted if c.status == "fit"]
    polled = {c.row.population: model.members(c.row.population) for c in window}
    followers = _followers(model, polled)

    def extend(members: set[int] | tuple[int, ...], pops: set[str]) -> tuple[int, ...]:
        return tuple(sorted(set(members) | {k for k, p in followers.items() if p in pops}))

    params: list[Parameter] = []
    covered: set[tuple[int, int]] = set()
    separation = PARADIGMS.index("separation")
    signature: dict[int, frozenset[str]] = {}
    for p, members in polled.items():
        for k in members:
            signature[k] = signature.get(k, frozenset()) | {p}
    atoms: dict[frozenset[str], set[int]] = {}
    for k, sig in sorted(signature.items()):
        atoms.setdefault(sig, set()).add(k)

    def made_of_others(m: tuple[int, ...]) -> bool:
        # all Israelis = Israeli Jews + Arab citizens: the parts get their own shifts, not the sum
        parts = [set(m2) for m2 in polled.values() if set(m2) < set(m)]
        return bool(parts) and set().union(*parts) == set(m)

    tops = [
        p
        for p, m in polled.items()
        if not any(set(m) < set(m2) for m2 in polled.values() if not made_of_others(m2))
        and not made_of_others(m)
    ]
    for p in sorted(tops):
        params.append(Parameter(f"bias:{p}", "bias", extend(polled[p], {p}), -3.0, 3.0))
    for sig, atom in sorted(atoms.items(), key=lambda kv: sorted(kv[1])):
        main = {p for p in sig if max(polled[p], key=lambda j: model.groups[j].population) in atom}
        ks = extend(atom, main)
        name = "+".join(model.groups[k].id for k in ks)
        seen = sorted(
            {
                j
                for c in window
                if c.expr is not None and c.expr.x is not None and c.row.population in sig
                for j in _ideas(model, c.expr.x)
            }
        )
        reference = separation if separation in seen or not seen else seen[0]
        covered |= {(k, reference) for k in ks}
        for p_index in seen:
            if p_index != reference:
                params.append(_affinity(model, f"paradigm:{name}:{PARADIGMS[p_index]}", ks, p_index))
                covered |= {(k, p_index) for k in ks}
    for side in sorted({c.side for c in fitted if c.status == "period" and c.side is not None}):
        ks = tuple(k for k, g in enumerate(model.groups) if g.answers_to == side)
        found = sorted(
            {
                j
                for c in fitted
                if c.status == "period" and c.side == side and c.expr is not None and c.expr.x is not None
                for j in _ideas(model, c.expr.x)
            }
        )
        for p_index in found:
            if p_index != PARADIGMS.index("status-quo") and not any((k, p_index) in covered for k in ks):
                params.append(_affinity(model, f"paradigm:{side}:{PARADIGMS[p_index]}", ks, p_index))
    for p in sorted(tops):
        params.append(
            Parameter(
                f"spread:{p}", "spread", extend(polled[p], {p}), float(np.log(0.25)), float(np.log(4.0))
            )
        )
    seen_pref: set[tuple[str, int, int]] = set()
    for c in window:
        e = c.expr
        if e is None or e.kind != "component" or (c.row.population, e.issue, e.option) in seen_pref:
            continue
        seen_pref.add((c.row.population, e.issue, e.option))
        ks = extend(polled[c.row.population], {c.row.population})
        prefs = [model.groups[k].preferences[e.issue, e.option] for k in ks]
        name = f"pref:{c.row.population}:{model.issue_ids[e.issue]}.{model.option_ids[e.issue][e.option]}"
        params.append(
            Parameter(name, "preference", ks, -1.0 - max(prefs), 1.0 - min(prefs), e.issue, e.option)
        )
    for month, side in sorted({(c.row.month, c.side) for c in fitted if c.status == "period" and c.side}):
        wave = [c for c in fitted if c.status == "period" and c.row.month == month and c.side == side]
        if not any(_about_a_deal(model, c) for c in wave):
            continue  # a wave that asked only about annexation or one state says nothing of the mood for a deal
        ks = tuple(k for k, g in enumerate(model.groups) if g.answers_to == side)
        params.append(
            Parameter(f"period:{month} / {side}", "period", ks, -PERIOD_LIMIT, PERIOD_LIMIT, survey=month)
        )
    return params


def apply(
    model: OpinionModel,
    params: Sequence[Parameter],
    x: FloatArray,
    digits: int | None = 3,
    window: tuple[int, int] = FIT_WINDOW,
) -> tuple[GroupParams, ...]:
    """Constituency parameters with the shifts ``x`` applied, rounded to ``digits`` (3, as written to the file;
    None while optimising, so that small steps are seen)."""
    groups = list(model.groups)
    bias = np.zeros(len(groups))
    dovish = np.zeros(len(groups))
    spread = np.zeros(len(groups))
    prefs = [g.preferences.copy() for g in groups]
    affinity = [g.paradigms.copy() for g in groups]
    periods: list[dict[str, float]] = [{} for _ in groups]  # every wave's mood is fitted afresh
    start = f"{window[0]:04d}-01"
    for p, v in zip(params, x, strict=True):
        for k in p.members:
            if p.kind == "bias":
                bias[k] += v
            elif p.kind == "spread":
                spread[k] += v
            elif p.kind == "dovishness":
                dovish[k] += v
            elif p.kind == "paradigm":
                affinity[k][p.option] += v
            elif p.kind == "preference":
                prefs[k][p.issue, p.option] += v
            elif p.kind == "period":
                # the wave's mood: what it carried before (an earlier wave's) plus the fitted shift
                value = period_mood(groups[k].periods, p.survey) + float(v)
                periods[k][p.survey] = round(value, digits) if digits is not None else value
                if p.survey < start:  # a wave before the window: from the window on, its electorate again
                    periods[k].setdefault(start, 0.0)

    def r(v: FloatArray) -> FloatArray:
        out: FloatArray = v if digits is None else np.round(v, digits)
        return out

    shifted = [
        g.with_(
            bias=float(np.clip(r(np.array(g.bias + bias[k])), -5, 5)),
            dovishness=float(np.clip(r(np.array(g.dovishness + dovish[k])), -3, 3)),
            spread=float(np.clip(r(np.array(g.spread * np.exp(spread[k]))), 0.01, 5)),
            preferences=np.clip(r(prefs[k]), -1, 1),
            paradigms=np.clip(r(affinity[k]), -AFFINITY_LIMIT, AFFINITY_LIMIT),
            periods=tuple(sorted((m, float(np.clip(v, -3, 3))) for m, v in periods[k].items())),
        )
        for k, g in enumerate(groups)
    ]
    # a shifted preference changes how welcome the option is to the other side, which bends that side's values
    return with_loadings(shifted, model.principals, model.status_quo)


def fit(
    scenario: Scenario,
    polls: Sequence[PollRow] | None = None,
    seed: int = SEED,
    size: int = FIT_SIZE,
    window: tuple[int, int] | None = None,
    report_size: int = DEFAULT_SIZE,
    max_evaluations: int = 200,
    polls_name: str | None = None,
) -> FitResult:
    """Fit the scenario to the polls (see the module docstring); returns the fitted scenario and both reports.
    ``window``: the fit window (None: the scenario's own, :func:`~.calibration.fit_window`)."""
    window = window or fit_window(scenario)
    rows = list(polls) if polls is not None else polls_for(scenario.id)
    before = evaluate(scenario, rows, seed, report_size, window, polls_name)
    model = compile_opinion(scenario, as_of=None)
    fitted = [c for c in cases(scenario, model, rows, window) if c.status in ("fit", "period")]
    # a later wave informs the fit only with its own mood, and it has one only if it asked about a deal: a wave that
    # asked only about annexation would pull the structure toward how that wave's publics differed from 2016-2018
    deal_waves = {(c.row.month, c.side) for c in fitted if c.status == "period" and _about_a_deal(model, c)}
    fitted = [c for c in fitted if c.status == "fit" or (c.row.month, c.side) in deal_waves]
    if not any(c.status == "fit" for c in fitted):
        return FitResult(
            (), (), before, before, scenario, {}, 0.0, 0, "no poll row in the window is expressed"
        )
    params = design(model, fitted)
    draws, _ = sample(model, seed, size)
    needed = sorted({k for c in fitted for k in model.members(c.row.population)})

    def residuals(x: FloatArray) -> FloatArray:
        groups = apply(model, params, x, digits=None, window=window)
        people = {k: build(groups[k], draws[k], model.status_quo) for k in needed}
        asker = Asker(model, groups, [people.get(k) for k in range(len(groups))], SMOOTH)  # type: ignore[misc]
        out: list[float] = []
        for c in fitted:
            assert c.expr is not None
            weight = 1.0 if c.status == "fit" else CONTRAST_WEIGHT
            shares = asker.population(c.row.population, c.expr, 0.0, when(c, window))
            out.extend(weight * f.error for f in figures(c.row, *shares))
        out.extend(RIDGE * x)
        return np.array(out)

    # x0 = 0 must lie strictly inside the bounds: a parameter already at the end of its range (an affinity of -3)
    # gets a sliver of room, which apply() clips away. (scipy sizes its first trust region by |x0|: a start
    # nudged off a bound by 1e-9 made every step that small, and the fit stopped where it started.)
    lower = np.minimum([p.lower for p in params], -1e-6)
    upper = np.maximum([p.upper for p in params], 1e-6)

    def jacobian(x: FloatArray) -> FloatArray:
        # forward differences with an absolute step: shares are smoothed over about SMOOTH, so a tiny step sees
        # only simulation noise, and scipy's own relative steps vanish at the starting point x = 0
        f0 = residuals(x)
        cols = []
        for j in range(x.size):
            h = STEP if x[j] + STEP <= upper[j] else -STEP
            y = x.copy()
            y[j] += h
            cols.append((residuals(y) - f0) / h)
        return np.stack(cols, axis=1)

    x0 = np.zeros(len(params))
    from scipy.optimize import least_squares  # only calibration needs scipy; the game does not

    res = least_squares(
        residuals,
        x0,
        jac=jacobian,
        bounds=(lower, upper),
        loss="soft_l1",
        f_scale=LOSS_SCALE,
        x_scale=0.1,
        max_nfev=max_evaluations,
        method="trf",
    )
    new_scenario, changes = scenario_with(scenario, model, apply(model, params, res.x, window=window))
    after = evaluate(new_scenario, rows, seed, report_size, window, polls_name)
    return FitResult(
        tuple(params),
        tuple(float(v) for v in res.x),
        before,
        after,
        new_scenario,
        changes,
        float(res.cost),
        int(res.nfev),
        str(res.message),
    )


def scenario_with(
    scenario: Scenario, model: OpinionModel, groups: tuple[GroupParams, ...]
) -> tuple[Scenario, dict[str, dict[str, tuple[float, float]]]]:
    """The scenario with fitted bias, spread, paradigm affinities and preferences, and the list of what changed."""
    constituencies = []
    changes: dict[str, dict[str, tuple[float, float]]] = {}
    for c, g in zip(scenario.constituencies, groups, strict=True):
        ch: dict[str, tuple[float, float]] = {}
        if g.bias != c.opinion.bias:
            ch["opinion.bias"] = (c.opinion.bias, g.bias)
        if g.spread != c.opinion.spread:
            ch["opinion.spread"] = (c.opinion.spread, g.spread)
        if g.dovishness != c.opinion.dovishness:
            ch["opinion.dovishness"] = (c.opinion.dovishness, g.dovishness)
        prefs = {issue: dict(row) for issue, row in c.preferences.items()}
        for i, issue in enumerate(model.issue_ids):
            for j, option in enumerate(model.option_ids[i]):
                new, old = float(g.preferences[i, j]), c.preferences[issue][option]
                if abs(new - old) > 1e-9:
                    prefs[issue][option] = new
                    ch[f"preferences.{issue}.{option}"] = (old, new)
        paradigms: dict[str, float] = {str(k): v for k, v in c.opinion.paradigms.items()}
        for j, name in enumerate(PARADIGMS):
            new_a, old_a = float(g.paradigms[j]), float(paradigms.get(name, 0.0))
            if abs(new_a - old_a) > 1e-9:
                paradigms[name] = new_a
                ch[f"opinion.paradigms.{name}"] = (old_a, new_a)
        old_periods = {str(m): v for m, v in c.opinion.periods.items()}
        new_periods = dict(g.periods)
        for month in sorted(set(old_periods) | set(new_periods)):
            old_p, new_p = old_periods.get(month), new_periods.get(month)
            if new_p is not None and (old_p is None or abs(new_p - old_p) > 1e-9):
                ch[f"opinion.periods.{month}"] = (old_p if old_p is not None else 0.0, new_p)
        opinion = c.opinion.model_copy(
            update={
                "bias": g.bias,
                "spread": g.spread,
                "dovishness": g.dovishness,
                "paradigms": paradigms,
                "periods": new_periods,
            }
        )
        constituencies.append(c.model_copy(update={"opinion": opinion, "preferences": prefs}))
        if ch:
            changes[c.id] = ch
    return scenario.model_copy(update={"constituencies": constituencies}), changes
