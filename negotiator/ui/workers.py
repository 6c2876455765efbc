"""Running work off the GUI thread: bot turns, public-reaction previews, the debrief's analysis.

A job is a plain function run by a QThreadPool; its result (or its exception) comes back through a signal of a
carrier object created on the GUI thread, so the slot that applies it always runs on the GUI thread (Qt queues
signals that cross threads). :class:`LatestOnly` drops results that a newer request has made stale, so a preview
never flickers back to an older package.
"""

from __future__ import annotations

import sys
import traceback
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, QRunnable, QThreadPool, Signal


class _Carrier(QObject):
    did_finish = Signal(object)
    did_fail = Signal(object)


class _Job(QRunnable):
    def __init__(self, fn: Callable[[], Any], carrier: _Carrier) -> None:
        super().__init__()
        self.fn = fn
        self.carrier = carrier
        self.setAutoDelete(True)

    def run(self) -> None:
        try:
            result = self.fn()
        except BaseException as exc:
            exc.__notes__ = [*getattr(exc, "__notes__", []), traceback.format_exc()]
            self.carrier.did_fail.emit(exc)
            return
        self.carrier.did_finish.emit(result)


class Pool:
    """Submit functions to run off the GUI thread; callbacks run on the GUI thread."""

    def __init__(self, pool: QThreadPool | None = None) -> None:
        self.pool = pool or QThreadPool.globalInstance()
        self._live: set[_Carrier] = set()

    def submit(
        self,
        fn: Callable[[], Any],
        on_done: Callable[[Any], None],
        on_error: Callable[[BaseException], None] | None = None,
    ) -> None:
        carrier = _Carrier()
        self._live.add(carrier)

        def done(result: Any) -> None:
            self._live.discard(carrier)
            on_done(result)

        def failed(exc: BaseException) -> None:
            self._live.discard(carrier)
            if on_error is not None:
                on_error(exc)
            else:
                raise exc

        carrier.did_finish.connect(done)
        carrier.did_fail.connect(failed)
        self.pool.start(_Job(fn, carrier))

    @property
    def busy(self) -> bool:
        return bool(self._live)

    def wait(self, msecs: int = 10_000) -> bool:
        return self.pool.waitForDone(msecs)


class LatestOnly:
    """Runs the newest request only: a request made while one runs replaces any waiting one."""

    def __init__(self, pool: Pool) -> None:
        self.pool = pool
        self._generation = 0
        self._running = False
        self._waiting: (
            tuple[Callable[[], Any], Callable[[Any], None], Callable[[BaseException], None] | None] | None
        ) = None
        self.last_error: BaseException | None = None

    def request(
        self,
        fn: Callable[[], Any],
        on_done: Callable[[Any], None],
        on_error: Callable[[BaseException], None] | None = None,
    ) -> None:
        self._generation += 1
        self._waiting = (fn, on_done, on_error)
        if not self._running:
            self._start_next()

    def _start_next(self) -> None:
        if self._waiting is None:
            return
        fn, on_done, on_error = self._waiting
        self._waiting = None
        self._running = True
        generation = self._generation

        def done(result: Any) -> None:
            self._running = False
            if generation == self._generation:
                on_done(result)
            self._start_next()

        def failed(exc: BaseException) -> None:
            self._running = False
            self.last_error = exc
            # A failed preview must not stop later ones, but it must not vanish either.
            print(f"negotiator: a background preview failed: {type(exc).__name__}: {exc}", file=sys.stderr)
            for note in getattr(exc, "__notes__", []):
                print(note, file=sys.stderr)
            if on_error is not None and generation == self._generation:
                on_error(exc)
            self._start_next()

        self.pool.submit(fn, done, failed)

    @property
    def idle(self) -> bool:
        return not self._running and self._waiting is None
