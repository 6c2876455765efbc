"""``negotiator sweep``: every cell is the batch simulate would play (same digest), rows go to CSV and the database,
a stopped sweep continues where it left off with the same result as one that never stopped, and bad sweep files
get one line per problem naming the file, the field and the fix."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import pytest

from negotiator.ai.batch import run_batch, summarise
from negotiator.cli import main
from negotiator.model.registry import get_scenario
from negotiator.runner.engines import InProcess, ProcessPool
from negotiator.runner.sweep import run_sweep
from negotiator.runner.sweepfile import load_sweep
from negotiator.store.sweeps import SweepStore

SWEEP = """
[sweep]
name = "mix"
seed = 3
games = 5

[grid]
scenarios = ["water-and-crossings"]

[grid.personas]
israel = ["hard-liner", "pragmatist"]
palestine = "reciprocator"

[[grid.opinion]]
name = "as-written"

[[grid.opinion]]
name = "low-trust"
all = { trust_other = 0.1 }
palestinian_public = { loss_aversion = 3.0 }
"""


def write(folder: Path, text: str = SWEEP, name: str = "mix.toml") -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / name
    path.write_text(text, encoding="utf-8")
    return path


def read_csv(path: Path) -> list[dict[str, str]]:
    with path.open(newline="", encoding="utf-8") as f:
        return list(csv.DictReader(f))


def test_cells_are_the_batches_simulate_plays(tmp_path: Path) -> None:
    plan = load_sweep(write(tmp_path))
    assert len(plan.cells) == 4 and {c.opinion for c in plan.cells} == {"as-written", "low-trust"}
    low = next(c for c in plan.cells if c.opinion == "low-trust")
    opinions = {c.id: c.opinion for c in low.scenario.constituencies}
    assert all(o.trust_other == 0.1 for o in opinions.values())
    assert opinions["palestinian_public"].loss_aversion == 3.0
    with SweepStore.open(plan.db) as store, ProcessPool(2) as pool:
        summaries = run_sweep(plan, pool, store, chunk_size=2)
    for cell, summary in zip(plan.cells, summaries, strict=True):
        expected = summarise(cell.scenario, run_batch(cell.scenario, 5, 3, cell.personas))
        assert summary["digest"] == expected["digest"] and summary["games"] == 5
    games = read_csv(plan.out / "games.csv")
    assert len(games) == 20 and [int(g["game"]) for g in games[:5]] == [0, 1, 2, 3, 4]
    assert {g["points.israel"] for g in games} != {""}
    cells = read_csv(plan.out / "cells.csv")
    assert [c["digest"] for c in cells] == [s["digest"] for s in summaries]


def test_a_stopped_sweep_continues_where_it_left_off(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    whole = load_sweep(write(tmp_path / "whole"))
    with SweepStore.open(whole.db) as store:
        expected = run_sweep(whole, InProcess(), store, chunk_size=2)

    plan = load_sweep(write(tmp_path / "stopped"))
    real_add = SweepStore.add_games
    calls = 0

    def add_then_stop(self: SweepStore, *args: object, **kwargs: object) -> None:
        nonlocal calls
        calls += 1
        if calls == 5:  # chunks of 2, 2, 1 games per cell: stop half-way through the second cell
            raise KeyboardInterrupt
        real_add(self, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(SweepStore, "add_games", add_then_stop)
    with SweepStore.open(plan.db) as store, pytest.raises(KeyboardInterrupt):
        run_sweep(plan, InProcess(), store, chunk_size=2)
    monkeypatch.setattr(SweepStore, "add_games", real_add)
    assert len(read_csv(plan.out / "games.csv")) == 7  # the first cell and one chunk of the second

    played: list[int] = []
    with SweepStore.open(plan.db) as store:
        resumed = run_sweep(
            plan, InProcess(), store, chunk_size=2, on_start=lambda n, done: played.extend([n, done])
        )
    assert played == [13, 7]
    assert [s["digest"] for s in resumed] == [s["digest"] for s in expected]
    assert read_csv(plan.out / "games.csv") == read_csv(whole.out / "games.csv")
    assert read_csv(plan.out / "cells.csv") == read_csv(whole.out / "cells.csv")


def test_fewer_games_per_cell_later_keeps_only_those(tmp_path: Path) -> None:
    path = write(tmp_path)
    plan = load_sweep(path)
    with SweepStore.open(plan.db) as store:
        run_sweep(plan, InProcess(), store)
    path.write_text(SWEEP.replace("games = 5", "games = 2"), encoding="utf-8")
    fewer = load_sweep(path)
    with SweepStore.open(fewer.db) as store:
        summaries = run_sweep(fewer, InProcess(), store)
    sc = get_scenario("water-and-crossings")
    first = summarise(sc, run_batch(sc, 2, 3, fewer.cells[0].personas))
    assert summaries[0]["games"] == 2 and summaries[0]["digest"] == first["digest"]
    assert len(read_csv(fewer.out / "games.csv")) == 8


def test_sweep_command_writes_csv_and_database(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = write(tmp_path, SWEEP.replace("games = 5", "games = 3"))
    out = tmp_path / "results"
    assert main(["sweep", str(path), "--out", str(out), "--workers", "2", "--chunk-size", "2", "--json"]) == 0
    report = json.loads(capsys.readouterr().out)
    assert report["sweep"] == "mix" and len(report["cells"]) == 4
    assert Path(report["games_csv"]) == out / "games.csv" and len(read_csv(out / "games.csv")) == 12
    assert Path(report["database"]) == out / "sweep.db"
    assert (
        main(["sweep", str(path), "--out", str(out), "--workers", "1", "--json"]) == 0
    )  # nothing left to play
    again = json.loads(capsys.readouterr().out)
    assert [c["digest"] for c in again["cells"]] == [c["digest"] for c in report["cells"]]


@pytest.mark.parametrize(
    ("text", "field", "words"),
    [
        (SWEEP.replace("games = 5", "games = 0"), "sweep.games", "games per cell"),
        (SWEEP.replace("games = 5\n", ""), "sweep.games", "games per cell"),
        (SWEEP.replace('"reciprocator"', '"bully"'), "grid.personas.palestine", "not a persona"),
        (SWEEP.replace("palestine =", "egypt ="), "grid.personas.egypt", "not a delegation"),
        (
            SWEEP.replace("palestinian_public =", "martians ="),
            "grid.opinion[low-trust].martians",
            "constituency",
        ),
        (
            SWEEP.replace("trust_other = 0.1", "trust = 0.1"),
            "grid.opinion[low-trust].all.trust",
            "opinion param",
        ),
        (SWEEP.replace("trust_other = 0.1", "trust_other = 7.0"), "constituencies[", "out of range"),
        (SWEEP.replace('"water-and-crossings"', '"atlantis"'), "grid.scenarios[0]", "neither a shipped"),
        (SWEEP.replace("seed = 3", "seed = 3\ncolour = 1"), "sweep.colour", "not a sweep setting"),
        (SWEEP.replace("[grid]", "[grid"), "line", "not valid TOML"),
        (SWEEP.replace('name = "low-trust"', 'name = "as-written"'), "grid.opinion[as-written].name", "two"),
    ],
)
def test_bad_sweep_files_get_one_line_each(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], text: str, field: str, words: str
) -> None:
    path = write(tmp_path, text)
    assert main(["sweep", str(path), "--workers", "1"]) == 1
    out, err = capsys.readouterr()
    lines = err.strip().splitlines()
    assert lines and all(line.startswith(str(path)) for line in lines), err
    assert field in err and words in err and "Traceback" not in err
    assert not (tmp_path / "mix-results").exists()  # nothing written for a file that does not check out


def test_missing_sweep_file(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["sweep", str(tmp_path / "nope.toml")]) == 1
    err = capsys.readouterr().err
    assert err.startswith(str(tmp_path / "nope.toml")) and "file not found" in err
