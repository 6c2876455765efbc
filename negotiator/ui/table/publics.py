"""Publics: each constituency's support with its 90% interval and trend; select one to see why, and what would flip it.

The "why" is computed off the GUI thread (it polls the group dozens of times) and shown when ready.
"""

from __future__ import annotations

from PySide6.QtCore import QItemSelectionModel, QRectF, QSize, Qt, Signal
from PySide6.QtGui import QPainter, QPen
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHeaderView,
    QLabel,
    QSizePolicy,
    QSplitter,
    QTableWidget,
    QTableWidgetItem,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from negotiator.game.publics import PollRow, Publics
from negotiator.game.runtime import ScenarioRuntime
from negotiator.game.views import SeatView
from negotiator.model.public import PublicScenario
from negotiator.ui import style
from negotiator.ui.publics_model import (
    PollTrends,
    Trend,
    Why,
    drift_for,
    explain,
    group_title,
    poll_trends,
    text_key,
)
from negotiator.ui.viewmodel import current_text, package_summary
from negotiator.ui.workers import LatestOnly, Pool


class SupportBar(QWidget):
    """Support (blue), undecided (grey) and oppose (vermillion) as one stacked bar, with the interval as whiskers."""

    def __init__(self, row: PollRow | None = None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.row = row
        self.setMinimumWidth(120)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)
        self.setMaximumHeight(int(style.font().pointSizeF() * 2.8))
        if row is not None:
            self.setToolTip(support_tooltip(row))

    def sizeHint(self) -> QSize:
        return QSize(180, 26)

    def paintEvent(self, _e: object) -> None:
        if self.row is None:
            return
        p = QPainter(self)
        p.setRenderHint(QPainter.RenderHint.Antialiasing)
        r = QRectF(self.rect()).adjusted(2, 5, -2, -5)
        x = r.left()
        for share, colour in (
            (self.row.support, style.SUPPORT),
            (self.row.undecided, style.UNDECIDED),
            (self.row.oppose, style.OPPOSE),
        ):
            w = r.width() * max(0.0, share) / 100.0
            p.fillRect(QRectF(x, r.top(), w, r.height()), style.qcolor(colour, 200))
            x += w
        p.setPen(QPen(style.qcolor(style.INK), 1.6))
        lo = r.left() + r.width() * self.row.low / 100.0
        hi = r.left() + r.width() * self.row.high / 100.0
        mid = r.center().y()
        p.drawLine(int(lo), int(mid), int(hi), int(mid))
        p.drawLine(int(lo), int(r.top() + 2), int(lo), int(r.bottom() - 2))
        p.drawLine(int(hi), int(r.top() + 2), int(hi), int(r.bottom() - 2))
        p.setPen(QPen(style.qcolor(style.INK), 1, Qt.PenStyle.DotLine))
        half = r.left() + r.width() / 2
        p.drawLine(int(half), int(r.top()), int(half), int(r.bottom()))
        p.end()


def trend_words(t: Trend, poll_round: int) -> str:
    """What follows the support figure: a change only between polls on the same text, else "new text"."""
    if t.kind == "new-text":
        return "  new text"
    if t.change is None:
        return ""
    since = f" (r{t.since_round})" if t.since_round is not None and t.since_round != poll_round - 1 else ""
    return f"  {t.arrow()} {t.change:+.0f}{since}"


def trend_tooltip(t: Trend, poll_round: int) -> str:
    if t.kind == "first":
        lines = ["The first poll of the talks: nothing to compare with yet."]
    elif t.kind == "new-text":
        lines = [
            "New text on the table: no earlier poll asked about this text, so no change is shown (a jump from "
            "the last poll would be the new question, not people changing their minds)."
        ]
    else:
        assert t.change is not None and t.margin is not None
        verdict = "larger than" if t.clear else "within"
        lines = [
            f"Change since the round-{t.since_round} poll on the same text: {t.change:+.1f} points, {verdict} "
            f"the two polls' sampling error (±{t.margin:.1f})."
        ]
    if t.drift is not None:
        lines.append(
            f"Mood and trust since the talks opened move support for this text by {t.drift:+.1f} points "
            "(the model's reading, without sampling error)."
        )
    return "\n".join(lines)


def mood_words(drift: float | None) -> str:
    if drift is None:
        return ""
    if abs(drift) < 0.5:
        return "≈ 0"
    return f"{'▲' if drift > 0 else '▼'} {drift:+.0f}"


def mood_tooltip(drift: float | None) -> str:
    if drift is None:
        return "No text on the table to read the mood against."
    return (
        f"Mood and trust since the talks opened: {drift:+.1f} points of support for this text (the model's "
        "reading of the public's own mood, trust in its leaders and in the other side, without sampling error; "
        "the text itself is held fixed)."
    )


def support_tooltip(row: PollRow) -> str:
    return (
        f"Support {row.support:.0f}% (90% interval {row.low:.0f}–{row.high:.0f}%), oppose {row.oppose:.0f}%, "
        f"undecided {row.undecided:.0f}%. The interval is the sampling error of a poll of about 1,000 people. "
        "Blue: support; grey: undecided; vermillion: oppose; the dotted line marks half."
    )


class PublicsPanel(QWidget):
    group_did_select = Signal(str)

    def __init__(self, pool: Pool | None = None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("publics")
        self.pool = pool or Pool()
        self.runner = LatestOnly(self.pool)
        self.table = QTableWidget(0, 4)
        self.table.setObjectName("publics-table")
        self.table.setAccessibleName("Publics")
        self.table.setHorizontalHeaderLabels(["Public", "Support", "Poll", "Mood"])
        self.table.horizontalHeaderItem(2).setToolTip(
            "Support in the latest poll. A change is shown only against an earlier poll on the same text (same "
            'package, same proposer), with ≈ when it is within the polls\' sampling error; "new text" when the '
            "text on the table changed, since polls on different texts ask different questions."
        )
        self.table.horizontalHeaderItem(3).setToolTip(
            "What this public's own mood and trust did since the talks opened: the points of support they add to (▲) "
            "or take from (▼) this very text, the model's reading without sampling error (≈: under half a point)."
        )
        self.table.verticalHeader().setVisible(False)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        h = self.table.horizontalHeader()
        h.setSectionResizeMode(0, QHeaderView.ResizeMode.Interactive)
        h.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        h.setSectionResizeMode(2, QHeaderView.ResizeMode.ResizeToContents)
        h.setSectionResizeMode(3, QHeaderView.ResizeMode.ResizeToContents)
        self.table.setWordWrap(True)
        self.why = QTextBrowser()
        self.why.setObjectName("publics-why")
        self.why.setAccessibleName("Why this public thinks so")
        self.why.setHtml(
            "<p>Select a public to see why it leans the way it does, and what would flip it.</p>"
        )
        split = QSplitter(Qt.Orientation.Vertical)
        self.header = QLabel()
        self.header.setWordWrap(True)
        self.header.setTextFormat(Qt.TextFormat.RichText)
        split.addWidget(self.table)
        split.addWidget(self.why)
        split.setSizes([320, 160])
        split.setStretchFactor(0, 3)
        split.setStretchFactor(1, 2)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addWidget(self.header)
        layout.addWidget(split, 1)
        self.table.itemSelectionChanged.connect(self._on_selection)
        self._groups: list[str] = []
        self._scenario: PublicScenario | None = None
        self._view: SeatView | None = None
        self.last_why: Why | None = None
        self.why_error = ""
        self.trends: PollTrends | None = None
        self._asked: object = None
        self._drift_cache: dict[object, dict[str, float]] = {}
        self._publics: Publics | None = None

    def use_publics(self, publics: Publics) -> None:
        """The game's publics (its runtime's simulated people): what trends and explanations are read from."""
        if publics is not self._publics:
            self._publics = publics
            self._drift_cache.clear()

    def publics_for(self, scenario: PublicScenario) -> Publics:
        """The game's publics; a panel shown a scenario without them (a test, a preview) builds its own once."""
        if self._publics is None or self._publics.scenario is not scenario:
            self.use_publics(ScenarioRuntime(scenario).publics)
        assert self._publics is not None
        return self._publics

    def show_view(self, scenario: PublicScenario, view: SeatView) -> None:
        self._scenario, self._view = scenario, view
        selected = self.selected_group()
        poll = view.polls[-1] if view.polls else None
        if poll is None:
            self.header.setText(
                "<b>No poll yet.</b> Polls are taken at the end of each round on the text on the table."
            )
            self.table.setRowCount(0)
            self._groups = []
            self.trends = None
            return
        subject = next((p for p in view.proposals if p.id == poll.subject), None)
        what = package_summary(scenario, subject.package) if subject else poll.subject
        trends = poll_trends(self.publics_for(scenario), view, self._drift(scenario, view, poll.subject))
        assert trends is not None
        self.trends = trends
        self.header.setText(
            f"<b>Poll after round {poll.round}</b> on proposal {poll.subject}"
            f"{' by ' + scenario.delegation(subject.by).title if subject else ''}."
            + (
                f" <b>New text on the table</b>: round {trends.previous.round} polled "
                f"{trends.previous.subject}, so the two polls do not compare."
                if trends.new_text and trends.previous is not None
                else ""
            )
        )
        self.header.setToolTip(
            what
            + (
                f"\n\nThe poll before asked about "
                f"{self._describe(scenario, view, trends.previous.subject)}: a different "
                "question, so its figures are not a baseline for this one."
                if trends.new_text and trends.previous is not None
                else ""
            )
        )
        ids = [c.id for c in scenario.constituencies]
        rows = sorted(
            poll.rows,
            key=lambda r: (r.group not in ids, ids.index(r.group) if r.group in ids else 0, r.group),
        )
        self._groups = [r.group for r in rows]
        self.table.setRowCount(len(rows))
        for k, row in enumerate(rows):
            name = QTableWidgetItem(group_title(scenario, row.group))
            if row.group not in ids:
                f = name.font()
                f.setItalic(True)
                name.setFont(f)
                name.setToolTip("An aggregate of several publics, weighted by population.")
            else:
                name.setToolTip(scenario.constituency(row.group).description)
            name.setToolTip(f"{name.text()}: {name.toolTip()}")
            self.table.setItem(k, 0, name)
            bar = self.table.cellWidget(k, 1)
            if isinstance(bar, SupportBar):
                # Reused: a replaced cell widget lingers until its deferred delete and paints over the new one.
                bar.row = row
                bar.setToolTip(support_tooltip(row))
                bar.update()
            else:
                self.table.setCellWidget(k, 1, SupportBar(row))
            trend = trends.rows[row.group]
            now = QTableWidgetItem(f"{row.support:.0f}%{trend_words(trend, poll.round)}")
            now.setToolTip(support_tooltip(row) + "\n" + trend_tooltip(trend, poll.round))
            if trend.kind == "new-text":
                now.setForeground(style.qcolor(style.MUTED))
            now.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            self.table.setItem(k, 2, now)
            mood = QTableWidgetItem(mood_words(trend.drift))
            mood.setToolTip(mood_tooltip(trend.drift))
            mood.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            self.table.setItem(k, 3, mood)
        self._fit_names()
        if selected in self._groups:
            self.select_group(selected)
            asked = (poll.round, poll.subject, view.opinion)
            if asked != self._asked:
                self._on_selection()  # a new poll or a new mood: the "why" shown is stale
        self._asked = (poll.round, poll.subject, view.opinion)

    def _describe(self, scenario: PublicScenario, view: SeatView, proposal_id: str) -> str:
        p = next((q for q in view.proposals if q.id == proposal_id), None)
        return f"{proposal_id} by {scenario.delegation(p.by).title}" if p else proposal_id

    def _drift(self, scenario: PublicScenario, view: SeatView, proposal_id: str) -> dict[str, float]:
        """Cached: a view arrives after every move, the opinion state changes only with rounds, events, speeches."""
        proposer, package = text_key(view, proposal_id)
        publics = self.publics_for(scenario)  # the cache is cleared when the publics change
        key = (view.opinion, proposer, package)
        hit = self._drift_cache.get(key)
        if hit is None:
            hit = drift_for(publics, view.opinion, dict(package), proposer) if package else {}
            if len(self._drift_cache) > 32:
                self._drift_cache.clear()
            self._drift_cache[key] = hit
        return hit

    def _fit_names(self) -> None:
        # Names get at most two fifths of the width (wrapping if longer): the bars are what matters.
        if self.table.rowCount() == 0:
            return
        self.table.setColumnWidth(
            0, max(150, min(self.table.sizeHintForColumn(0) + 12, int(self.table.viewport().width() * 0.4)))
        )
        self.table.resizeRowsToContents()
        for k in range(self.table.rowCount()):
            self.table.setRowHeight(k, max(self.table.rowHeight(k), int(style.font().pointSizeF() * 2.6)))

    def resizeEvent(self, event: object) -> None:  # type: ignore[override]
        super().resizeEvent(event)  # type: ignore[arg-type]
        self._fit_names()

    def selected_group(self) -> str | None:
        items = self.table.selectedItems()
        if not items:
            return None
        r = items[0].row()
        return self._groups[r] if 0 <= r < len(self._groups) else None

    def select_group(self, group: str) -> None:
        if group in self._groups:
            # Through the selection model: QTableView.selectRow selects nothing in a right-to-left layout (Qt 6).
            flags = QItemSelectionModel.SelectionFlag.ClearAndSelect | QItemSelectionModel.SelectionFlag.Rows
            self.table.setCurrentCell(self._groups.index(group), 0, flags)

    def _on_selection(self) -> None:
        group = self.selected_group()
        if group is None or self._scenario is None or self._view is None:
            return
        if group not in {c.id for c in self._scenario.constituencies}:
            self.why.setHtml(
                "<p>This is an aggregate of several publics: select one of them to see why it leans "
                "the way it does.</p>"
            )
            return
        self.group_did_select.emit(group)
        view, scenario = self._view, self._scenario
        poll = view.polls[-1] if view.polls else None
        subject = next((p for p in view.proposals if poll and p.id == poll.subject), None) or current_text(
            view
        )
        if subject is None:
            return
        package = dict(subject.package)
        self.why.setHtml(f"<p><i>Working out why {group_title(scenario, group)} leans this way…</i></p>")
        publics = self.publics_for(scenario)
        self.runner.request(
            lambda: explain(publics, view.opinion, package, subject.by, group),
            self._show_why,
            self._show_why_failed,
        )

    def _drift_words(self, group: str) -> str:
        t = self.trends.rows.get(group) if self.trends else None
        if t is None or t.drift is None:
            return ""
        way = "warmer" if t.drift > 0.5 else "cooler" if t.drift < -0.5 else "about as warm"
        return (
            f"<p><b>Mood and trust:</b> since the talks opened this public has grown {way} toward this text "
            f"({t.drift:+.1f} points of support from mood and trust alone).</p>"
        )

    def _show_why_failed(self, exc: BaseException) -> None:
        self.why_error = f"{type(exc).__name__}: {exc}"
        self.why.setHtml(
            "<p><b>The explanation could not be worked out.</b> The poll figures above still stand.</p>"
            f"<p style='color:{style.MUTED}'>{self.why_error}</p>"
        )

    def _show_why(self, why: Why) -> None:
        self.last_why = why
        scenario = self._scenario
        if scenario is None:
            return
        rows = "".join(
            f"<tr><td>{issue}</td><td>{option}</td><td align='right' style='color:"
            f"{style.GOOD if v >= 0 else style.BAD}'><b>{v:+.1f}</b></td></tr>"
            for issue, option, v in why.contributions
            if abs(v) >= 0.05
        )
        moves = (
            "".join(
                f"<li>{issue}: <b>{option}</b> → net support {v:+.1f} points</li>"
                for issue, option, v in why.moves
            )
            or "<li>No single change moves this public by much.</li>"
        )
        if why.flip:
            steps = " then ".join(f"{issue}: <b>{option}</b>" for issue, option in why.flip)
            flip = f"<p><b>What would flip it</b> ({why.flip_direction}): {steps}.</p>"
        else:
            flip = "<p><b>What would flip it:</b> no short run of changes would turn its majority view around.</p>"
        taboo = (
            f"<p>For {why.taboo:.0f}% of this public the text breaks a sacred value: no gain elsewhere buys "
            "them off; symbolic gestures can soften it.</p>"
            if why.taboo >= 0.5
            else ""
        )
        self.why.setHtml(
            f"<h3>{group_title(scenario, why.group)}: {why.support:.0f}% support, {why.oppose:.0f}% oppose</h3>"
            f"<p style='color:{style.MUTED}'>The model's own reading of this public, without a poll's sampling "
            "error (so it can differ from the poll above by a point or two).</p>"
            f"{self._drift_words(why.group)}"
            "<p>What each part of the text adds to support, compared with today's arrangement on that issue "
            "(points of support):</p>"
            f"<table cellspacing='4'>{rows or '<tr><td>No single part of the text moves this public.</td></tr>'}"
            f"</table>{taboo}{flip}<p><b>The changes that would move it most:</b></p><ul>{moves}</ul>"
        )
