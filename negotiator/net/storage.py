"""Storing a class's moves behind the game: views go out at once, acknowledgements once the move is on disk.

Every move is stored in a transaction with an fsync (a move acknowledged to a student is on disk). On a loaded
2-core laptop that write takes 15-60 ms for one table, and eight tables writing one SQLite file at once wait on
each other (SQLite's busy handler sleeps up to 100 ms per retry): a second, at worst, between a click and the room
seeing it. So a table applies a move in memory, sends every seat its new view at once, and hands the write to this
store's single writer thread; the *acknowledgement* to the student who moved waits until the write is done.

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

RETRY_SECONDS = 1.0


class WriteBehind:
    """A :class:`GameStorage` whose writes happen in order on one writer thread (reads wait for them)."""

    def __init__(self, inner: GameStorage) -> None:
        self._inner = inner
        self._jobs: deque[tuple[str | None, int, Callable[[], None]]] = deque()
        self._cond = threading.Condition()
        self._stored: dict[str, int] = {}
        self._waiters: dict[str, list[tuple[int, Callable[[], None]]]] = {}
        self._busy = False
        self._closed = False
        self.problem: StorageError | None = None
        self.writes = 0
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
    def _queue(self, game_id: str | None, length: int, write: Callable[[], None]) -> None:
        with self._cond:
            if self._closed:
                raise StorageError.one(self.where, "the class has closed", "start the class again to play on")
            self._jobs.append((game_id, length, write))
            self._cond.notify_all()

    def _run(self) -> None:
        while True:
            with self._cond:
                self._cond.wait_for(lambda: self._jobs or self._closed)
                if not self._jobs:
                    return
                game_id, length, write = self._jobs[0]
                self._busy = True
            try:
                write()
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
            except Exception:  # a bug: drop the write rather than wedge every table behind it
                log.exception("storing a move failed unexpectedly; it is lost from the save")
            ready: list[Callable[[], None]] = []
            with self._cond:
                self._jobs.popleft()
                self._busy = False
                self.problem = None
                self.writes += 1
                if game_id is not None:
                    self._stored[game_id] = length
                    waiting = self._waiters.get(game_id, [])
                    ready = [cb for n, cb in waiting if n <= length]
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
