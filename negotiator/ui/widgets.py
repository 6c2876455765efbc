"""Small widgets every screen uses: headings, cards, a points bar against a walk-away line, and helpers.

Every number shown goes through :func:`number_label` or carries a tooltip set by the caller: players must be able to
ask any figure what it means.
"""

from __future__ import annotations

from PySide6.QtCore import QRect, QRectF, QSize, Qt
from PySide6.QtGui import QFontMetrics, QFontMetricsF, QPainter, QPen, QResizeEvent
from PySide6.QtWidgets import (
    QFrame,
    QLabel,
    QLayout,
    QPushButton,
    QSizePolicy,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from negotiator.ui import style, words
from negotiator.ui.words import tr


def reflow(text: str) -> str:
    """Scenario text is wrapped by hand in the TOML file; join its lines so Qt can wrap to the window's width."""
    paragraphs = [
        " ".join(line.strip() for line in block.splitlines() if line.strip())
        for block in text.strip().split("\n\n")
    ]
    return "\n\n".join(p for p in paragraphs if p)


def heading(text: str, role: str = "heading") -> QLabel:
    label = QLabel(text)
    label.setProperty("role", role)
    label.setWordWrap(True)
    label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    return label


def para(text: str, role: str = "", selectable: bool = True) -> QLabel:
    label = QLabel(reflow(text) if "<" not in text else text)
    label.setWordWrap(True)
    if role:
        label.setProperty("role", role)
    if selectable:
        label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    return label


def number_label(text: str, tooltip: str) -> QLabel:
    """A figure with its explanation as tooltip (every number in the game has one)."""
    label = QLabel(text)
    label.setToolTip(tooltip)
    label.setAccessibleDescription(tooltip)
    return label


def button(text: str, tooltip: str = "", primary: bool = False, name: str = "") -> QPushButton:
    b = QPushButton(text)
    if tooltip:
        b.setToolTip(tooltip)
    if primary:
        b.setProperty("role", "primary")
        b.setDefault(False)
    if name:
        b.setObjectName(name)
    return b


class Card(QFrame):
    """A white panel with a border, holding a vertical layout."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setProperty("role", "card")
        self.body = QVBoxLayout(self)
        self.body.setContentsMargins(14, 12, 14, 12)
        self.body.setSpacing(8)


class WrappingHolder(QWidget):
    """The widget inside a vertically scrolling area whose layout holds word-wrapped labels.

    A scroll area sizes its widget from the minimum size hint, which ignores height-for-width: a wrapped label
    at the width it actually gets may need more lines than the hint allows, and its text is cut (seen on the
    start screen's seats in Hebrew at font scale 1.3). This holder asks its layout for the height at its real
    width whenever that width changes.
    """

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        lay = self.layout()
        if lay is not None and lay.hasHeightForWidth():
            need = lay.totalHeightForWidth(self.width())
            if need != self.minimumHeight():
                self.setMinimumHeight(need)


class PointsBar(QWidget):
    """A horizontal bar 0-100 showing points, with the walk-away value marked as a line and said in words.

    Colour follows :func:`style.points_colour`, and the text repeats the verdict ("above your walk-away"), so the
    meaning never rests on colour alone.
    """

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.points: float | None = None
        self.walk_away: float | None = None
        self.label = ""
        self.uncertain = False
        self.setMinimumHeight(30)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)

    def sizeHint(self) -> QSize:
        return QSize(260, max(30, int(style.font().pointSizeF() * 2.6)))

    def set_value(
        self, points: float | None, walk_away: float | None, label: str = "", uncertain: bool = False
    ) -> None:
        self.points, self.walk_away, self.label, self.uncertain = points, walk_away, label, uncertain
        if points is None:
            self.setToolTip(tr("bar.unknown", label=label))
        else:
            tip = tr("bar.points", label=label, points=f"{points:.1f}")
            if walk_away is not None:
                tip += tr(
                    "bar.above" if points >= walk_away else "bar.below",
                    walk=f"{walk_away:.1f}",
                    margin=f"{abs(points - walk_away):.1f}",
                )
            if uncertain:
                tip += tr("bar.estimate")
            self.setToolTip(tip)
        self.update()

    def _bar_rect(self) -> QRectF:
        return QRectF(self.rect()).adjusted(1, 3, -1, -3)

    def marker_x(self) -> float | None:
        """Where the walk-away line is drawn (widget pixels), or ``None`` without a walk-away value."""
        if self.walk_away is None:
            return None
        r = self._bar_rect()
        return r.left() + r.width() * max(0.0, min(1.0, self.walk_away / 100.0))

    def _texts(self) -> list[str]:
        """The label, longest first: the verdict in words, then only its mark (the tooltip and the words under the
        bar always say it in full)."""
        head = self.label
        if self.points is None:
            return [f"{head}  ?"]
        head += "  " + words.iso(f"{'≈' if self.uncertain else ''}{self.points:.0f}")
        if self.walk_away is None:
            return [head]
        above = self.points >= self.walk_away
        return [
            head + "  " + tr("bar.above-walk-away" if above else "bar.below-walk-away"),
            head + ("  ✔" if above else "  ✖"),
        ]

    def text_layout(self) -> tuple[str, QRectF, bool]:
        """(text, where it is drawn, whether it needs a backing): the text never runs across the walk-away line.

        It starts at the left; if the line falls inside it, it moves just right of the line, or ends just left of
        it, or takes the shorter wording; only when nothing fits (a very narrow bar) is it drawn on a backing that
        hides the line beneath it.
        """
        r = self._bar_rect()
        fm = QFontMetricsF(style.font(0.85, bold=True))
        x = self.marker_x()
        gap = 6.0
        texts = self._texts()
        for text in texts:
            w = fm.horizontalAdvance(text) + 2
            starts = [r.left() + 8]
            if x is not None:
                starts += [x + gap + 2, x - gap - w]
            for left in starts:
                rect = QRectF(left, r.top(), w, r.height())
                if rect.left() < r.left() + 4 or rect.right() > r.right() - 4:
                    continue
                if x is None or x < rect.left() - gap or x > rect.right() + gap:
                    return text, rect, False
        text = texts[-1]
        return text, QRectF(r.left() + 8, r.top(), fm.horizontalAdvance(text) + 2, r.height()), x is not None

    def paintEvent(self, _e: object) -> None:
        p = QPainter(self)
        p.setRenderHint(QPainter.RenderHint.Antialiasing)
        r = self._bar_rect()
        p.setPen(QPen(style.qcolor(style.RULE), 1))
        p.setBrush(style.qcolor(style.SHADE))
        p.drawRoundedRect(r, 4, 4)
        if self.points is not None:
            frac = max(0.0, min(1.0, self.points / 100.0))
            walk = self.walk_away if self.walk_away is not None else -1.0
            colour = style.points_colour(self.points, walk) if self.walk_away is not None else style.BLUE
            fill = QRectF(r.left(), r.top(), r.width() * frac, r.height())
            p.setPen(Qt.PenStyle.NoPen)
            p.setBrush(style.qcolor(colour, 90 if self.uncertain else 200))
            p.drawRoundedRect(fill, 4, 4)
        x = self.marker_x()
        if x is not None:
            p.setPen(QPen(style.qcolor(style.INK), 2, Qt.PenStyle.DashLine))
            p.drawLine(int(x), int(r.top()) - 2, int(x), int(r.bottom()) + 2)
        text, rect, backed = self.text_layout()
        p.setFont(style.font(0.85, bold=True))
        if backed:
            p.setPen(Qt.PenStyle.NoPen)
            p.setBrush(style.qcolor(style.PAPER, 235))
            p.drawRoundedRect(rect.adjusted(-4, 3, 4, -3), 3, 3)
        p.setPen(style.qcolor(style.INK))
        p.drawText(rect, Qt.AlignmentFlag.AlignVCenter | Qt.AlignmentFlag.AlignLeft, text)
        p.end()


def discard(w: QWidget) -> None:
    """Remove a widget now: hidden and detached at once (a confidential brief must not linger on screen until the
    deferred delete runs), deleted later."""
    w.hide()
    w.setParent(None)  # type: ignore[call-overload]
    w.deleteLater()


def clear_layout(layout: QLayout) -> None:
    while layout.count():
        item = layout.takeAt(0)
        if item is None:
            break
        w = item.widget()
        inner = item.layout()
        if w is not None:
            discard(w)
        elif inner is not None:
            clear_layout(inner)


def header_item(table: QTableWidget, column: int) -> QTableWidgetItem:
    """The header cell of ``column`` (``setHorizontalHeaderLabels`` makes them; one is made if it is missing), for a
    tooltip or its text: PySide6 types the plain lookup as possibly ``None``."""
    item = table.horizontalHeaderItem(column)
    if item is None:
        item = QTableWidgetItem()
        table.setHorizontalHeaderItem(column, item)
    return item


def cell(table: QTableWidget, row: int, column: int) -> QTableWidgetItem:
    """The item of a cell the table was filled with (an empty one is put there if it has none, so a caller never
    meets ``None``: PySide6 types the plain lookup as possibly ``None``)."""
    item = table.item(row, column)
    if item is None:
        item = QTableWidgetItem()
        table.setItem(row, column, item)
    return item


def fit_wrapped_rows(table: QTableWidget, columns: tuple[int, ...], least: int = 0) -> None:
    """Make every row of ``table`` tall enough for the wrapped text of ``columns`` as drawn in each item's font.

    Qt's ``resizeRowsToContents`` can miss a cell that wraps to one more line at its final width (a bold or italic
    item, a column capped after sizing) and elides it instead: seen in Hebrew and Arabic at font scale 1.3.
    """
    for r in range(table.rowCount()):
        need = least
        for c in columns:
            item = table.item(r, c)
            if item is None:
                continue
            box = QFontMetrics(item.font()).boundingRect(
                QRect(0, 0, max(1, table.columnWidth(c) - 12), 10_000),
                int(Qt.TextFlag.TextWordWrap),
                item.text(),
            )
            need = max(need, box.height() + 12)
        if need > table.rowHeight(r):
            table.setRowHeight(r, need)
