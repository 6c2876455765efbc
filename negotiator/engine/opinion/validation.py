"""Validation that can fail: how the fitted publics do on what the fit did not see (``negotiator calibrate``).

Besides the fit window's error (:mod:`.calibration`), five checks, each with its error:

- **time split**: every row fielded after the fit window, predicted (a) by the 2016-2018 publics as they are (no
  mood: how far opinion moved), (b) with the period mood of the latest wave *before* the row's (fit up to a date,
  predict what came next: a forecast, which no model of moods can make across a shock like October 2023), and (c)
  with its own wave's mood (how well the structure carries over once the mood is known; the moods are fitted on
  these rows, so this is not out of sample, but one mood per wave and side must carry every item of the wave).
- **held-out item types**: in each later wave and side that asked an idea (``principle``) and something else, the
  mood is fitted on the principle rows alone and the package and component rows are predicted with it.
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
    window_months,
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
    Incentive(
        "a package of incentives (read here: Arab states' peace and a regional security pact)",
        "israeli_jews",
        "pulse-2016",
        {"normalisation": "regional-pact"},
        40.0,
        50.0,
        "Pulse 2018-01 (pcpsr.org/en/node/717): incentives tested among the package's opponents: 'nearly half of "
        "Jews' might change their minds. Which incentives the package held is our reading of the summary",
    ),
    Incentive(
        "a package of incentives (read here: prisoners released and Israel accepting the Arab Peace Initiative)",
        "palestinians",
        "pulse-2016",
        {"normalisation": "api-full", "prisoners": "phased"},
        35.0,
        45.0,
        "Pulse 2018-01 (pcpsr.org/en/node/717): incentives tested among the package's opponents: '40% of "
        "Palestinians' might change their minds. Which incentives the package held is our reading of the summary",
    ),
)
"""Incentive effects with a published figure (design of this list: only what a source states, as a range; the
December 2016 item sets the incentives' salience, see docs/fidelity.md, so the January 2018 items are the check)."""


@dataclass(frozen=True)
class Validation:
    time_split: dict[str, dict[str, float]]
    """Per fieldwork year after the window: MAE as the 2016-2018 publics predict, with the mood of the waves before
    the row's (a forecast), and with its own wave's mood."""
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
    model = compile_opinion(scenario, as_of=None)
    _, people = sample(model, seed, size)
    hard = Asker(model, model.groups, people)
    smooth = Asker(model, model.groups, people, SMOOTH)
    all_cases = [c for c in cases(scenario, model, polls, report.window) if c.expr is not None]
    after = [c for c in all_cases if c.row.year > report.window[1]]

    # time split: each later wave as the window's publics predict it, with the mood of the waves before it (fit up
    # to a date, predict what came after), and with its own wave's mood (what the structure gets wrong in-wave)
    by_year: dict[str, dict[str, list[float]]] = {}
    for c in after:
        assert c.expr is not None
        slot = by_year.setdefault(str(c.row.year), {"base": [], "before": [], "wave": []})
        slot["base"].extend(f.error for f in figures(c.row, *hard.population(c.row.population, c.expr, 0.0)))
        if c.side is None:
            continue
        earlier = [m for m, _ in model.groups[model.members(c.row.population)[0]].periods if m < c.row.month]
        prior = earlier[-1] if earlier else None
        slot["before"].extend(
            f.error for f in figures(c.row, *hard.population(c.row.population, c.expr, 0.0, prior))
        )
        slot["wave"].extend(
            f.error for f in figures(c.row, *hard.population(c.row.population, c.expr, 0.0, c.row.month))
        )
    time_split = {
        y: {
            "as_2016_2018": _mae(v["base"]),
            "mood_of_earlier_waves": _mae(v["before"]),
            "mood_of_own_wave": _mae(v["wave"]),
        }
        for y, v in sorted(by_year.items())
    }
    time_split["all"] = {
        key: _mae([e for v in by_year.values() for e in v[part]])
        for key, part in (
            ("as_2016_2018", "base"),
            ("mood_of_earlier_waves", "before"),
            ("mood_of_own_wave", "wave"),
        )
    }

    # held-out item types: mood from principle rows, predict the rest of the survey
    groups: dict[str, list[Case]] = {}
    for c in after:
        if c.side is not None:
            groups.setdefault(c.period_key, []).append(c)
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

    # package level (inside or outside the window by month: a window may end mid-year, as camp-david-2000's does in
    # September 2000, and the Clinton proposals of December 2000 are then a later wave)
    first, last = window_months(scenario, report.window)

    def kind_errors(rows: Sequence[RowResult], inside: bool) -> list[float]:
        return [
            f.error
            for r in rows
            if r.row.kind == "package" and r.figures and (first <= r.row.month <= last) == inside
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
        added = "".join(f" +{k}={v}" for k, v in sorted(inc.added.items()))
        e1 = Expression("package", f"{inc.base}{added}", x=model.encode(plus))  # the label keys the cache
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
