"""The classroom wire protocol: every frame is one JSON object with a ``"type"``, validated by a pydantic model.

Client to host: ``join`` (always first), ``submit`` (a command and the move it was made on), ``chat`` (team chat),
``leave``. Host to client: ``welcome`` (the seat's current view), ``update`` (a new view after a move), ``ack``
(a command was applied), ``stale`` (the command was made on an old move; here is the current view), ``error``,
``chat``, ``presence``, ``bye``. ``docs/protocol.md`` shows an example of each.

Rules that keep the host safe whatever a client sends:
- one discriminated union per direction, ``extra="forbid"`` everywhere, bounded string and list sizes;
- the seat is never taken from a message: the host knows it from the token the connection joined with;
- a command is data (the game's own ``command_from_dict`` validates it), never code; no pickle anywhere;
- views travel as plain JSON objects made from the game's view dataclasses (:mod:`negotiator.net.views`).
"""

from __future__ import annotations

import json
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, TypeAdapter, ValidationError

from negotiator.game.overview import PrincipalStanding, TableStanding

PROTOCOL = 1
"""The protocol version a client states in its ``join``; a host refuses any other."""

MAX_CLIENT_FRAME = 64 * 1024
"""Largest frame (bytes, after decompression) a host accepts from a client; a command is well under 8 KiB."""

MAX_HOST_FRAME = 16 * 1024 * 1024
"""Largest frame a client accepts from its host (a trainer's view of a long game with five delegations)."""

Token = Annotated[str, Field(min_length=1, max_length=64)]
MessageId = Annotated[str, Field(min_length=1, max_length=64)]
Name = Annotated[str, Field(max_length=60)]
ChatText = Annotated[str, Field(min_length=1, max_length=500)]
Move = Annotated[int, Field(ge=0, le=1_000_000)]
TableNo = Annotated[int, Field(ge=1, le=1000)]

Role = Literal["seat", "trainer", "spectator"]
ErrorCode = Literal[
    "malformed",  # not JSON, not an object, or a field of the wrong type or size
    "unknown-type",  # a "type" this protocol does not have
    "too-large",  # the frame is over the size limit
    "protocol",  # a protocol version this host does not speak
    "not-joined",  # anything but "join" as the first frame
    "already-joined",  # a second "join" on one connection
    "unauthorised",  # unknown token, or a command for a seat this connection does not hold
    "too-many-connections",  # this token already has as many connections as allowed
    "rate-limited",  # too many frames too fast
    "illegal",  # the game refused the command (not your turn, no such proposal, ...)
    "not-allowed",  # this role cannot do that (a spectator submitting, a bot's seat)
    "stalled",  # the connection did not read its frames; closed so it can reconnect and resync
    "server",  # the host could not do it (a bug or a storage failure); the game is unchanged
]


class _Frame(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, strict=True)


# ---------------------------------------------------------------------------------------------- client to host
class Join(_Frame):
    """First frame of every connection: which token it holds, which protocol it speaks, a display name (a label)."""

    type: Literal["join"] = "join"
    token: Token
    protocol: int
    name: Name = ""
    table: TableNo | None = None
    """Spectators only (the room code as token): which table to watch; table 1 when absent."""
    scenario_digest: Annotated[str, Field(max_length=64)] | None = None
    """The digest of the public scenario the client already holds (a reconnect): the welcome then leaves it out."""


class Submit(_Frame):
    """A command for the connection's seat, made on view ``based_on``; ``id`` makes a resubmission harmless."""

    type: Literal["submit"] = "submit"
    id: MessageId
    based_on: Move
    command: dict[str, Any] = Field(max_length=32)
    """The game's command as ``command_from_dict`` reads it (``{"type": "accept", "proposal_id": "p3"}``).
    ``seat`` may be left out; if given it must be the connection's own seat."""


class ChatSend(_Frame):
    """Team chat: reaches the other connections holding the same seat (and the trainer), never another seat."""

    type: Literal["chat"] = "chat"
    id: MessageId
    text: ChatText


class HandOver(_Frame):
    """The trainer's: let the AI play a students' seat (``to: "ai"``, with a persona) or give it back."""

    type: Literal["hand-over"] = "hand-over"
    table: TableNo
    seat: Annotated[str, Field(min_length=1, max_length=64)]
    to: Literal["ai", "students"]
    persona: Annotated[str, Field(max_length=32)] | None = None


class Leave(_Frame):
    """The client is going away on purpose (the host closes the connection)."""

    type: Literal["leave"] = "leave"


class Intervene(_Frame):
    """The trainer's intervention (a game command by ``trainer``: ``pause-table``, ``rollback``, ...) for one
    table, or every table when ``table`` is absent. Only the trainer connection holding control may send it."""

    type: Literal["intervene"] = "intervene"
    id: MessageId
    table: TableNo | None = None
    command: dict[str, Any] = Field(max_length=16)


ClientFrame = Annotated[Join | Submit | ChatSend | HandOver | Leave | Intervene, Field(discriminator="type")]


# ---------------------------------------------------------------------------------------------- host to client
class Welcome(_Frame):
    """The answer to a good ``join``: who the connection is and the current view."""

    type: Literal["welcome"] = "welcome"
    protocol: int
    role: Role
    room: str
    table: int | None
    game_id: str | None
    seat: str | None
    scenario_id: str
    move: int
    """The move the view shows (the length of the table's command log). Trainers: always 0, see ``tables``."""
    scenario_digest: str
    scenario: dict[str, Any] | None
    """The public scenario (issues, options, public texts; no delegation's confidential material), left out when
    the join named its digest. Trainers get none (they have the full scenario on the host's machine)."""
    token: Token | None = None
    """Set when the trainer moved this connection to another seat: the new seat's token, for the client to
    reconnect with (the old seat's view and token are no longer this connection's)."""
    view: dict[str, Any]
    """A seat's view (role ``seat``), a public view (``spectator``) or the trainer's observer view (last: see
    :func:`dump_with_view`)."""


class Changes(_Frame):
    """Which parts of the view changed, so a client refreshes only those (the session's change notice flags)."""

    log: bool = True
    state: bool = True
    turn: bool = False
    round: bool = False
    phase: bool = False
    finished: bool = False


class Update(_Frame):
    """The view after a change: sent to every connection that may see it, in move order, one frame per move."""

    type: Literal["update"] = "update"
    table: int
    move: int
    by: str | None
    """The seat whose command made this move (public knowledge: the transcript says so too)."""
    changes: Changes
    events: list[dict[str, Any]] = Field(default_factory=list)
    """What the move made happen, only the events this connection may see (a private message's event reaches only
    its audience)."""
    view: dict[str, Any]


class Ack(_Frame):
    """The command with this ``id`` is in the log at position ``move - 1``; ``duplicate`` when it had been already."""

    type: Literal["ack"] = "ack"
    id: str
    move: int
    duplicate: bool = False


class Stale(_Frame):
    """The command was made on move ``based_on`` but the game is at ``move``: nothing applied; choose again."""

    type: Literal["stale"] = "stale"
    id: str
    based_on: int
    move: int
    view: dict[str, Any]


class Error(_Frame):
    """Something the host would not do. ``id`` names the client frame when it had one."""

    type: Literal["error"] = "error"
    code: ErrorCode
    message: str
    id: str | None = None


class ChatMessage(_Frame):
    """A team chat line, to every connection holding ``seat`` and to the trainer."""

    type: Literal["chat"] = "chat"
    table: int
    seat: str
    name: str
    text: str
    message_id: str | None = None
    """Set on the host's own lines (the turn timer's warning): the catalogue's id, with ``args``, for a client to
    show the line in its own language (``text`` is its English)."""
    args: dict[str, int] | None = None


class Presence(_Frame):
    """Who is connected: for a seat, the names holding it; for the trainer, every seat of every table."""

    type: Literal["presence"] = "presence"
    table: int
    seats: dict[str, list[str]]


class SeatStatus(_Frame):
    """Who plays a students' seat now: the students, or the AI standing in (to the seat's connections and the
    trainer)."""

    type: Literal["seat-status"] = "seat-status"
    table: int
    seat: str
    played_by: Literal["students", "ai"]
    reason: str = ""


class Bye(_Frame):
    """The host is closing this connection (shutting down, or the client asked to leave)."""

    type: Literal["bye"] = "bye"
    reason: str


PrincipalRow = PrincipalStanding
"""One principal at one table in the trainer's overview (see :mod:`negotiator.game.overview`)."""


class TableRow(TableStanding):
    """One table in the trainer's overview: where the talks stand (:class:`~negotiator.game.overview.TableStanding`,
    its fields defined there once), plus what only the host knows: which table and game, the clock, who is
    connected, who plays each seat, and the alerts."""

    table: int
    game_id: str
    time_left: float | None
    """Seconds left in the current turn when the trainer set a timer (negative: over time)."""
    idle: float
    """Seconds since the table's last move."""
    connected: dict[str, list[str]]
    played_by: dict[str, str]
    alerts: list[str]
    """``idle:<seat>`` (a students' seat on its turn too long), ``time-up:<seat>``, ``stalled`` (no move for long),
    ``walk-out:<seat>``, ``empty:<seat>`` (nobody holds a students' seat on its turn)."""


class Overview(_Frame):
    """The class at a glance, to trainer connections (every few seconds and after moves). ``control``: whether this
    connection may intervene (a second trainer watches read-only)."""

    type: Literal["overview"] = "overview"
    control: bool
    tables: list[TableRow]


class Intervened(_Frame):
    """The intervention ``id`` is in table ``table``'s log at position ``move - 1``."""

    type: Literal["intervened"] = "intervened"
    id: str
    table: int
    move: int


AnyHostFrame = (
    Welcome | Update | Ack | Stale | Error | ChatMessage | Presence | SeatStatus | Bye | Overview | Intervened
)
"""Every frame a host sends."""
HostFrame = Annotated[AnyHostFrame, Field(discriminator="type")]

_client_adapter: TypeAdapter[Join | Submit | ChatSend | HandOver | Leave | Intervene] = TypeAdapter(
    ClientFrame
)
_host_adapter: TypeAdapter[AnyHostFrame] = TypeAdapter(HostFrame)
CLIENT_TYPES = ("join", "submit", "chat", "hand-over", "leave", "intervene")
HOST_TYPES = (
    "welcome",
    "update",
    "ack",
    "stale",
    "error",
    "chat",
    "presence",
    "seat-status",
    "bye",
    "overview",
    "intervened",
)


class FrameError(Exception):
    """A frame that cannot be read: ``code`` is the error code to answer with, ``message`` one line saying why."""

    def __init__(self, code: ErrorCode, message: str) -> None:
        super().__init__(message)
        self.code: ErrorCode = code
        self.message = message


def parse_client_frame(raw: str | bytes) -> Join | Submit | ChatSend | HandOver | Leave | Intervene:
    """Read one client frame; raises :class:`FrameError` (never anything else) when it is not a valid frame."""
    frame: Join | Submit | ChatSend | HandOver | Leave | Intervene = _parse(
        raw, _client_adapter, CLIENT_TYPES, MAX_CLIENT_FRAME
    )
    return frame


def parse_host_frame(raw: str | bytes) -> AnyHostFrame:
    """Read one host frame (the client side); raises :class:`FrameError` when it is not a valid frame."""
    frame: AnyHostFrame = _parse(raw, _host_adapter, HOST_TYPES, MAX_HOST_FRAME)
    return frame


def _parse(raw: str | bytes, adapter: TypeAdapter[Any], types: tuple[str, ...], limit: int) -> Any:
    if isinstance(raw, bytes):
        raise FrameError("malformed", "frames are JSON text, not binary")
    if len(raw) > limit:  # characters >= bytes / 4; the socket layer has already cut at the byte limit
        raise FrameError("too-large", f"the frame is over {limit} bytes")
    try:
        data = json.loads(raw)
    except (ValueError, RecursionError):
        raise FrameError("malformed", "the frame is not JSON") from None
    if not isinstance(data, dict):
        raise FrameError("malformed", 'a frame is a JSON object with a "type"')
    kind = data.get("type")
    if not isinstance(kind, str):
        raise FrameError("malformed", 'the frame has no "type" (a string)')
    if kind not in types:
        raise FrameError(
            "unknown-type", f"unknown frame type {kind[:40]!r}; expected one of {', '.join(types)}"
        )
    try:
        return adapter.validate_python(data)
    except ValidationError as exc:
        first = exc.errors()[0]
        where = ".".join(str(p) for p in first["loc"][1:]) or "frame"
        raise FrameError("malformed", f"{kind}.{where}: {first['msg']}"[:200]) from None
    except RecursionError:
        raise FrameError("malformed", "the frame is nested too deeply") from None


def dump(frame: _Frame) -> str:
    """One frame as compact JSON text (what goes on the wire)."""
    return frame.model_dump_json()


_EMPTY_VIEW_TAIL = '"view":{}}'


def dump_with_view(frame: Welcome | Update | Stale, view_text: str) -> str:
    """``frame`` (built with ``view={}``) with the view's JSON text spliced in as its ``view``: a view is serialised
    once per move and shared by every frame that carries it, instead of once per frame."""
    text = frame.model_dump_json()
    if frame.view or not text.endswith(_EMPTY_VIEW_TAIL):
        raise ValueError("dump_with_view needs a frame built with view={} (and view as its last field)")
    return text[: -len(_EMPTY_VIEW_TAIL)] + '"view":' + view_text + "}"
