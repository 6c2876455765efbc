"""Checks a screen's layout the way a reader would notice it is wrong: a row of widgets that did not mirror in a
right-to-left language, a label or button whose words do not fit, a table whose columns do not fit its place or whose
headings and cells are cut.

Used by the self-test on every screen it photographs (``negotiator self-test --lang he|ar|xx-long``), so a new
string that is too long for its place, or a row laid out by hand in one direction, shows up as a named problem.
"""

from __future__ import annotations

import itertools

from PySide6.QtCore import QRect, Qt
from PySide6.QtGui import QFont, QFontMetrics
from PySide6.QtWidgets import (
    QAbstractButton,
    QBoxLayout,
    QLabel,
    QLayout,
    QScrollArea,
    QTableView,
    QWidget,
)

SLACK = 2
"""Pixels of rounding a fit may miss by."""


def _name(w: QWidget) -> str:
    text = w.text() if isinstance(w, QLabel | QAbstractButton) else ""
    who = w.objectName() or type(w).__name__
    return f"{who} {text[:40]!r}" if text else who


def _in_horizontal_scroll(w: QWidget) -> bool:
    """Inside a scroll area that scrolls sideways: its content may be wider than its view, on purpose."""
    p = w.parentWidget()
    while p is not None:
        if (
            isinstance(p, QScrollArea)
            and p.horizontalScrollBarPolicy() != Qt.ScrollBarPolicy.ScrollBarAlwaysOff
        ):
            return True
        p = p.parentWidget()
    return False


def _shown(w: QWidget) -> bool:
    return w.isVisible() and w.width() > 0 and w.height() > 0


def cut_words(root: QWidget) -> list[str]:
    """Labels and buttons under ``root`` whose words need more room than they have: a one-line label or a button
    narrower than its text, a wrapped label shorter than its wrapped text."""
    problems = []
    for w in [root, *root.findChildren(QWidget)]:
        if not _shown(w) or _in_horizontal_scroll(w):
            continue
        if isinstance(w, QLabel) and w.text() and w.pixmap().isNull():
            if w.wordWrap():
                need = w.heightForWidth(w.width())
                if need > w.height() + SLACK:
                    problems.append(f"{_name(w)} is cut: needs {need} px of height, has {w.height()}")
            elif w.sizeHint().width() > w.width() + SLACK:
                problems.append(f"{_name(w)} is cut: needs {w.sizeHint().width()} px, has {w.width()}")
        elif isinstance(w, QAbstractButton) and w.text() and w.sizeHint().width() > w.width() + SLACK:
            problems.append(f"{_name(w)} is cut: needs {w.sizeHint().width()} px, has {w.width()}")
    return problems


def unmirrored(root: QWidget) -> list[str]:
    """Horizontal rows under ``root`` laid out against their direction: in a right-to-left row the first widget
    must be the rightmost, in a left-to-right row the leftmost (widgets kept left to right on purpose, such as
    charts, carry that direction themselves and are checked as such)."""
    problems = []
    layouts = [lay for w in [root, *root.findChildren(QWidget)] if (lay := w.layout()) is not None]
    layouts += [lay for parent in list(layouts) for lay in parent.findChildren(QLayout)]
    seen: list[QLayout] = []
    for lay in layouts:
        if lay in seen or not isinstance(lay, QBoxLayout):
            continue
        seen.append(lay)
        if lay.direction() not in (QBoxLayout.Direction.LeftToRight, QBoxLayout.Direction.RightToLeft):
            continue
        owner = lay.parentWidget()
        if owner is None or not _shown(owner):
            continue
        xs = []
        for k in range(lay.count()):
            item = lay.itemAt(k)
            w = item.widget() if item is not None else None
            if w is not None and _shown(w):
                xs.append((w.geometry().center().x(), w))
        if len(xs) < 2:
            continue
        rtl = owner.layoutDirection() == Qt.LayoutDirection.RightToLeft
        for (x1, w1), (x2, w2) in itertools.pairwise(xs):
            if (rtl and x1 <= x2) or (not rtl and x1 >= x2):
                side = "right" if rtl else "left"
                problems.append(
                    f"a row in {owner.objectName() or type(owner).__name__} did not mirror: {_name(w1)} should be "
                    f"{side} of {_name(w2)}"
                )
                break
    return problems


SCROLLS_SIDEWAYS = "scrolls-sideways"
"""A table property: its columns may need more than its width, on purpose (a comparison of many plans, each column a
readable width, scrolled sideways); its headings and cells are still checked."""
CELL_PADDING = 8
"""Pixels a table cell's text needs beside its words (the item's margins and the grid line)."""


def cut_tables(root: QWidget) -> list[str]:
    """Tables under ``root`` that do not fit: columns wider together than the table's place (a sideways scroll bar a
    reader must find), a heading narrower than its words, a cell whose text needs more room than it has (one line
    wider than the column, or wrapped text taller than the row). Cells drawn by a widget of their own are left to
    that widget's own check."""
    problems = []
    for view in [w for w in [root, *root.findChildren(QTableView)] if isinstance(w, QTableView)]:
        if not _shown(view):
            continue
        model, head = view.model(), view.horizontalHeader()
        if model is None:
            continue
        who = view.objectName() or type(view).__name__
        columns = [c for c in range(model.columnCount()) if not view.isColumnHidden(c)]
        total = sum(view.columnWidth(c) for c in columns)
        if total > view.viewport().width() + SLACK and view.property(SCROLLS_SIDEWAYS) is not True:
            widths = " + ".join(str(view.columnWidth(c)) for c in columns)
            problems.append(
                f"table {who} is wider than its place: its columns need {total} px ({widths}), it has "
                f"{view.viewport().width()}"
            )
        fm = view.fontMetrics()
        for c in columns:
            width = view.columnWidth(c)
            if head.isVisible():
                heading = str(model.headerData(c, Qt.Orientation.Horizontal) or "")
                need = (
                    max(fm.horizontalAdvance(line) for line in heading.split("\n")) + CELL_PADDING
                    if heading
                    else 0
                )
                if need > width + SLACK and head.sectionSizeHint(c) > width + SLACK:
                    problems.append(
                        f"table {who}: heading {heading[:30]!r} is cut: needs {need} px, has {width}"
                    )
            for r in range(model.rowCount()):
                if view.isRowHidden(r):
                    continue
                index = model.index(r, c)
                if view.indexWidget(index) is not None:
                    continue
                text = str(model.data(index) or "")
                if not text:
                    continue
                font = model.data(index, Qt.ItemDataRole.FontRole)
                cell_fm = QFontMetrics(font) if isinstance(font, QFont) else fm
                problem = _cell_cut(view, cell_fm, text, width, view.rowHeight(r))
                if problem:
                    problems.append(f"table {who}: cell {text[:30]!r} is cut: {problem}")
                    break  # one cut cell names the column
    return problems


def _cell_cut(view: QTableView, fm: QFontMetrics, text: str, width: int, height: int) -> str:
    room = width - CELL_PADDING
    if view.wordWrap():
        need = fm.boundingRect(
            QRect(0, 0, max(1, room), 100_000), int(Qt.TextFlag.TextWordWrap), text
        ).height()
        # Qt's item views wrap at word boundaries or, for a word longer than the column, anywhere: a cell is cut only
        # when its wrapped lines need more height than its row has.
        if need > height + SLACK:
            return f"needs {need} px of height, the row has {height}"
        return ""
    need = max(fm.horizontalAdvance(line) for line in text.split("\n"))
    return f"needs {need + CELL_PADDING} px, the column has {width}" if need > room + SLACK else ""
