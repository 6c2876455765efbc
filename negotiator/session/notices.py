"""Change notices: what a session change touched, so a subscriber refreshes only that (Anki's ``OpChanges``).

Subscribers are plain callables (no Qt here). A notice is delivered on the thread that made the change; the UI
forwards it to the GUI thread itself (a queued signal), which keeps this layer free of any event loop.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from dataclasses import dataclass
from typing import Literal

from negotiator.session.rules import Command, GameEvent

NoticeKind = Literal["started", "resumed", "applied", "undone", "save-failed", "saved", "moved"]


@dataclass(frozen=True, slots=True)
class SaveStatus:
    """Whether the game on screen is safely stored, and if not, why and how much is only in memory."""

    saved: bool
    where: str | None
    """The file or database saved to, or ``None`` for a game kept in memory only."""
    unsaved: int
    """Commands (and undos) not yet stored."""
    problem: str | None
    """One or more lines saying what failed and what to do; ``None`` when saving works."""

    @property
    def in_memory_only(self) -> bool:
        return not self.saved


@dataclass(frozen=True, slots=True)
class ChangeNotice:
    """One change to a session. The boolean fields say which parts of the screen are stale."""

    kind: NoticeKind
    commands: int
    """Length of the command log after the change."""
    seat: str | None
    """The seat whose command was applied (``applied``), else ``None``."""
    command: Command | None
    events: tuple[GameEvent, ...]
    log: bool
    """The command log changed (a move added or taken back): transcripts, history, undo buttons."""
    state: bool
    """The game state changed: table text, polls, views."""
    turn: bool
    """Whose turn it is changed (or may have): enable or disable input, start a bot."""
    round: bool
    phase: bool
    finished: bool
    """The game reached its outcome with this change."""
    save: SaveStatus


Listener = Callable[[ChangeNotice], None]


class Notifier:
    """An observer list. Listeners may subscribe and unsubscribe from any thread, even while being notified."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._listeners: list[Listener] = []

    def subscribe(self, listener: Listener) -> Callable[[], None]:
        """Add ``listener``; returns a function that removes it again."""
        with self._lock:
            self._listeners.append(listener)

        def unsubscribe() -> None:
            with self._lock:
                if listener in self._listeners:
                    self._listeners.remove(listener)

        return unsubscribe

    def publish(self, notice: ChangeNotice) -> None:
        """Call every listener; one failing listener does not keep the notice from the others (its error is re-raised
        after all were called, so the bug is still seen)."""
        with self._lock:
            listeners = list(self._listeners)
        first_error: BaseException | None = None
        for listener in listeners:
            try:
                listener(notice)
            except Exception as exc:
                if first_error is None:
                    first_error = exc
        if first_error is not None:
            raise first_error
