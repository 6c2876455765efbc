"""The moves that need a dialog (a package, the issues objected to, the words of a statement, a note, a pledge, a
confirmation): a part of the main window, composed into it with typed collaborators (the window it parents its
dialogs to, the table screen, the worker pool, the controller of the game in play, the dialog host). Each move opens its dialog
without blocking and submits the command, based on the view it was chosen on, when the player confirms."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QWidget

from negotiator.game.commands import (
    AskMediator,
    CounterPropose,
    OfferSideTerms,
    Reject,
    Statement,
    TableProposal,
    WalkOut,
)
from negotiator.game.views import ProposalView
from negotiator.ui.dialogs import NoteDialog, PledgeDialog, RejectDialog, StatementDialog
from negotiator.ui.language import tr
from negotiator.ui.offer_builder import OfferBuilder
from negotiator.ui.shell_dialogs import DialogHost
from negotiator.ui.workers import Pool

if TYPE_CHECKING:
    from negotiator.ui.controller import GameController
    from negotiator.ui.table import TableScreen

ConfirmWalkOut = Callable[[QWidget, bool], bool]
"""Asks the player to confirm walking out (parent, is a signatory) -> yes."""


class MoveDialogs(QObject):
    """The main window's move dialogs. ``builder`` is the offer builder while it is open; the other dialogs open
    through the window's dialog host (its ``dialog`` is the last one opened: tests and the tutorial look at both)."""

    builder_did_open = Signal(object)  # OfferBuilder

    def __init__(
        self,
        window: QWidget,
        table: TableScreen,
        pool: Pool,
        controller: Callable[[], GameController | None],
        confirm: ConfirmWalkOut,
        dialogs: DialogHost,
    ) -> None:
        super().__init__(window)
        self.window = window
        self.table = table
        self.pool = pool
        self._controller = controller
        self.confirm = confirm
        self.dialogs = dialogs
        self.builder: OfferBuilder | None = None

    @property
    def controller(self) -> GameController | None:
        return self._controller()

    def builder_open(self) -> bool:
        return self.builder is not None

    def close_builder(self) -> None:
        """Close the offer builder without tabling anything (the keyboard passes to another person)."""
        if self.builder is not None:
            self.builder.reject()

    def open_builder(self, answering: ProposalView | None = None) -> None:
        c = self.controller
        v = c.view() if c else None
        if c is None or v is None:
            return
        b = OfferBuilder(
            c.scenario, v, answering=answering, pool=self.pool, parent=self.window, publics=c.publics
        )
        self.builder = b
        b.package_did_change.connect(lambda pkg: self.table.show_on_map(pkg, tr("map.your-draft")))
        b.finished.connect(lambda result: self._on_builder_done(b, result))
        self.dialogs.open(b)
        b.focus_first_option()
        self.builder_did_open.emit(b)

    def _on_builder_done(self, b: OfferBuilder, result: int) -> None:
        self.builder = None
        self.window.activateWindow()
        c = self.controller
        v = c.view() if c else None
        if c is None or v is None:
            return
        if result != 1:
            self.table.show_view(c.scenario, v)
            return
        d = b.draft()
        if b.answering is not None:
            theirs = dict(b.answering.package)
            reasons = tuple(i for i, o in d.package if theirs.get(i) != o)
            c.submit(
                CounterPropose(v.seat, b.answering.id, d.package, d.partial, reasons, reason=d.reason),
                based_on=v.move,
            )
        else:
            c.submit(TableProposal(v.seat, d.package, d.partial, reason=d.reason), based_on=v.move)

    def open_reject(self, proposal_id: str) -> None:
        c = self.controller
        v = c.view() if c else None
        if c is None or v is None:
            return
        prop = v.proposal(proposal_id)
        own = {i: dict(o) for i, o in v.own.points}
        # Suggest the issues where the proposal gives you less than half of what you could get.
        objections = [i for i, o in prop.package if own.get(i, {}).get(o, 100.0) < 50.0]
        dlg = RejectDialog(c.scenario, prop, objections, self.window)
        dlg.finished.connect(
            lambda r: (
                r == 1
                and c.submit(
                    Reject(v.seat, proposal_id, dlg.reasons(), reason=dlg.reason.text().strip()),
                    based_on=v.move,
                )
            )
        )
        self.dialogs.open(dlg)

    def open_statement(self) -> None:
        c = self.controller
        v = c.view() if c else None
        if c is None or v is None:
            return
        third = not any(d.id == v.seat and d.role == "principal" for d in v.delegations)
        dlg = StatementDialog(third, self.window)

        def done(result: int) -> None:
            choice = dlg.choice()
            if result == 1 and choice is not None:
                c.submit(Statement(v.seat, choice[1], choice[0]), based_on=v.move)

        dlg.finished.connect(done)
        self.dialogs.open(dlg)
        dlg.list.setFocus()

    def open_mediator(self) -> None:
        c = self.controller
        v = c.view() if c else None
        if c is None or v is None:
            return
        dlg = NoteDialog(
            tr("mediator.title"),
            tr("mediator.prompt"),
            self.window,
        )
        dlg.finished.connect(
            lambda r: (
                r == 1 and c.submit(AskMediator(v.seat, reason=dlg.text.text().strip()), based_on=v.move)
            )
        )
        self.dialogs.open(dlg)
        dlg.text.setFocus()

    def open_pledge(self) -> None:
        c = self.controller
        v = c.view() if c else None
        if c is None or v is None:
            return
        others = [d.id for d in v.delegations if d.active and d.id != v.seat]
        open_ids = [p.id for p in v.proposals if p.status == "open"]
        dlg = PledgeDialog(c.scenario, v.seat, others, v.side_terms_left, open_ids, self.window)

        def done(result: int) -> None:
            if result == 1:
                c.submit(
                    OfferSideTerms(
                        v.seat,
                        str(dlg.kind.currentData()),
                        str(dlg.to.currentData()),
                        float(dlg.points.value()),
                        str(dlg.tied.currentData() or ""),
                    ),
                    based_on=v.move,
                )

        dlg.finished.connect(done)
        self.dialogs.open(dlg)
        dlg.kind.setFocus()

    def walk_out(self) -> None:
        c = self.controller
        v = c.view() if c else None
        if c is None or v is None:
            return
        if self.confirm(self.window, v.seat in v.signatories):
            c.submit(WalkOut(v.seat), based_on=v.move)
