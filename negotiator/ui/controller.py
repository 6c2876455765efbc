"""The bridge between a game and the widgets: who is looking, whose turn it is, and the bots.

The controller holds a :class:`~negotiator.session.seat.GameChannel` (a ``LocalGame`` for a game in this process, a
``RemoteGame`` for a seat of a class table) and talks to the game only through the seat channels of the people at this keyboard (:class:`~negotiator.session.seat.SeatChannel`): it reads a seat's view,
submits a command ``based_on`` the move that view shows, and receives that seat's notices (flags of what changed,
the new view, the events the seat may see). It never holds the session, the full scenario or another seat's view.

- Notices arrive on whatever thread made the change; a queued signal brings them to the GUI thread.
- Bot turns run on a worker thread (:class:`~negotiator.ui.workers.Pool`); the bot reads its own view there and its
  move is applied under the session's lock, so the window never waits for a bot. A short pause between bot moves (a
  setting; zero in tests) lets players follow what happens. A bot move the game has overtaken (an undo) is refused
  as :class:`~negotiator.session.errors.StaleMove` and simply chosen again.
- Hot-seat: when the turn passes to another person, the controller asks for a hand-over first and only shows the
  next seat's view once that person has said they are at the keyboard.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QObject, QTimer, Signal

from negotiator.game.commands import Command
from negotiator.game.publics import Publics
from negotiator.game.views import SeatView
from negotiator.model.errors import NegotiatorError
from negotiator.model.public import PublicScenario
from negotiator.session.errors import StaleMove
from negotiator.session.notices import Changes, SaveStatus, SeatNotice
from negotiator.session.seat import GameChannel
from negotiator.ui.workers import Pool


class GameController(QObject):
    view_did_change = Signal(
        object, object
    )  # SeatView of the seat on screen, Changes (None: show everything)
    notice_did_arrive = Signal(object)  # SeatNotice of the seat on screen, on the GUI thread
    handover_did_request = Signal(str)  # the human seat that must take the keyboard
    bot_did_start = Signal(str)
    bot_did_stop = Signal()
    error_did_occur = Signal(str)
    game_did_finish = Signal()
    _relay = Signal(object)

    def __init__(
        self,
        game: GameChannel,
        pool: Pool | None = None,
        bot_delay_ms: int = 400,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self.game = game
        self.pool = pool or Pool()
        self.bot_delay_ms = bot_delay_ms
        self.humans = game.humans
        self.viewer: str | None = None
        self.pending_viewer: str | None = None
        self._views: dict[str, SeatView] = {s: game.seat(s).view() for s in self.humans}
        self._bot_running = False
        self._closed = False
        self._finished_emitted = False
        self._relay.connect(self._on_notice)
        self._unsubscribe: list[Callable[[], None]] = [
            game.seat(s).subscribe(self._relay.emit) for s in self.humans
        ]

    # -- reading ----------------------------------------------------------------------------------------------------
    @property
    def scenario(self) -> PublicScenario:
        return self.game.scenario

    @property
    def publics(self) -> Publics:
        """The game's own publics (its simulated people, holding only the public scenario), for previews and
        explanations on screen."""
        return self.game.publics

    @property
    def hotseat(self) -> bool:
        return len(self.humans) > 1

    def view(self) -> SeatView | None:
        """The latest view of the seat on screen (as its channel last delivered it)."""
        return None if self.viewer is None else self._views[self.viewer]

    def _latest(self) -> SeatView | None:
        """Any human seat's latest view (they all show the same move): whose turn it is, the phase."""
        views = list(self._views.values())
        return max(views, key=lambda v: v.move) if views else None

    @property
    def whose_turn(self) -> str | None:
        v = self._latest()
        return v.whose_turn if v is not None else self.game.public_view().whose_turn

    @property
    def finished(self) -> bool:
        v = self._latest()
        return v.phase == "outcome" if v is not None else self.game.finished

    @property
    def save_status(self) -> SaveStatus:
        return self.game.save_status

    @property
    def bot_running(self) -> bool:
        return self._bot_running

    # -- lifecycle --------------------------------------------------------------------------------------------------
    def begin(self) -> None:
        """Pick the first seat to show and start the bots if it is their turn."""
        turn = self.whose_turn
        first = turn if turn in self.humans else (self.humans[0] if self.humans else None)
        if self.hotseat and first is not None:
            self.pending_viewer = first
            self.handover_did_request.emit(first)
        else:
            self.viewer = first
            self._publish_view(None)
        self._schedule_bots()

    def close(self) -> None:
        self._closed = True
        for unsubscribe in self._unsubscribe:
            unsubscribe()

    def accept_handover(self) -> None:
        """The person for ``pending_viewer`` is at the keyboard: show their view."""
        if self.pending_viewer is None:
            return
        self.viewer, self.pending_viewer = self.pending_viewer, None
        self._publish_view(None)

    # -- moves ------------------------------------------------------------------------------------------------------
    def submit(self, command: Command, based_on: int | None = None) -> bool:
        """Apply a move of the seat on screen, chosen at move ``based_on`` (default: the view on screen). Errors are
        shown, not raised; a move the game has overtaken is refused and the fresh position shown. Returns whether
        the move was applied."""
        shown = self.view()
        if self.viewer is None or shown is None:
            self.error_did_occur.emit("No seat of yours is at the keyboard.")
            return False
        try:
            self.game.seat(self.viewer).submit(command, based_on=shown.move if based_on is None else based_on)
        except StaleMove as stale:
            if stale.view is not None and stale.view.seat == self.viewer:
                self._views[self.viewer] = stale.view
                self.view_did_change.emit(stale.view, None)
            self.error_did_occur.emit(
                "The table changed while you were choosing this move, so it was not made. Look again and choose."
            )
            return False
        except NegotiatorError as exc:
            lines = exc.lines() if hasattr(exc, "lines") else [str(exc)]
            self.error_did_occur.emit("\n".join(lines))
            return False
        return True

    def undo(self) -> bool:
        if self._bot_running:
            self.error_did_occur.emit("Wait for the other delegations to finish their moves, then undo.")
            return False
        if not self.can_undo:
            self.error_did_occur.emit("There is no move of yours to take back.")
            return False
        try:
            self.game.undo()
        except NegotiatorError as exc:
            self.error_did_occur.emit(str(exc))
            return False
        return True

    @property
    def can_undo(self) -> bool:
        """Whether the seat on screen may take a move back now. In hot-seat play a person may only take back their
        own move: the last human move may be the other person's, made on their confidential screen."""
        if self._bot_running:
            return False
        record = self.game.last_undoable()
        if record is None or record.round == 0:
            return False  # nothing to take back but having read the brief
        if self.hotseat:
            return record.seat == self.viewer
        return True

    # -- notices ----------------------------------------------------------------------------------------------------
    def _on_notice(self, notice: SeatNotice) -> None:
        if self._closed:
            return
        self._views[notice.seat] = notice.view
        if notice.seat != (self.viewer or self.pending_viewer or self.humans[0]):
            return  # hot-seat: the other person's screen is not on show; their view is kept for the hand-over
        self.notice_did_arrive.emit(notice)
        turn = notice.view.whose_turn
        if (
            self.hotseat
            and turn in self.humans
            and turn != self.viewer
            and not self.finished
            and self.pending_viewer != turn
        ):
            self.pending_viewer = turn
            self.handover_did_request.emit(turn)
        elif self.pending_viewer is None:
            self._publish_view(notice.changes)
        if self.finished and not self._finished_emitted:
            self._finished_emitted = True
            self.game_did_finish.emit()
        self._schedule_bots()

    def _publish_view(self, changes: Changes | None) -> None:
        v = self.view()
        if v is not None:
            self.view_did_change.emit(v, changes)

    # -- bots -------------------------------------------------------------------------------------------------------
    def _schedule_bots(self) -> None:
        if self._bot_running or self._closed:
            return
        seat = self.game.bot_to_move()
        if seat is None:
            return
        self._bot_running = True
        self.bot_did_start.emit(seat)
        QTimer.singleShot(self.bot_delay_ms, self._start_bot)

    def _start_bot(self) -> None:
        if self._closed:
            self._bot_running = False
            return
        self.pool.submit(self.game.play_bot_turn, self._on_bot_done, self._on_bot_error)

    def _on_bot_done(self, _notice: object) -> None:
        self._bot_running = False
        if self.game.bot_to_move() is None:
            self.bot_did_stop.emit()
        self._schedule_bots()

    def _on_bot_error(self, exc: BaseException) -> None:
        self._bot_running = False
        self.bot_did_stop.emit()
        if isinstance(exc, StaleMove):
            # The log changed while the bot thought (an undo): it simply chooses again from the new position.
            self._schedule_bots()
            return
        if isinstance(exc, NegotiatorError):
            self.error_did_occur.emit(str(exc))
            return
        notes = "\n".join(getattr(exc, "__notes__", []))
        self.error_did_occur.emit(f"An AI delegation failed to move ({type(exc).__name__}: {exc}).\n{notes}")

    def wait_for_bots(self, msecs: int = 10_000) -> None:
        self.pool.wait(msecs)
