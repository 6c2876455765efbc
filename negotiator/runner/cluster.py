"""Dask distributed as an engine: ``--dask tcp://scheduler:8786`` (a cluster someone started) or ``--dask local``
(a cluster of worker processes on this machine, on the loopback interface only).

Optional: ``pip install 'negotiator[cluster]'``; never in the desktop bundle (the PyInstaller spec excludes it). The
same chunks and the same :func:`~negotiator.runner.work.play_chunk` as the local pool, so a batch or sweep gives the
same rows and digest. A worker that dies mid-run loses only the chunks it held: the scheduler runs them again on
another worker, and since a game depends only on its seed, the result is unchanged. Workers of a remote cluster need
this package installed (the same version) to import the game.
"""

from __future__ import annotations

import logging
import uuid
from collections.abc import Iterable, Iterator
from typing import Any

from negotiator.runner.engines import OnDone, RunnerError, local_cores, reorder
from negotiator.runner.work import Chunk, GameResult, play_chunk


class DaskCluster:
    """A Dask client (and, for ``local``, the cluster it started); :meth:`close` when done."""

    def __init__(self, address: str, workers: int | None = None, connect_timeout: float = 15.0) -> None:
        try:
            from distributed import Client, LocalCluster
        except ImportError:
            raise RunnerError.of(
                "cli.error.dask-missing", flag="--dask", install="pip install 'negotiator[cluster]'"
            ) from None
        if workers is not None and workers < 1:
            raise RunnerError.of("cli.error.workers", flag="--workers", workers=workers, example=2)
        self._cluster: Any = None
        self.address = address
        try:
            if address == "local":
                self._cluster = LocalCluster(
                    n_workers=workers or local_cores(),
                    threads_per_worker=1,
                    processes=True,
                    host="127.0.0.1",
                    dashboard_address=None,
                    silence_logs=logging.ERROR,
                )
                self._client: Any = Client(self._cluster)
            else:
                self._client = Client(address, timeout=connect_timeout)
        except (OSError, TimeoutError) as exc:
            self.close()
            raise RunnerError.of(
                "cli.error.dask-unreachable",
                flag="--dask",
                address=address,
                why=f"{type(exc).__name__}: {exc}",
                example="tcp://host:8786",
                local="local",
            ) from None
        n = len(self._client.scheduler_info().get("workers", {}))
        if n == 0 and address != "local":
            self._client.wait_for_workers(1, timeout=connect_timeout)
            n = len(self._client.scheduler_info().get("workers", {}))
        self.workers = max(1, n)

    def map_ordered(
        self, chunks: Iterable[Chunk], on_done: OnDone | None = None
    ) -> Iterator[list[GameResult]]:
        from distributed import wait

        run = uuid.uuid4().hex[:12]
        count = 0

        def submit(chunk: Chunk) -> Any:
            nonlocal count
            count += 1  # explicit keys: two identical chunks of different runs must not be taken for one task
            return self._client.submit(play_chunk, chunk, key=f"negotiator-chunk-{run}-{count}", pure=False)

        def wait_any(pending: set[Any]) -> set[Any]:
            return set(wait(list(pending), return_when="FIRST_COMPLETED").done)

        yield from reorder(submit, chunks, 4 * self.workers, wait_any, on_done)

    def describe(self) -> str:
        where = "a local Dask cluster" if self.address == "local" else f"Dask at {self.address}"
        return f"{where} ({self.workers} workers)"

    def close(self) -> None:
        client = getattr(self, "_client", None)
        if client is not None:
            client.close()
            self._client = None
        if self._cluster is not None:
            self._cluster.close()
            self._cluster = None

    @property
    def client(self) -> Any:
        """The Dask client (tests use it to find and stop a worker)."""
        return self._client
