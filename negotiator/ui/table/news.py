"""News: events as news items with their effects on the publics, newest first, and the text now on the table."""

from __future__ import annotations

from PySide6.QtWidgets import QTextBrowser, QVBoxLayout, QWidget

from negotiator.game.views import SeatView
from negotiator.model.public import PublicScenario
from negotiator.model.schema import Event
from negotiator.text import Ref, event
from negotiator.ui import style, words
from negotiator.ui.language import bind, tr
from negotiator.ui.publics_model import group_title
from negotiator.ui.viewmodel import current_text, delegation_title, issue_title, option_title

KINDS = ("attack", "settlement", "humanitarian", "coalition", "diplomatic", "economic", "other")
"""Event kinds; each is headed by the catalogue entry news.kind.<kind>."""


def _size(x: float) -> str:
    a = abs(x)
    word = "slightly" if a < 0.04 else "clearly" if a < 0.1 else "sharply"
    return tr(f"news.{word}-{'up' if x > 0 else 'down'}")


def effect_words(scenario: PublicScenario, event: Event) -> list[str]:
    """Each effect as a plain sentence with its number ("Israeli public: mood toward a deal slightly down (−0.05)")."""
    out = []
    for eff in event.effects:
        who = tr("news.every-public") if eff.target == "all" else group_title(scenario, eff.target)
        parts = []
        if eff.mood:
            parts.append(tr("news.mood", size=_size(eff.mood), value=f"{eff.mood:+.2f}"))
        if eff.trust_own:
            parts.append(tr("news.trust-own", size=_size(eff.trust_own), value=f"{eff.trust_own:+.2f}"))
        if eff.trust_other:
            parts.append(tr("news.trust-other", size=_size(eff.trust_other), value=f"{eff.trust_other:+.2f}"))
        if parts:
            out.append(f"{who}: {'; '.join(parts)}")
    return out


class NewsPanel(QWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("news")
        self.browser = QTextBrowser()
        self.browser.setObjectName("news-browser")
        bind(self.browser, "news.name", "setAccessibleName")
        bind(self.browser, "news.tip", "setToolTip")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addWidget(self.browser)
        self.event_count = 0

    def show_view(self, scenario: PublicScenario, view: SeatView) -> None:
        html = []
        text = current_text(view)
        if text is not None:
            known = ("open", "agreed", "rejected", "superseded", "expired")
            status = tr(f"news.status.{text.status}") if text.status in known else text.status
            pts = (
                tr("news.worth", points=f"{text.own_points:.0f}", walk=f"{view.own.reservation_value:.0f}")
                if text.own_points is not None
                else ""
            )
            rows = "".join(
                f"<tr><td><b>{issue_title(scenario, i)}</b></td><td>{option_title(scenario, i, o)}</td></tr>"
                for i, o in text.package
            )
            head = tr("news.text", ref=text.id, who=delegation_title(scenario, text.by), status=status)
            html.append(f"<p><b>{head}</b>{pts}</p><table cellspacing='3'>{rows}</table>")
        else:
            html.append(f"<p>{tr('news.no-text')}</p>")
        events = list(reversed(view.events))
        self.event_count = len(events)
        if events:
            html.append(f"<p><b>{tr('news.heading')}</b></p>")
        for rnd, eid in events:
            ev = next((e for e in scenario.events if e.id == eid), None)
            if ev is None:
                continue
            effects = "".join(f"<li>{w}</li>" for w in effect_words(scenario, ev))
            kind = tr(f"news.kind.{ev.kind if ev.kind in KINDS else 'other'}")
            title = words.name(scenario, event(ev.id))
            body = words.name(scenario, Ref("event-text", (ev.id,)))
            html.append(
                f"<p><span style='color:{style.VERMILLION}'><b>{tr('news.round', kind=kind, round=rnd)}"
                f"</b></span><br><b>{title}</b><br>{body}</p><ul>{effects}</ul>"
            )
        if not events:
            html.append(f"<p style='color:{style.MUTED}'>{tr('news.none')}</p>")
        self.browser.setHtml("".join(html))
