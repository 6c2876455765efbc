"""Batches of seeded AI games and their summary: what ``negotiator simulate`` prints and what trainers compare.

Game ``k`` of a batch with seed ``K`` uses seed ``K + k``; personas may be fixed per delegation or cycled. The
summary's ``digest`` is sha256 over every game's transcript digest in order, so the same batch gives the same digest
on every machine.
"""

from __future__ import annotations

import hashlib
from collections import Counter
from collections.abc import Callable, Mapping
from typing import Any

import numpy as np

from negotiator.ai.simulate import play_ai_game
from negotiator.game.metrics import frontier_info
from negotiator.game.replay import GameRecord, transcript_digest
from negotiator.game.setup import default_setup
from negotiator.model.schema import Scenario


def game_row(scenario: Scenario, record: GameRecord) -> dict[str, Any]:
    """The facts of one game a summary needs (points are the confidential debrief: for trainers, not players)."""
    state = record.final_state
    o = state.outcome
    assert o is not None
    info = frontier_info(scenario)
    signed = bool(o.package)
    pkg_points = dict(o.package_points)
    row: dict[str, Any] = {
        "seed": record.setup.seed,
        "personas": {s.delegation: s.persona for s in record.setup.seats},
        "result": o.result,
        "signed": signed,
        "ratified": o.result == "ratified",
        "paradigm": o.paradigm,
        "rounds": state.round,
        "points": dict(o.points),
        "package_points": pkg_points,
        "distance": info.distance(pkg_points) if signed else None,
        "below_walk_away": [
            d.id
            for d in scenario.delegations
            if signed and d.id in scenario.rules.signatories and pkg_points[d.id] < d.reservation_value - 1e-9
        ],
        "ratification": {v.delegation: v.probability for v in state.ratification},
        "digest": transcript_digest(record),
        "commands": len(record.commands),
    }
    return row


def run_batch(
    scenario: Scenario,
    games: int,
    seed: int,
    personas: Mapping[str, str] | None = None,
    progress: Callable[[int], None] | None = None,
    on_record: Callable[[GameRecord, dict[str, Any]], None] | None = None,
) -> list[dict[str, Any]]:
    """Play ``games`` seeded AI games (game ``k`` has seed ``seed + k``) and return one row per game.

    ``on_record(record, row)`` is called after each game, before ``progress``: it may store the record and add
    fields to the row (the save recorder adds ``game_id``)."""
    rows = []
    for k in range(games):
        setup = default_setup(scenario, seed=seed + k, personas=dict(personas or {}))
        record = play_ai_game(scenario, setup)
        row = game_row(scenario, record)
        if on_record is not None:
            on_record(record, row)
        rows.append(row)
        if progress is not None:
            progress(1)
    return rows


def summarise(scenario: Scenario, rows: list[dict[str, Any]]) -> dict[str, Any]:
    n = len(rows)
    signed = [r for r in rows if r["signed"]]
    seated = [d.id for d in scenario.delegations]
    info = frontier_info(scenario)
    digest = hashlib.sha256("".join(r["digest"] for r in rows).encode("ascii")).hexdigest()

    def mean(values: list[float]) -> float | None:
        return round(float(np.mean(values)), 3) if values else None

    return {
        "scenario": scenario.id,
        "games": n,
        "zopa_exists": info.zopa_exists,
        "agreement_rate": round(len(signed) / n, 4) if n else 0.0,
        "ratification_rate": round(sum(r["ratified"] for r in rows) / n, 4) if n else 0.0,
        "results": dict(sorted(Counter(r["result"] for r in rows).items())),
        "mean_points": {d: mean([r["points"][d] for r in rows]) for d in seated},
        "mean_points_when_signed": {d: mean([r["package_points"][d] for r in signed]) for d in seated},
        "mean_distance_to_frontier": mean([r["distance"] for r in signed]),
        "max_distance_to_frontier": round(max(r["distance"] for r in signed), 3) if signed else None,
        "below_walk_away": sum(1 for r in rows if r["below_walk_away"]),
        "paradigms": dict(sorted(Counter(r["paradigm"] for r in rows).items())),
        "mean_rounds": mean([r["rounds"] for r in rows]),
        "rounds_used": dict(sorted(Counter(r["rounds"] for r in rows).items())),
        "digest": digest,
    }
