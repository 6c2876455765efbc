"""The game window: menus, the status bar, and one screen at a time (start, briefing, table, hand-over,
ratification, debrief). It owns the :class:`GameController` of the game in play and routes the player's choices to it.

Dialogs are opened with ``open()`` (window-modal, non-blocking) so the event loop keeps running while they are up: bot
turns, previews and timers go on, and tests can drive them.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QByteArray, QTimer, Signal
from PySide6.QtGui import QAction, QCloseEvent, QKeySequence
from PySide6.QtWidgets import (
    QApplication,
    QDialog,
    QFileDialog,
    QLabel,
    QMainWindow,
    QMenu,
    QMessageBox,
    QStackedWidget,
    QWidget,
)

from negotiator.game.commands import Command, EndTurn
from negotiator.game.setup import GameSetup
from negotiator.game.views import SeatView
from negotiator.model.errors import NegotiatorError
from negotiator.model.questionnaire import questions_for
from negotiator.session.notices import Changes, SeatNotice
from negotiator.session.seat import GameChannel
from negotiator.ui import language, style, words
from negotiator.ui.about import AboutDialog
from negotiator.ui.briefing import BriefingScreen, brief_from
from negotiator.ui.controller import GameController
from negotiator.ui.debrief import DebriefScreen
from negotiator.ui.debrief_export import write_debrief
from negotiator.ui.debrief_model import DebriefData, build_debrief
from negotiator.ui.dialogs import confirm_walk_out
from negotiator.ui.handover import HandoverScreen
from negotiator.ui.language import bind, tr
from negotiator.ui.load import LoadDialog
from negotiator.ui.offer_builder import OfferBuilder
from negotiator.ui.ports import SaveEntry, Services
from negotiator.ui.questionnaire import QuestionnaireDialog
from negotiator.ui.ratification import RatificationScreen
from negotiator.ui.report_answers import encode_answer
from negotiator.ui.settings import SettingsDialog
from negotiator.ui.shell_moves import ConfirmWalkOut, MoveDialogs, open_dialog
from negotiator.ui.start import StartScreen
from negotiator.ui.table import TableScreen
from negotiator.ui.viewmodel import delegation_title, entry_sentence
from negotiator.ui.workers import Pool

SCREENS = ("start", "briefing", "table", "handover", "ratification", "debrief")


class MainWindow(QMainWindow):
    screen_did_change = Signal(str)
    builder_did_open = Signal(object)
    debrief_did_show = Signal()

    def __init__(
        self,
        services: Services,
        *,
        bot_delay_ms: int = 400,
        animate: bool = True,
        confirm: ConfirmWalkOut | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("main-window")
        bind(self, "app.title", "setWindowTitle")
        self.services = services
        self.settings = services.settings
        self.bot_delay_ms = bot_delay_ms
        self.animate = animate
        self.pool = Pool()
        self.controller: GameController | None = None
        self.dialog: QWidget | None = None
        self.debrief_data: DebriefData | None = None
        self.questionnaire_dialog: QuestionnaireDialog | None = None
        self.editor_window: QWidget | None = None
        self._briefed: set[str] = set()
        self._ratification_shown = False
        self._save_warned = False

        self.stack = QStackedWidget()
        self.setCentralWidget(self.stack)
        self.start = StartScreen(services.scenario_entries())
        self.briefing = BriefingScreen()
        self.table = TableScreen(self.pool)
        self.moves = MoveDialogs(
            self, self.table, self.pool, lambda: self.controller, confirm or confirm_walk_out, self._open
        )
        self.moves.builder_did_open.connect(self.builder_did_open)
        self.handover = HandoverScreen()
        self.ratification = RatificationScreen()
        self.debrief = DebriefScreen()
        self.screens: dict[str, QWidget] = {
            "start": self.start,
            "briefing": self.briefing,
            "table": self.table,
            "handover": self.handover,
            "ratification": self.ratification,
            "debrief": self.debrief,
        }
        for w in self.screens.values():
            self.stack.addWidget(w)
        self.status_round = QLabel("")
        self.status_round.setObjectName("status-round")
        bind(self.status_round, "status.round.tip", "setToolTip")
        self.status_save = QLabel("")
        self.status_save.setObjectName("status-save")
        self.statusBar().addWidget(self.status_round, 1)
        self.statusBar().addPermanentWidget(self.status_save)
        self._build_menus()
        self._wire()
        self._restore_geometry()
        self.refresh_start()
        self.show_screen("start")

    @property
    def builder(self) -> OfferBuilder | None:
        """The offer builder while it is open."""
        return self.moves.builder

    @property
    def confirm(self) -> ConfirmWalkOut:
        return self.moves.confirm

    @confirm.setter
    def confirm(self, ask: ConfirmWalkOut) -> None:
        self.moves.confirm = ask

    def _open(self, dlg: QWidget) -> None:
        """Open ``dlg`` window-modal (the event loop keeps running) and remember it as the dialog on screen."""
        self.dialog = dlg
        open_dialog(dlg)

    # -- construction -----------------------------------------------------------------------------------------------
    def _build_menus(self) -> None:
        bar = self.menuBar()
        game = bar.addMenu("")
        bind(game, "menu.game", "setTitle")
        self.act_new = self._action(game, "menu.new", "Ctrl+N", self.go_start)
        self._action(game, "menu.continue", "", self.continue_last)
        self._action(game, "menu.load", "Ctrl+O", self.load_dialog)
        self.act_save = self._action(game, "menu.save", "Ctrl+S", self.save_dialog)
        self.act_export = self._action(game, "menu.export", "", self.export_dialog)
        game.addSeparator()
        self._action(game, "menu.settings", "", self.settings_dialog)
        self._action(game, "menu.quit", "Ctrl+Q", self.close)
        view = bar.addMenu("")
        bind(view, "menu.view", "setTitle")
        self._action(view, "menu.brief", "Ctrl+B", self.show_brief_again)
        self._action(view, "menu.bigger", "Ctrl++", lambda: self.scale_fonts(1.15))
        self._action(view, "menu.smaller", "Ctrl+-", lambda: self.scale_fonts(1 / 1.15))
        self._action(view, "menu.reset-layout", "", self.table.reset_layout)
        view.addSeparator()
        for dock in self.table.docks.values():
            view.addAction(dock.toggleViewAction())
        help_ = bar.addMenu("")
        bind(help_, "menu.help", "setTitle")
        self._action(help_, "menu.tutorial", "", self.start_tutorial)
        self._action(help_, "menu.keys", "F1", lambda: self.about_dialog(2))
        self._action(help_, "menu.about", "", lambda: self.about_dialog(0))

    def _action(self, menu: QMenu, msgid: str, key: str, slot: Callable[[], object]) -> QAction:
        a = QAction(self)
        bind(a, msgid)
        if key:
            a.setShortcut(QKeySequence(key))
        a.triggered.connect(slot)
        menu.addAction(a)
        return a

    def _wire(self) -> None:
        s = self.start
        s.new_game.setup_did_choose.connect(self.start_game)
        s.continue_did_request.connect(self.continue_last)
        s.load_did_request.connect(self.load_dialog)
        s.tutorial_did_request.connect(self.start_tutorial)
        s.settings_did_request.connect(self.settings_dialog)
        s.about_did_request.connect(lambda: self.about_dialog(0))
        s.quit_did_request.connect(self.close)
        s.editor_did_request.connect(self.open_editor)
        s.host_class_did_request.connect(self.host_class_dialog)
        s.join_class_did_request.connect(self.join_class_dialog)
        s.language_did_request.connect(self.switch_language)
        self.briefing.ready_did_request.connect(self._on_briefing_done)
        self.handover.handover_did_accept.connect(self._on_handover_accept)
        self.ratification.debrief_did_request.connect(self.show_debrief)
        self.debrief.export_did_request.connect(self.export_dialog)
        self.debrief.new_game_did_request.connect(self.go_start)
        self.briefing.questionnaire_did_request.connect(lambda: self.ask_questionnaire("before"))
        self.debrief.questionnaire_did_request.connect(lambda: self.ask_questionnaire("after"))
        t = self.table
        t.propose_did_request.connect(self.moves.open_builder)
        t.reject_did_request.connect(self.moves.open_reject)
        t.statement_did_request.connect(self.moves.open_statement)
        t.mediator_did_request.connect(self.moves.open_mediator)
        t.pledge_did_request.connect(self.moves.open_pledge)
        t.command_did_request.connect(self.submit)
        t.undo_did_request.connect(self.undo)
        t.walk_out_did_request.connect(self.moves.walk_out)

    # -- screens ----------------------------------------------------------------------------------------------------
    def show_screen(self, name: str) -> None:
        self.stack.setCurrentWidget(self.screens[name])
        self.current_screen = name
        self.act_save.setEnabled(self.controller is not None)
        self.act_export.setEnabled(self.debrief_data is not None)
        self.screen_did_change.emit(name)
        focus = {
            "start": self.start.new_game.start,
            "briefing": self.briefing.ready,
            "handover": self.handover.ready,
            "ratification": self.ratification.next,
        }.get(name)
        if focus is not None:
            focus.setFocus()
        elif name == "table":
            self.table.focus_panel("actions")

    def refresh_start(self) -> None:
        last = self.settings.last_game
        desc = None
        if last:
            for entry in self._saves():
                if entry.game_id == last:
                    desc = f"{entry.title} — {entry.detail}"
        self.start.set_last_game(desc)

    def _saves(self) -> list[SaveEntry]:
        try:
            return self.services.list_saves()
        except NegotiatorError:
            return []

    def go_start(self) -> None:
        self.detach()
        self.refresh_start()
        self.show_screen("start")

    # -- games ------------------------------------------------------------------------------------------------------
    def start_game(self, setup: GameSetup) -> None:
        try:
            game = self.services.start_game(setup)
        except NegotiatorError as exc:
            self.show_error(str(exc))
            return
        self.attach(game)

    def continue_last(self) -> None:
        if self.settings.last_game:
            self.resume(self.settings.last_game)

    def resume(self, game_id: str) -> None:
        try:
            game = self.services.resume_game(game_id)
        except NegotiatorError as exc:
            lines = exc.lines() if hasattr(exc, "lines") else [str(exc)]
            self.show_error(tr("error.cannot-open", lines="\n".join(str(x) for x in lines)))
            return
        self.attach(game)

    def attach(self, game: GameChannel) -> None:
        self.detach()
        c = GameController(game, self.pool, self.bot_delay_ms, self)
        self.controller = c
        self.table.use_publics(c.publics)
        self._briefed = set()
        self._ratification_shown = False
        self.debrief_data = None
        self.settings.last_game = game.game_id
        c.view_did_change.connect(self._on_view)
        c.handover_did_request.connect(self._on_handover)
        c.error_did_occur.connect(self.show_error)
        c.bot_did_start.connect(self._on_bot_start)
        c.bot_did_stop.connect(self._on_bot_stop)
        c.notice_did_arrive.connect(self._on_notice)
        self.status_round.setText("")
        c.begin()
        self._update_save_status()
        problem = getattr(self.services, "problem", "")
        if problem and not self._save_warned:
            # The save database could not be opened at all: the game runs in memory from the start.
            self._save_warned = True
            self.warn_not_saved(problem)

    def detach(self) -> None:
        if self.controller is not None:
            self._remember_layout()
            self.controller.close()
            self.controller.wait_for_bots(5000)
            self.controller.game.close()  # queued writes reach the save before anything closes it
            self.controller.deleteLater()
            self.controller = None

    def submit(self, command: Command) -> bool:
        if self.controller is None:
            return False
        return self.controller.submit(command)

    def undo(self) -> None:
        if self.controller is not None:
            self.controller.undo()

    # -- reacting to the game ---------------------------------------------------------------------------------------
    def _on_view(self, view: SeatView, changes: Changes | None) -> None:
        c = self.controller
        if c is None:
            return
        scenario = c.scenario
        self.table.can_undo = c.can_undo
        self.table.show_view(scenario, view, changes)
        self._update_status(view)
        if view.phase == "briefing" and view.my_turn and view.seat not in self._briefed:
            self.briefing.show_brief(brief_from(scenario, view))
            self.briefing.questionnaire.setVisible(bool(questions_for(scenario, "before")))
            self.show_screen("briefing")
        elif view.phase in ("ratification", "outcome"):
            if view.ratification and not self._ratification_shown:
                self._ratification_shown = True
                self.ratification.show_result(scenario, view, 2200 if self.animate else 0)
                self.show_screen("ratification")
                self.prepare_debrief()
            elif not view.ratification and self.current_screen not in ("debrief",):
                self.show_debrief()
        elif self.current_screen != "table":
            self.show_screen("table")
        elif view.my_turn and self.builder is None:
            # The turn came back: put the keyboard on the moves if it was left nowhere (a button that went grey
            # while the others moved drops the focus).
            focus = QApplication.focusWidget()
            if focus is None or not focus.isEnabled() or not focus.isVisible():
                self.table.focus_panel("actions")

    def _on_notice(self, notice: SeatNotice) -> None:
        self._update_save_status()
        save = notice.changes.save
        if not save.saved and not self._save_warned and self.controller is not None:
            self._save_warned = True
            self.warn_not_saved(save.problem or "")
        elif save.saved:
            self._save_warned = False

    def warn_not_saved(self, problem: str) -> None:
        """Saving failed (full disk, read-only folder): say so once, keep playing in memory, offer another place."""
        box = QMessageBox(
            QMessageBox.Icon.Warning,
            tr("not-saved.title"),
            tr("not-saved.text", problem=problem),
            QMessageBox.StandardButton.NoButton,
            self,
        )
        box.setObjectName("not-saved-box")
        choose = box.addButton(tr("not-saved.choose"), QMessageBox.ButtonRole.AcceptRole)
        box.addButton(tr("not-saved.later"), QMessageBox.ButtonRole.RejectRole)
        box.finished.connect(lambda _r: box.clickedButton() is choose and self.save_dialog())
        self.dialog = box
        self._open(box)

    def _on_handover(self, seat: str) -> None:
        c = self.controller
        if c is None:
            return
        if self.builder is not None:
            self.builder.reject()
        v = c.game.public_view()
        public = (
            tr("handover.public.round", round=v.round, total=c.scenario.rules.rounds)
            if v.round
            else tr("handover.public.briefing")
        )
        d = c.scenario.delegation(seat)
        title = delegation_title(c.scenario, seat)
        self.handover.show_for(title, words.text(c.scenario, f"delegations.{seat}.office", d.office), public)
        self.status_round.setText(tr("status.handover", delegation=title))
        self.show_screen("handover")

    def _on_handover_accept(self) -> None:
        if self.controller is not None:
            self.controller.accept_handover()

    def _on_briefing_done(self) -> None:
        c = self.controller
        if c is None or c.viewer is None:
            self.show_screen("table")
            return
        self._briefed.add(c.viewer)
        v = c.view()
        if v is not None and v.phase == "briefing" and v.my_turn:
            c.submit(EndTurn(c.viewer))
        else:
            self.show_screen("table")
        if self.current_screen == "briefing":
            self.show_screen("table")

    def show_brief_again(self) -> None:
        c = self.controller
        v = c.view() if c else None
        if c is None or v is None:
            return
        self.briefing.show_brief(brief_from(c.scenario, v))
        self.show_screen("briefing")

    def _on_bot_start(self, seat: str) -> None:
        self.table.set_bot_thinking(seat)
        if self.controller is not None:
            who = delegation_title(self.controller.scenario, seat)
            self.statusBar().showMessage(tr("status.thinking", delegation=who), 3000)

    def _on_bot_stop(self) -> None:
        if self.controller is not None:
            self.table.can_undo = self.controller.can_undo
        self.table.set_bot_thinking("")
        self.statusBar().clearMessage()

    def _update_status(self, view: SeatView) -> None:
        if view.phase == "rounds":
            text = tr("status.round", round=view.round, total=view.rounds_total)
        else:
            text = tr(f"phase.{view.phase}")
        who = delegation_title(self.controller.scenario, view.seat) if self.controller else ""
        self.status_round.setText(tr("status.you-play", phase=text, delegation=who))

    def _update_save_status(self) -> None:
        c = self.controller
        if c is None:
            self.status_save.setText("")
            return
        st = c.save_status
        if st.saved:
            self.status_save.setText(tr("status.saved"))
            self.status_save.setToolTip(tr("status.saved.tip", where=st.where))
        else:
            self.status_save.setText(tr("status.not-saved"))
            why = getattr(self.services, "problem", "") if st.where is None else ""
            self.status_save.setToolTip("\n".join(x for x in (why, st.problem or "") if x))

    # -- debrief ----------------------------------------------------------------------------------------------------
    def prepare_debrief(self) -> None:
        c = self.controller
        v = c.view() if c else None
        if c is None or v is None or not c.game.finished:
            return
        scenario = c.game.revealed_scenario()  # every delegation's points are shown to all after the game
        self.debrief.show_pending()
        self.pool.submit(
            lambda: build_debrief(scenario, v),
            self._on_debrief_ready,
            lambda exc: self.show_error(tr("error.debrief", problem=str(exc))),
        )

    def _on_debrief_ready(self, data: DebriefData) -> None:
        self.debrief_data = data
        self.debrief.show_data(data)
        c = self.controller
        self.debrief.questionnaire.setVisible(c is not None and bool(questions_for(c.scenario, "after")))
        self.act_export.setEnabled(True)
        self.debrief_did_show.emit()

    def open_editor(self) -> None:
        """The scenario editor on a copy of the scenario chosen on the start screen (a broken one too: the editor
        shows what is wrong with it)."""
        from negotiator.model.registry import scenario_path
        from negotiator.ui.editor.document import EditorError, ScenarioDocument
        from negotiator.ui.editor.window import EditorWindow

        ng = self.start.new_game
        row = ng.scenario_list.currentRow()
        if not 0 <= row < len(ng.entries):
            self.show_error(tr("error.editor-choose"))
            return
        try:
            doc = ScenarioDocument.open(scenario_path(ng.entries[row].id))
        except (EditorError, NegotiatorError) as exc:
            self.show_error(str(exc))
            return
        self.editor_window = EditorWindow(doc)
        self.editor_window.show()

    def ask_questionnaire(self, stage: str) -> None:
        """The learning questionnaire for the seat at the keyboard (after the game: for each person who played)."""
        c = self.controller
        if c is None:
            return
        questions = questions_for(c.scenario, stage)
        seats = [c.viewer] if stage == "before" and c.viewer else list(c.humans)
        intro = c.scenario.questionnaire.intro if c.scenario.questionnaire else None
        for seat in seats:
            if seat is None or not questions:
                continue
            dlg = QuestionnaireDialog(questions, stage, delegation_title(c.scenario, seat), intro, self)
            self.questionnaire_dialog = dlg  # reachable by the tests and the self-test while it is open
            if dlg.exec() != QDialog.DialogCode.Accepted:
                continue
            given = dlg.answers()
            try:
                encoded = {q.id: encode_answer(q, given[q.id]) for q in questions if given[q.id] is not None}
                where = self.services.save_answers(c.game.game_id, seat, stage, encoded)
            except (ValueError, NegotiatorError) as exc:
                lines = exc.lines() if isinstance(exc, NegotiatorError) else [str(exc)]
                self.show_error(tr("error.answers", problem="; ".join(str(x) for x in lines)))
                continue
            self.statusBar().showMessage(tr("status.answers-saved", where=where), 6000)

    def show_debrief(self) -> None:
        if self.debrief_data is None:
            self.prepare_debrief()
        self.show_screen("debrief")

    def transcript_lines(self) -> list[str]:
        c = self.controller
        v = c.view() if c else None
        if c is None or v is None:
            return []
        return [
            tr(
                "transcript.round-line",
                round=e.round,
                line=entry_sentence(
                    c.scenario, e.kind, e.seat, e.ref, e.reason, language.catalogue_language()
                ),
            )
            for e in v.transcript
            if not e.audience
        ]

    def export_debrief_to(self, path: str) -> str:
        if self.debrief_data is None:
            raise RuntimeError("no debrief to export yet")
        seats = ""
        c = self.controller
        if c is not None:
            seats = " · ".join(
                f"{delegation_title(c.scenario, p.seat)}: "
                f"{'person' if p.controller == 'human' else 'AI ' + (p.persona or '')}"
                for p in c.game.players
            )
        return str(
            write_debrief(path, self.debrief_data, dict(self.debrief.figures), self.transcript_lines(), seats)
        )

    def export_dialog(self) -> None:
        if self.debrief_data is None:
            return
        path, _ = QFileDialog.getSaveFileName(self, tr("export.title"), "debrief.html", tr("export.filter"))
        if path:
            written = self.export_debrief_to(path)
            self.statusBar().showMessage(tr("status.debrief-saved", where=written), 6000)

    # -- classroom (negotiator.ui.classroom) ------------------------------------------------------------------------
    def host_class_dialog(self) -> None:
        from negotiator.ui.classroom import open_host_dialog

        open_host_dialog(self)

    def join_class_dialog(self) -> None:
        from negotiator.ui.classroom import open_join_dialog

        open_join_dialog(self)

    # -- saving and loading -----------------------------------------------------------------------------------------
    def load_dialog(self) -> None:
        try:
            saves = self.services.list_saves()
            problem = ""
        except NegotiatorError as exc:
            saves, problem = [], str(exc)
        dlg = LoadDialog(saves, self.services.where, problem, self)
        self.dialog = dlg
        dlg.finished.connect(lambda r: r == 1 and dlg.chosen() and self.resume(str(dlg.chosen())))
        self._open(dlg)
        dlg.list.setFocus()

    def save_dialog(self) -> None:
        if self.controller is None:
            return
        path, _ = QFileDialog.getSaveFileName(
            self, tr("save.title"), "negotiator-game.sqlite", tr("save.filter")
        )
        if path:
            self.save_to(path)

    def save_to(self, path: str) -> None:
        if self.controller is None:
            return
        try:
            where = self.services.save_copy(self.controller.game, path)
        except NegotiatorError as exc:
            self.show_error(str(exc))
            return
        self.statusBar().showMessage(tr("status.saved-to", where=where), 6000)
        self._update_save_status()

    # -- settings, about, tutorial ----------------------------------------------------------------------------------
    def settings_dialog(self) -> None:
        dlg = SettingsDialog(self.settings, self)
        self.dialog = dlg

        def done(result: int) -> None:
            if result == 1:
                dlg.apply()
                self.apply_font_scale(self.settings.font_scale)
                if dlg.chosen_language() != language.current():
                    self.switch_language(dlg.chosen_language())

        dlg.finished.connect(done)
        self._open(dlg)
        dlg.scale.setFocus()

    def about_dialog(self, tab: int = 0) -> None:
        scenarios = [e.scenario for e in self.services.scenario_entries() if e.scenario is not None]
        dlg = AboutDialog(scenarios, self, tab)
        self.dialog = dlg
        self._open(dlg)
        dlg.tabs.setFocus()

    def scale_fonts(self, factor: float) -> None:
        self.settings.font_scale = max(0.6, min(2.5, self.settings.font_scale * factor))
        self.apply_font_scale(self.settings.font_scale)

    def apply_font_scale(self, scale: float) -> None:
        app = QApplication.instance()
        if isinstance(app, QApplication):
            style.apply_style(app, scale)
        c = self.controller
        v = c.view() if c else None
        if c is not None and v is not None:
            self.table.show_view(c.scenario, v)  # charts and painted panels pick the new size up on redraw

    def switch_language(self, lang: str) -> None:
        """Every screen in ``lang`` from now on, mid-game too: the words are rendered again from their message ids
        and the game's views; the game itself (its log, its state, its save) is not touched."""
        self.settings.language = lang
        self.settings.sync()
        language.set_language(lang)
        self.refresh_start()
        c = self.controller
        v = c.view() if c else None
        if c is None or v is None:
            return
        self.table.show_view(c.scenario, v)
        self._update_save_status()
        if self.current_screen == "handover":
            if c.pending_viewer:
                self._on_handover(c.pending_viewer)
            return
        self._update_status(v)
        if self.current_screen == "briefing":
            self.briefing.show_brief(brief_from(c.scenario, v))
        elif self.current_screen == "ratification" and v.ratification:
            self.ratification.show_result(c.scenario, v, 0)
        elif self.current_screen == "debrief" and self.debrief_data is not None:
            self.debrief.show_data(self.debrief_data)

    def start_tutorial(self) -> None:
        from negotiator.ui.tutorial import Tutorial

        self.tutorial = Tutorial(self)
        self.tutorial.begin()

    def show_error(self, text: str) -> None:
        box = QMessageBox(QMessageBox.Icon.Warning, "Negotiator", text, QMessageBox.StandardButton.Ok, self)
        box.setObjectName("error-box")
        self.dialog = box
        self.last_error = text
        self._open(box)

    # -- layout memory ----------------------------------------------------------------------------------------------
    def _restore_geometry(self) -> None:
        geo = self.settings.layout("shell-geometry")
        if geo is not None:
            self.restoreGeometry(geo)
        else:
            self.resize(1440, 900)
        state = self.settings.layout("table-state")
        if state is not None:
            self.table.restore_layout(state)

    def _remember_layout(self) -> None:
        self.settings.set_layout("shell-geometry", QByteArray(self.saveGeometry()))
        self.settings.set_layout("table-state", QByteArray(self.table.layout_state()))
        self.settings.sync()

    def closeEvent(self, event: QCloseEvent) -> None:
        self._remember_layout()
        self.detach()
        self.pool.wait(5000)
        close = getattr(self.services, "close", None)
        if callable(close):
            close()  # the save databases: a file left open can keep its journal beside it
        event.accept()

    def wait_idle(self, msecs: int = 10_000) -> None:
        """Tests: let queued work finish (bot turns, previews)."""
        QTimer.singleShot(0, lambda: None)
        self.pool.wait(msecs)
