"""Guard against a Qt binding that drops references to None (PySide6 6.12.0 on Python 3.11 does: every void call,
such as each QPainter call, decrements None's refcount, and a game aborts after a few minutes of painting)."""

from __future__ import annotations

import sys

from PySide6.QtGui import QColor, QImage, QPainter

from negotiator.game.publics import PollRow
from negotiator.ui.table.publics import SupportBar


def test_painting_keeps_none_alive(qtbot) -> None:  # type: ignore[no-untyped-def]
    bar = SupportBar(PollRow("g", 40.0, 35.0, 25.0, 37.0, 43.0))
    qtbot.addWidget(bar)
    bar.resize(200, 30)
    image = QImage(200, 30, QImage.Format.Format_ARGB32)
    before = sys.getrefcount(None)
    for _ in range(300):
        bar.render(image)
        c = QColor("#123456")
        c.setAlpha(10)
    p = QPainter(image)
    for _ in range(300):
        p.drawLine(0, 0, 5, 5)
    p.end()
    lost = before - sys.getrefcount(None)
    assert lost < 100, f"the Qt binding dropped {lost} references to None (use PySide6 < 6.12 on Python 3.11)"
