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

from negotiator.engine import pareto_frontier
from negotiator.engine.compiled import CompiledScenario, FloatArray


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


def compute_frontier_info(compiled: CompiledScenario, parties: Sequence[str]) -> FrontierInfo:
    """The exact frontier between ``parties`` (a game keeps it in its runtime: ``runtime.frontier()``)."""
    ps = tuple(parties)
    f = pareto_frontier(compiled, list(ps))
    return FrontierInfo(ps, np.asarray(f.utilities, dtype=float), np.asarray(f.reservation, dtype=float))
