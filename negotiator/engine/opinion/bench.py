"""Speed targets of the opinion layer, for ``negotiator bench``.

- ``opinion-react-100k``: one constituency of 100,000 simulated people reacts to one package (target < 10 ms);
- ``opinion-poll-all``: a full poll of every constituency and aggregate of the flagship scenario, as the UI's live
  preview asks while a player edits an offer (target < 50 ms);
- ``opinion-explain``: why one group reacts as it does and what would flip it (no target; reported).

Timings are the best of ``repeats`` runs after one warm-up (the first call pays for imports and allocation).
"""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Any

from negotiator.engine.opinion.public import PublicOpinion
from negotiator.engine.opinion.reaction import shares, utilities
from negotiator.model.registry import get_scenario

TARGETS = {"opinion-react-100k": 0.010, "opinion-poll-all": 0.050}


def _best(fn: Callable[[], object], repeats: int) -> float:
    fn()
    best = float("inf")
    for _ in range(repeats):
        t0 = time.perf_counter()
        fn()
        best = min(best, time.perf_counter() - t0)
    return best


def opinion_benchmarks(
    scenario: str = "confederation", package: str = "pulse-2016", repeats: int = 7
) -> list[dict[str, Any]]:
    """Entries ``{name, ours_s, target_s, meets_target, detail}`` for the bench command."""
    sc = get_scenario(scenario)
    pkg = sc.reference(package).options
    big = PublicOpinion.create(sc, seed=0, size=100_000)
    k = big.model.index("secular_jews") if "secular_jews" in big.model.ids else 0
    g = big.model.groups[k]

    def react() -> object:
        # everything a live preview pays for one constituency: encoding, the package's context, every utility
        # and the shares
        x = big.encode(pkg)
        mix = big.model.paradigm_mix(x)
        return shares(utilities(g, big.people[k], x, big.model.status_quo, mix, "none", None), g.band)

    game = PublicOpinion.create(sc, seed=0)
    out = []
    for name, fn, detail in (
        ("opinion-react-100k", react, f"100,000 people of {g.id}, package {package}"),
        (
            "opinion-poll-all",
            lambda: game.poll(pkg),
            f"{len(game.model.groups)} constituencies x {game.size:,} people + aggregates, package {package}",
        ),
        (
            "opinion-explain",
            lambda: game.explain(big.model.groups[k].id, pkg),
            f"contributions, best moves and flip path for {g.id}",
        ),
    ):
        s = _best(fn, repeats)
        target = TARGETS.get(name)
        out.append(
            {
                "name": name,
                "ours_s": s,
                "target_s": target,
                "meets_target": None if target is None else s < target,
                "detail": detail,
            }
        )
    return out
