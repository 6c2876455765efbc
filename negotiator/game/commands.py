"""Commands: what a seat's controller (human, bot, remote client) submits to the game.

Each command is a frozen dataclass of primitive fields and ids, so it can be logged, saved, sent over a network and
replayed. Every command carries ``seat`` (the delegation id acting) and a keyword-only ``reason``: one line in plain
language shown to the other players. A bot's reason is a :class:`~negotiator.text.Message` (an id and arguments,
rendered in each reader's language); a person's is the words they typed (a string, shown as typed, as is the
English reason of a game saved before messages existed). Humans may leave it empty. A few are addressed privately:
the ``reason`` of :class:`AskMediator` and the ``text`` of :class:`PrivateMessage` reach only the named recipients.

:func:`command_to_dict` / :func:`command_from_dict` convert to and from JSON-safe dicts with a ``"type"`` key.
``command_from_dict`` checks every field's type and size and raises only :class:`CommandError`, whatever it is given.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, field, fields
from typing import Any

from negotiator.game.errors import CommandError
from negotiator.text import Message, TextError, message_from_json

PackagePairs = tuple[tuple[str, str], ...]
TONES: tuple[str, ...] = ("conciliatory", "neutral", "firm", "hostile")
SIDE_TERM_KINDS: tuple[str, ...] = ("side-payment", "guarantee")
MAX_TEXT = 500
_ID = re.compile(r"^[a-z0-9][a-z0-9]*([-_.][a-z0-9]+)*$")


@dataclass(frozen=True, slots=True)
class Command:
    """Base of every command: the acting seat and a one-line plain-language reason."""

    seat: str
    reason: str | Message = field(default="", kw_only=True)


@dataclass(frozen=True, slots=True)
class EndTurn(Command):
    """End this seat's turn (in the briefing: ready to begin)."""


@dataclass(frozen=True, slots=True)
class TableProposal(Command):
    """Put a package on the table. A full package can become the agreement; a partial one settles issues provisionally."""

    package: PackagePairs
    partial: bool = False


@dataclass(frozen=True, slots=True)
class Accept(Command):
    """Accept an open proposal (signatories' acceptances are what make an agreement)."""

    proposal_id: str


@dataclass(frozen=True, slots=True)
class Reject(Command):
    """Reject an open proposal; ``reasons`` names the issues the seat objects to (public)."""

    proposal_id: str
    reasons: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class CounterPropose(Command):
    """Reject an open proposal and table another package in one move."""

    proposal_id: str
    package: PackagePairs
    partial: bool = False
    reasons: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Statement(Command):
    """A public statement from the statements catalogue (``text_id``), with a tone; the publics react to it."""

    tone: str
    text_id: str


@dataclass(frozen=True, slots=True)
class OfferSideTerms(Command):
    """A third party pledges a side-payment or a guarantee worth ``points`` to ``beneficiary`` if a deal is signed.

    ``proposal_id`` ties the pledge to one proposal (empty: to any agreement). Pledges draw on the third party's means.
    """

    kind: str
    beneficiary: str
    points: float
    proposal_id: str = ""


@dataclass(frozen=True, slots=True)
class AskMediator(Command):
    """Ask the mediator for a negotiating text; the ``reason`` reaches only the mediator."""


@dataclass(frozen=True, slots=True)
class PrivateMessage(Command):
    """A message only ``to`` (and the sender) will see."""

    to: str
    text: str


@dataclass(frozen=True, slots=True)
class WalkOut(Command):
    """Leave the talks. A signatory walking out (or refusing to sign) ends the game without agreement."""


@dataclass(frozen=True, slots=True)
class Sign(Command):
    """Sign the agreed text (signature phase)."""


TRAINER = "trainer"
"""The author of a trainer's intervention (never a delegation id): see :mod:`negotiator.game.interventions`."""


@dataclass(frozen=True, slots=True)
class Intervention(Command):
    """Base of the trainer's commands: recorded in the table's log like a seat's, applied by
    :func:`negotiator.game.interventions.apply_intervention`; ``seat`` is always :data:`TRAINER`."""


@dataclass(frozen=True, slots=True)
class PauseTable(Intervention):
    """Stop the table: nobody's turn until :class:`ResumeTable`."""


@dataclass(frozen=True, slots=True)
class ResumeTable(Intervention):
    """Let the table go on after a pause."""


@dataclass(frozen=True, slots=True)
class SetTimer(Intervention):
    """Seconds each turn may take (0: no timer) and how many seconds before the end the seat is warned."""

    seconds: int
    warn: int = 0


@dataclass(frozen=True, slots=True)
class InjectEvent(Intervention):
    """Draw ``event_id`` from the scenario's deck now (its effect on the publics applies as if the deck drew it)."""

    event_id: str


@dataclass(frozen=True, slots=True)
class PostNews(Intervention):
    """A news item the trainer wrote, shown to the whole table (the publics do not react: it has no modelled
    effect)."""

    text: str


@dataclass(frozen=True, slots=True)
class TrainerMessage(Intervention):
    """A message from the trainer to one seat (``to``) or the whole table (``to`` empty)."""

    to: str
    text: str


@dataclass(frozen=True, slots=True)
class HandSeat(Intervention):
    """Who plays ``delegation`` from now: the AI (with ``persona``, empty for its default) or the students."""

    delegation: str
    played_by: str
    persona: str = ""


@dataclass(frozen=True, slots=True)
class MoveStudent(Intervention):
    """A student (``name``, a label) moved from seat ``delegation`` to ``to`` (the host moves the connection)."""

    name: str
    delegation: str
    to: str


@dataclass(frozen=True, slots=True)
class Rollback(Intervention):
    """Take the table back to how it stood after ``to_move`` commands. The log keeps every command (this one is
    appended); the moves after ``to_move`` stop counting, and the trainer's record keeps what was undone."""

    to_move: int


@dataclass(frozen=True, slots=True)
class EndTable(Intervention):
    """End the talks now, without an agreement (each delegation gets its walk-away)."""


COMMAND_TYPES: dict[str, type[Command]] = {
    "end-turn": EndTurn,
    "table-proposal": TableProposal,
    "accept": Accept,
    "reject": Reject,
    "counter-propose": CounterPropose,
    "statement": Statement,
    "offer-side-terms": OfferSideTerms,
    "ask-mediator": AskMediator,
    "private-message": PrivateMessage,
    "walk-out": WalkOut,
    "sign": Sign,
    "pause-table": PauseTable,
    "resume-table": ResumeTable,
    "set-timer": SetTimer,
    "inject-event": InjectEvent,
    "post-news": PostNews,
    "trainer-message": TrainerMessage,
    "hand-seat": HandSeat,
    "move-student": MoveStudent,
    "rollback": Rollback,
    "end-table": EndTable,
}
TYPE_NAMES: dict[type[Command], str] = {cls: name for name, cls in COMMAND_TYPES.items()}

# Field kinds, checked by command_from_dict. "id": a short id; "text": free text up to MAX_TEXT characters.
_KINDS: dict[str, str] = {
    "seat": "id",
    "reason": "reason",
    "package": "package",
    "partial": "bool",
    "proposal_id": "id",
    "reasons": "ids",
    "tone": "tone",
    "text_id": "id",
    "kind": "side-kind",
    "beneficiary": "id",
    "points": "points",
    "to": "id",
    "text": "text",
    "seconds": "seconds",
    "warn": "seconds",
    "event_id": "id",
    "delegation": "id",
    "played_by": "played-by",
    "persona": "id",
    "name": "text",
    "to_move": "move",
}
_OPTIONAL_EMPTY = {
    ("OfferSideTerms", "proposal_id"),
    ("TrainerMessage", "to"),
    ("HandSeat", "persona"),
}
PLAYED_BY: tuple[str, ...] = ("ai", "students")
MAX_TIMER_S = 24 * 3600


def command_type(cmd: Command) -> str:
    """The ``"type"`` name of a command (``table-proposal``, ``accept``, ...)."""
    return TYPE_NAMES[type(cmd)]


def command_to_dict(cmd: Command) -> dict[str, Any]:
    """A JSON-safe dict with a ``"type"`` key; packages become lists of ``[issue, option]`` pairs."""
    out: dict[str, Any] = {"type": command_type(cmd)}
    for f in fields(cmd):
        value = getattr(cmd, f.name)
        if f.name == "package":
            value = [[i, o] for i, o in value]
        elif isinstance(value, Message):
            value = value.to_json()
        elif isinstance(value, tuple):
            value = list(value)
        out[f.name] = value
    return out


def _check(cls_name: str, name: str, kind: str, value: object) -> object:
    where = f"{cls_name}.{name}"
    if kind == "id":
        if (
            not isinstance(value, str)
            or len(value) > 64
            or not (_ID.match(value) or (value == "" and (cls_name, name) in _OPTIONAL_EMPTY))
        ):
            raise CommandError(
                f"{where}: should be an id (lowercase letters, digits, - or _), got {_short(value)}"
            )
        return value
    if kind == "text":
        if not isinstance(value, str) or len(value) > MAX_TEXT:
            raise CommandError(
                f"{where}: should be text of at most {MAX_TEXT} characters, got {_short(value)}"
            )
        return value
    if kind == "reason":
        if isinstance(value, dict):
            try:
                return message_from_json(value)
            except TextError as exc:
                raise CommandError(f"{where}: {exc}") from None
        return _check(cls_name, name, "text", value)
    if kind == "bool":
        if not isinstance(value, bool):
            raise CommandError(f"{where}: should be true or false, got {_short(value)}")
        return value
    if kind == "ids":
        if not isinstance(value, list | tuple) or len(value) > 64:
            raise CommandError(f"{where}: should be a list of at most 64 ids, got {_short(value)}")
        return tuple(_check(cls_name, name, "id", v) for v in value)
    if kind == "tone":
        if not isinstance(value, str) or value not in TONES:
            raise CommandError(f"{where}: should be one of {', '.join(TONES)}, got {_short(value)}")
        return value
    if kind == "side-kind":
        if not isinstance(value, str) or value not in SIDE_TERM_KINDS:
            raise CommandError(f"{where}: should be one of {', '.join(SIDE_TERM_KINDS)}, got {_short(value)}")
        return value
    if kind == "points":
        if (
            isinstance(value, bool)
            or not isinstance(value, int | float)
            or not math.isfinite(value)
            or not 0.0 < float(value) <= 100.0
        ):
            raise CommandError(
                f"{where}: should be a number of points above 0 and at most 100, got {_short(value)}"
            )
        return float(value)
    if kind in ("seconds", "move"):
        top = MAX_TIMER_S if kind == "seconds" else 1_000_000
        if isinstance(value, bool) or not isinstance(value, int) or not 0 <= value <= top:
            raise CommandError(f"{where}: should be a whole number from 0 to {top}, got {_short(value)}")
        return value
    if kind == "played-by":
        if not isinstance(value, str) or value not in PLAYED_BY:
            raise CommandError(f"{where}: should be one of {', '.join(PLAYED_BY)}, got {_short(value)}")
        return value
    if kind == "package":
        if not isinstance(value, list | tuple) or not value or len(value) > 64:
            raise CommandError(
                f"{where}: should be a non-empty list of [issue, option] pairs, got {_short(value)}"
            )
        pairs: list[tuple[str, str]] = []
        for pair in value:
            if not isinstance(pair, list | tuple) or len(pair) != 2:
                raise CommandError(
                    f"{where}: each item should be an [issue, option] pair, got {_short(pair)}"
                )
            pairs.append(
                (str(_check(cls_name, name, "id", pair[0])), str(_check(cls_name, name, "id", pair[1])))
            )
        issues = [i for i, _ in pairs]
        if len(set(issues)) != len(issues):
            raise CommandError(f"{where}: an issue appears twice")
        return tuple(pairs)
    raise AssertionError(kind)  # pragma: no cover - every field kind is listed above


def _short(value: object) -> str:
    try:
        text = repr(value)
    except Exception:  # a hostile __repr__ must not escape as another error type
        text = f"<{type(value).__name__}>"
    return text if len(text) <= 60 else text[:57] + "..."


def command_from_dict(data: object) -> Command:
    """Parse a command from a dict made by :func:`command_to_dict` (or sent by a client); raises only CommandError."""
    try:
        return _from_dict(data)
    except CommandError:
        raise
    except Exception as exc:  # defence in depth: malformed input must never surface as another exception type
        raise CommandError(f"command: could not be read ({type(exc).__name__})") from None


def _from_dict(data: object) -> Command:
    if not isinstance(data, dict):
        raise CommandError(f'command: should be an object with a "type", got {_short(data)}')
    type_name = data.get("type")
    if not isinstance(type_name, str) or type_name not in COMMAND_TYPES:
        raise CommandError(
            f"command.type: should be one of {', '.join(COMMAND_TYPES)}, got {_short(type_name)}"
        )
    cls = COMMAND_TYPES[type_name]
    cls_name = cls.__name__
    kwargs: dict[str, object] = {}
    names = {f.name for f in fields(cls)}
    for key in data:
        if key != "type" and key not in names:
            raise CommandError(f"{cls_name}: unknown field {_short(key)}")
    for f in fields(cls):
        if f.name not in data:
            if f.name in ("reason", "partial", "reasons", "warn") or (cls_name, f.name) in _OPTIONAL_EMPTY:
                continue  # these have defaults
            raise CommandError(f"{cls_name}.{f.name}: missing")
        kwargs[f.name] = _check(cls_name, f.name, _KINDS[f.name], data[f.name])
    return cls(**kwargs)  # type: ignore[arg-type]
