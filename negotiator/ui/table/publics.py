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
from negotiator.game.views import SeatView
from negotiator.model.public import PublicScenario
from negotiator.ui import language, style, words
from negotiator.ui.language import bind, tr
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
from negotiator.ui.viewmodel import current_text, delegation_title, package_summary
from negotiator.ui.widgets import fit_wrapped_rows, header_item
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
        return "  " + tr("publics.new-text")
    if t.change is None:
        return ""
    since = f" (r{t.since_round})" if t.since_round is not None and t.since_round != poll_round - 1 else ""
    return "  " + words.iso(f"{t.arrow()} {t.change:+.0f}{since}")


def trend_tooltip(t: Trend, poll_round: int) -> str:
    if t.kind == "first":
        lines = [tr("publics.first.tip")]
    elif t.kind == "new-text":
        lines = [tr("publics.new-text.tip")]
    else:
        assert t.change is not None and t.margin is not None
        lines = [
            tr(
                "publics.change.tip",
                round=t.since_round or 0,
                change=f"{t.change:+.1f}",
                verdict=tr("publics.larger" if t.clear else "publics.within"),
                margin=f"{t.margin:.1f}",
            )
        ]
    if t.drift is not None:
        lines.append(tr("publics.drift.tip", drift=f"{t.drift:+.1f}"))
    return "\n".join(lines)


def mood_words(drift: float | None) -> str:
    if drift is None:
        return ""
    if abs(drift) < 0.5:
        return words.iso("≈ 0")
    return words.iso(
        f"{'▲' if drift > 0 else '▼'} {drift:+.0f}"
    )  # a sign keeps its side in a right-to-left cell


def mood_tooltip(drift: float | None) -> str:
    if drift is None:
        return tr("publics.mood.none")
    return tr("publics.mood.tip", drift=f"{drift:+.1f}")


def support_tooltip(row: PollRow) -> str:
    return tr(
        "publics.support.tip",
        support=f"{row.support:.0f}",
        low=f"{row.low:.0f}",
        high=f"{row.high:.0f}",
        oppose=f"{row.oppose:.0f}",
        undecided=f"{row.undecided:.0f}",
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
        bind(self.table, "publics.name", "setAccessibleName")
        self._headings()
        language.notifier().language_did_change.connect(self._headings)
        self.table.verticalHeader().setVisible(False)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        h = self.table.horizontalHeader()
        h.setSectionResizeMode(0, QHeaderView.ResizeMode.Interactive)
        h.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        h.setSectionResizeMode(2, QHeaderView.ResizeMode.Interactive)
        h.setSectionResizeMode(3, QHeaderView.ResizeMode.Interactive)
        # Qt's default minimum grows with the font (141 px at 1.3x): columns are sized by their fit instead.
        h.setMinimumSectionSize(32)
        self.table.setWordWrap(True)
        self.why = QTextBrowser()
        self.why.setObjectName("publics-why")
        bind(self.why, "publics.why.name", "setAccessibleName")
        self.why.setHtml(f"<p>{tr('publics.why.hint')}</p>")
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

    def _headings(self) -> None:
        self.table.setHorizontalHeaderLabels(
            [tr(f"publics.col.{c}") for c in ("public", "support", "poll", "mood")]
        )
        header_item(self.table, 2).setToolTip(tr("publics.col.poll.tip"))
        header_item(self.table, 3).setToolTip(tr("publics.col.mood.tip"))

    def use_publics(self, publics: Publics) -> None:
        """The game's publics (its runtime's simulated people): what trends and explanations are read from."""
        if publics is not self._publics:
            self._publics = publics
            self._drift_cache.clear()

    def publics_for(self, scenario: PublicScenario) -> Publics:
        """The game's publics; a panel shown a scenario without them (a test, a preview) builds its own once."""
        if self._publics is None or self._publics.scenario is not scenario:
            self.use_publics(Publics.opening(scenario))
        assert self._publics is not None
        return self._publics

    def show_view(self, scenario: PublicScenario, view: SeatView) -> None:
        self._scenario, self._view = scenario, view
        selected = self.selected_group()
        poll = view.polls[-1] if view.polls else None
        if poll is None:
            self.header.setText(tr("publics.no-poll"))
            self.table.setRowCount(0)
            self._groups = []
            self.trends = None
            return
        subject = next((p for p in view.proposals if p.id == poll.subject), None)
        what = package_summary(scenario, subject.package) if subject else poll.subject
        trends = poll_trends(self.publics_for(scenario), view, self._drift(scenario, view, poll.subject))
        assert trends is not None
        self.trends = trends
        head = (
            tr(
                "publics.header.by",
                round=poll.round,
                ref=poll.subject,
                who=delegation_title(scenario, subject.by),
            )
            if subject
            else tr("publics.header", round=poll.round, ref=poll.subject) + "."
        )
        changed = trends.new_text and trends.previous is not None
        if changed and trends.previous is not None:
            head += " " + tr(
                "publics.header.new-text", round=trends.previous.round, ref=trends.previous.subject
            )
        self.header.setText(head)
        self.header.setToolTip(
            what
            + (
                "\n\n"
                + tr("publics.before.tip", what=self._describe(scenario, view, trends.previous.subject))
                if changed and trends.previous is not None
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
                name.setToolTip(tr("publics.aggregate.tip"))
            else:
                c = scenario.constituency(row.group)
                name.setToolTip(words.text(scenario, f"constituencies.{c.id}.description", c.description))
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
            now = QTableWidgetItem(words.iso(f"{row.support:.0f}%") + trend_words(trend, poll.round))
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
        return (
            tr("publics.ref-by", ref=proposal_id, who=delegation_title(scenario, p.by)) if p else proposal_id
        )

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
        # Names get at most a third of the width (wrapping if longer): the bars are what matters. The poll and mood
        # columns take what their text needs up to a fifth each, wrapping beyond, so together the columns never
        # need more than the table's width (in Arabic at 1.3x they did, and the mood column went off screen).
        if self.table.rowCount() == 0:
            return
        t = self.table
        width = t.viewport().width()
        t.setColumnWidth(0, max(min(120, width // 4), min(t.sizeHintForColumn(0) + 12, int(width * 0.34))))
        fm = t.fontMetrics()
        for c in (2, 3):
            texts = [item.text() for r in range(t.rowCount()) if (item := t.item(r, c)) is not None]
            # Qt elides a cell whose one line is a few pixels short rather than wrapping it: room to spare.
            full = max(
                max((fm.horizontalAdvance(x) for x in texts), default=40) + 28, t.sizeHintForColumn(c) + 16
            )
            word = max((fm.horizontalAdvance(w) for x in texts for w in x.split()), default=40) + 28
            head = t.horizontalHeader().sectionSizeHint(c)
            cap = int(width * (0.24 if c == 2 else 0.2))
            t.setColumnWidth(c, max(min(max(full, head), cap), word, min(head, cap)))
        self.table.resizeRowsToContents()
        # Qt's own row height misses a wrapped name in italics (an aggregate public) and a poll or mood cell that
        # wraps at its capped width ('100%  new wording' in Hebrew at 1.3x), and elides them instead.
        fit_wrapped_rows(self.table, (0, 2, 3), least=int(style.font().pointSizeF() * 2.6))

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
            self.why.setHtml(tr("publics.aggregate.why"))
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
        self.why.setHtml(tr("publics.working", group=group_title(scenario, group)))
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
        way = tr(
            "publics.warmer" if t.drift > 0.5 else "publics.cooler" if t.drift < -0.5 else "publics.as-warm"
        )
        return tr("publics.drift.words", way=way, drift=f"{t.drift:+.1f}")

    def _show_why_failed(self, exc: BaseException) -> None:
        self.why_error = f"{type(exc).__name__}: {exc}"
        self.why.setHtml(tr("publics.failed") + f"<p style='color:{style.MUTED}'>{self.why_error}</p>")

    def _show_why(self, why: Why) -> None:
        self.last_why = why
        scenario = self._scenario
        if scenario is None:
            return
        rows = "".join(
            f"<tr><td>{issue}</td><td>{option}</td><td align='right' style='color:"
            f"{style.GOOD if v >= 0 else style.BAD}'><b>{words.iso(f'{v:+.1f}')}</b></td></tr>"
            for issue, option, v in why.contributions
            if abs(v) >= 0.05
        )
        moves = "".join(
            tr("publics.move", issue=issue, option=option, change=f"{v:+.1f}")
            for issue, option, v in why.moves
        ) or tr("publics.no-move")
        if why.flip:
            steps = tr("publics.then").join(f"{issue}: <b>{option}</b>" for issue, option in why.flip)
            direction = {
                "toward support": tr("publics.toward-support"),
                "toward opposition": tr("publics.toward-opposition"),
            }.get(why.flip_direction, why.flip_direction)
            flip = tr("publics.flip", direction=direction, steps=steps)
        else:
            flip = tr("publics.no-flip")
        taboo = tr("publics.taboo", share=f"{why.taboo:.0f}") if why.taboo >= 0.5 else ""
        head = tr(
            "publics.why.head",
            group=group_title(scenario, why.group),
            support=f"{why.support:.0f}",
            oppose=f"{why.oppose:.0f}",
        )
        self.why.setHtml(
            f"<h3>{head}</h3>"
            f"<p style='color:{style.MUTED}'>{tr('publics.why.model')}</p>"
            f"{self._drift_words(why.group)}"
            f"<p>{tr('publics.why.parts')}</p>"
            f"<table cellspacing='4'>{rows or '<tr><td>' + tr('publics.why.no-part') + '</td></tr>'}"
            f"</table>{taboo}{flip}<p><b>{tr('publics.why.moves')}</b></p><ul>{moves}</ul>"
        )
