"""Benchmarks of the game and its bots, for ``negotiator bench`` (targets from issue 5, not timed tests).

``game_benchmarks()`` returns entries ``{name, ours_s, target_s, meets_target, detail}`` (the shape of
:func:`negotiator.engine.opinion.bench.opinion_benchmarks`):

- ``ai-move-p95-<scenario>``: the 95th percentile of one bot decision (view building included) over every move of a
  few seeded games; target 20 ms;
- ``ai-game-<scenario>``: a whole AI game with every delegation seated (the median of those games); target 0.5 s;
- ``simulate-200-<scenario>``: 200 games, *estimated* as 200 x the mean game time of the same games (the detail says
  so; ``negotiator simulate -s confederation -n 200`` measures it for real); target 120 s.

Timings are wall-clock (``perf_counter``); the detail also gives the process CPU time, which a busy shared machine
inflates far less, so a reader can tell contention from slowness. It lives in the ai layer (not game) because it runs
bots, which the rules may not import.
"""

from __future__ import annotations

import time
from typing import Any

import numpy as np

from negotiator.ai.simulate import bots_for
from negotiator.game.rules import apply, new_game, whose_turn
from negotiator.game.runtime import ScenarioRuntime
from negotiator.game.setup import default_setup
from negotiator.game.views import view_for
from negotiator.model.registry import get_scenario

TARGETS = {"ai-move-p95": 0.020, "ai-game": 0.5, "simulate-200": 120.0}


def _timed_game(runtime: ScenarioRuntime, seed: int) -> tuple[float, float, list[float]]:
    """(wall seconds, CPU seconds, per-move wall seconds) of one AI game on the scenario's shared runtime."""
    scenario = runtime.scenario
    setup = default_setup(scenario, seed=seed)
    start, cpu = time.perf_counter(), time.process_time()
    bots = bots_for(scenario, setup, runtime)
    state = new_game(scenario, setup, runtime)
    moves: list[float] = []
    while (seat := whose_turn(state)) is not None:
        t0 = time.perf_counter()
        cmd = bots[seat].choose(view_for(state, seat))
        moves.append(time.perf_counter() - t0)
        state, _ = apply(state, cmd)
    return time.perf_counter() - start, time.process_time() - cpu, moves


def _entry(name: str, ours: float, target: float, detail: str) -> dict[str, Any]:
    return {
        "name": name,
        "ours_s": round(ours, 5),
        "target_s": target,
        "meets_target": ours < target,
        "detail": detail,
    }


def game_benchmarks(scenario_id: str = "confederation", games: int = 5) -> list[dict[str, Any]]:
    """Time ``games`` seeded AI games of ``scenario_id`` (after one warm-up game) and report the three targets."""
    games = max(1, games)
    # one runtime for every game, as a batch or the app keeps one per scenario; the warm-up game builds its parts
    # (compiled scenario, simulated publics, forecaster)
    runtime = ScenarioRuntime(get_scenario(scenario_id))
    _timed_game(runtime, 10_000)
    walls: list[float] = []
    cpus: list[float] = []
    moves: list[float] = []
    for k in range(games):
        wall, cpu, m = _timed_game(runtime, k)
        walls.append(wall)
        cpus.append(cpu)
        moves.extend(m)
    p95 = float(np.percentile(moves, 95))
    game = float(np.median(walls))
    total = 200 * float(np.mean(walls))
    return [
        _entry(
            f"ai-move-p95-{scenario_id}",
            p95,
            TARGETS["ai-move-p95"],
            f"{len(moves)} moves of {games} games; median {1000 * float(np.median(moves)):.1f} ms, "
            f"max {1000 * max(moves):.1f} ms",
        ),
        _entry(
            f"ai-game-{scenario_id}",
            game,
            TARGETS["ai-game"],
            f"median of {games} games, {len(moves) // games} moves each on average; "
            f"CPU {float(np.median(cpus)):.3f} s",
        ),
        _entry(
            f"simulate-200-{scenario_id}",
            total,
            TARGETS["simulate-200"],
            f"estimated: 200 x mean of {games} games (CPU {200 * float(np.mean(cpus)):.1f} s)",
        ),
    ]


if __name__ == "__main__":  # pragma: no cover
    import json

    print(json.dumps(game_benchmarks(), indent=2))
