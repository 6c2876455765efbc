"""Small dialogs for moves that need a choice: rejecting (which issues), a statement (which words, which tone),
a note to the mediator, and confirming a walk-out."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QDoubleSpinBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QMessageBox,
    QVBoxLayout,
    QWidget,
)

from negotiator.game.statements import STATEMENTS
from negotiator.game.views import ProposalView
from negotiator.model.public import PublicScenario
from negotiator.ui.viewmodel import delegation_title, option_title
from negotiator.ui.widgets import heading, para

TONE_WORDS = {"conciliatory": "conciliatory", "neutral": "neutral", "firm": "firm", "hostile": "hostile"}


class RejectDialog(QDialog):
    """Reject a proposal, naming the issues you object to (the others see them; it helps them find a deal)."""

    def __init__(
        self,
        scenario: PublicScenario,
        proposal: ProposalView,
        objections: list[str],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("reject-dialog")
        self.setWindowTitle(f"Reject {proposal.id}")
        lay = QVBoxLayout(self)
        lay.addWidget(heading(f"Reject {proposal.id} by {delegation_title(scenario, proposal.by)}"))
        lay.addWidget(para("Tick the issues you object to. The other delegations will see them."))
        self.boxes: dict[str, QCheckBox] = {}
        for issue_id, option_id in proposal.package:
            cb = QCheckBox(f"{scenario.issue(issue_id).title}: {option_title(scenario, issue_id, option_id)}")
            cb.setChecked(issue_id in objections)
            cb.setObjectName(f"object-{issue_id}")
            self.boxes[issue_id] = cb
            lay.addWidget(cb)
        label = QLabel("&Why (optional):")
        self.reason = QLineEdit()
        self.reason.setMaxLength(300)
        label.setBuddy(self.reason)
        lay.addWidget(label)
        lay.addWidget(self.reason)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText("&Reject")
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        lay.addWidget(buttons)

    def reasons(self) -> tuple[str, ...]:
        return tuple(i for i, cb in self.boxes.items() if cb.isChecked())


class StatementDialog(QDialog):
    """Pick a public statement; its tone moves your public and the other side's."""

    def __init__(self, third_party: bool, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("statement-dialog")
        self.setWindowTitle("Public statement")
        lay = QVBoxLayout(self)
        lay.addWidget(heading("What do you tell the press?"))
        lay.addWidget(
            para(
                "Conciliatory words reassure the other side but can cost trust at home; firm words do the "
                "opposite. Words alone move the publics only a little.",
                role="muted",
            )
        )
        self.list = QListWidget()
        self.list.setObjectName("statements")
        self.list.setWordWrap(True)
        for st in STATEMENTS:
            if st.for_third_parties and not third_party:
                continue  # words written for a guarantor or mediator
            item = QListWidgetItem(f"[{TONE_WORDS[st.tone]}] {st.text}")
            item.setData(Qt.ItemDataRole.UserRole, (st.id, st.tone))
            item.setToolTip(
                f"Tone: {st.tone}. Your public's mood {st.own_mood:+.2f}, its trust in you "
                f"{st.own_trust_own:+.2f}; the other side's mood {st.other_mood:+.2f}, its trust in you "
                f"{st.other_trust_other:+.2f} (utility units; 0.05 is a few points of support)."
            )
            self.list.addItem(item)
        self.list.setCurrentRow(0)
        lay.addWidget(self.list, 1)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText("&Say it")
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        self.list.itemActivated.connect(lambda _i: self.accept())
        lay.addWidget(buttons)
        self.resize(640, 420)

    def choice(self) -> tuple[str, str] | None:
        item = self.list.currentItem()
        if item is None:
            return None
        text_id, tone = item.data(Qt.ItemDataRole.UserRole)
        return str(text_id), str(tone)


class PledgeDialog(QDialog):
    """A third party pledges a side-payment or a guarantee to a delegation, paid only if the deal is ratified."""

    def __init__(
        self,
        scenario: PublicScenario,
        seat: str,
        beneficiaries: list[str],
        left: float,
        proposals: list[str],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("pledge-dialog")
        self.setWindowTitle("Pledge side terms")
        lay = QVBoxLayout(self)
        lay.addWidget(heading("Pledge a side-payment or a guarantee"))
        lay.addWidget(
            para(
                f"You have {left:.0f} points of means left. A pledge is paid only if a deal is signed and "
                "ratified; it adds to the beneficiary's points and reassures its public a little.",
                role="muted",
            )
        )
        form = QFormLayout()
        self.kind = QComboBox()
        self.kind.addItem("Guarantee (security, monitoring)", "guarantee")
        self.kind.addItem("Side-payment (funds, development)", "side-payment")
        self.to = QComboBox()
        for b in beneficiaries:
            self.to.addItem(delegation_title(scenario, b), b)
        self.points = QDoubleSpinBox()
        self.points.setRange(1.0, max(1.0, left))
        self.points.setSingleStep(1.0)
        self.points.setDecimals(0)
        self.points.setValue(min(3.0, left))
        self.points.setToolTip("Points added to the beneficiary's score if the deal is ratified")
        self.tied = QComboBox()
        self.tied.addItem("Any agreement", "")
        for pid in proposals:
            self.tied.addItem(f"Only proposal {pid}", pid)
        for text, w in (
            ("&Kind:", self.kind),
            ("&To:", self.to),
            ("&Points:", self.points),
            ("Ti&ed to:", self.tied),
        ):
            label = QLabel(text)
            label.setBuddy(w)
            form.addRow(label, w)
        lay.addLayout(form)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText("P&ledge")
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        lay.addWidget(buttons)


class NoteDialog(QDialog):
    """A one-line private note (to the mediator)."""

    def __init__(self, title: str, prompt: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("note-dialog")
        self.setWindowTitle(title)
        lay = QVBoxLayout(self)
        lay.addWidget(para(prompt))
        self.text = QLineEdit()
        self.text.setMaxLength(300)
        lay.addWidget(self.text)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        lay.addWidget(buttons)


def confirm_walk_out(parent: QWidget, signatory: bool) -> bool:
    text = (
        "Walking out ends the talks without an agreement: every delegation gets its walk-away value."
        if signatory
        else "You leave the table; the others may go on without you."
    )
    answer = QMessageBox.question(
        parent,
        "Walk out?",
        text + "\n\nWalk out now?",
        QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
        QMessageBox.StandardButton.No,
    )
    return answer == QMessageBox.StandardButton.Yes
