"""The actions panel: round and deadline, whose turn it is, the open proposals to answer, and every move as a button.

Buttons are views of the table's QActions (so a move has one shortcut, one tooltip and one enabled state whether it is
clicked, typed or chosen from the menu).
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction
from PySide6.QtWidgets import (
    QComboBox,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QSizePolicy,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from negotiator.game.views import SeatView
from negotiator.model.public import PublicScenario
from negotiator.ui import style
from negotiator.ui.language import bind, tr
from negotiator.ui.viewmodel import answerable, delegation_title


def action_button(action: QAction) -> QToolButton:
    b = QToolButton()
    b.setDefaultAction(action)
    b.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
    b.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)
    b.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
    b.setMinimumHeight(int(style.font().pointSizeF() * 2.6))
    return b


class ActionsPanel(QWidget):
    def __init__(self, actions: dict[str, QAction], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("actions")
        self.round_label = QLabel("")
        self.round_label.setObjectName("round-label")
        self.round_label.setProperty("role", "banner")
        self.turn_label = QLabel("")
        self.turn_label.setObjectName("turn-label")
        self.turn_label.setWordWrap(True)
        self.proposals = QComboBox()
        self.proposals.setObjectName("open-proposals")
        bind(self.proposals, "actions.proposal.name", "setAccessibleName")
        bind(self.proposals, "actions.proposal.tip", "setToolTip")
        prop_label = QLabel()
        bind(prop_label, "actions.proposal.label")
        prop_label.setBuddy(self.proposals)
        self.buttons: dict[str, QToolButton] = {}
        grid = QGridLayout()
        grid.setSpacing(6)
        # Pledge last: it is hidden for principals, and a hidden button at the end leaves no hole in the grid.
        order = [
            "propose",
            "accept",
            "reject",
            "counter",
            "statement",
            "mediator",
            "end_turn",
            "sign",
            "walk_out",
            "undo",
            "pledge",
        ]
        for k, name in enumerate(order):
            if name not in actions:
                continue
            b = action_button(actions[name])
            b.setObjectName(f"action-{name}")
            self.buttons[name] = b
            grid.addWidget(b, k // 3, k % 3)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 6, 6, 6)
        layout.addWidget(self.round_label)
        layout.addWidget(self.turn_label)
        row = QHBoxLayout()
        row.addWidget(prop_label)
        row.addWidget(self.proposals, 1)
        layout.addLayout(row)
        layout.addLayout(grid)
        layout.addStretch(1)

    def show_view(self, scenario: PublicScenario, view: SeatView, bot_thinking: str = "") -> None:
        left = max(0, view.rounds_total - view.round + (1 if view.phase == "rounds" else 0))
        if view.phase == "briefing":
            text = tr("actions.briefing", rounds=view.rounds_total)
        elif view.phase == "rounds":
            text = tr("actions.round", round=view.round, total=view.rounds_total)
            if left <= 1:
                text = tr("actions.last-round", text=text)
        elif view.phase in ("signature", "ratification", "outcome"):
            text = tr(f"actions.phase.{view.phase}")
        else:
            text = view.phase
        self.round_label.setText(text)
        self.round_label.setToolTip(tr("actions.rounds-left", n=left))
        if view.my_turn:
            used = ", ".join(view.turn_used)
            turn = tr("actions.your-turn.sign" if view.phase == "signature" else "actions.your-turn")
            if used:
                turn += f" <span style='color:{style.MUTED}'>{tr('actions.used', moves=used)}</span>"
        elif view.whose_turn:
            who = delegation_title(scenario, view.whose_turn)
            turn = tr("actions.waiting", who=who) + (
                " " + tr("actions.thinking") if bot_thinking == view.whose_turn else ""
            )
        else:
            turn = tr("actions.no-one")
        self.turn_label.setText(turn)
        current = self.proposals.currentData()
        self.proposals.blockSignals(True)
        self.proposals.clear()
        for p in reversed(answerable(view)):
            who = delegation_title(scenario, p.by)
            if p.own_points is not None:
                self.proposals.addItem(
                    tr("actions.worth", ref=p.id, who=who, points=f"{p.own_points:.0f}"), p.id
                )
                tip = tr(
                    "actions.worth.tip",
                    points=f"{p.own_points:.1f}",
                    walk=f"{view.own.reservation_value:.0f}",
                )
            else:
                self.proposals.addItem(tr("actions.partial", ref=p.id, who=who), p.id)
                tip = tr("actions.partial.tip")
            self.proposals.setItemData(self.proposals.count() - 1, tip, Qt.ItemDataRole.ToolTipRole)
        if self.proposals.count() == 0:
            self.proposals.addItem(tr("actions.none"), None)
        idx = self.proposals.findData(current)
        if idx >= 0:
            self.proposals.setCurrentIndex(idx)
        self.proposals.blockSignals(False)
        self.proposals.setEnabled(self.proposals.currentData() is not None)

    def chosen_proposal(self) -> str | None:
        data = self.proposals.currentData()
        return str(data) if data else None
