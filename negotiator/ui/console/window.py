"""The trainer console's window: class setup, then the overview, one table in depth and the class debrief.

Opened from "Host a class" (on the class that dialog runs) or on its own with the setup page (which opens a class
of its own and closes it with the window). A one-second timer refreshes the page on screen from the host.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QCloseEvent
from PySide6.QtWidgets import (
    QComboBox,
    QFileDialog,
    QFrame,
    QHBoxLayout,
    QMainWindow,
    QScrollArea,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from negotiator.game.commands import TRAINER, PauseTable, ResumeTable
from negotiator.model.errors import NegotiatorError
from negotiator.model.registry import get_scenario
from negotiator.session.ports import GameStorage, MemoryStorage
from negotiator.ui import language
from negotiator.ui.console.debrief import DebriefPage
from negotiator.ui.console.overview import OverviewPage
from negotiator.ui.console.run import AnyClass, ClassPlan, RunningClass, open_class
from negotiator.ui.console.setup import SetupPage
from negotiator.ui.console.table import TablePage
from negotiator.ui.console.words import is_rtl, say
from negotiator.ui.widgets import button, para

REFRESH_MS = 1000


class ConsoleWindow(QMainWindow):
    """The trainer console. ``running``: a class already served (else the setup page opens one)."""

    def __init__(
        self,
        running: AnyClass | None = None,
        *,
        lang: str = "en",
        open_storage: Callable[[], GameStorage] | None = None,
        bind: str = "127.0.0.1",
        port: int = 0,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("trainer-console")
        self.lang = lang
        self._open_storage = open_storage or MemoryStorage
        self._bind, self._port = bind, port
        self.running: AnyClass | None = None
        self.overview: OverviewPage | None = None
        self.table: TablePage | None = None
        self.debrief: DebriefPage | None = None
        central = QWidget()
        outer = QVBoxLayout(central)
        self.nav = QWidget()
        nav = QHBoxLayout(self.nav)
        nav.setContentsMargins(0, 0, 0, 0)
        self.overview_button = button(say("console.nav.overview", lang), name="console-nav-overview")
        self.table_choice = QComboBox()
        self.table_choice.setObjectName("console-nav-table")
        self.table_choice.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        self.table_button = button(say("console.nav.table", lang), name="console-nav-table-open")
        self.debrief_button = button(say("console.nav.debrief", lang), name="console-nav-debrief")
        self.cards_button = button(say("console.nav.cards", lang), name="console-nav-cards")
        self.room_line = para("")
        self.room_line.setObjectName("console-room-line")
        for w in (self.overview_button, self.table_choice, self.table_button, self.debrief_button):
            nav.addWidget(w)
        nav.addStretch(1)
        nav.addWidget(self.room_line)
        nav.addWidget(self.cards_button)
        self.nav.hide()
        outer.addWidget(self.nav)
        self.pages = QStackedWidget()
        outer.addWidget(self.pages, 1)
        self.setCentralWidget(central)
        self.setup: SetupPage | None = None
        self.problem = para("", role="error")
        self.problem.setObjectName("console-problem")
        outer.addWidget(self.problem)
        self.overview_button.clicked.connect(self.show_overview)
        self.table_button.clicked.connect(lambda: self.show_table(int(self.table_choice.currentData() or 1)))
        self.debrief_button.clicked.connect(self.show_debrief)
        self.cards_button.clicked.connect(self._cards_dialog)
        self._label()
        language.notifier().language_did_change.connect(self.set_language)
        self.timer = QTimer(self)
        self.timer.setInterval(REFRESH_MS)
        self.timer.timeout.connect(self.refresh)
        if running is not None:
            self.attach(running)
        else:
            self._add_setup()
        self.resize(1440, 900)

    def _add_setup(self) -> None:
        self.setup = SetupPage(self.lang)
        self.setup.plan_did_choose.connect(self.start_class)
        scroll = QScrollArea()  # forty tables of seats are taller than any screen
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        scroll.setWidget(self.setup)
        self.pages.addWidget(scroll)
        self.pages.setCurrentWidget(scroll)

    def _label(self) -> None:
        """The window's own words and direction in :attr:`lang` (the pages render theirs when built)."""
        lang = self.lang
        self.setLayoutDirection(
            Qt.LayoutDirection.RightToLeft if is_rtl(lang) else Qt.LayoutDirection.LeftToRight
        )
        self.setWindowTitle(say("console.window", lang))
        self.overview_button.setText(say("console.nav.overview", lang))
        self.table_button.setText(say("console.nav.table", lang))
        self.debrief_button.setText(say("console.nav.debrief", lang))
        self.cards_button.setText(say("console.nav.cards", lang))

    def set_language(self, lang: str) -> None:
        """Follow a language switch while open: every word again from its message id, on the same screen (the
        setup page starts over: nothing of the class exists yet)."""
        if lang == self.lang:
            return
        self.lang = lang
        self._label()
        self.problem.setText("")
        running = self.running
        if running is None:
            if self.setup is not None:
                old = self.pages.currentWidget()
                self._add_setup()
                if old is not None:
                    self.pages.removeWidget(old)
                    old.deleteLater()
            return
        current = self.pages.currentWidget()
        number = self.table.number if self.table is not None else None
        on = "table" if current is self.table else "debrief" if current is self.debrief else "overview"
        results = self.debrief.results if self.debrief is not None else []
        for page in (self.overview, self.table, self.debrief):
            if page is not None:
                self.pages.removeWidget(page)
                page.deleteLater()
        self._build_pages(running)
        if on == "table" and number is not None:
            self.show_table(number)
        elif on == "debrief" and self.debrief is not None and results:
            self.debrief.show_again(results)  # the figures stay; only the words change
            self.pages.setCurrentWidget(self.debrief)
        elif on == "debrief":
            self.show_debrief()
        else:
            self.show_overview()

    # ------------------------------------------------------------------------------------------ the class
    def start_class(self, plan: ClassPlan) -> RunningClass | None:
        try:
            running = open_class(plan, self._open_storage(), bind=self._bind, port=self._port)
        except (NegotiatorError, OSError) as exc:
            self.problem.setText(say("console.could-not-open", self.lang, why=str(exc)))
            return None
        self.problem.setText("")
        self.attach(running)
        return running

    def attach(self, running: AnyClass) -> None:
        self.running = running
        self._build_pages(running)
        self.nav.show()
        self.show_overview()
        self.timer.start()

    def _build_pages(self, running: AnyClass) -> None:
        console = running.console
        scenario = get_scenario(console.scenario_id)
        lang = self.lang
        line = say(
            "console.room-line",
            lang,
            room=console.room_code,
            address=console.url.removeprefix("ws://"),
        )
        self.cards_button.setVisible(isinstance(running, RunningClass))
        if running.console.read_only:
            line += " · " + say("console.read-only", lang)
        self.room_line.setText(line)
        self.overview = OverviewPage(scenario, "", lang)
        self.table = TablePage(running.console, scenario, lang)
        self.debrief = DebriefPage(running.console, scenario, lang)
        for page in (self.overview, self.table, self.debrief):
            self.pages.addWidget(page)
        self.overview.table_did_open.connect(self.show_table)
        self.overview.pause_all_did_request.connect(self.pause_all)
        self.overview.debrief_did_request.connect(self.show_debrief)
        self.table_choice.clear()
        for number in console.numbers():
            self.table_choice.addItem(say("console.table", lang, count=number), number)

    def pause_all(self, pause: bool) -> None:
        if self.running is None or self.running.console.read_only:
            return
        command = PauseTable(TRAINER) if pause else ResumeTable(TRAINER)
        outcomes = self.running.console.intervene(command)
        refused = [o for o in outcomes if o.move is None]
        self.problem.setText(
            "; ".join(say("console.refused", self.lang, count=o.table, why=o.error or "") for o in refused)
        )
        self.refresh()

    # ------------------------------------------------------------------------------------------ pages
    def show_overview(self) -> None:
        if self.overview is not None:
            self.pages.setCurrentWidget(self.overview)
            self.refresh()

    def show_table(self, number: int) -> None:
        if self.table is not None:
            self.table.show_table(number)
            index = self.table_choice.findData(number)
            if index >= 0:
                self.table_choice.setCurrentIndex(index)
            self.pages.setCurrentWidget(self.table)

    def show_debrief(self) -> None:
        if self.debrief is not None:
            self.debrief.refresh()
            self.pages.setCurrentWidget(self.debrief)

    def refresh(self) -> None:
        if self.running is None:
            return
        page = self.pages.currentWidget()
        if page is self.overview and self.overview is not None:
            self.overview.refresh(self.running.console.overview())
        elif page is self.table and self.table is not None:
            self.table.refresh()

    # ------------------------------------------------------------------------------------------ seat cards
    def write_seat_cards(self, path: str | Path) -> Path:
        """Every students' seat's card as a PDF (with the students' names when a class list was read)."""
        from negotiator.ui.classroom import seat_cards_html, write_seat_cards

        running = self.running
        assert isinstance(running, RunningClass), "seat cards are printed on the host's computer"
        plan = running.plan
        names = plan.names() if plan is not None else None
        return write_seat_cards(seat_cards_html(running.host.url, running.room, names), path)

    def _cards_dialog(self) -> None:
        path, _ = QFileDialog.getSaveFileName(
            self, say("console.nav.cards", self.lang), "seat-cards.pdf", "PDF (*.pdf)"
        )
        if path:
            self.write_seat_cards(path)

    def closeEvent(self, event: QCloseEvent) -> None:
        self.timer.stop()
        if self.running is not None:
            self.running.close()
            self.running = None
        super().closeEvent(event)
