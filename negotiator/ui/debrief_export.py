"""The debrief as one printable HTML file: text, tables, and the charts as embedded PNG images.

One self-contained file (no scripts, no external links to load) that any browser prints on A4 or Letter; a teacher can
mark it up or hand it out. The transcript of the talks is appended so a group's moves can be graded from it.
"""

from __future__ import annotations

import base64
import html
from pathlib import Path

from PySide6.QtCore import QBuffer, QByteArray, QIODevice
from PySide6.QtWidgets import QWidget

from negotiator.ui.debrief import outcome_html
from negotiator.ui.debrief_model import DebriefData

CSS = """
body { font-family: 'DejaVu Sans', Arial, sans-serif; color: #1E2227; max-width: 1000px; margin: 2em auto; }
h1 { font-size: 1.6em; } h2 { font-size: 1.25em; border-bottom: 1px solid #D5D0C5; margin-top: 1.6em; }
table { border-collapse: collapse; } td, th { border: 1px solid #D5D0C5; padding: 4px 6px; vertical-align: top; }
td.same { background: #D9F0E8; } img { max-width: 100%; border: 1px solid #D5D0C5; }
.muted { color: #5B6470; font-size: 0.9em; } li { margin: 2px 0; }
@media print { h2 { page-break-after: avoid; } img, table { page-break-inside: avoid; } }
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
    e = html.escape
    parts = [
        f"<!DOCTYPE html><html lang='en'><head><meta charset='utf-8'><title>Debrief: {e(d.scenario_title)}"
        f"</title><style>{CSS}</style></head><body>",
        f"<h1>Debrief: {e(d.scenario_title)}</h1>",
    ]
    if seats:
        parts.append(f"<p class='muted'>Seats: {e(seats)}</p>")
    parts.append("<h2>Outcome and scores</h2>" + outcome_html(d))
    titles = {
        "frontier": "The Pareto frontier, the deal, the Nash and Kalai-Smorodinsky points, walk-away values",
        "dance": "The negotiation dance: each side's offers in both sides' points",
        "opinion": "Public opinion over the game (support for the text on the table, %)",
    }
    for key, title in titles.items():
        if key in charts:
            parts.append(f"<h2>{e(title)}</h2><img alt='{e(title)}' src='{png_data_uri(charts[key])}'>")
    parts.append(
        "<h2>The deal next to the historical plans</h2><table><tr><th>Issue</th>"
        + "".join(f"<th>{e(c)}</th>" for c in d.history_columns)
        + "</tr>"
    )
    for issue, cells in d.history_rows:
        row = [f"<td><b>{e(issue)}</b></td>"]
        for k, c in enumerate(cells):
            cls = " class='same'" if k > 0 and c == cells[0] and c != "—" else ""
            row.append(f"<td{cls}>{e(c)}</td>")
        parts.append("<tr>" + "".join(row) + "</tr>")
    parts.append("</table><p class='muted'>Shaded: the same option as the deal.</p>")
    if transcript:
        parts.append("<h2>Transcript</h2><ol>" + "".join(f"<li>{e(t)}</li>" for t in transcript) + "</ol>")
    parts.append(
        "<p class='muted'>Made with Negotiator. Points are the scenario's design choices; see its sources and "
        "design notes.</p></body></html>"
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
