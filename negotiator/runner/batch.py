"""One batch of seeded AI games on any engine, streamed back in game order.

:func:`chunks_of` splits game indexes into chunks (the split never changes a game: each game's seed comes from the
batch seed and its index alone); :func:`stream_batch` runs them and yields every game's result in order. The caller
folds rows into a :class:`~negotiator.ai.batch.Tally` as they arrive, writes them out, or stores them.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping, Sequence

from negotiator.model.schema import Scenario
from negotiator.runner.engines import Engine, OnDone, RunnerError
from negotiator.runner.work import Chunk, GameResult, scenario_key


def default_chunk_size(games: int, workers: int) -> int:
    """About eight chunks per worker (so the last chunks finish together), at most 50 games each."""
    return max(1, min(50, games // (8 * max(1, workers))))


def chunks_of(
    scenario: Scenario,
    seed: int,
    indexes: Sequence[int],
    chunk_size: int,
    personas: Mapping[str, str] | None = None,
    keep_logs: bool = False,
    key: str | None = None,
) -> Iterator[Chunk]:
    if chunk_size < 1:
        raise RunnerError.of("cli.error.chunk-size", flag="--chunk-size", value=chunk_size, example=10)
    key = key or scenario_key(scenario)
    for at in range(0, len(indexes), chunk_size):
        yield Chunk(
            scenario, key, seed, tuple(indexes[at : at + chunk_size]), dict(personas or {}), keep_logs
        )


def stream_batch(
    engine: Engine,
    scenario: Scenario,
    games: int,
    seed: int,
    personas: Mapping[str, str] | None = None,
    chunk_size: int | None = None,
    keep_logs: bool = False,
    on_done: OnDone | None = None,
) -> Iterator[GameResult]:
    """Games ``0 .. games-1`` of the batch with seed ``seed``, in game order."""
    size = chunk_size or default_chunk_size(games, engine.workers)
    chunks: Iterable[Chunk] = chunks_of(scenario, seed, range(games), size, personas, keep_logs)
    for results in engine.map_ordered(chunks, on_done):
        yield from results
