"""Running a sweep: every cell's games on one engine, each finished chunk stored before the next, CSV files beside.

Chunks of all cells go to the engine as one stream, so workers stay busy across cell boundaries; results come back in
order (cell by cell, game by game), and each chunk is written to the database in one transaction and appended to
``games.csv``. A restarted sweep asks the database which games each cell already has and plays only the others;
``games.csv`` is first rewritten from the database, so it never holds a game twice or a half-written line. A cell's
summary is folded from its stored rows in game order once it has every game: the same summary (and digest) as
``negotiator simulate`` with that scenario, those personas and the sweep's seed.
"""

from __future__ import annotations

import csv
import json
import time
from collections.abc import Callable, Iterator, Mapping
from pathlib import Path
from typing import IO, Any

from negotiator.ai.batch import Tally
from negotiator.runner.batch import chunks_of, default_chunk_size
from negotiator.runner.engines import Engine, OnDone
from negotiator.runner.sweepfile import Cell, SweepPlan
from negotiator.runner.work import Chunk, scenario_key
from negotiator.store.sweeps import SweepStore

GAME_FIELDS = ("game", "seed", "result", "signed", "ratified", "paradigm", "rounds", "distance", "commands")
PER_DELEGATION = ("points", "package_points", "ratification")
CELL_FIELDS = (
    "games",
    "agreement_rate",
    "ratification_rate",
    "mean_distance_to_frontier",
    "max_distance_to_frontier",
    "below_walk_away",
    "mean_rounds",
)


def _flat(value: Any) -> Any:
    if isinstance(value, dict):
        return ";".join(f"{k}={v}" for k, v in value.items())
    if isinstance(value, list):
        return ";".join(str(v) for v in value)
    return "" if value is None else value


class GamesCsv:
    """``games.csv``: one line per game; per-delegation numbers in their own columns, the whole row as JSON last."""

    def __init__(self, path: Path, plan: SweepPlan) -> None:
        self.path = path
        self.plan = plan
        self.header = [
            "sweep",
            "cell",
            "cell_no",
            "scenario",
            "opinion",
            "personas",
            *GAME_FIELDS,
            "below_walk_away",
            *[f"{f}.{d}" for f in PER_DELEGATION for d in plan.delegations],
            "digest",
            "row_json",
        ]
        self._file: IO[str] | None = None
        self._writer: Any = None

    def rewrite(self, store: SweepStore) -> None:
        """Start the file again from what the database holds (nothing, for a new sweep)."""
        by_key = {c.key: c for c in self.plan.cells}
        tmp = self.path.with_suffix(".csv.tmp")
        with tmp.open("w", newline="", encoding="utf-8") as f:
            w = csv.writer(f)
            w.writerow(self.header)
            for key, row in store.game_rows(self.plan.name, [(c.key, c.games) for c in self.plan.cells]):
                w.writerow(self.line(by_key[key], row))
        tmp.replace(self.path)
        self._file = self.path.open("a", newline="", encoding="utf-8")
        self._writer = csv.writer(self._file)

    def line(self, cell: Cell, row: Mapping[str, Any]) -> list[Any]:
        return [
            self.plan.name,
            cell.key,
            cell.number,
            cell.scenario_label,
            cell.opinion,
            cell.personas_text,
            *[_flat(row.get(f)) for f in GAME_FIELDS],
            _flat(row.get("below_walk_away")),
            *[_flat(row.get(f, {}).get(d)) for f in PER_DELEGATION for d in self.plan.delegations],
            row.get("digest", ""),
            json.dumps(row, sort_keys=True, ensure_ascii=False),
        ]

    def append(self, cell: Cell, rows: list[dict[str, Any]]) -> None:
        assert self._writer is not None and self._file is not None
        for row in rows:
            self._writer.writerow(self.line(cell, row))
        self._file.flush()

    def close(self) -> None:
        if self._file is not None:
            self._file.close()
            self._file = None


def write_cells_csv(path: Path, plan: SweepPlan, summaries: Mapping[str, Mapping[str, Any]]) -> None:
    header = [
        "sweep",
        "cell",
        "cell_no",
        "scenario",
        "opinion",
        "personas",
        *CELL_FIELDS,
        *[f"mean_points.{d}" for d in plan.delegations],
        *[f"mean_points_when_signed.{d}" for d in plan.delegations],
        "results",
        "paradigms",
        "digest",
    ]
    tmp = path.with_suffix(".csv.tmp")
    with tmp.open("w", newline="", encoding="utf-8") as f:
        w = csv.writer(f)
        w.writerow(header)
        for cell in plan.cells:
            s = summaries.get(cell.key)
            if s is None:
                continue
            w.writerow(
                [
                    plan.name,
                    cell.key,
                    cell.number,
                    cell.scenario_label,
                    cell.opinion,
                    cell.personas_text,
                    *[_flat(s.get(f)) for f in CELL_FIELDS],
                    *[_flat(s["mean_points"].get(d)) for d in plan.delegations],
                    *[_flat(s["mean_points_when_signed"].get(d)) for d in plan.delegations],
                    _flat(s["results"]),
                    _flat(s["paradigms"]),
                    s["digest"],
                ]
            )
    tmp.replace(path)


def cell_summary(store: SweepStore, plan: SweepPlan, cell: Cell) -> dict[str, Any]:
    """The cell's summary from its stored rows, in game order."""
    tally = Tally(cell.scenario)
    for _key, row in store.game_rows(plan.name, [(cell.key, cell.games)]):
        tally.add(row)
    summary = tally.summary()
    summary.update(
        {
            "cell": cell.key,
            "scenario_file": cell.scenario_label,
            "opinion": cell.opinion,
            "personas": cell.personas,
        }
    )
    summary["seed"] = plan.seed
    return summary


def pending(plan: SweepPlan, store: SweepStore) -> dict[str, list[int]]:
    """For each cell, the games the database does not have yet."""
    return {c.key: sorted(set(range(c.games)) - store.done_games(plan.name, c.key)) for c in plan.cells}


def run_sweep(
    plan: SweepPlan,
    engine: Engine,
    store: SweepStore,
    chunk_size: int | None = None,
    on_done: OnDone | None = None,
    on_start: Callable[[int, int], None] | None = None,
) -> list[dict[str, Any]]:
    """Play every game the sweep still lacks; returns every cell's summary, in grid order.

    ``on_start(to_play, already_done)`` is called once the database has been read (a progress bar's total)."""
    plan.out.mkdir(parents=True, exist_ok=True)
    todo = pending(plan, store)
    left = sum(len(v) for v in todo.values())
    if on_start is not None:
        on_start(left, plan.total_games - left)
    size = chunk_size or default_chunk_size(max(1, left), engine.workers)
    games_csv = GamesCsv(plan.out / "games.csv", plan)
    games_csv.rewrite(store)
    summaries: dict[str, dict[str, Any]] = {}
    by_key = {c.key: c for c in plan.cells}
    chunks_left = {c.key: -(-len(todo[c.key]) // size) for c in plan.cells}  # ceil
    cell_of: list[str] = []  # the cell of each chunk handed out: results come back in the same order
    last_cells_write = time.monotonic()

    def finish(cell: Cell) -> None:
        nonlocal last_cells_write
        summary = cell_summary(store, plan, cell)
        store.put_cell(
            plan.name, cell.key, cell.number, cell.scenario_label, cell.opinion, cell.personas_text, summary
        )
        summaries[cell.key] = summary
        if (
            time.monotonic() - last_cells_write > 5.0
        ):  # cells.csv is rewritten whole: now and then, and at the end
            write_cells_csv(plan.out / "cells.csv", plan, summaries)
            last_cells_write = time.monotonic()

    def chunks() -> Iterator[Chunk]:
        for cell in plan.cells:
            key = scenario_key(cell.scenario)
            for chunk in chunks_of(cell.scenario, plan.seed, todo[cell.key], size, cell.personas, key=key):
                cell_of.append(cell.key)
                yield chunk

    try:
        for cell in plan.cells:
            if chunks_left[cell.key] == 0:  # every game stored already: summarise it unless that was done too
                existing = store.cell_summary(plan.name, cell.key)
                if existing is None or existing.get("games") != cell.games:
                    finish(cell)
                else:
                    summaries[cell.key] = existing
        for n, results in enumerate(engine.map_ordered(chunks(), on_done)):
            cell = by_key[cell_of[n]]
            rows = [r.row for r in results]
            store.add_games(plan.name, cell.key, cell.number, rows)
            games_csv.append(cell, rows)
            chunks_left[cell.key] -= 1
            if chunks_left[cell.key] == 0:
                finish(cell)
    finally:
        games_csv.close()
    write_cells_csv(plan.out / "cells.csv", plan, summaries)
    return [summaries[c.key] for c in plan.cells if c.key in summaries]
