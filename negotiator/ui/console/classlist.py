"""A class list: a CSV file of ``name, table, delegation`` rows, read into who sits where (no Qt)."""

from __future__ import annotations

import csv
import io
from collections.abc import Collection
from dataclasses import dataclass
from pathlib import Path

from negotiator.model.errors import NegotiatorError


class ClassListError(NegotiatorError):
    """A class list that cannot be read (the message names the file, the line and the fix)."""


@dataclass(frozen=True)
class Student:
    name: str
    table: int
    delegation: str


def read_class_list(
    path: str | Path, delegations: Collection[str], tables: int | None = None
) -> list[Student]:
    """The students of a class list. A first row ``name,table,delegation`` is a header and skipped; blank lines are
    ignored; ``delegations`` are the scenario's ids; with ``tables`` a table number above it is refused."""
    where = str(path)
    try:
        text = Path(path).read_text(encoding="utf-8-sig")
    except OSError as exc:
        raise ClassListError(
            f"{where}: cannot read the class list ({exc.strerror}); check the path"
        ) from None
    except UnicodeDecodeError:
        raise ClassListError(f"{where}: not a text file; save the class list as CSV (UTF-8)") from None
    return parse_class_list(text, delegations, tables, where)


def parse_class_list(
    text: str, delegations: Collection[str], tables: int | None = None, where: str = "class list"
) -> list[Student]:
    out: list[Student] = []
    ids = set(delegations)
    for number, row in enumerate(csv.reader(io.StringIO(text)), start=1):
        cells = [c.strip() for c in row]
        if not any(cells):
            continue
        if number == 1 and [c.lower() for c in cells[:3]] == ["name", "table", "delegation"]:
            continue
        if len(cells) != 3:
            raise ClassListError(
                f"{where} line {number}: expected 3 columns (name, table, delegation), found {len(cells)}"
            )
        name, table_text, delegation = cells
        if not name:
            raise ClassListError(f"{where} line {number}: the name is empty; write the student's name")
        try:
            table = int(table_text)
        except ValueError:
            raise ClassListError(
                f"{where} line {number}: table {table_text!r} is not a number; write e.g. 2"
            ) from None
        if table < 1 or (tables is not None and table > tables):
            most = f"1 to {tables}" if tables is not None else "1 or more"
            raise ClassListError(f"{where} line {number}: table {table} does not exist; use {most}")
        if delegation not in ids:
            raise ClassListError(
                f"{where} line {number}: {delegation!r} is not a delegation; use one of {', '.join(sorted(ids))}"
            )
        out.append(Student(name, table, delegation))
    return out


def seat_names(students: Collection[Student]) -> dict[tuple[int, str], list[str]]:
    """(table, delegation) -> the names a class list seats there, in the list's order (for the seat cards)."""
    out: dict[tuple[int, str], list[str]] = {}
    for s in students:
        out.setdefault((s.table, s.delegation), []).append(s.name)
    return out
