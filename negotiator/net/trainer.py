"""The trainer's side of the host: the console's handle on the class, the overview rows and the alerts.

The trainer console runs on the host's computer and reaches the class through :meth:`ClassHost.console`, which
asks for the trainer's token (a student's token or the room code never opens it). The first console (or the first
trainer connection that intervenes over the wire) holds control; any other trainer console watches read-only.

Interventions are game commands by ``trainer`` (:mod:`negotiator.game.interventions`), applied on the table's
thread like a seat's move, so the clients get their new views (and resync after a rollback) the usual way.

The overview is one :class:`~negotiator.net.protocol.TableRow` per table: the game's standing
(:func:`negotiator.game.overview.table_standing`, whose model defines the row's shared fields once) plus what only the host knows: who is connected, the clock and
the alerts. The clock is the host's (wall time never enters the rules): a table's turn starts when its log last
changed.
"""

from __future__ import annotations

import concurrent.futures
import time
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Protocol

from negotiator.game.commands import TRAINER, Intervention
from negotiator.game.interventions import undone_positions
from negotiator.game.overview import TableStanding, table_standing
from negotiator.game.views import TrainerView
from negotiator.model.errors import NegotiatorError
from negotiator.net.protocol import TableRow
from negotiator.net.table import Table
from negotiator.session.session import Session

if TYPE_CHECKING:
    from negotiator.net.host import ClassHost

IDLE_AFTER_S = 120.0
"""A students' seat on its turn this long without a move is flagged idle (design choice: two minutes)."""
STALLED_AFTER_S = 300.0
"""A table with no move this long (and not paused or over) is flagged stalled (design choice: five minutes)."""


class ConsoleRefused(NegotiatorError):
    """The token given is not the trainer's."""


@dataclass
class TableClock:
    """When a table's log last changed (host time, monotonic), and the table's standing at that move.

    The overview is sent every few seconds because its clock fields (time left, idle, the idle and stalled alerts)
    change while nothing happens at the table; the standing (points, frontier gap, polls: the costly part) changes
    only with a move, so it is kept here and computed once per move."""

    move: int = -1
    since: float = field(default_factory=time.monotonic)
    standing: TableStanding | None = None
    standing_of: object = None
    """The state the standing was read from (states are immutable: the same object, the same standing)."""

    def seen(self, move: int, now: float) -> None:
        if move != self.move:
            self.move, self.since = move, now


@dataclass(frozen=True)
class Outcome:
    """What became of one intervention at one table: the log length after it, or why it was refused."""

    table: int
    move: int | None
    error: str | None = None


def table_row(
    table: Table,
    connected: Mapping[str, list[str]],
    clock: TableClock,
    now: float,
    *,
    idle_after: float = IDLE_AFTER_S,
    stalled_after: float = STALLED_AFTER_S,
) -> TableRow:
    """One table's row of the overview (any thread: it reads the session's current, immutable state)."""
    state = table.session.state
    if clock.standing is None or clock.standing_of is not state:
        clock.standing, clock.standing_of = table_standing(state), state
    s = clock.standing
    clock.seen(s.move, now)
    waited = now - clock.since
    time_left = s.timer - waited if s.timer and s.turn is not None else None
    played = {
        seat: "ai" if seat not in table.human_seats or seat in table.stand_ins else "students"
        for seat in table.seats
    }
    alerts: list[str] = []
    live = s.result is None and not s.paused
    if live and s.turn is not None and played.get(s.turn) == "students":
        if not connected.get(s.turn):
            alerts.append(f"empty:{s.turn}")
        if time_left is not None and time_left <= 0:
            alerts.append(f"time-up:{s.turn}")
        elif waited >= idle_after:
            alerts.append(f"idle:{s.turn}")
    if live and waited >= stalled_after:
        alerts.append("stalled")
    alerts.extend(f"walk-out:{seat}" for seat in s.walked_out)
    return TableRow(
        **dict(s),  # the standing's fields (its models, as they are): see negotiator.game.overview
        table=table.number,
        game_id=table.game_id,
        time_left=None if time_left is None else round(time_left, 1),
        idle=round(waited, 1),
        connected={seat: list(connected.get(seat, [])) for seat in table.seats if seat in table.human_seats},
        played_by=played,
        alerts=alerts,
    )


@dataclass(frozen=True)
class LogLine:
    """One command of a table's log as the console lists it; ``undone``: a later rollback went back over it."""

    index: int
    round: int
    seat: str
    what: str
    undone: bool


@dataclass(frozen=True)
class TableDetail:
    """What the console shows of a table besides its observer view: who sits where, the trainer's settings and
    record. ``log`` is None where the console cannot read the log (a console over the network: the host never sends
    it); ``actions`` then comes from the trainer's lines in the record, without log positions (-1)."""

    table: int
    seat_ids: tuple[str, ...]
    students: tuple[str, ...]
    """The delegations students play (the others are AI seats)."""
    paused: bool
    timer: int
    warn: int
    actions: tuple[tuple[int, int, str, str], ...]
    """(log position, round, kind, whom) of every intervention, in order."""
    log: tuple[LogLine, ...] | None = None


class ConsoleLink(Protocol):
    """What the console's screens need of a class: :class:`TrainerConsole` on the host's computer, or
    :class:`~negotiator.net.remote_console.RemoteConsole` over the network with the trainer's token."""

    @property
    def read_only(self) -> bool: ...
    @property
    def url(self) -> str: ...
    @property
    def room_code(self) -> str: ...
    @property
    def scenario_id(self) -> str: ...
    def numbers(self) -> list[int]: ...
    def overview(self) -> list[TableRow]: ...
    def moves(self, table: int) -> int: ...
    def observer(self, table: int) -> TrainerView: ...
    def detail(self, table: int) -> TableDetail: ...
    def session_of(self, table: int) -> Session | None: ...
    def intervene(
        self, command: Intervention, table: int | None = None, timeout: float = 30.0
    ) -> list[Outcome]: ...
    def release(self) -> None: ...


def log_lines(session: Session) -> tuple[LogLine, ...]:
    """Every command of the session's log, the trainer's included, and which ones a rollback undid (the audit): a
    rollback undoes the delegations' moves and injected events; the trainer's other interventions stand."""
    undone = undone_positions(session.state.classroom)
    out = []
    for i, r in enumerate(session.records):
        what = str(r.payload.get("type", ""))
        gone = i in undone and (r.seat != TRAINER or what == "inject-event")
        out.append(LogLine(r.index, r.round, r.seat, what, gone))
    return tuple(out)


class TrainerConsole:
    """The console's handle on a running class (from :meth:`ClassHost.console`). Thread-safe."""

    def __init__(self, host: ClassHost, read_only: bool) -> None:
        self._host = host
        self.read_only = read_only

    @property
    def host(self) -> ClassHost:
        return self._host

    @property
    def tables(self) -> dict[int, Table]:
        return self._host.tables

    @property
    def url(self) -> str:
        return self._host.url

    @property
    def room_code(self) -> str:
        return self._host.room.code

    @property
    def scenario_id(self) -> str:
        return self._host.room.scenario_id

    def numbers(self) -> list[int]:
        return sorted(self._host.tables)

    def session(self, table: int) -> Session:
        return self._host.tables[table].session

    def session_of(self, table: int) -> Session | None:
        return self.session(table)

    def moves(self, table: int) -> int:
        return len(self.session(table).records)

    def detail(self, table: int) -> TableDetail:
        session = self.session(table)
        room = session.state.classroom
        return TableDetail(
            table,
            session.setup.seat_ids,
            tuple(s.delegation for s in session.setup.seats if s.controller != "bot"),
            room.paused,
            room.timer,
            room.warn,
            tuple((a.move, a.round, a.kind, a.target) for a in room.actions),
            log_lines(session),
        )

    def overview(self) -> list[TableRow]:
        return self._host.overview_rows()

    def observer(self, table: int) -> TrainerView:
        """Everything at one table: every seat's view, every private line."""
        return self._host.tables[table].session.trainer_view()

    def intervene(
        self, command: Intervention, table: int | None = None, timeout: float = 30.0
    ) -> list[Outcome]:
        """Apply ``command`` at ``table`` (every table when None); waits for each table's answer."""
        if self.read_only:
            raise ConsoleRefused("this console is read-only: another trainer console holds control")
        futures = self.intervene_async(command, table)
        out = []
        for number, future in futures.items():
            try:
                out.append(future.result(timeout))
            except concurrent.futures.TimeoutError:
                out.append(Outcome(number, None, "no answer from the table in time; it may still apply"))
        return out

    def intervene_async(
        self, command: Intervention, table: int | None = None
    ) -> dict[int, concurrent.futures.Future[Outcome]]:
        if self.read_only:
            raise ConsoleRefused("this console is read-only: another trainer console holds control")
        numbers = sorted(self._host.tables) if table is None else [table]
        futures: dict[int, concurrent.futures.Future[Outcome]] = {}
        for number in numbers:
            future: concurrent.futures.Future[Outcome] = concurrent.futures.Future()
            futures[number] = future
            self._host.intervene(number, command, future.set_result)
        return futures

    def release(self) -> None:
        """Give up control (the console closed): the next trainer may take it."""
        if not self.read_only:
            self._host.release_control("console")
            self.read_only = True
