"""Where games run never changes them: the same rows, in game order, and the same digest for one worker or two and
chunks of 1 or 7 games; the reorder window yields chunks in order whatever order they finish in."""

from __future__ import annotations

import os
import signal
from concurrent.futures import Future

import pytest

from negotiator.ai.batch import Tally, run_batch, summarise
from negotiator.model.registry import get_scenario
from negotiator.runner.batch import chunks_of, stream_batch
from negotiator.runner.engines import InProcess, ProcessPool, RunnerError, local_engine, reorder
from negotiator.runner.work import Chunk, GameResult

GAMES = 12


@pytest.fixture(scope="module")
def reference() -> dict[str, object]:
    sc = get_scenario("water-and-crossings")
    return summarise(sc, run_batch(sc, GAMES, 11, {"palestine": "hard-liner"}))


@pytest.mark.parametrize(("workers", "chunk_size"), [(1, 1), (1, 7), (2, 1), (2, 7)])
def test_same_digest_for_any_workers_and_chunk_size(
    workers: int, chunk_size: int, reference: dict[str, object]
) -> None:
    sc = get_scenario("water-and-crossings")
    engine = InProcess() if workers == 1 else ProcessPool(workers)
    tally = Tally(sc)
    seen = []
    finished: list[int] = []
    for result in stream_batch(
        engine,
        sc,
        GAMES,
        11,
        {"palestine": "hard-liner"},
        chunk_size=chunk_size,
        on_done=lambda done: finished.extend(r.index for r in done),
    ):
        seen.append(result.index)
        assert result.row["game"] == result.index
        tally.add(result.row)
    engine.close()
    assert seen == list(range(GAMES))
    assert sorted(finished) == list(range(GAMES))
    assert tally.summary() == reference


def test_logs_travel_back_when_asked() -> None:
    sc = get_scenario("water-and-crossings")
    with ProcessPool(2) as pool:
        results = list(stream_batch(pool, sc, 3, 2, chunk_size=2, keep_logs=True))
    plain = run_batch(sc, 3, 2)
    for result, row in zip(results, plain, strict=True):
        assert result.log is not None and result.log.setup.seed == row["seed"]
        assert len(result.log.commands) == row["commands"]


def test_chunks_cover_every_game_once() -> None:
    sc = get_scenario("water-and-crossings")
    chunks = list(chunks_of(sc, 1, range(17), 7))
    assert [c.indexes for c in chunks] == [tuple(range(7)), tuple(range(7, 14)), (14, 15, 16)]
    assert len({c.key for c in chunks}) == 1
    with pytest.raises(RunnerError, match="chunk-size 0"):
        list(chunks_of(sc, 1, range(3), 0))
    with pytest.raises(RunnerError, match="--workers 0"):
        local_engine(0)


def test_reorder_yields_in_chunk_order_with_a_bounded_window() -> None:
    sc = get_scenario("water-and-crossings")
    chunks = list(chunks_of(sc, 1, range(6), 1))
    futures: list[Future[list[GameResult]]] = []
    most_in_flight = 0

    def submit(chunk: Chunk) -> Future[list[GameResult]]:
        fut: Future[list[GameResult]] = Future()
        fut.index = chunk.indexes[0]  # type: ignore[attr-defined]
        futures.append(fut)
        return fut

    def wait_any(pending: set[Future[list[GameResult]]]) -> set[Future[list[GameResult]]]:
        nonlocal most_in_flight
        most_in_flight = max(most_in_flight, len(pending))
        last = max(pending, key=lambda f: f.index)  # type: ignore[attr-defined]
        last.set_result([GameResult(last.index, {})])  # type: ignore[attr-defined]
        return {last}  # the newest chunk always finishes first

    order = [r[0].index for r in reorder(submit, chunks, 3, wait_any, None)]
    assert order == list(range(6))
    assert most_in_flight <= 3 and len(futures) == 6


def test_a_killed_pool_worker_is_replaced_and_changes_nothing(reference: dict[str, object]) -> None:
    sc = get_scenario("water-and-crossings")
    killed: list[int] = []
    with ProcessPool(2) as pool:

        def kill_one(_done: list[GameResult]) -> None:
            if not killed:
                pid = pool.worker_pids()[0]
                os.kill(pid, signal.SIGKILL)
                killed.append(pid)

        tally = Tally(sc)
        for result in stream_batch(
            pool, sc, GAMES, 11, {"palestine": "hard-liner"}, chunk_size=1, on_done=kill_one
        ):
            tally.add(result.row)
        after = pool.worker_pids()
    assert killed and killed[0] not in after  # a fresh pool played the rest
    assert tally.summary() == reference
