"""Storing a class's moves behind the game: views go out at once, acknowledgements once the move is on disk.

Every move is stored in a transaction with an fsync (a move acknowledged to a student is on disk). On a loaded
2-core laptop that write takes 15-60 ms for one table, and eight tables writing one SQLite file at once wait on
each other (SQLite's busy handler sleeps up to 100 ms per retry): a second, at worst, between a click and the room
seeing it. So a table applies a move in memory, sends every seat its new view at once, and hands the write to this
store's single writer thread; the *acknowledgement* to the student who moved waits until the write is done. The
writer stores everything queued while it was busy (every table's moves) in one transaction: one commit, not one per
move.

If the host dies between the two, the store lacks the move: the host restarts at the move before, every client
resyncs to it, and the sender, which never had its acknowledgement, sends the command again and it is applied then
(exactly once: see :mod:`negotiator.net.table`). A write that fails (disk full, server gone) is retried every
second, in order, and :attr:`WriteBehind.problem` says why, for the trainer to see.
"""

from __future__ import annotations

import logging
import threading
from collections import deque
from collections.abc import Callable, Sequence
from contextlib import AbstractContextManager
from typing import Protocol, runtime_checkable

from negotiator.session.errors import StorageError
from negotiator.session.ports import (
    Checkpoint,
    CommandRecord,
    GameHeader,
    GameListing,
    GameStorage,
    Progress,
    SavedGame,
)

log = logging.getLogger(__name__)


@runtime_checkable
class Batching(Protocol):
    """A store that can make several writes one transaction (:class:`~negotiator.store.database.SaveDatabase`)."""

    def batch(self) -> AbstractContextManager[None]: ...

    def append_commands(self, items: Sequence[Append]) -> None: ...


Append = tuple[str, CommandRecord, Progress, Checkpoint | None]
"""One move to store: the game, its record, the game's progress after it and its checkpoint if any."""
Job = tuple[str | None, int, Callable[[], None], Append | None]
"""A queued write: the game, its log length once done, the write, and the move when it is an append."""


RETRY_SECONDS = 1.0


class WriteBehind:
    """A :class:`GameStorage` whose writes happen in order on one writer thread (reads wait for them)."""

    def __init__(self, inner: GameStorage) -> None:
        self._inner = inner
        self._jobs: deque[Job] = deque()
        self._cond = threading.Condition()
        self._stored: dict[str, int] = {}
        self._waiters: dict[str, list[tuple[int, Callable[[], None]]]] = {}
        self._busy = False
        self._closed = False
        self.problem: StorageError | None = None
        self.writes = 0
        self.batches = 0
        """Writes done, and the transactions they took (the writer stores all that is queued at once)."""
        self._thread = threading.Thread(target=self._run, name="class-store", daemon=True)
        self._thread.start()

    @property
    def where(self) -> str:
        return self._inner.where

    # ------------------------------------------------------------------------------------------ writes (queued)
    def create_game(self, header: GameHeader, progress: Progress) -> None:
        self._queue(header.game_id, 0, lambda: self._inner.create_game(header, progress))

    def append_command(
        self, game_id: str, record: CommandRecord, progress: Progress, checkpoint: Checkpoint | None
    ) -> None:
        self._queue(
            game_id,
            record.index + 1,
            lambda: self._inner.append_command(game_id, record, progress, checkpoint),
            (game_id, record, progress, checkpoint),
        )

    def write_game(
        self,
        header: GameHeader,
        records: Sequence[CommandRecord],
        checkpoints: Sequence[Checkpoint],
        progress: Progress,
    ) -> None:
        records, checkpoints = tuple(records), tuple(checkpoints)
        self._queue(
            header.game_id,
            len(records),
            lambda: self._inner.write_game(header, records, checkpoints, progress),
        )

    def truncate(self, game_id: str, keep: int, progress: Progress) -> None:
        self._queue(game_id, keep, lambda: self._inner.truncate(game_id, keep, progress))

    # ------------------------------------------------------------------------------------------ reads (after writes)
    def load_game(self, game_id: str) -> SavedGame:
        self.flush()
        return self._inner.load_game(game_id)

    def list_games(self) -> list[GameListing]:
        self.flush()
        return self._inner.list_games()

    # ------------------------------------------------------------------------------------------ durability
    def when_stored(self, game_id: str, length: int, callback: Callable[[], None]) -> None:
        """Call ``callback`` (on the writer thread, or now) once the first ``length`` moves of the game are stored."""
        with self._cond:
            if self._stored.get(game_id, -1) < length:
                self._waiters.setdefault(game_id, []).append((length, callback))
                return
        callback()

    def stored(self, game_id: str) -> int:
        with self._cond:
            return self._stored.get(game_id, -1)

    def flush(self, timeout: float | None = None) -> bool:
        """Wait until every queued write is done; ``False`` if that took longer than ``timeout`` (or failed)."""
        with self._cond:
            done = self._cond.wait_for(lambda: not self._jobs and not self._busy, timeout)
        return bool(done) and self.problem is None

    def close(self, timeout: float = 30.0) -> bool:
        """Finish the queued writes and stop the writer; ``True`` if everything was stored."""
        ok = self.flush(timeout)
        with self._cond:
            self._closed = True
            self._cond.notify_all()
        self._thread.join(5)
        return ok

    # ------------------------------------------------------------------------------------------ writer thread
    def _queue(
        self, game_id: str | None, length: int, write: Callable[[], None], append: Append | None = None
    ) -> None:
        with self._cond:
            if self._closed:
                raise StorageError.one(self.where, "the class has closed", "start the class again to play on")
            self._jobs.append((game_id, length, write, append))
            self._cond.notify_all()

    def _run(self) -> None:
        while True:
            with self._cond:
                self._cond.wait_for(lambda: self._jobs or self._closed)
                if not self._jobs:
                    return
                batch = list(self._jobs)
                self._busy = True
            try:
                self._store(batch)
            except StorageError as exc:
                log.warning("storing a move failed (%s); retrying", exc)
                with self._cond:
                    self.problem = exc
                    self._busy = False
                    self._cond.notify_all()
                    self._cond.wait(RETRY_SECONDS)
                    if self._closed:
                        return
                continue
            ready: list[Callable[[], None]] = []
            with self._cond:
                for _ in batch:
                    self._jobs.popleft()
                self._busy = False
                self.problem = None
                self.writes += len(batch)
                self.batches += 1
                for game_id, length, _, _ in batch:
                    if game_id is not None:
                        self._stored[game_id] = length
                for game_id in {g for g, _, _, _ in batch if g is not None}:
                    length = self._stored[game_id]
                    waiting = self._waiters.get(game_id, [])
                    ready += [cb for n, cb in waiting if n <= length]
                    rest = [(n, cb) for n, cb in waiting if n > length]
                    if rest:
                        self._waiters[game_id] = rest
                    else:
                        self._waiters.pop(game_id, None)
                self._cond.notify_all()
            for callback in ready:
                try:
                    callback()
                except Exception:
                    log.exception("a stored-move callback failed")

    def _store(self, batch: Sequence[Job]) -> None:
        """Every write queued so far, in order: in one transaction when the store can (see
        :meth:`SaveDatabase.batch <negotiator.store.database.SaveDatabase.batch>`), its runs of moves in a few
        statements (``append_commands``), else one by one. Each write is idempotent (an append replaces what the
        game holds from its index on), so a batch that failed is written again one by one, and a failure there is
        retried from the first write not yet done."""
        inner = self._inner
        if isinstance(inner, Batching):
            try:
                with inner.batch():
                    run: list[Append] = []
                    for _, _, write, append in batch:
                        if append is not None:
                            run.append(append)
                            continue
                        if run:
                            inner.append_commands(run)
                            run = []
                        write()
                    if run:
                        inner.append_commands(run)
                return
            except Exception as exc:  # find the write that fails, alone
                log.info("a batch of %d writes failed (%s); writing them one by one", len(batch), exc)
        for _, _, write, _ in batch:
            try:
                write()
            except StorageError:
                raise
            except Exception:  # a bug: drop the write rather than wedge every table behind it
                log.exception("storing a move failed unexpectedly; it is lost from the save")
