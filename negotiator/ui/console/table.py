"""One table in depth: the trainer's observer (every brief and point schedule, the whole record with private
lines, the log with what rollbacks undid, the negotiation dance, the publics and why) and the intervention controls.

Interventions are applied through the console's handle (:class:`~negotiator.net.trainer.ConsoleLink`: on the
host's computer or over the network); a
rollback and ending a table ask for confirmation first. A read-only console shows the controls disabled.
"""

from __future__ import annotations

import html
from collections.abc import Callable

from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QResizeEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QFormLayout,
    QFrame,
    QHBoxLayout,
    QHeaderView,
    QLineEdit,
    QMessageBox,
    QScrollArea,
    QSpinBox,
    QSplitter,
    QTableWidget,
    QTableWidgetItem,
    QTabWidget,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from negotiator.game.commands import TRAINER, Intervention, command_from_dict
from negotiator.game.views import TrainerView
from negotiator.model.errors import NegotiatorError
from negotiator.model.localise import own_texts
from negotiator.model.names import ScenarioNames
from negotiator.model.public import PublicScenario
from negotiator.model.schema import Scenario
from negotiator.net.trainer import ConsoleLink, Outcome, TableDetail
from negotiator.text import delegation, event, issue, option
from negotiator.ui.console.setup import PERSONAS
from negotiator.ui.console.words import kind_words, persona_words, phase_words, say
from negotiator.ui.debrief import dance_chart
from negotiator.ui.debrief_model import build_debrief
from negotiator.ui.table.publics import PublicsPanel
from negotiator.ui.viewmodel import entry_sentence
from negotiator.ui.widgets import Card, button, clear_layout, heading, para

Confirm = Callable[[str], bool]


class TablePage(QWidget):
    """The trainer's observer of one table and the controls to intervene there (or at every table)."""

    def __init__(
        self,
        console: ConsoleLink,
        scenario: Scenario,
        lang: str = "en",
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("console-table")
        self.console, self.scenario, self.lang = console, scenario, lang
        self.names = ScenarioNames(scenario)
        self.public = PublicScenario.of(scenario)
        self.number = 1
        self.shown_move = -1
        self.confirm: Confirm = self._ask
        self.last_outcomes: list[Outcome] = []
        layout = QVBoxLayout(self)
        self.title = heading("", role="title")
        self.title.setObjectName("console-table-title")
        self.status = para("")
        self.status.setObjectName("console-table-status")
        layout.addWidget(self.title)
        layout.addWidget(self.status)
        split = self.split = QSplitter()
        self.tabs = QTabWidget()
        self.tabs.setObjectName("console-table-tabs")
        self.record = self._grid(4, "console-record")
        self.log = self._grid(4, "console-log")
        self.briefs = QTextBrowser()
        self.briefs.setObjectName("console-briefs")
        self.dance_box = QWidget()
        self.dance_layout = QVBoxLayout(self.dance_box)
        self.publics = PublicsPanel()
        self.publics_seat = QComboBox()
        self.publics_seat.setObjectName("console-publics-seat")
        publics_box = QWidget()
        pl = QVBoxLayout(publics_box)
        pl.addWidget(self.publics_seat)
        pl.addWidget(self.publics, 1)
        self.tabs.addTab(self.record, say("console.tab.record", lang))
        self.tabs.addTab(self.briefs, say("console.tab.briefs", lang))
        self.tabs.addTab(self.dance_box, say("console.tab.dance", lang))
        self.tabs.addTab(publics_box, say("console.tab.publics", lang))
        self.tabs.addTab(self.log, say("console.tab.log", lang))
        split.addWidget(self.tabs)
        controls = (
            QScrollArea()
        )  # the form is taller than a projector's 800 lines at font scale 1.3: it scrolls
        controls.setObjectName("console-controls-scroll")
        controls.setWidgetResizable(True)
        controls.setFrameShape(QFrame.Shape.NoFrame)
        controls.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        card = self._controls()
        controls.setWidget(card)
        # never narrower than the form's own least width (the splitter keeps it): it scrolls down, never sideways
        controls.setMinimumWidth(
            card.minimumSizeHint().width() + controls.verticalScrollBar().sizeHint().width()
        )
        split.addWidget(controls)
        split.setStretchFactor(0, 3)
        split.setStretchFactor(1, 2)
        self.controls_scroll = controls
        layout.addWidget(split, 1)
        self.publics_seat.currentIndexChanged.connect(lambda _i: self._show_publics())
        self._view: TrainerView | None = None

    def resizeEvent(self, event: QResizeEvent) -> None:
        """The record and its tabs get what the controls leave (the controls: their least width, at most a third
        more), so the five tabs fit at 1280x800 with large text."""
        super().resizeEvent(event)
        total = self.split.width()
        if total > 0:
            right = max(self.controls_scroll.minimumWidth(), min(int(total * 0.36), 560))
            self.split.setSizes([total - right, right])

    # ------------------------------------------------------------------------------------------ building
    @staticmethod
    def _grid(columns: int, name: str) -> QTableWidget:
        grid = QTableWidget(0, columns)
        grid.setObjectName(name)
        grid.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        grid.verticalHeader().setVisible(False)
        grid.setWordWrap(True)
        header = grid.horizontalHeader()
        header.setMinimumSectionSize(
            24
        )  # its default follows the font (141 px in Arabic at x1.3): "#" took that
        for k in range(columns - 1):
            header.setSectionResizeMode(k, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(columns - 1, QHeaderView.ResizeMode.Stretch)

        def rewrap(index: int, _old: int, _new: int) -> None:
            # the last column's text wraps to its new width: the rows' heights follow (once the layout settles)
            if index == columns - 1:
                QTimer.singleShot(0, grid, grid.resizeRowsToContents)

        header.sectionResized.connect(rewrap)
        return grid

    def title_of(self, seat: str) -> str:
        return self.names.name(delegation(seat), self.lang) if seat else say("console.trainer", self.lang)

    def _controls(self) -> QWidget:
        lang = self.lang
        card = Card()
        card.setObjectName("console-controls")
        outer = card.body
        outer.addWidget(heading(say("console.interventions", lang)))
        form = QFormLayout()
        # Labels above their fields: the fields get the panel's whole width, so at 1280x800 with large text (and in
        # Hebrew and Arabic, whose words run longer) nothing is pushed out of sight.
        form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapAllRows)
        self.scope = QComboBox()
        self.scope.setObjectName("console-scope")
        self.scope.addItem(say("console.scope.table", lang), "table")
        self.scope.addItem(say("console.scope.all", lang), "all")
        form.addRow(say("console.scope", lang), self.scope)
        row = QHBoxLayout()
        self.pause_button = button(say("console.pause", lang), name="console-pause")
        self.resume_button = button(say("console.resume", lang), name="console-resume")
        row.addWidget(self.pause_button)
        row.addWidget(self.resume_button)
        form.addRow(_wrap(row))
        self.timer = QSpinBox()
        self.timer.setObjectName("console-table-timer")
        self.timer.setRange(0, 3600)
        self.timer.setSingleStep(30)
        self.timer.setSuffix(say("console.unit.seconds", lang))
        self.warn = QSpinBox()
        self.warn.setRange(0, 600)
        self.warn.setValue(30)
        self.warn.setSuffix(say("console.unit.seconds", lang))
        self.timer_button = button(say("console.set-timer", lang), name="console-set-timer")
        row = QHBoxLayout()
        row.addWidget(self.timer)
        row.addWidget(self.warn)
        row.addWidget(self.timer_button)
        form.addRow(say("console.timer", lang), _wrap(row))
        self.event_choice = QComboBox()
        self.event_choice.setObjectName("console-event")
        for e in self.scenario.events:
            self.event_choice.addItem(self.names.name(event(e.id), lang), e.id)
        self.inject_button = button(say("console.inject", lang), name="console-inject")
        row = QHBoxLayout()
        row.addWidget(self.event_choice, 1)
        row.addWidget(self.inject_button)
        form.addRow(say("console.event", lang), _wrap(row))
        self.news = QLineEdit()
        self.news.setObjectName("console-news")
        self.news.setMaxLength(500)
        self.news_button = button(say("console.post", lang), name="console-post-news")
        row = QHBoxLayout()
        row.addWidget(self.news, 1)
        row.addWidget(self.news_button)
        form.addRow(say("console.news", lang), _wrap(row))
        self.message_to = QComboBox()
        self.message_to.setObjectName("console-message-to")
        self.message = QLineEdit()
        self.message.setObjectName("console-message")
        self.message.setMaxLength(500)
        self.message_button = button(say("console.send", lang), name="console-send")
        form.addRow(say("console.message", lang), self.message_to)
        row = QHBoxLayout()
        row.addWidget(self.message, 1)
        row.addWidget(self.message_button)
        form.addRow(_wrap(row))
        self.seat = QComboBox()
        self.seat.setObjectName("console-seat")
        self.persona = QComboBox()
        self.persona.setObjectName("console-persona")
        self.persona.addItem(say("console.setup.usual-style", lang), "")
        for p in PERSONAS:
            self.persona.addItem(persona_words(p, lang), p)
        self.to_ai_button = button(say("console.to-ai", lang), name="console-to-ai")
        self.to_students_button = button(say("console.to-students", lang), name="console-to-students")
        row = QHBoxLayout()
        row.addWidget(self.seat)
        row.addWidget(self.persona)
        form.addRow(say("console.seat", lang), _wrap(row))
        row = QHBoxLayout()
        row.addWidget(self.to_ai_button)
        row.addWidget(self.to_students_button)
        form.addRow(_wrap(row))
        self.student = QLineEdit()
        self.student.setObjectName("console-student")
        self.student.setPlaceholderText(say("console.student-name", lang))
        self.move_to = QComboBox()
        self.move_to.setObjectName("console-move-to")
        self.move_button = button(say("console.move-student", lang), name="console-move-student")
        row = QHBoxLayout()
        row.addWidget(self.student, 1)
        row.addWidget(self.move_button)
        form.addRow(say("console.move", lang), _wrap(row))
        self.move_old_to_ai = QCheckBox(say("console.move-old-to-ai", lang))
        self.move_old_to_ai.setObjectName("console-move-old-to-ai")
        form.addRow(self.move_to)
        form.addRow(self.move_old_to_ai)
        self.rollback_to = QSpinBox()
        self.rollback_to.setObjectName("console-rollback-to")
        self.rollback_button = button(say("console.rollback", lang), name="console-rollback")
        self.end_button = button(say("console.end-table", lang), name="console-end-table")
        row = QHBoxLayout()
        row.addWidget(self.rollback_to)
        row.addWidget(self.rollback_button)
        row.addStretch(1)
        row.addWidget(self.end_button)
        form.addRow(say("console.rollback-to", lang), _wrap(row))
        outer.addLayout(form)
        for combo in card.findChildren(QComboBox):
            # a long delegation or event name must not widen the panel: the box shows what fits
            combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
            combo.setMinimumContentsLength(8)
        self.answer = para("", role="muted")
        self.answer.setObjectName("console-answer")
        outer.addWidget(self.answer)
        outer.addStretch(1)
        self.pause_button.clicked.connect(lambda: self.act("pause-table", scoped=True))
        self.resume_button.clicked.connect(lambda: self.act("resume-table", scoped=True))
        self.timer_button.clicked.connect(
            lambda: self.act("set-timer", scoped=True, seconds=self.timer.value(), warn=self._warn())
        )
        self.inject_button.clicked.connect(
            lambda: self.act("inject-event", scoped=True, event_id=str(self.event_choice.currentData()))
        )
        self.news_button.clicked.connect(self._post_news)
        self.message_button.clicked.connect(self._send_message)
        self.to_ai_button.clicked.connect(lambda: self._hand(True))
        self.to_students_button.clicked.connect(lambda: self._hand(False))
        self.move_button.clicked.connect(self._move_student)
        self.rollback_button.clicked.connect(self.roll_back)
        self.end_button.clicked.connect(self.end_table)
        if self.console.read_only:
            for b in card.findChildren(QWidget):
                if b is not self.answer:
                    b.setEnabled(False)
            self.answer.setText(say("console.read-only", lang))
        return card

    def _warn(self) -> int:
        seconds = self.timer.value()
        return min(self.warn.value(), max(seconds - 1, 0))

    # ------------------------------------------------------------------------------------------ acting
    def _ask(self, question: str) -> bool:
        answer = QMessageBox.question(self, say("console.confirm", self.lang), question)
        return answer == QMessageBox.StandardButton.Yes

    def act(self, kind: str, scoped: bool = False, **fields: object) -> list[Outcome]:
        """Apply the intervention ``kind`` (a command type, with its ``fields``) here, or at every table when the
        scope says so and ``scoped``; shows the answer. The command is read as any command sent to the host is, so
        a bad field is refused here with the same words."""
        try:
            command = command_from_dict({"type": kind, "seat": TRAINER, **fields})
        except NegotiatorError as exc:
            self.answer.setText(say("console.refused", self.lang, count=self.number, why=str(exc)))
            return []
        assert isinstance(command, Intervention)
        every = scoped and self.scope.currentData() == "all"
        outcomes = self.console.intervene(command, None if every else self.number)
        self.last_outcomes = outcomes
        refused = [o for o in outcomes if o.move is None]
        if refused:
            self.answer.setText(
                "; ".join(
                    say("console.refused", self.lang, count=o.table, why=o.error or "") for o in refused
                )
            )
        else:
            self.answer.setText(
                say("console.done", self.lang, what=kind_words(kind, self.lang), count=len(outcomes))
            )
        self.refresh(force=True)
        return outcomes

    def _post_news(self) -> None:
        text = self.news.text().strip()
        if text:
            self.act("post-news", scoped=True, text=text)
            self.news.clear()

    def _send_message(self) -> None:
        text = self.message.text().strip()
        if text:
            to = str(self.message_to.currentData() or "")
            self.act("trainer-message", scoped=not to, to=to, text=text)
            self.message.clear()

    def _hand(self, to_ai: bool) -> None:
        seat = str(self.seat.currentData() or "")
        if seat:
            persona = str(self.persona.currentData() or "") if to_ai else ""
            self.act("hand-seat", delegation=seat, played_by="ai" if to_ai else "students", persona=persona)

    def _move_student(self) -> None:
        name, seat, to = (
            self.student.text().strip(),
            str(self.seat.currentData() or ""),
            self.move_to.currentData(),
        )
        if name and seat and to:
            moved = self.act("move-student", name=name, delegation=seat, to=str(to))
            if self.move_old_to_ai.isChecked() and all(o.move is not None for o in moved):
                persona = str(self.persona.currentData() or "")
                self.act("hand-seat", delegation=seat, played_by="ai", persona=persona)

    def roll_back(self) -> list[Outcome]:
        to = self.rollback_to.value()
        if not self.confirm(say("console.confirm-rollback", self.lang, count=self.number, move=to)):
            return []
        return self.act("rollback", to_move=to)

    def end_table(self) -> list[Outcome]:
        if not self.confirm(say("console.confirm-end", self.lang, count=self.number)):
            return []
        return self.act("end-table")

    # ------------------------------------------------------------------------------------------ showing
    def show_table(self, number: int) -> None:
        self.number = number
        self.shown_move = -1
        detail = self.console.detail(number)
        humans = list(detail.students)
        for combo, items in (
            (self.seat, humans),
            (self.move_to, humans),
            (self.message_to, ["", *detail.seat_ids]),
            (self.publics_seat, [s for s in self.scenario.rules.signatories if s in detail.seat_ids]),
        ):
            combo.blockSignals(True)
            combo.clear()
            for seat in items:
                label = self.title_of(seat) if seat else say("console.whole-table", self.lang)
                combo.addItem(label, seat)
            combo.blockSignals(False)
        self.timer.setValue(detail.timer)
        self.warn.setValue(detail.warn or self.warn.value())
        self.refresh(force=True)

    def refresh(self, force: bool = False) -> None:
        """Redraw from the table's observer view when the table moved (or ``force``)."""
        if not force and self.console.moves(self.number) == self.shown_move:
            return
        view = self.console.observer(self.number)
        detail = self.console.detail(self.number)
        self._view = view
        self.shown_move = view.move
        lang = self.lang
        self.title.setText(say("console.table", lang, count=self.number))
        public = view.public
        # nobody's turn (the talks are over) reads as a dash, not as the trainer's (title_of("") is the trainer)
        whose = self.title_of(public.whose_turn) if public.whose_turn else "—"
        turn = say("console.paused", lang) if detail.paused else whose
        self.status.setText(
            say(
                "console.table-status",
                lang,
                progress=f"{public.round}/{public.rounds_total}",
                phase=phase_words(public.phase, lang),
                turn=turn,
                moves=view.move,
            )
        )
        self.rollback_to.setRange(0, max(view.move - 1, 0))
        if force or self.rollback_to.value() == 0:
            self.rollback_to.setValue(max(view.move - 1, 0))
        self._show_record(view)
        self._show_log(detail)
        self._show_briefs(view)
        self._show_dance(view)
        self._show_publics()

    def _show_record(self, view: TrainerView) -> None:
        lang = self.lang
        rows = view.transcript
        self.record.setHorizontalHeaderLabels(
            [
                say(m, lang)
                for m in ("console.col.n", "console.col.round", "console.col.to", "console.col.what")
            ]
        )
        self.record.setRowCount(len(rows))
        for i, e in enumerate(rows):
            to = (
                ", ".join(self.title_of(s) for s in e.audience)
                if e.audience
                else say("console.everyone", lang)
            )
            sentence = entry_sentence(self.scenario, e.kind, e.seat, e.ref, e.reason, lang)
            for j, text in enumerate((str(e.index), str(e.round), to, sentence)):
                self.record.setItem(i, j, QTableWidgetItem(text))
        self.record.resizeRowsToContents()
        self.record.scrollToBottom()

    def _show_log(self, detail: TableDetail) -> None:
        """Every command of the log, the trainer's included, and which ones a rollback undid (the audit). A console
        over the network has no log (the host never sends it): the tab is hidden."""
        lang = self.lang
        index = self.tabs.indexOf(self.log)
        self.tabs.setTabVisible(index, detail.log is not None)
        if detail.log is None:
            return
        self.log.setHorizontalHeaderLabels(
            [
                say(m, lang)
                for m in ("console.col.n", "console.col.round", "console.col.by", "console.col.command")
            ]
        )
        self.log.setRowCount(len(detail.log))
        for i, line in enumerate(detail.log):
            what = say("console.undone", lang, what=line.what) if line.undone else line.what
            for j, text in enumerate(
                (
                    str(line.index),
                    str(line.round),
                    self.title_of(line.seat) if line.seat != TRAINER else say("console.trainer", lang),
                    what,
                )
            ):
                self.log.setItem(i, j, QTableWidgetItem(text))
        self.log.scrollToBottom()

    def _show_briefs(self, view: TrainerView) -> None:
        lang = self.lang
        parts = []
        for v in view.seats:
            own = v.own
            mine = [p for p in v.proposals if p.own_points is not None]
            last = f"{mine[-1].own_points:.1f} ({mine[-1].id})" if mine else "—"
            points = "".join(
                f"<tr><td>{html.escape(self.names.name(issue(issue_id), lang))}</td><td>"
                + ", ".join(f"{html.escape(self._option(issue_id, o))} {p:.0f}" for o, p in options)
                + "</td></tr>"
                for issue_id, options in own.points
            )
            brief = own_texts(
                self.scenario,
                v.seat,
                lang,
                confidential_brief=own.confidential_brief,
                means=own.means,
                red_lines=[why for _i, _opts, why in own.red_lines],
                interactions=[why for _w, _pts, why in own.interactions],
            ).confidential_brief
            parts.append(
                f"<h3>{html.escape(self.title_of(v.seat))}</h3>"
                f"<p>{html.escape(say('console.brief-line', lang, walk=f'{own.reservation_value:.0f}', last=last))}</p>"
                f"<p>{html.escape(brief)}</p><table cellspacing=4>{points}</table>"
            )
        self.briefs.setHtml("".join(parts))

    def _option(self, issue_id: str, option_id: str) -> str:
        """An option's name in the console's language (its id if the scenario has no such option)."""
        try:
            return self.names.name(option(issue_id, option_id), self.lang)
        except KeyError:
            return option_id

    def _show_dance(self, view: TrainerView) -> None:
        clear_layout(self.dance_layout)
        first = next((v for v in view.seats if v.seat in self.scenario.rules.signatories), None)
        if first is None:
            return
        data = build_debrief(self.scenario, first)
        chart = dance_chart(data)
        chart.setLayoutDirection(Qt.LayoutDirection.LeftToRight)  # a chart's axes do not mirror
        self.dance_layout.addWidget(chart, 1)

    def _show_publics(self) -> None:
        view = self._view
        seat = str(self.publics_seat.currentData() or "")
        if view is None or not seat:
            return
        self.publics.show_view(self.public, view.seat(seat))


def _wrap(layout: QHBoxLayout) -> QWidget:
    box = QWidget()
    layout.setContentsMargins(0, 0, 0, 0)
    box.setLayout(layout)
    return box
