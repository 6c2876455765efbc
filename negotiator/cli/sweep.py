"""``negotiator sweep FILE.toml``: a grid of AI-game batches (scenarios x personas x opinion variants), one row per
game and a summary per cell, to CSV and a database; stopped half-way, the same command continues where it left off.

The file's format is in :mod:`negotiator.runner.sweepfile`; how it runs in :mod:`negotiator.runner.sweep`.
"""

from __future__ import annotations

import argparse
import time
from typing import Any

from negotiator.cli._common import add_json_arg, print_json
from negotiator.cli.language import add_lang_arg, cli_language, say
from negotiator.cli.runopts import add_run_args, engine_from_args, progress_bar

HELP = "run a grid of AI-game batches from a TOML file (resumable): rows per game, summaries per cell, CSV + database"


def configure(p: argparse.ArgumentParser) -> None:
    p.add_argument("file", metavar="FILE.toml", help="the sweep file (see README: 'Sweeps')")
    p.add_argument("--out", metavar="DIR", help="folder for games.csv and cells.csv (default: the file's)")
    p.add_argument("--db", metavar="URL", help="database path or URL for the rows (default: the file's)")
    add_run_args(p)
    add_json_arg(p)
    add_lang_arg(p, "the summary")


def run(args: argparse.Namespace) -> int:
    from negotiator.runner.sweep import run_sweep
    from negotiator.runner.sweepfile import load_sweep
    from negotiator.store.sweeps import SweepStore

    plan = load_sweep(args.file, out=args.out, db=args.db)
    engine = engine_from_args(args)
    start = time.perf_counter()
    store = SweepStore.open(plan.db)
    try:
        with progress_bar(disable=args.json) as bar:
            task = bar.add_task(f"{plan.name}: {len(plan.cells)} cells on {engine.describe()}", total=None)

            def started(to_play: int, done: int) -> None:
                bar.update(task, total=to_play)
                if done and not args.json:
                    bar.console.print(f"{plan.name}: {done} games already stored, {to_play} to play")

            summaries = run_sweep(
                plan,
                engine,
                store,
                chunk_size=args.chunk_size,
                on_done=lambda done: bar.advance(task, len(done)),
                on_start=started,
            )
    finally:
        store.close()
        engine.close()
    seconds = round(time.perf_counter() - start, 3)
    if args.json:
        print_json(
            {
                "sweep": plan.name,
                "cells": summaries,
                "games_csv": str(plan.out / "games.csv"),
                "cells_csv": str(plan.out / "cells.csv"),
                "database": store.where,
                "seconds": seconds,
                "ran_on": engine.describe(),
            }
        )
        return 0
    _print(plan.name, summaries, plan.out, store.where, seconds, cli_language(args))
    return 0


def _print(
    name: str, summaries: list[dict[str, Any]], out: Any, db: str, seconds: float, lang: str = "en"
) -> None:
    from rich.console import Console
    from rich.markup import escape
    from rich.table import Table

    title = say(lang, "cli.sweep.title", name=name, n=len(summaries), seconds=f"{seconds:.1f}")
    table = Table(title=escape(title))
    for col in ("scenario", "opinion", "personas", "games", "signed", "ratified", "distance", "paradigms"):
        table.add_column(
            escape(say(lang, f"cli.sweep.col.{col}")),
            justify="right" if col in ("games", "signed", "ratified", "distance") else "left",
        )
    for s in summaries:
        dist = s["mean_distance_to_frontier"]
        table.add_row(
            s["scenario_file"],
            s["opinion"],
            ";".join(f"{d}={p}" for d, p in sorted(s["personas"].items())) or "defaults",
            str(s["games"]),
            f"{s['agreement_rate']:.0%}",
            f"{s['ratification_rate']:.0%}",
            "-" if dist is None else f"{dist:.2f}",
            ", ".join(f"{k} {v}" for k, v in s["paradigms"].items()),
        )
    console = Console()
    console.print(table)
    console.print(
        escape(say(lang, "cli.sweep.files", rows=str(out / "games.csv"), cells=str(out / "cells.csv"), db=db))
    )
