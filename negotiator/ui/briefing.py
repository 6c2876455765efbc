"""The briefing: your general and confidential brief, your priorities as a chart, your red lines, and your walk-away
value explained in plain words, with the reference packages scored for you so the number means something.

It is built from :class:`Brief`, plain data made from the seat's own view (see :func:`brief_from`), so the screen can
only show what that seat may know.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QHBoxLayout, QLabel, QScrollArea, QVBoxLayout, QWidget

from negotiator.ai.valuation import Layout, own_valuation
from negotiator.game.views import SeatView
from negotiator.model.public import PublicScenario
from negotiator.ui import charts, style, words
from negotiator.ui.language import bind, tr
from negotiator.ui.viewmodel import delegation_title, issue_title, option_title
from negotiator.ui.widgets import Card, button, clear_layout, heading, para


@dataclass(frozen=True)
class Brief:
    delegation_id: str
    title: str
    office: str
    colour: str
    brief: str
    confidential: str
    priorities: list[tuple[str, float]]
    red_lines: list[tuple[str, list[str], str]]
    walk_away: float
    best: float
    worst: float
    references: list[tuple[str, float]] = field(default_factory=list)
    interactions: list[tuple[str, float]] = field(default_factory=list)


def brief_from(scenario: PublicScenario, view: SeatView) -> Brief:
    """The brief of the seat, from its own view (its confidential part is only in its own view)."""
    seat = view.seat
    d = next(x for x in view.delegations if x.id == seat)
    index = [x.id for x in scenario.delegations].index(seat)
    layout = Layout.of(scenario)
    own = own_valuation(layout, view.own.priorities, view.own.points, view.own.interactions)
    values = np.where(layout.valid, own.values, np.nan)
    best_pkg = np.nanargmax(values, axis=1)
    worst_pkg = np.nanargmin(values, axis=1)
    best, worst = own.score_one(best_pkg), own.score_one(worst_pkg)
    refs = []
    for ref in scenario.packages:
        if len(ref.options) == len(scenario.issues):
            title = words.text(scenario, f"packages.{ref.id}.title", ref.title)
            refs.append((title, own.score_one(layout.encode(tuple(ref.options.items())))))
    mine = words.own(scenario, view)  # the seat's own confidential texts, in the window's language
    red = []
    for (issue_id, options, _english), why in zip(view.own.red_lines, mine.red_lines, strict=True):
        issue = scenario.issue(issue_id)
        red.append(
            (
                issue_title(scenario, issue_id),
                [option_title(scenario, issue_id, o.id) for o in issue.options if o.id in options],
                why,
            )
        )
    inter = [
        (why, pts)
        for (_when, pts, _english), why in zip(view.own.interactions, mine.interactions, strict=True)
    ]
    pri = [(issue_title(scenario, i), w) for i, w in view.own.priorities]
    return Brief(
        seat,
        delegation_title(scenario, seat),
        words.text(scenario, f"delegations.{seat}.office", d.office),
        style.delegation_colour(index),
        words.text(scenario, f"delegations.{seat}.brief", d.brief),
        mine.confidential_brief,
        pri,
        red,
        view.own.reservation_value,
        min(100.0, best),
        worst,
        refs,
        inter,
    )


def walk_away_words(b: Brief) -> str:
    """The walk-away value in plain words, tied to packages the player can picture."""
    return tr("brief.walk-away", walk=f"{b.walk_away:.0f}", best=f"{b.best:.0f}", worst=f"{b.worst:.0f}")


class BriefingScreen(QWidget):
    """Shown at the start of a game (and again from the table with F1 ▸ Brief)."""

    ready_did_request = Signal()
    questionnaire_did_request = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("briefing")
        outer = QVBoxLayout(self)
        outer.setContentsMargins(20, 16, 20, 16)
        self.title = heading("", role="title")
        outer.addWidget(self.title)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QScrollArea.Shape.NoFrame)
        body = QWidget()
        self.columns = QHBoxLayout(body)
        self.columns.setSpacing(16)
        scroll.setWidget(body)
        outer.addWidget(scroll, 1)
        bottom = QHBoxLayout()
        self.note = para("", role="muted")
        bind(self.note, "brief.note")
        self.ready = button("", primary=True, name="ready")
        bind(self.ready, "brief.ready")
        bind(self.ready, "brief.ready.tip", "setToolTip")
        self.ready.setAutoDefault(True)
        self.questionnaire = button("", name="questionnaire-before")
        bind(self.questionnaire, "brief.questionnaire")
        bind(self.questionnaire, "brief.questionnaire.tip", "setToolTip")
        self.questionnaire.hide()  # shown when the scenario has questions for before the briefing
        self.questionnaire.clicked.connect(self.questionnaire_did_request)
        bottom.addWidget(self.note, 1)
        bottom.addWidget(self.questionnaire)
        bottom.addWidget(self.ready)
        outer.addLayout(bottom)
        self.ready.clicked.connect(self.ready_did_request)
        self.brief: Brief | None = None

    def show_brief(self, b: Brief, references_note: str = "") -> None:
        self.brief = b
        self.title.setText(tr("brief.title", who=b.title))
        clear_layout(self.columns)
        left = Card()
        left.body.addWidget(heading(b.office))
        left.body.addWidget(heading(tr("brief.public")))
        left.body.addWidget(para(b.brief.strip()))
        left.body.addWidget(heading(tr("brief.confidential")))
        secret = para(b.confidential.strip(), role="secret")
        secret.setObjectName("confidential-brief")
        left.body.addWidget(secret)
        if b.interactions:
            left.body.addWidget(heading(tr("brief.combinations")))
            for why, pts in b.interactions:
                sign = "+" if pts >= 0 else "−"
                lbl = para(tr("brief.combination", points=f"{sign}{abs(pts):.0f}", why=why))
                lbl.setToolTip(tr("brief.combination.tip", points=f"{pts:+.0f}"))
                left.body.addWidget(lbl)
        left.body.addWidget(heading(tr("brief.walk-away.heading")))
        wa = para(walk_away_words(b))
        wa.setObjectName("walk-away-words")
        wa.setToolTip(tr("brief.walk-away.tip"))
        wa.setTextFormat(Qt.TextFormat.RichText)
        left.body.addWidget(wa)
        if b.references:
            lines = []
            for title, pts in sorted(b.references, key=lambda tp: -tp[1]):
                verdict = tr("brief.above") if pts >= b.walk_away else tr("brief.below")
                # no align='left': a table in a right-to-left label starts at the right, as its headings should
                lines.append(f"<tr><td>{title}</td><td><b>{pts:.0f}</b></td><td>{verdict}</td></tr>")
            table = QLabel(
                f"<table cellspacing='6'><tr><th>{tr('brief.known-package')}</th><th>{tr('brief.your-points')}"
                f"</th><th>{tr('brief.vs-walk-away')}</th></tr>{''.join(lines)}</table>"
            )
            table.setTextFormat(Qt.TextFormat.RichText)
            table.setToolTip(tr("brief.references.tip"))
            left.body.addWidget(table)
        left.body.addStretch(1)
        self.columns.addWidget(left, 5)

        right = Card()
        right.body.addWidget(heading(tr("brief.priorities")))
        chart = charts.priorities_chart(b.priorities, b.colour)
        chart.setObjectName("priorities-chart")
        chart.setMaximumHeight(90 + 40 * len(b.priorities))
        right.body.addWidget(chart)
        right.body.addWidget(heading(tr("brief.red-lines")))
        if not b.red_lines:
            right.body.addWidget(para(tr("brief.no-red-lines")))
        for issue, options, why in b.red_lines:
            lbl = para(tr("brief.red-line", issue=issue, options=", ".join(options), why=why))
            lbl.setTextFormat(Qt.TextFormat.RichText)
            right.body.addWidget(lbl)
        right.body.addStretch(1)
        self.columns.addWidget(right, 5)
        self.ready.setFocus()
