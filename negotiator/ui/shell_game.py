"""The game in the main window, from start to close: new, continue, load, save a copy, close; the seat at the
keyboard (the hot-seat hand-over, the briefing); and what the window shows as the game moves (the table, the
status line, the ratification, the way to the debrief).

A part of the main window (:mod:`negotiator.ui.shell`) with typed collaborators: the window it parents the controller
and its dialogs to, the services that start, resume and save games, the worker pool, the pages it fills (start,
briefing, table, hand-over, ratification), the navigation, the dialog host, the status line and the debrief part. It
owns the :class:`~negotiator.ui.controller.GameController` of the game in play (``controller``; ``None`` between
games) and routes the player's moves to it.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtWidgets import QApplication, QFileDialog, QMessageBox, QWidget

from negotiator.game.commands import Command, EndTurn
from negotiator.game.setup import GameSetup
from negotiator.game.views import SeatView
from negotiator.model.errors import NegotiatorError, ProblemsError
from negotiator.model.questionnaire import questions_for
from negotiator.session.notices import Changes, SeatNotice
from negotiator.session.seat import GameChannel
from negotiator.ui import words
from negotiator.ui.briefing import BriefingScreen, brief_from
from negotiator.ui.controller import GameController
from negotiator.ui.handover import HandoverScreen
from negotiator.ui.language import tr
from negotiator.ui.load import LoadDialog
from negotiator.ui.ports import SaveEntry, Services
from negotiator.ui.ratification import RatificationScreen
from negotiator.ui.shell_debrief import DebriefFlow
from negotiator.ui.shell_dialogs import DialogHost, StatusLine
from negotiator.ui.shell_nav import Navigation
from negotiator.ui.start import StartScreen
from negotiator.ui.table import TableScreen
from negotiator.ui.viewmodel import delegation_title
from negotiator.ui.workers import Pool


class GameLifecycle:
    """Starts, resumes, saves and closes the window's game, and shows it as it moves (see the module docstring).

    ``remember_layout`` is called before a game closes (the window keeps its geometry and the table's panels);
    ``builder_open`` says whether the offer builder is up (the keyboard is left with it when the turn comes back) and
    ``close_builder`` closes it when the keyboard passes to another person."""

    def __init__(
        self,
        window: QWidget,
        services: Services,
        pool: Pool,
        *,
        start: StartScreen,
        briefing: BriefingScreen,
        table: TableScreen,
        handover: HandoverScreen,
        ratification: RatificationScreen,
        nav: Navigation,
        dialogs: DialogHost,
        status: StatusLine,
        debrief: DebriefFlow,
        remember_layout: Callable[[], None],
        builder_open: Callable[[], bool],
        close_builder: Callable[[], None],
        bot_delay_ms: int = 400,
        animate: bool = True,
    ) -> None:
        self.window = window
        self.services = services
        self.pool = pool
        self.start = start
        self.briefing = briefing
        self.table = table
        self.handover = handover
        self.ratification = ratification
        self.nav = nav
        self.dialogs = dialogs
        self.status = status
        self.debrief = debrief
        self.remember_layout = remember_layout
        self.builder_open = builder_open
        self.close_builder = close_builder
        self.bot_delay_ms = bot_delay_ms
        self.animate = animate
        self.controller: GameController | None = None
        self._briefed: set[str] = set()
        self._ratification_shown = False
        self._save_warned = False

    # -- the start page ---------------------------------------------------------------------------------------------
    def refresh_start(self) -> None:
        """Name the last game on the start page (its Continue button), if it is still among the saves."""
        last = self.services.settings.last_game
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
        """Close the game in play and show the start page."""
        self.detach()
        self.refresh_start()
        self.nav.show("start")

    # -- opening and closing a game ---------------------------------------------------------------------------------
    def start_game(self, setup: GameSetup) -> None:
        try:
            game = self.services.start_game(setup)
        except NegotiatorError as exc:
            self.dialogs.show_error(str(exc))
            return
        self.attach(game)

    def continue_last(self) -> None:
        last = self.services.settings.last_game
        if last:
            self.resume(last)

    def resume(self, game_id: str) -> None:
        try:
            game = self.services.resume_game(game_id)
        except NegotiatorError as exc:
            lines = exc.lines() if isinstance(exc, ProblemsError) else [str(exc)]
            self.dialogs.show_error(tr("error.cannot-open", lines="\n".join(lines)))
            return
        self.attach(game)

    def attach(self, game: GameChannel) -> None:
        """Play ``game`` in the window (the game in play before it is closed first)."""
        self.detach()
        c = GameController(game, self.pool, self.bot_delay_ms, self.window)
        self.controller = c
        self.table.undo_offered = True  # a class table says otherwise (ui.classroom.attach_remote)
        self.table.use_publics(c.publics)
        self.table.chat.attach(game)  # a class table's team chat (nothing for a game on this computer)
        self._briefed = set()
        self._ratification_shown = False
        self.debrief.reset()
        self.services.settings.last_game = game.game_id
        c.view_did_change.connect(self._on_view)
        c.handover_did_request.connect(self._on_handover)
        c.error_did_occur.connect(self.dialogs.show_error)
        c.bot_did_start.connect(self._on_bot_start)
        c.bot_did_stop.connect(self._on_bot_stop)
        c.notice_did_arrive.connect(self._on_notice)
        self.status.clear_round()
        c.begin()
        self._update_save_status()
        problem = self.services.problem
        if problem and not self._save_warned:
            # The save database could not be opened at all: the game runs in memory from the start.
            self._save_warned = True
            self.warn_not_saved(problem)

    def detach(self) -> None:
        """Close the game in play (its queued writes reach the save first)."""
        self.table.chat.detach()
        if self.controller is not None:
            self.remember_layout()
            self.controller.close()
            self.controller.wait_for_bots(5000)
            self.controller.game.close()  # queued writes reach the save before anything closes it
            self.controller.deleteLater()
            self.controller = None

    # -- moves ------------------------------------------------------------------------------------------------------
    def submit(self, command: Command) -> bool:
        if self.controller is None:
            return False
        return self.controller.submit(command)

    def undo(self) -> None:
        if self.controller is not None:
            self.controller.undo()

    # -- saving and loading -----------------------------------------------------------------------------------------
    def load_dialog(self) -> None:
        try:
            saves = self.services.list_saves()
            problem = ""
        except NegotiatorError as exc:
            saves, problem = [], str(exc)
        dlg = LoadDialog(saves, self.services.where, problem, self.window)

        def done(result: int) -> None:
            chosen = dlg.chosen()
            if result == 1 and chosen:
                self.resume(str(chosen))

        dlg.finished.connect(done)
        self.dialogs.open(dlg)
        dlg.list.setFocus()

    def save_dialog(self) -> None:
        if self.controller is None:
            return
        path, _ = QFileDialog.getSaveFileName(
            self.window, tr("save.title"), "negotiator-game.sqlite", tr("save.filter")
        )
        if path:
            self.save_to(path)

    def save_to(self, path: str) -> None:
        """Write the game in play to a save database at ``path``; it keeps saving there."""
        if self.controller is None:
            return
        try:
            where = self.services.save_copy(self.controller.game, path)
        except NegotiatorError as exc:
            self.dialogs.show_error(str(exc))
            return
        self.status.flash(tr("status.saved-to", where=where), 6000)
        self._update_save_status()

    def warn_not_saved(self, problem: str) -> None:
        """Saving failed (full disk, read-only folder): say so once, keep playing in memory, offer another place."""
        box = QMessageBox(
            QMessageBox.Icon.Warning,
            tr("not-saved.title"),
            tr("not-saved.text", problem=problem),
            QMessageBox.StandardButton.NoButton,
            self.window,
        )
        box.setObjectName("not-saved-box")
        choose = box.addButton(tr("not-saved.choose"), QMessageBox.ButtonRole.AcceptRole)
        box.addButton(tr("not-saved.later"), QMessageBox.ButtonRole.RejectRole)

        def done(_result: int) -> None:
            if box.clickedButton() is choose:
                self.save_dialog()

        box.finished.connect(done)
        self.dialogs.open(box)

    def _update_save_status(self) -> None:
        c = self.controller
        self.status.show_save(c.save_status if c is not None else None, self.services.problem)

    # -- the seat at the keyboard -----------------------------------------------------------------------------------
    def _on_handover(self, seat: str) -> None:
        c = self.controller
        if c is None:
            return
        self.close_builder()
        v = c.game.public_view()
        public = (
            tr("handover.public.round", round=v.round, total=c.scenario.rules.rounds)
            if v.round
            else tr("handover.public.briefing")
        )
        d = c.scenario.delegation(seat)
        title = delegation_title(c.scenario, seat)
        self.handover.show_for(title, words.text(c.scenario, f"delegations.{seat}.office", d.office), public)
        self.status.show_handover(title)
        self.nav.show("handover")

    def accept_handover(self) -> None:
        if self.controller is not None:
            self.controller.accept_handover()

    def briefing_done(self) -> None:
        """The person at the keyboard has read their brief: their briefing turn ends and the table comes up."""
        c = self.controller
        if c is None or c.viewer is None:
            self.nav.show("table")
            return
        self._briefed.add(c.viewer)
        v = c.view()
        if v is not None and v.phase == "briefing" and v.my_turn:
            c.submit(EndTurn(c.viewer))
        else:
            self.nav.show("table")
        if self.nav.current == "briefing":
            self.nav.show("table")

    def show_brief_again(self) -> None:
        c = self.controller
        v = c.view() if c else None
        if c is None or v is None:
            return
        self.briefing.show_brief(brief_from(c.scenario, v))
        self.nav.show("briefing")

    def show_again(self) -> None:
        """Render the page on screen again from the game's latest view (the language changed): the table, the status
        line and whichever page is up; the game itself is not touched."""
        c = self.controller
        v = c.view() if c else None
        if c is None or v is None:
            return
        self.table.show_view(c.scenario, v)
        self._update_save_status()
        if self.nav.current == "handover":
            if c.pending_viewer:
                self._on_handover(c.pending_viewer)
            return
        self.status.show_view(v, delegation_title(c.scenario, v.seat))
        if self.nav.current == "briefing":
            self.briefing.show_brief(brief_from(c.scenario, v))
        elif self.nav.current == "ratification" and v.ratification:
            self.ratification.show_result(c.scenario, v, 0)
        elif self.nav.current == "debrief":
            self.debrief.show_again()

    # -- reacting to the game ---------------------------------------------------------------------------------------
    def _on_view(self, view: SeatView, changes: Changes | None) -> None:
        c = self.controller
        if c is None:
            return
        scenario = c.scenario
        self.table.can_undo = c.can_undo
        self.table.show_view(scenario, view, changes)
        self.status.show_view(view, delegation_title(scenario, view.seat))
        if view.phase == "briefing" and view.my_turn and view.seat not in self._briefed:
            self.briefing.show_brief(brief_from(scenario, view))
            self.briefing.questionnaire.setVisible(bool(questions_for(scenario, "before")))
            self.nav.show("briefing")
        elif view.phase in ("ratification", "outcome"):
            if view.ratification and not self._ratification_shown:
                self._ratification_shown = True
                self.ratification.show_result(scenario, view, 2200 if self.animate else 0)
                self.nav.show("ratification")
                self.debrief.prepare()
            elif not view.ratification and self.nav.current != "debrief":
                self.debrief.show()
        elif self.nav.current != "table":
            self.nav.show("table")
        elif view.my_turn and not self.builder_open():
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

    def _on_bot_start(self, seat: str) -> None:
        self.table.set_bot_thinking(seat)
        if self.controller is not None:
            who = delegation_title(self.controller.scenario, seat)
            self.status.flash(tr("status.thinking", delegation=who), 3000)

    def _on_bot_stop(self) -> None:
        if self.controller is not None:
            self.table.can_undo = self.controller.can_undo
        self.table.set_bot_thinking("")
        self.status.clear_message()
