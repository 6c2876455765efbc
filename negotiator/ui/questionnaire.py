"""The learning questionnaire dialog: a student's answers before the briefing or after the debrief (all optional).

One form, one row per question: radio buttons for ``choice``, check boxes for ``choices``, five radio buttons for a
``scale``, a line of text for ``text``. Nothing is preselected, so an untouched question is a skipped one.
:meth:`QuestionnaireDialog.answers` returns the raw values that
:func:`negotiator.model.questionnaire.check_answer` accepts.
"""

from __future__ import annotations

from PySide6.QtWidgets import (
    QAbstractButton,
    QButtonGroup,
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QRadioButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from negotiator.model.questionnaire import MAX_TEXT_ANSWER
from negotiator.model.schema import Question
from negotiator.ui.language import tr
from negotiator.ui.widgets import heading, para

STAGES = ("before", "after")
"""Each stage's title is the catalogue entry questionnaire.<stage>."""


def stage_title(stage: str) -> str:
    return tr(f"questionnaire.{stage}") if stage in STAGES else stage


class QuestionnaireDialog(QDialog):
    def __init__(
        self,
        questions: list[Question],
        stage: str,
        who: str,
        intro: str | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("questionnaire")
        self.setWindowTitle(tr("questionnaire.window", stage=stage_title(stage)))
        self.questions = questions
        self._inputs: dict[str, object] = {}
        outer = QVBoxLayout(self)
        outer.addWidget(heading(tr("questionnaire.heading", stage=stage_title(stage), who=who)))
        outer.addWidget(para(intro or tr("questionnaire.optional"), role="muted"))
        body = QWidget()
        form = QVBoxLayout(body)
        for k, q in enumerate(questions, start=1):
            label = QLabel(f"<b>{k}.</b> {q.text}")
            label.setWordWrap(True)
            form.addWidget(label)
            form.addWidget(self._input(q))
        form.addStretch(1)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setWidget(body)
        outer.addWidget(scroll, 1)
        buttons = QDialogButtonBox()
        self.save = buttons.addButton(tr("questionnaire.save"), QDialogButtonBox.ButtonRole.AcceptRole)
        self.save.setObjectName("save-answers")
        self.skip = buttons.addButton(tr("questionnaire.skip"), QDialogButtonBox.ButtonRole.RejectRole)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        outer.addWidget(buttons)
        self.resize(720, 600)

    def _input(self, q: Question) -> QWidget:
        box = QWidget()
        box.setObjectName(f"question-{q.id}")
        row: QHBoxLayout | QVBoxLayout = QHBoxLayout(box) if q.kind == "scale" else QVBoxLayout(box)
        row.setContentsMargins(18, 0, 0, 8)
        if q.kind in ("choice", "scale"):
            group = QButtonGroup(box)
            group.setExclusive(True)
            labels = q.options if q.kind == "choice" else [str(v) for v in range(1, 6)]
            if q.kind == "scale" and q.low:
                row.addWidget(QLabel(q.low))
            for k, text in enumerate(labels):
                b = QRadioButton(text)
                group.addButton(b, k if q.kind == "choice" else k + 1)
                row.addWidget(b)
            if q.kind == "scale":
                if q.high:
                    row.addWidget(QLabel(q.high))
                row.addStretch(1)
            self._inputs[q.id] = group
        elif q.kind == "choices":
            checks = []
            for text in q.options:
                c = QCheckBox(text)
                row.addWidget(c)
                checks.append(c)
            self._inputs[q.id] = checks
        else:
            line = QLineEdit()
            line.setMaxLength(MAX_TEXT_ANSWER)
            line.setPlaceholderText(tr("questionnaire.answer"))
            row.addWidget(line)
            self._inputs[q.id] = line
        return box

    def answers(self) -> dict[str, object]:
        """Question id -> the raw answer (``None`` for a question left alone)."""
        out: dict[str, object] = {}
        for q in self.questions:
            widget = self._inputs[q.id]
            if isinstance(widget, QButtonGroup):
                picked = widget.checkedId()
                out[q.id] = None if picked < 0 else picked
            elif isinstance(widget, list):
                chosen = [k for k, c in enumerate(widget) if c.isChecked()]
                out[q.id] = chosen or None
            else:
                assert isinstance(widget, QLineEdit)
                out[q.id] = widget.text().strip() or None
        return out

    def choose(self, question_id: str, value: object) -> None:
        """Set an answer as a student would (tests and the self-test drive the dialog through this)."""
        widget = self._inputs[question_id]
        if isinstance(widget, QButtonGroup):
            button: QAbstractButton | None = widget.button(int(value))  # type: ignore[call-overload]
            if button is not None:
                button.setChecked(True)
        elif isinstance(widget, list):
            for k, c in enumerate(widget):
                c.setChecked(k in value)  # type: ignore[operator]
        else:
            assert isinstance(widget, QLineEdit)
            widget.setText(str(value))
