"""The class at a glance: one row per table (standing, the text on the table against each principal's walk-away,
the gap to the frontier, the publics, who is connected, alerts), refreshed from the host's overview."""

from __future__ import annotations

from PySide6.QtCore import QItemSelectionModel, Qt, Signal
from PySide6.QtGui import QBrush, QFont, QFontMetrics, QResizeEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from negotiator.game.sentences import outcome_message
from negotiator.model.names import ScenarioNames
from negotiator.model.schema import Scenario
from negotiator.net.protocol import TableRow
from negotiator.text import delegation
from negotiator.ui import style
from negotiator.ui.console.words import alert_words, paradigm_words, phase_words, say
from negotiator.ui.widgets import button, heading, para

COLUMNS: tuple[str, ...] = (
    "console.col.table",
    "console.col.stage",
    "console.col.turn",
    "console.col.time",
    "console.col.text",
    "console.col.first",
    "console.col.second",
    "console.col.gap",
    "console.col.support",
    "console.col.connected",
    "console.col.alerts",
)


class OverviewPage(QWidget):
    """Every table in one grid. ``table_did_open(n)``: the trainer wants table n in depth."""

    table_did_open = Signal(int)
    pause_all_did_request = Signal(bool)
    debrief_did_request = Signal()

    def __init__(
        self, scenario: Scenario, room_line: str, lang: str = "en", parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setObjectName("console-overview")
        self.scenario, self.lang = scenario, lang
        self.names = ScenarioNames(scenario)
        self.rows: list[TableRow] = []
        layout = QVBoxLayout(self)
        top = QHBoxLayout()
        top.addWidget(heading(say("console.overview.title", lang), role="title"), 1)
        self.room_label = para(room_line)
        self.room_label.setObjectName("console-room")
        top.addWidget(self.room_label)
        layout.addLayout(top)
        self.grid = QTableWidget(0, len(COLUMNS))
        self.grid.setObjectName("console-grid")
        self.grid.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.grid.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.grid.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.grid.verticalHeader().setVisible(False)
        self.grid.setWordWrap(True)
        header = self.grid.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setStretchLastSection(True)
        self._set_headers()
        layout.addWidget(self.grid, 1)
        buttons = QHBoxLayout()
        self.pause_button = button(say("console.pause-all", lang), name="console-pause-all")
        self.resume_button = button(say("console.resume-all", lang), name="console-resume-all")
        self.open_button = button(say("console.open-table", lang), primary=True, name="console-open-table")
        self.debrief_button = button(say("console.debrief", lang), name="console-debrief")
        for b in (self.pause_button, self.resume_button):
            buttons.addWidget(b)
        buttons.addStretch(1)
        buttons.addWidget(self.debrief_button)
        buttons.addWidget(self.open_button)
        layout.addLayout(buttons)
        self.pause_button.clicked.connect(lambda: self.pause_all_did_request.emit(True))
        self.resume_button.clicked.connect(lambda: self.pause_all_did_request.emit(False))
        self.debrief_button.clicked.connect(self.debrief_did_request.emit)
        self.open_button.clicked.connect(self._open_selected)
        self.grid.cellDoubleClicked.connect(lambda row, _col: self._open_row(row))

    def title(self, seat: str | None) -> str:
        return self.names.name(delegation(seat), self.lang) if seat else "—"

    def _set_headers(self) -> None:
        from negotiator.game.analytics import principals_of

        first, second = principals_of(self.scenario)
        words = []
        for mid in COLUMNS:
            if mid == "console.col.first":
                words.append(self.title(first))
            elif mid == "console.col.second":
                words.append(self.title(second))
            else:
                words.append(say(mid, self.lang))
        self.grid.setHorizontalHeaderLabels([two_lines(w) for w in words])
        for col in (COLUMNS.index("console.col.first"), COLUMNS.index("console.col.second")):
            item = self.grid.horizontalHeaderItem(col)
            if item is not None:
                item.setToolTip(say("console.col.points-short", self.lang))

    def _open_selected(self) -> None:
        rows = self.grid.selectionModel().selectedRows()
        self._open_row(rows[0].row() if rows else 0)

    def _open_row(self, row: int) -> None:
        if 0 <= row < len(self.rows):
            self.table_did_open.emit(self.rows[row].table)

    def cells(self, r: TableRow) -> list[str]:
        """The words of one table's row (tests read them)."""
        lang = self.lang
        stage = say(
            "console.stage", lang, progress=f"{r.round}/{r.rounds_total}", phase=phase_words(r.phase, lang)
        )
        if r.result is not None:
            stage = phase_words("outcome", lang)
        turn = say("console.paused", lang) if r.paused else self.title(r.turn)
        if r.result is not None:
            clock = "—"
        elif r.time_left is None:
            clock = say("console.idle-for", lang, seconds=int(r.idle))
        else:
            clock = say("console.time-left", lang, seconds=int(r.time_left))
        text = say("console.text-by", lang, text=r.text_id, who=self.title(r.text_by)) if r.text_id else "—"
        points = []
        for p in r.principals[:2]:
            if p.points is None:
                points.append(say("console.walk-away", lang, points=f"{p.walk_away:.0f}"))
            else:
                points.append(
                    say("console.vs-walk-away", lang, points=f"{p.points:.1f}", walk=f"{p.walk_away:.0f}")
                )
        while len(points) < 2:
            points.append("—")
        gap = "—" if r.frontier_gap is None else f"{r.frontier_gap:.1f}"
        support = " / ".join("—" if p.support is None else f"{p.support:.0f}%" for p in r.principals[:2])
        connected = "\n".join(
            f"{self.title(seat)}: {', '.join(names) if names else '—'}" for seat, names in r.connected.items()
        )
        ai = [self.title(s) for s, by in r.played_by.items() if by == "ai" and s in r.connected]
        if ai:
            connected += "\n" + say("console.ai-plays", lang, who=", ".join(ai))
        alerts = "; ".join(
            alert_words(a, lang, self.title(a.split(":", 1)[1]) if ":" in a else "") for a in r.alerts
        )
        if r.result is not None:
            alerts = (alerts + "; " if alerts else "") + say(
                "console.result",
                lang,
                result=outcome_message(r.result),
                paradigm=paradigm_words(r.paradigm, self.lang),
            )
        return [str(r.table), stage, turn, clock, text, *points, gap, support, connected, alerts]

    def refresh(self, rows: list[TableRow]) -> None:
        selected = self.grid.currentRow()
        self.rows = rows
        self.grid.setRowCount(len(rows))
        warn = QBrush(style.qcolor(style.WARN, 60))
        for i, r in enumerate(rows):
            for j, text in enumerate(self.cells(r)):
                item = self.grid.item(i, j)
                if item is None:
                    item = QTableWidgetItem()
                    self.grid.setItem(i, j, item)
                if item.text() != text:
                    item.setText(text)
                item.setBackground(warn if r.alerts and r.result is None else QBrush())
                item.setTextAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeading)
        if 0 <= selected < len(rows):
            select_row(self.grid, selected)
        self._fit()

    def _fit(self) -> None:
        """Share the width out so the row fits without scrolling sideways (a projector at 1280x800 with large text):
        the connected names and the alerts take what is left and wrap."""
        grid = self.grid
        share_width(grid, grow=(grid.columnCount() - 2, grid.columnCount() - 1))
        grid.resizeRowsToContents()

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        if self.rows:
            self._fit()


def fit_columns(grid: QTableWidget, cap: int, keep: int = 1) -> None:
    """Each column its contents' width up to ``cap``, never narrower than its header's longest line (the last
    ``keep`` columns are left to the caller)."""
    grid.resizeColumnsToContents()
    bold = QFont(grid.horizontalHeader().font())
    bold.setBold(True)
    metrics = QFontMetrics(bold)
    for col in range(grid.columnCount() - keep):
        item = grid.horizontalHeaderItem(col)
        lines = item.text().split("\n") if item is not None else []
        least = max((metrics.horizontalAdvance(line) for line in lines), default=0) + 24
        grid.setColumnWidth(col, max(min(grid.columnWidth(col), cap), least))


def share_width(grid: QTableWidget, grow: tuple[int, ...]) -> None:
    """Column widths that add up to the grid's width, so it never scrolls sideways: each column its contents'
    width, never narrower than its header's longest line or its longest word; when that is too wide, the widest
    columns give way first (their text wraps); what is left over goes to the ``grow`` columns."""
    # the header's own least section size follows its font (141 px in Arabic at x1.3): it must not overrule ours
    grid.horizontalHeader().setMinimumSectionSize(24)
    grid.resizeColumnsToContents()
    bar = grid.verticalScrollBar().sizeHint().width()  # kept free: rows may grow a vertical scroll bar
    room = grid.viewport().width() - (0 if grid.verticalScrollBar().isVisible() else bar) - 2
    metrics = grid.fontMetrics()
    bold = QFont(grid.horizontalHeader().font())
    bold.setBold(True)
    header_metrics = QFontMetrics(bold)
    want, least = [], []
    for col in range(grid.columnCount()):
        item = grid.horizontalHeaderItem(col)
        lines = item.text().split("\n") if item is not None else []
        low = max((header_metrics.horizontalAdvance(line) for line in lines), default=0) + 24
        for row in range(grid.rowCount()):
            cell = grid.item(row, col)
            if cell is not None:
                words = cell.text().split()
                low = max(low, max((metrics.horizontalAdvance(w) for w in words), default=0) + 12)
        least.append(low)
        want.append(max(grid.columnWidth(col), low))
    if sum(want) > room:
        # the largest ceiling under which every column still fits (the wide ones wrap to it)
        lo, hi = 0, max(want)
        while hi - lo > 1:
            mid = (lo + hi) // 2
            if sum(max(a, min(w, mid)) for a, w in zip(least, want, strict=True)) <= room:
                lo = mid
            else:
                hi = mid
        widths = [max(a, min(w, lo)) for a, w in zip(least, want, strict=True)]
    else:
        widths = list(want)
        spare = room - sum(widths)
        for col in grow:
            widths[col] += spare // len(grow)
    for col, width in enumerate(widths):
        grid.setColumnWidth(col, width)


def two_lines(text: str) -> str:
    """A long header on two lines, broken at the space nearest its middle (a header does not wrap by itself)."""
    if "\n" in text or len(text) <= 12 or " " not in text:
        return text
    middle = len(text) // 2
    spaces = [i for i, ch in enumerate(text) if ch == " "]
    cut = min(spaces, key=lambda i: abs(i - middle))
    return text[:cut] + "\n" + text[cut + 1 :]


def select_row(grid: QTableWidget, row: int) -> None:
    """Select ``row`` whole, in either direction: ``QTableView.selectRow`` selects nothing in a right-to-left layout
    (Qt 6), so this goes through the selection model (as the publics panel does)."""
    flags = QItemSelectionModel.SelectionFlag.ClearAndSelect | QItemSelectionModel.SelectionFlag.Rows
    grid.setCurrentCell(row, 0, flags)
