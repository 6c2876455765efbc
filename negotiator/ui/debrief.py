"""The debrief: outcome and scores, the negotiation dance, the Pareto frontier with the deal, Nash and
Kalai-Smorodinsky points and both walk-away values, public opinion over the game, the deal next to the historical plans,
and what both sides could still have gained. Exportable as a printable HTML file (see :mod:`debrief_export`)."""

from __future__ import annotations

import html
from itertools import pairwise

import pyqtgraph as pg
from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QFontMetrics
from PySide6.QtWidgets import (
    QAbstractItemView,
    QGridLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QScrollArea,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from negotiator.game.analytics import SideSkill, SkillReport
from negotiator.ui import charts, style, words
from negotiator.ui.debrief_model import DebriefData
from negotiator.ui.language import bind, tr
from negotiator.ui.layout_check import SCROLLS_SIDEWAYS
from negotiator.ui.skill_reading import deal_reading, full_reading, own_reading
from negotiator.ui.widgets import Card, button, clear_layout, header_item, heading, para


def outcome_html(d: DebriefData) -> str:
    a, b = d.parties
    ta, tb = d.party_titles
    lines = [
        f"<p>{tr('debrief.result', result=d.result_words[:1].upper() + d.result_words[1:], paradigm=d.paradigm)}</p>",
        "<table cellspacing='6'>",
        f"<tr><th>{tr('debrief.col.delegation')}</th><th>{tr('debrief.col.final')}</th>"
        f"<th>{tr('debrief.col.walk-away')}</th><th>{tr('debrief.col.gain')}</th></tr>",
    ]
    for pid, title, walk in ((a, ta, d.walk_away[0]), (b, tb, d.walk_away[1])):
        final = d.final_points.get(pid, walk)
        colour = style.GOOD if final > walk + 0.05 else style.BAD if final < walk - 0.05 else style.MUTED
        lines.append(
            f"<tr><td>{title}</td><td align='right'><b>{final:.1f}</b></td><td align='right'>{walk:.0f}</td>"
            f"<td align='right' style='color:{colour}'><b>{words.iso(f'{final - walk:+.1f}')}</b></td></tr>"
        )
    lines.append("</table>")
    if d.deal is not None and d.nash is not None:
        deal, nash = f"{d.deal[0]:.1f} / {d.deal[1]:.1f}", f"{d.nash[0]:.1f} / {d.nash[1]:.1f}"
        lines.append(f"<p>{tr('debrief.nash', deal=deal, nash=nash)}</p>")
    if d.could_gain is not None:
        changes = "; ".join(f"{i}: {o}" for i, o in d.could_package[:6])
        gain = tr(
            "debrief.could-gain",
            a=ta,
            ga=f"{d.could_gain[0]:.1f}",
            b=tb,
            gb=f"{d.could_gain[1]:.1f}",
            changes=changes,
        )
        lines.append(f"<p>{gain}</p>")
    elif d.deal is not None:
        lines.append(f"<p>{tr('debrief.on-frontier')}</p>")
    for r in d.ratification:
        lines.append(f"<p>{r}</p>")
    for s in d.side_terms:
        lines.append(f"<p>{s}</p>")
    return "".join(lines)


def pattern_label(pattern: str) -> str:
    """When a side conceded, in a few words (``late (Boulware)``), in the window's language."""
    return tr(f"debrief.pattern.{pattern}")


def skill_figures(side: SideSkill) -> list[tuple[str, str]]:
    """(label, value) rows of one side's analytics, own points only (safe in that side's own report)."""
    o = side.opening
    rows = [
        (
            tr("debrief.fig.opening"),
            tr("debrief.fig.opening.value", points=f"{o.own:.0f}", round=o.round)
            if o
            else tr("debrief.fig.none"),
        ),
        (
            tr("debrief.fig.ambition"),
            "—"
            if side.anchor_ambition is None
            else tr("debrief.fig.below")
            if side.anchor_ambition < 0
            else words.iso(f"{100 * side.anchor_ambition:.0f}%"),
        ),
        (
            tr("debrief.fig.given-up"),
            tr("debrief.fig.given-up.value", points=f"{side.moved:.1f}", count=len(side.offers))
            if o
            else "—",
        ),
        (
            tr("debrief.fig.when"),
            pattern_label(side.pattern)
            # The comma is the language's, outside the isolate: inside it, it would sit at the wrong end in RTL.
            + (
                tr("report.list") + words.iso(f"e = {side.exponent:.2f}") if side.exponent is not None else ""
            ),
        ),
        (tr("debrief.fig.largest"), words.iso(f"{max(side.concessions):.1f}") if side.concessions else "—"),
        (tr("debrief.fig.logrolls"), words.iso(str(side.logrolls))),
        (
            tr("debrief.fig.statements"),
            words.iso(f"{sum(side.tones.values())} ({side.warmth:+.2f})")
            if side.warmth is not None
            else tr("debrief.fig.none"),
        ),
        (tr("debrief.fig.mediator"), words.iso(str(side.mediator_asks))),
    ]
    return rows


def skill_side_html(side: SideSkill, report: SkillReport, title: str, own_only: bool = False) -> str:
    """One side's figures and reading; ``own_only`` leaves out what rests on the other side's points."""
    e = html.escape
    rows = skill_figures(side)
    if not own_only:
        rows.append(
            (
                tr("debrief.fig.reciprocity"),
                tr(
                    "debrief.fig.reciprocity.value",
                    share=f"{100 * side.reciprocity:.0f}",
                    chances=side.reciprocity_chances,
                )
                if side.reciprocity is not None
                else "—",
            )
        )
    table = "".join(f"<tr><td>{e(k)}</td><td align='right'><b>{e(v)}</b></td></tr>" for k, v in rows)
    reading = own_reading(side, report) if own_only else full_reading(side, report)
    items = "".join(f"<li>{e(s)}</li>" for s in reading)
    return f"<h3>{e(title)}</h3><table cellspacing='4'>{table}</table><ul>{items}</ul>"


def skill_deal_html(report: SkillReport, titles: tuple[str, str]) -> str:
    return "".join(f"<p>{html.escape(s)}</p>" for s in deal_reading(report, titles))


def dance_chart(d: DebriefData) -> pg.PlotWidget:
    w = charts.plot(
        x_label=tr("debrief.plot.points", who=d.party_titles[0]),
        y_label=tr("debrief.plot.points", who=d.party_titles[1]),
    )
    charts.legend(w, corner="bottom-left")
    for k, pid in enumerate(d.parties):
        moves = [m for m in d.dance if m.by == pid]
        if not moves:
            continue
        colour = style.delegation_colour(k)
        w.plot(
            [m.points[0] for m in moves],
            [m.points[1] for m in moves],
            pen=charts.pen(colour, k),
            symbol=charts.SYMBOLS[k],
            symbolBrush=colour,
            symbolSize=10,
            name=tr("debrief.plot.offers-by", who=d.party_titles[k]),
        )
        # One label per spot: a side that tables the same package again would print r1, r5 on top of each other.
        spots: dict[tuple[float, float], list[int]] = {}
        for m in moves:
            spots.setdefault((round(m.points[0], 1), round(m.points[1], 1)), []).append(m.round)
        xs = [m.points[0] for m in d.dance] or [0.0]
        near_right = max(xs) - 0.15 * (max(xs) - min(xs))
        for (x, y), rounds in spots.items():
            # a label at the right edge ends at its spot, so it is not cut by the plot's edge ('الجولة 1' read 'لة 1')
            t = pg.TextItem(round_list(rounds), color=colour, anchor=(1, 1) if x > near_right else (0, 1))
            t.setFont(style.font(0.7))
            t.setPos(x, y)
            w.addItem(t)
    others = [m for m in d.dance if m.by not in d.parties]
    if others:
        w.plot(
            [m.points[0] for m in others],
            [m.points[1] for m in others],
            pen=None,
            symbol="d",
            symbolBrush=style.REDDISH_PURPLE,
            symbolSize=10,
            name=tr("debrief.plot.third-party"),
        )
    _walk_lines(w, d)
    w.setToolTip(tr("debrief.plot.dance.tip"))
    return w


def round_list(rounds: list[int]) -> str:
    """``r1-3, r5``: the rounds an offer was tabled in, runs shortened (the markers in the window's language)."""
    runs: list[list[int]] = []
    for r in sorted(set(rounds)):
        if runs and runs[-1][1] == r - 1:
            runs[-1][1] = r
        else:
            runs.append([r, r])
    return tr("report.list").join(
        tr("chart.round", round=a) if a == b else tr("chart.rounds", first=a, last=b) for a, b in runs
    )


def _walk_lines(w: pg.PlotWidget, d: DebriefData) -> None:
    for k, (angle, value) in enumerate(((90, d.walk_away[0]), (0, d.walk_away[1]))):
        line = pg.InfiniteLine(
            pos=value,
            angle=angle,
            pen=pg.mkPen(style.delegation_colour(k), width=1.5, style=Qt.PenStyle.DashLine),
        )
        w.addItem(line)


def frontier_chart(d: DebriefData) -> pg.PlotWidget:
    w = charts.plot(
        x_label=tr("debrief.plot.points", who=d.party_titles[0]),
        y_label=tr("debrief.plot.points", who=d.party_titles[1]),
    )
    charts.legend(w, corner="bottom-left")
    f = d.frontier
    order = f[:, 0].argsort()
    w.plot(
        f[order, 0],
        f[order, 1],
        pen=pg.mkPen(style.MUTED, width=2),
        symbol="o",
        symbolSize=5,
        symbolBrush=style.MUTED,
        name=tr("debrief.plot.frontier"),
    )
    if d.nash:
        w.plot(
            [d.nash[0]],
            [d.nash[1]],
            pen=None,
            symbol="s",
            symbolSize=14,
            symbolBrush=style.SKY_BLUE,
            name=tr("debrief.plot.nash", x=f"{d.nash[0]:.0f}", y=f"{d.nash[1]:.0f}"),
        )
    if d.ks:
        w.plot(
            [d.ks[0]],
            [d.ks[1]],
            pen=None,
            symbol="t",
            symbolSize=14,
            symbolBrush=style.REDDISH_PURPLE,
            name=tr("debrief.plot.ks", x=f"{d.ks[0]:.0f}", y=f"{d.ks[1]:.0f}"),
        )
    if d.deal:
        w.plot(
            [d.deal[0]],
            [d.deal[1]],
            pen=None,
            symbol="star",
            symbolSize=22,
            symbolBrush=style.BLUISH_GREEN,
            name=tr("debrief.plot.deal", x=f"{d.deal[0]:.0f}", y=f"{d.deal[1]:.0f}"),
        )
    w.plot(
        [d.walk_away[0]],
        [d.walk_away[1]],
        pen=None,
        symbol="x",
        symbolSize=14,
        symbolBrush=style.VERMILLION,
        name=tr("debrief.plot.walk", x=f"{d.walk_away[0]:.0f}", y=f"{d.walk_away[1]:.0f}"),
    )
    _walk_lines(w, d)
    w.setToolTip(tr("debrief.plot.frontier.tip"))
    return w


OPINION_COLOURS = (
    style.BLUE,
    style.ORANGE,
    style.BLUISH_GREEN,
    style.REDDISH_PURPLE,
    style.SKY_BLUE,
    style.VERMILLION,
    style.BLACK,
    "#B8A200",
    style.MUTED,
)
SYMBOL_GLYPHS = {"o": "●", "s": "■", "t": "▼", "d": "◆", "+": "+", "x": "×"}
DASH_GLYPHS = ("━━", "╍╍", "┅┅", "━╍")


def opinion_series(d: DebriefData) -> list[tuple[str, str, int]]:
    """(group, colour, style index) in drawing order: the chart and its legend below share it."""
    return [
        (group, OPINION_COLOURS[k % len(OPINION_COLOURS)], k) for k, group in enumerate(sorted(d.opinion))
    ]


def opinion_legend(d: DebriefData) -> QLabel:
    """The legend beside the chart, one public a line: with nine publics an in-plot legend would hide the lines."""
    items = []
    for group, colour, k in opinion_series(d):
        glyph = DASH_GLYPHS[k % len(DASH_GLYPHS)] + SYMBOL_GLYPHS[charts.SYMBOLS[k % len(charts.SYMBOLS)]]
        items.append(
            f"<tr><td style='color:{colour}; white-space:nowrap'><b>{glyph}</b></td>"
            f"<td>{html.escape(group)}</td></tr>"
        )
    label = QLabel(
        "<table cellspacing='0' cellpadding='1'>" + "".join(items) + "</table>"
        f"<p style='color:{style.MUTED}'>{html.escape(tr('debrief.plot.opinion.note'))}</p>"
    )
    label.setWordWrap(True)
    label.setTextFormat(Qt.TextFormat.RichText)
    label.setObjectName("opinion-legend")
    label.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
    return label


def same_text_runs(series: list[tuple[int, float, str]]) -> list[list[tuple[int, float, str]]]:
    """Consecutive points on the same text: only these are joined by a line."""
    runs: list[list[tuple[int, float, str]]] = []
    for point in series:
        if runs and runs[-1][-1][2] == point[2]:
            runs[-1].append(point)
        else:
            runs.append([point])
    return runs


def text_changes(d: DebriefData) -> list[tuple[int, str]]:
    """(round, text) where the poll asked about a different text than the poll before (not the first poll)."""
    points = max(d.opinion.values(), key=len, default=[])
    return [(r, name) for (_r0, _s0, before), (r, _s, name) in pairwise(points) if name != before]


def opinion_chart(d: DebriefData) -> pg.PlotWidget:
    w = charts.plot(x_label=tr("debrief.plot.round"), y_label=tr("debrief.plot.support"))
    for r, name in text_changes(d):
        line = pg.InfiniteLine(
            pos=r - 0.5,
            angle=90,
            pen=pg.mkPen(style.MUTED, width=1, style=Qt.PenStyle.DotLine),
            label=tr("chart.text", text=name),
            labelOpts={"position": 0.97, "color": style.MUTED, "anchors": [(0.5, 0), (0.5, 0)]},
        )
        line.label.setFont(style.font(0.7))
        w.addItem(line)
    for group, colour, k in opinion_series(d):
        for run in same_text_runs(d.opinion[group]):
            w.plot(
                [r for r, _, _ in run],
                [s for _, s, _ in run],
                pen=charts.pen(colour, k) if len(run) > 1 else None,
                symbol=charts.SYMBOLS[k % len(charts.SYMBOLS)],
                symbolBrush=colour,
                symbolPen=colour,
                symbolSize=7,
            )
    rounds = sorted({r for series in d.opinion.values() for r, _, _ in series})
    ticks = [(r, tr("chart.verdict") if r == d.verdict_round else str(r)) for r in rounds]
    w.getAxis("bottom").setTicks([ticks])
    w.setYRange(0, 100)
    w.setToolTip(tr("debrief.plot.opinion.tip"))
    return w


class DebriefScreen(QWidget):
    export_did_request = Signal()
    new_game_did_request = Signal()
    questionnaire_did_request = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("debrief")
        outer = QVBoxLayout(self)
        outer.setContentsMargins(16, 12, 16, 12)
        top = QHBoxLayout()
        self.title = heading(tr("debrief.title"), role="title")
        top.addWidget(self.title, 1)
        self.export = button("", name="export-debrief")
        bind(self.export, "debrief.export")
        bind(self.export, "debrief.export.tip", "setToolTip")
        self.again = button("", name="new-game")
        bind(self.again, "debrief.new-game")
        bind(self.again, "debrief.new-game.tip", "setToolTip")
        self.questionnaire = button("", name="questionnaire-after")
        bind(self.questionnaire, "debrief.questionnaire")
        bind(self.questionnaire, "debrief.questionnaire.tip", "setToolTip")
        self.questionnaire.hide()  # shown when the scenario has questions for after the debrief
        self.questionnaire.clicked.connect(self.questionnaire_did_request)
        top.addWidget(self.questionnaire)
        self.export.clicked.connect(self.export_did_request)
        self.again.clicked.connect(self.new_game_did_request)
        # Save as PDF: its menu (the debrief, or a delegation's own report) is filled by shell_debrief.DebriefFlow.
        self.pdf = button("", name="pdf-debrief")
        bind(self.pdf, "debrief.pdf")
        bind(self.pdf, "debrief.pdf.tip", "setToolTip")
        top.addWidget(self.pdf)
        top.addWidget(self.export)
        top.addWidget(self.again)
        outer.addLayout(top)
        self.status = para(tr("debrief.working"), role="muted")
        outer.addWidget(self.status)
        self.scroller = scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QScrollArea.Shape.NoFrame)
        self.body = QWidget()
        self.grid = QGridLayout(self.body)
        self.grid.setSpacing(12)
        scroll.setWidget(self.body)
        outer.addWidget(scroll, 1)
        self.data: DebriefData | None = None
        self.charts: dict[str, pg.PlotWidget] = {}
        self.figures: dict[str, QWidget] = {}

    def show_pending(self) -> None:
        self.status.setText(tr("debrief.working"))
        self.status.show()

    def show_data(self, d: DebriefData) -> None:
        self.data = d
        self.status.hide()
        self.title.setText(tr("debrief.title.of", scenario=d.scenario_title))
        clear_layout(self.grid)
        outcome = Card()
        outcome.setObjectName("debrief-outcome")
        outcome.body.addWidget(heading(tr("debrief.outcome")))
        text = para(outcome_html(d))
        text.setTextFormat(Qt.TextFormat.RichText)
        text.setObjectName("debrief-outcome-text")
        text.setToolTip(tr("debrief.outcome.tip"))
        outcome.body.addWidget(text)
        outcome.body.addStretch(1)
        self.charts = {"frontier": frontier_chart(d), "dance": dance_chart(d), "opinion": opinion_chart(d)}
        self.figures = {}
        cards = {}
        for key, title in (
            ("frontier", tr("debrief.chart.frontier")),
            ("dance", tr("debrief.chart.dance")),
            ("opinion", tr("debrief.chart.opinion")),
        ):
            c = Card()
            c.setObjectName(f"debrief-{key}")
            c.body.addWidget(heading(title))
            figure = QWidget()
            fl = QVBoxLayout(figure)
            fl.setContentsMargins(0, 0, 0, 0)
            self.charts[key].setMinimumHeight(250)
            if key == "opinion":
                # The legend beside the lines, so whoever sees the chart sees what each line is.
                figure_row = QHBoxLayout()
                figure_row.setContentsMargins(0, 0, 0, 0)
                legend = opinion_legend(d)
                legend.setMaximumWidth(int(style.font().pointSizeF() * 20))
                figure_row.addWidget(self.charts[key], 3)
                figure_row.addWidget(legend, 2)
                fl.addLayout(figure_row, 1)
            else:
                fl.addWidget(self.charts[key], 1)
            self.figures[key] = figure
            c.body.addWidget(figure, 1)
            cards[key] = c
        self.grid.addWidget(outcome, 0, 0)
        self.grid.addWidget(cards["frontier"], 0, 1)
        self.grid.addWidget(cards["dance"], 1, 0)
        self.grid.addWidget(cards["opinion"], 1, 1)
        row = 2
        if d.skill is not None:
            self.grid.addWidget(skill_card(d), row, 0, 1, 2)
            row += 1
        hist = Card()
        hist.body.addWidget(heading(tr("debrief.history")))
        self.history_table = history_table(d)
        hist.body.addWidget(self.history_table)
        self.grid.addWidget(hist, row, 0, 1, 2)
        self.grid.setColumnStretch(0, 1)
        self.grid.setColumnStretch(1, 1)


def skill_card(d: DebriefData) -> Card:
    """How each side negotiated: the analytics' figures and a plain-language reading, side by side."""
    assert d.skill is not None
    card = Card()
    card.setObjectName("debrief-skill")
    card.body.addWidget(heading(tr("debrief.skill")))
    summary = para(skill_deal_html(d.skill, d.party_titles))
    summary.setTextFormat(Qt.TextFormat.RichText)
    summary.setObjectName("debrief-skill-deal")
    card.body.addWidget(summary)
    sides = QHBoxLayout()
    sides.setSpacing(24)
    for k, side in enumerate(d.skill.sides):
        label = para(skill_side_html(side, d.skill, d.party_titles[k]))
        label.setTextFormat(Qt.TextFormat.RichText)
        label.setObjectName(f"debrief-skill-{side.seat}")
        label.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        sides.addWidget(label, 1)
    card.body.addLayout(sides)
    note = para(tr("debrief.skill.note"), role="muted")
    card.body.addWidget(note)
    card.setToolTip(tr("debrief.skill.tip"))
    return card


def header_lines(title: str, width: int = 24) -> str:
    """A column title on two balanced lines when longer than ``width`` characters (a header cuts a long title at
    both ends), or on as many lines as it needs."""
    words = title.split()
    if len(title) <= width or len(words) < 2:
        return title
    splits = [(" ".join(words[:k]), " ".join(words[k:])) for k in range(1, len(words))]
    a, b = min(splits, key=lambda ab: (max(len(ab[0]), len(ab[1])), len(ab[1])))
    if max(len(a), len(b)) <= width:
        return f"{a}\n{b}"
    lines: list[str] = []
    for word in words:
        if lines and len(lines[-1]) + 1 + len(word) <= width:
            lines[-1] += " " + word
        else:
            lines.append(word)
    return "\n".join(lines)


def history_table(d: DebriefData) -> QTableWidget:
    t = QTableWidget(len(d.history_rows), len(d.history_columns))
    t.setObjectName("history-compare")
    # One readable column per historical plan: with many plans the comparison scrolls sideways, on purpose.
    t.setProperty(SCROLLS_SIDEWAYS, True)
    t.setHorizontalHeaderLabels([header_lines(c) for c in d.history_columns])
    for c, title in enumerate(d.history_columns):
        header_item(t, c).setToolTip(title)
    t.setVerticalHeaderLabels([r for r, _ in d.history_rows])
    t.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    t.setWordWrap(True)
    for r, (_issue, cells) in enumerate(d.history_rows):
        for c, text in enumerate(cells):
            item = QTableWidgetItem(text)
            if c > 0 and text == cells[0] and text != "—":
                item.setBackground(style.qcolor(style.BLUISH_GREEN, 45))
                item.setToolTip(tr("debrief.same-as-deal"))
            t.setItem(r, c, item)
    t.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
    t.horizontalHeader().setDefaultSectionSize(int(style.font().pointSizeF() * 18))
    bold = style.font(1.0, bold=True)  # the style sheet draws headers bold: measure them bold
    fm = QFontMetrics(bold)
    for c in range(t.columnCount()):
        lines = header_item(t, c).text().split("\n")
        t.setColumnWidth(
            c,
            max(t.horizontalHeader().defaultSectionSize(), max(fm.horizontalAdvance(x) for x in lines) + 24),
        )
    t.resizeRowsToContents()
    t.setMinimumHeight(min(700, 40 + 34 * len(d.history_rows)))
    return t
