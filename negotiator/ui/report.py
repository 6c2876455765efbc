"""Printable reports as PDF, made with Qt's own QTextDocument and QPdfWriter (no browser, no system library).

Two documents from a verified saved game (:class:`~negotiator.session.log.LoadedGame`):

- the **game debrief** (the trainer's copy): outcome and scores, the debrief's three charts rendered to images, how
  each side negotiated (:mod:`negotiator.game.analytics`), the deal next to the historical plans, and the complete
  transcript with every delegation's points and the private messages;
- a **delegation's report**: only that delegation's own material, built from its own seat view
  (:func:`negotiator.game.views.view_for`): its briefs, point schedule, walk-away value and red lines, its own points
  for each text on the table, its outcome, how it negotiated (the figures that rest on its own points only), and the
  transcript as that seat saw it (public moves, its own private messages, its own points).

Fonts are embedded by Qt's PDF engine (TrueType subsets). Transcripts are never cut: the document flows onto as many
A4 pages as it needs. Qt must already have a QApplication (or :func:`ensure_app` makes one).
"""

from __future__ import annotations

import html
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from PySide6.QtCore import QMarginsF, QSizeF, QUrl
from PySide6.QtGui import QFont, QImage, QPageLayout, QPageSize, QPdfWriter, QTextDocument
from PySide6.QtWidgets import QApplication, QWidget

from negotiator.game.analytics import skill_report
from negotiator.game.commands import AskMediator, PrivateMessage, TrainerMessage
from negotiator.game.views import SeatView, view_for
from negotiator.model.schema import Scenario
from negotiator.ui import style
from negotiator.ui.debrief import (
    dance_chart,
    frontier_chart,
    opinion_chart,
    opinion_legend,
    outcome_html,
    skill_deal_html,
    skill_side_html,
)
from negotiator.ui.debrief_model import DebriefData, build_debrief
from negotiator.ui.viewmodel import OUTCOME_WORDS, delegation_title, option_title

CSS = """
body { color: #1E2227; }
h1 { font-size: 17pt; margin-bottom: 2pt; }
h2 { font-size: 13pt; margin-top: 14pt; margin-bottom: 4pt; color: #1E2227; }
h3 { font-size: 11pt; margin-top: 8pt; margin-bottom: 2pt; }
p, li, td, th { font-size: 9.5pt; }
.muted { color: #5B6470; font-size: 8.5pt; }
th { background-color: #EFEBE3; text-align: left; }
td.same { background-color: #D9F0E8; }
"""
CHARTS = (
    ("frontier", "The Pareto frontier, the deal, the Nash and Kalai-Smorodinsky points, walk-away values"),
    ("dance", "The negotiation dance: each side's offers in both sides' points"),
    ("opinion", "Public opinion over the game (support for the text on the table, %)"),
)
CHART_SIZE = (760, 440)
"""Charts are laid out at this size, so their labels read at print size; ``negotiator report`` draws them at twice
the pixels (QT_SCALE_FACTOR=2), sharp on paper."""
CHART_WIDTH = 480
"""Width of a chart on the page, in the document's units (points)."""


def ensure_app() -> QApplication:
    """The running QApplication, or a new one (the caller decides the platform, e.g. offscreen, beforehand)."""
    app = QApplication.instance()
    if app is None:
        app = QApplication([])
        style.apply_style(app, 1.0)
    assert isinstance(app, QApplication)
    return app


def _e(text: object) -> str:
    return html.escape(str(text))


TRANSCRIPT_WIDTHS = (5, 9, 18, 50, 18)
"""Column widths (%) of a transcript table: the move's text gets the room."""


def _table(
    header: Sequence[str], rows: Sequence[Sequence[str]], raw: bool = False, widths: Sequence[int] = ()
) -> str:
    """An HTML table; cells are escaped unless ``raw``; ``widths`` in percent of the page, per column."""
    sized = zip(header, widths or [0] * len(header), strict=True)
    head = "".join(f"<th width='{w}%'>{_e(h)}</th>" if w else f"<th>{_e(h)}</th>" for h, w in sized)
    body = "".join("<tr>" + "".join(f"<td>{c if raw else _e(c)}</td>" for c in row) + "</tr>" for row in rows)
    # <thead>: Qt repeats the header row at the top of every page the table flows onto.
    return (
        f"<table border='1' cellspacing='0' cellpadding='3' width='100%'><thead><tr>{head}</tr></thead>"
        f"{body}</table>"
    )


def chart_images(d: DebriefData, size: tuple[int, int] = CHART_SIZE) -> dict[str, QImage]:
    """The debrief's charts drawn offscreen to images (the same chart code as the screen)."""
    ensure_app()
    out: dict[str, QImage] = {}
    makers = {"frontier": frontier_chart, "dance": dance_chart, "opinion": opinion_chart}
    for key, make in makers.items():
        w: QWidget = make(d)
        w.resize(*size)
        w.ensurePolished()
        QApplication.processEvents()
        image = w.grab().toImage()  # at the screen's pixel ratio: the report command asks Qt for 2
        out[key] = image
        w.deleteLater()
    return out


def new_document(title: str) -> QTextDocument:
    doc = QTextDocument()
    doc.setDefaultStyleSheet(CSS)
    font = QFont("DejaVu Sans")
    font.setPointSizeF(9.5)
    doc.setDefaultFont(font)
    doc.setMetaInformation(QTextDocument.MetaInformation.DocumentTitle, title)
    return doc


def write_pdf(doc: QTextDocument, path: str | Path, title: str) -> Path:
    """Print ``doc`` to an A4 PDF at ``path`` (fonts embedded by Qt); returns the path written."""
    p = Path(path)
    writer = QPdfWriter(str(p))
    writer.setTitle(title)
    writer.setCreator("Negotiator")
    writer.setResolution(300)
    writer.setPageLayout(
        QPageLayout(
            QPageSize(QPageSize.PageSizeId.A4),
            QPageLayout.Orientation.Portrait,
            QMarginsF(15, 15, 15, 15),
            QPageLayout.Unit.Millimeter,
        )
    )
    # Lay the text out on a page 700 points wide, whatever the printer's resolution: fonts and images keep their
    # on-screen proportions.
    rect = writer.pageLayout().paintRectPoints()
    doc.setPageSize(QSizeF(rect.width(), rect.height()))
    doc.print_(writer)
    return p


# ------------------------------------------------------------------------------------------------ transcripts
def trainer_transcript(game: Any) -> list[tuple[str, str, str, str, str]]:
    """(move, round, seat, what happened, every delegation's points) of every move: the trainer's copy."""
    from negotiator.store.transcript import moves

    scenario: Scenario = game.scenario
    rows = []
    for m in moves(game, "trainer"):
        text = m.text + (f" ({m.reason})" if m.reason and m.reason not in m.text else "")
        if m.happened:
            text += " — " + "; ".join(m.happened)
        pts = (
            ", ".join(f"{delegation_title(scenario, d)} {v:.1f}" for d, v in m.points.items())
            if m.points
            else ""
        )
        rows.append((str(m.number), str(m.round), _seat_title(scenario, m.seat), text, pts))
    return rows


def seat_transcript(game: Any, seat: str) -> list[tuple[str, str, str, str, str]]:
    """The transcript as ``seat`` saw it: the public copy, plus its own private lines and its own points only."""
    from negotiator.store.transcript import moves

    scenario: Scenario = game.scenario
    public = moves(game, "public")
    trainer = moves(game, "trainer")
    rows = []
    for pub, full, cmd in zip(public, trainer, game.commands, strict=True):
        m = pub
        if isinstance(cmd, PrivateMessage) and seat not in (cmd.seat, cmd.to):
            continue  # the seat never saw it, not even that it was sent
        if isinstance(cmd, TrainerMessage) and cmd.to and cmd.to != seat:
            continue  # the trainer's word to another seat
        mine = (isinstance(cmd, PrivateMessage) and seat in (cmd.seat, cmd.to)) or (
            isinstance(cmd, AskMediator) and cmd.seat == seat
        )
        text, reason = (full.text, full.reason) if mine else (m.text, m.reason)
        line = text + (f" ({reason})" if reason and reason not in text else "")
        if m.happened:
            line += " — " + "; ".join(m.happened)
        own = full.points.get(seat) if full.points else None
        rows.append(
            (
                str(m.number),
                str(m.round),
                _seat_title(scenario, m.seat),
                line,
                f"{own:.1f}" if own is not None else "",
            )
        )
    return rows


def _seat_title(scenario: Scenario, seat: str) -> str:
    return delegation_title(scenario, seat) if seat else "—"


# ---------------------------------------------------------------------------------------------- the debrief
def debrief_document(game: Any, images: dict[str, QImage] | None = None) -> QTextDocument:
    """The game debrief (trainer's copy) as a document, charts included."""
    scenario: Scenario = game.scenario
    state = game.state
    first = next(
        (s for s in scenario.rules.signatories if s in state.setup.seat_ids), state.setup.seat_ids[0]
    )
    d = build_debrief(scenario, view_for(state, first))
    imgs = images if images is not None else chart_images(d)
    doc = new_document(f"Debrief: {d.scenario_title}")
    parts = [
        _head(f"Debrief: {d.scenario_title}"),
        f"<h1>Debrief: {_e(d.scenario_title)}</h1>",
        f"<p class='muted'>{_e(_seats_line(game))}</p>",
    ]
    parts.append("<h2>Outcome and scores</h2>" + outcome_html(d))
    if d.skill is not None:
        parts.append("<h2>How each side negotiated</h2>" + skill_deal_html(d.skill, d.party_titles))
        for k, side in enumerate(d.skill.sides):
            parts.append(skill_side_html(side, d.skill, d.party_titles[k]))
    for k, (key, title) in enumerate(CHARTS):
        if key in imgs:
            url = QUrl(f"chart://{key}")
            doc.addResource(QTextDocument.ResourceType.ImageResource, url, imgs[key])
            # Two charts a page, each with its heading: a heading is never left at the foot of a page.
            brk = " style='page-break-before: always'" if k % 2 == 0 else ""
            parts.append(
                f"<h2{brk}>{_e(title)}</h2><p><img src='{url.toString()}' width='{CHART_WIDTH}'></p>"
            )
            if key == "opinion":
                parts.append(opinion_legend(d).text())  # the screen's legend beside the chart, here below it
    rows = []
    for issue, cells in d.history_rows:
        row = [f"<b>{_e(issue)}</b>"]
        for k, c in enumerate(cells):
            same = k > 0 and c == cells[0] and c != "—"
            row.append(f"<span style='background-color:#D9F0E8'>{_e(c)}</span>" if same else _e(c))
        rows.append(row)
    parts.append(
        "<h2>The deal next to the historical plans</h2>"
        + _table(["Issue", *d.history_columns], rows, raw=True)
        + "<p class='muted'>Shaded: the same option as the deal.</p>"
    )
    transcript = trainer_transcript(game)
    parts.append(
        f"<h2 style='page-break-before: always'>Transcript ({len(transcript)} moves, trainer's copy: every delegation's points and the private "
        "messages)</h2>"
        + _table(["#", "Round", "Delegation", "Move", "Points"], transcript, widths=TRANSCRIPT_WIDTHS)
    )
    parts.append(_footer())
    doc.setHtml("".join(parts))
    return doc


def _seats_line(game: Any) -> str:
    scenario: Scenario = game.scenario
    seats = " · ".join(
        f"{delegation_title(scenario, s.delegation)}: "
        f"{'person' if s.controller == 'human' else 'AI ' + (s.persona or 'default')}"
        for s in game.setup.seats
    )
    return f"Game {game.saved.header.game_id[:8]} · seed {game.setup.seed} · {seats}"


def _head(title: str) -> str:
    """The document's title (QTextDocument reads it into its DocumentTitle, the PDF's title)."""
    return f"<html><head><title>{_e(title)}</title></head><body>"


def _footer() -> str:
    return (
        "<p class='muted'>Made with Negotiator. Points are the scenario's design choices; see its sources and "
        "design notes. Every analytics measure is defined in docs/analytics.md.</p>"
    )


# ------------------------------------------------------------------------------------------- a delegation's own
def delegation_document(game: Any, seat: str) -> QTextDocument:
    """A report holding only ``seat``'s own material, from its own final view."""
    scenario: Scenario = game.scenario
    if seat not in game.setup.seat_ids:
        raise KeyError(seat)
    view: SeatView = view_for(game.state, seat)
    me = delegation_title(scenario, seat)
    title = f"{me}: {scenario.scenario.title}"
    doc = new_document(title)
    own = view.own
    parts = [_head(title), f"<h1>{_e(title)}</h1>", f"<p class='muted'>{_e(_seats_line(game))}</p>"]
    o = view.outcome
    if o is not None:
        gain = o.own_surplus
        parts.append(
            "<h2>Your outcome</h2>"
            f"<p><b>{_e(OUTCOME_WORDS.get(o.result, o.result).capitalize())}.</b> You end with "
            f"<b>{o.own_points:.1f}</b> points against a walk-away value of {own.reservation_value:.0f} "
            f"(gain {gain:+.1f}).</p>"
        )
        if o.package:
            parts.append(
                _table(
                    ["Issue", "Agreed option", "Your points for it"],
                    [
                        (
                            scenario.issue(i).title,
                            option_title(scenario, i, opt),
                            f"{_own_option(view, i, opt):.0f}",
                        )
                        for i, opt in o.package
                    ],
                )
            )
    else:
        parts.append(
            f"<h2>Your outcome</h2><p>The talks are not over (round {view.round}, {_e(view.phase)}).</p>"
        )
    parts.append(f"<h2>Your brief</h2><p>{_e(scenario.delegation(seat).brief.strip())}</p>")
    parts.append(f"<h3>Confidential</h3><p>{_e(own.confidential_brief.strip())}</p>")
    total = sum(w for _, w in own.priorities) or 1.0
    rows = []
    for (issue_id, weight), (_, options) in zip(own.priorities, own.points, strict=True):
        opts = "; ".join(f"{option_title(scenario, issue_id, oid)} {pts:.0f}" for oid, pts in options)
        rows.append((scenario.issue(issue_id).title, f"{100 * weight / total:.0f}%", opts))
    parts.append(
        f"<h3>Your points (walk-away value {own.reservation_value:.0f})</h3>"
        + _table(["Issue", "Priority", "Points per option (0-100)"], rows)
    )
    if own.red_lines:
        items = "".join(
            f"<li><b>{_e(scenario.issue(i).title)}</b>: never "
            f"{_e(', '.join(option_title(scenario, i, x) for x in opts))}. {_e(why)}</li>"
            for i, opts, why in own.red_lines
        )
        parts.append(f"<h3>Your red lines</h3><ul>{items}</ul>")
    if own.interactions:
        items = "".join(
            f"<li>{_e(' with '.join(option_title(scenario, i, x) for i, x in when))}: {pts:+.0f} points. "
            f"{_e(why)}</li>"
            for when, pts, why in own.interactions
        )
        parts.append(f"<h3>Options worth more or less together</h3><ul>{items}</ul>")
    texts = [
        (
            p.id,
            str(p.round),
            delegation_title(scenario, p.by),
            p.status,
            f"{p.own_points:.1f}" if p.own_points is not None else "partial",
        )
        for p in view.proposals
    ]
    if texts:
        parts.append(
            "<h2>The texts on the table, in your points</h2>"
            + _table(["Text", "Round", "Tabled by", "Status", "Your points"], texts)
        )
    skill = skill_report(scenario, view)
    if seat in skill.parties:
        parts.append(
            "<h2>How you negotiated</h2>" + skill_side_html(skill.side(seat), skill, me, own_only=True)
        )
    transcript = seat_transcript(game, seat)
    parts.append(
        f"<h2 style='page-break-before: always'>Transcript ({len(transcript)} moves, as your delegation saw them)</h2>"
        + _table(["#", "Round", "Delegation", "Move", "Your points"], transcript, widths=TRANSCRIPT_WIDTHS)
    )
    parts.append(_footer())
    doc.setHtml("".join(parts))
    return doc


def _own_option(view: SeatView, issue_id: str, option_id: str) -> float:
    for i, options in view.own.points:
        if i == issue_id:
            return dict(options)[option_id]
    raise KeyError(issue_id)
