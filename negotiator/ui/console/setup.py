"""Class setup: scenario, tables, which delegations students play at each table, AI personas, the turn timer and
an optional class list; "Open the class" starts the host with that plan."""

from __future__ import annotations

import html

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFileDialog,
    QFormLayout,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from negotiator.model.names import ScenarioNames
from negotiator.model.registry import get_scenario, shipped_scenarios
from negotiator.model.schema import Scenario
from negotiator.text import delegation
from negotiator.text.scenario import scenario_text
from negotiator.ui.console.classlist import ClassListError, Student, read_class_list
from negotiator.ui.console.run import ClassPlan
from negotiator.ui.console.words import persona_words, say
from negotiator.ui.widgets import button, clear_layout, heading, para

PERSONAS: tuple[str, ...] = ("pragmatist", "reciprocator", "conciliator", "hard-liner")


class SetupPage(QWidget):
    """The class setup form. Emits ``plan_did_choose`` with a :class:`ClassPlan` when the trainer opens the class."""

    plan_did_choose = Signal(object)

    def __init__(self, lang: str = "en", parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("console-setup")
        self.lang = lang
        self.students: list[Student] = []
        self.class_list_path = ""
        layout = QVBoxLayout(self)
        layout.addWidget(heading(say("console.setup.title", lang), role="title"))
        layout.addWidget(para(say("console.setup.intro", lang), role="muted"))
        form = QFormLayout()
        self.scenario = QComboBox()
        self.scenario.setObjectName("console-scenario")
        for sid in shipped_scenarios():
            found = get_scenario(sid)
            self.scenario.addItem(scenario_text(found, "scenario.title", found.scenario.title, lang), sid)
        self.tables = QSpinBox()
        self.tables.setObjectName("console-tables")
        self.tables.setRange(1, 40)
        self.tables.setValue(3)
        self.timer = QSpinBox()
        self.timer.setObjectName("console-timer")
        self.timer.setRange(0, 3600)
        self.timer.setSingleStep(30)
        self.timer.setSpecialValueText(say("console.setup.no-timer", lang))
        self.timer.setSuffix(say("console.unit.seconds", lang))
        self.warn = QSpinBox()
        self.warn.setObjectName("console-warn")
        self.warn.setRange(0, 600)
        self.warn.setValue(30)
        self.warn.setSuffix(say("console.unit.seconds", lang))
        form.addRow(say("console.setup.scenario", lang), self.scenario)
        form.addRow(say("console.setup.tables", lang), self.tables)
        form.addRow(say("console.setup.timer", lang), self.timer)
        form.addRow(say("console.setup.warn", lang), self.warn)
        layout.addLayout(form)
        layout.addWidget(heading(say("console.setup.seats", lang)))
        layout.addWidget(para(say("console.setup.seats-help", lang), role="muted"))
        self.grid_box = QWidget()
        self.grid = QGridLayout(self.grid_box)
        self.grid.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.grid_box)
        self.checks: dict[tuple[int, str], QCheckBox] = {}
        self.persona_boxes: dict[str, QComboBox] = {}
        row = QHBoxLayout()
        self.list_button = button(say("console.setup.class-list", lang), name="console-class-list")
        self.list_label = para("", role="muted")
        self.list_label.setObjectName("console-class-list-label")
        row.addWidget(self.list_button)
        row.addWidget(self.list_label, 1)
        layout.addLayout(row)
        self.problem = para("", role="error")
        self.problem.setObjectName("console-setup-problem")
        layout.addWidget(self.problem)
        layout.addStretch(1)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        self.open_button = button(say("console.setup.open", lang), primary=True, name="console-open")
        buttons.addWidget(self.open_button)
        layout.addLayout(buttons)
        self.scenario.currentIndexChanged.connect(self._fill)
        self.tables.valueChanged.connect(self._fill)
        self.list_button.clicked.connect(self._choose_list)
        self.open_button.clicked.connect(self.open_class)
        self._fill()

    @property
    def chosen(self) -> Scenario:
        return get_scenario(str(self.scenario.currentData()))

    def _fill(self) -> None:
        """One row per table, a column per delegation (students' seats ticked), and a persona per delegation."""
        before = {key: box.isChecked() for key, box in self.checks.items()}
        clear_layout(self.grid)  # hidden and detached now: a deferred delete would leave them drawn meanwhile
        self.checks, self.persona_boxes = {}, {}
        scenario = self.chosen
        self.grid.addWidget(QLabel(""), 0, 0)
        for col, d in enumerate(scenario.delegations, start=1):
            label = QLabel(f"<b>{html.escape(ScenarioNames(scenario).name(delegation(d.id), self.lang))}</b>")
            label.setWordWrap(True)
            self.grid.addWidget(label, 0, col)
        for t in range(1, self.tables.value() + 1):
            self.grid.addWidget(QLabel(say("console.table", self.lang, count=t)), t, 0)
            for col, d in enumerate(scenario.delegations, start=1):
                box = QCheckBox()
                box.setObjectName(f"console-seat-{t}-{d.id}")
                box.setChecked(before.get((t, d.id), d.role == "principal"))
                self.checks[(t, d.id)] = box
                self.grid.addWidget(box, t, col)
        last = self.tables.value() + 1
        self.grid.addWidget(QLabel(say("console.setup.ai-style", self.lang)), last, 0)
        for col, d in enumerate(scenario.delegations, start=1):
            combo = QComboBox()
            combo.setObjectName(f"console-persona-{d.id}")
            combo.addItem(say("console.setup.usual-style", self.lang), "")
            for p in PERSONAS:
                combo.addItem(persona_words(p, self.lang), p)
            self.persona_boxes[d.id] = combo
            self.grid.addWidget(combo, last, col)

    def _choose_list(self) -> None:
        path, _ = QFileDialog.getOpenFileName(
            self, say("console.setup.class-list", self.lang), "", "CSV (*.csv *.txt)"
        )
        if path:
            self.load_class_list(path)

    def load_class_list(self, path: str) -> bool:
        """Read a class list; its tables and seats are ticked (more tables are added when it names them)."""
        scenario = self.chosen
        try:
            students = read_class_list(path, [d.id for d in scenario.delegations], 40)
        except ClassListError as exc:
            self.problem.setText(str(exc))
            return False
        self.problem.setText("")
        self.students, self.class_list_path = students, path
        most = max((s.table for s in students), default=0)
        if most > self.tables.value():
            self.tables.setValue(most)
        for s in students:
            self.checks[(s.table, s.delegation)].setChecked(True)
        self.list_label.setText(say("console.setup.class-list-read", self.lang, count=len(students)))
        return True

    def plan(self) -> ClassPlan | None:
        scenario = self.chosen
        tables = self.tables.value()
        human = tuple(
            frozenset(d.id for d in scenario.delegations if self.checks[(t, d.id)].isChecked())
            for t in range(1, tables + 1)
        )
        if any(not h for h in human):
            self.problem.setText(say("console.setup.nobody", self.lang))
            return None
        timer, warn = self.timer.value(), self.warn.value()
        if timer and warn >= timer:
            self.problem.setText(say("console.setup.warn-late", self.lang))
            return None
        personas = {d: str(c.currentData()) for d, c in self.persona_boxes.items() if c.currentData()}
        self.problem.setText("")
        return ClassPlan(scenario.id, human, personas, timer, warn if timer else 0, tuple(self.students))

    def open_class(self) -> None:
        plan = self.plan()
        if plan is not None:
            self.plan_did_choose.emit(plan)
