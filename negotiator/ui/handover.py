"""Hot-seat hand-over: between two people's turns the table is hidden behind this screen, which names only the next
seat and public facts (round, deadline). The next person must confirm they are at the keyboard before their own
confidential brief and points appear."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QHBoxLayout, QVBoxLayout, QWidget

from negotiator.ui.language import bind, tr
from negotiator.ui.widgets import Card, button, heading, para


class HandoverScreen(QWidget):
    handover_did_accept = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("handover")
        outer = QVBoxLayout(self)
        outer.addStretch(1)
        card = Card()
        card.setMinimumWidth(
            760
        )  # wider when a language's words need it (the row's stretches keep it centred)
        self.title = heading("", role="title")
        self.title.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.body = para("")
        self.body.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.public = para("", role="muted")
        self.public.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.ready = button("", primary=True, name="handover-ready")
        bind(self.ready, "handover.ready.tip", "setToolTip")
        self.ready.setAutoDefault(True)
        self.ready.clicked.connect(self.handover_did_accept)
        card.body.addWidget(self.title)
        card.body.addWidget(self.body)
        card.body.addWidget(self.public)
        card.body.addSpacing(12)
        card.body.addWidget(self.ready, 0, Qt.AlignmentFlag.AlignCenter)
        row = QHBoxLayout()
        row.addStretch(1)
        row.addWidget(card)
        row.addStretch(1)
        outer.addLayout(row)
        outer.addStretch(2)

    def show_for(self, delegation_title: str, office: str, public_line: str) -> None:
        # Titles are names ("Israel") or descriptions ("Israeli delegation"): no article reads right before both.
        self.title.setText(tr("handover.title", who=delegation_title))
        self.body.setText(tr("handover.body", office=office))
        self.public.setText(public_line)
        self.ready.setText(tr("handover.ready", who=delegation_title))
        self.ready.setFocus()
