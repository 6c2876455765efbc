"""A game's runtime: everything derived from its scenario that is costly to build and never changes during play.

The compiled scoring arrays, the simulated publics (thousands of people per constituency), the frontier between the
signatories and the bots' ratification forecaster are pure functions of the scenario. A :class:`ScenarioRuntime`
builds each on first use and keeps it for as long as the runtime lives; nothing is kept anywhere else (no module-level
caches), so two scenarios in one process never share or cross state, and a runtime dies with the games that hold it.

Ownership: a game's :class:`~negotiator.game.state.Context` holds its runtime (``state.ctx.runtime``); whoever starts
games (a session, a batch of simulated games, a benchmark) creates one runtime per scenario and passes it to
:func:`negotiator.game.rules.new_game` and to the bots, so every fold of the log, every bot and every preview of the
same game use the same simulated people. It is safe to share between threads: each part is built once under its own
lock (two threads asking at once wait for one build), and the parts are immutable or guard themselves.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Sequence
from typing import TypeVar, cast

from negotiator.engine.compiled import CompiledScenario, compile_scenario
from negotiator.engine.opinion import PublicOpinion
from negotiator.game.metrics import FrontierInfo, compute_frontier_info
from negotiator.game.publics import Publics, opening_opinion
from negotiator.model.schema import Scenario

T = TypeVar("T")


class ScenarioRuntime:
    """The derived, immutable parts of one scenario, built once each on first use (see the module docstring)."""

    def __init__(self, scenario: Scenario) -> None:
        self.scenario = scenario
        self._lock = threading.Lock()
        self._parts: dict[object, object] = {}
        self._gates: dict[object, threading.Lock] = {}

    def _once(self, key: object, build: Callable[[], T]) -> T:
        with self._lock:
            if key in self._parts:
                return cast(T, self._parts[key])
            gate = self._gates.setdefault(key, threading.Lock())
        with gate:  # one build per part; other parts go on being built or read meanwhile
            with self._lock:
                if key in self._parts:
                    return cast(T, self._parts[key])
            value = build()
            with self._lock:
                self._parts[key] = value
        return value

    @property
    def compiled(self) -> CompiledScenario:
        """Every delegation's points as arrays (confidential: the rules and the debrief read it, views never)."""
        return self._once("compiled", lambda: compile_scenario(self.scenario))

    @property
    def opinion(self) -> PublicOpinion:
        """The game's simulated publics at the talks' opening (the same people in every game of the scenario)."""
        return self._once("opinion", lambda: opening_opinion(self.scenario))

    @property
    def publics(self) -> Publics:
        """The game's window on public opinion: polls, reactions, ratification (on :attr:`opinion`'s people)."""
        return self._once("publics", lambda: Publics(self.opinion))

    def frontier(self, parties: Sequence[str] | None = None) -> FrontierInfo:
        """The exact Pareto frontier between ``parties`` (default: the signatories)."""
        ps = tuple(parties) if parties is not None else tuple(self.scenario.rules.signatories)
        return self._once(("frontier", ps), lambda: compute_frontier_info(self.compiled, ps))

    def derived(self, key: str, build: Callable[[], T]) -> T:
        """A part a higher layer derives from this runtime (the bots' forecaster), built once by ``build`` on first
        use and shared by everyone who asks with the same ``key`` (name keys after their module)."""
        return self._once(("derived", key), build)


class Runtimes:
    """The runtimes of the scenarios one owner plays, one per scenario: for whoever starts many games (the app, a
    batch, a benchmark), so the second game of a scenario does not build its publics again. Owned by an instance
    (make one per app or per batch): nothing is kept at module level. Looked up by scenario id and then by identity,
    so an edited copy of a scenario gets its own runtime; at most :attr:`PER_ID` are kept per id (oldest dropped)."""

    PER_ID = 4

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._by_id: dict[str, list[ScenarioRuntime]] = {}

    def __call__(self, scenario: Scenario) -> ScenarioRuntime:
        with self._lock:
            kept = self._by_id.setdefault(scenario.id, [])
            for rt in kept:
                if rt.scenario is scenario:
                    return rt
            rt = ScenarioRuntime(scenario)
            kept.append(rt)
            del kept[: -self.PER_ID]
            return rt
