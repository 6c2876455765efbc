"""About and sources: the version, every source each shipped scenario cites, the map notice, and the keyboard keys."""

from __future__ import annotations

import html

from PySide6.QtWidgets import QDialog, QDialogButtonBox, QTabWidget, QTextBrowser, QVBoxLayout, QWidget

from negotiator.buildinfo import build_info
from negotiator.model.schema import Scenario
from negotiator.ui import words
from negotiator.ui.language import bind, tr
from negotiator.ui.mapview.geo import load_outlines
from negotiator.ui.table.window import ACTION_SPECS

GENERAL_KEYS: tuple[tuple[str, str], ...] = (
    ("Ctrl+N", "keys.new"),
    ("Ctrl+O", "keys.load"),
    ("Ctrl+S", "keys.save"),
    ("Ctrl+B", "keys.brief"),
    ("Ctrl+1 … Ctrl+6", "keys.panels"),
    ("Ctrl+F", "keys.search"),
    ("Ctrl++ / Ctrl+-", "keys.size"),
    ("Ctrl+Enter", "keys.confirm"),
    ("Tab / Shift+Tab", "keys.tab"),
    ("Arrows, Space", "keys.arrows"),
    ("F1", "keys.help"),
    ("Ctrl+Q", "keys.quit"),
)
"""Keys and the catalogue entry that says what each does."""


def sources_html(scenarios: list[Scenario]) -> str:
    e = html.escape
    parts = []
    for sc in scenarios:
        parts.append(f"<h2>{e(words.text(sc, 'scenario.title', sc.scenario.title))}</h2>")
        if not sc.sources:
            parts.append(f"<p>{e(tr('about.no-sources'))}</p>")
        parts.append("<ol>")
        for s in sc.sources:
            link = f" <a href='{e(s.url)}'>{e(s.url)}</a>" if s.url else ""
            note = f"<br><span style='color:#5B6470'>{e(s.note)}</span>" if s.note else ""
            parts.append(f"<li><b>{e(s.title)}</b>, {e(s.publisher)}, {s.year}.{link}{note}</li>")
        parts.append("</ol>")
        notes = words.text(sc, "scenario.design_notes", sc.scenario.design_notes)
        parts.append(f"<p><b>{e(tr('about.design-notes'))}</b> {e(' '.join(notes.split()))}</p>")
    return "".join(parts)


def keys_html() -> str:
    e = html.escape
    # a key is Latin and left to right: isolated, so "Ctrl+1 … Ctrl+6" keeps its order in a right-to-left row
    rows = [f"<tr><td><b>{e(words.iso(k))}</b></td><td>{e(tr(v))}</td></tr>" for k, v in GENERAL_KEYS]
    rows += [
        f"<tr><td><b>{e(words.iso(key))}</b></td>"
        f"<td>{e(tr('action.' + n).replace('&', ''))}: {e(tr('action.' + n + '.tip'))}</td></tr>"
        for n, key in ACTION_SPECS
    ]
    return (
        f"<h2>{e(tr('keys.heading'))}</h2><p>{e(tr('keys.intro'))}</p>"
        f"<table cellspacing='6'>{''.join(rows)}</table>"
    )


class AboutDialog(QDialog):
    def __init__(self, scenarios: list[Scenario], parent: QWidget | None = None, start_tab: int = 0) -> None:
        super().__init__(parent)
        self.setObjectName("about")
        bind(self, "about.title", "setWindowTitle")
        tabs = QTabWidget()
        about = QTextBrowser()
        about.setObjectName("about-text")
        about.setOpenExternalLinks(True)
        outlines = load_outlines()
        info = build_info()
        e = html.escape
        about.setHtml(
            f"<h1>{e(tr('app.title'))}</h1><p>{e(tr('about.intro'))}</p>"
            f"<p>{e(words.iso(info.one_line()))}</p>"
            f"<h2>{e(tr('about.map'))}</h2><p>{e(outlines.notice)} {e(tr('about.licence'))} "
            "<a href='https://opendatacommons.org/licenses/odbl/1.0/'>ODbL 1.0</a>. "
            f"{e(tr('about.map-shapes'))}</p>"
            f"<h2>{e(tr('about.colours'))}</h2><p>{e(tr('about.colours-text'))}</p>"
            f"<h2>{e(tr('about.fonts'))}</h2><p>{e(tr('about.fonts-text'))}</p>"
        )
        sources = QTextBrowser()
        sources.setObjectName("sources")
        sources.setOpenExternalLinks(True)
        sources.setHtml(sources_html(scenarios))
        keys = QTextBrowser()
        keys.setObjectName("keys")
        keys.setHtml(keys_html())
        tabs.addTab(about, "")
        tabs.addTab(sources, "")
        tabs.addTab(keys, "")
        for k, msgid in enumerate(("about.tab.about", "about.tab.sources", "about.tab.keys")):
            bind(tabs, msgid, "setTabText", k)
        tabs.setCurrentIndex(start_tab)
        self.tabs = tabs
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        buttons.accepted.connect(self.accept)
        lay = QVBoxLayout(self)
        lay.addWidget(tabs)
        lay.addWidget(buttons)
        self.resize(860, 640)
