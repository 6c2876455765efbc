"""Ratification on screen: after both signatures, each side's Knesset vote or referendum plays out, then the result.

The animation only shows a result the game has already decided (the rules draw it from the publics with the game's
seeded chance); it lasts about two seconds and can be skipped with Enter.
"""

from __future__ import annotations

import html

from PySide6.QtCore import QEasingCurve, QRectF, QSize, Qt, QVariantAnimation, Signal
from PySide6.QtGui import QPainter, QPen
from PySide6.QtWidgets import QHBoxLayout, QScrollArea, QSizePolicy, QVBoxLayout, QWidget

from negotiator.game.publics import VoteResult
from negotiator.game.sentences import outcome_message
from negotiator.game.views import SeatView
from negotiator.model.public import PublicScenario
from negotiator.ui import style, words
from negotiator.ui.language import bind, say, tr
from negotiator.ui.viewmodel import delegation_title, issue_title, option_title
from negotiator.ui.widgets import Card, button, clear_layout, heading, para


class VoteBar(QWidget):
    """One vote as a bar filling up to its share, with the majority line and the verdict in words."""

    def __init__(self, result: VoteResult, majority: float, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.result, self.majority, self.progress = result, majority, 0.0
        self.setMinimumHeight(48)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self.setToolTip(
            tr(
                "ratify.seats.tip" if result.kind == "knesset" else "ratify.votes.tip",
                share=f"{100 * result.share_for:.1f}",
                majority=f"{100 * majority:.0f}",
                chance=f"{100 * result.probability:.0f}",
            )
        )

    def sizeHint(self) -> QSize:
        return QSize(400, 52)

    def set_progress(self, value: float) -> None:
        self.progress = value
        self.update()

    def paintEvent(self, _e: object) -> None:
        p = QPainter(self)
        p.setRenderHint(QPainter.RenderHint.Antialiasing)
        r = QRectF(self.rect()).adjusted(2, 4, -2, -4)
        p.fillRect(r, style.qcolor(style.SHADE))
        share = self.result.share_for * self.progress
        colour = style.GOOD if self.result.passed else style.BAD
        p.fillRect(QRectF(r.left(), r.top(), r.width() * share, r.height()), style.qcolor(colour, 200))
        x = r.left() + r.width() * self.majority
        p.setPen(QPen(style.qcolor(style.INK), 2, Qt.PenStyle.DashLine))
        p.drawLine(int(x), int(r.top()) - 2, int(x), int(r.bottom()) + 2)
        p.setPen(style.qcolor(style.INK))
        p.setFont(style.font(1.0, bold=True))
        if self.result.kind == "knesset":
            text = tr("ratify.seats", seats=round(120 * share))
        else:
            text = tr("ratify.yes", share=f"{100 * share:.0f}")
        if self.progress >= 1.0:
            text += "  " + tr("ratify.passed" if self.result.passed else "ratify.failed")
        # the bar fills from the left in every language (a gauge keeps its geometry); its words start where it starts
        p.drawText(
            r.adjusted(10, 0, -10, 0), Qt.AlignmentFlag.AlignVCenter | Qt.AlignmentFlag.AlignLeft, text
        )
        p.end()


def vote_detail(scenario: PublicScenario, v: VoteResult) -> str:
    """The vote's detail in words: whether the coalition holds or the turnout, then each bloc's chance of voting for
    (a small table, two blocs a row, so seven blocs stay readable at projector size)."""
    parties = {p.id: p for r in scenario.rules.ratification for p in r.parties}
    sentences = []
    blocs = []
    for key, x in v.detail:
        if key == "coalition_holds":
            sentences.append(tr("ratify.coalition.holds" if x >= 0.5 else "ratify.coalition.breaks"))
        elif key == "turnout":
            sentences.append(tr("ratify.turnout", share=f"{100 * x:.0f}"))
        elif key in parties:
            p = parties[key]
            blocs.append(
                f"<td>{html.escape(tr('ratify.bloc', party=p.title, seats=p.seats))}</td>"
                f"<td><b>{words.iso(f'{100 * x:.0f}%')}</b></td>"
            )
    text = " ".join(sentences)
    if blocs:
        rows = "".join(
            "<tr>" + "<td width='24'></td>".join(blocs[k : k + 2]) + "</tr>" for k in range(0, len(blocs), 2)
        )
        text += f"<br>{tr('ratify.blocs')}<table cellspacing='0' cellpadding='1'>{rows}</table>"
    return text


def signed_table(scenario: PublicScenario, package: tuple[tuple[str, str], ...]) -> str:
    cells = [
        f"<td><b>{issue_title(scenario, i)}</b></td><td>{option_title(scenario, i, o)}</td>"
        for i, o in package
    ]
    rows = ["<tr>" + "<td width='18'></td>".join(cells[k : k + 2]) + "</tr>" for k in range(0, len(cells), 2)]
    return f"<p><b>{tr('ratify.signed')}</b></p><table cellspacing='3'>{''.join(rows)}</table>"


class RatificationScreen(QWidget):
    debrief_did_request = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("ratification")
        outer = QVBoxLayout(self)
        outer.setContentsMargins(24, 20, 24, 20)
        self.title = heading("", role="title")
        bind(self.title, "ratify.title")
        outer.addWidget(self.title)
        # The signed text and the votes scroll together: at projector size they can be taller than the window,
        # and the verdict and the button below must stay in view.
        body = QWidget()
        inner = QVBoxLayout(body)
        inner.setContentsMargins(0, 0, 0, 0)
        self.summary = para("")
        inner.addWidget(self.summary)
        self.votes = QVBoxLayout()
        inner.addLayout(self.votes)
        inner.addStretch(1)
        self.scroller = QScrollArea()
        self.scroller.setWidgetResizable(True)
        self.scroller.setFrameShape(QScrollArea.Shape.NoFrame)
        self.scroller.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.scroller.setWidget(body)
        outer.addWidget(self.scroller, 1)
        row = QHBoxLayout()
        self.verdict = para("")
        self.verdict.setObjectName("ratification-verdict")
        self.next = button("", primary=True, name="to-debrief")
        bind(self.next, "ratify.next")
        bind(self.next, "ratify.next.tip", "setToolTip")
        self.next.clicked.connect(self.debrief_did_request)
        row.addWidget(self.verdict, 1)
        row.addWidget(self.next)
        outer.addLayout(row)
        self.bars: list[VoteBar] = []
        self.anim = QVariantAnimation(self)
        self.anim.setStartValue(0.0)
        self.anim.setEndValue(1.0)
        self.anim.setEasingCurve(QEasingCurve.Type.OutCubic)
        self.anim.valueChanged.connect(self._on_tick)

    def show_result(self, scenario: PublicScenario, view: SeatView, duration_ms: int = 2200) -> None:
        clear_layout(self.votes)
        self.bars = []
        o = view.outcome
        agreed = view.proposal(view.agreed) if view.agreed else None
        self.summary.setText(signed_table(scenario, agreed.package) if agreed else tr("ratify.nothing"))
        self.summary.setTextFormat(Qt.TextFormat.RichText)
        majorities = {r.delegation: r.majority for r in scenario.rules.ratification}
        for v in view.ratification:
            card = Card()
            kind = tr(f"ratify.kind.{v.kind}")
            card.body.addWidget(
                heading(tr("ratify.card", who=delegation_title(scenario, v.delegation), kind=kind))
            )
            if v.kind == "none":
                card.body.addWidget(para(tr("ratify.final")))
            else:
                bar = VoteBar(v, majorities.get(v.delegation, 0.5))
                bar.setObjectName(f"vote-{v.delegation}")
                self.bars.append(bar)
                card.body.addWidget(bar)
                info = para(
                    tr("ratify.chance", chance=f"{100 * v.probability:.0f}") + " " + vote_detail(scenario, v),
                    role="muted",
                )
                info.setObjectName(f"vote-detail-{v.delegation}")
                info.setTextFormat(Qt.TextFormat.RichText)
                card.body.addWidget(info)
            self.votes.addWidget(card)
        if o is not None:
            verdict = (
                tr(f"ratify.{o.result}")
                if o.result in ("ratified", "rejected-at-home")
                else say(outcome_message(o.result))
            )
            self.verdict.setText(f"<b>{verdict}</b>")
        self.anim.stop()
        self.anim.setDuration(max(1, duration_ms))
        if duration_ms <= 1:
            self._on_tick(1.0)
        else:
            self.anim.start()
        self.next.setFocus()

    def _on_tick(self, value: object) -> None:
        for b in self.bars:
            b.set_progress(float(value))  # type: ignore[arg-type]
