"""``negotiator calibrate``: published poll figures next to the model's, the mean absolute error, and the fit.

Without ``--fit`` it reports the scenario as it stands. With ``--fit`` it fits the constituencies' parameters to
``assets/data/polls.csv`` and the scenario's own ``polls-<id>.csv`` (method: :mod:`negotiator.engine.opinion.fitting`)
over the scenario's fit window (``scenario.fit_window``: the years of its own era; 2016-2018 if it declares none)
and reports before and after; with
``--write`` as well it writes the fitted values and a calibration note into the scenario file in place (comments and
everything else are kept; the edit is verified before it is written).
"""

from __future__ import annotations

import argparse
import datetime
import textwrap
from typing import Any

from rich.console import Console
from rich.markup import escape
from rich.table import Table

from negotiator.cli._common import add_json_arg, add_scenario_arg, print_json, scenario_from_args
from negotiator.cli.language import add_lang_arg, cli_language, say
from negotiator.engine.opinion.calibration import SEED, CalibrationReport, evaluate
from negotiator.engine.opinion.fitting import FIT_SIZE, FitResult, fit
from negotiator.engine.opinion.polldata import default_polls_path, polls_for, scenario_polls_path
from negotiator.engine.opinion.population import compile_opinion
from negotiator.engine.opinion.scenario_edit import ScenarioEditError, edit_file
from negotiator.engine.opinion.validation import Validation, validate
from negotiator.model.registry import scenario_path
from negotiator.model.schema import PARADIGMS, Scenario

HELP = "compare the publics with published polls (MAE), and fit their parameters (--fit, --write)"


def configure(p: argparse.ArgumentParser) -> None:
    add_scenario_arg(p)
    p.add_argument(
        "--polls",
        metavar="CSV",
        help=f"poll figures (default {default_polls_path()}, plus polls-<scenario id>.csv beside it if there is one)",
    )
    p.add_argument(
        "--fit", action="store_true", help="fit the parameters the polls can inform, report before/after"
    )
    p.add_argument(
        "--write", action="store_true", help="with --fit: write the fitted values into the scenario file"
    )
    p.add_argument(
        "--seed", type=int, default=SEED, metavar="N", help=f"seed of the simulated publics ({SEED})"
    )
    p.add_argument(
        "--require-target",
        action="store_true",
        help="exit 1 unless MAE <= 5 points and no figure is off by more than 12",
    )
    add_json_arg(p)
    add_lang_arg(
        p, "its tables and lines (poll items, populations, ids, the fit's notes and the JSON stay in English)"
    )


def fitted_fields(result: FitResult, scenario: Scenario) -> dict[str, list[str]]:
    """Per constituency: the fields the fit sets (the same on every refit, unlike what one refit changes)."""
    model = compile_opinion(scenario, as_of=None)
    out: dict[str, set[str]] = {g.id: set() for g in model.groups}
    for p in result.parameters:
        for k in p.members:
            cid = model.groups[k].id
            if p.kind in ("bias", "spread"):
                out[cid].add(f"opinion.{p.kind}")
            elif p.kind == "paradigm":
                out[cid].add(f"opinion.paradigms.{PARADIGMS[p.option]}")
            elif p.kind == "preference":
                out[cid].add(f"preferences.{model.issue_ids[p.issue]}.{model.option_ids[p.issue][p.option]}")
            elif p.kind == "period":
                out[cid].add(f"opinion.periods.{p.survey}")
    return {cid: sorted(fields) for cid, fields in out.items()}


def _note(result: FitResult, fields: list[str], date: str) -> str:
    after = result.after
    what = ", ".join(fields) if fields else "nothing (no poll row informs this constituency)"
    return textwrap.fill(
        f"Fitted on {date} by `negotiator calibrate --scenario {after.scenario_id} --fit --write` (seed {after.seed}, "
        f"{FIT_SIZE:,} simulated people per constituency while fitting): scipy least_squares, soft-L1 loss of "
        f"model minus published, over the {after.window[0]}-{after.window[1]} rows of assets/data/polls*.csv "
        f"({len(after.errors('fit'))} figures), plus the rows of later waves at half weight, each wave and side "
        f"with its own period mood (opinion.periods; package rows are held out). Shifts are shared by the constituencies a poll "
        f"population cannot tell apart; see negotiator/engine/opinion/fitting.py. Fitted here: {what}. "
        f"Everything else here (priorities, trust, devaluation, loss aversion, undecided band, dovishness, sacred "
        f"values, preferences of options no poll asks about) is a design choice. Scenario result: MAE "
        f"{after.mae:.1f} points, worst figure {after.max_error:.1f} (`negotiator calibrate --scenario "
        f"{after.scenario_id}` shows every row).",
        width=110,
        break_on_hyphens=False,
        break_long_words=False,
    )


def _report_json(report: CalibrationReport) -> dict[str, Any]:
    return report.as_json()


def _require_scipy() -> None:
    """Calibration uses scipy's optimisers; the desktop bundle leaves scipy out because the game never needs it."""
    try:
        import scipy.optimize  # noqa: F401
    except ImportError:
        raise ScenarioEditError.of("cli.calibrate.no-scipy", command="./dev test") from None


def run(args: argparse.Namespace) -> int:
    _require_scipy()
    scenario = scenario_from_args(args)
    own = scenario_polls_path(scenario.id)
    polls_name = args.polls or (
        f"{default_polls_path()} + {own.name}" if own.exists() else str(default_polls_path())
    )
    rows = polls_for(scenario.id, args.polls)
    if args.write and not args.fit:
        raise ScenarioEditError.of("cli.calibrate.write-needs-fit", write="--write", fit="--fit")
    if args.fit:
        result = fit(scenario, rows, seed=args.seed, polls_name=polls_name)
        report = result.after
        if args.write and result.parameters:
            date = (
                datetime.date.today().isoformat()
            )  # wall clock only here, to date the note; never in the rules
            fitted = fitted_fields(result, scenario)
            changes: dict[str, dict[str, float | str]] = {
                c.id: {
                    **{k: new for k, (_, new) in result.changes.get(c.id, {}).items()},
                    "calibration_note": _note(result, fitted[c.id], date),
                }
                for c in scenario.constituencies
            }
            edit_file(scenario_path(args.scenario), changes)
        out: dict[str, Any] = {
            "before": result.before.as_json()["summary"],
            "after": _report_json(report),
            "parameters": [
                {"name": p.name, "kind": p.kind, "value": round(v, 4), "lower": p.lower, "upper": p.upper}
                for p, v in zip(result.parameters, result.values, strict=True)
            ],
            "changes": {
                cid: {k: [old, new] for k, (old, new) in ch.items()} for cid, ch in result.changes.items()
            },
            "optimiser": {"cost": result.cost, "evaluations": result.evaluations, "message": result.message},
            "written": bool(args.write and result.parameters),
        }
    else:
        report = evaluate(scenario, rows, seed=args.seed, polls_name=polls_name)
        out = _report_json(report)
    checked = validate(result.scenario if args.fit else scenario, report, rows, seed=args.seed)
    out["validation"] = checked.as_json()
    if args.json:
        print_json(out)
    else:
        lang = cli_language(args)
        _print(report, out if args.fit else None, lang)
        _print_validation(checked, report.window, lang)
    if args.require_target and not report.meets_target():
        return 1
    return 0


def _print(report: CalibrationReport, fitted: dict[str, Any] | None, lang: str = "en") -> None:
    """The rows and the summary lines; headings, kinds and sentences in ``lang`` (poll items, populations and the
    reasons a row is not expressed are the data's English)."""

    def t(msgid: str, **args: Any) -> str:
        return escape(say(lang, msgid, **args))

    console = Console(width=160)
    window = f"{report.window[0]}-{report.window[1]}"
    table = Table(title=t("cli.calibrate.title", scenario=report.scenario_id, window=window))
    for col in (
        "kind",
        "fieldwork",
        "population",
        "item",
        "measure",
        "published",
        "model",
        "error",
        "expressed-by",
    ):
        table.add_column(
            t(f"cli.calibrate.col.{col}"),
            justify="right" if col in ("published", "model", "error") else "left",
            overflow="fold",
        )
    for r in report.rows:
        status = t(f"cli.calibrate.status.{r.status}")
        if not r.figures:
            table.add_row(
                status,
                r.row.fieldwork,
                r.row.population,
                escape(r.row.item),
                "",
                "",
                "",
                "",
                escape(r.reason or ""),
            )
            continue
        for f in r.figures:
            kind = (
                status
                if r.mood is None
                else t("cli.calibrate.status-mood", status=status, mood=f"{r.mood:+.2f}")
            )
            table.add_row(
                kind,
                r.row.fieldwork,
                r.row.population,
                escape(r.row.item),
                t(f"cli.calibrate.measure.{_MEASURES.get(f.measure, 'other')}", measure=f.measure),
                f"{f.published:.1f}",
                f"{f.model:.1f}",
                f"{f.error:+.1f}",
                escape(r.expressed_by or ""),
            )
    console.print(table)
    s = report.as_json()["summary"]
    console.print(
        t(
            "cli.calibrate.rows",
            rows=str(s["rows"]),
            expressed=str(s["expressed"]),
            fit=str(s["fit_rows"]),
            later=str(s["period_rows"]),
            held=str(s["held_out_rows"]),
            outside=str(s["out_of_sample_rows"]),
            unexpressed=str(s["unexpressed_rows"]),
        )
    )
    head = t(
        "cli.calibrate.fit-window",
        mae=str(s["mae"]),
        figures=str(s["fit_figures"]),
        worst=str(s["max_error"]),
    )
    rest = t(
        "cli.calibrate.target",
        met=say(lang, "cli.calibrate.met" if s["meets_target"] else "cli.calibrate.not-met"),
        later=str(s["period_mae"]),
        held=str(s["held_out_mae"]),
    )
    console.print(f"[bold]{head}[/bold]{rest}")
    if fitted is not None:
        b = fitted["before"]
        console.print(
            t(
                "cli.calibrate.before",
                mae=str(b["mae"]),
                worst=str(b["max_error"]),
                evaluations=str(fitted["optimiser"]["evaluations"]),
                message=str(fitted["optimiser"]["message"]),
            )
        )
        for p in fitted["parameters"]:
            console.print(f"  {escape(p['name'])}: {p['value']:+.3f}")
        console.print(
            t("cli.calibrate.written")
            if fitted["written"]
            else t("cli.calibrate.not-written", flag="--write")
        )


_MEASURES = {"support": "support", "oppose": "oppose", "support (forced choice)": "forced"}
"""The figures' measures with their own entry; another is shown as it is (``cli.calibrate.measure.other``)."""


def _print_validation(v: Validation, window: tuple[int, int], lang: str = "en") -> None:
    """The checks the fit did not see (see negotiator/engine/opinion/validation.py and docs/fidelity.md)."""

    def t(msgid: str, **args: Any) -> str:
        return escape(say(lang, msgid, **args))

    def table(key: str, cols: tuple[str, ...], **args: Any) -> Table:
        out = Table(title=t(f"cli.calibrate.{key}.title"))
        for k, col in enumerate(cols):
            out.add_column(t(f"cli.calibrate.{key}.col.{col}", **args), **_column(key, k))
        return out

    console = Console(width=160)
    years = f"{window[0]}-{window[1]}"
    tab = table("time-split", ("year", "as-fitted", "earlier-moods", "own-mood"), window=years)
    for year, m in v.time_split.items():
        tab.add_row(
            t("cli.calibrate.all") if year == "all" else year,
            str(m["as_2016_2018"]),
            str(m["mood_of_earlier_waves"]),
            str(m["mood_of_own_wave"]),
        )
    console.print(tab)
    tab = table("held-out", ("wave", "mood", "rows", "mae"))
    for h in v.held_out:
        tab.add_row(h["survey"], f"{h['mood_from_principles']:+.2f}", str(h["predicted_rows"]), str(h["mae"]))
    console.print(tab)
    p = v.package_level
    console.print(
        t(
            "cli.calibrate.package-level",
            fit=str(p["fit_window_mae"]),
            later=str(p["later_waves_mae"]),
            figures=str(int(p["figures"])),
        )
    )
    tab = table("orderings", ("survey", "item", "published", "model", "concordant", "mae"))
    for o in v.orderings:
        pub = ", ".join(f"{k} {val:.0f}" for k, val in o["published"].items())
        mod = ", ".join(f"{k} {val:.0f}" for k, val in o["model"].items())
        tab.add_row(o["survey"], escape(o["item"]), pub, mod, o["concordant_pairs"], str(o["mae"]))
    console.print(tab)
    tab = table("incentives", ("incentive", "population", "published", "model", "error"))
    for i in v.incentives:
        lo, hi = i["published_share_of_opponents_won"]
        tab.add_row(
            escape(i["incentive"]),
            i["population"],
            f"{lo:.0f}-{hi:.0f}",
            f"{i['model_share_of_opponents_won']}",
            f"{i['error']:+}",
        )
    console.print(tab)


def _column(table: str, k: int) -> dict[str, Any]:
    """Each validation table's column layout, as before: the first column of the first two left, the rest right;
    the last two tables fold long cells."""
    if table in ("time-split", "held-out"):
        return {"justify": "left" if k == 0 else "right"}
    return {"overflow": "fold"}
