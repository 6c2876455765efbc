"""News: events as news items with their effects on the publics, newest first, and the text now on the table."""

from __future__ import annotations

from PySide6.QtWidgets import QTextBrowser, QVBoxLayout, QWidget

from negotiator.game.views import SeatView
from negotiator.model.public import PublicScenario
from negotiator.model.schema import Event
from negotiator.ui import style
from negotiator.ui.publics_model import group_title
from negotiator.ui.viewmodel import current_text, delegation_title, option_title

KIND_LABELS = {
    "attack": "Security",
    "settlement": "Settlements",
    "humanitarian": "Humanitarian",
    "coalition": "Politics",
    "diplomatic": "Diplomacy",
    "economic": "Economy",
    "other": "News",
}


def _size(x: float) -> str:
    a = abs(x)
    word = "slightly" if a < 0.04 else "clearly" if a < 0.1 else "sharply"
    return f"{word} {'up' if x > 0 else 'down'}"


def effect_words(scenario: PublicScenario, event: Event) -> list[str]:
    """Each effect as a plain sentence with its number ("Israeli public: mood toward a deal slightly down (−0.05)")."""
    out = []
    for eff in event.effects:
        who = "Every public" if eff.target == "all" else group_title(scenario, eff.target)
        parts = []
        if eff.mood:
            parts.append(f"mood toward a deal {_size(eff.mood)} ({eff.mood:+.2f})")
        if eff.trust_own:
            parts.append(f"trust in its own leaders {_size(eff.trust_own)} ({eff.trust_own:+.2f})")
        if eff.trust_other:
            parts.append(f"trust in the other side {_size(eff.trust_other)} ({eff.trust_other:+.2f})")
        if parts:
            out.append(f"{who}: {'; '.join(parts)}")
    return out


class NewsPanel(QWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("news")
        self.browser = QTextBrowser()
        self.browser.setObjectName("news-browser")
        self.browser.setAccessibleName("News and the text on the table")
        self.browser.setToolTip(
            "Effects are shifts in the publics' utility scale: 0.05 moves support by a few points; "
            "they fade by 15% each round."
        )
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addWidget(self.browser)
        self.event_count = 0

    def show_view(self, scenario: PublicScenario, view: SeatView) -> None:
        html = []
        text = current_text(view)
        if text is not None:
            status = {
                "open": "on the table",
                "agreed": "AGREED",
                "rejected": "rejected",
                "superseded": "replaced",
                "expired": "expired",
            }.get(text.status, text.status)
            pts = (
                f" · worth <b>{text.own_points:.0f}</b> points to you (walk-away "
                f"{view.own.reservation_value:.0f})"
                if text.own_points is not None
                else ""
            )
            rows = "".join(
                f"<tr><td><b>{scenario.issue(i).title}</b></td><td>{option_title(scenario, i, o)}</td></tr>"
                for i, o in text.package
            )
            html.append(
                f"<p><b>Text {text.id} by {delegation_title(scenario, text.by)} ({status})</b>{pts}</p>"
                f"<table cellspacing='3'>{rows}</table>"
            )
        else:
            html.append("<p><b>No text on the table yet.</b> Table a package to start the talks.</p>")
        events = list(reversed(view.events))
        self.event_count = len(events)
        if events:
            html.append("<p><b>News</b></p>")
        for rnd, eid in events:
            ev = next((e for e in scenario.events if e.id == eid), None)
            if ev is None:
                continue
            effects = "".join(f"<li>{w}</li>" for w in effect_words(scenario, ev))
            html.append(
                f"<p><span style='color:{style.VERMILLION}'><b>{KIND_LABELS.get(ev.kind, 'News')}"
                f" · round {rnd}</b></span><br><b>{ev.title}</b><br>{ev.text}</p><ul>{effects}</ul>"
            )
        if not events:
            html.append(
                f"<p style='color:{style.MUTED}'>No news yet. Events may break at the start of each "
                "round.</p>"
            )
        self.browser.setHtml("".join(html))
