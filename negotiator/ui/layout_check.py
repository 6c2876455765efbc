"""Checks a screen's layout the way a reader would notice it is wrong: a row of widgets that did not mirror in a
right-to-left language, a label or button whose words do not fit.

Used by the self-test on every screen it photographs (``negotiator self-test --lang he|ar|xx-long``), so a new
string that is too long for its place, or a row laid out by hand in one direction, shows up as a named problem.
"""

from __future__ import annotations

import itertools

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractButton,
    QBoxLayout,
    QLabel,
    QLayout,
    QScrollArea,
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
