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
import random
import threading
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Literal

from websockets.asyncio.client import ClientConnection, connect
from websockets.exceptions import ConnectionClosed, InvalidHandshake, InvalidURI

from negotiator.game.commands import Command, command_to_dict
from negotiator.game.views import SeatView
from negotiator.model.errors import NegotiatorError
from negotiator.net.protocol import (
    MAX_HOST_FRAME,
    PROTOCOL,
    Ack,
    Bye,
    ChatMessage,
    ChatSend,
    Error,
    FrameError,
    Join,
    Presence,
    Stale,
    Submit,
    Update,
    Welcome,
    dump,
    parse_host_frame,
)
from negotiator.net.views import seat_view_from_json


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


class StaleMove(NetError):
    """The command was made on an old move; the game is now at ``move`` and ``view`` is what the seat sees now."""

    def __init__(self, based_on: int, move: int, view: Any) -> None:
        super().__init__(
            f"the move was chosen at move {based_on} but the game is at move {move}; choose again"
        )
        self.based_on = based_on
        self.move = move
        self.view = view


NoticeKind = Literal["welcome", "update", "chat", "presence", "disconnected", "error", "bye"]


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


Listener = Callable[[RemoteNotice], None]


class ClientLoop:
    """The one asyncio thread a process uses for all its remote seats."""

    _instance: ClientLoop | None = None
    _lock = threading.Lock()

    def __init__(self) -> None:
        self.loop = asyncio.new_event_loop()
        self._thread = threading.Thread(target=self.loop.run_forever, name="class-client", daemon=True)
        self._thread.start()

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
        self._listeners_lock = threading.Lock()
        self._pending: dict[str, tuple[str, concurrent.futures.Future[int]]] = {}
        self._welcomed = threading.Event()
        self._closed = False
        self._refused: JoinRefused | None = None
        self._ws: ClientConnection | None = None
        self._task: concurrent.futures.Future[Any] | None = None
        self._ids = itertools.count(1)
        self._prefix = uuid.uuid4().hex[:12]
        self.role: str | None = None
        self.seat: str | None = None
        self.table: int | None = None
        self.game_id: str | None = None
        self.room: str | None = None
        self.scenario_id: str | None = None
        self.move = -1
        self.view: Any = None
        self.view_json: dict[str, Any] | None = None
        self.connected = False
        self.connects = 0

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

    def subscribe(self, listener: Listener) -> Callable[[], None]:
        with self._listeners_lock:
            self._listeners.append(listener)

        def unsubscribe() -> None:
            with self._listeners_lock:
                if listener in self._listeners:
                    self._listeners.remove(listener)

        return unsubscribe

    def submit_async(
        self, command: Command | dict[str, Any], based_on: int
    ) -> concurrent.futures.Future[int]:
        """Send a command made on move ``based_on``; the future gives the move after it (or raises
        :class:`StaleMove` / :class:`CommandRefused`). It survives a dropped link: it is resent on reconnect."""
        data = command if isinstance(command, dict) else command_to_dict(command)
        message_id = f"{self._prefix}-{next(self._ids)}"
        frame = dump(Submit(id=message_id, based_on=based_on, command=data))
        future: concurrent.futures.Future[int] = concurrent.futures.Future()
        self._pending[message_id] = (frame, future)
        self._loop.loop.call_soon_threadsafe(self._send_soon, frame)
        return future

    def submit(self, command: Command | dict[str, Any], based_on: int, timeout: float = 30.0) -> int:
        """Blocking :meth:`submit_async`; when it returns, :attr:`view` shows the move it made."""
        future = self.submit_async(command, based_on)
        try:
            return future.result(timeout)
        except concurrent.futures.TimeoutError:
            raise NetError(
                f"no answer from the host within {timeout:.0f} s; the command may still apply"
            ) from None

    def chat(self, text: str) -> None:
        frame = dump(ChatSend(id=f"{self._prefix}-c{next(self._ids)}", text=text))
        self._loop.loop.call_soon_threadsafe(self._send_soon, frame)

    def close(self) -> None:
        """Leave for good (no reconnect)."""
        self._closed = True
        ws = self._ws
        if ws is not None:
            self._loop.run(_close_quietly(ws))
        for _, future in list(self._pending.values()):
            if not future.done():
                future.set_exception(NetError("the connection was closed"))
        self._pending.clear()

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
                    await ws.send(
                        dump(
                            Join(token=self.token, protocol=PROTOCOL, name=self.name, table=self.table_wanted)
                        )
                    )
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
                self._ws = None
                if self.connected:
                    self.connected = False
                    self._notify(RemoteNotice("disconnected", self.move, self.view))
            if not self.reconnect or self._closed:
                return
            failures += 1
            await asyncio.sleep(min(1.0, 0.05 * 2 ** min(failures, 5)) * (0.5 + random.random() / 2))

    def _dispatch(self, ws: ClientConnection, raw: str | bytes) -> None:
        try:
            frame = parse_host_frame(raw)
        except FrameError:
            return  # a newer host's frame we do not know: ignore it rather than drop the seat
        if isinstance(frame, Welcome):
            self.role, self.seat, self.table, self.game_id = (
                frame.role,
                frame.seat,
                frame.table,
                frame.game_id,
            )
            self.room, self.scenario_id = frame.room, frame.scenario_id
            self._set_view(frame.move, frame.view, force=True)
            self.connected = True
            self.connects += 1
            for sent, _ in list(
                self._pending.values()
            ):  # in flight when the link dropped: same id, so once only
                self._loop.loop.create_task(_send_quietly(ws, sent))
            self._welcomed.set()
            self._notify(RemoteNotice("welcome", self.move, self.view))
        elif isinstance(frame, Update):
            if self.role == "trainer":
                self._notify(
                    RemoteNotice("update", frame.move, frame.view, frame.by, frame.changes.model_dump())
                )
            elif self._set_view(frame.move, frame.view):
                self._notify(
                    RemoteNotice("update", self.move, self.view, frame.by, frame.changes.model_dump())
                )
        elif isinstance(frame, Ack):
            self._settle(frame.id, result=frame.move)
        elif isinstance(frame, Stale):
            self._set_view(frame.move, frame.view)
            self._settle(frame.id, error=StaleMove(frame.based_on, frame.move, self.view))
        elif isinstance(frame, Error):
            if not self.connected:
                if self.connects > 0 and frame.code in ("too-many-connections", "rate-limited", "server"):
                    # Coming back: our old link may still count until the host's ping notices it is gone.
                    raise ConnectionResetError(frame.message)
                raise JoinRefused(frame.code, frame.message)
            if frame.id is not None and frame.id in self._pending:
                self._settle(frame.id, error=CommandRefused(frame.code, frame.message))
            else:
                self._notify(RemoteNotice("error", self.move, self.view, text=frame.message))
        elif isinstance(frame, ChatMessage):
            self._notify(
                RemoteNotice("chat", self.move, self.view, by=frame.seat, text=frame.text, name=frame.name)
            )
        elif isinstance(frame, Presence):
            self._notify(RemoteNotice("presence", self.move, self.view, seats=frame.seats))
        elif isinstance(frame, Bye):
            self._notify(RemoteNotice("bye", self.move, self.view, text=frame.reason))

    def _set_view(self, move: int, data: dict[str, Any], force: bool = False) -> bool:
        if not force and move <= self.move:
            return False  # an older or repeated view (a welcome already showed it)
        self.move = move
        self.view_json = data
        self.view = seat_view_from_json(data) if self._decode and self.role == "seat" else data
        return True

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
                import logging

                logging.getLogger(__name__).exception("a remote seat listener failed")


async def _send_quietly(ws: ClientConnection, frame: str) -> None:
    with contextlib.suppress(ConnectionClosed):
        await ws.send(frame)


async def _close_quietly(ws: ClientConnection) -> None:
    with contextlib.suppress(ConnectionClosed):
        await ws.close()


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
