"""``negotiator bench``: the engine's benchmarks, side by side with NegMAS where a peer exists, results checked equal.

See :mod:`negotiator.engine.benchsuite` for what each benchmark measures and how.
"""

from __future__ import annotations

import argparse
import importlib.util
import sys

from rich.console import Console
from rich.progress import Progress, SpinnerColumn, TextColumn, TimeElapsedColumn
from rich.table import Table

from negotiator.cli._common import print_json
from negotiator.engine.benchsuite import BENCHMARKS, BenchResult, run_benchmarks
from negotiator.model.errors import NegotiatorError

HELP = "benchmarks: exact frontier + Nash vs NegMAS, confederation analysis, batch scoring"

TARGETS = {
    "pareto-nash-1e6": "ratio >= 500, equal",
    "pareto-nash-1e7": "ratio >= 1000, equal",
    "analyze-confederation": "< 1 s, < 500 MB",
    "score-1e6": "< 0.1 s",
}


class BenchError(NegotiatorError):
    """Bad benchmark selection or a missing peer library."""


def configure(p: argparse.ArgumentParser) -> None:
    p.add_argument("--only", action="append", metavar="NAME", choices=list(BENCHMARKS),
                   help=f"run only this benchmark (repeatable): {', '.join(BENCHMARKS)}")
    p.add_argument("--no-peer", action="store_true", help="skip the peer library (NegMAS) for a quick run")
    p.add_argument("--repeats", type=int, default=5, metavar="N", help="our timings are the best of N runs")
    p.add_argument("--json", action="store_true", help="print machine-readable JSON instead of a table")


def run(args: argparse.Namespace) -> int:
    peer = not args.no_peer
    if peer and importlib.util.find_spec("negmas") is None:
        raise BenchError("NegMAS is not installed; install the bench extra (pip install -e '.[bench]') or "
                         "pass --no-peer")
    err = Console(stderr=True)
    with Progress(SpinnerColumn(), TextColumn("{task.description}"), TimeElapsedColumn(), console=err,
                  transient=True) as bar:
        task = bar.add_task("starting", total=None)

        def progress(msg: str) -> None:
            bar.update(task, description=msg)
            if not sys.stderr.isatty():
                err.print(msg)

        results = run_benchmarks(args.only, peer=peer, progress=progress, repeats=max(1, args.repeats))
    if args.json:
        print_json([r.to_json() for r in results])
        return 0
    show(results)
    return 0


def show(results: list[BenchResult]) -> None:
    table = Table(title="negotiator bench (peer: NegMAS 0.16)")
    for col in ("benchmark", "packages", "ours s", "peer s", "x faster", "equal", "peak MB"):
        table.add_column(col, justify="left" if col in ("benchmark", "equal") else "right", no_wrap=True)
    for r in results:
        table.add_row(
            r.name, f"{r.outcomes:.2g}", f"{r.ours_s:.4f}",
            "-" if r.peer_s is None else f"{r.peer_s:.2f}",
            "-" if r.ratio is None else f"{r.ratio:,.0f}",
            "-" if r.equal is None else ("yes" if r.equal else "NO"),
            "-" if r.peak_mb is None else f"{r.peak_mb:.1f}",
        )
    console = Console()
    console.print(table)
    for r in results:
        console.print(f"[dim]{r.name}: target {TARGETS.get(r.name, '-')}" + (f"; {r.note}" if r.note else "")
                      + "[/dim]")
