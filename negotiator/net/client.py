"""The network side of a seat: :class:`RemoteSeat` plays a seat of a table on a class host.

It offers what a local seat offers: the current view and the move it shows, ``submit(command, based_on=move)``
that raises :class:`StaleMove` (carrying the fresh view) when the game moved on, and a subscription delivering
notices that carry the new view. Everything network happens on one asyncio thread per process shared by every
remote seat (:class:`ClientLoop`); listeners are called on that thread, so a window forwards them to its own
thread (a queued signal), exactly as it does for a local seat's notices from a bot thread.

A dropped link is retried at once and then with a short backoff (at most a second apart), and the join is sent
again with the same token: the host answers with the current view. A command that was in flight is sent again with
the same id, so it is applied exactly once.
"""

from __future__ import annotations

import asyncio
import concurrent.futures
import contextlib
import itertools
import logging
import random
import threading
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Literal

from pydantic import BaseModel, ConfigDict, ValidationError
from websockets.asyncio.client import ClientConnection, connect
from websockets.exceptions import ConnectionClosed, InvalidHandshake, InvalidURI

from negotiator.game.commands import Command, command_to_dict
from negotiator.game.events import GameEvent
from negotiator.game.views import PublicView, SeatView
from negotiator.model.errors import NegotiatorError
from negotiator.model.public import PublicScenario
from negotiator.net.protocol import (
    MAX_HOST_FRAME,
    PROTOCOL,
    Ack,
    Bye,
    ChatMessage,
    ChatSend,
    Error,
    FrameError,
    HandOver,
    Intervene,
    Intervened,
    Join,
    Overview,
    Presence,
    SeatStatus,
    Stale,
    Submit,
    Update,
    Welcome,
    dump,
    parse_host_frame,
)
from negotiator.net.protocol import Changes as WireChanges
from negotiator.net.views import seat_view_from_json, view_from_json
from negotiator.session.errors import StaleMove

if TYPE_CHECKING:
    from negotiator.session.seat import SeatChannel
from negotiator.session.notices import Changes, SaveStatus, SeatNotice
from negotiator.session.notices import NoticeKind as NoticeKindOfSession

_UPDATE_PREFIX = '{"type":"update",'
"""How every ``update`` the host writes begins (its fields in declaration order, compact)."""


class _SeatUpdate(BaseModel):
    """:class:`~negotiator.net.protocol.Update` as a seat's connection reads it: the same fields, the view and the
    events typed, so pydantic builds them straight from the JSON text."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    type: Literal["update"]
    table: int
    move: int
    by: str | None
    changes: WireChanges
    events: tuple[GameEvent, ...] = ()
    view: SeatView


class NetError(NegotiatorError):
    """The host could not be reached, refused to let us in, or refused a request (one line: what and what to do)."""


class JoinRefused(NetError):
    """The host answered the join with an error (unknown token, wrong protocol, too many connections)."""

    def __init__(self, code: str, message: str) -> None:
        super().__init__(f"the host refused to let us in: {message}")
        self.code = code


class CommandRefused(NetError):
    """The host (or the game) refused a command; nothing was applied."""

    def __init__(self, code: str, message: str) -> None:
        super().__init__(message)
        self.code = code


NoticeKind = Literal[
    "welcome", "update", "chat", "presence", "seat-status", "disconnected", "error", "bye", "overview"
]
SeatListener = Callable[[SeatNotice], None]


@dataclass(frozen=True)
class RemoteNotice:
    """What a listener receives: a new view (``welcome``/``update``), a chat line, presence, or link news."""

    kind: NoticeKind
    move: int
    view: Any
    by: str | None = None
    changes: dict[str, bool] | None = None
    text: str = ""
    name: str = ""
    seats: dict[str, list[str]] | None = None
    message_id: str | None = None
    """A host's own chat line (the turn timer): its catalogue id and ``args``, to show it in the reader's
    language (``text`` is the English)."""
    args: dict[str, int] | None = None


Listener = Callable[[RemoteNotice], None]


class ClientLoop:
    """The one asyncio thread a process uses for all its remote seats."""

    _instance: ClientLoop | None = None
    _lock = threading.Lock()

    def __init__(self) -> None:
        self.loop = asyncio.new_event_loop()
        self.thread = threading.Thread(target=self.loop.run_forever, name="class-client", daemon=True)
        self.thread.start()

    @classmethod
    def shared(cls) -> ClientLoop:
        with cls._lock:
            if cls._instance is None:
                cls._instance = cls()
            return cls._instance

    def run(self, coro: Any) -> concurrent.futures.Future[Any]:
        return asyncio.run_coroutine_threadsafe(coro, self.loop)


class RemoteSeat:
    """A seat (or the trainer's observer) on a class host. Call :meth:`connect`, then read and submit."""

    def __init__(
        self,
        url: str,
        token: str,
        name: str = "",
        *,
        table: int | None = None,
        reconnect: bool = True,
        decode_views: bool = True,
        loop: ClientLoop | None = None,
    ) -> None:
        self.url, self.token, self.name, self.table_wanted = url, token, name, table
        self.reconnect = reconnect
        self._decode = decode_views
        self._loop = loop or ClientLoop.shared()
        self._listeners: list[Listener] = []
        self._seat_listeners: list[SeatListener] = []
        self._listeners_lock = threading.Lock()
        self._pending: dict[str, tuple[str, concurrent.futures.Future[int]]] = {}
        self._last_notice: SeatNotice | None = None
        self._scenario: PublicScenario | None = None
        self._scenario_digest: str | None = None
        self._welcomed = threading.Event()
        self._closed = False
        self._refused: JoinRefused | None = None
        self._ws: ClientConnection | None = None
        self._task: concurrent.futures.Future[Any] | None = None
        self._ids = itertools.count(1)
        self._prefix = uuid.uuid4().hex[:12]
        self.role: str | None = None
        self._seat: str | None = None
        self.table: int | None = None
        self.game_id: str | None = None
        self.room: str | None = None
        self.scenario_id: str | None = None
        self.move = -1
        self._view: Any = None
        self.connected = False
        self.connects = 0
        self.overview: Overview | None = None
        """The latest class overview (trainer connections only)."""
        self._close_code: int | None = None

    # ------------------------------------------------------------------------------------------ public
    def connect(self, timeout: float = 10.0) -> RemoteSeat:
        """Join and wait for the first view; raises :class:`JoinRefused` or :class:`NetError` (never hangs)."""
        if self._task is None:
            self._task = self._loop.run(self._main())
        if not self._welcomed.wait(timeout):
            if self._refused is not None:
                raise self._refused
            self.close()
            raise NetError(
                f"no answer from {self.url} within {timeout:.0f} s; check the address and the network"
            )
        if self._refused is not None:
            raise self._refused
        return self

    # The seat channel (negotiator.session.seat.SeatChannel) -------------------------------------------------------
    @property
    def seat(self) -> str:
        if self._seat is None:
            raise NetError("this connection holds no seat (not joined yet, or the trainer or a spectator)")
        return self._seat

    @property
    def scenario(self) -> PublicScenario:
        """The public scenario the host sent (issues, options, public texts; nobody's confidential material)."""
        if self._scenario is None:
            raise NetError("not joined yet")
        return self._scenario

    def view(self) -> Any:
        """The latest view: a :class:`SeatView` for a seat, a :class:`PublicView` for a spectator, the trainer's
        observer (a JSON object) for the trainer. ``view().move`` (or :attr:`move`) is the move it shows."""
        return self._view

    def submit(
        self, command: Command | dict[str, Any], *, based_on: int, timeout: float = 30.0
    ) -> SeatNotice:
        """Apply ``command`` chosen at move ``based_on``. Raises :class:`StaleMove` (with the fresh view) if the
        game moved on, :class:`CommandRefused` if the game or the host refused it. Returns this seat's notice for
        the move (its view is already :meth:`view`)."""
        future = self.submit_async(command, based_on)
        try:
            move = future.result(timeout)
        except concurrent.futures.TimeoutError:
            raise NetError(
                f"no answer from the host within {timeout:.0f} s; the command may still apply"
            ) from None
        notice = self._last_notice
        if notice is not None and notice.move >= move:
            return notice
        view = self._view
        return SeatNotice(self.seat, Changes.between("applied", None, view, self._save_status()), view, ())

    def subscribe(self, listener: SeatListener) -> Callable[[], None]:
        """Deliver a :class:`SeatNotice` after every change (on the network thread); returns the unsubscriber."""
        return _add(self._seat_listeners, self._listeners_lock, listener)

    # Beyond the seat channel: chat, presence, the link ------------------------------------------------------------
    def subscribe_events(self, listener: Listener) -> Callable[[], None]:
        """Everything that arrives as a :class:`RemoteNotice`: views, chat, presence, the link dropping."""
        return _add(self._listeners, self._listeners_lock, listener)

    def _save_status(self) -> SaveStatus:
        if self.connected:
            return SaveStatus(True, f"the class host {self.url}", 0, None)
        return SaveStatus(
            False,
            f"the class host {self.url}",
            0,
            "the link to the class host is down; reconnecting (your moves are kept on the host)",
        )

    def submit_async(
        self, command: Command | dict[str, Any], based_on: int
    ) -> concurrent.futures.Future[int]:
        """Send a command made on move ``based_on``; the future gives the move after it (or raises
        :class:`StaleMove` / :class:`CommandRefused`). It survives a dropped link: it is resent on reconnect."""
        data = command if isinstance(command, dict) else command_to_dict(command)
        message_id = f"{self._prefix}-{next(self._ids)}"
        return self._send_answered(message_id, dump(Submit(id=message_id, based_on=based_on, command=data)))

    def chat(self, text: str) -> None:
        frame = dump(ChatSend(id=f"{self._prefix}-c{next(self._ids)}", text=text))
        self._loop.loop.call_soon_threadsafe(self._send_soon, frame)

    def hand_over(self, table: int, seat: str, to_ai: bool, persona: str | None = None) -> None:
        """The trainer's: let the AI play a students' seat, or give it back (answered by a ``seat-status``)."""
        frame = dump(HandOver(table=table, seat=seat, to="ai" if to_ai else "students", persona=persona))
        self._loop.loop.call_soon_threadsafe(self._send_soon, frame)

    def intervene(
        self, command: Command | dict[str, Any], table: int | None = None
    ) -> concurrent.futures.Future[int]:
        """The trainer's: an intervention at ``table`` (every table when None). The future gives the table's log
        length after it (the first table to answer, for all tables) or raises :class:`CommandRefused` (read-only,
        or the game refused it)."""
        data = command if isinstance(command, dict) else command_to_dict(command)
        message_id = f"{self._prefix}-i{next(self._ids)}"
        return self._send_answered(message_id, dump(Intervene(id=message_id, table=table, command=data)))

    def _send_answered(self, message_id: str, frame: str) -> concurrent.futures.Future[int]:
        """Send a frame the host answers by its id; it stays pending (and is resent on reconnect) until then."""
        future: concurrent.futures.Future[int] = concurrent.futures.Future()
        self._pending[message_id] = (frame, future)
        self._loop.loop.call_soon_threadsafe(self._send_soon, frame)
        return future

    def close(self, timeout: float = 3.0) -> None:
        """Leave for good (no reconnect): a clean WebSocket close (code 1000, the host's answer awaited) so the host
        and the team see the seat's holder gone at once, not after a ping times out. Waits at most ``timeout``
        seconds (never when called on the network thread itself, which would wait on itself)."""
        self._closed = True
        ws, task = self._ws, self._task
        on_loop_thread = threading.current_thread() is self._loop.thread
        if ws is not None:
            closing = self._loop.run(_close_quietly(ws))
            if not on_loop_thread:
                with contextlib.suppress(Exception):
                    closing.result(timeout)
        if task is not None and not task.done():
            task.cancel()  # asleep between reconnect attempts, or never connected
        for _, future in list(self._pending.values()):
            if not future.done():
                future.set_exception(NetError("the connection was closed"))
        self._pending.clear()

    @property
    def close_code(self) -> int | None:
        """How the last link closed (1000: a clean close), ``None`` while open or before the first."""
        return self._close_code

    def drop_link(self) -> None:
        """Cut the link without leaving (tests: a Wi-Fi gap); the seat reconnects if ``reconnect`` is on."""
        ws = self._ws
        if ws is not None:
            self._loop.loop.call_soon_threadsafe(_abort, ws)

    # ------------------------------------------------------------------------------------------ loop thread
    def _send_soon(self, frame: str) -> None:
        ws = self._ws
        if ws is not None and self.connected:
            self._loop.loop.create_task(_send_quietly(ws, frame))

    async def _main(self) -> None:
        failures = 0
        while not self._closed:
            try:
                async with connect(
                    self.url,
                    proxy=None,
                    compression=None,
                    max_size=MAX_HOST_FRAME,
                    open_timeout=5,
                    ping_interval=10,
                    ping_timeout=10,
                    close_timeout=2,
                ) as ws:
                    self._ws = ws
                    join = Join(
                        token=self.token,
                        protocol=PROTOCOL,
                        name=self.name,
                        table=self.table_wanted,
                        scenario_digest=self._scenario_digest,
                    )
                    await ws.send(dump(join))
                    async for raw in ws:
                        failures = 0
                        self._dispatch(ws, raw)
            except JoinRefused as exc:
                self._refused = exc
                self._welcomed.set()
                return
            except (OSError, ConnectionClosed, InvalidHandshake, TimeoutError):
                pass
            except InvalidURI as exc:
                self._refused = JoinRefused("malformed", f"{self.url} is not a ws:// address ({exc})")
                self._welcomed.set()
                return
            finally:
                if self._ws is not None:
                    self._close_code = self._ws.close_code
                self._ws = None
                if self.connected:
                    self.connected = False
                    self._notify(RemoteNotice("disconnected", self.move, self._view))
                    self._notify_seat("save-failed", self._view, ())
            if not self.reconnect or self._closed:
                return
            failures += 1
            await asyncio.sleep(min(1.0, 0.05 * 2 ** min(failures, 5)) * (0.5 + random.random() / 2))

    def _dispatch(self, ws: ClientConnection, raw: str | bytes) -> None:
        if (
            self.role == "seat"
            and self._decode
            and isinstance(raw, str)
            and raw.startswith(_UPDATE_PREFIX)
            and len(raw) <= MAX_HOST_FRAME
        ):
            self._on_seat_update(raw)
            return
        try:
            frame = parse_host_frame(raw)
        except FrameError:
            return  # a newer host's frame we do not know: ignore it rather than drop the seat
        if isinstance(frame, Welcome):
            if frame.token is not None and frame.seat != self._seat:
                # the trainer moved this student: the new seat's token is the one to reconnect with, and
                # nothing in flight for the old seat may be sent again as the new seat's
                self.token = frame.token
                for message_id in list(self._pending):
                    self._settle(
                        message_id,
                        error=CommandRefused(
                            "moved", "the trainer moved you to another seat; play from there"
                        ),
                    )
            self.role, self._seat, self.table, self.game_id = (
                frame.role,
                frame.seat,
                frame.table,
                frame.game_id,
            )
            self.room, self.scenario_id = frame.room, frame.scenario_id
            if frame.scenario is not None:
                self._scenario = PublicScenario.model_validate(frame.scenario)
                self._scenario_digest = frame.scenario_digest
            before = self._view
            self._set_view(frame.move, frame.view, force=True)
            self.connected = True
            self.connects += 1
            for sent, _ in list(
                self._pending.values()
            ):  # in flight when the link dropped: same id, once only
                self._loop.loop.create_task(_send_quietly(ws, sent))
            self._welcomed.set()
            self._notify(RemoteNotice("welcome", self.move, self._view))
            self._notify_seat("resumed" if before is not None else "started", before, ())
        elif isinstance(frame, Update):
            if self.role == "trainer":
                self._notify(
                    RemoteNotice("update", frame.move, frame.view, frame.by, frame.changes.model_dump())
                )
                return
            before = self._view
            if self._set_view(frame.move, frame.view):
                self._notify(
                    RemoteNotice("update", self.move, self._view, frame.by, frame.changes.model_dump())
                )
                events = tuple(view_from_json(e, GameEvent) for e in frame.events)
                self._notify_seat("applied", before, events)
        elif isinstance(frame, Ack):
            self._settle(frame.id, result=frame.move)
        elif isinstance(frame, Stale):
            before = self._view
            if self._set_view(frame.move, frame.view):
                self._notify_seat("applied", before, ())
            self._settle(frame.id, error=StaleMove(frame.based_on, frame.move, self._view))
        elif isinstance(frame, Error):
            if not self.connected:
                if self.connects > 0 and frame.code in ("too-many-connections", "rate-limited", "server"):
                    # Coming back: our old link may still count until the host's ping notices it is gone.
                    raise ConnectionResetError(frame.message)
                raise JoinRefused(frame.code, frame.message)
            if frame.id is not None and frame.id in self._pending:
                self._settle(frame.id, error=CommandRefused(frame.code, frame.message))
            else:
                self._notify(RemoteNotice("error", self.move, self._view, text=frame.message))
        elif isinstance(frame, ChatMessage):
            self._notify(
                RemoteNotice(
                    "chat",
                    self.move,
                    self._view,
                    by=frame.seat,
                    text=frame.text,
                    name=frame.name,
                    message_id=frame.message_id,
                    args=frame.args,
                )
            )
        elif isinstance(frame, Presence):
            self._notify(RemoteNotice("presence", self.move, self._view, seats=frame.seats))
        elif isinstance(frame, SeatStatus):
            self._notify(
                RemoteNotice(
                    "seat-status",
                    self.move,
                    self._view,
                    by=frame.seat,
                    text=frame.played_by,
                    name=frame.reason,
                )
            )
        elif isinstance(frame, Bye):
            self._notify(RemoteNotice("bye", self.move, self._view, text=frame.reason))
        elif isinstance(frame, Intervened):
            self._settle(frame.id, result=frame.move)
        elif isinstance(frame, Overview):
            self.overview = frame
            self._notify(RemoteNotice("overview", self.move, self._view))

    def _on_seat_update(self, raw: str) -> None:
        """A seat's ``update`` (most of what a student's laptop reads), validated and turned into its view and events
        in one pass over the text, instead of JSON to dicts, then the frame, then the view from the dicts (0.33
        instead of 0.53 ms for a confederation view)."""
        try:
            update = _SeatUpdate.model_validate_json(raw)
        except ValidationError:
            return  # as for any frame we cannot read: ignored rather than dropping the seat
        if update.move <= self.move:
            return  # an older or repeated view (a welcome already showed it)
        before = self._view
        self.move, self._view = update.move, update.view
        self._notify(RemoteNotice("update", self.move, self._view, update.by, update.changes.model_dump()))
        self._notify_seat("applied", before, update.events)

    def _set_view(self, move: int, data: dict[str, Any], force: bool = False) -> bool:
        if not force and move <= self.move:
            return False  # an older or repeated view (a welcome already showed it)
        self.move = move
        if not self._decode or self.role == "trainer":
            self._view = data
        elif self.role == "spectator":
            self._view = view_from_json(data, PublicView)
        else:
            self._view = seat_view_from_json(data)
        return True

    def _notify_seat(self, kind: NoticeKindOfSession, before: Any, events: tuple[GameEvent, ...]) -> None:
        """The seat channel's notice: the flags from comparing the previous and the new view (as a local seat's)."""
        if self.role != "seat" or not isinstance(self._view, SeatView):
            return
        previous = before if isinstance(before, SeatView) else None
        changes = Changes.between(kind, previous, self._view, self._save_status())
        notice = SeatNotice(self._view.seat, changes, self._view, events)
        self._last_notice = notice
        with self._listeners_lock:
            listeners = list(self._seat_listeners)
        for listener in listeners:
            try:
                listener(notice)
            except Exception:  # one listener's bug must not cut the link
                logging.getLogger(__name__).exception("a seat listener failed")

    def _settle(self, message_id: str, *, result: int | None = None, error: Exception | None = None) -> None:
        entry = self._pending.pop(message_id, None)
        if entry is None:
            return
        future = entry[1]
        if future.done():
            return
        if error is not None:
            future.set_exception(error)
        else:
            future.set_result(result if result is not None else self.move)

    def _notify(self, notice: RemoteNotice) -> None:
        with self._listeners_lock:
            listeners = list(self._listeners)
        for listener in listeners:
            try:
                listener(notice)
            except Exception:  # one listener's bug must not cut the link
                logging.getLogger(__name__).exception("a remote seat listener failed")


async def _send_quietly(ws: ClientConnection, frame: str) -> None:
    with contextlib.suppress(ConnectionClosed):
        await ws.send(frame)


async def _close_quietly(ws: ClientConnection) -> None:
    with contextlib.suppress(ConnectionClosed):
        await ws.close(1000, "left")


def _add(listeners: list[Any], lock: threading.Lock, listener: Any) -> Callable[[], None]:
    with lock:
        listeners.append(listener)

    def unsubscribe() -> None:
        with lock:
            if listener in listeners:
                listeners.remove(listener)

    return unsubscribe


def _abort(ws: ClientConnection) -> None:
    transport = ws.transport
    if transport is not None:
        transport.abort()


__all__ = [
    "ClientLoop",
    "CommandRefused",
    "JoinRefused",
    "NetError",
    "RemoteNotice",
    "RemoteSeat",
    "SeatView",
    "StaleMove",
]


if TYPE_CHECKING:  # mypy proves a remote seat is a seat channel, so the window can take either

    def _is_a_seat_channel(seat: RemoteSeat) -> SeatChannel:
        return seat
