"""The debrief as one printable HTML file: text, tables, and the charts as embedded PNG images.

One self-contained file (no scripts, no external links to load) that any browser prints on A4 or Letter; a teacher can
mark it up or hand it out. The transcript of the talks is appended so a group's moves can be graded from it.
Written in the window's language, with ``lang`` and ``dir`` on the page (right to left for Hebrew and Arabic).
"""

from __future__ import annotations

import base64
import html
from pathlib import Path

from PySide6.QtCore import QBuffer, QByteArray, QIODevice
from PySide6.QtWidgets import QWidget

from negotiator.text import direction
from negotiator.ui import words
from negotiator.ui.debrief import outcome_html
from negotiator.ui.debrief_model import DebriefData
from negotiator.ui.report import CHARTS
from negotiator.ui.words import tr

CSS = """
body { font-family: 'DejaVu Sans', Arial, sans-serif; color: #1E2227; max-width: 1000px; margin: 2em auto; }
h1 { font-size: 1.6em; } h2 { font-size: 1.25em; border-bottom: 1px solid #D5D0C5; margin-top: 1.6em; }
table { border-collapse: collapse; } td, th { border: 1px solid #D5D0C5; padding: 4px 6px; vertical-align: top; }
td.same { background: #D9F0E8; } img { max-width: 100%; border: 1px solid #D5D0C5; }
.muted { color: #5B6470; font-size: 0.9em; } li { margin: 2px 0; }
@media print { h2 { page-break-after: avoid; } img, table { page-break-inside: avoid; } }
"""
RTL_CSS = """
body { font-family: 'Noto Sans Hebrew', 'Noto Sans Arabic UI', 'Noto Sans Arabic', 'DejaVu Sans', Arial, sans-serif; }
th, td { text-align: right; }
"""


def png_data_uri(widget: QWidget) -> str:
    pix = widget.grab()
    data = QByteArray()
    buf = QBuffer(data)
    buf.open(QIODevice.OpenModeFlag.WriteOnly)
    pix.save(buf, "PNG")
    buf.close()
    return "data:image/png;base64," + base64.b64encode(bytes(data.data())).decode("ascii")


def debrief_html(d: DebriefData, charts: dict[str, QWidget], transcript: list[str], seats: str = "") -> str:
    """The page in the window's language: every heading and note from the catalogues (the report's own entries),
    ``lang`` and ``dir`` set on the document so a browser lays Hebrew and Arabic out right to left."""
    e = html.escape
    lang = words.catalogue_language()
    rtl = direction(lang) == "rtl"
    title = tr("debrief.title.of", scenario=d.scenario_title)
    parts = [
        f"<!DOCTYPE html><html lang='{lang}' dir='{direction(lang)}'><head><meta charset='utf-8'><title>{e(title)}"
        f"</title><style>{CSS}{RTL_CSS if rtl else ''}</style></head><body>",
        f"<h1>{e(title)}</h1>",
    ]
    if seats:
        parts.append(f"<p class='muted'>{e(tr('export.seats', seats=seats))}</p>")
    parts.append(f"<h2>{e(tr('debrief.outcome'))}</h2>" + outcome_html(d))
    for key, msgid in CHARTS:
        if key in charts:
            heading = tr(msgid)
            # The chart keeps its geometry in every language; only its labels follow the language.
            parts.append(
                f"<h2>{e(heading)}</h2><img dir='ltr' alt='{e(heading)}' src='{png_data_uri(charts[key])}'>"
            )
    parts.append(
        f"<h2>{e(tr('report.history'))}</h2><table><tr><th>{e(tr('report.col.issue'))}</th>"
        + "".join(f"<th>{e(c)}</th>" for c in d.history_columns)
        + "</tr>"
    )
    for issue, cells in d.history_rows:
        row = [f"<td><b>{e(issue)}</b></td>"]
        for k, c in enumerate(cells):
            cls = " class='same'" if k > 0 and c == cells[0] and c != "—" else ""
            row.append(f"<td{cls}>{e(c)}</td>")
        parts.append("<tr>" + "".join(row) + "</tr>")
    parts.append(f"</table><p class='muted'>{e(tr('report.history.shaded'))}</p>")
    if transcript:
        parts.append(
            f"<h2>{e(tr('export.transcript'))}</h2><ol>"
            + "".join(f"<li>{e(t)}</li>" for t in transcript)
            + "</ol>"
        )
    parts.append(
        f"<p class='muted'>{e(tr('report.footer', app='Negotiator', file='docs/analytics.md'))}</p></body></html>"
    )
    return "".join(parts)


def write_debrief(
    path: str | Path, d: DebriefData, charts: dict[str, QWidget], transcript: list[str], seats: str = ""
) -> Path:
    p = Path(path)
    if p.suffix.lower() not in (".html", ".htm"):
        p = p.with_suffix(".html")
    p.write_text(debrief_html(d, charts, transcript, seats), encoding="utf-8")
    return p
