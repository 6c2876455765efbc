"""Calibration: fit the constituencies' parameters to published polls, and report published figures next to ours.

**What is compared.** Every polls.csv row the scenario expresses (see :mod:`.polldata`). A row gives support, oppose,
or both; each published figure is compared with the model's share for the same population. Where support and oppose
add up to :data:`FORCED_CHOICE` or more, the survey offered no "don't know", so the model's support among its decided
people is compared instead. Rows fielded inside the fit window (:data:`FIT_WINDOW`, the 2016-2018 electorate, the
richest data) are fitted and make up the target; rows before or after it are reported as out-of-sample (opinion
moved: see the 2024 rows after the October 2023 war began) and never enter the fit.

**What is fitted** (and nothing else; priorities, trust, devaluation, loss aversion, sacred shares and the preferences
of options no poll speaks to stay as authored):

- per *atom* of polled constituencies (those the row populations cannot tell apart, e.g. the four non-settler Jewish
  groups, the settlers, Arab citizens, Palestinians in the West Bank and Gaza) one shift of ``bias``, the disposition
  toward an agreement;
- per *top-level* polled population (e.g. Israeli Jews, Arab citizens, Palestinians) one factor on ``spread``;
- per atom and per paradigm its package rows amount to other than separation (one state with or without equal
  rights, ...), one *paradigm affinity*: how much more or less the group likes a package that amounts to that idea
  than its terms alone say (polls show the labels matter); separation is the reference the bias carries;
- per component row's population and option, one shift of that option's preference for every member (these are
  measurements of how the group values that term; several rows about one option share one shift).

Shifts keep the authored differences between the constituencies they move. Constituencies no poll covers (refugees
abroad) take the shifts of the largest polled population of their side. Because only shifts are fitted, fitting an
already fitted file finds shifts near zero: the fit is a fixed point, not a drift.

**Objective**: the sum over in-window figures of ``soft_l1`` losses (scale :data:`LOSS_SCALE` points) of model minus
published, so a row that contradicts others (different wordings of one question) cannot dominate; minimised with
``scipy.optimize.least_squares`` (trust-region reflective, bounds keep every parameter in its valid range). Shares are
smoothed with a logistic of width :data:`SMOOTH` during the fit so the objective is differentiable; the report always
uses the model's exact shares. Everything runs on one fixed seed, so the fit is reproducible.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
from scipy.optimize import least_squares

from negotiator.engine.opinion.polldata import (
    COMPONENT_CONTEXT,
    Expression,
    PollRow,
    default_polls_path,
    express,
    read_polls,
    versus_index,
)
from negotiator.engine.opinion.population import (
    DEFAULT_SIZE,
    Draws,
    F32Array,
    FloatArray,
    GroupParams,
    OpinionModel,
    Population,
    build,
    compile_opinion,
    sample,
)
from negotiator.engine.opinion.reaction import component_utilities, shares, smooth_shares, utilities
from negotiator.model.schema import PARADIGMS, Scenario

FIT_WINDOW = (2016, 2018)
FORCED_CHOICE = 97.0
SMOOTH = 0.03
LOSS_SCALE = 3.0
"""Points: about a poll's sampling error."""
SEED = 0
STEP = 0.02
"""Finite-difference step of the fit's Jacobian, in parameter units."""
FIT_SIZE = 3000
"""People per constituency during the fit (the report uses :data:`DEFAULT_SIZE`, as a game does)."""


@dataclass(frozen=True, slots=True)
class Figure:
    measure: str
    published: float
    model: float

    @property
    def error(self) -> float:
        return self.model - self.published


@dataclass(frozen=True, slots=True)
class RowResult:
    row: PollRow
    status: str
    """``fit`` (inside the window, counted), ``out-of-sample`` (expressed, outside the window), ``unexpressed``."""
    expressed_by: str | None
    reason: str | None
    support: float | None
    oppose: float | None
    figures: tuple[Figure, ...]

    @property
    def max_error(self) -> float:
        return max((abs(f.error) for f in self.figures), default=0.0)


@dataclass(frozen=True)
class CalibrationReport:
    scenario_id: str
    polls: str
    seed: int
    size: int
    window: tuple[int, int]
    rows: tuple[RowResult, ...]

    def _errors(self, status: str) -> list[float]:
        return [abs(f.error) for r in self.rows if r.status == status for f in r.figures]

    @property
    def mae(self) -> float:
        e = self._errors("fit")
        return float(np.mean(e)) if e else float("nan")

    @property
    def max_error(self) -> float:
        return max(self._errors("fit"), default=float("nan"))

    @property
    def out_of_sample_mae(self) -> float:
        e = self._errors("out-of-sample")
        return float(np.mean(e)) if e else float("nan")

    def count(self, status: str) -> int:
        return sum(1 for r in self.rows if r.status == status)

    def meets_target(self, mae: float = 5.0, worst: float = 12.0) -> bool:
        return bool(self._errors("fit")) and self.mae <= mae and self.max_error <= worst

    def as_json(self) -> dict[str, Any]:
        def num(x: float | None) -> float | None:
            return None if x is None or x != x else round(x, 1)

        return {
            "scenario": self.scenario_id, "polls": self.polls, "seed": self.seed, "people_per_constituency": self.size,
            "fit_window": list(self.window),
            "summary": {
                "rows": len(self.rows), "expressed": self.count("fit") + self.count("out-of-sample"),
                "fit_rows": self.count("fit"), "out_of_sample_rows": self.count("out-of-sample"),
                "unexpressed_rows": self.count("unexpressed"),
                "fit_figures": len(self._errors("fit")), "mae": num(self.mae), "max_error": num(self.max_error),
                "out_of_sample_mae": num(self.out_of_sample_mae), "meets_target": self.meets_target(),
            },
            "rows": [{
                "line": r.row.line, "survey": r.row.survey, "fieldwork": r.row.fieldwork,
                "population": r.row.population, "item": r.row.item, "status": r.status,
                "expressed_by": r.expressed_by, "reason": r.reason,
                "published": {"support": r.row.support, "oppose": r.row.oppose},
                "model": {"support": num(r.support), "oppose": num(r.oppose)},
                "figures": [{"measure": f.measure, "published": f.published, "model": num(f.model),
                             "error": num(f.error)} for f in r.figures],
            } for r in self.rows],
        }


# ---------------------------------------------------------------------------------------------- asking the model
def _utilities(model: OpinionModel, k: int, people: Population, expr: Expression,
               groups: tuple[GroupParams, ...] | None = None) -> F32Array:
    g = (groups or model.groups)[k]
    if expr.kind == "package":
        assert expr.x is not None
        return utilities(g, people, expr.x, model.status_quo, model.paradigm(expr.x))
    v = versus_index(model, k, expr) if groups is None else _versus(model, g, expr)
    return component_utilities(g, people, expr.issue, expr.option, v, COMPONENT_CONTEXT)


def _versus(model: OpinionModel, g: GroupParams, expr: Expression) -> int:
    if expr.versus == "best":
        n = len(model.option_ids[expr.issue])
        return int(np.argmax(g.preferences[expr.issue, :n]))
    if expr.versus == "status-quo":
        return int(model.status_quo[expr.issue])
    return model.option_ids[expr.issue].index(expr.versus)


def _figures(row: PollRow, support: float, oppose: float) -> tuple[Figure, ...]:
    """Published figures next to the model's (percent)."""
    if row.support is not None and row.oppose is not None and row.support + row.oppose >= FORCED_CHOICE:
        decided = support + oppose
        ours = 100.0 * support / decided if decided > 0 else 50.0
        theirs = 100.0 * row.support / (row.support + row.oppose)
        return (Figure("support (forced choice)", round(theirs, 2), ours),)
    out = []
    if row.support is not None:
        out.append(Figure("support", row.support, support))
    if row.oppose is not None:
        out.append(Figure("oppose", row.oppose, oppose))
    return tuple(out)


def _population_shares(model: OpinionModel, population: str, per: dict[int, tuple[float, float]]
                       ) -> tuple[float, float]:
    members = model.members(population)
    pops = np.array([model.groups[k].population for k in members], dtype=np.float64)
    w = pops / pops.sum()
    s = float(sum(wk * per[k][0] for wk, k in zip(w, members, strict=True)))
    o = float(sum(wk * per[k][1] for wk, k in zip(w, members, strict=True)))
    return 100.0 * s, 100.0 * o


def evaluate(scenario: Scenario, polls: list[PollRow] | None = None, seed: int = SEED, size: int = DEFAULT_SIZE,
             window: tuple[int, int] = FIT_WINDOW, polls_name: str | None = None) -> CalibrationReport:
    """Published figures next to the model's for every row of polls.csv (see the module docstring)."""
    rows = polls if polls is not None else read_polls()
    model = compile_opinion(scenario)
    _, people = sample(model, seed, size)
    cache: dict[tuple[str, int], tuple[float, float]] = {}
    results = []
    for row in rows:
        expr = express(scenario, model, row)
        if isinstance(expr, str):
            results.append(RowResult(row, "unexpressed", None, expr, None, None, ()))
            continue
        per = {}
        for k in model.members(row.population):
            key = (expr.label, k)
            if key not in cache:
                u = _utilities(model, k, people[k], expr)
                s, o, _ = shares(u, model.groups[k].band)
                cache[key] = (s, o)
            per[k] = cache[key]
        s, o = _population_shares(model, row.population, per)
        status = "fit" if window[0] <= row.year <= window[1] else "out-of-sample"
        results.append(RowResult(row, status, expr.label, None, s, o, _figures(row, s, o)))
    return CalibrationReport(scenario.id, polls_name or str(default_polls_path()), seed, size, window,
                             tuple(results))


# ---------------------------------------------------------------------------------------------- fitting
@dataclass(frozen=True, slots=True)
class Parameter:
    """One fitted shift: ``bias`` (added), ``spread`` (log factor) or ``preference`` (added to one option)."""

    name: str
    kind: str
    members: tuple[int, ...]
    lower: float
    upper: float
    issue: int = -1
    option: int = -1


@dataclass(frozen=True)
class FitResult:
    parameters: tuple[Parameter, ...]
    values: tuple[float, ...]
    before: CalibrationReport
    after: CalibrationReport
    scenario: Scenario
    """The scenario with the fitted values (rounded as they are written to the file)."""
    changes: dict[str, dict[str, tuple[float, float]]] = field(default_factory=dict)
    """Per constituency: dotted field (``opinion.bias``, ``preferences.issue.option``) -> (old, new)."""
    cost: float = 0.0
    evaluations: int = 0
    message: str = ""


def _followers(model: OpinionModel, polled: dict[str, tuple[int, ...]]) -> dict[int, str]:
    """Unpolled constituency index -> the largest polled population of its side it follows."""
    out: dict[int, str] = {}
    covered = {k for m in polled.values() for k in m}
    for k, g in enumerate(model.groups):
        if k in covered:
            continue
        same_side = [(sum(model.groups[j].population for j in m), p) for p, m in polled.items()
                     if all(model.groups[j].answers_to == g.answers_to for j in m)]
        if same_side:
            out[k] = max(same_side)[1]
    return out


def design(scenario: Scenario, model: OpinionModel, fitted: list[tuple[PollRow, Expression]]) -> list[Parameter]:
    """The parameters the fitted rows can inform (see the module docstring)."""
    polled = {row.population: model.members(row.population) for row, _ in fitted}
    followers = _followers(model, polled)

    def extend(pop_members: set[int] | tuple[int, ...], pops: set[str]) -> tuple[int, ...]:
        extra = {k for k, p in followers.items() if p in pops}
        return tuple(sorted(set(pop_members) | extra))

    params: list[Parameter] = []
    signature: dict[int, frozenset[str]] = {}
    for p, members in polled.items():
        for k in members:
            signature[k] = signature.get(k, frozenset()) | {p}
    atoms: dict[frozenset[str], set[int]] = {}
    for k, sig in sorted(signature.items()):
        atoms.setdefault(sig, set()).add(k)
    for sig, atom in sorted(atoms.items(), key=lambda kv: sorted(kv[1])):
        # an atom drags along the followers of the populations it is the main part of
        main = {p for p in sig if max(polled[p], key=lambda j: model.groups[j].population) in atom}
        ks: tuple[int, ...] = extend(atom, main)
        name = "+".join(model.groups[k].id for k in ks)
        params.append(Parameter(f"bias:{name}", "bias", ks, -1.5, 1.5))
        # paradigms the atom's package rows amount to; the most common one is carried by the bias
        seen_p = sorted({model.paradigm(e.x) for row, e in fitted if e.kind == "package" and e.x is not None
                         and row.population in sig})
        if seen_p:
            reference = PARADIGMS.index("separation") if PARADIGMS.index("separation") in seen_p else seen_p[0]
            for p_index in seen_p:
                if p_index != reference:
                    params.append(Parameter(f"paradigm:{name}:{PARADIGMS[p_index]}", "paradigm", ks, -2.0, 2.0,
                                            option=p_index))
    tops = [p for p, m in polled.items() if not any(set(m) < set(m2) for m2 in polled.values())]
    for p in sorted(tops):
        ks_top = extend(polled[p], {p})
        params.append(Parameter(f"spread:{p}", "spread", ks_top, float(np.log(0.25)), float(np.log(4.0))))
    seen: set[tuple[str, int, int]] = set()
    for row, expr in fitted:
        if expr.kind != "component" or (row.population, expr.issue, expr.option) in seen:
            continue
        seen.add((row.population, expr.issue, expr.option))
        ks_pref = extend(polled[row.population], {row.population})
        prefs = [model.groups[k].preferences[expr.issue, expr.option] for k in ks_pref]
        name = f"pref:{row.population}:{model.issue_ids[expr.issue]}.{model.option_ids[expr.issue][expr.option]}"
        # members saturate at -1 and 1 (clipped), so the shift may go on until every member is saturated
        params.append(Parameter(name, "preference", ks_pref, -1.0 - max(prefs), 1.0 - min(prefs), expr.issue,
                                expr.option))
    return params


def _apply(model: OpinionModel, params: list[Parameter], x: FloatArray) -> tuple[GroupParams, ...]:
    groups = list(model.groups)
    bias = np.zeros(len(groups))
    spread = np.zeros(len(groups))
    prefs = [g.preferences.copy() for g in groups]
    affinity = [g.paradigms.copy() for g in groups]
    for p, v in zip(params, x, strict=True):
        for k in p.members:
            if p.kind == "bias":
                bias[k] += v
            elif p.kind == "spread":
                spread[k] += v
            elif p.kind == "paradigm":
                affinity[k][p.option] += v
            else:
                prefs[k][p.issue, p.option] += v
    return tuple(
        g.with_(bias=float(np.clip(round(g.bias + bias[k], 3), -5, 5)),
                spread=float(np.clip(round(g.spread * np.exp(spread[k]), 3), 0.01, 5)),
                preferences=np.clip(np.round(prefs[k], 3), -1, 1),
                paradigms=np.clip(np.round(affinity[k], 3), -3, 3))
        for k, g in enumerate(groups)
    )


def fit(scenario: Scenario, polls: list[PollRow] | None = None, seed: int = SEED, size: int = FIT_SIZE,
        window: tuple[int, int] = FIT_WINDOW, report_size: int = DEFAULT_SIZE, max_evaluations: int = 400,
        polls_name: str | None = None) -> FitResult:
    """Fit the scenario to the in-window rows (see the module docstring); returns the fitted scenario and reports."""
    rows = polls if polls is not None else read_polls()
    before = evaluate(scenario, rows, seed, report_size, window, polls_name)
    model = compile_opinion(scenario)
    fitted = [(row, e) for row in rows if window[0] <= row.year <= window[1]
              for e in [express(scenario, model, row)] if not isinstance(e, str)]
    if not fitted:
        return FitResult((), (), before, before, scenario, {}, 0.0, 0, "no poll row in the window is expressed")
    params = design(scenario, model, fitted)
    draws, _ = sample(model, seed, size)
    unique: dict[str, Expression] = {e.label: e for _, e in fitted}
    needed: dict[int, set[str]] = {}
    for row, e in fitted:
        for k in model.members(row.population):
            needed.setdefault(k, set()).add(e.label)

    def residuals(x: FloatArray) -> FloatArray:
        groups = _apply(model, params, x)
        per: dict[tuple[str, int], tuple[float, float]] = {}
        for k, labels in needed.items():
            people = build(groups[k], draws[k], model.status_quo)
            for label in sorted(labels):
                u = _utilities(model, k, people, unique[label], groups)
                per[(label, k)] = smooth_shares(u, groups[k].band, SMOOTH)
        out: list[float] = []
        for row, e in fitted:
            s, o = _population_shares(model, row.population,
                                      {k: per[(e.label, k)] for k in model.members(row.population)})
            out.extend(f.error for f in _figures(row, s, o))
        return np.array(out)

    lower = np.array([p.lower for p in params])
    upper = np.array([p.upper for p in params])

    def jacobian(x: FloatArray) -> FloatArray:
        # forward differences with an absolute step: the shares are smoothed over about SMOOTH, parameters are
        # rounded to 0.001 when written, and scipy's relative steps vanish at the starting point x = 0
        f0 = residuals(x)
        cols = []
        for j in range(x.size):
            h = STEP if x[j] + STEP <= upper[j] else -STEP
            y = x.copy()
            y[j] += h
            cols.append((residuals(y) - f0) / h)
        return np.stack(cols, axis=1)

    x0 = np.clip(np.zeros(len(params)), lower + 1e-9, upper - 1e-9)
    res = least_squares(residuals, x0, jac=jacobian, bounds=(lower, upper), loss="soft_l1", f_scale=LOSS_SCALE,
                        x_scale=0.1, max_nfev=max_evaluations, method="trf")
    new_groups = _apply(model, params, res.x)
    new_scenario, changes = _scenario_with(scenario, model, new_groups)
    after = evaluate(new_scenario, rows, seed, report_size, window, polls_name)
    return FitResult(tuple(params), tuple(float(v) for v in res.x), before, after, new_scenario, changes,
                     float(res.cost), int(res.nfev), str(res.message))


def _scenario_with(scenario: Scenario, model: OpinionModel, groups: tuple[GroupParams, ...]
                   ) -> tuple[Scenario, dict[str, dict[str, tuple[float, float]]]]:
    """The scenario with fitted bias, spread and preferences, and the list of what changed."""
    constituencies = []
    changes: dict[str, dict[str, tuple[float, float]]] = {}
    for c, g in zip(scenario.constituencies, groups, strict=True):
        ch: dict[str, tuple[float, float]] = {}
        if g.bias != c.opinion.bias:
            ch["opinion.bias"] = (c.opinion.bias, g.bias)
        if g.spread != c.opinion.spread:
            ch["opinion.spread"] = (c.opinion.spread, g.spread)
        prefs = {issue: dict(row) for issue, row in c.preferences.items()}
        for i, issue in enumerate(model.issue_ids):
            for j, option in enumerate(model.option_ids[i]):
                new = float(g.preferences[i, j])
                old = c.preferences[issue][option]
                if abs(new - old) > 1e-9:
                    prefs[issue][option] = new
                    ch[f"preferences.{issue}.{option}"] = (old, new)
        paradigms = dict(c.opinion.paradigms)
        for j, name in enumerate(PARADIGMS):
            new_a, old_a = float(g.paradigms[j]), float(c.opinion.paradigms.get(name, 0.0))  # type: ignore[call-overload]
            if abs(new_a - old_a) > 1e-9:
                paradigms[name] = new_a  # type: ignore[index]
                ch[f"opinion.paradigms.{name}"] = (old_a, new_a)
        opinion = c.opinion.model_copy(update={"bias": g.bias, "spread": g.spread, "paradigms": paradigms})
        constituencies.append(c.model_copy(update={"opinion": opinion, "preferences": prefs}))
        if ch:
            changes[c.id] = ch
    return scenario.model_copy(update={"constituencies": constituencies}), changes


def draws_for(scenario: Scenario, seed: int = SEED, size: int = FIT_SIZE) -> tuple[Draws, ...]:
    """The fixed random draws the fit uses (for tests and diagnostics)."""
    return sample(compile_opinion(scenario), seed, size)[0]


def polls_path_or_default(path: str | Path | None) -> Path:
    return Path(path) if path is not None else default_polls_path()
