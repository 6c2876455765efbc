"""A table over a list of records in the scenario (events, reference packages, sources): edit fields in cells,
duplicate or remove a record. Every cell edit is one undoable change of the editor's document.

Cells hold text; a column's kind turns it into what the file holds (``int``, ``float``, ``bool``, ``ids`` a
comma-separated list, ``option`` a package's option for one issue). Anything that does not convert is written as
typed, so the scenario check says what is wrong with it, next to the field, as for every other problem.
"""

from __future__ import annotations

import copy
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import tomlkit
from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QFont, QFontMetrics, QResizeEvent, QShowEvent
from PySide6.QtWidgets import QHBoxLayout, QTableWidget, QTableWidgetItem, QVBoxLayout, QWidget
from tomlkit.items import AoT

from negotiator.text import Message
from negotiator.ui import style
from negotiator.ui.console.overview import share_width, two_lines
from negotiator.ui.layout_check import SCROLLS_SIDEWAYS
from negotiator.ui.widgets import button, fit_wrapped_rows, para
from negotiator.ui.words import tr


@dataclass(frozen=True)
class Column:
    field: str
    title: str
    kind: str = "text"
    tip: str = ""
    """What the column holds, in full (the header's tooltip)."""
    """``text``, ``int``, ``float``, ``bool``, ``ids`` (comma-separated), ``list`` (texts separated by ``|``),
    ``when`` (``issue=option, issue=option``) or ``option`` (``field`` is then the issue id)."""


def to_cell(record: Any, col: Column) -> str:
    if col.kind == "option":
        return str(record.get("options", {}).get(col.field, ""))
    value = record.get(col.field)
    if value is None:
        return ""
    if col.kind == "ids":
        return ", ".join(str(v) for v in value)
    if col.kind == "list":
        return " | ".join(str(v) for v in value)
    if col.kind == "when":
        return ", ".join(f"{k}={v}" for k, v in value.items())
    if col.kind == "bool":
        return "yes" if value else "no"
    return str(value)


def from_cell(text: str, kind: str) -> Any:
    t = text.strip()
    try:
        if kind == "int":
            return int(t)
        if kind == "float":
            return float(t)
    except ValueError:
        return t
    if kind == "bool":
        return {"yes": True, "no": False, "true": True, "false": False}.get(t.lower(), t)
    if kind == "when":
        when = tomlkit.inline_table()
        for part in t.split(","):
            k, _, v = part.partition("=")
            if k.strip():
                when[k.strip()] = v.strip()
        return when
    if kind in ("ids", "list"):
        items = tomlkit.array()
        items.extend(x.strip() for x in t.split("," if kind == "ids" else "|") if x.strip())
        return items
    return t


class SharedWidthTable(QTableWidget):
    """A record table that never scrolls sideways: its columns share its width (the widest give way first and their
    text wraps; every cell's whole text is its tooltip), its rows as tall as their wrapped text; fitted again when
    the window is resized (at 1280x800 with large text the red lines' and questions' tables scrolled sideways)."""

    grow: tuple[int, ...] = ()
    """The columns that take the width left over (default: the last)."""

    def fit(self) -> None:
        if not self.columnCount():
            return
        if self.property(SCROLLS_SIDEWAYS) is True:  # each column its contents' width, up to a readable cap
            self.resizeColumnsToContents()
            for c in range(self.columnCount()):
                self.setColumnWidth(c, min(self.columnWidth(c), 240))
        else:
            share_width(self, grow=self.grow or (self.columnCount() - 1,))
            self._squeeze()
        self.resizeRowsToContents()
        fit_wrapped_rows(self, tuple(range(self.columnCount())))

    def _squeeze(self) -> None:
        """When even the longest words do not fit (a source's URL is one word), every column gives way in proportion
        to what it has beyond its heading's width: a cut word is elided and its cell's tooltip holds it whole."""
        bar = self.verticalScrollBar().sizeHint().width()
        room = self.viewport().width() - (0 if self.verticalScrollBar().isVisible() else bar) - 2
        widths = [self.columnWidth(c) for c in range(self.columnCount())]
        if sum(widths) <= room or room <= 0:
            return
        bold = QFont(self.horizontalHeader().font())
        bold.setBold(True)
        metrics = QFontMetrics(bold)
        least = []
        for c in range(self.columnCount()):
            head = self.horizontalHeaderItem(c)
            lines = head.text().split("\n") if head is not None else []
            least.append(max((metrics.horizontalAdvance(line) for line in lines), default=0) + 24)
        over = sum(widths) - room
        give = [max(0, w - low) for w, low in zip(widths, least, strict=True)]
        spare = sum(give)
        for c, (w, g) in enumerate(zip(widths, give, strict=True)):
            self.setColumnWidth(c, w - (over * g + spare - 1) // spare if spare else w)

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self.fit()

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        self.fit()


class RecordsTab(QWidget):
    """Rows are the records of ``key`` (an array of tables); columns from ``columns(doc)``."""

    edit_did_request = Signal(object, object)  # (undo label: a Message, change function)

    def __init__(
        self,
        key: str,
        noun: Message,
        note: str,
        columns: Callable[[Any], list[Column]],
        *,
        records: Callable[..., Any] | None = None,
        path: Callable[[], str] | None = None,
        make: Callable[[Any], Any] | None = None,
    ) -> None:
        """``records(doc, create)`` finds the array (default ``doc[key]``; ``None`` when absent, made empty when
        ``create``), ``path()`` its path in problem lines (default ``key``), ``make(doc)`` a new record for the Add
        button (no Add button without it). Showing the records never changes the document."""
        super().__init__()
        self.key, self.noun, self.columns_of = key, noun, columns
        self.records_of = records or (
            lambda d, create=False: d.setdefault(key, tomlkit.aot()) if create else d.get(key)
        )
        self.path_of = path or (lambda: key)
        self.make = make
        self.setObjectName(f"records-{key}")
        self._loading = False
        lay = QVBoxLayout(self)
        lay.addWidget(para(note, role="muted"))
        self.table = SharedWidthTable()
        self.table.setObjectName(f"table-{key}")
        if (
            key == "packages"
        ):  # a column per issue (23 in confederation): read sideways, one readable column each
            self.table.setProperty(SCROLLS_SIDEWAYS, True)
        self.table.setWordWrap(True)
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.itemChanged.connect(self._on_item_changed)
        lay.addWidget(self.table, 1)
        row = QHBoxLayout()
        self.add = button(tr(f"editor.{key}.add"), name=f"add-{key}")
        self.add.clicked.connect(self._on_add)
        self.add.setVisible(make is not None)
        row.addWidget(self.add)
        self.duplicate = button(tr(f"editor.{key}.duplicate"), name=f"duplicate-{key}")
        self.duplicate.clicked.connect(self._on_duplicate)
        self.remove = button(tr(f"editor.{key}.remove"), name=f"remove-{key}")
        self.remove.clicked.connect(self._on_remove)
        row.addWidget(self.duplicate)
        row.addWidget(self.remove)
        row.addStretch(1)
        lay.addLayout(row)
        self.columns: list[Column] = []

    def fill(self, doc: Any, problem_paths: set[str]) -> None:
        self._loading = True
        try:
            found = self.records_of(doc) if self.path_of() else []
            records = list(found) if found is not None else []
            self.columns = self.columns_of(doc)
            self.table.setColumnCount(len(self.columns))
            # a long heading on two lines, so an empty table's headings alone do not make it scroll sideways
            self.table.setHorizontalHeaderLabels([two_lines(c.title) for c in self.columns])
            for c, col in enumerate(self.columns):
                head = self.table.horizontalHeaderItem(c)
                if head is not None and col.tip:
                    head.setToolTip(col.tip)
            self.table.setRowCount(len(records))
            for r, rec in enumerate(records):
                rid = str(rec.get("id", rec.get("issue", r)))
                for c, col in enumerate(self.columns):
                    item = QTableWidgetItem(to_cell(rec, col))
                    item.setToolTip(item.text())  # a long text is elided in its cell, read whole here
                    item.setData(Qt.ItemDataRole.UserRole, r)
                    sub = f".options.{col.field}" if col.kind == "option" else f".{col.field}"
                    path = f"{self.path_of()}[{rid}]{sub}"
                    if any(
                        p == path or p.startswith(path + ".") or p.startswith(path + "[")
                        for p in problem_paths
                    ):
                        item.setBackground(style.qcolor(style.VERMILLION, 60))
                    self.table.setItem(r, c, item)
            self.table.fit()
        finally:
            self._loading = False

    def select(self, record_id: str, field: str | None) -> None:
        for r in range(self.table.rowCount()):
            id_col = next((c for c, col in enumerate(self.columns) if col.field == "id"), 0)
            cell = self.table.item(r, id_col)
            if cell is not None and cell.text() == record_id:
                col = next((c for c, x in enumerate(self.columns) if x.field == field), id_col)
                self.table.setCurrentCell(r, col)
                self.table.setFocus()
                return

    def _on_item_changed(self, item: QTableWidgetItem) -> None:
        if self._loading:
            return
        r, col = int(item.data(Qt.ItemDataRole.UserRole)), self.columns[item.column()]
        value = from_cell(item.text(), col.kind)
        records = self.records_of

        def set_field(d: Any) -> None:
            rec = records(d)[r]
            if col.kind == "option":
                rec.setdefault("options", tomlkit.inline_table())[col.field] = value
            elif col.kind == "when":
                rec["when"] = value
            elif (value == "" or (col.kind in ("ids", "list") and not value)) and col.field not in (
                "id",
                "title",
            ):
                rec.pop(col.field, None)  # an emptied optional field goes back to its default
            else:
                rec[col.field] = value

        self.edit_did_request.emit(
            Message.of("editor.u.record-field", record=self.noun, field=col.title.lower()), set_field
        )

    def _on_duplicate(self) -> None:
        r = self.table.currentRow()
        if r < 0:
            return
        records = self.records_of

        def dup(d: Any) -> None:
            rec = copy.deepcopy(records(d)[r])
            if "id" not in rec:
                records(d).append(rec)
                return
            ids = {str(x.get("id")) for x in records(d)}
            base, k = f"{rec['id']}-copy", 1
            new_id = base
            while new_id in ids:
                k += 1
                new_id = f"{base}-{k}"
            rec["id"] = new_id
            records(d).append(rec)

        self.edit_did_request.emit(Message.of("editor.u.duplicate", record=self.noun), dup)

    def _on_remove(self) -> None:
        r = self.table.currentRow()
        if r < 0:
            return
        records = self.records_of
        self.edit_did_request.emit(
            Message.of("editor.u.remove", record=self.noun), lambda d: records(d).__delitem__(r)
        )

    def _on_add(self) -> None:
        if self.make is None:
            return
        make, records = self.make, self.records_of

        def add(d: Any) -> None:
            container = records(d, True)
            # The same style as its neighbours: a table in an array of tables, an inline table in an inline array.
            rec = tomlkit.table() if isinstance(container, AoT) else tomlkit.inline_table()
            rec.update(make(d))
            container.append(rec)

        self.edit_did_request.emit(Message.of("editor.u.add", record=self.noun), add)


def question_columns(_doc: Any) -> list[Column]:
    return [
        Column("id", tr("editor.q.id")),
        Column("text", tr("editor.q.text")),
        Column("kind", tr("editor.q.kind")),
        Column("options", tr("editor.q.options"), "list"),
        Column("low", tr("editor.q.low")),
        Column("high", tr("editor.q.high")),
        Column("when", tr("editor.q.when"), "ids"),
    ]


def event_columns(_doc: Any) -> list[Column]:
    return [
        Column("id", tr("editor.col.id")),
        Column("title", tr("editor.col.title")),
        Column("text", tr("editor.col.text")),
        Column("kind", tr("editor.col.kind"), tip=tr("editor.col.kind.tip")),
        Column("weight", tr("editor.col.weight"), "float"),
        Column("earliest_round", tr("editor.col.earliest"), "int"),
        Column("once", tr("editor.col.once"), "bool", tr("editor.col.once.tip")),
    ]


def package_columns(doc: Any) -> list[Column]:
    cols = [
        Column("id", tr("editor.col.id")),
        Column("title", tr("editor.col.title")),
        Column("year", tr("editor.col.year"), "int"),
        Column("description", tr("editor.issue.description")),
        Column("sources", tr("editor.package.sources"), "ids"),
    ]
    return cols + [
        Column(str(i.get("id")), str(i.get("title", i.get("id"))), "option") for i in doc.get("issues", [])
    ]


def source_columns(_doc: Any) -> list[Column]:
    return [
        Column("id", tr("editor.col.id")),
        Column("title", tr("editor.col.title")),
        Column("publisher", tr("editor.col.publisher")),
        Column("year", tr("editor.col.year"), "int"),
        Column("url", tr("editor.col.url")),
        Column("note", tr("editor.col.note")),
    ]


def red_line_columns(_doc: Any) -> list[Column]:
    return [
        Column("issue", tr("editor.col.issue-id")),
        Column("options", tr("editor.col.never"), "ids"),
        Column("why", tr("editor.col.why")),
        Column("says", tr("editor.red-line.says"), tip=tr("editor.red-line.says.tip")),
    ]


def interaction_columns(_doc: Any) -> list[Column]:
    return [
        Column("when", tr("editor.interaction.when"), "when", tr("editor.interaction.when.tip")),
        Column("points", tr("editor.col.plus-minus"), "float"),
        Column("why", tr("editor.col.why")),
    ]


def effect_columns(_doc: Any) -> list[Column]:
    return [
        Column("target", tr("editor.col.target")),
        Column("mood", tr("editor.col.mood"), "float"),
        Column("trust_own", tr("editor.col.trust-own"), "float"),
        Column("trust_other", tr("editor.col.trust-other"), "float"),
    ]
