"""Outcome metrics for simulations and debriefs: distance of an agreement to the Pareto frontier, ZOPA existence.

Uses the engine's exact frontier (:func:`negotiator.engine.pareto_frontier`). The distance is "how much both could
still have gained": the largest ``min_i (f_i - a_i)`` over frontier points ``f`` (0 on the frontier), in points on the
0-100 scale, so "within 5% of the points range" reads as a distance of at most 5. When the engine's deal metrics
module provides the same measure, this adapter can defer to it.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import numpy as np

from negotiator.engine import compile_scenario, pareto_frontier
from negotiator.engine.compiled import FloatArray
from negotiator.model.schema import Scenario


@dataclass(frozen=True, eq=False)
class FrontierInfo:
    parties: tuple[str, ...]
    utilities: FloatArray
    reservation: FloatArray

    @property
    def zopa_exists(self) -> bool:
        return bool((self.utilities >= self.reservation[None, :] - 1e-9).all(axis=1).any())

    def distance(self, points: Mapping[str, float]) -> float:
        a = np.array([points[p] for p in self.parties])
        return max(0.0, float(np.max(np.min(self.utilities - a[None, :], axis=1))))


_CACHE: dict[tuple[int, tuple[str, ...]], tuple[Scenario, FrontierInfo]] = {}


def frontier_info(scenario: Scenario, parties: Sequence[str] | None = None) -> FrontierInfo:
    """The exact frontier between ``parties`` (default: the signatories), cached per scenario object."""
    ps = tuple(parties) if parties is not None else tuple(scenario.rules.signatories)
    key = (id(scenario), ps)
    hit = _CACHE.get(key)
    if hit is not None and hit[0] is scenario:
        return hit[1]
    compiled = compile_scenario(scenario)
    f = pareto_frontier(compiled, list(ps))
    info = FrontierInfo(ps, np.asarray(f.utilities, dtype=float), np.asarray(f.reservation, dtype=float))
    _CACHE[key] = (scenario, info)
    return info
