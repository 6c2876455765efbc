"""The change descriptor: what a change to a game touched, so a screen refreshes only that (Anki's ``OpChanges``).

This is the one descriptor. The game itself reports *events* (``negotiator.game.events``: what happened, e.g. a
proposal was tabled); a change notice says which parts of what an observer sees are now stale:

- :class:`Changes`: the flags (log, turn, round, phase, proposals, transcript, opinion, ...) and the save status;
- :class:`SeatNotice`: one seat's notice, delivered through its seat channel (``negotiator.session.seat``): the
  flags computed by comparing the seat's previous and new view, the new view itself (one message, no "fetch after
  notice"), and only the events that seat may see. It never carries a command: a private message's text reaches
  only the seats it was addressed to, through their views;
- :class:`ChangeNotice`: the host's notice (the trainer console, the store, the tests): every event and the seat that
  moved.

Subscribers are plain callables (no Qt here). A notice is delivered on the thread that made the change; the UI
forwards it to the GUI thread itself (a queued signal), which keeps this layer free of any event loop.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from dataclasses import dataclass
from typing import Generic, Literal, TypeVar

from negotiator.game.events import GameEvent
from negotiator.game.views import PublicView, SeatView

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


SECTIONS: dict[str, tuple[str, ...]] = {
    # flag -> the view fields it stands for (fields a view type lacks are skipped)
    "turn": ("whose_turn", "legal", "turn_used"),
    "round": ("round",),
    "phase": ("phase",),
    "proposals": ("proposals", "provisional", "agreed"),
    "transcript": ("transcript",),
    "opinion": ("opinion", "polls"),
    "side_terms": ("side_terms", "side_terms_left"),
    "news": ("events",),
    "seats": ("delegations", "signatures"),
    "outcome": ("ratification", "outcome", "result"),
}
"""Which parts of a view each flag of :class:`Changes` covers; a widget refreshes when its flag is set."""


@dataclass(frozen=True, slots=True)
class Changes:
    """One change to a game: which parts of a screen are stale. ``move`` is the log length after the change."""

    kind: NoticeKind
    move: int
    log: bool
    """The command log changed (a move added or taken back): transcripts, history, undo buttons."""
    state: bool
    """Anything an observer sees changed."""
    turn: bool
    """Whose turn it is, or what the seat may do now, changed: enable or disable input, start a bot."""
    round: bool
    phase: bool
    finished: bool
    """The game reached its outcome with this change."""
    proposals: bool
    """Proposals, their answers, the provisional and the agreed text: issue board, map, actions."""
    transcript: bool
    opinion: bool
    """Polls and the publics' mood."""
    side_terms: bool
    news: bool
    """Events from the deck."""
    seats: bool
    """Delegations at the table (walk-outs) and signatures."""
    outcome: bool
    """Ratification votes and the outcome."""
    save: SaveStatus

    @classmethod
    def between(
        cls,
        kind: NoticeKind,
        before: SeatView | PublicView | None,
        after: SeatView | PublicView,
        save: SaveStatus,
    ) -> Changes:
        """The flags for an observer whose view went from ``before`` to ``after`` (``None``: everything is new)."""
        if before is None:
            flags = dict.fromkeys(SECTIONS, True)
        else:
            flags = {
                flag: any(getattr(before, f, None) != getattr(after, f, None) for f in fields)
                for flag, fields in SECTIONS.items()
            }
        finished = after.phase == "outcome" and (before is None or before.phase != "outcome")
        log = before is None or before.move != after.move
        return cls(
            kind=kind,
            move=after.move,
            log=log,
            state=log or any(flags.values()),
            finished=finished,
            save=save,
            **flags,
        )

    @classmethod
    def of_host(
        cls,
        kind: NoticeKind,
        move: int,
        *,
        changed: bool,
        turn: bool,
        round: bool,
        phase: bool,
        finished: bool,
        save: SaveStatus,
    ) -> Changes:
        """The host's flags: it sees everything, so every section is stale when the state changed."""
        return cls(
            kind=kind,
            move=move,
            log=changed,
            state=changed,
            turn=turn,
            round=round,
            phase=phase,
            finished=finished,
            proposals=changed,
            transcript=changed,
            opinion=changed,
            side_terms=changed,
            news=changed,
            seats=changed,
            outcome=changed,
            save=save,
        )


@dataclass(frozen=True, slots=True)
class SeatNotice:
    """A change as one seat sees it: what is stale, the seat's new view, and the events it may see."""

    seat: str
    changes: Changes
    view: SeatView
    events: tuple[GameEvent, ...]
    """Only events visible to ``seat`` (``GameEvent.visible_to``)."""

    @property
    def move(self) -> int:
        return self.view.move


@dataclass(frozen=True, slots=True)
class SpectatorNotice:
    """A change as the room sees it: the public view and the public events only."""

    changes: Changes
    view: PublicView
    events: tuple[GameEvent, ...]


@dataclass(frozen=True, slots=True)
class ChangeNotice:
    """A change as the host sees it: every event, and the seat whose command was applied (``applied``)."""

    changes: Changes
    seat: str | None
    events: tuple[GameEvent, ...]

    @property
    def kind(self) -> NoticeKind:
        return self.changes.kind

    @property
    def commands(self) -> int:
        """Length of the command log after the change."""
        return self.changes.move

    @property
    def log(self) -> bool:
        return self.changes.log

    @property
    def state(self) -> bool:
        return self.changes.state

    @property
    def turn(self) -> bool:
        return self.changes.turn

    @property
    def round(self) -> bool:
        return self.changes.round

    @property
    def phase(self) -> bool:
        return self.changes.phase

    @property
    def finished(self) -> bool:
        return self.changes.finished

    @property
    def save(self) -> SaveStatus:
        return self.changes.save


N = TypeVar("N")
Listener = Callable[[ChangeNotice], None]


class Notifier(Generic[N]):
    """An observer list. Listeners may subscribe and unsubscribe from any thread, even while being notified."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._listeners: list[Callable[[N], None]] = []

    def subscribe(self, listener: Callable[[N], None]) -> Callable[[], None]:
        """Add ``listener``; returns a function that removes it again."""
        with self._lock:
            self._listeners.append(listener)

        def unsubscribe() -> None:
            with self._lock:
                if listener in self._listeners:
                    self._listeners.remove(listener)

        return unsubscribe

    def __bool__(self) -> bool:
        with self._lock:
            return bool(self._listeners)

    def publish(self, notice: N) -> None:
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
