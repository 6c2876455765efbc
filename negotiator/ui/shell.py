"""The game window: menus, the status bar, and one page at a time (start, briefing, table, hand-over,
ratification, debrief).

The window composes named parts, each with typed collaborators, and wires them to its menus and pages:

- :class:`~negotiator.ui.shell_nav.Navigation` (``nav``): which page is shown;
- :class:`~negotiator.ui.shell_game.GameLifecycle` (``games``): new, continue, load, save and close a game, the seat
  at the keyboard, and what the pages show as the game moves; it owns the game's controller;
- :class:`~negotiator.ui.shell_moves.MoveDialogs` (``moves``): the moves that need a dialog;
- :class:`~negotiator.ui.shell_debrief.DebriefFlow` (``debriefing``): the debrief and the questionnaire;
- :class:`~negotiator.ui.shell_dialogs.DialogHost` (``dialogs``) and
  :class:`~negotiator.ui.shell_dialogs.StatusLine` (``status``): how dialogs open, what the status bar says.

What stays here is what belongs to the window as a whole: its menus, settings, the about box, the tutorial, the editor
and classroom dialogs, the text size, and remembering its layout. The properties and methods under "the window's
face" are what the tests, the tutorial, the self-test and the classroom dialogs drive; they hand over to the parts.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import QByteArray, QTimer, Signal
from PySide6.QtGui import QAction, QCloseEvent, QKeySequence
from PySide6.QtWidgets import QApplication, QDialog, QMainWindow, QMenu, QStackedWidget, QWidget

from negotiator.game.setup import GameSetup
from negotiator.model.errors import NegotiatorError
from negotiator.session.seat import GameChannel
from negotiator.ui import language, style
from negotiator.ui.about import AboutDialog
from negotiator.ui.briefing import BriefingScreen
from negotiator.ui.controller import GameController
from negotiator.ui.debrief import DebriefScreen
from negotiator.ui.debrief_model import DebriefData
from negotiator.ui.dialogs import confirm_walk_out
from negotiator.ui.handover import HandoverScreen
from negotiator.ui.language import bind, tr
from negotiator.ui.offer_builder import OfferBuilder
from negotiator.ui.ports import Services
from negotiator.ui.ratification import RatificationScreen
from negotiator.ui.settings import SettingsDialog
from negotiator.ui.shell_debrief import DebriefFlow
from negotiator.ui.shell_dialogs import DialogHost, StatusLine
from negotiator.ui.shell_game import GameLifecycle
from negotiator.ui.shell_moves import ConfirmWalkOut, MoveDialogs
from negotiator.ui.shell_nav import Navigation, Page
from negotiator.ui.start import StartScreen
from negotiator.ui.table import TableScreen
from negotiator.ui.workers import Pool

if TYPE_CHECKING:
    from negotiator.ui.tutorial import Tutorial


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
        self.pool = Pool()
        self.editor_window: QWidget | None = None
        self.tutorial: Tutorial | None = None

        # the pages (annotated: the tutorial reads them through an import cycle mypy cannot infer across)
        self.start: StartScreen = StartScreen(services.scenario_entries())
        self.briefing: BriefingScreen = BriefingScreen()
        self.table: TableScreen = TableScreen(self.pool)
        self.handover: HandoverScreen = HandoverScreen()
        self.ratification: RatificationScreen = RatificationScreen()
        self.debrief: DebriefScreen = DebriefScreen()
        self.stack = QStackedWidget()
        self.setCentralWidget(self.stack)
        self.nav = Navigation(
            self.stack,
            {
                "start": self.start,
                "briefing": self.briefing,
                "table": self.table,
                "handover": self.handover,
                "ratification": self.ratification,
                "debrief": self.debrief,
            },
            {
                "start": self.start.new_game.start.setFocus,
                "briefing": self.briefing.ready.setFocus,
                "table": lambda: self.table.focus_panel("actions"),
                "handover": self.handover.ready.setFocus,
                "ratification": self.ratification.next.setFocus,
            },
            self,
        )
        self.dialogs = DialogHost(self)
        self.status = StatusLine(self.statusBar())
        self.status_round, self.status_save = self.status.round, self.status.save
        self.moves = MoveDialogs(
            self,
            self.table,
            self.pool,
            lambda: self.games.controller,
            confirm or confirm_walk_out,
            self.dialogs,
        )
        self.debriefing = DebriefFlow(
            self,
            services,
            self.pool,
            self.debrief,
            self.nav,
            self.dialogs,
            self.status,
            lambda: self.games.controller,
        )
        self.games = GameLifecycle(
            self,
            services,
            self.pool,
            start=self.start,
            briefing=self.briefing,
            table=self.table,
            handover=self.handover,
            ratification=self.ratification,
            nav=self.nav,
            dialogs=self.dialogs,
            status=self.status,
            debrief=self.debriefing,
            remember_layout=self._remember_layout,
            builder_open=self.moves.builder_open,
            close_builder=self.moves.close_builder,
            bot_delay_ms=bot_delay_ms,
            animate=animate,
        )
        self._build_menus()
        self._wire()
        self._restore_geometry()
        self.games.refresh_start()
        self.show_screen("start")

    # -- the window's face ------------------------------------------------------------------------------------------
    @property
    def controller(self) -> GameController | None:
        """The controller of the game in play (``None`` between games)."""
        return self.games.controller

    @property
    def current_screen(self) -> Page:
        return self.nav.current

    @property
    def dialog(self) -> QDialog | None:
        """The last dialog opened over the window."""
        return self.dialogs.dialog

    @property
    def builder(self) -> OfferBuilder | None:
        """The offer builder while it is open."""
        return self.moves.builder

    @property
    def debrief_data(self) -> DebriefData | None:
        return self.debriefing.data

    def show_screen(self, name: Page) -> None:
        self.nav.show(name)

    def start_game(self, setup: GameSetup) -> None:
        self.games.start_game(setup)

    def attach(self, game: GameChannel) -> None:
        self.games.attach(game)

    def detach(self) -> None:
        self.games.detach()

    def go_start(self) -> None:
        self.games.go_start()

    def save_to(self, path: str) -> None:
        self.games.save_to(path)

    def export_debrief_to(self, path: str) -> str:
        return self.debriefing.export_to(path)

    def show_error(self, text: str) -> None:
        self.dialogs.show_error(text)

    def wait_idle(self, msecs: int = 10_000) -> None:
        """Tests: let queued work finish (bot turns, previews)."""
        QTimer.singleShot(0, lambda: None)
        self.pool.wait(msecs)

    # -- construction -----------------------------------------------------------------------------------------------
    def _build_menus(self) -> None:
        bar = self.menuBar()
        games, debriefing = self.games, self.debriefing
        game = bar.addMenu("")
        bind(game, "menu.game", "setTitle")
        self.act_new = self._action(game, "menu.new", "Ctrl+N", games.go_start)
        self._action(game, "menu.continue", "", games.continue_last)
        self._action(game, "menu.load", "Ctrl+O", games.load_dialog)
        self.act_save = self._action(game, "menu.save", "Ctrl+S", games.save_dialog)
        self.act_export = self._action(game, "menu.export", "", debriefing.export_dialog)
        game.addSeparator()
        self._action(game, "menu.settings", "", self.settings_dialog)
        self._action(game, "menu.quit", "Ctrl+Q", self.close)
        view = bar.addMenu("")
        bind(view, "menu.view", "setTitle")
        self._action(view, "menu.brief", "Ctrl+B", games.show_brief_again)
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
        games, moves, debriefing = self.games, self.moves, self.debriefing
        # the window's menu state first, then the window's own listeners (the tutorial, the tests)
        self.nav.screen_did_change.connect(self._on_screen_changed)
        self.moves.builder_did_open.connect(self.builder_did_open)
        debriefing.debrief_did_show.connect(self._on_debrief_shown)
        s = self.start
        s.new_game.setup_did_choose.connect(games.start_game)
        s.continue_did_request.connect(games.continue_last)
        s.load_did_request.connect(games.load_dialog)
        s.tutorial_did_request.connect(self.start_tutorial)
        s.settings_did_request.connect(self.settings_dialog)
        s.about_did_request.connect(lambda: self.about_dialog(0))
        s.quit_did_request.connect(self.close)
        s.editor_did_request.connect(self.open_editor)
        s.host_class_did_request.connect(self.host_class_dialog)
        s.join_class_did_request.connect(self.join_class_dialog)
        s.language_did_request.connect(self.switch_language)
        self.briefing.ready_did_request.connect(games.briefing_done)
        self.handover.handover_did_accept.connect(games.accept_handover)
        self.ratification.debrief_did_request.connect(debriefing.show)
        self.debrief.export_did_request.connect(debriefing.export_dialog)
        self.debrief.new_game_did_request.connect(games.go_start)
        self.briefing.questionnaire_did_request.connect(lambda: debriefing.ask_questionnaire("before"))
        self.debrief.questionnaire_did_request.connect(lambda: debriefing.ask_questionnaire("after"))
        t = self.table
        t.propose_did_request.connect(moves.open_builder)
        t.reject_did_request.connect(moves.open_reject)
        t.statement_did_request.connect(moves.open_statement)
        t.mediator_did_request.connect(moves.open_mediator)
        t.pledge_did_request.connect(moves.open_pledge)
        t.command_did_request.connect(games.submit)
        t.undo_did_request.connect(games.undo)
        t.walk_out_did_request.connect(moves.walk_out)

    def _on_screen_changed(self, name: str) -> None:
        self.act_save.setEnabled(self.games.controller is not None)
        self.act_export.setEnabled(self.debriefing.data is not None)
        self.screen_did_change.emit(name)

    def _on_debrief_shown(self) -> None:
        self.act_export.setEnabled(True)
        self.debrief_did_show.emit()

    # -- settings, about, tutorial, editor, classroom ---------------------------------------------------------------
    def settings_dialog(self) -> None:
        dlg = SettingsDialog(self.settings, self)

        def done(result: int) -> None:
            if result == 1:
                dlg.apply()
                self.apply_font_scale(self.settings.font_scale)
                if dlg.chosen_language() != language.current():
                    self.switch_language(dlg.chosen_language())

        dlg.finished.connect(done)
        self.dialogs.open(dlg)
        dlg.scale.setFocus()

    def about_dialog(self, tab: int = 0) -> None:
        scenarios = [e.scenario for e in self.services.scenario_entries() if e.scenario is not None]
        dlg = AboutDialog(scenarios, self, tab)
        self.dialogs.open(dlg)
        dlg.tabs.setFocus()

    def scale_fonts(self, factor: float) -> None:
        self.settings.font_scale = max(0.6, min(2.5, self.settings.font_scale * factor))
        self.apply_font_scale(self.settings.font_scale)

    def apply_font_scale(self, scale: float) -> None:
        app = QApplication.instance()
        if isinstance(app, QApplication):
            style.apply_style(app, scale)
        c = self.games.controller
        v = c.view() if c else None
        if c is not None and v is not None:
            self.table.show_view(c.scenario, v)  # charts and painted panels pick the new size up on redraw

    def switch_language(self, lang: str) -> None:
        """Every screen in ``lang`` from now on, mid-game too: the words are rendered again from their message ids
        and the game's views; the game itself (its log, its state, its save) is not touched."""
        self.settings.language = lang
        self.settings.sync()
        language.set_language(lang)
        self.games.refresh_start()
        self.games.show_again()

    def start_tutorial(self) -> None:
        from negotiator.ui.tutorial import Tutorial

        self.tutorial = Tutorial(self)
        self.tutorial.begin()

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

    def host_class_dialog(self) -> None:
        from negotiator.ui.classroom import open_host_dialog

        open_host_dialog(self)

    def join_class_dialog(self) -> None:
        from negotiator.ui.classroom import open_join_dialog

        open_join_dialog(self)

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
        self.games.detach()
        self.pool.wait(5000)
        self.services.close()  # the save databases: a file left open can keep its journal beside it
        event.accept()
