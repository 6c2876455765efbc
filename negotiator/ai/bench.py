"""Benchmarks of the game and its bots, for ``negotiator bench`` (targets from issue 5, not timed tests).

``game_benchmarks()`` returns entries ``{name, ours_s, target_s, met, ...}``:
- ``ai-move-p95-confederation``: the 95th percentile of one bot decision (view building included) over the moves of a
  few seeded confederation games; target 20 ms.
- ``ai-game-confederation``: a whole AI game with every delegation seated (median of a few); target 0.5 s.
- ``simulate-200-confederation``: estimated from the games above (200 x mean game time); target 120 s.
It lives in the ai layer (not game) because it runs bots, which the rules may not import.
"""

from __future__ import annotations

import time
from typing import Any

import numpy as np

from negotiator.ai.simulate import bots_for
from negotiator.game.rules import apply, new_game, whose_turn
from negotiator.game.setup import default_setup
from negotiator.game.views import view_for
from negotiator.model.registry import get_scenario


def _timed_game(scenario_id: str, seed: int) -> tuple[float, list[float]]:
    scenario = get_scenario(scenario_id)
    setup = default_setup(scenario, seed=seed)
    start = time.perf_counter()
    bots = bots_for(scenario, setup)
    state = new_game(scenario, setup)
    moves: list[float] = []
    while (seat := whose_turn(state)) is not None:
        t0 = time.perf_counter()
        cmd = bots[seat].choose(view_for(state, seat))
        moves.append(time.perf_counter() - t0)
        state, _ = apply(state, cmd)
    return time.perf_counter() - start, moves


def game_benchmarks(scenario_id: str = "confederation", games: int = 5) -> list[dict[str, Any]]:
    _timed_game(scenario_id, 10_000)  # warm caches (compiled scenario, simulated publics, frontier)
    totals: list[float] = []
    moves: list[float] = []
    for k in range(games):
        total, m = _timed_game(scenario_id, k)
        totals.append(total)
        moves.extend(m)
    p95 = float(np.percentile(moves, 95))
    game = float(np.median(totals))
    return [
        {"name": f"ai-move-p95-{scenario_id}", "ours_s": round(p95, 5), "target_s": 0.020, "met": p95 < 0.020,
         "moves": len(moves), "max_s": round(max(moves), 5)},
        {"name": f"ai-game-{scenario_id}", "ours_s": round(game, 4), "target_s": 0.5, "met": game < 0.5,
         "games": games},
        {"name": f"simulate-200-{scenario_id}", "ours_s": round(200 * float(np.mean(totals)), 2),
         "target_s": 120.0, "met": 200 * float(np.mean(totals)) < 120.0, "estimated_from_games": games},
    ]


if __name__ == "__main__":  # pragma: no cover
    import json

    print(json.dumps(game_benchmarks(), indent=2))
