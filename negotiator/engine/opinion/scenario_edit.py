"""Write fitted opinion numbers into a scenario's TOML text in place, keeping every comment and everything else.

Only three kinds of values are touched, inside one ``[[constituencies]]`` block:

- ``opinion.<key>`` (``key = number`` lines of ``[constituencies.opinion]``; ``opinion.paradigms.<paradigm>`` and
  ``opinion.periods.<YYYY-MM>`` edit or add the inline ``paradigms = { ... }`` and ``periods = { ... }`` lines);
- ``preferences.<issue>.<option>`` (one number inside the inline table ``issue = { option = number, ... }``);
- ``sacred[<k>].share`` and the ``calibration_note`` string.

Every edit is checked: the new text is parsed again and must equal the old document with exactly the requested values
changed, or nothing is written and :class:`ScenarioEditError` says why. Trainers' hand formatting survives.
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from negotiator.model.errors import NegotiatorError

NUMBER = r"-?\d+(?:\.\d+)?(?:[eE][-+]?\d+)?"


class ScenarioEditError(NegotiatorError):
    """A requested edit cannot be made safely."""


def _fmt(value: float) -> str:
    text = f"{value:.3f}".rstrip("0")
    return text + "0" if text.endswith(".") else text


def _block(lines: list[str], cid: str) -> tuple[int, int]:
    """Line range [start, end) of the ``[[constituencies]]`` block whose id is ``cid``."""

    def ends_block(line: str) -> bool:
        head = line.strip()
        return head.startswith("[") and not re.match(r"^\[\[?constituencies\.[A-Za-z0-9_-]+\]\]?$", head)

    starts = [k for k, line in enumerate(lines) if line.strip() == "[[constituencies]]"]
    for s in starts:
        end = next((k for k in range(s + 1, len(lines)) if ends_block(lines[k])), len(lines))
        for k in range(s + 1, end):
            if re.match(r'^\s*id\s*=\s*"' + re.escape(cid) + r'"\s*(#.*)?$', lines[k]):
                return s, end
            if lines[k].lstrip().startswith("["):
                break
    raise ScenarioEditError(f"no [[constituencies]] block with id {cid!r}")


def _subtable(lines: list[str], start: int, end: int, name: str) -> tuple[int, int]:
    header = next((k for k in range(start, end) if lines[k].strip() == f"[constituencies.{name}]"), None)
    if header is None:
        raise ScenarioEditError(f"no [constituencies.{name}] table in this block")
    stop = next((k for k in range(header + 1, end) if lines[k].lstrip().startswith("[")), end)
    return header + 1, stop


def _set_key(lines: list[str], lo: int, hi: int, key: str, value: str, insert: bool = False) -> None:
    pattern = re.compile(r"^(\s*" + re.escape(key) + r"\s*=\s*)(.*?)(\s*(#.*)?)$")
    for k in range(lo, hi):
        m = pattern.match(lines[k])
        if m:
            lines[k] = m.group(1) + value + (m.group(3) or "")
            return
    if not insert:
        raise ScenarioEditError(f"no line {key} = ... where expected")
    last = max((k for k in range(lo, hi) if re.match(r"^\s*[A-Za-z0-9_-]+\s*=", lines[k])), default=lo - 1)
    lines.insert(last + 1, f"{key} = {value}")


def _set_inline(line: str, key: str, value: str) -> str:
    pattern = re.compile(r"([{,]\s*)(" + re.escape(key) + r")(\s*=\s*)(" + NUMBER + r")")
    new, count = pattern.subn(lambda m: m.group(1) + m.group(2) + m.group(3) + value, line, count=1)
    if count != 1:
        raise ScenarioEditError(f"no {key} = number in {line.strip()!r}")
    return new


def _note(text: str) -> str:
    if '"""' in text or "\\" in text:
        raise ScenarioEditError("a calibration note may not contain triple quotes or backslashes")
    body = text.strip()
    return '"""\n' + body + (" " if body.endswith('"') else "") + '"""'


def edit_text(text: str, changes: Mapping[str, Mapping[str, float | str]]) -> str:
    """Apply ``changes`` ({constituency id: {field: value}}) to scenario TOML text; see the module docstring."""
    lines = text.split("\n")
    for cid, fields in changes.items():
        for field, value in fields.items():
            start, end = _block(lines, cid)
            if field == "calibration_note":
                if not isinstance(value, str):
                    raise ScenarioEditError("calibration_note must be text")
                _replace_note(lines, start, end, _note(value))
                continue
            if isinstance(value, str):
                raise ScenarioEditError(f"{field} must be a number")
            parts = field.split(".")
            if parts[0] == "opinion" and len(parts) == 2:
                lo, hi = _subtable(lines, start, end, "opinion")
                _set_key(lines, lo, hi, parts[1], _fmt(value), insert=True)
            elif parts[0] == "opinion" and len(parts) == 3 and parts[1] in ("paradigms", "periods"):
                lo, hi = _subtable(lines, start, end, "opinion")
                table = parts[1]
                line = next((k for k in range(lo, hi) if re.match(r"^\s*" + table + r"\s*=", lines[k])), None)
                if line is None:
                    _set_key(lines, lo, hi, table, "{ " + f"{parts[2]} = {_fmt(value)}" + " }", insert=True)
                elif re.search(r"[{,]\s*" + re.escape(parts[2]) + r"\s*=", lines[line]):
                    lines[line] = _set_inline(lines[line], parts[2], _fmt(value))
                else:
                    lines[line] = re.sub(
                        r"\s*}\s*$",
                        f", {parts[2]} = {_fmt(value)} }}",
                        lines[line].replace("{ }", "{}").replace("{}", "{ "),
                        count=1,
                    )
            elif parts[0] == "preferences" and len(parts) == 3:
                lo, hi = _subtable(lines, start, end, "preferences")
                line = next(
                    (
                        k
                        for k in range(lo, hi)
                        if re.match(r"^\s*" + re.escape(parts[1]) + r"\s*=\s*{", lines[k])
                    ),
                    None,
                )
                if line is None:
                    raise ScenarioEditError(f"no inline preferences line for issue {parts[1]!r} in {cid!r}")
                lines[line] = _set_inline(lines[line], parts[2], _fmt(value))
            elif re.fullmatch(r"sacred\[\d+\]", parts[0]) and parts[1:] == ["share"]:
                k = int(parts[0][7:-1])
                heads = [j for j in range(start, end) if lines[j].strip() == "[[constituencies.sacred]]"]
                if k >= len(heads):
                    raise ScenarioEditError(f"{cid!r} has no sacred entry {k}")
                stop = next((j for j in range(heads[k] + 1, end) if lines[j].lstrip().startswith("[")), end)
                _set_key(lines, heads[k] + 1, stop, "share", _fmt(value))
            else:
                raise ScenarioEditError(f"cannot edit field {field!r}")
    return "\n".join(lines)


def _replace_note(lines: list[str], start: int, end: int, value: str) -> None:
    for k in range(start + 1, end):
        if lines[k].lstrip().startswith("["):
            break
        m = re.match(r"^(\s*calibration_note\s*=\s*)(.*)$", lines[k])
        if not m:
            continue
        rest = m.group(2)
        stop = k
        if rest.startswith('"""') and rest.count('"""') == 1:
            stop = next(j for j in range(k + 1, end) if '"""' in lines[j])
        lines[k : stop + 1] = (m.group(1) + value).split("\n")
        return
    raise ScenarioEditError("no calibration_note line in this block (add one to the scenario first)")


def _expected(doc: dict[str, Any], changes: Mapping[str, Mapping[str, float | str]]) -> dict[str, Any]:
    import copy

    out = copy.deepcopy(doc)
    for cid, fields in changes.items():
        c = next(x for x in out["constituencies"] if x["id"] == cid)
        for field, value in fields.items():
            parts = field.split(".")
            if field == "calibration_note":
                c["calibration_note"] = str(value).strip()
            elif parts[0] == "opinion" and len(parts) == 2:
                c["opinion"][parts[1]] = value
            elif parts[0] == "opinion":
                c["opinion"].setdefault(parts[1], {})[parts[2]] = value
            elif parts[0] == "preferences":
                c["preferences"][parts[1]][parts[2]] = value
            else:
                c["sacred"][int(parts[0][7:-1])]["share"] = value
    return out


def _rounded(doc: Any) -> Any:
    if isinstance(doc, dict):
        return {k: _rounded(v) for k, v in doc.items()}
    if isinstance(doc, list):
        return [_rounded(v) for v in doc]
    if isinstance(doc, float):
        return round(doc, 3)
    if isinstance(doc, str):
        return doc.strip()
    return doc


def edit_file(path: str | Path, changes: Mapping[str, Mapping[str, float | str]]) -> None:
    """Edit the scenario file in place; verified before writing (see the module docstring)."""
    p = Path(path)
    old = p.read_text(encoding="utf-8")
    new = edit_text(old, changes)
    try:
        got = tomllib.loads(new)
    except tomllib.TOMLDecodeError as exc:
        raise ScenarioEditError(f"the edit would break the TOML ({exc}); nothing written") from None
    if _rounded(got) != _rounded(_expected(tomllib.loads(old), changes)):
        raise ScenarioEditError("the edit would change more than the fitted values; nothing written")
    p.write_text(new, encoding="utf-8")
