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
from rich.markup import escape
from rich.progress import Progress, SpinnerColumn, TextColumn, TimeElapsedColumn
from rich.table import Table

from negotiator.cli._common import print_json
from negotiator.cli.language import add_lang_arg, cli_language, say
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
TARGET_SAID: dict[str, tuple[str, dict[str, str]]] = {
    "pareto-nash-1e6": ("cli.bench.target.ratio", {"ratio": "500"}),
    "pareto-nash-1e7": ("cli.bench.target.ratio", {"ratio": "1000"}),
    "analyze-confederation": ("cli.bench.target.time-memory", {"seconds": "1", "mb": "500"}),
    "score-1e6": ("cli.bench.target.time", {"seconds": "0.1"}),
}
""":data:`TARGETS` as catalogue entries (the English entries are the same words)."""


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
    add_lang_arg(
        p,
        "its tables and lines (benchmark names, the details the suites measure and the JSON stay in English)",
    )


def run(args: argparse.Namespace) -> int:
    suites = tuple(
        args.suite or (("engine",) if args.only else DEFAULT_SUITES)
    )  # --only names engine benchmarks
    peer = not args.no_peer
    if "engine" in suites and peer and importlib.util.find_spec("negmas") is None:
        raise BenchError.of(
            "cli.bench.no-negmas", install="pip install -e '.[bench]'", flag="--no-peer", peer="NegMAS"
        )
    lang = cli_language(args)
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

            progress(say(lang, "cli.bench.progress.opinion"))
            targets += opinion_benchmarks(repeats=max(1, args.repeats))
        if "game" in suites:
            from negotiator.ai.bench import game_benchmarks

            progress(say(lang, "cli.bench.progress.games", n=max(1, args.games), scenario="confederation"))
            targets += game_benchmarks(games=max(1, args.games))
            from negotiator.store.bench import human_move_benchmarks

            progress(say(lang, "cli.bench.progress.human-move"))
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
        show(results, lang)
    if targets:
        show_targets(targets, lang)
    if scale:
        show_scale(scale, lang)
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


def _met(met: bool | None, lang: str) -> str:
    return "-" if met is None else say(lang, "cli.yes" if met else "cli.bench.no")


def show_targets(entries: list[dict[str, Any]], lang: str = "en") -> None:
    """The opinion layer's and the game's timings against their targets (headings in ``lang``)."""
    table = Table(title=escape(say(lang, "cli.bench.targets.title")))
    for col in ("benchmark", "ours-s", "target-s", "met", "detail"):
        table.add_column(
            escape(say(lang, f"cli.bench.col.{col}")),
            justify="right" if col in ("ours-s", "target-s") else "left",
            no_wrap=col != "detail",
        )
    for e in entries:
        target = e.get("target_s")
        met = e.get("meets_target")
        table.add_row(
            e["name"],
            "-" if e["ours_s"] is None else f"{e['ours_s']:.4f}",
            "-" if target is None else f"{target:g}",
            _met(met, lang),
            escape(str(e.get("detail", ""))),
        )
    Console().print(table)


def _measured(e: dict[str, Any], lang: str) -> str:
    """What the scale suite measured in one entry, as a line in ``lang``."""
    if e["name"].startswith("scale-core-"):
        measured = say(lang, "cli.bench.scale.core", speed=f"{e['new_games_per_s']:.2f}")
        if "speedup" in e:
            measured = say(
                lang,
                "cli.bench.scale.core-vs",
                speed=measured,
                base=f"{e['base_games_per_s']:.2f}",
                ref=e["base_ref"],
                speedup=f"{e['speedup']:.2f}x",
            )
        return measured
    if e["name"].startswith("scale-cores-"):
        return say(
            lang,
            "cli.bench.scale.cores",
            speed=f"{e['all_cores_games_per_s']:.2f}",
            cores=str(e["cores"]),
            one=f"{e['one_core_games_per_s']:.2f}",
            efficiency=f"{e['efficiency']:.2f}",
        )
    return say(
        lang,
        "cli.bench.scale.memory",
        first=str(e.get("rss_mb_first_tenth", "-")),
        end=str(e.get("rss_mb_end", "-")),
        games=str(e["games"]),
    )


def show_scale(entries: list[dict[str, Any]], lang: str = "en") -> None:
    """The scale suite: one core against the base code, every core, memory over a long batch."""
    table = Table(title=escape(say(lang, "cli.bench.scale.title")))
    for col in ("benchmark", "measured", "target", "met", "detail"):
        table.add_column(escape(say(lang, f"cli.bench.col.{col}")), no_wrap=col in ("benchmark", "met"))
    for e in entries:
        met = e.get("meets_target")
        table.add_row(
            e["name"],
            escape(_measured(e, lang)),
            escape(str(e.get("target", "-"))),
            _met(met, lang),
            escape(e["detail"]),
        )
    Console().print(table)


def show(results: list[BenchResult], lang: str = "en") -> None:
    table = Table(title=escape(say(lang, "cli.bench.title", peer="NegMAS 0.16")))
    for col in ("benchmark", "packages", "ours-s", "peer-s", "x-faster", "equal", "peak-mb"):
        table.add_column(
            escape(say(lang, f"cli.bench.col.{col}")),
            justify="left" if col in ("benchmark", "equal") else "right",
            no_wrap=True,
        )
    for r in results:
        table.add_row(
            r.name,
            f"{r.outcomes:.2g}",
            f"{r.ours_s:.4f}",
            "-" if r.peer_s is None else f"{r.peer_s:.2f}",
            "-" if r.ratio is None else f"{r.ratio:,.0f}",
            _met(r.equal, lang),
            "-" if r.peak_mb is None else f"{r.peak_mb:.1f}",
        )
    console = Console()
    console.print(table)
    for r in results:
        said = TARGET_SAID.get(r.name)
        target = say(lang, said[0], **said[1]) if said else "-"
        line = say(lang, "cli.bench.target", name=r.name, target=target)
        console.print(f"[dim]{escape(line)}" + (f"; {escape(r.note)}" if r.note else "") + "[/dim]")
