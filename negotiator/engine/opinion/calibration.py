"""Calibration against published polls: the model's figure next to each published one, and the fit's report.

**What is compared.** Every polls.csv row the scenario expresses (see :mod:`.polldata`). A row gives support, oppose,
or both; each published figure is compared with the model's share for the same population (population-weighted over
its constituencies, as polls aggregate). Where support and oppose add up to :data:`FORCED_CHOICE` or more the survey
offered no "don't know", so the model's support among its decided people is compared instead.

**Kinds of expressed rows:**

- ``fit``: fielded inside the scenario's fit window (:func:`fit_window`: its own ``scenario.fit_window``, such as
  1999-2001 for a replay of the 2000 summit, else :data:`FIT_WINDOW`, the 2016-2018 electorate, the richest data).
  These are fitted as they stand and make up the calibration target (mean absolute error, worst row).
- ``period``: fielded outside the window. The electorate had moved, so each row meets the *period mood* of its wave
  (``opinion.periods`` of the scenario: one shift of the disposition toward an agreement per wave, ``YYYY-MM``, and
  side, fitted on the wave's rows by :mod:`.fitting` and stored, so the game can start at its own date's mood). What
  is left tells how items compare within a wave (a confederation against two states, two states against the hostage
  exchange), which the window cannot say; those rows inform the structure at half weight and are never counted in
  the target. :mod:`.validation` checks what the moods cannot fit by themselves (time split, held-out item types).
- ``held-out``: rows of kind ``package`` (the detailed joint-poll text, read out term by term): never fitted, predicted
  with their wave's mood, so the package level is a check the fit cannot tune.
- ``out-of-sample``: a later row whose population spans both sides (no side's mood applies): predicted as it stands.

The fit itself is in :mod:`.fitting`; this module also answers for it, with the same code and the same people.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np

from negotiator.engine.opinion.polldata import (
    PRINCIPLE_TERMS,
    Expression,
    PollRow,
    default_polls_path,
    express,
    polls_for,
)
from negotiator.engine.opinion.population import (
    DEFAULT_SIZE,
    F32Array,
    FloatArray,
    GroupParams,
    OpinionModel,
    Population,
    compile_opinion,
    period_mood,
    sample,
)
from negotiator.engine.opinion.reaction import (
    Climate,
    component_utilities,
    shares,
    smooth_shares,
    utilities,
)
from negotiator.model.schema import Scenario

FIT_WINDOW = (2016, 2018)
FORCED_CHOICE = 97.0
"""Support plus oppose (percent) from which a row is read as a forced choice (no "don't know" offered)."""
SMOOTH = 0.03
"""Width (utility units) of the logistic that smooths thresholds while fitting, so the objective is differentiable."""
LOSS_SCALE = 3.0
"""Points: about a poll's sampling error; errors beyond it count linearly (soft L1), not quadratically."""
DRIFT_LIMIT = 1.5
SEED = 0


def fit_window(scenario: Scenario) -> tuple[int, int]:
    """The fieldwork years a scenario's publics are fitted to: its own era if it declares one, else the default."""
    w = scenario.scenario.fit_window
    return (int(str(w[0])[:4]), int(str(w[1])[:4])) if w is not None else FIT_WINDOW


def window_months(scenario: Scenario, window: tuple[int, int]) -> tuple[str, str]:
    """First and last fieldwork month (``YYYY-MM``) inside ``window``: the scenario's own bounds where it declares
    months (a summit's electorate ends before the uprising that followed it), else whole years."""
    months = (f"{window[0]:04d}-01", f"{window[1]:04d}-12")
    w = scenario.scenario.fit_window
    if w is None or fit_window(scenario) != window:
        return months
    return (f"{w[0]}-01"[:7], f"{w[1]}-12"[:7])


@dataclass(frozen=True, slots=True)
class Figure:
    measure: str
    published: float
    model: float

    @property
    def error(self) -> float:
        return self.model - self.published


@dataclass(frozen=True, slots=True)
class Case:
    """A polls.csv row, how the model is asked it, and which kind of row it is."""

    row: PollRow
    expr: Expression | None
    reason: str | None
    status: str
    """``fit``, ``period``, ``held-out``, ``out-of-sample`` or ``unexpressed``."""
    side: str | None
    """The delegation every member of the row's population answers to (None if mixed)."""
    inside: bool = False
    """Fielded inside the fit window (its electorate, no period mood)."""

    @property
    def survey_key(self) -> str:
        return f"{self.row.survey} {self.row.fieldwork} / {self.side}"

    @property
    def period_key(self) -> str:
        """The wave and side whose mood the row meets (``YYYY-MM / side``)."""
        return f"{self.row.month} / {self.side}"


@dataclass(frozen=True, slots=True)
class RowResult:
    row: PollRow
    status: str
    expressed_by: str | None
    reason: str | None
    support: float | None
    oppose: float | None
    figures: tuple[Figure, ...]
    mood: float | None = None
    """The period mood the row met (None inside the fit window)."""

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
    periods: dict[str, float]
    """Per wave and side (``YYYY-MM / side``): the period mood its rows met (utility units against the window)."""

    def errors(self, status: str) -> list[float]:
        return [abs(f.error) for r in self.rows if r.status == status for f in r.figures]

    def _mean(self, status: str) -> float:
        e = self.errors(status)
        return float(np.mean(e)) if e else float("nan")

    @property
    def mae(self) -> float:
        """Mean absolute error over the fit window's figures: the calibration target."""
        return self._mean("fit")

    @property
    def max_error(self) -> float:
        return max(self.errors("fit"), default=float("nan"))

    def count(self, status: str) -> int:
        return sum(1 for r in self.rows if r.status == status)

    def meets_target(self, mae: float = 5.0, worst: float = 12.0) -> bool:
        return bool(self.errors("fit")) and self.mae <= mae and self.max_error <= worst

    def as_json(self) -> dict[str, Any]:
        def num(x: float | None) -> float | None:
            return None if x is None or x != x else round(x, 1)

        return {
            "scenario": self.scenario_id,
            "polls": self.polls,
            "seed": self.seed,
            "people_per_constituency": self.size,
            "fit_window": list(self.window),
            "summary": {
                "rows": len(self.rows),
                "expressed": len(self.rows) - self.count("unexpressed"),
                "fit_rows": self.count("fit"),
                "period_rows": self.count("period"),
                "held_out_rows": self.count("held-out"),
                "out_of_sample_rows": self.count("out-of-sample"),
                "unexpressed_rows": self.count("unexpressed"),
                "fit_figures": len(self.errors("fit")),
                "mae": num(self.mae),
                "max_error": num(self.max_error),
                "period_mae": num(self._mean("period")),
                "held_out_mae": num(self._mean("held-out")),
                "out_of_sample_mae": num(self._mean("out-of-sample")),
                "meets_target": self.meets_target(),
            },
            "periods": {k: round(v, 3) for k, v in self.periods.items()},
            "rows": [
                {
                    "line": r.row.line,
                    "survey": r.row.survey,
                    "fieldwork": r.row.fieldwork,
                    "population": r.row.population,
                    "item": r.row.item,
                    "status": r.status,
                    "expressed_by": r.expressed_by,
                    "reason": r.reason,
                    "mood": r.mood,
                    "published": {"support": r.row.support, "oppose": r.row.oppose},
                    "model": {"support": num(r.support), "oppose": num(r.oppose)},
                    "figures": [
                        {
                            "measure": f.measure,
                            "published": f.published,
                            "model": num(f.model),
                            "error": num(f.error),
                        }
                        for f in r.figures
                    ],
                }
                for r in self.rows
            ],
        }


# ---------------------------------------------------------------------------------------------- sorting rows
def cases(
    scenario: Scenario, model: OpinionModel, rows: Sequence[PollRow], window: tuple[int, int] = FIT_WINDOW
) -> list[Case]:
    """Every row with its expression and kind (see the module docstring)."""
    first: list[tuple[PollRow, Expression | None, str | None, str | None]] = []
    for row in rows:
        answer = express(scenario, model, row)
        if isinstance(answer, str):
            first.append((row, None, answer, None))
            continue
        sides = {model.groups[k].answers_to for k in model.members(row.population)}
        first.append((row, answer, None, next(iter(sides)) if len(sides) == 1 else None))
    start, end = window_months(scenario, window)
    out = []
    for row, e, reason, side in first:
        inside = start <= row.month <= end
        if e is None:
            status = "unexpressed"
        elif row.kind == "package":
            status = "held-out"
        elif inside:
            status = "fit"
        elif side is not None:
            status = "period"
        else:
            status = "out-of-sample"
        out.append(Case(row, e, reason, status, side, inside))
    return out


# ---------------------------------------------------------------------------------------------- asking the model
class Asker:
    """Shares (0-1) of support and opposition for an expression in one constituency, cached."""

    def __init__(
        self,
        model: OpinionModel,
        groups: tuple[GroupParams, ...],
        people: Sequence[Population],
        smooth: float | None = None,
    ) -> None:
        self.model = model
        self.groups = groups
        self.people = people
        self.smooth = smooth
        self._cache: dict[tuple[str, int, float], tuple[float, float]] = {}
        self._mixes: dict[str, FloatArray] = {}

    def _mix(self, expr: Expression) -> FloatArray:
        assert expr.x is not None
        if expr.label not in self._mixes:
            self._mixes[expr.label] = self.model.paradigm_mix(expr.x)
        return self._mixes[expr.label]

    def utilities(self, k: int, expr: Expression, mood: float = 0.0) -> F32Array:
        g = self.groups[k]
        climate = Climate(mood, g.trust_own, g.trust_other)
        if expr.kind in ("package", "principle"):
            assert expr.x is not None
            terms = PRINCIPLE_TERMS if expr.kind == "principle" else 1.0
            return utilities(
                g, self.people[k], expr.x, self.model.status_quo, self._mix(expr), "none", climate, terms
            )
        if expr.standalone and g.term_loading is not None:
            # asked on its own, the term is no concession to or from the other side: no hawk-dove bend toward what
            # that side welcomes (the values' package bend is taken out by a zero term loading: see
            # component_utilities)
            g = g.with_(term_loading=np.zeros_like(g.term_loading))
        return component_utilities(
            g,
            self.people[k],
            expr.issue,
            expr.option,
            self.versus(g, expr),
            expr.context,
            "none",
            climate,
        )

    def versus(self, g: GroupParams, expr: Expression) -> int:
        if expr.versus == "best":
            n = len(self.model.option_ids[expr.issue])
            return int(np.argmax(g.preferences[expr.issue, :n]))
        if expr.versus == "status-quo":
            return int(self.model.status_quo[expr.issue])
        return self.model.option_ids[expr.issue].index(expr.versus)

    def constituency(self, k: int, expr: Expression, mood: float = 0.0) -> tuple[float, float]:
        mood = round(mood, 6)
        key = (expr.label, k, mood)
        if key not in self._cache:
            u = self.utilities(k, expr, mood)
            band = self.groups[k].band
            if self.smooth is None:
                s, o, _ = shares(u, band)
            else:
                s, o = smooth_shares(u, band, self.smooth)
            self._cache[key] = (s, o)
        return self._cache[key]

    def population(
        self, population: str, expr: Expression, mood: float = 0.0, month: str | None = None
    ) -> tuple[float, float]:
        """Percent support and oppose of a poll population (a constituency or a group), with ``mood`` added to each
        member's period mood at ``month`` (``YYYY-MM``; None: the fit window's electorate)."""
        members = self.model.members(population)
        pops = np.array([self.groups[k].population for k in members], dtype=np.float64)
        w = pops / pops.sum()
        per = [self.constituency(k, expr, mood + period_mood(self.groups[k].periods, month)) for k in members]
        s = float(sum(wk * p[0] for wk, p in zip(w, per, strict=True)))
        o = float(sum(wk * p[1] for wk, p in zip(w, per, strict=True)))
        return 100.0 * s, 100.0 * o


def figures(row: PollRow, support: float, oppose: float) -> tuple[Figure, ...]:
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


def soft_l1(errors: Sequence[float], scale: float = LOSS_SCALE) -> float:
    z = (np.asarray(errors, dtype=np.float64) / scale) ** 2
    return float(np.sum(2.0 * (np.sqrt(1.0 + z) - 1.0)))


def profile_drift(asker: Asker, group: Sequence[Case]) -> float:
    """The mood shift that best fits one contrast survey and side (bounded, on smoothed shares)."""

    def loss(d: float) -> float:
        errs: list[float] = []
        for c in group:
            assert c.expr is not None
            errs.extend(
                f.error for f in figures(c.row, *asker.population(c.row.population, c.expr, round(d, 4)))
            )
        return soft_l1(errs)

    from scipy.optimize import minimize_scalar  # only calibration needs scipy; the game does not

    res = minimize_scalar(loss, bounds=(-DRIFT_LIMIT, DRIFT_LIMIT), method="bounded", options={"xatol": 1e-3})
    return round(float(res.x), 3)


def when(case: Case, window: tuple[int, int]) -> str | None:
    """The month whose period mood a row meets: its fieldwork outside the window, None inside (and for a row whose
    population spans both sides)."""
    if case.side is None or case.inside:
        return None
    return case.row.month


def evaluate(
    scenario: Scenario,
    polls: Sequence[PollRow] | None = None,
    seed: int = SEED,
    size: int = DEFAULT_SIZE,
    window: tuple[int, int] | None = None,
    polls_name: str | None = None,
) -> CalibrationReport:
    """Published figures next to the model's for every row of polls.csv (see the module docstring); ``window``:
    the fit window (None: the scenario's, :func:`fit_window`)."""
    window = window or fit_window(scenario)
    rows = list(polls) if polls is not None else polls_for(scenario.id)
    model = compile_opinion(scenario, as_of=None)
    _, people = sample(model, seed, size)
    hard = Asker(model, model.groups, people)
    all_cases = cases(scenario, model, rows, window)
    results = []
    periods: dict[str, float] = {}
    for c in all_cases:
        if c.expr is None:
            results.append(RowResult(c.row, c.status, None, c.reason, None, None, ()))
            continue
        month = when(c, window)
        s, o = hard.population(c.row.population, c.expr, 0.0, month)
        mood = None
        if month is not None:
            members = model.members(c.row.population)
            mood = round(float(np.mean([period_mood(model.groups[k].periods, month) for k in members])), 3)
            if c.side is not None:
                periods[c.period_key] = mood
        results.append(RowResult(c.row, c.status, c.expr.label, None, s, o, figures(c.row, s, o), mood))
    return CalibrationReport(
        scenario.id,
        polls_name or str(default_polls_path()),
        seed,
        size,
        window,
        tuple(results),
        dict(sorted(periods.items())),
    )
