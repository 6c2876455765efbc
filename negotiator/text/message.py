"""A message: the id of a sentence in the catalogues plus its arguments, stored instead of the words.

Bot reasons, log lines and transcript sentences are kept as messages and rendered only when shown, so a saved game
reads in any language later and nothing that is hashed (the command log, the game state) depends on the display
language. An argument is a JSON scalar, a :class:`Ref` to something the scenario names (an issue, an option, a
delegation...) or another message (a sentence inside a sentence).

JSON form (what the command log stores)::

    {"id": "bot.objection", "args": {"issue": ["issue", "water"], "option": ["option", "water", "plus-25"]}}

A ref is a list ``[kind, id, ...]``; a nested message is an object with an ``"id"``. :func:`message_from_json` checks
everything it is given (ids, sizes, depth) and raises only :class:`TextError` with a one-line message.
"""

from __future__ import annotations

import math
import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, TypeAlias

REF_KINDS: tuple[str, ...] = ("issue", "option", "delegation", "event", "event-text", "group")
"""What a ref may name: an issue, an option (issue id, option id), a delegation, a scenario event (its title or
its text), a constituency (a group in the polls)."""
MAX_ARGS = 16
MAX_DEPTH = 3
MAX_SCALAR = 500
_ID = re.compile(r"^[a-z0-9][a-z0-9]*([-_.][a-z0-9]+)*$")
_NAME = re.compile(r"^[a-z_][a-z0-9_]{0,31}$")


class TextError(ValueError):
    """A message or a catalogue that cannot be used; the text says what is wrong and how to fix it."""


@dataclass(frozen=True, slots=True)
class Ref:
    """Something the scenario names, by id: rendered with the scenario's title for it in the reader's language."""

    kind: str
    ids: tuple[str, ...]


Scalar: TypeAlias = str | int | float | bool
Arg: TypeAlias = "Scalar | Ref | Message"


@dataclass(frozen=True, slots=True)
class Message:
    """A catalogue id and its arguments, sorted by name (so equal messages hash and serialise alike)."""

    id: str
    args: tuple[tuple[str, Arg], ...] = ()

    @classmethod
    def of(cls, id: str, **args: Arg) -> Message:
        return cls(id, tuple(sorted(args.items())))

    def get(self, name: str) -> Arg | None:
        for key, value in self.args:
            if key == name:
                return value
        return None

    def to_json(self) -> dict[str, Any]:
        out: dict[str, Any] = {"id": self.id}
        if self.args:
            out["args"] = {k: _arg_to_json(v) for k, v in self.args}
        return out


def issue(issue_id: str) -> Ref:
    return Ref("issue", (issue_id,))


def option(issue_id: str, option_id: str) -> Ref:
    return Ref("option", (issue_id, option_id))


def delegation(delegation_id: str) -> Ref:
    return Ref("delegation", (delegation_id,))


def event(event_id: str) -> Ref:
    return Ref("event", (event_id,))


def group(group_id: str) -> Ref:
    return Ref("group", (group_id,))


def _arg_to_json(value: Arg) -> Any:
    if isinstance(value, Message):
        return value.to_json()
    if isinstance(value, Ref):
        return [value.kind, *value.ids]
    return value


def message_from_json(data: object) -> Message:
    """Parse what :meth:`Message.to_json` made (or a client sent); raises only :class:`TextError`."""
    return _message(data, "message", 0)


def _short(value: object) -> str:
    try:
        text = repr(value)
    except Exception:  # a hostile __repr__ must not escape as another error type
        text = f"<{type(value).__name__}>"
    return text if len(text) <= 60 else text[:57] + "..."


def _message(data: object, where: str, depth: int) -> Message:
    if depth > MAX_DEPTH:
        raise TextError(f"{where}: messages nest at most {MAX_DEPTH} deep")
    if not isinstance(data, Mapping):
        raise TextError(f'{where}: should be an object with an "id", got {_short(data)}')
    extra = set(data) - {"id", "args"}
    if extra:
        raise TextError(f'{where}: unknown field {_short(sorted(map(str, extra))[0])} (only "id" and "args")')
    mid = data.get("id")
    if not isinstance(mid, str) or len(mid) > 64 or not _ID.match(mid):
        raise TextError(
            f"{where}.id: should be a message id (lowercase words joined by . or -), got {_short(mid)}"
        )
    args = data.get("args", {})
    if not isinstance(args, Mapping) or len(args) > MAX_ARGS:
        raise TextError(
            f"{where}.args: should be an object of at most {MAX_ARGS} arguments, got {_short(args)}"
        )
    out: list[tuple[str, Arg]] = []
    for name, value in args.items():
        if not isinstance(name, str) or not _NAME.match(name):
            raise TextError(f"{where}.args: argument names are short lowercase words, got {_short(name)}")
        out.append((name, _arg(value, f"{where}.args.{name}", depth)))
    return Message(mid, tuple(sorted(out)))


def _arg(value: object, where: str, depth: int) -> Arg:
    if isinstance(value, bool | int):
        return value
    if isinstance(value, float):
        if not math.isfinite(value):
            raise TextError(f"{where}: should be a finite number, got {_short(value)}")
        return value
    if isinstance(value, str):
        if len(value) > MAX_SCALAR:
            raise TextError(f"{where}: text of at most {MAX_SCALAR} characters, got {len(value)}")
        return value
    if isinstance(value, list | tuple):
        if not value or value[0] not in REF_KINDS:
            raise TextError(
                f"{where}: a reference starts with one of {', '.join(REF_KINDS)}, got {_short(value)}"
            )
        ids = value[1:]
        want = 2 if value[0] == "option" else 1
        if len(ids) != want or not all(isinstance(i, str) and len(i) <= 64 and _ID.match(i) for i in ids):
            raise TextError(f"{where}: a {value[0]} reference needs {want} id(s), got {_short(value)}")
        return Ref(str(value[0]), tuple(str(i) for i in ids))
    if isinstance(value, Mapping):
        return _message(value, where, depth + 1)
    raise TextError(f"{where}: should be text, a number, a reference or a message, got {_short(value)}")
