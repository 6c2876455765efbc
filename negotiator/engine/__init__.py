"""Numpy engine: compiled utilities, exact bargaining analysis (Pareto frontier, Nash, Kalai-Smorodinsky,
egalitarian, ZOPA), deal metrics. No Qt, no database.

Public API (everything else is internal)::

    compiled = compile_scenario(scenario)                 # arrays; compiled.score(packages) -> (n, n_parties)
    frontier = pareto_frontier(compiled, ["israel", "palestine"])   # exact, cached; Frontier.packages / .utilities
    nash_point(frontier), kalai_smorodinsky_point(frontier), egalitarian_point(frontier)  # Solution | None
"""

from negotiator.engine.compiled import CompiledScenario, compile_scenario
from negotiator.engine.domain import AnalysisError, Domain, build_domain, make_domain
from negotiator.engine.pareto import Frontier, frontier_of, is_dominated, pareto_frontier
from negotiator.engine.solutions import (
    Solution,
    egalitarian_point,
    ideal_gains,
    kalai_smorodinsky_point,
    nash_point,
    utilitarian_point,
)

__all__ = [
    "AnalysisError",
    "CompiledScenario",
    "Domain",
    "Frontier",
    "Solution",
    "build_domain",
    "compile_scenario",
    "egalitarian_point",
    "frontier_of",
    "ideal_gains",
    "is_dominated",
    "kalai_smorodinsky_point",
    "make_domain",
    "nash_point",
    "pareto_frontier",
    "utilitarian_point",
]
