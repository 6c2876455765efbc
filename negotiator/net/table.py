"""One table of a class: a session (an ordinary stored game), the thread that applies its moves, and its AI seats.

Every command for a table is applied on the table's own thread, one at a time, so two team members who submit at
once are settled by the stale-move rule: the first applies, the second was made on a move that is no longer current
and gets the fresh view instead. After every change the thread renders each audience's frame once (one per seat,
one for the trainer) and hands them to the host, which queues them to the connections; the host thread never waits
for the game and the game never waits for a connection.

AI seats think on a second thread (``Session.bot_move`` runs outside the session lock) and their moves are applied on
the table thread like anyone's, so a long think never delays a join or a human move's echo.

Idempotency: a client names each command with an id; the table remembers the last ids per seat, so a command sent
again after a dropped link is acknowledged, not applied twice. After a host restart those ids are gone, so a command
resent on a move made before the restart is recognised by content: if the log holds exactly that command by that
seat at that position, it is acknowledged as a duplicate. (Within one run ids decide: two team members sending the
same command at once are two commands, and the second is stale.)
"""

from __future__ import annotations

import json
import logging
import queue
import threading
import time
from collections import OrderedDict, deque
from collections.abc import Callable

from negotiator.game.commands import TRAINER, Command, EndTurn, HandSeat, Intervention, Rollback
from negotiator.model.errors import NegotiatorError
from negotiator.net.protocol import Ack, Changes, Error, Stale, Submit, Update, dump, dump_with_view
from negotiator.net.storage import WriteBehind
from negotiator.net.views import event_json, transcript_json_text, view_json_text
from negotiator.session.errors import StaleMove
from negotiator.session.notices import ChangeNotice
from negotiator.session.ports import Bot
from negotiator.session.session import BotMove, Session
from negotiator.text import Message

log = logging.getLogger(__name__)

REMEMBERED_IDS = 256
"""Command ids remembered per seat for idempotent resubmission (a client has at most a few in flight)."""


class TableFrames:
    """Everything one change means on the wire, rendered once: a frame per seat now; the trainer's and the
    spectators' frames the first time one is asked for (most moves have no trainer or spectator connection to send
    them to; the views they are made of are taken with the seats', so they show the same move)."""

    def __init__(
        self,
        table: int,
        move: int,
        seat_frames: dict[str, str],
        seat_views: dict[str, str],
        others: Callable[[], tuple[str, str, str, str]],
    ) -> None:
        self.table = table
        self.move = move
        self.seat_frames = seat_frames
        """Each seat's update frame."""
        self.seat_views = seat_views
        """Each seat's view as JSON text."""
        self._others = others
        self._rendered: tuple[str, str, str, str] | None = None
        self._lock = threading.Lock()

    def _rest(self) -> tuple[str, str, str, str]:
        with self._lock:
            if self._rendered is None:
                self._rendered = self._others()
            return self._rendered

    @property
    def trainer_frame(self) -> str:
        return self._rest()[0]

    @property
    def trainer_view(self) -> str:
        """The trainer's observer view of this table as JSON text."""
        return self._rest()[1]

    @property
    def public_frame(self) -> str:
        """The spectators' frame: the public view and the public events."""
        return self._rest()[2]

    @property
    def public_view(self) -> str:
        return self._rest()[3]


Reply = Callable[[str], None]
"""Delivers one frame to the connection that asked (the host hops to its own thread)."""


class Table:
    """A table: a session, an apply thread, an AI thread. Start with :meth:`start`; stop with :meth:`stop`."""

    def __init__(
        self,
        number: int,
        session: Session,
        publish: Callable[[TableFrames], None],
        store: WriteBehind | None = None,
    ) -> None:
        self.number = number
        self.session = session
        self._store = store
        self._publish = publish
        self._jobs: queue.Queue[Callable[[], None] | None] = queue.Queue()
        self._ids: dict[str, OrderedDict[str, int]] = {}
        self._bot_wake = threading.Event()
        self._stopping = threading.Event()
        self._thread = threading.Thread(target=self._run, name=f"table-{number}", daemon=True)
        self._bot_thread = threading.Thread(target=self._bots, name=f"table-{number}-ai", daemon=True)
        self.seats: tuple[str, ...] = tuple(s.delegation for s in session.setup.seats)
        self.human_seats: frozenset[str] = frozenset(
            s.delegation for s in session.setup.seats if s.controller != "bot"
        )
        self.stand_ins: dict[str, Bot] = {}
        self._stand_in_personas: dict[str, str | None] = {}
        """Students' seats the AI plays for now (handed over by the trainer, or left empty on their turn)."""
        self.timings: deque[tuple[float, float]] = deque(maxlen=10_000)
        """Per human move: seconds to apply it (and queue its write), seconds to render and hand over its frames."""
        self._started_at = len(session.records)
        """Moves made before this process opened the table: their command ids are unknown here, so a command resent
        on one of them is recognised by content (same seat, same command, same position) instead."""
        self.current: TableFrames = self._render(None, None)
        """The latest frames; the host reads it (one atomic reference) to welcome a joining connection."""

    @property
    def game_id(self) -> str:
        return self.session.game_id

    def start(self) -> None:
        self._thread.start()
        self._bot_thread.start()
        self._bot_wake.set()

    def stop(self, timeout: float = 10.0) -> None:
        """Finish the queued moves, then stop (every applied move is already stored)."""
        self._stopping.set()
        self._bot_wake.set()
        self._jobs.put(None)
        self._thread.join(timeout)
        self._bot_thread.join(0.5)  # a bot mid-think is abandoned: its move would be refused anyway
        self.session.close()  # its writer hands the last moves to the store before the store closes

    # ------------------------------------------------------------------------------------------ requests
    def submit(self, seat: str, frame: Submit, reply: Reply) -> None:
        """Queue a command from a connection holding ``seat``; the answer (ack, stale or error) goes to ``reply``."""
        self._post(lambda: self._submit(seat, frame, reply))

    def hand_over(
        self,
        seat: str,
        to_ai: bool,
        persona: str | None,
        done: Callable[[bool], None],
        *,
        record: bool = False,
        answer: Callable[[int | None, str | None], None] | None = None,
    ) -> None:
        """Let the AI play a students' seat (``to_ai``) or give it back; ``done(changed)`` on the table thread.

        The AI's moves go into the log as the seat's moves, like the students' (the setup still says the seat is
        theirs); a student who is back takes over at the next move. ``record``: the trainer did it, so it is also an
        intervention in the log (:class:`~negotiator.game.commands.HandSeat`); ``answer(move, error)`` says how
        that went."""

        def job() -> None:
            if seat not in self.human_seats or to_ai == (seat in self.stand_ins):
                done(False)
                if answer is not None:
                    who = "the AI" if to_ai else "the students"
                    answer(None, f"{seat} is not a students' seat, or {who} play it already")
                return
            notice = None
            if record:
                try:
                    notice = self.session.intervene(
                        HandSeat(TRAINER, seat, "ai" if to_ai else "students", persona or "")
                    )
                except NegotiatorError as exc:
                    done(False)
                    if answer is not None:
                        answer(None, str(exc)[:300])
                    return
            if to_ai:
                self._stand_in(seat, persona)
            else:
                self.stand_ins.pop(seat, None)
                self._stand_in_personas.pop(seat, None)
            if notice is not None:
                self._changed(notice)
            else:
                self.current = self._render(None, None)
            self._bot_wake.set()
            done(True)
            if answer is not None:
                answer(len(self.session.records), None)

        self._post(job)

    def _stand_in(self, seat: str, persona: str | None) -> None:
        session = self.session
        self.stand_ins[seat] = session.rules.make_bot(persona, seat, session.scenario, session.setup.seed)
        self._stand_in_personas[seat] = persona

    def intervene(self, command: Intervention, answer: Callable[[int | None, str | None], None]) -> None:
        """Apply the trainer's ``command`` on the table thread; ``answer(move, None)`` or ``answer(None, why)``.

        Every connection gets its new view as after any move (after a rollback that is how the clients resync);
        a rollback also gives the AI stand-ins a fresh start, as the session's own bots get."""

        def job() -> None:
            try:
                notice = self.session.intervene(command)
            except NegotiatorError as exc:
                answer(None, str(exc)[:300])
                return
            if isinstance(command, Rollback):
                for seat, persona in list(self._stand_in_personas.items()):
                    self._stand_in(seat, persona)
            self._changed(notice)
            answer(notice.commands, None)

        self._post(job)

    def time_up(self, seat: str, move: int) -> None:
        """The trainer's turn timer ran out for ``seat`` on move ``move``: end its turn the way the rules let any
        seat end one, with an ``end-turn`` whose reason is the clock's (``clock.time-up``), in the log like any
        move (a replay makes the same game). Nothing happens if the table has moved on meanwhile, the AI plays the
        seat, the table is paused, or ending the turn is not a move the seat may make now (in the signature phase
        a seat signs or walks out: the clock does not decide that for it; the trainer sees the time-up alert)."""

        def job() -> None:
            session = self.session
            if (
                self._stopping.is_set()
                or len(session.records) != move
                or session.whose_turn() != seat
                or seat in self.stand_ins
                or session.state.classroom.paused
                or "end-turn" not in session.view(seat).legal
            ):
                return
            try:
                notice = session.submit(EndTurn(seat, reason=Message.of("clock.time-up")), based_on=move)
            except NegotiatorError as exc:
                log.info("table %s: the timer could not end %s's turn (%s)", self.number, seat, exc)
                return
            self._changed(notice)

        self._post(job)

    def call(self, job: Callable[[], None]) -> None:
        """Run ``job`` on the table thread, in order with the moves (tests and the trainer use it)."""
        self._post(job)

    def _post(self, job: Callable[[], None]) -> None:
        self._jobs.put(job)

    # ------------------------------------------------------------------------------------------ table thread
    def _run(self) -> None:
        while True:
            job = self._jobs.get()
            if job is None:
                return
            try:
                job()
            except Exception:  # a bug in one request must not stop the table for everyone
                log.exception("table %s: a request failed", self.number)

    def _submit(self, seat: str, frame: Submit, reply: Reply) -> None:
        if self._stopping.is_set():
            reply(
                dump(Error(code="server", message="the host is shutting down; try again soon", id=frame.id))
            )
            return
        session = self.session
        remembered = self._ids.setdefault(seat, OrderedDict())
        if frame.id in remembered:
            move = remembered[frame.id]
            self._ack_when_stored(move, dump(Ack(id=frame.id, move=move, duplicate=True)), reply)
            return
        data = dict(frame.command)
        if data.get("seat", seat) != seat:
            reply(
                dump(
                    Error(code="unauthorised", message="a command may only be for your own seat", id=frame.id)
                )
            )
            return
        data["seat"] = seat
        try:
            command = session.rules.decode(data)
        except NegotiatorError as exc:
            reply(dump(Error(code="illegal", message=str(exc)[:300], id=frame.id)))
            return
        if seat not in self.human_seats or seat in self.stand_ins:
            reply(dump(Error(code="not-allowed", message=f"{seat} is played by the AI now", id=frame.id)))
            return
        records = session.records
        n = len(records)
        if frame.based_on != n:
            if frame.based_on < self._started_at and self._already_applied(seat, command, frame.based_on):
                self._remember(remembered, frame.id, frame.based_on + 1)
                reply(dump(Ack(id=frame.id, move=frame.based_on + 1, duplicate=True)))
                return
            current = self.current
            stale = Stale(id=frame.id, based_on=frame.based_on, move=current.move, view={})
            reply(dump_with_view(stale, current.seat_views[seat]))
            return
        started = time.perf_counter()
        try:
            notice = session.submit(command, based_on=n)
        except NegotiatorError as exc:  # the rules refused it (not your turn, no such proposal, ...)
            reply(dump(Error(code="illegal", message=str(exc)[:300], id=frame.id)))
            return
        applied = time.perf_counter()
        self._remember(remembered, frame.id, notice.commands)
        self._changed(notice)  # every seat sees the move now...
        self.timings.append((applied - started, time.perf_counter() - applied))
        self._ack_when_stored(notice.commands, dump(Ack(id=frame.id, move=notice.commands)), reply)

    def _ack_when_stored(self, length: int, ack: str, reply: Reply) -> None:
        """...and its sender is told it is done once it is on disk (see :mod:`negotiator.net.storage`)."""
        if self._store is None:
            reply(ack)
        else:
            self._store.when_stored(self.game_id, length, lambda: reply(ack))

    def _already_applied(self, seat: str, command: object, position: int) -> bool:
        record = self.session.records[position]
        if record.seat != seat:
            return False
        try:
            return bool(self.session.rules.decode(record.payload) == command)
        except NegotiatorError:
            return False

    @staticmethod
    def _remember(remembered: OrderedDict[str, int], message_id: str, move: int) -> None:
        remembered[message_id] = move
        while len(remembered) > REMEMBERED_IDS:
            remembered.popitem(last=False)

    def _apply_bot(self, move: BotMove) -> None:
        if self._stopping.is_set():
            return
        try:
            notice = self.session.apply_bot_move(move)
        except StaleMove:  # the position moved while the bot thought; it thinks again
            self._bot_wake.set()
            return
        self._changed(notice)

    def _changed(self, notice: ChangeNotice) -> None:
        self.current = self._render(notice, notice.seat)
        self._publish(self.current)
        if self.session.is_bot_turn() or self.session.whose_turn() in self.stand_ins:
            self._bot_wake.set()

    def _apply_stand_in(self, seat: str, command: Command, based_on: int) -> None:
        if self._stopping.is_set() or seat not in self.stand_ins:
            return  # handed back meanwhile: the students move
        try:
            notice = self.session.submit(command, based_on=based_on)
        except StaleMove:
            self._bot_wake.set()
            return
        self._changed(notice)

    def _render(self, notice: ChangeNotice | None, by: str | None) -> TableFrames:
        """Every audience's frame for the table as it is now. One observer view of everything is taken (under the
        session's lock, so all of it shows one move); each seat's and the public view are its parts."""
        session = self.session
        everything = session.trainer_view()
        move = everything.move
        c = notice.changes if notice is not None else None
        changes = (
            Changes()
            if c is None
            else Changes(
                log=c.log, state=c.state, turn=c.turn, round=c.round, phase=c.phase, finished=c.finished
            )
        )
        events = notice.events if notice is not None else ()

        def update(view_text: str, seen: list[dict[str, object]]) -> str:
            frame = Update(table=self.number, move=move, by=by, changes=changes, events=seen, view={})
            return dump_with_view(frame, view_text)

        seen = [(e, event_json(e)) for e in events]  # each event's JSON once, for every audience
        seat_views = {v.seat: view_json_text(v) for v in everything.seats}
        frames = {
            seat: update(text, [j for e, j in seen if e.visible_to(seat)])
            for seat, text in seat_views.items()
        }

        def others() -> tuple[str, str, str, str]:
            public_view = view_json_text(everything.public)
            public_frame = update(public_view, [j for e, j in seen if not e.audience])
            # The observer holds the public view and every seat's view again: splice the texts made above instead
            # of serialising them twice (TrainerView's fields, in order: public, seats, transcript).
            observer = (
                '{"public":'
                + public_view
                + ',"seats":['
                + ",".join(seat_views[v.seat] for v in everything.seats)
                + '],"transcript":'
                + transcript_json_text(everything.transcript)
                + "}"
            )
            trainer_view = self._trainer_view(observer, played_by)
            return update(trainer_view, [j for _, j in seen]), trainer_view, public_frame, public_view

        played_by = {s: s in self.stand_ins for s in self.seats}  # as it is now, not when first asked for
        return TableFrames(self.number, move, frames, seat_views, others)

    def _trainer_view(self, observer: str, handed: dict[str, bool]) -> str:
        """The trainer's view of this table as JSON text: which table and game, who plays each seat, and the
        observer view of everything (every seat's view, every private line; never the state, the log or seeds)."""
        head = json.dumps(
            {
                "table": self.number,
                "game_id": self.game_id,
                "seats": {
                    s.delegation: {
                        "controller": s.controller,
                        "persona": s.persona,
                        "played_by": "ai" if s.controller == "bot" or handed[s.delegation] else "students",
                    }
                    for s in self.session.setup.seats
                },
            },
            separators=(",", ":"),
        )
        return head[:-1] + ',"observer":' + observer + "}"

    # ------------------------------------------------------------------------------------------ AI thread
    def _bots(self) -> None:
        while True:
            self._bot_wake.wait()
            self._bot_wake.clear()
            if self._stopping.is_set():
                return
            try:
                move = self.session.bot_move()
                if move is None:
                    self._stand_in_move()
            except Exception:
                log.exception("table %s: an AI seat failed to choose a move", self.number)
                continue
            if move is not None:
                self._post(lambda move=move: self._apply_bot(move))  # type: ignore[misc]

    def _stand_in_move(self) -> None:
        """The AI's move for a students' seat handed over to it, if it is that seat's turn (thinks here)."""
        seat = self.session.whose_turn()
        bot = self.stand_ins.get(seat) if seat is not None else None
        if seat is None or bot is None:
            return
        view = self.session.view(seat)
        command = bot.choose(view)
        self._post(lambda: self._apply_stand_in(seat, command, view.move))
