"""One call for the whole exact analysis of a scenario between some delegations (``negotiator analyze``).

:func:`analyze` returns an :class:`Analysis`: outcome-space size, the Pareto frontier (each row a package with its
utilities), the Nash, Kalai-Smorodinsky and egalitarian points, the ZOPA (exact size, best points, ideal point) and
the seconds it took. The ZOPA's required signatories are the analysed delegations themselves. By default the
delegations are the scenario's principals (see :func:`negotiator.engine.metrics.default_parties`).

Optionally packages may be restricted to options no analysed delegation has declared a red line on.
"""

from __future__ import annotations

import time
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np

from negotiator.engine.compiled import CompiledScenario, compile_scenario
from negotiator.engine.domain import AnalysisError, BoolArray, build_domain
from negotiator.engine.metrics import default_parties, frontier_point_json
from negotiator.engine.pareto import Frontier, frontier_of
from negotiator.engine.solutions import Solution, egalitarian_point, kalai_smorodinsky_point, nash_point
from negotiator.engine.zone import Zopa, zopa_of
from negotiator.model.schema import Scenario


@dataclass(frozen=True, eq=False)
class Analysis:
    """Everything ``negotiator analyze`` reports (see module docstring)."""

    scenario_id: str
    party_ids: tuple[str, ...]
    compiled: CompiledScenario
    outcome_count: int
    frontier: Frontier
    nash: Solution | None
    kalai_smorodinsky: Solution | None
    egalitarian: Solution | None
    zopa: Zopa
    respect_red_lines: bool
    seconds: float

    def solutions(self) -> dict[str, Solution | None]:
        return {
            "nash": self.nash,
            "kalai_smorodinsky": self.kalai_smorodinsky,
            "egalitarian": self.egalitarian,
        }

    def to_json(self, limit: int | None = None) -> dict[str, Any]:
        """JSON-serialisable form; ``limit`` caps the number of frontier points listed (all by default)."""
        rows = range(len(self.frontier)) if limit is None else range(min(limit, len(self.frontier)))

        def solution(s: Solution | None) -> dict[str, Any] | None:
            if s is None:
                return None
            out = frontier_point_json(self.compiled, self.frontier, s.index)
            out["gains"] = {p: round(float(g), 4) for p, g in zip(self.party_ids, s.gains, strict=True)}
            return out

        return {
            "scenario": self.scenario_id,
            "parties": list(self.party_ids),
            "respect_red_lines": self.respect_red_lines,
            "outcomes": self.outcome_count,
            "reservation_values": {
                p: round(float(v), 4) for p, v in zip(self.party_ids, self.frontier.reservation, strict=True)
            },
            "frontier_size": len(self.frontier),
            "frontier": [frontier_point_json(self.compiled, self.frontier, r) for r in rows],
            "nash": solution(self.nash),
            "kalai_smorodinsky": solution(self.kalai_smorodinsky),
            "egalitarian": solution(self.egalitarian),
            "zopa": {
                "size": self.zopa.size,
                "fraction": self.zopa.fraction,
                "frontier_points": int(self.zopa.best_rows.size),
                "ideal": (
                    None
                    if self.zopa.ideal is None
                    else {p: round(float(v), 4) for p, v in zip(self.party_ids, self.zopa.ideal, strict=True)}
                ),
            },
            "seconds": round(self.seconds, 4),
        }


def red_line_mask(scenario: Scenario, compiled: CompiledScenario, parties: Sequence[str]) -> BoolArray:
    """Options allowed when every red line of ``parties`` is respected."""
    allowed = np.zeros((compiled.n_issues, int(compiled.n_options.max())), dtype=bool)
    for i, n in enumerate(compiled.n_options.tolist()):
        allowed[i, :n] = True
    for pid in parties:
        for line in scenario.delegation(pid).red_lines:
            i = compiled.issue_ids.index(line.issue)
            for opt in line.options:
                allowed[i, compiled.option_ids[i].index(opt)] = False
    for i, issue in enumerate(compiled.issue_ids):
        if not allowed[i].any():
            raise AnalysisError(
                f"the red lines of {', '.join(parties)} rule out every option of issue {issue!r}"
            )
    return allowed


def analyze(
    scenario: Scenario,
    parties: Sequence[str] | None = None,
    *,
    respect_red_lines: bool = False,
    compiled: CompiledScenario | None = None,
) -> Analysis:
    """The exact analysis of ``scenario`` between ``parties`` (default: the principals)."""
    start = time.perf_counter()
    ids = list(parties) if parties is not None else default_parties(scenario)
    comp = compiled if compiled is not None else compile_scenario(scenario)
    allowed = red_line_mask(scenario, comp, ids) if respect_red_lines else None
    domain = build_domain(comp, ids, allowed)
    frontier = frontier_of(domain)
    nash = nash_point(frontier)
    ks = kalai_smorodinsky_point(frontier)
    egal = egalitarian_point(frontier)
    zopa = zopa_of(frontier)
    return Analysis(
        scenario_id=scenario.id,
        party_ids=domain.party_ids,
        compiled=comp,
        outcome_count=domain.outcome_count,
        frontier=frontier,
        nash=nash,
        kalai_smorodinsky=ks,
        egalitarian=egal,
        zopa=zopa,
        respect_red_lines=respect_red_lines,
        seconds=time.perf_counter() - start,
    )
