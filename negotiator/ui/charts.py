"""Charts drawn with pyqtgraph in the game's style: priorities, offers over time, the Pareto frontier, opinion.

pyqtgraph is used (not QtCharts) because it is fast enough to redraw within a frame while a player edits an offer,
and it is already a dependency. Every chart gets readable fonts at the current scale, a white background, and
Okabe-Ito colours; lines differ by dash pattern and marker as well as colour.
"""

from __future__ import annotations

from collections.abc import Sequence

import pyqtgraph as pg
from PySide6.QtCore import Qt
from PySide6.QtGui import QFont, QFontMetrics
from PySide6.QtWidgets import QWidget

from negotiator.ui import style
from negotiator.ui.language import KEEPS_GEOMETRY, tr

pg.setConfigOptions(antialias=True, background="w", foreground=style.INK)

DASHES = (Qt.PenStyle.SolidLine, Qt.PenStyle.DashLine, Qt.PenStyle.DotLine, Qt.PenStyle.DashDotLine)
SYMBOLS = ("o", "s", "t", "d", "+", "x")


def plot(
    title: str = "", x_label: str = "", y_label: str = "", parent: QWidget | None = None
) -> pg.PlotWidget:
    w = pg.PlotWidget(parent=parent)
    # A chart keeps its geometry in every language (values grow rightward, time runs left to right); only its
    # words follow the language.
    w.setLayoutDirection(Qt.LayoutDirection.LeftToRight)
    w.setProperty(KEEPS_GEOMETRY, True)
    # the plot's own graphics items take the application's direction, not the view's: set it on them too, or the
    # axis moves to the right while the bars still grow from the left
    w.getPlotItem().setLayoutDirection(Qt.LayoutDirection.LeftToRight)
    w.setMenuEnabled(False)
    w.setMouseEnabled(x=False, y=False)
    w.hideButtons()
    f = style.font(0.95)
    for name in ("left", "bottom"):
        ax = w.getAxis(name)
        ax.setTickFont(f)
        ax.setTextPen(style.INK)
        ax.setPen(style.MUTED)
        ax.label.setFont(f)
    if title:
        w.setTitle(title, color=style.INK, size=f"{style.font(1.0).pointSizeF():.0f}pt")
    if x_label:
        w.setLabel("bottom", x_label)
    if y_label:
        w.setLabel("left", y_label)
    w.showGrid(x=True, y=True, alpha=0.15)
    w.setMinimumHeight(180)
    return w


def pen(colour: str, k: int = 0, width: float = 2.5) -> pg.mkPen:  # type: ignore[valid-type]
    return pg.mkPen(colour, width=width, style=DASHES[k % len(DASHES)])


def legend(w: pg.PlotWidget, corner: str = "top-left") -> pg.LegendItem:
    """A legend in a corner the data leaves free (frontiers fall from top-left to bottom-right)."""
    offset = {
        "top-left": (10, 10),
        "top-right": (-10, 10),
        "bottom-left": (10, -10),
        "bottom-right": (-10, -10),
    }[corner]
    lg = w.addLegend(
        offset=offset,
        labelTextSize=f"{style.font(0.8).pointSizeF():.0f}pt",
        labelTextColor=style.INK,
        brush=pg.mkBrush(255, 255, 255, 220),
        pen=pg.mkPen(style.RULE),
    )
    return lg


def priorities_chart(items: Sequence[tuple[str, float]], colour: str = style.BLUE) -> pg.PlotWidget:
    """Horizontal bars: each issue's share of what matters to you (percent), largest at the top."""
    w = plot(x_label=tr("chart.priorities.x"))
    total = sum(v for _, v in items) or 1.0
    shares = [(t, 100.0 * v / total) for t, v in items]
    shares.sort(key=lambda tv: tv[1])
    ys = list(range(len(shares)))
    bars = pg.BarGraphItem(
        x0=[0] * len(ys),
        y=ys,
        height=0.62,
        width=[s for _, s in shares],
        brush=pg.mkBrush(colour),
        pen=pg.mkPen(style.INK, width=0.5),
    )
    w.addItem(bars)
    ax = w.getAxis("left")
    # pyqtgraph silently drops a tick label wider than the axis: size the axis to the names, wrapping long ones onto
    # a second line rather than letting them vanish (the review saw 4 of 16 issues named).
    fm = QFontMetrics(style.font(0.95))
    cap = int(style.font().pointSizeF() * 17)
    names = [wrap_to(fm, t, cap) for t, _ in shares]
    ax.setTicks([[(y, t) for y, t in zip(ys, names, strict=True)]])
    ax.setStyle(textFillLimits=[(0, 0.98)])  # every issue named, however many (pyqtgraph thins crowded ticks)
    ax.setWidth(max(fm.horizontalAdvance(line) for t in names for line in t.split("\n")) + 16)
    lines = max(t.count("\n") + 1 for t in names) if names else 1
    for y, (_, s) in zip(ys, shares, strict=True):
        label = pg.TextItem(f"{s:.0f}%", color=style.INK, anchor=(0, 0.5))
        label.setFont(style.font(0.8))
        label.setPos(s + 0.5, y)
        w.addItem(label)
    w.setXRange(0, max((s for _, s in shares), default=10) * 1.18 + 2, padding=0)
    w.setYRange(-0.6, len(ys) - 0.4, padding=0)
    w.showGrid(x=True, y=False, alpha=0.15)
    w.setMinimumHeight(max(180, 60 + max(30, lines * fm.height() + 6) * len(ys)))
    w.setToolTip(tr("chart.priorities.tip"))
    return w


def wrap_to(fm: QFontMetrics, text: str, width: int) -> str:
    """``text`` on as many lines as it needs to fit ``width`` pixels (words are never split)."""
    lines: list[str] = []
    for word in text.split():
        if lines and fm.horizontalAdvance(lines[-1] + " " + word) <= width:
            lines[-1] += " " + word
        else:
            lines.append(word)
    return "\n".join(lines)


def bold(size: float = 0.9) -> QFont:
    return style.font(size, bold=True)
