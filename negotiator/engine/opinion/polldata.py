"""Published poll figures (``assets/data/polls.csv``) and how a scenario expresses them (``[[poll_items]]``).

A row is *expressed* when the scenario maps its item (and population) to something the model can be asked:

- ``package``: support for a whole package (a reference package, optionally varied by ``changes``) against today;
- ``component``: one term of a permanent agreement asked on its own, weighed against ``versus`` (today's option by
  default), with the respondent's disposition toward an agreement counting :data:`COMPONENT_CONTEXT` as much as in a
  whole package (the question is framed as part of one, but names only the one term), or not at all for a term
  asked as a matter of its own (``standalone``: a wartime exchange, a normalisation treaty);
- ``principle``: a row of kind ``principle`` (an idea such as "the two-state solution", asked without its terms)
  mapped to a package: respondents hear the idea and the agreement, but only :data:`PRINCIPLE_TERMS` of the price of
  its terms. A row of kind ``package`` (a detailed text read out term by term) hears all of it. So the same package
  polls higher as a principle than as a text, as every joint poll reports (issue 18: fitting the principle as the
  package made the package too popular).

Each row of polls.csv says which kind it is (the ``kind`` column: ``principle``, ``package`` or ``component``;
files without the column read every row as before, with packages heard in full).

The model answers for a poll population that is a constituency id or a group id of the scenario (``israeli_jews``,
``palestinians``...), population-weighted over its members, exactly as polls aggregate.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

import numpy as np

from negotiator.assets import assets_dir
from negotiator.engine.opinion.population import IntArray, OpinionModel
from negotiator.model.errors import Problem, ProblemsError
from negotiator.model.schema import PollItem, Scenario

COMPONENT_CONTEXT = 0.25
"""How much of a respondent's disposition toward an agreement colours a single term asked as part of one (design
choice: a quarter; 0 would judge the term alone, 1 as if it were the whole agreement; fits from 0 to 0.5 are about
equally good, 1 is clearly worse)."""
PRINCIPLE_TERMS = 0.5
"""Share of a package's gains and losses that respondents weigh when asked about its idea only (design choice:
half; the joint polls put the detailed package 5 to 15 points below the principle on each side)."""
COLUMNS = ("survey", "fieldwork", "population", "item", "support_pct", "oppose_pct", "source", "note")
KINDS = ("principle", "package", "component")


class PollDataError(ProblemsError):
    """polls.csv cannot be read, or a row is malformed."""


@dataclass(frozen=True, slots=True)
class PollRow:
    """One published figure (or pair of figures) with its source."""

    line: int
    survey: str
    fieldwork: str
    year: int
    population: str
    item: str
    support: float | None
    oppose: float | None
    source: str
    note: str
    kind: str = ""
    """``principle``, ``package``, ``component``, or empty (a file without the column)."""

    @property
    def label(self) -> str:
        return f"{self.fieldwork} {self.population}: {self.item}"

    @property
    def month(self) -> str:
        """The fieldwork as ``YYYY-MM`` (a year alone reads as its middle, ``YYYY-07``)."""
        text = self.fieldwork.strip()
        return text[:7] if len(text) >= 7 and text[4] == "-" else f"{self.year:04d}-07"


@dataclass(frozen=True, slots=True)
class Expression:
    """How the model is asked a poll item: a package (option indices) or one component."""

    kind: Literal["package", "component", "principle"]
    label: str
    x: IntArray | None = None
    issue: int = -1
    option: int = -1
    versus: str = "status-quo"
    context: float = 0.0
    """Component only: how much the respondent's disposition toward an agreement colours the term
    (:data:`COMPONENT_CONTEXT`, or 0 for a term asked as a matter of its own, ``PollItem.standalone``)."""
    standalone: bool = False
    """Component only: asked as a matter of its own (``PollItem.standalone``), not as a term given to or taken from
    the other side, so neither the disposition toward an agreement nor the hawk-dove bend toward what the other
    side welcomes colours it (respondents judge the term by their own values alone)."""


def default_polls_path() -> Path:
    return assets_dir() / "data" / "polls.csv"


def scenario_polls_path(scenario_id: str) -> Path:
    """A scenario's own published figures, beside the shared polls.csv (``polls-<scenario id>.csv``): rows asked in
    its own time (2000, after the 2023 war) that no other scenario expresses, kept out of the shared file so that
    file stays the project's reference data unchanged."""
    return assets_dir() / "data" / f"polls-{scenario_id}.csv"


def polls_for(scenario_id: str, path: str | Path | None = None) -> list[PollRow]:
    """The rows a scenario is compared with: ``path`` if given; else polls.csv plus the scenario's own file, if any.

    The scenario's file may restate a shared row (same survey, fieldwork, population and item) to add what the shared
    file lacks, its ``kind``: the restated row replaces the shared one, and its figures must be the same."""
    if path is not None:
        return read_polls(path)
    rows = read_polls()
    own = scenario_polls_path(scenario_id)
    if not own.exists():
        return rows
    key = {(r.survey, r.fieldwork, r.population, r.item): k for k, r in enumerate(rows)}
    for r in read_polls(own):
        k = key.get((r.survey, r.fieldwork, r.population, r.item))
        if k is None:
            rows.append(r)
            continue
        if (rows[k].support, rows[k].oppose) != (r.support, r.oppose):
            raise PollDataError(
                [
                    Problem(
                        str(own),
                        f"line {r.line}",
                        "restates a row of polls.csv with other figures",
                        "copy the shared row's figures; only add its kind",
                    )
                ]
            )
        rows[k] = r
    return rows


def _number(name: str, line: int, field: str, text: str) -> float | None:
    text = text.strip()
    if not text:
        return None
    try:
        value = float(text)
    except ValueError:
        raise PollDataError(
            [
                Problem(
                    name,
                    f"line {line}.{field}",
                    f"{text!r} is not a number",
                    "write a percentage like 47 or 52.5, or leave it empty",
                )
            ]
        ) from None
    if not 0.0 <= value <= 100.0:
        raise PollDataError(
            [
                Problem(
                    name, f"line {line}.{field}", f"{value} is not a percentage", "use a number from 0 to 100"
                )
            ]
        )
    return value


def read_polls(path: str | Path | None = None) -> list[PollRow]:
    """Read polls.csv strictly: every row needs a year, a population, an item and at least one figure."""
    p = Path(path) if path is not None else default_polls_path()
    name = str(p)
    try:
        text = p.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise PollDataError([Problem(name, "", "file not found", "check the path of polls.csv")]) from None
    except (OSError, UnicodeDecodeError) as exc:
        raise PollDataError([Problem(name, "", f"cannot be read ({exc})", "save it as UTF-8 CSV")]) from None
    reader = csv.reader(io.StringIO(text))
    header = next(reader, None)
    names = tuple(h.strip() for h in header) if header is not None else ()
    if names not in (COLUMNS, (*COLUMNS, "kind")):
        raise PollDataError(
            [Problem(name, "line 1", "unexpected header", f"the columns must be {','.join(COLUMNS)}[,kind]")]
        )
    width = len(names)
    rows = []
    for line, cells in enumerate(reader, start=2):
        if not cells or not any(c.strip() for c in cells):
            continue
        if len(cells) != width:
            raise PollDataError(
                [
                    Problem(
                        name,
                        f"line {line}",
                        f"has {len(cells)} columns, not {width}",
                        "quote text that contains commas",
                    )
                ]
            )
        survey, fieldwork, population, item, s, o, source, note = (c.strip() for c in cells[:8])
        kind = cells[8].strip() if width > 8 else ""
        if width > 8 and kind not in KINDS:
            raise PollDataError(
                [
                    Problem(
                        name,
                        f"line {line}.kind",
                        f"{kind!r} is not a kind of item",
                        f"write one of {', '.join(KINDS)}",
                    )
                ]
            )
        try:
            year = int(fieldwork[:4])
        except ValueError:
            raise PollDataError(
                [
                    Problem(
                        name, f"line {line}.fieldwork", f"{fieldwork!r} has no year", "write YYYY or YYYY-MM"
                    )
                ]
            ) from None
        support = _number(name, line, "support_pct", s)
        oppose = _number(name, line, "oppose_pct", o)
        if (support is None and oppose is None) or not population or not item:
            raise PollDataError(
                [
                    Problem(
                        name,
                        f"line {line}",
                        "needs a population, an item and a figure",
                        "fill in support_pct or oppose_pct",
                    )
                ]
            )
        rows.append(
            PollRow(line, survey, fieldwork, year, population, item, support, oppose, source, note, kind)
        )
    return rows


def find_item(scenario: Scenario, row: PollRow) -> PollItem | None:
    """The scenario's mapping for a row: same item text, and the row's population listed (or none listed)."""
    for item in scenario.poll_items:
        if item.item == row.item and (not item.populations or row.population in item.populations):
            return item
    return None


def express(scenario: Scenario, model: OpinionModel, row: PollRow) -> Expression | str:
    """How the model answers ``row``, or the reason it cannot."""
    item = find_item(scenario, row)
    if item is None:
        return "the scenario has no [[poll_items]] entry for this item"
    if item.unexpressed is not None:
        return item.unexpressed
    known = set(model.ids) | {a for a, _ in model.aggregates}
    if row.population not in known:
        return f"the scenario has no population {row.population!r}"
    if item.package is not None:
        options = dict(scenario.reference(item.package).options)
        options.update(item.changes)
        label = item.package + "".join(f" +{k}={v}" for k, v in sorted(item.changes.items()))
        if row.kind == "principle":
            return Expression("principle", f"{label} (as an idea)", x=model.encode(options))
        return Expression("package", label, x=model.encode(options))
    assert item.component is not None  # checks guarantee exactly one of the three
    issue_id, _, option_id = item.component.partition(".")
    i = model.issue_ids.index(issue_id)
    return Expression(
        "component",
        f"{item.component} vs {item.versus}" + (" (on its own)" if item.standalone else ""),
        issue=i,
        option=model.option_ids[i].index(option_id),
        versus=item.versus,
        context=0.0 if item.standalone else COMPONENT_CONTEXT,
        standalone=item.standalone,
    )


def versus_index(model: OpinionModel, k: int, expr: Expression) -> int:
    """The option a component is weighed against, for constituency ``k``."""
    i = expr.issue
    if expr.versus == "status-quo":
        return int(model.status_quo[i])
    if expr.versus == "best":
        n = len(model.option_ids[i])
        return int(np.argmax(model.groups[k].preferences[i, :n]))
    return model.option_ids[i].index(expr.versus)
