"""The history log: every move, statement, event and poll, by round, searchable (Ctrl+F)."""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, QRect, QSize, Qt
from PySide6.QtGui import QBrush, QColor, QFontMetrics
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from negotiator.game.views import SeatView
from negotiator.model.schema import Scenario
from negotiator.ui import style
from negotiator.ui.publics_model import group_title
from negotiator.ui.viewmodel import delegation_title, entry_sentence, package_summary

KIND_COLOURS = {
    "event": style.VERMILLION,
    "poll": style.BLUE,
    "statement": style.REDDISH_PURPLE,
    "outcome": style.BLUISH_GREEN,
    "ratification": style.BLUISH_GREEN,
}
KIND_LABELS = {
    "table-proposal": "proposal",
    "counter-propose": "counter",
    "accept": "accept",
    "reject": "reject",
    "statement": "statement",
    "offer-side-terms": "pledge",
    "ask-mediator": "mediator",
    "ask-mediator-note": "mediator",
    "private-message": "private",
    "walk-out": "walk-out",
    "end-turn": "turn",
    "sign": "signature",
    "event": "news",
    "poll": "poll",
    "ratification": "vote",
    "outcome": "outcome",
}
"""The word in the first column: what kind of entry a row is, so the column is never blank."""


class WrapDelegate(QStyledItemDelegate):
    """Row heights that fit the wrapped text of the wide column (Qt's own size hint ignores the column width)."""

    def __init__(self, tree: QTreeWidget) -> None:
        super().__init__(tree)
        self.tree = tree

    def sizeHint(self, option: QStyleOptionViewItem, index: QModelIndex | QPersistentModelIndex) -> QSize:
        base = super().sizeHint(option, index)
        if index.column() != 1:
            return base
        width = max(80, self.tree.columnWidth(1) - 12)
        text = str(index.data() or "")
        rect = QFontMetrics(option.font).boundingRect(
            QRect(0, 0, width, 10_000), int(Qt.TextFlag.TextWordWrap), text
        )
        return QSize(base.width(), max(base.height(), rect.height() + 6))


class HistoryLog(QWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("history")
        self.search = QLineEdit()
        self.search.setObjectName("history-search")
        self.search.setPlaceholderText("Search the record (Ctrl+F)…")
        self.search.setClearButtonEnabled(True)
        self.search.setAccessibleName("Search the history log")
        self.tree = QTreeWidget()
        self.tree.setObjectName("history-tree")
        self.tree.setAccessibleName("History log")
        self.tree.setHeaderLabels(["Round", "What happened"])
        self.tree.setHeaderHidden(True)  # the round rows say it; the panel is short at projector size
        # By pixel, so the newest entries fill the panel from the bottom (per item, the last one sat alone on top).
        self.tree.setVerticalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        self.tree.setWordWrap(True)
        self.tree.setUniformRowHeights(False)
        self.tree.setTextElideMode(Qt.TextElideMode.ElideNone)
        self.tree.setItemDelegateForColumn(1, WrapDelegate(self.tree))
        self.tree.header().sectionResized.connect(lambda *_: self.tree.doItemsLayout())
        self.tree.setColumnWidth(0, self.fontMetrics().horizontalAdvance("Briefing  statement") + 24)
        self.count = QLabel("")
        self.count.setProperty("role", "muted")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        top = QHBoxLayout()  # the count beside the search: every line of height goes to the record itself
        top.addWidget(self.search, 1)
        top.addWidget(self.count)
        layout.addLayout(top)
        layout.addWidget(self.tree, 1)
        self.search.textChanged.connect(self._apply_filter)
        self.lines: list[tuple[int, str, str]] = []

    def show_view(self, scenario: Scenario, view: SeatView) -> None:
        lines: list[
            tuple[int, str, str, list[str]]
        ] = []  # (round, kind, sentence, lines under it: package, poll)
        for e in view.transcript:
            if e.kind in ("end-turn", "ask-mediator-note") and not e.reason:
                continue
            text = entry_sentence(scenario, e.kind, e.seat, e.ref, e.reason)
            package: list[str] = []
            if e.kind in ("table-proposal", "counter-propose"):
                try:
                    p = view.proposal(e.ref)
                    # The package goes under the entry (collapsed): a sixteen-issue text inline made rows taller
                    # than the panel at projector size.
                    package = package_summary(scenario, p.package).split("; ")
                    text += f" ({'partial, ' if p.partial else ''}{len(package)} issues)"
                except KeyError:
                    pass
            if e.audience:
                text = "(private) " + text
            lines.append((e.round, e.kind, text, package))
        ids = [c.id for c in scenario.constituencies]
        for poll in view.polls:
            rows = sorted((r for r in poll.rows if r.group in ids), key=lambda r: ids.index(r.group))
            parts = [f"{group_title(scenario, r.group)} {r.support:.0f}%" for r in rows]
            span = (
                f": support from {min(r.support for r in rows):.0f}% to {max(r.support for r in rows):.0f}%"
                if rows
                else ""
            )
            lines.append((poll.round, "poll", f"Poll on {poll.subject}{span}", parts))
        for v in view.ratification:
            lines.append(
                (
                    view.round,
                    "ratification",
                    f"{delegation_title(scenario, v.delegation)} {v.kind}: "
                    f"{'passed' if v.passed else 'failed'} ({100 * v.share_for:.0f}% for)",
                    [],
                )
            )
        self.lines = [(rnd, kind, text) for rnd, kind, text, _ in lines]
        self.tree.clear()
        rounds: dict[int, QTreeWidgetItem] = {}
        for rnd, kind, text, package in lines:
            parent = rounds.get(rnd)
            if parent is None:
                parent = QTreeWidgetItem(["Briefing" if rnd == 0 else f"Round {rnd}", ""])
                f = parent.font(0)
                f.setBold(True)
                parent.setFont(0, f)
                self.tree.addTopLevelItem(parent)
                rounds[rnd] = parent
            item = QTreeWidgetItem([KIND_LABELS.get(kind, kind), text])
            item.setToolTip(1, text + ("\n\n" + "\n".join(package) if package else ""))
            item.setData(1, Qt.ItemDataRole.UserRole, kind)
            item.setData(
                1, Qt.ItemDataRole.UserRole + 1, " ".join(package).lower()
            )  # searched with the entry
            if kind in KIND_COLOURS:
                item.setForeground(0, QBrush(QColor(KIND_COLOURS[kind])))
            else:
                item.setForeground(0, QBrush(QColor(style.MUTED)))
            for line in package:
                item.addChild(QTreeWidgetItem(["", line]))
            parent.addChild(item)
            parent.setExpanded(True)
        last = self.tree.topLevelItem(self.tree.topLevelItemCount() - 1)
        if last is not None and last.childCount():
            self.tree.scrollToItem(
                last.child(last.childCount() - 1), QAbstractItemView.ScrollHint.PositionAtBottom
            )
        self._apply_filter(self.search.text())

    def _apply_filter(self, text: str) -> None:
        needle = text.strip().lower()
        shown = 0
        for i in range(self.tree.topLevelItemCount()):
            top = self.tree.topLevelItem(i)
            any_child = False
            for j in range(top.childCount()):
                child = top.child(j)
                match = (
                    not needle
                    or needle in child.text(1).lower()
                    or needle in child.text(0).lower()
                    or needle in str(child.data(1, Qt.ItemDataRole.UserRole + 1) or "")
                )
                child.setHidden(not match)
                any_child |= match
                shown += int(match)
            top.setHidden(not any_child)
        total = len(self.lines)
        self.count.setText(f"{shown} of {total} entries" if needle else f"{total} entries")

    def visible_texts(self) -> list[str]:
        out = []
        for i in range(self.tree.topLevelItemCount()):
            top = self.tree.topLevelItem(i)
            for j in range(top.childCount()):
                if not top.child(j).isHidden():
                    out.append(top.child(j).text(1))
        return out
