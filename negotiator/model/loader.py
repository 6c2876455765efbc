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

MAX_BYTES = 4 * 1024 * 1024  # a scenario is text a person edits; anything bigger is a wrong file

_TYPE_WORDS = {
    "string_type": "text in quotes",
    "int_type": "a whole number",
    "float_type": "a number",
    "bool_type": "true or false",
    "list_type": "a list [ ... ]",
    "dict_type": "a table { ... }",
    "model_type": "a table { ... }",
    "int_from_float": "a whole number",
}


def load_scenario(path: str | Path) -> Scenario:
    """Load and check the scenario at ``path``."""
    p = Path(path)
    name = str(path)
    try:
        raw = p.read_bytes()
    except FileNotFoundError:
        raise ScenarioError(
            [Problem(name, "", "file not found", "check the path or use a shipped scenario id")]
        ) from None
    except IsADirectoryError:
        raise ScenarioError(
            [Problem(name, "", "is a folder, not a file", "name a .toml scenario file")]
        ) from None
    except OSError as exc:
        raise ScenarioError(
            [Problem(name, "", f"cannot be read ({exc.strerror})", "check its permissions")]
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
                    f"cannot be read as a scenario ({type(exc).__name__})",
                    "compare it with a shipped scenario",
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
                        f"is {len(raw):,} bytes, more than a scenario can be",
                        "check you picked the right file",
                    )
                ]
            )
        if b"\x00" in raw:
            raise ScenarioError(
                [Problem(name, "", "is a binary file, not TOML text", "pick the scenario's .toml file")]
            )
        try:
            text = raw.decode("utf-8")
        except UnicodeDecodeError as exc:
            raise ScenarioError(
                [
                    Problem(
                        name,
                        f"byte {exc.start}",
                        "is not UTF-8 text",
                        "save the file as UTF-8 in a text editor",
                    )
                ]
            ) from None
    else:
        text = raw
        if "\x00" in text:
            raise ScenarioError([Problem(name, "", "contains a NUL character", "remove it")])
    if not text.strip():
        raise ScenarioError([Problem(name, "", "is empty", "start from a shipped scenario")])
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
                    f"is not valid TOML ({msg})",
                    "fix the syntax there (quotes, brackets, '=' between key and value)",
                )
            ]
        ) from None
    except (RecursionError, ValueError) as exc:
        raise ScenarioError(
            [
                Problem(
                    name,
                    "",
                    f"is not valid TOML ({type(exc).__name__})",
                    "compare it with a shipped scenario",
                )
            ]
        ) from None


def _problems_from_validation(exc: ValidationError, data: Mapping[str, Any], name: str) -> list[Problem]:
    problems: list[Problem] = []
    for err in exc.errors(include_url=False):
        loc = tuple(err.get("loc", ()))
        path = loc_to_path(loc, data)
        kind = err.get("type", "")
        if kind == "missing":
            message, fix = "is missing", "add it (the format is described in assets/scenarios/README.md)"
        elif kind == "extra_forbidden":
            message, fix = "is not a known key", "remove it or correct its spelling"
        elif kind in _TYPE_WORDS:
            got = type(err.get("input")).__name__
            message, fix = f"should be {_TYPE_WORDS[kind]}, not {got}", f"write {_TYPE_WORDS[kind]}"
        elif kind == "string_pattern_mismatch":
            message = f"{err.get('input')!r} is not a valid id"
            fix = "use lowercase letters and digits joined by '-' or '_', starting with a letter"
        elif kind in ("greater_than_equal", "less_than_equal", "greater_than", "less_than"):
            message, fix = (
                f"{err.get('input')!r} is out of range ({err['msg'].lower()})",
                "use a value in range",
            )
        elif kind in ("too_short", "too_long"):
            message, fix = err["msg"].lower(), "add or remove entries to fit"
        elif kind == "literal_error":
            message, fix = (
                f"{err.get('input')!r} is not allowed",
                err["msg"].replace("Input should be", "use"),
            )
        else:
            message, fix = err["msg"].lower(), "correct the value"
        problems.append(Problem(name, path, message, fix))
    return problems


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
