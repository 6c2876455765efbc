"""The class host: a WebSocket server on its own asyncio thread, serving every table of a room to its connections.

The host is the only holder of game state. A connection proves who it is with its first frame (a ``join`` with a
seat's token, the trainer's token, or the room code to watch as a spectator); from then on the seat is the
connection's, never the message's. What each connection receives is rendered by its table (one frame per seat per
move) and queued in the connection's own :class:`~negotiator.net.outbox.Outbox`.

Protection, whatever a client sends: frames over the size limit are refused (compression is off, so the size
read is the size held), and the socket
layer drops a connection whose frame is absurdly large; malformed, unknown or unauthorised frames get an error frame;
a token bucket limits each connection's frame rate; a connection that keeps misbehaving, fails to join in time, or
joins with a bad token is closed; an address that fails to join too often is turned away for a minute; each token
has a cap on simultaneous connections; keep-alive pings close dead links. None of it touches another connection.
"""

from __future__ import annotations

import asyncio
import concurrent.futures
import contextlib
import hashlib
import itertools
import json
import logging
import threading
import time
from collections import defaultdict, deque
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from websockets.asyncio.server import Server, ServerConnection, serve
from websockets.exceptions import ConnectionClosed

from negotiator.game.commands import TRAINER, HandSeat, Intervention, MoveStudent
from negotiator.model.errors import NegotiatorError
from negotiator.model.public import PublicScenario
from negotiator.net.outbox import Outbox, OutboxOverflow
from negotiator.net.protocol import (
    MAX_CLIENT_FRAME,
    PROTOCOL,
    Bye,
    ChatMessage,
    ChatSend,
    Error,
    ErrorCode,
    FrameError,
    HandOver,
    Intervene,
    Intervened,
    Join,
    Leave,
    Overview,
    Presence,
    Role,
    SeatStatus,
    Submit,
    TableRow,
    Welcome,
    dump,
    dump_with_view,
    parse_client_frame,
)
from negotiator.net.room import Room, RoomError, token_key
from negotiator.net.table import Table, TableFrames
from negotiator.net.trainer import (
    IDLE_AFTER_S,
    STALLED_AFTER_S,
    ConsoleRefused,
    Outcome,
    TableClock,
    TrainerConsole,
    table_row,
)
from negotiator.text import Message, render

log = logging.getLogger(__name__)


def lan_address() -> str:
    """This computer's address on its LAN (the interface a packet out would use; nothing is sent)."""
    import socket

    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as s:
        try:
            s.connect(("10.255.255.255", 1))
            return str(s.getsockname()[0])
        except OSError:
            return "127.0.0.1"


@dataclass(frozen=True)
class HostLimits:
    """What one connection may do. The defaults suit a class of 40 on a school network."""

    frame_bytes: int = MAX_CLIENT_FRAME
    """Frames above this (decompressed) get an error frame."""
    socket_frame_bytes: int = 1024 * 1024
    """Frames above this are not even read: the socket layer closes the connection (code 1009)."""
    rate_per_second: float = 20.0
    burst: float = 40.0
    strikes_before_close: int = 20
    """Refused frames (malformed, rate-limited, unauthorised) a connection may send before it is closed."""
    connections_per_token: int = 8
    connections_total: int = 512
    join_timeout: float = 10.0
    failed_joins_per_minute: int = 20
    """Bad tokens from one address within a minute before that address is turned away for a minute."""
    outbox_frames: int = 256
    ping_interval: float | None = 10.0
    ping_timeout: float | None = 10.0
    hand_to_ai_after: float | None = None
    """Seconds a students' seat may stay empty on its turn before the AI plays it (until a student is back);
    ``None``: never (the trainer hands seats over by hand)."""
    idle_after: float = IDLE_AFTER_S
    """The trainer's overview flags a students' seat this long on its turn as idle."""
    stalled_after: float = STALLED_AFTER_S
    """The trainer's overview flags a table with no move this long as stalled."""
    overview_every: float = 2.0
    """Seconds between overview frames to trainer connections (they also get one after every move)."""


@dataclass(eq=False)
class Connection:
    """One client link (host loop only)."""

    id: int
    ws: ServerConnection
    address: str
    outbox: Outbox
    name: str = ""
    role: Role | None = None
    table: int | None = None
    seat: str | None = None
    token: str = ""
    strikes: int = 0
    tokens: float = 0.0
    refilled: float = field(default_factory=time.monotonic)
    closing: bool = False


@dataclass(frozen=True)
class Identity:
    role: Role
    table: int | None
    seat: str | None


class ClassHost:
    """Serves a room's tables. :meth:`start` returns once it is listening; :meth:`stop` shuts down cleanly."""

    def __init__(
        self,
        room: Room,
        tables: Sequence[Table],
        *,
        bind: str = "127.0.0.1",
        port: int = 0,
        advertise: str | None = None,
        limits: HostLimits | None = None,
        room_file: Path | None = None,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        """``clock``: the host's clock in seconds (monotonic; the turn timers, idle and stalled times read it). Tests
        pass their own to move time by hand; the loop's wakeups are scheduled by it too."""
        self.room = room
        self._clock = clock
        self._room_file = room_file
        self._room_lock = threading.Lock()
        self.limits = limits or HostLimits()
        self._bind, self._port, self._advertise = bind, port, advertise
        self._tables: dict[int, Table] = {t.number: t for t in tables}
        self._identities: dict[str, Identity] = {token_key(room.trainer): Identity("trainer", None, None)}
        self._identities[token_key(room.code)] = Identity("spectator", None, None)
        for t in room.tables:
            for seat, token in t.seats.items():
                self._identities[token_key(token)] = Identity("seat", t.number, seat)
        first = next(iter(self._tables.values()))
        public = PublicScenario.of(first.session.scenario).model_dump_json()
        self._scenario_json: dict[str, object] = json.loads(public)
        self._scenario_digest = hashlib.sha256(public.encode("utf-8")).hexdigest()[:32]
        self._loop: asyncio.AbstractEventLoop | None = None
        self._loop_thread: int | None = None
        self._server: Server | None = None
        self._thread: threading.Thread | None = None
        self._ready = threading.Event()
        self._stopped: asyncio.Event | None = None
        self._failure: BaseException | None = None
        self._ids = itertools.count(1)
        self._conns: set[Connection] = set()
        self._per_token: dict[str, int] = defaultdict(int)
        self._seat_conns: dict[tuple[int, str], set[Connection]] = defaultdict(set)
        self._trainers: set[Connection] = set()
        self._spectators: dict[int, set[Connection]] = defaultdict(set)
        self._failed: dict[str, deque[float]] = defaultdict(deque)
        self._empty_since: dict[tuple[int, str], float] = {}
        self._auto_handed: set[tuple[int, str]] = set()
        self._clocks: dict[int, TableClock] = {n: TableClock(since=clock()) for n in self._tables}
        self._wakeups: dict[int, tuple[float, asyncio.TimerHandle]] = {}
        """Each table's next turn-timer deadline (host clock) and the loop's call for it."""
        self._control: str | None = None
        """Who may intervene: ``"console"`` (the console on this computer), ``"conn:<id>"``, or nobody yet."""
        self._control_lock = threading.Lock()
        self._warned: set[tuple[int, int]] = set()
        """(table, move) whose turn's students were warned that the timer runs out."""
        self._timed_out: set[tuple[int, int]] = set()
        """(table, move) whose turn the timer ended."""
        self.port = 0
        self.frames_sent = 0
        self.coalesced = 0

    # ------------------------------------------------------------------------------------------ lifecycle
    @property
    def url(self) -> str:
        host = self._advertise or self._bind
        return f"ws://{host}:{self.port}"

    @property
    def tables(self) -> dict[int, Table]:
        return dict(self._tables)

    def start(self, timeout: float = 15.0) -> None:
        for table in self._tables.values():
            table._publish = self._publish_threadsafe
        self._thread = threading.Thread(target=self._run, name="class-host", daemon=True)
        self._thread.start()
        if not self._ready.wait(timeout):
            raise RuntimeError("the host did not start listening in time")
        if self._failure is not None:
            raise self._failure
        for (
            t
        ) in self.room.tables:  # seats handed to the AI before the host stopped (the log and the room file)
            table = self._tables[t.number]
            logged = dict(table.session.state.classroom.stand_ins)
            for seat, persona in {**logged, **t.handed_to_ai, **t.auto_handed}.items():
                if seat in t.auto_handed:
                    self._auto_handed.add((t.number, seat))
                table.hand_over(seat, True, persona or None, lambda _changed: None)
        for table in self._tables.values():
            table.start()

    def stop(self, timeout: float = 15.0) -> None:
        """Stop accepting, finish every table's queued moves (each is stored as it is applied), say goodbye."""
        loop = self._loop
        if loop is None or self._thread is None:
            return
        for table in self._tables.values():
            table.stop(timeout)
        if self._stopped is not None and not loop.is_closed():
            with contextlib.suppress(RuntimeError):
                loop.call_soon_threadsafe(self._stopped.set)
        self._thread.join(timeout)

    def drop_all_links(self) -> None:
        """Cut every connection at once, as a network outage would (benchmarks and tests of the reconnect storm)."""

        def drop() -> None:
            for conn in list(self._conns):
                transport = conn.ws.transport
                if transport is not None:
                    transport.abort()

        self._call(drop)

    def connection_count(self) -> int:
        return len(self._conns)

    def _run(self) -> None:
        loop = asyncio.new_event_loop()
        self._loop = loop
        self._loop_thread = threading.get_ident()
        try:
            loop.run_until_complete(self._main())
        except BaseException as exc:  # reported to start() if it happened before listening
            self._failure = exc
            self._ready.set()
        finally:
            loop.close()

    async def _main(self) -> None:
        self._stopped = asyncio.Event()
        limits = self.limits
        async with serve(
            self._handle,
            self._bind,
            self._port,
            max_size=limits.socket_frame_bytes,
            # No per-message compression: on a LAN a view (~10 KB) costs nothing to send as it is, while deflating
            # it for every connection cost the host more CPU than rendering it.
            compression=None,
            ping_interval=limits.ping_interval,
            ping_timeout=limits.ping_timeout,
            close_timeout=2,
            max_queue=16,
        ) as server:
            self._server = server
            self.port = next(iter(server.sockets)).getsockname()[1]
            self._ready.set()
            watcher = asyncio.create_task(self._watch_empty_seats())
            overviews = asyncio.create_task(self._push_overviews())
            for number, table in self._tables.items():  # a resumed class's timers run from now
                self._clocks[number].seen(len(table.session.records), self._clock())
                self._arm_clock(number)
            await self._stopped.wait()
            watcher.cancel()
            overviews.cancel()
            for _, handle in self._wakeups.values():
                handle.cancel()
            bye = dump(Bye(reason="the host is shutting down; reconnect when it is back"))
            await asyncio.gather(
                *(asyncio.wait_for(c.ws.send(bye), 1.0) for c in list(self._conns)), return_exceptions=True
            )
            server.close(close_connections=True)
            await server.wait_closed()

    # ------------------------------------------------------------------------------------------ crossing threads
    def _publish_threadsafe(self, frames: TableFrames) -> None:
        self._call(self._fanout, frames)

    def _reply_threadsafe(self, conn: Connection) -> Callable[[str], None]:
        def reply(frame: str) -> None:
            self._call(self._push, conn, frame)

        return reply

    def _call(self, fn: Callable[..., object], *args: object) -> None:
        """Run ``fn`` on the host's loop: now if this is the loop's thread, else soon."""
        if threading.get_ident() == self._loop_thread:
            fn(*args)
            return
        loop = self._loop
        if loop is None or loop.is_closed():
            return
        with contextlib.suppress(RuntimeError):  # the loop closed meanwhile (shutting down)
            loop.call_soon_threadsafe(fn, *args)

    # ------------------------------------------------------------------------------------------ connections
    async def _handle(self, ws: ServerConnection) -> None:
        address = str(ws.remote_address[0]) if ws.remote_address else "?"
        if self._turned_away(address):
            await ws.close(1008, "too many failed joins from this address; wait a minute")
            return
        if len(self._conns) >= self.limits.connections_total:
            await ws.close(1013, "the host is full")
            return
        conn = Connection(next(self._ids), ws, address, Outbox(self.limits.outbox_frames))
        conn.tokens = self.limits.burst
        self._conns.add(conn)
        sender = asyncio.create_task(self._sender(conn))
        try:
            await self._converse(conn)
        except ConnectionClosed:
            pass
        finally:
            self._conns.discard(conn)
            self._unregister(conn)
            sender.cancel()

    async def _sender(self, conn: Connection) -> None:
        with contextlib.suppress(ConnectionClosed):
            while True:
                frame = await conn.outbox.get()
                await conn.ws.send(frame)
                self.frames_sent += 1

    def _push(self, conn: Connection, frame: str, update_of: int | None = None) -> None:
        if conn.closing:
            return
        try:
            conn.outbox.push(frame, update_of=update_of)
        except OutboxOverflow:
            conn.closing = True
            log.info("connection %s stalled; closing it", conn.id)
            asyncio.get_running_loop().create_task(self._close(conn, 1013, "stalled: too many frames unread"))

    async def _close(self, conn: Connection, code: int, reason: str) -> None:
        """Close the link, and if the closing handshake cannot finish in time, cut it. A stalled peer reads nothing,
        so the close frame waits behind everything unread and ``close`` alone would wait for ever: the connection
        (and its seat's place among the token's connections) would never be freed."""
        try:
            await asyncio.wait_for(conn.ws.close(code, reason), 2.0)
        except TimeoutError:
            transport = conn.ws.transport
            if transport is not None:
                transport.abort()

    async def _refuse(self, conn: Connection, code: ErrorCode, message: str, close_code: int = 1008) -> None:
        with contextlib.suppress(ConnectionClosed, TimeoutError):
            await asyncio.wait_for(conn.ws.send(dump(Error(code=code, message=message))), 2.0)
        conn.closing = True
        await self._close(conn, close_code, message[:120])

    async def _converse(self, conn: Connection) -> None:
        ws = conn.ws
        try:
            raw = await asyncio.wait_for(ws.recv(), self.limits.join_timeout)
        except TimeoutError:
            await self._refuse(conn, "not-joined", "no join frame in time; send join first")
            return
        try:
            first = self._read(conn, raw)
        except FrameError as exc:
            await self._refuse(conn, exc.code, exc.message)
            return
        if not isinstance(first, Join):
            await self._refuse(conn, "not-joined", 'the first frame must be {"type": "join", ...}')
            return
        if first.protocol != PROTOCOL:
            await self._refuse(
                conn, "protocol", f"this host speaks protocol {PROTOCOL}, not {first.protocol}"
            )
            return
        identity = self._identities.get(token_key(first.token))
        if identity is None:
            self._note_failed_join(conn.address)
            await self._refuse(conn, "unauthorised", "unknown token; check the seat card or ask the trainer")
            return
        key = token_key(first.token)
        if self._per_token[key] >= self.limits.connections_per_token:
            await self._refuse(
                conn,
                "too-many-connections",
                f"this token already has {self.limits.connections_per_token} connections",
                close_code=1013,
            )
            return
        refusal = self._register(conn, identity, first, key)
        if refusal is not None:
            await self._refuse(conn, *refusal)
            return
        async for raw in ws:
            if not self._take_token(conn):
                await self._strike(conn, "rate-limited", "too many frames; slow down", None)
                continue
            try:
                frame = self._read(conn, raw)
            except FrameError as exc:
                await self._strike(conn, exc.code, exc.message, None)
                continue
            if isinstance(frame, Submit):
                await self._on_submit(conn, frame)
            elif isinstance(frame, ChatSend):
                await self._on_chat(conn, frame)
            elif isinstance(frame, HandOver):
                await self._on_hand_over(conn, frame)
            elif isinstance(frame, Intervene):
                await self._on_intervene(conn, frame)
            elif isinstance(frame, Leave):
                self._push(conn, dump(Bye(reason="goodbye")))
                await asyncio.sleep(0)
                await ws.close(1000, "left")
                return
            else:
                await self._strike(conn, "already-joined", "this connection has joined already", None)

    def _read(
        self, conn: Connection, raw: str | bytes
    ) -> Join | Submit | ChatSend | HandOver | Leave | Intervene:
        if len(raw) > self.limits.frame_bytes:
            raise FrameError("too-large", f"the frame is over {self.limits.frame_bytes} bytes")
        return parse_client_frame(raw)

    async def _strike(self, conn: Connection, code: ErrorCode, message: str, frame_id: str | None) -> None:
        conn.strikes += 1
        if conn.strikes > self.limits.strikes_before_close:
            await self._refuse(conn, code, f"{message}; closing after {conn.strikes} refused frames")
            return
        self._push(conn, dump(Error(code=code, message=message, id=frame_id)))

    def _take_token(self, conn: Connection) -> bool:
        now = time.monotonic()
        limits = self.limits
        conn.tokens = min(limits.burst, conn.tokens + (now - conn.refilled) * limits.rate_per_second)
        conn.refilled = now
        if conn.tokens < 1.0:
            return False
        conn.tokens -= 1.0
        return True

    def _note_failed_join(self, address: str) -> None:
        self._failed[address].append(time.monotonic())

    def _turned_away(self, address: str) -> bool:
        times = self._failed.get(address)
        if not times:
            return False
        now = time.monotonic()
        while times and now - times[0] > 60.0:
            times.popleft()
        return len(times) >= self.limits.failed_joins_per_minute

    # ------------------------------------------------------------------------------------------ membership
    def _register(
        self, conn: Connection, identity: Identity, join: Join, key: str
    ) -> tuple[ErrorCode, str] | None:
        """Attach the connection to its seat, the trainer or a table it watches, and queue its welcome (atomic on
        the loop: the welcome shows the table's latest frames, and every later fan-out reaches the connection)."""
        conn.name, conn.role, conn.token = join.name, identity.role, key
        scenario = None if join.scenario_digest == self._scenario_digest else self._scenario_json
        if identity.role == "spectator":
            number = join.table or 1
            if number not in self._tables:
                return (
                    "malformed",
                    f"there is no table {number}; the class has tables 1 to {len(self._tables)}",
                )
            table = self._tables[number]
            current = table.current
            conn.table = number
            self._spectators[number].add(conn)
            welcome = self._welcome("spectator", number, table.game_id, None, current.move, scenario)
            self._push(conn, dump_with_view(welcome, current.public_view))
            return None
        self._per_token[key] += 1
        if identity.role == "trainer":
            self._trainers.add(conn)
            views = ",".join(t.current.trainer_view for t in self._tables.values())
            welcome = self._welcome("trainer", None, None, None, 0, None)
            self._push(conn, dump_with_view(welcome, '{"tables":[' + views + "]}"))
            for number in self._tables:
                self._push(conn, self._presence_all(number))
            self._push(conn, self._overview_frame(conn))
            return None
        assert identity.table is not None and identity.seat is not None
        table = self._tables[identity.table]
        conn.table, conn.seat = identity.table, identity.seat
        current = table.current
        self._seat_conns[(identity.table, identity.seat)].add(conn)
        self._empty_since.pop((identity.table, identity.seat), None)
        if (identity.table, identity.seat) in self._auto_handed:  # a student is back: the AI steps aside
            self.hand_over(
                identity.table, identity.seat, False, None, "a student came back, so the host", auto=True
            )
        welcome = self._welcome("seat", identity.table, table.game_id, identity.seat, current.move, scenario)
        self._push(conn, dump_with_view(welcome, current.seat_views[identity.seat]))
        self._presence_changed(identity.table, identity.seat)
        return None

    def _welcome(
        self,
        role: Role,
        table: int | None,
        game_id: str | None,
        seat: str | None,
        move: int,
        scenario: dict[str, object] | None,
        *,
        token: str | None = None,
    ) -> Welcome:
        return Welcome(
            protocol=PROTOCOL,
            role=role,
            room=self.room.code,
            table=table,
            game_id=game_id,
            seat=seat,
            scenario_id=self.room.scenario_id,
            move=move,
            scenario_digest=self._scenario_digest,
            scenario=scenario,
            token=token,
            view={},
        )

    def _unregister(self, conn: Connection) -> None:
        if conn.role is None:
            return
        if conn.role == "spectator":
            if conn.table is not None:
                self._spectators[conn.table].discard(conn)
            return
        self._per_token[conn.token] -= 1
        if self._per_token[conn.token] <= 0:
            del self._per_token[conn.token]
        if conn.role == "trainer":
            self._trainers.discard(conn)
            self.release_control(f"conn:{conn.id}")
            return
        if conn.table is not None and conn.seat is not None:
            holders = self._seat_conns.get((conn.table, conn.seat))
            if holders is not None:
                holders.discard(conn)
                if not holders:
                    del self._seat_conns[(conn.table, conn.seat)]
                    self._empty_since[(conn.table, conn.seat)] = time.monotonic()
            self._presence_changed(conn.table, conn.seat)

    def _presence_changed(self, table: int, seat: str) -> None:
        holders = self._seat_conns.get((table, seat), set())
        frame = dump(Presence(table=table, seats={seat: sorted(c.name for c in holders)}))
        for c in holders:
            self._push(c, frame)
        if self._trainers:
            everyone = self._presence_all(table)
            for c in self._trainers:
                self._push(c, everyone)

    def _presence_all(self, table: int) -> str:
        seats = {
            seat: sorted(c.name for c in self._seat_conns.get((table, seat), set()))
            for seat in self._tables[table].seats
        }
        return dump(Presence(table=table, seats=seats))

    # ------------------------------------------------------------------------------------------ requests
    async def _on_submit(self, conn: Connection, frame: Submit) -> None:
        if conn.role != "seat" or conn.table is None or conn.seat is None:
            await self._strike(conn, "not-allowed", "only a seat's connection submits commands", frame.id)
            return
        self._tables[conn.table].submit(conn.seat, frame, self._reply_threadsafe(conn))

    async def _on_chat(self, conn: Connection, frame: ChatSend) -> None:
        if conn.role != "seat" or conn.table is None or conn.seat is None:
            await self._strike(conn, "not-allowed", "team chat is for a seat's team", frame.id)
            return
        out = dump(ChatMessage(table=conn.table, seat=conn.seat, name=conn.name, text=frame.text))
        for c in self._seat_conns.get((conn.table, conn.seat), set()):
            self._push(c, out)
        for c in self._trainers:
            self._push(c, out)

    async def _on_hand_over(self, conn: Connection, frame: HandOver) -> None:
        if conn.role != "trainer":
            await self._strike(conn, "not-allowed", "only the trainer hands a seat to the AI", None)
            return
        table = self._tables.get(frame.table)
        if table is None or frame.seat not in table.human_seats:
            self._push(
                conn,
                dump(
                    Error(
                        code="malformed", message=f"no students' seat {frame.seat!r} at table {frame.table}"
                    )
                ),
            )
            return
        self.hand_over(frame.table, frame.seat, frame.to == "ai", frame.persona, "the trainer")

    def hand_over(
        self,
        table: int,
        seat: str,
        to_ai: bool,
        persona: str | None,
        by: str,
        *,
        record: bool = False,
        answer: Callable[[int | None, str | None], None] | None = None,
        auto: bool = False,
    ) -> None:
        """Let the AI play a students' seat, or give it back; the seat's connections and the trainer are told.
        ``record``: logged as an intervention (the trainer's ``hand-seat``).

        The room file keeps every hand-over in effect, so ``--resume`` restores it. The trainer's decisions
        (``handed_to_ai``) stay until the trainer undoes them: a student coming back does not. The host's own
        (``auto``: a seat left empty on its turn, given back when a student is back) are ``auto_handed`` there, and
        always logged (by the trainer's side, as ``hand-seat``), so a replay of the log shows who played each move
        and a restarted host knows the AI holds the seat until a student is back."""
        key = (table, seat)
        if auto and to_ai:
            self._auto_handed.add(key)
        else:
            self._auto_handed.discard(key)

        def done(changed: bool) -> None:
            handed = (
                seat in self._tables[table].stand_ins
            )  # what is now so (a refused hand-over changes nothing)
            self._remember_hand_over(table, seat, (persona or "") if handed else None, auto)
            if changed:
                self._call(self._seat_status, table, seat, to_ai, by)

        self._tables[table].hand_over(seat, to_ai, persona, done, record=record or auto, answer=answer)

    def _remember_hand_over(self, table: int, seat: str, persona: str | None, auto: bool) -> None:
        """Keep the hand-over in the room (and its file)."""
        with self._room_lock:
            room = self.room.with_hand_over(table, seat, persona, auto=auto)
            if room == self.room:
                return
            self.room = room
            if self._room_file is not None:
                try:
                    room.save(self._room_file)
                except RoomError as exc:
                    log.warning("the hand-over is in effect but not in the room file: %s", exc)

    def _seat_status(self, table: int, seat: str, to_ai: bool, by: str) -> None:
        reason = f"{by} handed this seat to the AI" if to_ai else f"{by} gave this seat back to the students"
        frame = dump(
            SeatStatus(table=table, seat=seat, played_by="ai" if to_ai else "students", reason=reason)
        )
        for c in (*self._seat_conns.get((table, seat), ()), *self._trainers):
            self._push(c, frame)
        frames = self._tables[table].current  # the trainer's view says who plays each seat
        for c in self._trainers:
            self._push(c, frames.trainer_frame, table)
        self._arm_clock(table)  # the AI's seat has no timer; the students' has one again

    async def _watch_empty_seats(self) -> None:
        """Hand a students' seat to the AI when it is its turn and nobody has held it for ``hand_to_ai_after``."""
        wait = self.limits.hand_to_ai_after
        if wait is None:
            return
        while True:
            await asyncio.sleep(min(1.0, wait / 4))
            now = time.monotonic()
            for number, table in self._tables.items():
                turn = table.session.whose_turn()
                if turn is None or turn not in table.human_seats or turn in table.stand_ins:
                    continue
                if self._seat_conns.get((number, turn)):
                    continue
                since = self._empty_since.setdefault((number, turn), now)
                if now - since >= wait and (number, turn) not in self._auto_handed:
                    self.hand_over(
                        number,
                        turn,
                        True,
                        None,
                        f"nobody was at the seat for {wait:.0f} s, so the host",
                        auto=True,
                    )

    # ------------------------------------------------------------------------------------------ the trainer
    def console(self, token: str) -> TrainerConsole:
        """The trainer console's handle on the class: only the trainer's token opens it (a seat's token or the room
        code is refused). The first console holds control; a console opened while another holds it is read-only."""
        if token_key(token) != token_key(self.room.trainer):
            raise ConsoleRefused(
                "that is not the trainer's token; the console opens only with the trainer's token"
            )
        with self._control_lock:
            read_only = self._control is not None
            if not read_only:
                self._control = "console"
        return TrainerConsole(self, read_only)

    def _take_control(self, holder: str) -> bool:
        with self._control_lock:
            if self._control is None:
                self._control = holder
            return self._control == holder

    def release_control(self, holder: str) -> None:
        with self._control_lock:
            if self._control == holder:
                self._control = None

    def overview_rows(self) -> list[TableRow]:
        """One row per table (any thread)."""
        now = self._clock()
        return [self._row(number, now) for number in sorted(self._tables)]

    def _row(self, number: int, now: float) -> TableRow:
        table = self._tables[number]
        connected = {
            seat: sorted(c.name or "?" for c in self._seat_conns.get((number, seat), ()))
            for seat in table.seats
        }
        limits = self.limits
        return table_row(
            table,
            connected,
            self._clocks[number],
            now,
            idle_after=limits.idle_after,
            stalled_after=limits.stalled_after,
        )

    def intervene(self, table: int, command: Intervention, answer: Callable[[Outcome], None]) -> None:
        """Apply the trainer's ``command`` at ``table`` (on its thread); ``answer`` gets the :class:`Outcome`."""
        found = self._tables.get(table)
        if found is None:
            answer(Outcome(table, None, f"there is no table {table}"))
            return

        def said(move: int | None, error: str | None) -> None:
            answer(Outcome(table, move, error))

        if isinstance(command, HandSeat):
            self.hand_over(
                table,
                command.delegation,
                command.played_by == "ai",
                command.persona or None,
                "the trainer",
                record=True,
                answer=said,
            )
        elif isinstance(command, MoveStudent):

            def moved(move: int | None, error: str | None) -> None:
                if move is not None:  # the table's fan-out of this move is queued on the loop before this
                    self._call(self._move_student, table, command)
                said(move, error)

            found.intervene(command, moved)
        else:
            found.intervene(command, said)

    def _move_student(self, table: int, command: MoveStudent) -> None:
        """Move the connections of ``command.name`` (as they joined, in any case) from one seat to another (host
        loop): each gets a welcome with the new seat's view and token, and from then on only the new seat's frames.
        The old seat is left empty (the host's usual rules for an empty seat apply; the trainer may hand it to the
        AI). A name that no connection at the old seat has moves nobody: the log still records the move, and the
        student joins the other seat with its card."""
        room_table = next((t for t in self.room.tables if t.number == table), None)
        if room_table is None or command.to not in room_table.seats:
            return
        name = command.name.strip().casefold()
        old, new = (table, command.delegation), (table, command.to)
        movers = [c for c in self._seat_conns.get(old, set()) if c.name.strip().casefold() == name]
        if not movers:
            return
        token = room_table.seats[command.to]
        key = token_key(token)
        current = self._tables[table].current
        for conn in movers:
            self._seat_conns[old].discard(conn)
            self._per_token[conn.token] -= 1
            if self._per_token[conn.token] <= 0:
                del self._per_token[conn.token]
            self._per_token[key] += 1
            conn.token, conn.seat = key, command.to
            self._seat_conns[new].add(conn)
            conn.outbox.seal(table)
            welcome = self._welcome(
                "seat", table, self._tables[table].game_id, command.to, current.move, None, token=token
            )
            self._push(conn, dump_with_view(welcome, current.seat_views[command.to]))
        if not self._seat_conns[old]:
            del self._seat_conns[old]
            self._empty_since[old] = time.monotonic()
        self._empty_since.pop(new, None)
        if new in self._auto_handed:  # a student arrived: the host's own stand-in steps aside
            self.hand_over(table, command.to, False, None, "a student came back, so the host", auto=True)
        self._presence_changed(*old)
        self._presence_changed(*new)

    def _overview_frame(self, conn: Connection) -> str:
        control = self._control == f"conn:{conn.id}" or self._control is None
        return dump(Overview(control=control, tables=self.overview_rows()))

    async def _push_overviews(self) -> None:
        """Every few seconds: the overview to each trainer connection."""
        while True:
            await asyncio.sleep(self.limits.overview_every)
            if not self._trainers:
                continue
            rows = self.overview_rows()
            for c in list(self._trainers):
                control = self._control == f"conn:{c.id}" or self._control is None
                self._push(c, dump(Overview(control=control, tables=rows)))

    # ------------------------------------------------------------------------------------------ turn timers
    def _arm_clock(self, number: int) -> None:
        """Wake at table ``number``'s next turn-timer deadline (host loop): the warning, ``warn`` seconds before the
        end, then the end itself, each at its time (a scheduled call, not a look every so often, so a turn ends on
        time). Armed again after every change at the table (a move restarts the turn's time; a pause, the end of the
        talks or the AI taking the seat stops it)."""
        due = self._wakeups.pop(number, None)
        if due is not None:
            due[1].cancel()
        when = self._next_deadline(number)
        loop = self._loop
        if when is None or loop is None:
            return
        handle = loop.call_later(max(0.0, when - self._clock()), self._clock_due, number)
        self._wakeups[number] = (when, handle)

    def _turn_deadlines(self, number: int) -> tuple[str, int, float, float | None] | None:
        """Table ``number``'s running turn timer: whose turn, at which move, when it ends and when the students are
        warned (host clock); None when no timer runs (none set, paused, over, the AI plays the seat, or the table's
        latest change is still on its way to the loop: the timer is armed again when it arrives)."""
        table = self._tables[number]
        state = table.session.state
        room = state.classroom
        if not room.timer:
            return None  # most tables, after every move: nothing more to look at
        turn = table.session.whose_turn()
        clock = self._clocks[number]
        if (
            room.paused
            or turn is None
            or turn not in table.human_seats
            or turn in table.stand_ins
            or state.phase == "outcome"
            or clock.move != state.moves
        ):
            return None
        end = clock.since + room.timer
        warn_at = max(clock.since, end - room.warn) if room.warn > 0 else None
        return turn, clock.move, end, warn_at

    def _next_deadline(self, number: int) -> float | None:
        """When table ``number``'s timer next has something to do (host clock), or None."""
        found = self._turn_deadlines(number)
        if found is None:
            return None
        _, move, end, warn_at = found
        key = (number, move)
        if key in self._timed_out:
            return None
        if warn_at is not None and warn_at < end and key not in self._warned:
            return warn_at
        return end

    def _clock_due(self, number: int) -> None:
        """A table's turn-timer deadline (host loop): do what is due, then wake at the next one. The deadlines are
        compared with the clock as :meth:`_next_deadline` computed them, so what woke it is always done."""
        self._wakeups.pop(number, None)
        now = self._clock()
        found = self._turn_deadlines(number)
        if found is not None:
            turn, move, end, warn_at = found
            key = (number, move)
            if now >= end:
                if key not in self._timed_out:
                    self._timed_out.add(key)
                    self._clock_says(number, turn, Message.of("clock.time-up"))
                    self._tables[number].time_up(turn, move)
            elif warn_at is not None and now >= warn_at and key not in self._warned:
                self._warned.add(key)
                self._clock_says(
                    number, turn, Message.of("clock.seconds-left", seconds=max(round(end - now), 1))
                )
        self._arm_clock(number)

    def check_clock(self, number: int, timeout: float = 5.0) -> None:
        """Run table ``number``'s turn timer now, as its wakeup does (any thread; returns once it has run): tests
        with their own clock move it past a deadline and call this."""
        done: concurrent.futures.Future[None] = concurrent.futures.Future()

        def run() -> None:
            try:
                self._clock_due(number)
            finally:
                done.set_result(None)

        self._call(run)
        done.result(timeout)

    def clock_wakeup(self, number: int) -> float | None:
        """When (host clock) table ``number``'s turn timer wakes next, or None when it is not running."""
        due = self._wakeups.get(number)
        return None if due is None else due[0]

    def _clock_says(self, table: int, seat: str, said: Message) -> None:
        """A line from the clock to the seat's team and the trainer (as team chat by ``clock``)."""
        frame = dump(
            ChatMessage(
                table=table,
                seat=seat,
                name="clock",
                text=render(said, "en"),
                message_id=said.id,
                args={k: v for k, v in said.args if isinstance(v, int)} or None,
            )
        )
        for c in (*self._seat_conns.get((table, seat), ()), *self._trainers):
            self._push(c, frame)

    async def _on_intervene(self, conn: Connection, frame: Intervene) -> None:
        if conn.role != "trainer":
            await self._strike(conn, "not-allowed", "only the trainer intervenes", frame.id)
            return
        if not self._take_control(f"conn:{conn.id}"):
            self._push(
                conn,
                dump(
                    Error(
                        code="not-allowed",
                        message="read-only: another trainer console holds control",
                        id=frame.id,
                    )
                ),
            )
            return
        first = next(iter(self._tables.values()))
        try:
            command = first.session.rules.decode({**frame.command, "seat": TRAINER})
        except NegotiatorError as exc:
            self._push(conn, dump(Error(code="illegal", message=str(exc)[:300], id=frame.id)))
            return
        if not isinstance(command, Intervention):
            self._push(
                conn,
                dump(Error(code="illegal", message="only interventions go through intervene", id=frame.id)),
            )
            return
        numbers = sorted(self._tables) if frame.table is None else [frame.table]
        for number in numbers:

            def answer(outcome: Outcome) -> None:
                if outcome.move is not None:
                    reply = dump(Intervened(id=frame.id, table=outcome.table, move=outcome.move))
                else:
                    reply = dump(
                        Error(code="illegal", message=f"table {outcome.table}: {outcome.error}", id=frame.id)
                    )
                self._call(self._push, conn, reply)

            self.intervene(number, command, answer)

    def _fanout(self, frames: TableFrames) -> None:
        for seat, frame in frames.seat_frames.items():
            for c in self._seat_conns.get((frames.table, seat), ()):
                self._push(c, frame, frames.table)
        for c in self._trainers:
            self._push(c, frames.trainer_frame, frames.table)
        for c in self._spectators.get(frames.table, ()):
            self._push(c, frames.public_frame, frames.table)
        self._clocks[frames.table].seen(frames.move, self._clock())
        self._arm_clock(frames.table)
