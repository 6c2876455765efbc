"""The class debrief: every table side by side. One frontier chart with every table's deal, the Nash and
Kalai-Smorodinsky points and the walk-aways; per table the result, the paradigm, ratification, each delegation's
points and the trainer's interventions on the timeline; the negotiation dance per table. Exports: the class report
(PDF) and one PDF per delegation per table holding only that delegation's own material
(:func:`negotiator.ui.report.delegation_document`)."""

from __future__ import annotations

import html
from dataclasses import dataclass, replace
from pathlib import Path

import pyqtgraph as pg
from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QResizeEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QApplication,
    QBoxLayout,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QTableWidget,
    QTableWidgetItem,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from negotiator.game.sentences import OUTCOMES, outcome_message
from negotiator.game.views import SeatView
from negotiator.model.names import ScenarioNames
from negotiator.model.paradigm import LABELS, classify
from negotiator.model.schema import Scenario
from negotiator.net.trainer import ConsoleLink
from negotiator.session.local import FinishedGame, RecordHeader
from negotiator.text import delegation
from negotiator.ui import style
from negotiator.ui.console.overview import fit_columns, two_lines
from negotiator.ui.console.words import kind_words, paradigm_words, say
from negotiator.ui.debrief import dance_chart, frontier_chart
from negotiator.ui.debrief_model import DebriefData, build_debrief, ratification_lines
from negotiator.ui.report import CHART_SIZE, delegation_document, new_document, write_pdf
from negotiator.ui.viewmodel import delegation_title
from negotiator.ui.widgets import button, clear_layout, fit_wrapped_rows, heading, para
from negotiator.ui.words import say as say_now
from negotiator.ui.words import tr


@dataclass(frozen=True)
class TableResult:
    table: int
    game: FinishedGame | None
    """The table's game for the per-delegation exports (None on a console over the network: the host keeps it)."""
    data: DebriefData
    interventions: tuple[tuple[int, int, str, str], ...]
    """(log position, round, kind, whom) of every intervention, in order (position -1: not known here)."""
    seat_ids: tuple[str, ...] = ()
    view: SeatView | None = None
    """The seat view the data was read from (its words are drawn again from it on a language switch)."""


_PARADIGM_IDS = {label: pid for pid, label in LABELS.items()}
"""The debrief data names a paradigm by its English label; its id gives its name in the console's language."""


TIMELINE_LEAST = 160
"""The interventions column's least width (pixels): narrower, its words wrap one to a line."""


def class_results(console: ConsoleLink, scenario: Scenario) -> list[TableResult]:
    """Every table's debrief data, from its current observer view (over or not)."""
    out = []
    for number in console.numbers():
        view = console.observer(number)
        detail = console.detail(number)
        first = next((s for s in scenario.rules.signatories if s in detail.seat_ids), detail.seat_ids[0])
        data = build_debrief(scenario, view.seat(first))
        session = console.session_of(number)
        game = None
        if session is not None:
            game = FinishedGame(
                session.scenario,
                session.setup,
                session.state,
                session.commands,
                RecordHeader(session.header()),
            )
        out.append(TableResult(number, game, data, detail.actions, detail.seat_ids, view.seat(first)))
    return out


def relabelled(result: TableResult, scenario: Scenario) -> TableResult:
    """``result`` with its words in the current language and its figures as they were (the frontier, the dance,
    the points: the costly part, 13 ms a table, is not read again on a language switch)."""
    d = result.data
    deal = dict(d.deal_package)
    words = replace(
        d,
        result_words=say_now(outcome_message(d.result)) if d.result in OUTCOMES else d.result,
        paradigm=tr(f"paradigm.{classify(scenario, deal).paradigm if deal else 'status-quo'}"),
        party_titles=(delegation_title(scenario, d.parties[0]), delegation_title(scenario, d.parties[1])),
        ratification=ratification_lines(scenario, result.view) if result.view is not None else d.ratification,
    )
    return replace(result, data=words)


def class_frontier_chart(results: list[TableResult], lang: str = "en") -> pg.PlotWidget:
    """The frontier, Nash, KS and walk-aways of the scenario, with every table's deal as a labelled star."""
    first = results[0].data
    w = frontier_chart(replace(first, deal=None))
    w.setLayoutDirection(Qt.LayoutDirection.LeftToRight)  # a chart's axes do not mirror
    xs = [r.data.deal[0] for r in results if r.data.deal is not None]
    ys = [r.data.deal[1] for r in results if r.data.deal is not None]
    if xs:
        w.plot(
            xs,
            ys,
            pen=None,
            symbol="star",
            symbolSize=20,
            symbolBrush=style.BLUISH_GREEN,
            name=say("console.debrief.deals", lang),
        )
    for r in results:
        if r.data.deal is not None:
            label = pg.TextItem(f"T{r.table}", color=style.INK, anchor=(0, 1))
            label.setFont(style.font(0.8, bold=True))
            label.setPos(r.data.deal[0], r.data.deal[1])
            w.addItem(label)
    return w


class DebriefPage(QWidget):
    """The class debrief screen."""

    def __init__(
        self, console: ConsoleLink, scenario: Scenario, lang: str = "en", parent: QWidget | None = None
    ):
        super().__init__(parent)
        self.setObjectName("console-debrief")
        self.console, self.scenario, self.lang = console, scenario, lang
        self.names = ScenarioNames(scenario)
        self.results: list[TableResult] = []
        layout = QVBoxLayout(self)
        top = QHBoxLayout()
        top.addWidget(heading(say("console.debrief.title", lang), role="title"))
        top.addStretch(1)
        self.report_button = button(say("console.debrief.class-pdf", lang), name="console-class-pdf")
        self.delegations_button = button(
            say("console.debrief.delegation-pdfs", lang), name="console-delegation-pdfs"
        )
        top.addWidget(self.report_button)
        top.addWidget(self.delegations_button)
        numbers = console.numbers()
        # a console over the network holds no table's game: the host's console exports the delegations' PDFs
        self.delegations_button.setVisible(bool(numbers) and console.session_of(numbers[0]) is not None)
        layout.addLayout(top)
        self.note = para("", role="muted")
        self.note.setObjectName("console-debrief-note")
        layout.addWidget(self.note)
        # Side by side when the summary fits beside the chart; else the chart above it (a projector at 1280x800
        # with large text), so the summary never scrolls sideways.
        split = self.split = QBoxLayout(QBoxLayout.Direction.LeftToRight)
        self.chart_box = QWidget()
        self.chart_box.setMinimumWidth(420)
        self.chart_layout = QVBoxLayout(self.chart_box)
        self.chart_layout.setContentsMargins(0, 0, 0, 0)
        split.addWidget(self.chart_box, 2)
        right = QTabWidget()
        right.setObjectName("console-debrief-tabs")
        self.summary = QTableWidget(0, 7)
        self.summary.setObjectName("console-debrief-summary")
        self.summary.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.summary.verticalHeader().setVisible(False)
        self.summary.setWordWrap(True)
        header = self.summary.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setStretchLastSection(True)
        right.addTab(self.summary, say("console.debrief.tables", lang))
        self.dances = QTabWidget()
        self.dances.setObjectName("console-debrief-dances")
        right.addTab(self.dances, say("console.tab.dance", lang))
        split.addWidget(right, 3)
        layout.addLayout(split, 1)
        self.report_button.clicked.connect(self._report_dialog)
        self.delegations_button.clicked.connect(self._delegations_dialog)

    def title(self, seat: str) -> str:
        return self.names.name(delegation(seat), self.lang)

    def refresh(self) -> None:
        """Read every table again and show it."""
        self.results = class_results(self.console, self.scenario)
        self.show_results()

    def show_again(self, results: list[TableResult]) -> None:
        """Show ``results`` read by an earlier page (the language changed): only the words are drawn again."""
        self.results = [relabelled(r, self.scenario) for r in results]
        self.show_results()

    def show_results(self) -> None:
        """Show :attr:`results` (kept when the language changes: only the words are drawn again)."""
        lang = self.lang
        clear_layout(self.chart_layout)
        self.chart = class_frontier_chart(self.results, self.lang)
        self.chart_layout.addWidget(self.chart, 1)
        over = sum(1 for r in self.results if r.data.result != "unfinished")
        self.note.setText(say("console.debrief.note", lang, over=over, tables=len(self.results)))
        cols = ("console.col.table", "console.col.result", "console.col.paradigm", "console.col.ratification")
        words = (
            [say(c, lang) for c in cols]
            + list(self.results[0].data.party_titles)
            + [say("console.col.interventions", lang)]
        )
        self.summary.setHorizontalHeaderLabels([two_lines(w) for w in words])
        for col in (4, 5):
            item = self.summary.horizontalHeaderItem(col)
            if item is not None:
                item.setToolTip(say("console.col.points-short", lang))
        self.header_words = words
        self.cells: list[list[str]] = []
        self.summary.setRowCount(len(self.results))
        for i, r in enumerate(self.results):
            d = r.data
            a, b = d.parties
            cells = [
                str(r.table),
                d.result_words,
                paradigm_words(_PARADIGM_IDS.get(d.paradigm, d.paradigm), lang),
                "; ".join(d.ratification) or "—",
                f"{d.final_points.get(a, d.walk_away[0]):.1f} ({d.walk_away[0]:.0f})",
                f"{d.final_points.get(b, d.walk_away[1]):.1f} ({d.walk_away[1]:.0f})",
                self.timeline(r),
            ]
            self.cells.append(cells)
            for j, text in enumerate(cells):
                item = QTableWidgetItem(text)
                item.setToolTip(text)  # a long timeline may still be elided in a narrow row: the whole of it
                self.summary.setItem(i, j, item)
        fit_columns(self.summary, 170)
        self._arrange()
        self._fit_rows()
        # again once the header has stretched the timeline to its final width (else a long timeline is cut short)
        QTimer.singleShot(0, self.summary, self._fit_rows)
        self.dances.clear()
        for r in self.results:
            chart = dance_chart(r.data)
            chart.setLayoutDirection(Qt.LayoutDirection.LeftToRight)
            self.dances.addTab(chart, say("console.table", lang, count=r.table))

    def summary_width(self) -> int:
        """The width the summary needs with no sideways scrolling (the timeline wraps in what it is given)."""
        cols = self.summary.columnCount()
        fixed = sum(self.summary.columnWidth(c) for c in range(cols - 1))
        return fixed + TIMELINE_LEAST + self.summary.frameWidth() * 2 + 4

    def _arrange(self) -> None:
        need = self.summary_width()
        wide = self.width() >= need + self.chart_box.minimumWidth() + 40
        # side by side, the split's stretch (2:3) would give the table less than it needs in Arabic at 1440 px
        # and it scrolled sideways: it is given what it needs, the chart the rest
        self.summary.setMinimumWidth(need if wide else 0)
        direction = QBoxLayout.Direction.LeftToRight if wide else QBoxLayout.Direction.TopToBottom
        if self.split.direction() != direction:
            self.split.setDirection(direction)
            # tall enough for the vertical axis title at font x1.3 (it was cut at 260)
            self.chart_box.setMinimumHeight(0 if wide else 330)

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._arrange()
        self._fit_rows()  # the timeline wraps to the width it now has

    def _fit_rows(self) -> None:
        self.summary.resizeRowsToContents()
        fit_wrapped_rows(self.summary, (1, 2, 6))  # Qt's own height elided a four-line Arabic timeline

    def timeline(self, r: TableResult) -> str:
        """The trainer's interventions at one table: ``r2 #14 pause-table`` ..."""
        return (
            say("skill.list-sep", self.lang).join(  # the language's comma: '،' in Arabic
                say("chart.round", self.lang, round=rnd)
                + (f" #{move + 1}" if move >= 0 else "")
                + f" {kind_words(kind, self.lang)}"
                + (f" ({self.title(target)})" if target in r.seat_ids else "")
                for move, rnd, kind, target in r.interventions
            )
            or "—"
        )

    # ------------------------------------------------------------------------------------------ exports
    def class_report_html(self, images: dict[str, str]) -> str:
        lang = self.lang
        title = say("console.debrief.report-title", lang, scenario=self.scenario.scenario.title)
        rows = "".join(
            "<tr>" + "".join(f"<td>{html.escape(c)}</td>" for c in cells) + "</tr>" for cells in self.cells
        )
        head = "".join(f"<th>{html.escape(w)}</th>" for w in self.header_words)
        dances = "".join(
            f"<h3>{html.escape(say('console.table', lang, count=r.table))}</h3><img src='{images[f'dance-{r.table}']}' width=480>"
            for r in self.results
        )
        return (
            f"<html><head><title>{html.escape(title)}</title></head><body><h1>{html.escape(title)}</h1>"
            f"<p class='muted'>{html.escape(self.note.text())}</p>"
            f"<h2>{html.escape(say('console.debrief.frontier', lang))}</h2><img src='{images['frontier']}' width=480>"
            f"<h2>{html.escape(say('console.debrief.tables', lang))}</h2><table cellspacing=4><tr>{head}</tr>{rows}</table>"
            f"<h2>{html.escape(say('console.tab.dance', lang))}</h2>{dances}</body></html>"
        )

    def write_class_report(self, path: str | Path) -> Path:
        """The class report as a PDF: the frontier chart with every deal, the summary table, every table's dance."""
        if not self.results:
            self.refresh()
        doc = new_document(
            say("console.debrief.report-title", self.lang, scenario=self.scenario.scenario.title)
        )
        images: dict[str, str] = {}
        widgets: list[tuple[str, QWidget]] = [("frontier", class_frontier_chart(self.results, self.lang))]
        widgets += [(f"dance-{r.table}", dance_chart(r.data)) for r in self.results]
        from PySide6.QtCore import QUrl
        from PySide6.QtGui import QTextDocument

        for key, w in widgets:
            w.resize(*CHART_SIZE)
            w.ensurePolished()
            QApplication.processEvents()
            name = f"chart://{key}"
            doc.addResource(QTextDocument.ResourceType.ImageResource, QUrl(name), w.grab().toImage())
            images[key] = name
            w.deleteLater()
        doc.setHtml(self.class_report_html(images))
        return write_pdf(doc, path, doc.metaInformation(QTextDocument.MetaInformation.DocumentTitle))

    def write_delegation_reports(self, folder: str | Path) -> list[Path]:
        """One PDF per delegation per table: ``table-<n>-<delegation>.pdf``, only that delegation's material."""
        if not self.results:
            self.refresh()
        out_dir = Path(folder)
        out_dir.mkdir(parents=True, exist_ok=True)
        written = []
        for r in self.results:
            if r.game is None:
                continue  # a console over the network: the host's console exports these
            for seat in r.game.setup.seat_ids:
                doc = delegation_document(r.game, seat)
                written.append(
                    write_pdf(doc, out_dir / f"table-{r.table}-{seat}.pdf", f"{seat} table {r.table}")
                )
        return written

    def _report_dialog(self) -> None:
        path, _ = QFileDialog.getSaveFileName(
            self, say("console.debrief.class-pdf", self.lang), "class-report.pdf", "PDF (*.pdf)"
        )
        if path:
            self.write_class_report(path)
            self.note.setText(say("console.saved-to", self.lang, where=path))

    def _delegations_dialog(self) -> None:
        folder = QFileDialog.getExistingDirectory(self, say("console.debrief.delegation-pdfs", self.lang))
        if folder:
            written = self.write_delegation_reports(folder)
            self.note.setText(say("console.saved-n-to", self.lang, count=len(written), where=folder))
