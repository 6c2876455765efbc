"""Where chunks of games run: :class:`InProcess` (here, one after the other) or :class:`ProcessPool` (one worker
process per core, one BLAS thread each); :class:`negotiator.runner.cluster.DaskCluster` has the same shape.

Every engine's :meth:`~Engine.map_ordered` yields each chunk's results in the order the chunks were given, as soon
as every earlier chunk is back, and keeps at most a few chunks per worker in flight or waiting, so a batch of 10^7
games holds only a window of results in memory. ``on_done(results)`` is called as each chunk finishes, in whatever
order they finish (what a progress bar wants).
"""

from __future__ import annotations

import multiprocessing
import os
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from concurrent.futures.process import BrokenProcessPool
from typing import Protocol, TypeVar

from negotiator.model.errors import NegotiatorError
from negotiator.runner.work import Chunk, GameResult, limit_threads, play_chunk

OnDone = Callable[[list[GameResult]], None]
MAX_RESTARTS = 3
"""Fresh pools a local run may start after worker processes die, before it gives up."""


class RunnerError(NegotiatorError):
    """A batch could not run (a worker died, a cluster is unreachable, a bad option)."""


class Engine(Protocol):
    workers: int

    def map_ordered(
        self, chunks: Iterable[Chunk], on_done: OnDone | None = None
    ) -> Iterator[list[GameResult]]:
        """Each chunk's results, in chunk order."""
        ...

    def describe(self) -> str:
        """A few words for a summary: where the games ran."""
        ...

    def close(self) -> None:
        """Stop worker processes or cluster connections (the engine cannot be used after)."""
        ...


def local_cores() -> int:
    """The cores this process may run on (the affinity mask where the system has one)."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # macOS, Windows
        return max(1, os.cpu_count() or 1)


class InProcess:
    """Chunks played here, one after the other (``--workers 1``: no process start-up cost)."""

    workers = 1

    def map_ordered(
        self, chunks: Iterable[Chunk], on_done: OnDone | None = None
    ) -> Iterator[list[GameResult]]:
        limit_threads()
        for chunk in chunks:
            results = play_chunk(chunk)
            if on_done is not None:
                on_done(results)
            yield results

    def describe(self) -> str:
        return "1 process"

    def close(self) -> None:
        pass


class Pending(Protocol):
    """A submitted chunk: a ``concurrent.futures`` future or a Dask one."""

    def result(self) -> list[GameResult]: ...


P = TypeVar("P", bound=Pending)


def reorder(
    submit: Callable[[Chunk], P],
    chunks: Iterable[Chunk],
    window: int,
    wait_any: Callable[[set[P]], set[P]],
    on_done: OnDone | None,
    recover: Callable[[BaseException], bool] | None = None,
) -> Iterator[list[GameResult]]:
    """Submit chunks keeping at most ``window`` in flight or waiting, and yield their results in chunk order.

    When a chunk fails and ``recover(error)`` says the engine has recovered (a fresh pool after a worker died), every
    chunk still out is submitted again: games depend only on their seeds, so the results are the same."""
    todo = iter(chunks)
    pending: dict[P, int] = {}
    held: dict[int, Chunk] = {}  # chunks out, by their index, to submit again after a recovery
    ready: dict[int, list[GameResult]] = {}
    submitted = emitted = 0
    exhausted = False
    while True:
        while not exhausted and len(pending) + len(ready) < window:
            chunk = next(todo, None)
            if chunk is None:
                exhausted = True
                break
            pending[submit(chunk)] = submitted
            held[submitted] = chunk
            submitted += 1
        if emitted in ready:
            yield ready.pop(emitted)
            emitted += 1
            continue
        if not pending:
            return
        for fut in wait_any(set(pending)):
            try:
                results = fut.result()
            except Exception as exc:
                if recover is None or not recover(exc):
                    raise
                out = sorted(pending.values())
                pending = {submit(held[k]): k for k in out}
                break  # the other finished futures were submitted again too
            k = pending.pop(fut)
            del held[k]
            ready[k] = results
            if on_done is not None:
                on_done(results)


def _worker_init() -> None:
    limit_threads()


class ProcessPool:
    """``workers`` processes on this machine, started on first use and kept (warm: imports done, scenario caches
    built) until :meth:`close`. A worker that dies (killed, out of memory) breaks the pool: a fresh one replaces it
    and the chunks that were out are played again, with the same results. They start through a fork server where the system has one (a clean process that has
    already imported the game, forked per worker: quick, and safe although the parent runs a progress-bar thread),
    else by spawning."""

    def __init__(self, workers: int) -> None:
        if workers < 1:
            raise RunnerError.of("cli.error.workers", flag="--workers", workers=workers, example=2)
        self.workers = workers
        self._pool: ProcessPoolExecutor | None = None

    def _executor(self) -> ProcessPoolExecutor:
        if self._pool is None:
            methods = multiprocessing.get_all_start_methods()
            method = "forkserver" if "forkserver" in methods else "spawn"
            ctx = multiprocessing.get_context(method)
            if method == "forkserver":
                ctx.set_forkserver_preload(["negotiator.runner.work"])
            self._pool = ProcessPoolExecutor(
                max_workers=self.workers, mp_context=ctx, initializer=_worker_init
            )
        return self._pool

    def map_ordered(
        self, chunks: Iterable[Chunk], on_done: OnDone | None = None
    ) -> Iterator[list[GameResult]]:
        def wait_any(fs: set[Future[list[GameResult]]]) -> set[Future[list[GameResult]]]:
            return wait(fs, return_when=FIRST_COMPLETED)[0]

        restarts = 0

        def recover(exc: BaseException) -> bool:
            """A worker died (killed, out of memory): start a fresh pool, up to MAX_RESTARTS times per run."""
            nonlocal restarts
            if not isinstance(exc, BrokenProcessPool) or restarts >= MAX_RESTARTS:
                return False
            restarts += 1
            if self._pool is not None:
                self._pool.shutdown(wait=False, cancel_futures=True)
                self._pool = None
            return True

        finished = False
        try:
            yield from reorder(
                lambda chunk: self._executor().submit(play_chunk, chunk),
                chunks,
                4 * self.workers,
                wait_any,
                on_done,
                recover,
            )
            finished = True
        except BrokenProcessPool as exc:
            raise RunnerError.of(
                "cli.error.workers-died", times=restarts + 1, why=str(exc), flag="--workers"
            ) from None
        finally:
            if not finished:  # stopped half-way (Ctrl-C, an error, a consumer that gave up): drop queued work
                self.close()

    def worker_pids(self) -> list[int]:
        """The worker processes' ids (for memory measurements)."""
        return sorted(p.pid for p in (getattr(self._pool, "_processes", None) or {}).values() if p.pid)

    def close(self) -> None:
        if self._pool is not None:
            self._pool.shutdown(wait=True, cancel_futures=True)
            self._pool = None

    def __enter__(self) -> ProcessPool:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def describe(self) -> str:
        return f"{self.workers} processes"


def local_engine(workers: int | None) -> Engine:
    """``workers`` processes (default: every core); one worker plays in this process."""
    n = local_cores() if workers is None else workers
    if n < 1:
        raise RunnerError.of("cli.error.workers", flag="--workers", workers=n, example=2)
    return InProcess() if n == 1 else ProcessPool(n)
