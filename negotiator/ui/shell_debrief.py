"""The end of a game in the main window: the debrief (computed off the GUI thread once the game is over, shown,
exported as a web page or saved as PDF) and the learning questionnaire (before the briefing and after the debrief).

Save as PDF calls the printable reports (:mod:`negotiator.ui.report`) on the finished game: the debrief (everything
revealed, as on the debrief screen, with the whole transcript), or one delegation's own report. When people played
at this keyboard, a delegation's report is offered only for the seat whose person is at the keyboard (the others'
confidential briefs and private messages stay theirs); a game with no person playing (AI games watched) offers
every delegation's.

A part of the main window (:mod:`negotiator.ui.shell`) with typed collaborators: the window it parents its dialogs
to, the services that keep the answers, the worker pool, the debrief screen, the navigation, the dialog host, the
status line and the controller of the game in play.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QApplication, QDialog, QFileDialog, QMenu, QWidget

from negotiator.model.errors import NegotiatorError, ProblemsError
from negotiator.model.localise import localise
from negotiator.model.questionnaire import questions_for
from negotiator.session.local import FinishedGame, LocalGame
from negotiator.ui import language
from negotiator.ui.controller import GameController
from negotiator.ui.debrief import DebriefScreen
from negotiator.ui.debrief_export import write_debrief
from negotiator.ui.debrief_model import DebriefData, build_debrief
from negotiator.ui.language import tr
from negotiator.ui.ports import Services
from negotiator.ui.questionnaire import QuestionnaireDialog
from negotiator.ui.report_answers import encode_answer
from negotiator.ui.shell_dialogs import DialogHost, StatusLine
from negotiator.ui.shell_nav import Navigation
from negotiator.ui.viewmodel import delegation_title, entry_sentence
from negotiator.ui.workers import Pool


class DebriefFlow(QObject):
    """Computes, shows and exports the debrief of the game in play, and asks the questionnaire. ``data`` is the
    debrief once computed (``None`` before); ``debrief_did_show`` fires when it is on the screen."""

    debrief_did_show = Signal()

    def __init__(
        self,
        window: QWidget,
        services: Services,
        pool: Pool,
        screen: DebriefScreen,
        nav: Navigation,
        dialogs: DialogHost,
        status: StatusLine,
        controller: Callable[[], GameController | None],
    ) -> None:
        super().__init__(window)
        self.window = window
        self.services = services
        self.pool = pool
        self.screen = screen
        self.nav = nav
        self.dialogs = dialogs
        self.status = status
        self._controller = controller
        self.data: DebriefData | None = None
        self.questionnaire_dialog: QuestionnaireDialog | None = None
        """The questionnaire while it is open (the tests and the self-test answer it)."""
        self.pdf_menu = QMenu(screen.pdf)
        self.pdf_menu.setObjectName("pdf-menu")
        screen.pdf.setMenu(self.pdf_menu)
        screen.pdf.setEnabled(False)

    @property
    def controller(self) -> GameController | None:
        return self._controller()

    def reset(self) -> None:
        """A new game: no debrief yet."""
        self.data = None

    # -- the debrief ------------------------------------------------------------------------------------------------
    def prepare(self) -> None:
        """Start computing the debrief of a finished game (off the GUI thread); it shows itself when ready."""
        c = self.controller
        v = c.view() if c else None
        if c is None or v is None or not c.game.finished:
            return
        scenario = c.game.revealed_scenario()  # every delegation's points are shown to all after the game
        self.screen.show_pending()
        self.pool.submit(
            lambda: build_debrief(scenario, v),
            self._on_ready,
            lambda exc: self.dialogs.show_error(tr("error.debrief", problem=str(exc))),
        )

    def _on_ready(self, data: DebriefData) -> None:
        self.data = data
        self.screen.show_data(data)
        c = self.controller
        self.screen.questionnaire.setVisible(c is not None and bool(questions_for(c.scenario, "after")))
        self._fill_pdf_menu()
        self.debrief_did_show.emit()

    def show(self) -> None:
        """The debrief page (computing the debrief first if that has not started)."""
        if self.data is None:
            self.prepare()
        self.nav.show("debrief")

    def show_again(self) -> None:
        """Draw the debrief on screen again (the language changed): computed again, since its words (the result,
        the paradigm, the scenario's title) are made with its figures, off the GUI thread."""
        if self.data is not None:
            self.prepare()

    def transcript_lines(self) -> list[str]:
        """The public record of the game, one line per entry, for the exported debrief."""
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

    def export_to(self, path: str) -> str:
        """Write the debrief as a web page at ``path``; returns where it went."""
        if self.data is None:
            raise RuntimeError("no debrief to export yet")
        seats = ""
        c = self.controller
        if c is not None:
            seats = tr("report.dot").join(
                tr(
                    "report.seat.person" if p.controller == "human" else "report.seat.ai",
                    delegation=delegation_title(c.scenario, p.seat),
                    persona=tr(f"persona.{p.persona}") if p.persona else tr("report.persona.default"),
                )
                for p in c.game.players
            )
        return str(write_debrief(path, self.data, dict(self.screen.figures), self.transcript_lines(), seats))

    def export_dialog(self) -> None:
        if self.data is None:
            return
        path, _ = QFileDialog.getSaveFileName(
            self.window, tr("export.title"), "debrief.html", tr("export.filter")
        )
        if path:
            written = self.export_to(path)
            self.status.flash(tr("status.debrief-saved", where=written), 6000)

    # -- Save as PDF --------------------------------------------------------------------------------------------------
    def report_seats(self) -> list[str]:
        """The delegations whose own report may be saved here: the person's at the keyboard when people played,
        every delegation's when nobody did (AI games watched)."""
        c = self.controller
        if c is None:
            return []
        if c.humans:
            seat = c.viewer if c.viewer in c.humans else None
            if seat is None and len(c.humans) == 1:
                seat = c.humans[0]
            return [seat] if seat is not None else []
        return [p.seat for p in c.game.players]

    def _finished_game(self) -> FinishedGame | None:
        c = self.controller
        if c is None or not isinstance(c.game, LocalGame) or not c.game.finished:
            return None  # a class table's record is the host's: its reports come from the trainer console
        return c.game.finished_game()

    def _fill_pdf_menu(self) -> None:
        self.pdf_menu.clear()
        c = self.controller
        available = c is not None and isinstance(c.game, LocalGame) and c.game.finished
        self.screen.pdf.setEnabled(available)
        if not available or c is None:
            self.screen.pdf.setToolTip(tr("debrief.pdf.unavailable"))
            return
        self.screen.pdf.setToolTip(tr("debrief.pdf.tip"))
        act = QAction(tr("debrief.pdf.debrief"), self.pdf_menu)
        act.setObjectName("pdf-debrief-all")
        act.triggered.connect(lambda: self.pdf_dialog(None))
        self.pdf_menu.addAction(act)
        for seat in self.report_seats():
            act = QAction(
                tr("debrief.pdf.seat", delegation=delegation_title(c.scenario, seat)), self.pdf_menu
            )
            act.setObjectName(f"pdf-seat-{seat}")
            act.triggered.connect(lambda _=False, seat=seat: self.pdf_dialog(seat))
            self.pdf_menu.addAction(act)

    def pdf_dialog(self, seat: str | None) -> None:
        name = f"{seat}-report.pdf" if seat else "debrief.pdf"
        path, _ = QFileDialog.getSaveFileName(
            self.window, tr("debrief.pdf.title"), name, tr("debrief.pdf.filter")
        )
        if path:
            self.save_pdf(seat, path)

    def save_pdf(self, seat: str | None, path: str) -> str | None:
        """Write the debrief (``seat`` None) or ``seat``'s own report as PDF at ``path``; returns where it went, or
        None after saying why it could not (a seat not offered here is refused)."""
        from negotiator.ui.report import debrief_document, delegation_document, write_pdf

        game = self._finished_game()
        mine = self.report_seats()
        played = self.controller is not None and bool(self.controller.humans)
        # a delegation's report only for a seat offered here; when people played, the debrief they keep is the copy
        # of the seat at the keyboard (its transcript holds no other delegation's private lines), so with nobody
        # known to be at the keyboard there is none to give; an AI game watched gives the whole record, as its
        # screen does
        if game is None or (seat is not None and seat not in mine) or (seat is None and played and not mine):
            self.dialogs.show_error(tr("error.pdf", problem=tr("debrief.pdf.unavailable")))
            return None
        QApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
        try:
            if seat:
                doc = delegation_document(game, seat)
            else:
                doc = debrief_document(game, seat=mine[0] if played else None)
            title = doc.metaInformation(doc.MetaInformation.DocumentTitle)
            with open(path, "ab"):  # a folder that cannot be written is said in one line, before Qt tries
                pass
            written = str(write_pdf(doc, Path(path), title))
        except OSError as exc:
            self.dialogs.show_error(tr("error.pdf", problem=f"{path}: {exc.strerror or exc}"))
            return None
        finally:
            QApplication.restoreOverrideCursor()
        self.status.flash(tr("status.pdf-saved", where=written), 6000)
        return written

    # -- the learning questionnaire ---------------------------------------------------------------------------------
    def ask_questionnaire(self, stage: str) -> None:
        """The learning questionnaire for the seat at the keyboard (after the game: for each person who played)."""
        c = self.controller
        if c is None:
            return
        questions = questions_for(c.scenario, stage)
        # shown in the reader's language (the same questions, ids and options in the same order: answers are ids
        # and option numbers, so they are stored the same whatever language they were given in)
        shown_scenario = localise(c.scenario, language.catalogue_language())
        shown = questions_for(shown_scenario, stage)
        seats = [c.viewer] if stage == "before" and c.viewer else list(c.humans)
        intro = shown_scenario.questionnaire.intro if shown_scenario.questionnaire else None
        for seat in seats:
            if seat is None or not questions:
                continue
            dlg = QuestionnaireDialog(shown, stage, delegation_title(c.scenario, seat), intro, self.window)
            self.questionnaire_dialog = dlg  # reachable by the tests and the self-test while it is open
            if dlg.exec() != QDialog.DialogCode.Accepted:
                continue
            given = dlg.answers()
            try:
                encoded = {q.id: encode_answer(q, given[q.id]) for q in questions if given[q.id] is not None}
                where = self.services.save_answers(c.game.game_id, seat, stage, encoded)
            except (ValueError, NegotiatorError) as exc:
                lines = exc.lines() if isinstance(exc, ProblemsError) else [str(exc)]
                self.dialogs.show_error(tr("error.answers", problem="; ".join(lines)))
                continue
            self.status.flash(tr("status.answers-saved", where=where), 6000)
