"""The unit of work a worker runs: a chunk of consecutive games of one batch, and what comes back for each game.

A :class:`Chunk` carries everything a fresh process needs (the scenario itself, not a path, so a scenario edited by
a sweep reaches remote workers too). Workers keep one :class:`~negotiator.game.runtime.ScenarioRuntime` per scenario
they receive, keyed by its content, and play every later chunk of it on that runtime: compiled tables, simulated
publics, the frontier and the bots' forecaster are then built once per worker, not once per chunk.
"""

from __future__ import annotations

import hashlib
import threading
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from negotiator.ai.batch import play_game
from negotiator.game.commands import Command
from negotiator.game.runtime import ScenarioRuntime
from negotiator.game.setup import GameSetup
from negotiator.game.state import state_hash
from negotiator.model.canonical import canonical_json
from negotiator.model.schema import Scenario


def scenario_key(scenario: Scenario) -> str:
    """A content key: equal scenarios (wherever loaded or however copied) share it."""
    text = canonical_json(scenario.model_dump(mode="json"))
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


@dataclass(frozen=True, slots=True)
class Chunk:
    """Games ``start`` to ``stop - 1`` of the batch with seed ``seed`` (or the listed ``indexes``: a resumed sweep
    plays only the games it lacks)."""

    scenario: Scenario
    key: str
    seed: int
    indexes: tuple[int, ...]
    personas: Mapping[str, str] = field(default_factory=dict)
    keep_logs: bool = False
    """Send back each game's setup and commands too (``simulate --db`` stores them in the parent process)."""

    @property
    def games(self) -> int:
        return len(self.indexes)


@dataclass(frozen=True, slots=True)
class GameLog:
    """What a save needs to rebuild a game: its setup, its commands and the hash of the state they lead to."""

    setup: GameSetup
    commands: tuple[Command, ...]
    state_hash: str


@dataclass(frozen=True, slots=True)
class GameResult:
    """One finished game: its index in the batch, its row (see :func:`negotiator.ai.batch.game_row`; plain JSON-safe
    data, so new fields travel without changes here) and, when asked for, its log."""

    index: int
    row: dict[str, Any]
    log: GameLog | None = None


_WORKER_RUNTIMES: dict[str, ScenarioRuntime] = {}
"""This worker process's runtimes by scenario content (the process is their owner: it lives for many chunks)."""
_WORKER_LOCK = threading.Lock()
_MAX_SCENARIOS = (
    16  # a sweep's cells each have their own scenario; old ones make way (their runtimes with them)
)
_LIMITED = False


def limit_threads() -> None:
    """One BLAS/OpenMP thread in this process: a worker per core, each with its own threads, would oversubscribe."""
    global _LIMITED
    if not _LIMITED:
        from threadpoolctl import threadpool_limits

        threadpool_limits(limits=1)
        _LIMITED = True


def _runtime(chunk: Chunk) -> ScenarioRuntime:
    with _WORKER_LOCK:
        hit = _WORKER_RUNTIMES.get(chunk.key)
        if hit is None:
            if len(_WORKER_RUNTIMES) >= _MAX_SCENARIOS:
                _WORKER_RUNTIMES.pop(next(iter(_WORKER_RUNTIMES)))
            hit = _WORKER_RUNTIMES[chunk.key] = ScenarioRuntime(chunk.scenario)
        return hit


def play_chunk(chunk: Chunk) -> list[GameResult]:
    """Play a chunk's games in index order (what every engine runs, in whatever process)."""
    limit_threads()
    runtime = _runtime(chunk)
    out = []
    for k in chunk.indexes:
        record, row = play_game(runtime.scenario, chunk.seed, k, chunk.personas, runtime)
        log = None
        if chunk.keep_logs:
            log = GameLog(record.setup, record.commands, state_hash(record.final_state))
        out.append(GameResult(k, row, log))
    return out
