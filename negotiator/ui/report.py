"""Printable reports as PDF, made with Qt's own QTextDocument and QPdfWriter (no browser, no system library).

Two documents from a verified saved game (:class:`~negotiator.session.log.LoadedGame`):

- the **game debrief** (the trainer's copy): outcome and scores, the debrief's three charts rendered to images, how
  each side negotiated (:mod:`negotiator.game.analytics`), the deal next to the historical plans, and the complete
  transcript with every delegation's points and the private messages;
- a **delegation's report**: only that delegation's own material, built from its own seat view
  (:func:`negotiator.game.views.view_for`): its briefs, point schedule, walk-away value and red lines, its own points
  for each text on the table, its outcome, how it negotiated (the figures that rest on its own points only), and the
  transcript as that seat saw it (public moves, its own private messages, its own points).

Every word comes from the message catalogues (``report.*`` and the debrief's own entries) and the scenario's
translations, in the language asked for (``lang``; default the window's): a Hebrew or Arabic report is laid out right
to left (the document's text direction and ``dir='rtl'`` on its blocks and tables), with the shipped Noto fonts first
so the text is shaped, and numbers, ids and names in Unicode isolates. The charts keep their geometry, their labels
follow the language.

Fonts are embedded by Qt's PDF engine (TrueType subsets). Transcripts are never cut: the document flows onto as many
A4 pages as it needs. Qt must already have a QApplication (or :func:`ensure_app` makes one).
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from PySide6.QtCore import QMarginsF, QSizeF, Qt, QUrl
from PySide6.QtGui import (
    QFont,
    QImage,
    QPageLayout,
    QPageSize,
    QPdfWriter,
    QTextCursor,
    QTextDocument,
    QTextOption,
)
from PySide6.QtWidgets import QApplication, QWidget

from negotiator.game.analytics import skill_report
from negotiator.game.commands import AskMediator, PrivateMessage, TrainerMessage
from negotiator.game.sentences import OUTCOMES, outcome_message
from negotiator.game.views import SeatView, view_for
from negotiator.model.schema import Scenario
from negotiator.text import RTL
from negotiator.ui import style, words
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
from negotiator.ui.viewmodel import delegation_title, issue_title, option_title
from negotiator.ui.words import iso, tr

CSS = """
body { color: #1E2227; }
h1 { font-size: 17pt; margin-bottom: 2pt; }
h2 { font-size: 13pt; margin-top: 14pt; margin-bottom: 4pt; color: #1E2227; }
h3 { font-size: 11pt; margin-top: 8pt; margin-bottom: 2pt; }
p, li, td, th { font-size: 9.5pt; }
.muted { color: #5B6470; font-size: 8.5pt; }
th { background-color: #EFEBE3; }
td.same { background-color: #D9F0E8; }
"""
CHARTS = (
    ("frontier", "report.chart.frontier"),
    ("dance", "report.chart.dance"),
    ("opinion", "report.chart.opinion"),
)
"""Each chart of the debrief and the catalogue entry of its heading in the report."""
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


@contextmanager
def in_language(lang: str | None) -> Iterator[str]:
    """Render in ``lang`` (None: the window's current language) while the block runs, then restore the window's."""
    before = words.current()
    words.set_current(lang or before)
    try:
        yield words.catalogue_language()
    finally:
        words.set_current(before)


def _rtl() -> bool:
    return words.catalogue_language() in RTL


def _dir() -> str:
    """The ``dir`` attribute of a block in the current language (Qt's rich text reads it per block and table)."""
    return "rtl" if _rtl() else "ltr"


TRANSCRIPT_WIDTHS = (5, 9, 18, 50, 18)
"""Column widths (%) of a transcript table: the move's text gets the room."""


def _table(
    header: Sequence[str], rows: Sequence[Sequence[str]], raw: bool = False, widths: Sequence[int] = ()
) -> str:
    """An HTML table; cells are escaped unless ``raw``; ``widths`` in percent of the page, per column."""
    sized = zip(header, widths or [0] * len(header), strict=True)
    head = "".join(f"<th width='{w}%'>{_e(h)}</th>" if w else f"<th>{_e(h)}</th>" for h, w in sized)
    body = "".join("<tr>" + "".join(f"<td>{c if raw else _e(c)}</td>" for c in row) + "</tr>" for row in rows)
    # <thead>: Qt repeats the header row at the top of every page the table flows onto. dir: the columns run from
    # the right in Hebrew and Arabic.
    return (
        f"<table dir='{_dir()}' border='1' cellspacing='0' cellpadding='3' width='100%'>"
        f"<thead><tr>{head}</tr></thead>{body}</table>"
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
    """An empty document in the current language: its script's shipped font first (Hebrew and Arabic are shaped
    from it; Latin names fall through to the next family), text laid out right to left for Hebrew and Arabic."""
    doc = QTextDocument()
    doc.setDefaultStyleSheet(CSS)
    font = QFont()
    font.setFamilies(style.families())
    font.setPointSizeF(9.5)
    doc.setDefaultFont(font)
    option = QTextOption(doc.defaultTextOption())
    option.setTextDirection(Qt.LayoutDirection.RightToLeft if _rtl() else Qt.LayoutDirection.LeftToRight)
    doc.setDefaultTextOption(option)
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
    """(move, round, seat, what happened, every delegation's points) of every move, in the current language: the
    trainer's copy."""
    from negotiator.store.transcript import moves

    scenario: Scenario = game.scenario
    rows = []
    for m in moves(game, "trainer", words.catalogue_language()):
        text = m.text + (f" ({m.reason})" if m.reason and m.reason not in m.text else "")
        if m.happened:
            text += " — " + tr("report.semicolon").join(m.happened)
        pts = (
            tr("report.list").join(
                tr("report.points-of", who=delegation_title(scenario, d), points=f"{v:.1f}")
                for d, v in m.points.items()
            )
            if m.points
            else ""
        )
        rows.append((iso(str(m.number)), iso(str(m.round)), _seat_title(scenario, m.seat), text, pts))
    return rows


def seat_transcript(game: Any, seat: str) -> list[tuple[str, str, str, str, str]]:
    """The transcript as ``seat`` saw it, in the current language: the public copy, plus its own private lines and its
    own points only."""
    from negotiator.store.transcript import moves

    scenario: Scenario = game.scenario
    lang = words.catalogue_language()
    public = moves(game, "public", lang)
    trainer = moves(game, "trainer", lang)
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
            line += " — " + tr("report.semicolon").join(m.happened)
        own = full.points.get(seat) if full.points else None
        rows.append(
            (
                iso(str(m.number)),
                iso(str(m.round)),
                _seat_title(scenario, m.seat),
                line,
                iso(f"{own:.1f}") if own is not None else "",
            )
        )
    return rows


def _seat_title(scenario: Scenario, seat: str) -> str:
    return delegation_title(scenario, seat) if seat else "—"


# ---------------------------------------------------------------------------------------------- the debrief
def debrief_document(
    game: Any, images: dict[str, QImage] | None = None, lang: str | None = None, seat: str | None = None
) -> QTextDocument:
    """The game debrief as a document, charts included, in ``lang`` (default: the window's): the trainer's copy,
    or with ``seat`` the copy a player may keep, whose transcript is that seat's (the public moves, its own private
    lines and its own points; the debrief screen never shows a player the other delegations' private channels)."""
    with in_language(lang):
        return _debrief_document(game, images, seat)


def _debrief_document(game: Any, images: dict[str, QImage] | None, seat: str | None = None) -> QTextDocument:
    scenario: Scenario = game.scenario
    state = game.state
    first = next(
        (s for s in scenario.rules.signatories if s in state.setup.seat_ids), state.setup.seat_ids[0]
    )
    d = build_debrief(scenario, view_for(state, first))
    imgs = images if images is not None else chart_images(d)
    title = tr("debrief.title.of", scenario=d.scenario_title)
    doc = new_document(title)
    parts = [
        _head(title),
        _h(1, title),
        _p(_e(_seats_line(game)), "muted"),
    ]
    parts.append(_h(2, tr("debrief.outcome")) + _block(outcome_html(d)))
    if d.skill is not None:
        parts.append(_h(2, tr("debrief.skill")) + _block(skill_deal_html(d.skill, d.party_titles)))
        for k, side in enumerate(d.skill.sides):
            parts.append(_block(skill_side_html(side, d.skill, d.party_titles[k])))
    for k, (key, msgid) in enumerate(CHARTS):
        if key in imgs:
            url = QUrl(f"chart://{key}")
            doc.addResource(QTextDocument.ResourceType.ImageResource, url, imgs[key])
            # Two charts a page, each with its heading: a heading is never left at the foot of a page.
            parts.append(_h(2, tr(msgid), page_break=k % 2 == 0))
            parts.append(f"<p align='center'><img src='{url.toString()}' width='{CHART_WIDTH}'></p>")
            if key == "opinion":
                parts.append(
                    _block(opinion_legend(d).text())
                )  # the screen's legend beside the chart, here below
    rows = []
    for issue, cells in d.history_rows:
        row = [f"<b>{_e(issue)}</b>"]
        for k, c in enumerate(cells):
            same = k > 0 and c == cells[0] and c != "—"
            row.append(f"<span style='background-color:#D9F0E8'>{_e(c)}</span>" if same else _e(c))
        rows.append(row)
    parts.append(
        _h(2, tr("report.history"))
        + _table([tr("report.col.issue"), *d.history_columns], rows, raw=True)
        + _p(_e(tr("report.history.shaded")), "muted")
    )
    if seat is None:
        transcript = trainer_transcript(game)
        heading, points = tr("report.transcript.trainer", n=len(transcript)), tr("report.col.points")
    else:
        transcript = seat_transcript(game, seat)
        heading, points = tr("report.transcript.own", n=len(transcript)), tr("report.col.your-points")
    parts.append(
        _h(2, heading, page_break=True)
        + _table(_transcript_header(points), transcript, widths=TRANSCRIPT_WIDTHS)
    )
    parts.append(_footer())
    _set_html(doc, parts)
    return doc


def _transcript_header(points: str) -> list[str]:
    return ["#", tr("report.col.round"), tr("report.col.delegation"), tr("report.col.move"), points]


def _h(level: int, text: str, page_break: bool = False) -> str:
    brk = " style='page-break-before: always'" if page_break else ""
    return f"<h{level} dir='{_dir()}'{brk}>{_e(text)}</h{level}>"


def _p(inner_html: str, cls: str = "") -> str:
    c = f" class='{cls}'" if cls else ""
    return f"<p dir='{_dir()}'{c}>{inner_html}</p>"


def _block(inner_html: str) -> str:
    """HTML made for the screen (the debrief's own sections) in a block that reads in the current direction (Qt's
    tables do not inherit a direction from the block around them: each is given its own)."""
    return (
        f"<div dir='{_dir()}'>{inner_html.replace('<table', f'<table dir={chr(39)}{_dir()}{chr(39)}')}</div>"
    )


_ROW = re.compile(r"(<tr[^>]*>)(.*?)(</tr>)", re.DOTALL)
_CELL = re.compile(r"<t([dh])\b[^>]*>.*?</t\1>", re.DOTALL)


def mirror_tables(markup: str) -> str:
    """Every table row's cells in reverse order: Qt's rich text lays a table's columns out left to right whatever
    its direction, so a right-to-left report puts its first column on the right itself."""

    def row(m: re.Match[str]) -> str:
        return m.group(1) + "".join(reversed([c.group(0) for c in _CELL.finditer(m.group(2))])) + m.group(3)

    return _ROW.sub(row, markup)


def _set_html(doc: QTextDocument, parts: Sequence[str]) -> None:
    """The document's HTML (tables mirrored in Hebrew and Arabic), then every paragraph's direction set to the
    language's: Qt guesses a paragraph's direction from its first letter, so a Hebrew table cell that opens with a
    number or a Latin name would otherwise be laid out left to right."""
    markup = "".join(parts)
    doc.setHtml(mirror_tables(markup) if _rtl() else markup)
    want = Qt.LayoutDirection.RightToLeft if _rtl() else Qt.LayoutDirection.LeftToRight
    block = doc.begin()
    while block.isValid():
        cursor = QTextCursor(block)
        fmt = block.blockFormat()
        fmt.setLayoutDirection(want)
        cursor.setBlockFormat(fmt)
        block = block.next()


def _seats_line(game: Any) -> str:
    scenario: Scenario = game.scenario
    seats = tr("report.dot").join(
        tr(
            "report.seat.person" if s.controller == "human" else "report.seat.ai",
            delegation=delegation_title(scenario, s.delegation),
            persona=tr(f"persona.{s.persona}") if s.persona else tr("report.persona.default"),
        )
        for s in game.setup.seats
    )
    return tr("report.game-line", game=game.saved.header.game_id[:8], seed=game.setup.seed, seats=seats)


def _head(title: str) -> str:
    """The document's title (QTextDocument reads it into its DocumentTitle, the PDF's title)."""
    lang = words.catalogue_language()
    return f"<html lang='{lang}' dir='{_dir()}'><head><title>{_e(title)}</title></head><body dir='{_dir()}'>"


def _footer() -> str:
    return _p(_e(tr("report.footer", app="Negotiator", file="docs/analytics.md")), "muted")


# ------------------------------------------------------------------------------------------- a delegation's own
def delegation_document(game: Any, seat: str, lang: str | None = None) -> QTextDocument:
    """A report holding only ``seat``'s own material, from its own final view, in ``lang`` (default: the
    window's)."""
    if seat not in game.setup.seat_ids:
        raise KeyError(seat)
    with in_language(lang):
        return _delegation_document(game, seat)


def _delegation_document(game: Any, seat: str) -> QTextDocument:
    scenario: Scenario = game.scenario
    view: SeatView = view_for(game.state, seat)
    me = delegation_title(scenario, seat)
    title = tr(
        "report.own.title",
        delegation=me,
        scenario=words.text(scenario, "scenario.title", scenario.scenario.title),
    )
    doc = new_document(title)
    own = view.own
    texts = words.own(scenario, view)
    parts = [_head(title), _h(1, title), _p(_e(_seats_line(game)), "muted")]
    o = view.outcome
    parts.append(_h(2, tr("report.own.outcome")))
    if o is not None:
        result = words.say(outcome_message(o.result)) if o.result in OUTCOMES else o.result
        parts.append(
            _p(
                _e(
                    tr(
                        "report.own.result",
                        result=result[:1].upper() + result[1:],
                        points=f"{o.own_points:.1f}",
                        walk_away=f"{own.reservation_value:.0f}",
                        gain=f"{o.own_surplus:+.1f}",
                    )
                )
            )
        )
        if o.package:
            parts.append(
                _table(
                    [tr("report.col.issue"), tr("report.col.agreed"), tr("report.col.your-points-for")],
                    [
                        (
                            issue_title(scenario, i),
                            option_title(scenario, i, opt),
                            iso(f"{_own_option(view, i, opt):.0f}"),
                        )
                        for i, opt in o.package
                    ],
                )
            )
    else:
        parts.append(_p(_e(tr("report.own.not-over", round=view.round, phase=tr(f"phase.{view.phase}")))))
    brief = words.text(scenario, f"delegations.{seat}.brief", scenario.delegation(seat).brief)
    parts.append(_h(2, tr("report.own.brief")) + _p(_e(brief.strip())))
    parts.append(_h(3, tr("report.own.confidential")) + _p(_e(texts.confidential_brief.strip())))
    total = sum(w for _, w in own.priorities) or 1.0
    rows = []
    for (issue_id, weight), (_, options) in zip(own.priorities, own.points, strict=True):
        opts = tr("report.semicolon").join(
            tr("report.option-points", option=option_title(scenario, issue_id, oid), points=f"{pts:.0f}")
            for oid, pts in options
        )
        rows.append((issue_title(scenario, issue_id), iso(f"{100 * weight / total:.0f}%"), opts))
    parts.append(
        _h(3, tr("report.own.points", walk_away=f"{own.reservation_value:.0f}"))
        + _table(
            [tr("report.col.issue"), tr("report.col.priority"), tr("report.col.per-option", range="0-100")],
            rows,
        )
    )
    if own.red_lines:
        items = "".join(
            f"<li dir='{_dir()}'><b>{_e(issue_title(scenario, i))}</b>: "
            + _e(
                tr(
                    "report.own.never",
                    options=tr("report.list").join(option_title(scenario, i, x) for x in opts),
                    why=why,
                )
            )
            + "</li>"
            for (i, opts, _why), why in zip(own.red_lines, texts.red_lines, strict=True)
        )
        parts.append(_h(3, tr("report.own.red-lines")) + f"<ul dir='{_dir()}'>{items}</ul>")
    if own.interactions:
        items = "".join(
            f"<li dir='{_dir()}'>"
            + _e(
                tr(
                    "report.own.together",
                    options=tr("report.with").join(option_title(scenario, i, x) for i, x in when),
                    points=f"{pts:+.0f}",
                    why=why,
                )
            )
            + "</li>"
            for (when, pts, _why), why in zip(own.interactions, texts.interactions, strict=True)
        )
        parts.append(_h(3, tr("report.own.interactions")) + f"<ul dir='{_dir()}'>{items}</ul>")
    known = ("open", "agreed", "rejected", "superseded", "expired")
    tabled = [
        (
            iso(p.id),
            iso(str(p.round)),
            delegation_title(scenario, p.by),
            tr(f"news.status.{p.status}") if p.status in known else p.status,
            iso(f"{p.own_points:.1f}") if p.own_points is not None else tr("report.partial"),
        )
        for p in view.proposals
    ]
    if tabled:
        parts.append(
            _h(2, tr("report.own.texts"))
            + _table(
                [
                    tr("report.col.text"),
                    tr("report.col.round"),
                    tr("report.col.tabled-by"),
                    tr("report.col.status"),
                    tr("report.col.your-points"),
                ],
                tabled,
            )
        )
    skill = skill_report(scenario, view)
    if seat in skill.parties:
        parts.append(
            _h(2, tr("report.own.skill"))
            + _block(skill_side_html(skill.side(seat), skill, me, own_only=True))
        )
    transcript = seat_transcript(game, seat)
    parts.append(
        _h(2, tr("report.transcript.own", n=len(transcript)), page_break=True)
        + _table(_transcript_header(tr("report.col.your-points")), transcript, widths=TRANSCRIPT_WIDTHS)
    )
    parts.append(_footer())
    _set_html(doc, parts)
    return doc


def _own_option(view: SeatView, issue_id: str, option_id: str) -> float:
    for i, options in view.own.points:
        if i == issue_id:
            return dict(options)[option_id]
    raise KeyError(issue_id)
