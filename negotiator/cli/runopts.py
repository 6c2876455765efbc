"""Options shared by the commands that run many games (``simulate``, ``sweep``): where they run, in what chunks, and
the progress bar they show."""

from __future__ import annotations

import argparse
from typing import Any

from rich.console import Console
from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    Progress,
    ProgressColumn,
    Task,
    TextColumn,
    TimeRemainingColumn,
)
from rich.text import Text

from negotiator.runner.engines import Engine, RunnerError, local_cores, local_engine


def add_run_args(p: argparse.ArgumentParser) -> None:
    p.add_argument(
        "--workers",
        "-w",
        type=int,
        metavar="N",
        help=f"worker processes, one BLAS thread each (default: every core, here {local_cores()}); "
        "results do not depend on it",
    )
    p.add_argument(
        "--chunk-size",
        type=int,
        metavar="N",
        help="games per unit of work (default: about 8 chunks per worker, at most 50); results do not depend on it",
    )
    p.add_argument(
        "--dask",
        metavar="ADDRESS",
        help="run on a Dask distributed scheduler (tcp://host:8786), or 'local' for a cluster on this machine "
        "(needs: pip install 'negotiator[cluster]'); same results as a local run",
    )


def engine_from_args(args: argparse.Namespace) -> Engine:
    if args.chunk_size is not None and args.chunk_size < 1:
        raise RunnerError.of("cli.error.chunk-size", flag="--chunk-size", value=args.chunk_size, example=10)
    if args.dask:
        from negotiator.runner.cluster import DaskCluster

        return DaskCluster(args.dask, workers=args.workers)
    return local_engine(args.workers)


class RateColumn(ProgressColumn):
    """Games per second over the last half minute (rich's own speed estimate)."""

    def render(self, task: Task) -> Text:
        speed = task.finished_speed or task.speed
        return Text("-- games/s" if speed is None else f"{speed:,.1f} games/s", style="progress.data.speed")


def progress_bar(**kwargs: Any) -> Progress:
    """A bar with games done, games/s and time left (on standard error, gone when done)."""
    return Progress(
        TextColumn("{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        RateColumn(),
        TimeRemainingColumn(),
        console=Console(stderr=True),
        transient=True,
        **kwargs,
    )
