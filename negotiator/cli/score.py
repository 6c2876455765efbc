"""``negotiator score``: each delegation's points for a package, its walk-away check, and the paradigm."""

from __future__ import annotations

import argparse
from typing import Any

from rich.console import Console
from rich.table import Table

from negotiator.cli._common import add_json_arg, add_scenario_arg, print_json, scenario_from_args
from negotiator.engine.compiled import compile_scenario
from negotiator.model.package import Package, load_packages_file, resolve_package
from negotiator.model.paradigm import classify
from negotiator.model.schema import Scenario

HELP = "score packages for every delegation: points, walk-away check, paradigm"


def configure(p: argparse.ArgumentParser) -> None:
    add_scenario_arg(p)
    src = p.add_mutually_exclusive_group(required=True)
    src.add_argument(
        "--package",
        "-p",
        metavar="P",
        help="a reference package id (e.g. clinton-2000) or a JSON file mapping issue id to option id",
    )
    src.add_argument("--packages", metavar="FILE", help="a JSON file holding a list of such packages")
    add_json_arg(p)


def score_report(scenario: Scenario, package: Package, label: str) -> dict[str, Any]:
    compiled = compile_scenario(scenario)
    points = compiled.score_one(package)
    cls = classify(scenario, package)
    delegations = {}
    for d in scenario.delegations:
        delegations[d.id] = {
            "points": round(points[d.id], 3),
            "reservation_value": d.reservation_value,
            "surplus": round(points[d.id] - d.reservation_value, 3),
            "clears_walk_away": points[d.id] >= d.reservation_value,
        }
    report: dict[str, Any] = {
        "package": label,
        "options": package.as_dict(),
        "paradigm": cls.paradigm,
        "paradigm_label": cls.label,
        "paradigm_votes": {k: round(v, 3) for k, v in cls.votes.items()},
        "delegations": delegations,
    }
    try:  # deal metrics arrive with the engine's analysis module
        from negotiator.engine.metrics import deal_metrics_report
    except ImportError:
        pass
    else:
        report["metrics"] = deal_metrics_report(scenario, package)
    return report


def run(args: argparse.Namespace) -> int:
    scenario = scenario_from_args(args)
    if args.package:
        items = [(args.package, resolve_package(scenario, args.package))]
    else:
        items = [
            (f"{args.packages}[{k}]", pkg)
            for k, pkg in enumerate(load_packages_file(scenario, args.packages))
        ]
    reports = [score_report(scenario, pkg, label) for label, pkg in items]
    if args.json:
        print_json(reports[0] if args.package else reports)
        return 0
    console = Console()
    for rep in reports:
        table = Table(title=f"{rep['package']}: {rep['paradigm_label']}")
        table.add_column("delegation")
        table.add_column("points", justify="right")
        table.add_column("walk-away", justify="right")
        table.add_column("clears?")
        for did, row in rep["delegations"].items():
            table.add_row(
                did,
                f"{row['points']:.1f}",
                f"{row['reservation_value']:.1f}",
                "yes" if row["clears_walk_away"] else "NO",
            )
        console.print(table)
        if "metrics" in rep:
            _print_metrics(console, rep["metrics"])
    return 0


def _print_metrics(console: Console, m: dict[str, Any]) -> None:
    """The deal metrics between the principals, in a few plain lines (definitions: negotiator.engine.metrics)."""
    parties = m["parties"]
    surplus = ", ".join(f"{p} {m['delegations'][p]['surplus']:+.1f}" for p in parties)
    console.print(f"  surplus over walk-away: {surplus}; joint gain {m['joint_gain']:+.1f}")
    if m["available_surplus"] is not None:
        shares = ", ".join(f"{p} {m['delegations'][p]['share_of_surplus']:.0%}" for p in parties)
        console.print(
            f"  share of the available surplus ({m['available_surplus']:.1f} points): {shares}; "
            f"efficiency {m['efficiency']:.0%}"
        )
    if m["equality"] is not None:
        console.print(f"  equality of gains: {m['equality']:.2f} (1 = equal)")
    if m["on_frontier"]:
        console.print(
            "  on the Pareto frontier: no package is better for one side without being worse for another"
        )
    else:
        console.print(
            f"  off the frontier: every side could still have gained {m['frontier_gap']:.1f} points; "
            f"nearest better package is {m['nearest_frontier_point']['distance']:.1f} points away"
        )
