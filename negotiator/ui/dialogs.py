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
from negotiator.ui.language import say, tr
from negotiator.ui.viewmodel import delegation_title, issue_title, option_title
from negotiator.ui.widgets import heading, para


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
        self.setWindowTitle(tr("reject.title", ref=proposal.id))
        lay = QVBoxLayout(self)
        lay.addWidget(
            heading(tr("reject.heading", ref=proposal.id, who=delegation_title(scenario, proposal.by)))
        )
        lay.addWidget(para(tr("reject.intro")))
        self.boxes: dict[str, QCheckBox] = {}
        for issue_id, option_id in proposal.package:
            cb = QCheckBox(
                f"{issue_title(scenario, issue_id)}: {option_title(scenario, issue_id, option_id)}"
            )
            cb.setChecked(issue_id in objections)
            cb.setObjectName(f"object-{issue_id}")
            self.boxes[issue_id] = cb
            lay.addWidget(cb)
        label = QLabel(tr("reject.why"))
        self.reason = QLineEdit()
        self.reason.setMaxLength(300)
        label.setBuddy(self.reason)
        lay.addWidget(label)
        lay.addWidget(self.reason)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText(tr("reject.ok"))
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
        self.setWindowTitle(tr("statement.title"))
        lay = QVBoxLayout(self)
        lay.addWidget(heading(tr("statement.heading")))
        lay.addWidget(para(tr("statement.intro"), role="muted"))
        self.list = QListWidget()
        self.list.setObjectName("statements")
        self.list.setWordWrap(True)
        for st in STATEMENTS:
            if st.for_third_parties and not third_party:
                continue  # words written for a guarantor or mediator
            tone = tr(f"tone.{st.tone}")
            item = QListWidgetItem(tr("statement.item", tone=tone, text=say(st.message)))
            item.setData(Qt.ItemDataRole.UserRole, (st.id, st.tone))
            item.setToolTip(
                tr(
                    "statement.tip",
                    tone=tone,
                    own_mood=f"{st.own_mood:+.2f}",
                    own_trust=f"{st.own_trust_own:+.2f}",
                    other_mood=f"{st.other_mood:+.2f}",
                    other_trust=f"{st.other_trust_other:+.2f}",
                )
            )
            self.list.addItem(item)
        self.list.setCurrentRow(0)
        lay.addWidget(self.list, 1)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText(tr("statement.ok"))
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
        self.setWindowTitle(tr("pledge.title"))
        lay = QVBoxLayout(self)
        lay.addWidget(heading(tr("pledge.heading")))
        lay.addWidget(para(tr("pledge.intro", left=f"{left:.0f}"), role="muted"))
        form = QFormLayout()
        self.kind = QComboBox()
        self.kind.addItem(tr("pledge.guarantee"), "guarantee")
        self.kind.addItem(tr("pledge.side-payment"), "side-payment")
        self.to = QComboBox()
        for b in beneficiaries:
            self.to.addItem(delegation_title(scenario, b), b)
        self.points = QDoubleSpinBox()
        self.points.setRange(1.0, max(1.0, left))
        self.points.setSingleStep(1.0)
        self.points.setDecimals(0)
        self.points.setValue(min(3.0, left))
        self.points.setToolTip(tr("pledge.points.tip"))
        self.tied = QComboBox()
        self.tied.addItem(tr("pledge.any"), "")
        for pid in proposals:
            self.tied.addItem(tr("pledge.only", ref=pid), pid)
        for msgid, w in (
            ("pledge.kind", self.kind),
            ("pledge.to", self.to),
            ("pledge.points", self.points),
            ("pledge.tied", self.tied),
        ):
            label = QLabel(tr(msgid))
            label.setBuddy(w)
            form.addRow(label, w)
        lay.addLayout(form)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText(tr("pledge.ok"))
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
    text = tr("walkout.signatory" if signatory else "walkout.other")
    answer = QMessageBox.question(
        parent,
        tr("walkout.title"),
        tr("walkout.now", text=text),
        QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
        QMessageBox.StandardButton.No,
    )
    return answer == QMessageBox.StandardButton.Yes
