"""Deal metrics: how good a package is for each delegation and how far it sits from the best deals available.

Definitions (``u_p`` a delegation's points for the package, ``r_p`` its walk-away value, all in points 0-100):

- **surplus** ``s_p = u_p - r_p``; **clears** when ``s_p >= 0``; **joint gain** ``sum_p s_p``.
- **available surplus**: the largest joint gain of any package in the ZOPA (every surplus >= 0), i.e. what the
  parties could have shared at best; ``None`` when the ZOPA is empty.
- **efficiency**: joint gain / available surplus (1 for a package that leaves nothing on the table).
- **share of surplus** ``s_p / available surplus``: the part of the available surplus each side took.
- **frontier gap** ``t*``: the largest ``t`` such that every delegation could gain ``t`` more points at once, i.e.
  ``max over frontier packages f of min_p (u_p(f) - u_p)``. 0 exactly when the package is Pareto-optimal or only
  one-sided improvements exist. The frontier package attaining it is the **equal-gain point** (first one on ties).
- **nearest frontier point**: among frontier packages every delegation likes at least as much, the one closest in
  points (Euclidean); its distance says how much was left on the table, without anyone losing.
- **equality**: ``min_p max(s_p, 0) / max_p max(s_p, 0)``, symmetric in the delegations: 1 when the surpluses are
  equal (collective equality), 0 when some side gained nothing over walking away while another did; ``None`` when
  no side gained anything (nothing to share, equally or not).
- **normalised gain** ``s_p / ideal_p``: surplus relative to the best surplus the delegation could get within the
  ZOPA (the Kalai-Smorodinsky scale); ``None`` when the ZOPA is empty.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np

from negotiator.engine.compiled import CompiledScenario, FloatArray, IntArray, compile_scenario
from negotiator.engine.pareto import Frontier, is_dominated, pareto_frontier
from negotiator.engine.solutions import ideal_gains, utilitarian_point
from negotiator.model.schema import Scenario


@dataclass(frozen=True, eq=False)
class DealMetrics:
    """Metrics of one package for some delegations (see module docstring for every definition)."""

    party_ids: tuple[str, ...]
    package: IntArray
    points: FloatArray
    reservation: FloatArray
    surplus: FloatArray
    clears: tuple[bool, ...]
    joint_gain: float
    available_surplus: float | None
    efficiency: float | None
    share_of_surplus: FloatArray | None
    normalised_gain: FloatArray | None
    equality: float | None
    on_frontier: bool
    frontier_gap: float
    equal_gain_row: int
    nearest_row: int
    nearest_distance: float
    frontier: Frontier


def _row(compiled: CompiledScenario, package: Mapping[str, str] | Sequence[int] | IntArray) -> IntArray:
    if isinstance(package, Mapping):
        return compiled.encode(package)
    return np.asarray(package, dtype=np.intp).reshape(compiled.n_issues)


def deal_metrics(
    compiled: CompiledScenario,
    package: Mapping[str, str] | Sequence[int] | IntArray,
    parties: Sequence[str | int] | None = None,
    *,
    frontier: Frontier | None = None,
) -> DealMetrics:
    """Metrics of ``package`` (a :class:`Package` or option indices) for ``parties`` (default: all of ``compiled``)."""
    front = frontier if frontier is not None else pareto_frontier(compiled, parties)
    return metrics_on(front, _row(compiled, package))


def metrics_on(front: Frontier, row: IntArray) -> DealMetrics:
    """Metrics of the package ``row`` (option indices) against an exact frontier."""
    domain = front.domain
    q = domain.score_q(row[None, :])[0]
    points = domain.to_points(q)
    reservation = domain.reservation
    gain_q = q - domain.reservation_q
    surplus = domain.to_points(gain_q)
    best = utilitarian_point(front)
    available = float(best.gains.sum()) if best is not None else None
    ideal = ideal_gains(front)
    clipped = np.maximum(surplus, 0.0)
    top = float(clipped.max())
    equality = None if top == 0.0 else float(clipped.min()) / top
    # Equal-gain improvement, in points (parties may count in different units).
    slack = domain.to_points(front.q - q[None, :]).min(axis=1)
    gap_row = int(np.argmax(slack))
    weakly_better = np.flatnonzero(np.all(front.q >= q[None, :], axis=1))
    diffs = front.utilities[weakly_better] - points[None, :]
    dist = np.sqrt((diffs**2).sum(axis=1))
    near = int(np.argmin(dist))
    return DealMetrics(
        party_ids=domain.party_ids,
        package=row,
        points=points,
        reservation=reservation,
        surplus=surplus,
        clears=tuple(bool(v >= 0) for v in gain_q.tolist()),
        joint_gain=float(surplus.sum()),
        available_surplus=available,
        efficiency=(float(surplus.sum()) / available) if available else None,
        share_of_surplus=(surplus / available) if available else None,
        normalised_gain=(
            np.where(ideal > 0, gain_q / np.where(ideal > 0, ideal, 1), 1.0) if ideal is not None else None
        ),
        equality=equality,
        on_frontier=not bool(is_dominated(front, q[None, :])[0]),
        frontier_gap=max(0.0, float(slack[gap_row])),
        equal_gain_row=gap_row,
        nearest_row=int(weakly_better[near]),
        nearest_distance=float(dist[near]),
        frontier=front,
    )


def default_parties(scenario: Scenario) -> list[str]:
    """The delegations an analysis is about by default: the principals, or every delegation if fewer than two."""
    principals = [d.id for d in scenario.principals]
    return principals if len(principals) >= 2 else [d.id for d in scenario.delegations]


def _r(x: float | None, nd: int = 4) -> float | None:
    return None if x is None else round(float(x), nd)


def frontier_point_json(compiled: CompiledScenario, frontier: Frontier, row: int) -> dict[str, Any]:
    """A frontier row as ``{package: {issue: option}, utilities: {party: points}}``."""
    util = frontier.utilities[row]
    return {
        "package": compiled.decode(frontier.packages[row]).as_dict(),
        "utilities": {p: round(float(v), 4) for p, v in zip(frontier.party_ids, util, strict=True)},
    }


def metrics_json(compiled: CompiledScenario, m: DealMetrics) -> dict[str, Any]:
    """JSON-serialisable form of :class:`DealMetrics` (points rounded to 4 decimals)."""
    per_party = {}
    for k, pid in enumerate(m.party_ids):
        per_party[pid] = {
            "points": _r(m.points[k]),
            "reservation_value": _r(m.reservation[k]),
            "surplus": _r(m.surplus[k]),
            "clears_walk_away": m.clears[k],
            "share_of_surplus": _r(m.share_of_surplus[k]) if m.share_of_surplus is not None else None,
            "normalised_gain": _r(m.normalised_gain[k]) if m.normalised_gain is not None else None,
        }
    near = frontier_point_json(compiled, m.frontier, m.nearest_row)
    near["distance"] = _r(m.nearest_distance)
    return {
        "parties": list(m.party_ids),
        "delegations": per_party,
        "joint_gain": _r(m.joint_gain),
        "available_surplus": _r(m.available_surplus),
        "efficiency": _r(m.efficiency),
        "equality": _r(m.equality),
        "on_frontier": m.on_frontier,
        "frontier_gap": _r(m.frontier_gap),
        "equal_gain_point": frontier_point_json(compiled, m.frontier, m.equal_gain_row),
        "nearest_frontier_point": near,
    }


def deal_metrics_report(scenario: Scenario, package: Mapping[str, str]) -> dict[str, Any]:
    """Deal metrics of ``package`` between the scenario's principal delegations, as a JSON-serialisable dict."""
    compiled = compile_scenario(scenario)
    return metrics_json(compiled, deal_metrics(compiled, package, default_parties(scenario)))
