"""About and sources: the version, every source each shipped scenario cites, the map notice, and the keyboard keys."""

from __future__ import annotations

import html

from PySide6.QtWidgets import QDialog, QDialogButtonBox, QTabWidget, QTextBrowser, QVBoxLayout, QWidget

from negotiator.buildinfo import build_info
from negotiator.model.schema import Scenario
from negotiator.ui.mapview.geo import load_outlines
from negotiator.ui.table.window import ACTION_SPECS

GENERAL_KEYS: tuple[tuple[str, str], ...] = (
    ("Ctrl+N", "New game (start screen)"),
    ("Ctrl+O", "Load a saved game"),
    ("Ctrl+S", "Save a copy of the game"),
    ("Ctrl+B", "Show your brief again"),
    ("Ctrl+1 … Ctrl+6", "Go to a panel: actions, issues, map, publics, log, news"),
    ("Ctrl+F", "Search the history log"),
    ("Ctrl++ / Ctrl+-", "Bigger / smaller text"),
    ("Ctrl+Enter", "Confirm (start a game, table a package)"),
    ("Tab / Shift+Tab", "Move between controls"),
    ("Arrows, Space", "Choose options, press buttons"),
    ("F1", "Keyboard keys (this list)"),
    ("Ctrl+Q", "Quit"),
)


def sources_html(scenarios: list[Scenario]) -> str:
    e = html.escape
    parts = []
    for sc in scenarios:
        parts.append(f"<h2>{e(sc.scenario.title)}</h2>")
        if not sc.sources:
            parts.append("<p>No sources cited.</p>")
        parts.append("<ol>")
        for s in sc.sources:
            link = f" <a href='{e(s.url)}'>{e(s.url)}</a>" if s.url else ""
            note = f"<br><span style='color:#5B6470'>{e(s.note)}</span>" if s.note else ""
            parts.append(f"<li><b>{e(s.title)}</b>, {e(s.publisher)}, {s.year}.{link}{note}</li>")
        parts.append("</ol>")
        parts.append(f"<p><b>Design notes.</b> {e(' '.join(sc.scenario.design_notes.split()))}</p>")
    return "".join(parts)


def keys_html() -> str:
    rows = [f"<tr><td><b>{k}</b></td><td>{v}</td></tr>" for k, v in GENERAL_KEYS]
    rows += [
        f"<tr><td><b>{key}</b></td><td>{text.replace('&', '')}: {tip}</td></tr>"
        for _n, text, key, tip in ACTION_SPECS
    ]
    return (
        "<h2>Keyboard</h2><p>Every action has a key; underlined letters work with Alt.</p>"
        f"<table cellspacing='6'>{''.join(rows)}</table>"
    )


class AboutDialog(QDialog):
    def __init__(self, scenarios: list[Scenario], parent: QWidget | None = None, start_tab: int = 0) -> None:
        super().__init__(parent)
        self.setObjectName("about")
        self.setWindowTitle("About Negotiator")
        tabs = QTabWidget()
        about = QTextBrowser()
        about.setObjectName("about-text")
        about.setOpenExternalLinks(True)
        outlines = load_outlines()
        info = build_info()
        about.setHtml(
            "<h1>Negotiator</h1><p>A negotiation-simulation game about an Israeli-Palestinian settlement, for students, "
            "trainers and solo players. Roles are offices, never living persons; every side's claims are written to be "
            "recognised by its own people.</p>"
            f"<p>{html.escape(info.one_line())}</p>"
            "<h2>Map</h2><p>" + html.escape(outlines.notice) + " Licence: "
            "<a href='https://opendatacommons.org/licenses/odbl/1.0/'>ODbL 1.0</a>. Settlement blocs, swap areas, "
            "the Jordan Valley strip and the Jerusalem inset are the game's own schematic shapes, not surveyed lines.</p>"
            "<h2>Colours</h2><p>The palette is Okabe and Ito's colour-blind-safe set; every state is also written in "
            "words or symbols.</p>"
        )
        sources = QTextBrowser()
        sources.setObjectName("sources")
        sources.setOpenExternalLinks(True)
        sources.setHtml(sources_html(scenarios))
        keys = QTextBrowser()
        keys.setObjectName("keys")
        keys.setHtml(keys_html())
        tabs.addTab(about, "&About")
        tabs.addTab(sources, "&Sources")
        tabs.addTab(keys, "&Keyboard")
        tabs.setCurrentIndex(start_tab)
        self.tabs = tabs
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        buttons.accepted.connect(self.accept)
        lay = QVBoxLayout(self)
        lay.addWidget(tabs)
        lay.addWidget(buttons)
        self.resize(860, 640)
