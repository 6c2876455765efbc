"""Seat channels: the one way a seat plays a game, and the observers beside it.

A seat (a person at a window, a bot, later a laptop across the room) plays through a :class:`SeatChannel`:

- ``view()``: the seat's current view, numbered by move (``view.move``);
- ``submit(command, based_on=view.move)``: apply a command chosen at that move. If the game moved on meanwhile the
  command is refused with :class:`~negotiator.session.errors.StaleMove`, which carries the fresh view; an illegal
  command raises the rules' error; either way nothing changes;
- ``subscribe(listener)``: after every change, one :class:`~negotiator.session.notices.SeatNotice` with the flags of
  what changed, the new view, and only the events this seat may see;
- ``scenario``: the :class:`~negotiator.model.public.PublicScenario` (no other seat's confidential material).

:class:`LocalSeat` implements it over a :class:`~negotiator.session.session.Session` in the same process. A network
client (``RemoteSeat``, net/) implements the same protocol from frames it receives: nothing here assumes the
caller's thread (notices arrive on the thread that made the change) or that the session is near.

Observers, as in OpenSpiel: :class:`LocalSpectator` (the public view, nothing confidential) and
:class:`LocalTrainer` (everything: every brief, every point schedule, every private line), each its own kind with
its own view type, so a spectator's window cannot be handed the trainer's material by mistake.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Protocol

from negotiator.game.commands import Command
from negotiator.game.events import GameEvent
from negotiator.game.publics import Publics
from negotiator.game.views import PublicView, SeatView, TrainerView
from negotiator.model.public import PublicScenario
from negotiator.model.schema import Scenario
from negotiator.session.errors import SessionError, StaleMove
from negotiator.session.notices import ChangeNotice, Changes, SaveStatus, SeatNotice, SpectatorNotice
from negotiator.session.ports import CommandRecord, GameStorage
from negotiator.session.session import Session

SeatListener = Callable[[SeatNotice], None]


class SeatChannel(Protocol):
    """How one seat plays: its view, its moves, its notices. Local and remote seats implement the same shape."""

    @property
    def seat(self) -> str: ...

    @property
    def scenario(self) -> PublicScenario: ...

    def view(self) -> SeatView:
        """The seat's view now (``view.move`` is the move it shows)."""
        ...

    def submit(self, command: Command, *, based_on: int) -> SeatNotice:
        """Apply ``command`` chosen at move ``based_on``; raises ``StaleMove`` (with the fresh view) if the game
        moved on, the rules' error if the command is not legal. Returns this seat's notice for the change."""
        ...

    def subscribe(self, listener: SeatListener) -> Callable[[], None]:
        """Deliver a :class:`SeatNotice` after every change; returns the function that stops it."""
        ...


class LocalSeat:
    """A :class:`SeatChannel` over a session in this process."""

    def __init__(self, session: Session, seat: str, scenario: PublicScenario | None = None) -> None:
        session.controller(seat)  # raises for a seat that is not in the game
        self._session = session
        self._seat = seat
        self._scenario = scenario or PublicScenario.of(session.scenario)

    @property
    def seat(self) -> str:
        return self._seat

    @property
    def scenario(self) -> PublicScenario:
        return self._scenario

    def view(self) -> SeatView:
        return self._session.view(self._seat)

    def submit(self, command: Command, *, based_on: int) -> SeatNotice:
        return self._session.submit_as_seat(self._seat, command, based_on=based_on)

    def subscribe(self, listener: SeatListener) -> Callable[[], None]:
        return self._session.subscribe_seat(self._seat, listener)


class SpectatorChannel(Protocol):
    """What the room sees: the public view and public events, nothing confidential, no moves."""

    @property
    def scenario(self) -> PublicScenario: ...

    def view(self) -> PublicView: ...

    def subscribe(self, listener: Callable[[SpectatorNotice], None]) -> Callable[[], None]: ...


class LocalSpectator:
    def __init__(self, session: Session, scenario: PublicScenario | None = None) -> None:
        self._session = session
        self._scenario = scenario or PublicScenario.of(session.scenario)

    @property
    def scenario(self) -> PublicScenario:
        return self._scenario

    def view(self) -> PublicView:
        return self._session.public_view()

    def subscribe(self, listener: Callable[[SpectatorNotice], None]) -> Callable[[], None]:
        return self._session.subscribe_spectator(listener)


@dataclass(frozen=True, slots=True)
class TrainerNotice:
    """A change as the trainer sees it: every event and the view of everything."""

    changes: Changes
    view: TrainerView
    events: tuple[GameEvent, ...]
    seat: str | None
    """The seat whose command was applied, if any."""


class TrainerChannel(Protocol):
    """The trainer's console: everything, every brief and private line (it does not move for a seat)."""

    def view(self) -> TrainerView: ...

    def subscribe(self, listener: Callable[[TrainerNotice], None]) -> Callable[[], None]: ...


class LocalTrainer:
    """The trainer's observer over a session in this process (its views are built only when asked or notified)."""

    def __init__(self, session: Session) -> None:
        self._session = session

    @property
    def scenario(self) -> Scenario:
        """The full scenario (every delegation's points and briefs): the trainer may see it."""
        return self._session.scenario

    def view(self) -> TrainerView:
        return self._session.trainer_view()

    def subscribe(self, listener: Callable[[TrainerNotice], None]) -> Callable[[], None]:
        def relay(notice: ChangeNotice) -> None:
            # The view is taken when the notice is delivered: with bots moving on a worker thread it may already
            # show a later move (its ``move`` says which); the next notice follows at once.
            listener(TrainerNotice(notice.changes, self._session.trainer_view(), notice.events, notice.seat))

        return self._session.subscribe(relay)


@dataclass(frozen=True, slots=True)
class Player:
    """Who plays a seat (public: the window lists it in the debrief)."""

    seat: str
    controller: str
    persona: str | None


class GameChannel(Protocol):
    """The window's handle on a game: the seats its people play here and what the table around them offers.

    :class:`~negotiator.session.local.LocalGame` implements it for a game in this process; ``net.RemoteGame`` for
    one seat of a class table on a host (no bots to run, no undo, saving is the host's). The window depends on this
    and on :class:`SeatChannel` only.
    """

    @property
    def game_id(self) -> str: ...

    @property
    def scenario(self) -> PublicScenario: ...

    @property
    def publics(self) -> Publics:
        """The simulated publics for previews on screen, holding only the public scenario."""
        ...

    @property
    def humans(self) -> tuple[str, ...]:
        """The seats people play at this keyboard (two or more: hot-seat)."""
        ...

    @property
    def players(self) -> tuple[Player, ...]: ...

    def seat(self, seat: str) -> SeatChannel: ...

    def public_view(self) -> PublicView | SeatView:
        """What anyone may see now (whose turn, the round), for the hand-over screen."""
        ...

    def bot_to_move(self) -> str | None:
        """The bot seat this process must move now, or ``None``."""
        ...

    def play_bot_turn(self) -> object:
        """Let that bot move (on a worker thread); a stale move raises ``StaleMove``."""
        ...

    def last_undoable(self) -> CommandRecord | None: ...

    def undo(self) -> None: ...

    @property
    def save_status(self) -> SaveStatus: ...

    def save_to(self, storage: GameStorage) -> None: ...

    @property
    def finished(self) -> bool: ...

    def revealed_scenario(self) -> Scenario:
        """The full scenario, only once the game is over (the debrief)."""
        ...

    def close(self) -> None: ...


def bot_turn(channel: SeatChannel, choose: Callable[[SeatView], Command], tries: int = 3) -> SeatNotice:
    """Play one move for a bot through its seat channel: read the view, choose, submit based on that view's move.

    A stale move is chosen again from the fresh view the error carries (the same rule as for a person).
    """
    view = channel.view()
    for _ in range(tries):
        try:
            return channel.submit(choose(view), based_on=view.move)
        except StaleMove as stale:
            if stale.view is None:
                raise
            view = stale.view
    raise SessionError(f"the bot for {channel.seat!r} could not keep up with the game ({tries} stale moves)")
