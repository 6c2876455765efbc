"""``negotiator bench``: the engine's benchmarks, side by side with NegMAS where a peer exists, results checked equal;
then the public-opinion layer's and the game's speed targets.

See :mod:`negotiator.engine.benchsuite` for what each engine benchmark measures and how,
:mod:`negotiator.engine.opinion.bench` and :mod:`negotiator.ai.bench` for the targets. ``--json`` prints one list: the
engine's entries ``{name, outcomes, ours_s, peer_s, ratio, equal, ...}`` first, then the targets' entries
``{name, ours_s, target_s, meets_target, detail}``.
"""

from __future__ import annotations

import argparse
import importlib.util
import sys
from typing import Any

from rich.console import Console
from rich.progress import Progress, SpinnerColumn, TextColumn, TimeElapsedColumn
from rich.table import Table

from negotiator.cli._common import print_json
from negotiator.engine.benchsuite import BENCHMARKS, BenchResult, run_benchmarks
from negotiator.model.errors import NegotiatorError

HELP = (
    "benchmarks: exact frontier + Nash vs NegMAS, confederation analysis, batch scoring, public opinion, "
    "AI moves and games"
)
SUITES = ("engine", "opinion", "game", "scale", "net")
DEFAULT_SUITES = ("engine", "opinion", "game")
"""``scale`` runs only when asked (``--suite scale``): it plays about ten thousand games (minutes on two cores);
``net`` too (it starts a class host and 40 clients)."""

TARGETS = {
    "pareto-nash-1e6": "ratio >= 500, equal",
    "pareto-nash-1e7": "ratio >= 1000, equal",
    "analyze-confederation": "< 1 s, < 500 MB",
    "score-1e6": "< 0.1 s",
}


class BenchError(NegotiatorError):
    """Bad benchmark selection or a missing peer library."""


def configure(p: argparse.ArgumentParser) -> None:
    p.add_argument(
        "--only",
        action="append",
        metavar="NAME",
        choices=list(BENCHMARKS),
        help=f"run only this benchmark (repeatable): {', '.join(BENCHMARKS)}",
    )
    p.add_argument("--no-peer", action="store_true", help="skip the peer library (NegMAS) for a quick run")
    p.add_argument("--repeats", type=int, default=5, metavar="N", help="our timings are the best of N runs")
    p.add_argument(
        "--suite",
        action="append",
        metavar="NAME",
        choices=SUITES,
        help="run only this suite (repeatable): engine, opinion, game, scale, net (default: the first three, or "
        "only the engine's when --only names engine benchmarks; scale, games/s per core against wave2-base, scaling "
        "over every core and memory over 10^4 games, runs only when named; so does net: a class host and 40 "
        "clients on loopback)",
    )
    p.add_argument(
        "--games",
        type=int,
        default=5,
        metavar="N",
        help="AI games timed by the game suite (default 5; after one warm-up game)",
    )
    p.add_argument(
        "--scale-games",
        type=int,
        default=10_000,
        metavar="N",
        help="games of the scale suite's memory run (default 10000)",
    )
    p.add_argument(
        "--base",
        default="wave2-base",
        metavar="REF",
        help="git ref of the code the scale suite compares one core's speed with (default wave2-base)",
    )
    p.add_argument("--json", action="store_true", help="print machine-readable JSON instead of a table")


def run(args: argparse.Namespace) -> int:
    suites = tuple(
        args.suite or (("engine",) if args.only else DEFAULT_SUITES)
    )  # --only names engine benchmarks
    peer = not args.no_peer
    if "engine" in suites and peer and importlib.util.find_spec("negmas") is None:
        raise BenchError(
            "NegMAS is not installed; install the bench extra (pip install -e '.[bench]') or pass --no-peer"
        )
    err = Console(stderr=True)
    results: list[BenchResult] = []
    targets: list[dict[str, Any]] = []
    scale: list[dict[str, Any]] = []
    with Progress(
        SpinnerColumn(), TextColumn("{task.description}"), TimeElapsedColumn(), console=err, transient=True
    ) as bar:
        task = bar.add_task("starting", total=None)

        def progress(msg: str) -> None:
            bar.update(task, description=msg)
            if not sys.stderr.isatty():
                err.print(msg)

        if "engine" in suites:
            results = run_benchmarks(args.only, peer=peer, progress=progress, repeats=max(1, args.repeats))
        if "opinion" in suites:
            from negotiator.engine.opinion.bench import opinion_benchmarks

            progress("opinion: react, poll, explain")
            targets += opinion_benchmarks(repeats=max(1, args.repeats))
        if "game" in suites:
            from negotiator.ai.bench import game_benchmarks

            progress(f"game: {max(1, args.games)} AI games on confederation")
            targets += game_benchmarks(games=max(1, args.games))
            from negotiator.store.bench import human_move_benchmarks

            progress("game: a person's move through the seat channel, saved write-behind")
            targets += human_move_benchmarks(games=max(1, min(3, args.games)))
        if "scale" in suites:
            from negotiator.runner.bench import scale_benchmarks

            scale = scale_benchmarks(
                memory_games=max(100, args.scale_games), base_ref=args.base, progress=progress
            )
        if "net" in suites:
            targets += _net_suite(progress)
    if args.json:
        print_json([r.to_json() for r in results] + targets + scale)
        return 0
    if results:
        show(results)
    if targets:
        show_targets(targets)
    if scale:
        show_scale(scale)
    return 0


def _net_suite(progress: Any) -> list[dict[str, Any]]:
    """The classroom suite, its tables stored in a temporary SQLite save (every move written, as in class)."""
    import tempfile
    from pathlib import Path

    from negotiator.net.bench import net_benchmarks
    from negotiator.store.database import SaveDatabase

    with tempfile.TemporaryDirectory(prefix="negotiator-net-bench-") as folder:
        db = SaveDatabase.open(Path(folder) / "class.db")
        try:
            return net_benchmarks(db, progress=progress)
        finally:
            db.close()


def show_targets(entries: list[dict[str, Any]]) -> None:
    """The opinion layer's and the game's timings against their targets."""
    table = Table(title="speed targets (public opinion, AI)")
    for col in ("benchmark", "ours s", "target s", "met", "detail"):
        table.add_column(
            col, justify="right" if col in ("ours s", "target s") else "left", no_wrap=col != "detail"
        )
    for e in entries:
        target = e.get("target_s")
        met = e.get("meets_target")
        table.add_row(
            e["name"],
            "-" if e["ours_s"] is None else f"{e['ours_s']:.4f}",
            "-" if target is None else f"{target:g}",
            "-" if met is None else ("yes" if met else "NO"),
            str(e.get("detail", "")),
        )
    Console().print(table)


def show_scale(entries: list[dict[str, Any]]) -> None:
    """The scale suite: one core against the base code, every core, memory over a long batch."""
    table = Table(title="scale: games per second and memory")
    for col in ("benchmark", "measured", "target", "met", "detail"):
        table.add_column(col, no_wrap=col in ("benchmark", "met"))
    for e in entries:
        if e["name"].startswith("scale-core-"):
            measured = f"{e['new_games_per_s']:.2f} games/s"
            if "speedup" in e:
                measured += f" vs {e['base_games_per_s']:.2f} ({e['base_ref']}): {e['speedup']:.2f}x"
        elif e["name"].startswith("scale-cores-"):
            measured = (
                f"{e['all_cores_games_per_s']:.2f} games/s on {e['cores']} cores vs "
                f"{e['one_core_games_per_s']:.2f} on one: efficiency {e['efficiency']:.2f}"
            )
        else:
            measured = f"{e.get('rss_mb_first_tenth', '-')} MB -> {e.get('rss_mb_end', '-')} MB over {e['games']} games"
        met = e.get("meets_target")
        table.add_row(
            e["name"],
            measured,
            str(e.get("target", "-")),
            "-" if met is None else ("yes" if met else "NO"),
            e["detail"],
        )
    Console().print(table)


def show(results: list[BenchResult]) -> None:
    table = Table(title="negotiator bench (peer: NegMAS 0.16)")
    for col in ("benchmark", "packages", "ours s", "peer s", "x faster", "equal", "peak MB"):
        table.add_column(col, justify="left" if col in ("benchmark", "equal") else "right", no_wrap=True)
    for r in results:
        table.add_row(
            r.name,
            f"{r.outcomes:.2g}",
            f"{r.ours_s:.4f}",
            "-" if r.peer_s is None else f"{r.peer_s:.2f}",
            "-" if r.ratio is None else f"{r.ratio:,.0f}",
            "-" if r.equal is None else ("yes" if r.equal else "NO"),
            "-" if r.peak_mb is None else f"{r.peak_mb:.1f}",
        )
    console = Console()
    console.print(table)
    for r in results:
        console.print(
            f"[dim]{r.name}: target {TARGETS.get(r.name, '-')}" + (f"; {r.note}" if r.note else "") + "[/dim]"
        )
