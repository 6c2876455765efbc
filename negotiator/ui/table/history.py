"""The history log: every move, statement, event and poll, by round, searchable (Ctrl+F).

Every line is a catalogue message rendered in the panel's language (``lang``): the record stores ids and arguments,
so a game started in English reads in Hebrew or Arabic too. Text aligns to the leading edge (Qt's default for item
views follows the layout direction; nothing here says left or right)."""

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

from negotiator.game.sentences import entry_message
from negotiator.game.views import SeatView
from negotiator.model.names import ScenarioNames
from negotiator.model.public import PublicScenario
from negotiator.text import Message, delegation, group, render
from negotiator.ui import language, style
from negotiator.ui.viewmodel import package_summary

KIND_COLOURS = {
    "event": style.VERMILLION,
    "poll": style.BLUE,
    "statement": style.REDDISH_PURPLE,
    "outcome": style.BLUISH_GREEN,
    "ratification": style.BLUISH_GREEN,
}
KIND_LABELS = (
    "table-proposal",
    "counter-propose",
    "accept",
    "reject",
    "statement",
    "offer-side-terms",
    "ask-mediator",
    "ask-mediator-note",
    "private-message",
    "walk-out",
    "end-turn",
    "sign",
    "event",
    "poll",
    "ratification",
    "outcome",
)
"""Kinds with a word for the first column (``kind.<kind>`` in the catalogues): what kind of entry a row is, so the
column is never blank."""


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
        self.lang = language.catalogue_language()
        self.search.setClearButtonEnabled(True)
        self.tree = QTreeWidget()
        self.tree.setObjectName("history-tree")
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
        self.names: ScenarioNames | None = None
        self.set_language(self.lang)
        language.notifier().language_did_change.connect(self._on_language_changed)

    def _on_language_changed(self) -> None:
        self.set_language(language.catalogue_language())

    def set_language(self, lang: str) -> None:
        """Words of the panel in ``lang`` (the record itself follows at the next :meth:`show_view`)."""
        self.lang = lang
        self.search.setPlaceholderText(self._say(Message("history.search")))
        self.search.setAccessibleName(self._say(Message("history.search.name")))
        self.tree.setAccessibleName(self._say(Message("history.tree.name")))

    def _say(self, message: Message) -> str:
        return render(message, self.lang, self.names)

    def show_view(self, scenario: PublicScenario, view: SeatView) -> None:
        self.names = ScenarioNames(scenario)
        say = self._say
        lines: list[
            tuple[int, str, str, list[str]]
        ] = []  # (round, kind, sentence, lines under it: package, poll)
        for e in view.transcript:
            if e.kind in ("end-turn", "ask-mediator-note") and not e.reason:
                continue
            line = entry_message(e.kind, e.seat, e.ref, e.reason)
            package: list[str] = []
            if e.kind in ("table-proposal", "counter-propose"):
                try:
                    p = view.proposal(e.ref)
                    # The package goes under the entry (collapsed): a sixteen-issue text inline made rows taller
                    # than the panel at projector size.
                    package = package_summary(scenario, p.package).split("; ")
                    size = "history.proposal-size.partial" if p.partial else "history.proposal-size"
                    line = Message.of(size, line=line, n=len(package))
                except KeyError:
                    pass
            if e.audience:
                line = Message.of("history.private", line=line)
            lines.append((e.round, e.kind, say(line), package))
        ids = [c.id for c in scenario.constituencies]
        for poll in view.polls:
            rows = sorted((r for r in poll.rows if r.group in ids), key=lambda r: ids.index(r.group))
            parts = [
                say(Message.of("history.poll.group", group=group(r.group), support=r.support)) for r in rows
            ]
            if rows:
                head = Message.of(
                    "history.poll",
                    subject=poll.subject,
                    low=min(r.support for r in rows),
                    high=max(r.support for r in rows),
                )
            else:
                head = Message.of("history.poll.empty", subject=poll.subject)
            lines.append((poll.round, "poll", say(head), parts))
        for v in view.ratification:
            vote = Message.of(
                "history.ratification",
                who=delegation(v.delegation),
                vote=Message(f"vote.{v.kind}"),
                result=Message("vote.passed" if v.passed else "vote.failed"),
                share=100 * v.share_for,
            )
            lines.append((view.round, "ratification", say(vote), []))
        self.lines = [(rnd, kind, text) for rnd, kind, text, _ in lines]
        self.tree.clear()
        rounds: dict[int, QTreeWidgetItem] = {}
        for rnd, kind, text, package in lines:
            parent = rounds.get(rnd)
            if parent is None:
                title = Message("history.briefing") if rnd == 0 else Message.of("history.round", round=rnd)
                parent = QTreeWidgetItem([say(title), ""])
                f = parent.font(0)
                f.setBold(True)
                parent.setFont(0, f)
                self.tree.addTopLevelItem(parent)
                rounds[rnd] = parent
            item = QTreeWidgetItem([say(Message(f"kind.{kind}")) if kind in KIND_LABELS else kind, text])
            item.setToolTip(1, text + ("\n\n" + "\n".join(package) if package else ""))
            item.setData(1, Qt.ItemDataRole.UserRole, kind)
            item.setData(
                1, Qt.ItemDataRole.UserRole + 1, " ".join(package).lower()
            )  # searched with the entry
            if kind in KIND_COLOURS:
                item.setForeground(0, QBrush(QColor(KIND_COLOURS[kind])))
            else:
                item.setForeground(0, QBrush(QColor(style.MUTED)))
            for clause in package:
                item.addChild(QTreeWidgetItem(["", clause]))
            parent.addChild(item)
            parent.setExpanded(True)
        last = self.tree.topLevelItem(self.tree.topLevelItemCount() - 1)
        bottom = last.child(last.childCount() - 1) if last is not None and last.childCount() else None
        if bottom is not None:
            self.tree.scrollToItem(bottom, QAbstractItemView.ScrollHint.PositionAtBottom)
        self._apply_filter(self.search.text())

    def _apply_filter(self, text: str) -> None:
        needle = text.strip().lower()
        shown = 0
        for i in range(self.tree.topLevelItemCount()):
            top = self.tree.topLevelItem(i)
            if top is None:
                continue
            any_child = False
            for j in range(top.childCount()):
                child = top.child(j)
                if child is None:
                    continue
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
        self.count.setText(
            self._say(
                Message.of("history.count.filtered", shown=shown, n=total)
                if needle
                else Message.of("history.count", n=total)
            )
        )

    def visible_texts(self) -> list[str]:
        out: list[str] = []
        for i in range(self.tree.topLevelItemCount()):
            top = self.tree.topLevelItem(i)
            children = [top.child(j) for j in range(top.childCount())] if top is not None else []
            out.extend(c.text(1) for c in children if c is not None and not c.isHidden())
        return out
