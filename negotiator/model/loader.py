"""Read a scenario file from disk (or text) into a checked :class:`~negotiator.model.schema.Scenario`.

Loading is strict and total: whatever bytes it is handed, it returns a scenario or raises
:class:`~negotiator.model.errors.ScenarioError` listing every problem found, each with the field's path and a fix.
"""

from __future__ import annotations

import tomllib
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from negotiator.model.checks import check_scenario
from negotiator.model.errors import Problem, ScenarioError
from negotiator.model.schema import Scenario
from negotiator.text import SOURCE, Message, render

MAX_BYTES = 4 * 1024 * 1024  # a scenario is text a person edits; anything bigger is a wrong file

_TYPE_WORDS = {
    "string_type": Message.of("problem.type.text"),
    "int_type": Message.of("problem.type.whole-number"),
    "float_type": Message.of("problem.type.number"),
    "bool_type": Message.of("problem.type.bool"),
    "list_type": Message.of("problem.type.list"),
    "dict_type": Message.of("problem.type.table"),
    "model_type": Message.of("problem.type.table"),
    "int_from_float": Message.of("problem.type.whole-number"),
}
"""What pydantic's type errors ask for, in the words of a TOML file."""
_GOT = {
    "str": Message.of("problem.got.str"),
    "int": Message.of("problem.got.int"),
    "float": Message.of("problem.got.float"),
    "bool": Message.of("problem.got.bool"),
    "list": Message.of("problem.got.list"),
    "dict": Message.of("problem.got.dict"),
}
"""What a wrong value was, by its Python type's name (the English line names the type as Python does)."""
_BOUNDS = {
    "greater_than_equal": ("ge", Message.of("problem.bound.ge")),
    "less_than_equal": ("le", Message.of("problem.bound.le")),
    "greater_than": ("gt", Message.of("problem.bound.gt")),
    "less_than": ("lt", Message.of("problem.bound.lt")),
}
_LENGTHS = {
    "too_short": Message.of("problem.too-short"),
    "too_long": Message.of("problem.too-long"),
    "string_too_short": Message.of("problem.text-too-short"),
    "string_too_long": Message.of("problem.text-too-long"),
}
"""Pydantic's range and length errors as catalogue entries: each entry's English is pydantic's own sentence, built
from the error's numbers, so the translations say the same from the same numbers (:func:`_as_said`)."""


def load_scenario(path: str | Path) -> Scenario:
    """Load and check the scenario at ``path``."""
    p = Path(path)
    name = str(path)
    try:
        raw = p.read_bytes()
    except FileNotFoundError:
        raise ScenarioError(
            [
                Problem(
                    name, "", Message.of("problem.file-not-found"), Message.of("problem.fix.path-or-shipped")
                )
            ]
        ) from None
    except IsADirectoryError:
        raise ScenarioError(
            [Problem(name, "", Message.of("problem.is-folder"), Message.of("problem.fix.name-toml"))]
        ) from None
    except OSError as exc:
        raise ScenarioError(
            [
                Problem(
                    name,
                    "",
                    Message.of("problem.unreadable", reason=str(exc.strerror)),
                    Message.of("problem.fix.permissions"),
                )
            ]
        ) from None
    return parse_scenario(raw, name)


def parse_scenario(raw: bytes | str, name: str = "<scenario>") -> Scenario:
    """Parse scenario text (bytes or str); ``name`` is used in error lines."""
    data = _decode_toml(raw, name)
    return scenario_from_dict(data, name)


def scenario_from_dict(data: Mapping[str, Any], name: str = "<scenario>") -> Scenario:
    """Validate an already-parsed TOML document."""
    try:
        scenario = Scenario.model_validate(data)
    except ValidationError as exc:
        raise ScenarioError(_problems_from_validation(exc, data, name)) from None
    except (RecursionError, ValueError, TypeError) as exc:  # pathological nesting or values
        raise ScenarioError(
            [
                Problem(
                    name,
                    "",
                    Message.of("problem.not-a-scenario", error=type(exc).__name__),
                    Message.of("problem.fix.compare-shipped"),
                )
            ]
        ) from None
    problems = check_scenario(scenario, name)
    if problems:
        raise ScenarioError(problems)
    return scenario


def _decode_toml(raw: bytes | str, name: str) -> dict[str, Any]:
    if isinstance(raw, bytes):
        if len(raw) > MAX_BYTES:
            raise ScenarioError(
                [
                    Problem(
                        name,
                        "",
                        Message.of("problem.too-big", size=len(raw)),
                        Message.of("problem.fix.right-file"),
                    )
                ]
            )
        if b"\x00" in raw:
            raise ScenarioError(
                [Problem(name, "", Message.of("problem.binary"), Message.of("problem.fix.pick-toml"))]
            )
        try:
            text = raw.decode("utf-8")
        except UnicodeDecodeError as exc:
            raise ScenarioError(
                [
                    Problem(
                        name,
                        f"byte {exc.start}",
                        Message.of("problem.not-utf8"),
                        Message.of("problem.fix.save-utf8"),
                    )
                ]
            ) from None
    else:
        text = raw
        if "\x00" in text:
            raise ScenarioError(
                [Problem(name, "", Message.of("problem.nul"), Message.of("problem.fix.remove"))]
            )
    if not text.strip():
        raise ScenarioError(
            [Problem(name, "", Message.of("problem.empty"), Message.of("problem.fix.start-from-shipped"))]
        )
    try:
        return tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        msg = str(exc)
        where = ""
        if "(at line" in msg:
            msg, _, tail = msg.partition(" (at ")
            where = tail.rstrip(")")
        raise ScenarioError(
            [
                Problem(
                    name,
                    where,
                    Message.of("problem.bad-toml", detail=msg),
                    Message.of("problem.fix.toml-syntax"),
                )
            ]
        ) from None
    except (RecursionError, ValueError) as exc:
        raise ScenarioError(
            [
                Problem(
                    name,
                    "",
                    Message.of("problem.bad-toml", detail=type(exc).__name__),
                    Message.of("problem.fix.compare-shipped"),
                )
            ]
        ) from None


def _problems_from_validation(exc: ValidationError, data: Mapping[str, Any], name: str) -> list[Problem]:
    problems: list[Problem] = []
    for err in exc.errors(include_url=False):
        loc = tuple(err.get("loc", ()))
        path = loc_to_path(loc, data)
        kind = err.get("type", "")
        ctx = err.get("ctx") or {}
        detail = err["msg"].lower()
        message: Message
        if kind == "missing":
            message, fix = Message.of("problem.missing"), Message.of("problem.fix.add-missing")
        elif kind == "extra_forbidden":
            message, fix = Message.of("problem.unknown-key"), Message.of("problem.fix.remove-or-spell")
        elif kind in _TYPE_WORDS:
            got = type(err.get("input")).__name__
            message = Message.of("problem.wrong-type", kind=_TYPE_WORDS[kind], got=_GOT.get(got, got))
            fix = Message.of("problem.fix.write", kind=_TYPE_WORDS[kind])
        elif kind == "string_pattern_mismatch":
            message = Message.of("problem.bad-id", value=repr(err.get("input")))
            fix = Message.of("problem.fix.id-form")
        elif kind in _BOUNDS:
            key, bound = _BOUNDS[kind]
            message = Message.of(
                "problem.out-of-range",
                value=repr(err.get("input")),
                bound=_as_said(Message(bound.id, (("limit", _scalar(ctx.get(key))),)), detail),
            )
            fix = Message.of("problem.fix.in-range")
        elif kind in ("too_short", "too_long"):
            message, fix = _length(kind, detail, ctx), Message.of("problem.fix.fit-entries")
        elif kind == "literal_error":
            message = Message.of("problem.not-allowed", value=repr(err.get("input")))
            fix = Message.of("problem.fix.literal", choices=_choices(ctx.get("expected"), err["msg"]))
        else:
            message, fix = _length(kind, detail, ctx), Message.of("problem.fix.correct")
        problems.append(Problem(name, path, message, fix))
    return problems


def _scalar(value: object) -> str | int | float:
    """A pydantic context value as a message argument (numbers stay numbers, anything else its text)."""
    return value if isinstance(value, int | float) and not isinstance(value, bool) else str(value)


def _as_said(said: Message, english: str) -> Message | str:
    """``said`` when its English is exactly pydantic's sentence ``english``, else that sentence as it is (a wording
    pydantic changed, a number it writes otherwise): the English line never changes, a translation says what it can."""
    return said if render(said, SOURCE) == english else english


def _length(kind: str, detail: str, ctx: Mapping[str, Any]) -> Message:
    """A length error (pydantic's sentence, from its numbers); any other error pydantic's sentence as it is."""
    said = _LENGTHS.get(kind)
    if said is not None and ctx.get("field_type", "List") == "List":
        limit = ctx.get("min_length", ctx.get("max_length"))
        if isinstance(limit, int):
            args = {"n": limit, "actual": _scalar(ctx.get("actual_length", ""))}
            found = _as_said(Message(said.id, tuple(sorted(args.items()))), detail)
            if isinstance(found, Message):
                return found
    return Message.of("problem.invalid", detail=detail)


def _choices(expected: object, english: str) -> Message | str:
    """pydantic's "'a', 'b' or 'c'" as the language's own "or" (``problem.or``), checked against its English."""
    items = [x.strip() for x in str(expected).replace(" or ", ", ").split(", ")]
    said: Message | str = items[-1]
    if len(items) > 1:
        said = Message.of("problem.or", first=", ".join(items[:-1]), last=items[-1])
    return said if isinstance(said, str) else _as_said(said, english.replace("Input should be ", "", 1))


def loc_to_path(loc: Sequence[Any], data: Any) -> str:
    """Turn a pydantic location into ``delegations[israel].points.territory`` using ids where the data has them."""
    parts: list[str] = []
    node = data
    for key in loc:
        if isinstance(key, int):
            label = str(key)
            if isinstance(node, list) and 0 <= key < len(node):
                item = node[key]
                if isinstance(item, dict) and isinstance(item.get("id"), str):
                    label = item["id"]
                node = item
            else:
                node = None
            if parts:
                parts[-1] += f"[{label}]"
            else:
                parts.append(f"[{label}]")
        else:
            k = str(key)
            if k.startswith("function-") or k in ("constrained-str", "constrained-float"):
                continue  # pydantic's internal validator names, not part of the user's file
            parts.append(k)
            node = node.get(k) if isinstance(node, dict) else None
    return ".".join(parts)
