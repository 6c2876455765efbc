"""``negotiator analyze``: the exact bargaining analysis of a scenario (frontier, Nash, Kalai-Smorodinsky,
egalitarian, ZOPA) between its principal delegations or any 2-4 delegations."""

from __future__ import annotations

import argparse

from rich.console import Console
from rich.table import Table

from negotiator.cli._common import add_json_arg, add_scenario_arg, print_json, scenario_from_args
from negotiator.engine.analysis import Analysis, analyze
from negotiator.engine.domain import AnalysisError
from negotiator.model.schema import Scenario

HELP = "exact analysis: Pareto frontier, Nash / Kalai-Smorodinsky / egalitarian points, ZOPA size"

MAX_PARTIES = 4


def configure(p: argparse.ArgumentParser) -> None:
    add_scenario_arg(p)
    p.add_argument(
        "--parties",
        metavar="A,B",
        help=f"comma-separated delegation ids, 2 to {MAX_PARTIES} (default: the principal delegations)",
    )
    p.add_argument(
        "--respect-red-lines",
        action="store_true",
        help="leave out options any of these delegations has declared a red line on",
    )
    p.add_argument(
        "--top",
        type=int,
        default=15,
        metavar="N",
        help="frontier points shown in the table, spread evenly along it (JSON lists all unless --limit)",
    )
    p.add_argument(
        "--limit", type=int, default=None, metavar="N", help="list at most N frontier points in JSON"
    )
    add_json_arg(p)


def parse_parties(scenario: Scenario, spec: str | None) -> list[str] | None:
    if spec is None:
        return None
    ids = [s.strip() for s in spec.split(",") if s.strip()]
    known = [d.id for d in scenario.delegations]
    for pid in ids:
        if pid not in known:
            raise AnalysisError(
                f"--parties: no delegation {pid!r} in {scenario.id}; use some of {', '.join(known)}"
            )
    if len(set(ids)) != len(ids):
        raise AnalysisError("--parties: a delegation is listed twice")
    if not 2 <= len(ids) <= MAX_PARTIES:
        raise AnalysisError(f"--parties: give 2 to {MAX_PARTIES} delegations, not {len(ids)}")
    return ids


def run(args: argparse.Namespace) -> int:
    scenario = scenario_from_args(args)
    result = analyze(
        scenario, parse_parties(scenario, args.parties), respect_red_lines=args.respect_red_lines
    )
    if args.json:
        print_json(result.to_json(limit=args.limit))
        return 0
    show(result, top=args.top)
    return 0


def show(a: Analysis, top: int = 15) -> None:
    console = Console()
    parties = a.party_ids
    console.print(
        f"[bold]{a.scenario_id}[/bold]: {', '.join(parties)}"
        + ("  (red lines respected)" if a.respect_red_lines else "")
    )
    console.print(
        f"packages: {a.outcome_count:,}   Pareto frontier: {len(a.frontier):,} packages   "
        f"ZOPA: {a.zopa.size:,} packages ({a.zopa.fraction:.3%})   time: {a.seconds:.3f} s"
    )
    console.print(
        "walk-away values: "
        + ", ".join(f"{p} {v:.1f}" for p, v in zip(parties, a.frontier.reservation, strict=True))
    )
    named = [("Nash", a.nash), ("Kalai-Smorodinsky", a.kalai_smorodinsky), ("egalitarian", a.egalitarian)]
    sol = Table(title="Bargaining solutions (on the exact frontier)")
    sol.add_column("")
    for name, _ in named:
        sol.add_column(name)
    for k, p in enumerate(parties):
        sol.add_row(
            f"[bold]{p} points[/bold]",
            *[f"{s.utilities[k]:.2f} (+{s.gains[k]:.2f})" if s is not None else "none" for _, s in named],
        )
    for i, issue in enumerate(a.compiled.issue_ids):
        sol.add_row(
            issue, *[a.compiled.option_ids[i][int(s.package[i])] if s is not None else "-" for _, s in named]
        )
    console.print(sol)
    if a.nash is None:
        console.print("No package gives every delegation more than its walk-away value.")
    shown = min(top, len(a.frontier))
    front = Table(
        title=f"Pareto frontier: {shown} of {len(a.frontier)} points, by {parties[0]}'s points "
        "(package: options that change from the row above)"
    )
    front.add_column("#", justify="right")
    for p in parties:
        front.add_column(p, justify="right")
    front.add_column("ZOPA")
    front.add_column("package")
    rational = a.frontier.rational_mask()
    step = max(1, len(a.frontier) // shown) if shown else 1
    previous = None
    for r in list(range(0, len(a.frontier), step))[:shown]:
        row = a.frontier.packages[r]
        pkg = a.compiled.decode(row)
        if previous is None:
            text = ", ".join(f"{i}={o}" for i, o in pkg.choices)
        else:
            text = ", ".join(
                f"{i}={o}" for (i, o), was in zip(pkg.choices, previous, strict=True) if o != was[1]
            )
        previous = pkg.choices
        front.add_row(
            str(r + 1),
            *[f"{u:.2f}" for u in a.frontier.utilities[r]],
            "yes" if rational[r] else "",
            text or "(same)",
        )
    console.print(front)
