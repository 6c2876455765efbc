"""The issue board: every issue with the text on the table, your last offer, theirs, and its state."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QBrush, QColor, QFontMetrics
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHeaderView,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from negotiator.game.views import SeatView
from negotiator.model.public import PublicScenario
from negotiator.ui import language, style, words
from negotiator.ui.language import bind, tr
from negotiator.ui.viewmodel import IssueRow, issue_rows
from negotiator.ui.widgets import fit_wrapped_rows, header_item

COLUMNS = ("issue", "table", "yours", "theirs", "state")
"""The columns; their headings and tooltips are catalogue entries board.col.<name> and board.col.<name>.tip."""
STATE_COLOURS = {"agreed": style.AGREED, "open": style.OPEN, "blocked": style.BLOCKED}


class IssueBoard(QWidget):
    issue_did_select = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("issue-board")
        self.table = QTableWidget(0, len(COLUMNS))
        self.table.setObjectName("issue-table")
        bind(self.table, "board.name", "setAccessibleName")
        self._headings()
        language.notifier().language_did_change.connect(self._headings)
        self.table.verticalHeader().setVisible(False)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setWordWrap(True)
        self.table.setAlternatingRowColors(True)
        h = self.table.horizontalHeader()
        h.setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        h.setSectionResizeMode(0, QHeaderView.ResizeMode.Interactive)
        h.setSectionResizeMode(4, QHeaderView.ResizeMode.Interactive)
        # Qt's default minimum grows with the font (141 px at 1.3x): columns are sized by their fit instead.
        h.setMinimumSectionSize(32)
        self.table.itemSelectionChanged.connect(self._on_selection)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addWidget(self.table)
        self.rows: list[IssueRow] = []

    def _headings(self) -> None:
        self.table.setHorizontalHeaderLabels([tr(f"board.col.{c}") for c in COLUMNS])
        for k, c in enumerate(COLUMNS):
            header_item(self.table, k).setToolTip(tr(f"board.col.{c}.tip"))

    def show_view(self, scenario: PublicScenario, view: SeatView) -> None:
        self.rows = issue_rows(scenario, view)
        own_points = {i: dict(opts) for i, opts in view.own.points}
        self.table.setRowCount(len(self.rows))
        for r, row in enumerate(self.rows):
            issue = scenario.issue(row.issue_id)
            title = QTableWidgetItem(row.title)
            title.setToolTip(words.text(scenario, f"issues.{issue.id}.description", issue.description))
            title.setData(Qt.ItemDataRole.UserRole, row.issue_id)
            f = title.font()
            f.setBold(True)
            title.setFont(f)
            self.table.setItem(r, 0, title)
            for c, (text, option_id) in enumerate(
                ((row.on_table, row.on_table_id), (row.mine, row.mine_id), (row.theirs, row.theirs_id)),
                start=1,
            ):
                item = QTableWidgetItem(text)
                if option_id is not None:
                    opt = next(o for o in issue.options if o.id == option_id)
                    pts = own_points.get(row.issue_id, {}).get(option_id)
                    tip = words.text(
                        scenario, f"issues.{issue.id}.options.{opt.id}.description", opt.description
                    )
                    if pts is not None:
                        tip += "\n\n" + tr("board.worth", points=f"{pts:.0f}")
                    item.setToolTip(tip)
                self.table.setItem(r, c, item)
            symbol = style.STATE_SYMBOLS[row.state]
            state = QTableWidgetItem(f"{symbol} {tr('board.state.' + row.state)}")
            state.setForeground(QBrush(QColor(STATE_COLOURS[row.state])))
            sf = state.font()
            sf.setBold(True)
            state.setFont(sf)
            state.setToolTip(row.why)
            self.table.setItem(r, 4, state)
        self._fit_columns()

    def _fit_columns(self) -> None:
        """The issue column wide enough for the longest single word of any issue title in the window's language (a
        word that does not fit is cut to "Settlemen…"), the state column for its longest word, both wrapping and
        neither taking more than its share; the texts' columns share the rest. Together they never need more
        than the table's width (a sideways scroll bar hides the state column in a narrow dock)."""
        if not self.rows:
            return
        width = self.table.viewport().width()
        bold = self.table.font()
        bold.setBold(True)
        fm = QFontMetrics(bold)

        def widest(texts: list[str]) -> int:
            return max((fm.horizontalAdvance(word) for t in texts for word in t.split()), default=60)

        issue = min(widest([r.title for r in self.rows]) + 24, int(width * 0.28))
        states = [self.cell_text(r, 4) for r in range(len(self.rows))]
        state_full = max((fm.horizontalAdvance(t) for t in states), default=60) + 24
        state = min(max(state_full, self.table.horizontalHeader().sectionSizeHint(4)), int(width * 0.2))
        state = max(state, min(widest(states) + 24, int(width * 0.25)))
        self.table.setColumnWidth(0, max(issue, 40))
        self.table.setColumnWidth(4, state)
        self.table.resizeRowsToContents()
        fit_wrapped_rows(self.table, (0, 4))

    def resizeEvent(self, event: object) -> None:  # type: ignore[override]
        super().resizeEvent(event)  # type: ignore[arg-type]
        self._fit_columns()

    def _on_selection(self) -> None:
        items = self.table.selectedItems()
        if items:
            row = items[0].row()
            if 0 <= row < len(self.rows):
                self.issue_did_select.emit(self.rows[row].issue_id)

    def cell_text(self, row: int, col: int) -> str:
        item = self.table.item(row, col)
        return item.text() if item else ""
