"""The bridge between one game session and the widgets: who is looking, whose turn it is, and the bots.

- The session publishes change notices on whatever thread made the change; the controller relays them to the GUI
  thread through a queued signal and turns them into a fresh view for the seat on screen (the widgets receive views,
  never the state).
- Bot turns run on a worker thread (:class:`~negotiator.ui.workers.Pool`): the bot thinks and its move is applied
  there, under the session's own lock, so the window never waits for a bot. A short pause between bot moves (a
  setting; zero in tests) lets players follow what happens.
- Hot-seat: when the turn passes to another person, the controller asks for a hand-over first and only shows the
  next seat's view once that person has said they are at the keyboard.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QObject, QTimer, Signal

from negotiator.game.views import SeatView
from negotiator.model.errors import NegotiatorError
from negotiator.session.errors import StaleMove
from negotiator.session.session import Session
from negotiator.ui.workers import Pool


class GameController(QObject):
    view_did_change = Signal(object)  # SeatView of the seat on screen
    notice_did_arrive = Signal(object)  # ChangeNotice, on the GUI thread
    handover_did_request = Signal(str)  # the human seat that must take the keyboard
    bot_did_start = Signal(str)
    bot_did_stop = Signal()
    error_did_occur = Signal(str)
    game_did_finish = Signal()
    _relay = Signal(object)

    def __init__(
        self,
        session: Session,
        pool: Pool | None = None,
        bot_delay_ms: int = 400,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self.session = session
        self.pool = pool or Pool()
        self.bot_delay_ms = bot_delay_ms
        self.humans = tuple(s.delegation for s in session.setup.seats if s.controller == "human")
        self.viewer: str | None = None
        self.pending_viewer: str | None = None
        self._bot_running = False
        self._closed = False
        self._finished_emitted = False
        self._relay.connect(self._on_notice)
        self._unsubscribe = session.subscribe(self._relay.emit)

    # -- reading ----------------------------------------------------------------------------------------------------
    @property
    def scenario(self) -> Any:
        return self.session.scenario

    @property
    def hotseat(self) -> bool:
        return len(self.humans) > 1

    def view(self) -> SeatView | None:
        if self.viewer is None:
            return None
        v: SeatView = self.session.view(self.viewer)
        return v

    @property
    def finished(self) -> bool:
        return bool(self.session.progress.finished)

    @property
    def bot_running(self) -> bool:
        return self._bot_running

    # -- lifecycle --------------------------------------------------------------------------------------------------
    def begin(self) -> None:
        """Pick the first seat to show and start the bots if it is their turn."""
        turn = self.session.whose_turn()
        first = turn if turn in self.humans else (self.humans[0] if self.humans else None)
        if self.hotseat and first is not None:
            self.pending_viewer = first
            self.handover_did_request.emit(first)
        else:
            self.viewer = first
            self._publish_view()
        self._schedule_bots()

    def close(self) -> None:
        self._closed = True
        self._unsubscribe()

    def accept_handover(self) -> None:
        """The person for ``pending_viewer`` is at the keyboard: show their view."""
        if self.pending_viewer is None:
            return
        self.viewer, self.pending_viewer = self.pending_viewer, None
        self._publish_view()

    # -- moves ------------------------------------------------------------------------------------------------------
    def submit(self, command: Any, based_on: int | None = None) -> bool:
        """Apply a human move chosen at move ``based_on`` (default: the view on screen); errors are shown, not
        raised. A move the game has overtaken is refused and the fresh position shown. Returns whether it applied."""
        if based_on is None:
            shown = self.view()
            based_on = shown.move if shown is not None else len(self.session.commands)
        try:
            self.session.submit(command, based_on=based_on)
        except StaleMove as stale:
            if stale.view is not None and stale.view.seat == self.viewer:
                self.view_did_change.emit(stale.view)
            self.error_did_occur.emit(
                "The table changed while you were choosing this move; it was not made. Look again and choose."
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
            self.session.undo()
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
        target = self.session.undo_target()
        if target is None or self.session.records[target].round == 0:
            return False  # nothing to take back but having read the brief
        if self.hotseat:
            return self.session.records[target].seat == self.viewer
        return True

    # -- notices ----------------------------------------------------------------------------------------------------
    def _on_notice(self, notice: Any) -> None:
        if self._closed:
            return
        self.notice_did_arrive.emit(notice)
        turn = self.session.whose_turn()
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
            self._publish_view()
        if self.finished and not self._finished_emitted:
            self._finished_emitted = True
            self.game_did_finish.emit()
        self._schedule_bots()

    def _publish_view(self) -> None:
        v = self.view()
        if v is not None:
            self.view_did_change.emit(v)

    # -- bots -------------------------------------------------------------------------------------------------------
    def _schedule_bots(self) -> None:
        if self._bot_running or self._closed or not self.session.is_bot_turn():
            return
        self._bot_running = True
        self.bot_did_start.emit(self.session.whose_turn() or "")
        QTimer.singleShot(self.bot_delay_ms, self._start_bot)

    def _start_bot(self) -> None:
        if self._closed:
            self._bot_running = False
            return
        self.pool.submit(self.session.run_bot_turn, self._on_bot_done, self._on_bot_error)

    def _on_bot_done(self, _notice: Any) -> None:
        self._bot_running = False
        if not self.session.is_bot_turn():
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
