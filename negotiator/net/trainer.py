"""The trainer's side of the host: the console's handle on the class, the overview rows and the alerts.

The trainer console runs on the host's computer and reaches the class through :meth:`ClassHost.console`, which
asks for the trainer's token (a student's token or the room code never opens it). The first console (or the first
trainer connection that intervenes over the wire) holds control; any other trainer console watches read-only.

Interventions are game commands by ``trainer`` (:mod:`negotiator.game.interventions`), applied on the table's
thread like a seat's move, so the clients get their new views (and resync after a rollback) the usual way.

The overview is one :class:`~negotiator.net.protocol.TableRow` per table: the game's standing
(:func:`negotiator.game.overview.table_standing`) plus what only the host knows: who is connected, the clock and
the alerts. The clock is the host's (wall time never enters the rules): a table's turn starts when its log last
changed.
"""

from __future__ import annotations

import concurrent.futures
import time
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from negotiator.game.commands import Intervention
from negotiator.game.overview import table_standing
from negotiator.game.views import TrainerView
from negotiator.model.errors import NegotiatorError
from negotiator.net.protocol import PrincipalRow, TableRow
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
    """When a table's log last changed (host time, monotonic)."""

    move: int = -1
    since: float = field(default_factory=time.monotonic)

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
    s = table_standing(state)
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
        table=table.number,
        game_id=table.game_id,
        move=s.move,
        round=s.round,
        rounds_total=s.rounds_total,
        phase=s.phase,
        turn=s.turn,
        paused=s.paused,
        timer=s.timer,
        time_left=None if time_left is None else round(time_left, 1),
        idle=round(waited, 1),
        text_id=s.text_id,
        text_by=s.text_by,
        principals=[
            PrincipalRow(delegation=p.delegation, points=p.points, walk_away=p.walk_away, support=p.support)
            for p in s.principals
        ],
        frontier_gap=s.frontier_gap,
        walked_out=list(s.walked_out),
        result=s.result,
        paradigm=s.paradigm,
        connected={seat: list(connected.get(seat, [])) for seat in table.seats if seat in table.human_seats},
        played_by=played,
        alerts=alerts,
    )


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

    def session(self, table: int) -> Session:
        return self._host.tables[table].session

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
