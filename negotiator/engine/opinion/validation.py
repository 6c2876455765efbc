"""Validation that can fail: how the fitted publics do on what the fit did not see (``negotiator calibrate``).

Besides the fit window's error (:mod:`.calibration`), five checks, each with its error:

- **time split**: every row fielded after the fit window, predicted by the 2016-2018 publics as they are (no mood
  shift); and, for surveys that asked several things, with one mood shift per survey and side fitted on the
  survey's own rows. The first measures how far opinion moved; the second how well the structure carries over.
- **held-out item types**: in each later survey that asked an idea (``principle``) and something else, the mood
  shift is fitted on the principle rows alone and the package and component rows are predicted with it.
- **package level**: the detailed joint-poll package (rows of kind ``package``), inside and outside the window.
- **subgroup orderings**: where a survey reports one item for several of the scenario's Jewish constituencies
  (secular, traditional, religious, ultra-Orthodox, settlers), do the model's shares rank them as the survey does
  (concordant pairs out of all pairs), and how far off are the levels.
- **incentive effects**: the published share of a package's opponents won over by an added term, next to the
  model's share for the same addition (where a source gives a range, the error is the distance to the range).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from itertools import combinations
from typing import Any

import numpy as np

from negotiator.engine.opinion.calibration import (
    SMOOTH,
    Asker,
    CalibrationReport,
    Case,
    RowResult,
    cases,
    figures,
    profile_drift,
)
from negotiator.engine.opinion.polldata import PollRow
from negotiator.engine.opinion.population import DEFAULT_SIZE, compile_opinion, sample
from negotiator.model.schema import Scenario

JEWISH_GROUPS = ("secular_jews", "traditional_jews", "religious_jews", "ultra_orthodox_jews", "settlers")


@dataclass(frozen=True, slots=True)
class Incentive:
    """A published incentive effect: the share of a package's opponents an addition wins over (a range)."""

    label: str
    population: str
    base: str
    added: dict[str, str]
    low: float
    high: float
    source: str


INCENTIVES = (
    Incentive(
        "Arab states' peace with Israel (Arab Peace Initiative)",
        "israeli_jews",
        "pulse-2016",
        {"normalisation": "api-full"},
        25.0,
        33.0,
        "Pulse 2016-12 (pcpsr.org/en/node/678): 'a quarter to one-third' of the package's opponents reconsider",
    ),
    Incentive(
        "Israel accepts the Arab Peace Initiative (regional peace)",
        "palestinians",
        "pulse-2016",
        {"normalisation": "api-full"},
        25.0,
        33.0,
        "Pulse 2016-12 (pcpsr.org/en/node/678): 'a quarter to one-third' of the package's opponents reconsider",
    ),
)
"""Incentive effects with a published figure (design of this list: only what a source states, as a range)."""


@dataclass(frozen=True)
class Validation:
    time_split: dict[str, dict[str, float]]
    """Per fieldwork year after the window: MAE as the 2016-2018 publics predict, and with each survey's mood."""
    held_out: list[dict[str, Any]]
    package_level: dict[str, float]
    orderings: list[dict[str, Any]]
    incentives: list[dict[str, Any]]

    def as_json(self) -> dict[str, Any]:
        return {
            "time_split": self.time_split,
            "held_out_item_types": self.held_out,
            "package_level": self.package_level,
            "subgroup_orderings": self.orderings,
            "incentive_effects": self.incentives,
        }


def _mae(errors: Sequence[float]) -> float:
    return round(float(np.mean(np.abs(errors))), 1) if errors else float("nan")


def validate(
    scenario: Scenario,
    report: CalibrationReport,
    polls: Sequence[PollRow],
    seed: int,
    size: int = DEFAULT_SIZE,
) -> Validation:
    """The five checks of the module docstring, on the scenario as it stands (nothing is refitted here except the
    mood shifts the checks name)."""
    model = compile_opinion(scenario)
    _, people = sample(model, seed, size)
    hard = Asker(model, model.groups, people)
    smooth = Asker(model, model.groups, people, SMOOTH)
    all_cases = [c for c in cases(scenario, model, polls, report.window) if c.expr is not None]
    after = [c for c in all_cases if c.row.year > report.window[1]]

    # time split
    by_year: dict[str, dict[str, list[float]]] = {}
    for c in after:
        assert c.expr is not None
        raw = [f.error for f in figures(c.row, *hard.population(c.row.population, c.expr, 0.0))]
        slot = by_year.setdefault(str(c.row.year), {"base": [], "mood": []})
        slot["base"].extend(raw)
        drift = report.drifts.get(c.survey_key)
        if drift is not None:
            slot["mood"].extend(
                f.error for f in figures(c.row, *hard.population(c.row.population, c.expr, drift))
            )
    all_base = [e for v in by_year.values() for e in v["base"]]
    all_mood = [e for v in by_year.values() for e in v["mood"]]
    time_split = {
        y: {"as_2016_2018": _mae(v["base"]), "with_survey_mood": _mae(v["mood"])}
        for y, v in sorted(by_year.items())
    }
    time_split["all"] = {"as_2016_2018": _mae(all_base), "with_survey_mood": _mae(all_mood)}

    # held-out item types: mood from principle rows, predict the rest of the survey
    groups: dict[str, list[Case]] = {}
    for c in after:
        if c.side is not None:
            groups.setdefault(c.survey_key, []).append(c)
    held_out = []
    for key, group in sorted(groups.items()):
        principles = [c for c in group if c.row.kind == "principle"]
        others = [c for c in group if c.row.kind in ("package", "component")]
        if not principles or not others:
            continue
        mood = profile_drift(smooth, principles)
        errs: list[float] = []
        for c in others:
            assert c.expr is not None
            errs.extend(f.error for f in figures(c.row, *hard.population(c.row.population, c.expr, mood)))
        held_out.append(
            {"survey": key, "mood_from_principles": mood, "predicted_rows": len(others), "mae": _mae(errs)}
        )

    # package level
    def kind_errors(rows: Sequence[RowResult], inside: bool) -> list[float]:
        return [
            f.error
            for r in rows
            if r.row.kind == "package" and r.figures and (r.status == "fit") == inside
            for f in r.figures
        ]

    package_level = {
        "fit_window_mae": _mae(kind_errors(report.rows, True)),
        "later_waves_mae": _mae(kind_errors(report.rows, False)),
        "figures": float(len(kind_errors(report.rows, True)) + len(kind_errors(report.rows, False))),
    }

    # subgroup orderings
    sets: dict[tuple[str, str, str], list[RowResult]] = {}
    for r in report.rows:
        if r.row.population in JEWISH_GROUPS and r.support is not None and r.row.support is not None:
            sets.setdefault((r.row.survey, r.row.fieldwork, r.row.item), []).append(r)
    orderings = []
    for (survey, fieldwork, item), rs in sorted(sets.items()):
        if len(rs) < 2:
            continue
        pairs = list(combinations(rs, 2))
        concordant = sum(
            1
            for a, b in pairs
            if np.sign((a.row.support or 0) - (b.row.support or 0))
            == np.sign((a.support or 0) - (b.support or 0))
        )
        orderings.append(
            {
                "survey": f"{survey} {fieldwork}",
                "item": item,
                "published": {r.row.population: r.row.support for r in rs},
                "model": {r.row.population: round(r.support or 0.0, 1) for r in rs},
                "concordant_pairs": f"{concordant}/{len(pairs)}",
                "mae": _mae([(r.support or 0.0) - (r.row.support or 0.0) for r in rs]),
            }
        )

    # incentive effects
    incentives = []
    known = set(model.ids) | {a for a, _ in model.aggregates}
    for inc in INCENTIVES:
        if inc.base not in {p.id for p in scenario.packages} or inc.population not in known:
            continue
        base = dict(scenario.reference(inc.base).options)
        plus = {**base, **inc.added}
        from negotiator.engine.opinion.polldata import Expression

        e0 = Expression("package", inc.base, x=model.encode(base))
        e1 = Expression("package", f"{inc.base}+incentive", x=model.encode(plus))
        s0, o0 = hard.population(inc.population, e0)
        s1, _ = hard.population(inc.population, e1)
        won = 100.0 * (s1 - s0) / o0 if o0 > 0 else 0.0
        error = 0.0 if inc.low <= won <= inc.high else (won - inc.high if won > inc.high else won - inc.low)
        incentives.append(
            {
                "incentive": inc.label,
                "population": inc.population,
                "published_share_of_opponents_won": [inc.low, inc.high],
                "model_share_of_opponents_won": round(won, 1),
                "error": round(error, 1),
                "source": inc.source,
            }
        )
    return Validation(time_split, held_out, package_level, orderings, incentives)
