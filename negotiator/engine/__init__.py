"""Numpy engine: compiled utilities, exact bargaining analysis (Pareto frontier, Nash, Kalai-Smorodinsky,
egalitarian, ZOPA), deal metrics. No Qt, no database. (Public opinion lives in its own subpackage.)

Public API (everything else is internal)::

    compiled = compile_scenario(scenario)                  # arrays; compiled.score(packages) -> (n, n_parties)
    frontier = pareto_frontier(compiled, ["israel", "palestine"])   # exact, kept with the compiled scenario
    frontier.packages, frontier.utilities                  # (n, n_issues) option indices, (n, n_parties) points
    nash_point(frontier), kalai_smorodinsky_point(frontier), egalitarian_point(frontier)   # Solution | None
    zopa(compiled, parties)                                # Zopa: exact size, best frontier rows, ideal point
    deal_metrics(compiled, package, parties)               # DealMetrics of one package
    analyze(scenario, parties=None)                        # Analysis: all of the above + timing

Parties are delegation ids (or row indices of ``compiled``); every function takes any number of them (2-4 is what
``negotiator analyze`` offers). Utilities are compared exactly (see :mod:`negotiator.engine.domain`).
"""

from negotiator.engine.analysis import Analysis, analyze, red_line_mask
from negotiator.engine.compiled import CompiledScenario, compile_scenario
from negotiator.engine.domain import AnalysisError, Domain, InteractionTerm, build_domain, make_domain
from negotiator.engine.metrics import (
    DealMetrics,
    deal_metrics,
    deal_metrics_report,
    default_parties,
    metrics_on,
)
from negotiator.engine.pareto import Frontier, frontier_of, is_dominated, pareto_frontier
from negotiator.engine.solutions import (
    Solution,
    egalitarian_point,
    ideal_gains,
    kalai_smorodinsky_point,
    nash_point,
    utilitarian_point,
)
from negotiator.engine.zone import Zopa, count_at_least, zopa, zopa_of

__all__ = [
    "Analysis",
    "AnalysisError",
    "CompiledScenario",
    "DealMetrics",
    "Domain",
    "Frontier",
    "InteractionTerm",
    "Solution",
    "Zopa",
    "analyze",
    "build_domain",
    "compile_scenario",
    "count_at_least",
    "deal_metrics",
    "deal_metrics_report",
    "default_parties",
    "egalitarian_point",
    "frontier_of",
    "ideal_gains",
    "is_dominated",
    "kalai_smorodinsky_point",
    "make_domain",
    "metrics_on",
    "nash_point",
    "pareto_frontier",
    "red_line_mask",
    "utilitarian_point",
    "zopa",
    "zopa_of",
]
