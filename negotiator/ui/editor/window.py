"""The scenario editor window (``negotiator edit FILE``): forms over a scenario, live checking and analysis.

Tabs:
- **Scenario**: id, title, summary, rounds, version, date it is set in, signatories, events per round, the context
  (public brief), design notes and trainer note;
- **Issues**: issues and their options (rename, tags, description, an issue's paradigm weight, an option's excluded
  paradigms; add and remove options and whole issues, every reference kept consistent by structure.py);
- **Delegations**, one at a time on three pages: walk-away value, points and priorities; title, office, role, the
  AI's default persona, public and confidential briefs, what a third party can offer; red lines and interactions
  (add, copy as a new delegation, remove);
- **Publics**, one at a time on three pages: preferences and priorities; opinion parameters and the disposition
  toward each paradigm; title, population, whom they answer to, how they vote, poll groups, description;
- **Events** (with the selected event's effects), **Packages** (reference packages and their sources) and
  **Sources**: a table each; **Questionnaire**: its introduction and questions (kind, options, scale labels, when).

Beside them, **Problems**: the loader's one-line errors, the same as ``negotiator validate``, re-checked after every
change; activating one opens the field it names. **Analysis**: whether the exercise is still winnable (frontier,
Nash and Kalai-Smorodinsky points, ZOPA size, whether each principal can reach its walk-away value); "Play 6 AI
games" adds an AI-vs-AI sample, off the GUI thread. Every change is one undo step (Ctrl+Z, Ctrl+Shift+Z).

Saving is atomic with a backup; a shipped scenario is opened as a copy; a scenario with problems is never saved as
a scenario: Save shows the problems (each opens its field) and offers only a draft, ``NAME.draft.toml``.

Kept in the file but not in forms (advanced or calibration data; the editor keeps them and their comments): persona
overlays, coherence terms, ratification rules and parliamentary blocs, poll items, sacred values, a public's period
moods, incentives and hawk-dove bend per paradigm (``hawk_paradigms``), the calibration's ``fit_window``, a package's
stand-ins, the map notice, the teaching flag and the context's sources.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

import tomlkit
from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDoubleSpinBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QMainWindow,
    QMessageBox,
    QPlainTextEdit,
    QScrollArea,
    QSpinBox,
    QSplitter,
    QTableWidgetItem,
    QTabWidget,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from negotiator.model.errors import Problem
from negotiator.model.names import ScenarioNames
from negotiator.model.schema import PARADIGMS
from negotiator.text import RTL, Message, Names, isolate
from negotiator.text import delegation as delegation_ref
from negotiator.text import group as public_ref
from negotiator.text import issue as issue_ref
from negotiator.text import option as option_ref
from negotiator.ui import style
from negotiator.ui.editor import structure
from negotiator.ui.editor.document import (
    AiSample,
    EditorError,
    NotSaved,
    ScenarioDocument,
    ai_sample,
    analyse,
    draft_path,
)
from negotiator.ui.editor.records import (
    RecordsTab,
    SharedWidthTable,
    effect_columns,
    event_columns,
    from_cell,
    interaction_columns,
    package_columns,
    question_columns,
    red_line_columns,
    source_columns,
)
from negotiator.ui.language import is_rtl
from negotiator.ui.widgets import button, cell, heading, para
from negotiator.ui.words import catalogue_language, say, tr
from negotiator.ui.workers import Pool

FIELD_WORDS: dict[str, Message] = {
    "title": Message.of("editor.u.f.title"),
    "rounds": Message.of("editor.u.f.rounds"),
    "summary": Message.of("editor.u.f.summary"),
    "id": Message.of("editor.u.f.id"),
    "version": Message.of("editor.u.f.version"),
    "as_of": Message.of("editor.u.f.as-of"),
    "signatories": Message.of("editor.u.f.signatories"),
    "events_per_round": Message.of("editor.u.f.events-per-round"),
    "context": Message.of("editor.u.f.context"),
    "design_notes": Message.of("editor.u.f.design-notes"),
    "trainer_note": Message.of("editor.u.f.trainer-note"),
    "description": Message.of("editor.u.f.description"),
    "excludes": Message.of("editor.u.f.excludes"),
    "paradigm_weight": Message.of("editor.u.f.paradigm-weight"),
    "tags": Message.of("editor.u.f.tags"),
    "office": Message.of("editor.u.f.office"),
    "role": Message.of("editor.u.f.role"),
    "default_persona": Message.of("editor.u.f.default-persona"),
    "brief": Message.of("editor.u.f.brief"),
    "confidential_brief": Message.of("editor.u.f.confidential-brief"),
    "means": Message.of("editor.u.f.means"),
    "population": Message.of("editor.u.f.population"),
    "population_source": Message.of("editor.u.f.population-source"),
    "groups": Message.of("editor.u.f.groups"),
    "answers_to": Message.of("editor.u.f.answers-to"),
    "votes_in": Message.of("editor.u.f.votes-in"),
    "trust_own": Message.of("editor.u.f.trust-own"),
    "trust_other": Message.of("editor.u.f.trust-other"),
    "loss_aversion": Message.of("editor.u.f.loss-aversion"),
    "devaluation": Message.of("editor.u.f.devaluation"),
    "spread": Message.of("editor.u.f.spread"),
    "undecided_band": Message.of("editor.u.f.undecided-band"),
    "bias": Message.of("editor.u.f.bias"),
    "dovishness": Message.of("editor.u.f.dovishness"),
}
"""What an undo entry calls each field the editor writes (a short noun, in the window's language when shown)."""


def field_words(key: str) -> Message:
    return FIELD_WORDS.get(key) or Message.of("editor.u.f.other", key=key)


OPINION_FIELDS = (
    "trust_own",
    "trust_other",
    "loss_aversion",
    "devaluation",
    "spread",
    "undecided_band",
    "bias",
    "dovishness",
)
"""The ``[constituencies.opinion]`` parameters the Publics tab edits (schema.Opinion; paradigms stay in the file)."""
OPTIONAL_OPINION = {"bias", "dovishness"}

ROLES = (
    ("principal", "editor.role.principal"),
    ("mediator", "editor.role.mediator"),
    ("third-party", "editor.role.third-party"),
)
PERSONAS = tuple(
    (p, f"persona.{p}") for p in ("pragmatist", "hard-liner", "conciliator", "reciprocator", "mediator")
)
"""The values of schema.Delegation's ``role`` and ``default_persona``, with their words in the catalogue."""

_ID = re.compile(r"^[a-z][a-z0-9]*([-_][a-z0-9]+)*$")


def _by_id(items: Any, item_id: str) -> Any:
    for item in items:
        if item.get("id") == item_id:
            return item
    raise KeyError(item_id)


def _number(text: str) -> float | int | str:
    """A typed number as the file should hold it (an int stays an int); anything else is kept as typed, so the
    checker can say what is wrong with it."""
    t = text.strip()
    try:
        return int(t)
    except ValueError:
        pass
    try:
        return float(t)
    except ValueError:
        return t


def problem_text(p: Problem) -> str:
    """A problem as the editor lists it: its field, what is wrong and how to fix it, in the window's language (as
    ``negotiator validate --lang`` prints it, without the file); in he/ar the line starts right to left and the
    field's path sits in an isolate."""
    lang = catalogue_language()
    if lang not in RTL:
        return f"{p.where()}: {p.said()}"
    return f"\u200f{isolate(p.where(lang))}: {p.said(lang)}"


def _names_of(scenario: Any, source: Path | None) -> Names | None:
    """The scenario's titles (in each language from the translations beside its file)."""
    try:
        return ScenarioNames(scenario, source)
    except (OSError, ValueError):  # a translation beside it that cannot be read: the English titles still are
        return ScenarioNames(scenario)


def _line(name: str, placeholder: str) -> QLineEdit:
    edit = QLineEdit()
    edit.setObjectName(name)
    edit.setPlaceholderText(placeholder)
    return edit


class SaveRefused(QDialog):
    """Shown when Save meets a scenario with problems: nothing was written. Each problem opens its field; the one
    way to keep the work anyway is a draft (``NAME.draft.toml``), which no game loads as a scenario."""

    def __init__(self, editor: EditorWindow, problems: list[Problem], target: Path | None) -> None:
        super().__init__(editor)
        self.setObjectName("save-refused")
        self.setWindowTitle(tr("editor.not-saved"))
        self.target = target
        lay = QVBoxLayout(self)
        lay.addWidget(para(tr("editor.refused")))
        self.problems = QListWidget()
        self.problems.setObjectName("refused-problems")
        self.problems.setWordWrap(True)
        for p in problems:
            item = QListWidgetItem(problem_text(p))
            item.setData(Qt.ItemDataRole.UserRole, p.path)
            self.problems.addItem(item)
        self.problems.itemActivated.connect(self._go)
        self.problems.itemClicked.connect(self._go)
        lay.addWidget(self.problems, 1)
        row = QHBoxLayout()
        self.draft = button(tr("editor.save-draft"), tr("editor.save-draft.tip"), name="save-draft")
        self.draft.clicked.connect(self._draft)
        close = button(tr("editor.fix-first"), name="fix-first")
        close.clicked.connect(self.reject)
        row.addWidget(self.draft)
        row.addStretch(1)
        row.addWidget(close)
        lay.addLayout(row)
        self.editor = editor
        self.resize(720, 420)

    def _go(self, item: QListWidgetItem) -> None:
        path = item.data(Qt.ItemDataRole.UserRole)
        if isinstance(path, str):
            self.editor.go_to(path)

    def _draft(self) -> None:
        if self.editor.save_draft_as(draft_path(self.target) if self.target is not None else None):
            self.accept()


class EditorWindow(QMainWindow):
    document_did_change = Signal()

    def __init__(self, document: ScenarioDocument, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("scenario-editor")
        self.doc = document
        self._deleg_timers: dict[str, QTimer] = {}
        self.refusal: SaveRefused | None = None
        """The last 'not saved' dialog (Save met problems), for the tests."""
        self._loading = False
        self._names: Names | None = None
        """The scenario's titles as last read (undo entries name issues, options and delegations by them)."""
        self.tabs = QTabWidget()
        self.tabs.addTab(self._scenario_tab(), tr("editor.tab.scenario"))
        self.tabs.addTab(self._issues_tab(), tr("editor.tab.issues"))
        self.delegation_tab = self._delegations_tab()
        self.tabs.addTab(self.delegation_tab, tr("editor.tab.delegations"))
        self.public_tab = self._publics_tab()
        self.tabs.addTab(self.public_tab, tr("editor.tab.publics"))
        self.records = {
            "events": RecordsTab(
                "events",
                Message.of("editor.u.n.event"),
                tr("editor.events.note"),
                event_columns,
            ),
            "packages": RecordsTab(
                "packages",
                Message.of("editor.u.n.package"),
                tr("editor.packages.note"),
                package_columns,
            ),
            "sources": RecordsTab(
                "sources",
                Message.of("editor.u.n.source"),
                tr("editor.sources.note"),
                source_columns,
            ),
        }
        for key, title in (
            ("events", tr("editor.tab.events")),
            ("packages", tr("editor.tab.packages")),
            ("sources", tr("editor.tab.sources")),
        ):
            self.records[key].edit_did_request.connect(self.change)
            self.tabs.addTab(self.records[key], title)
        self.effects = self._effects_table()
        self.questionnaire_tab = self._questionnaire_tab()
        self.tabs.addTab(self.questionnaire_tab, tr("editor.tab.questionnaire"))
        side = QWidget()
        sl = QVBoxLayout(side)
        sl.addWidget(heading(tr("editor.problems")))
        self.problems = QListWidget()
        self.problems.setObjectName("problems")
        self.problems.setWordWrap(True)
        self.problems.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.problems.setResizeMode(QListWidget.ResizeMode.Adjust)
        self.problems.itemActivated.connect(self._on_problem_activated)
        self.problems.itemDoubleClicked.connect(self._on_problem_activated)
        sl.addWidget(self.problems, 1)
        sl.addWidget(heading(tr("editor.winnable")))
        self.analysis = para("")
        self.analysis.setObjectName("analysis")
        self.analysis.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        sl.addWidget(self.analysis, 1)
        self.sample_button = button(
            tr("editor.sample"),
            tr("editor.sample.tip"),
            name="ai-sample",
        )
        self.sample_button.clicked.connect(self.run_ai_sample)
        self.sample = para("", role="muted")
        self.sample.setObjectName("ai-sample-result")
        sl.addWidget(self.sample_button, 0, Qt.AlignmentFlag.AlignLeft)
        sl.addWidget(self.sample)
        self.pool = Pool()
        split = QSplitter()
        split.addWidget(self.tabs)
        split.addWidget(side)
        split.setStretchFactor(0, 3)
        split.setStretchFactor(1, 2)
        split.setSizes([760, 520])
        self.setCentralWidget(split)
        self._actions()
        self._check_timer = QTimer(self)
        self._check_timer.setSingleShot(True)
        self._check_timer.setInterval(0)
        self._check_timer.timeout.connect(self.recheck)
        self.refresh()
        self.resize(1280, 800)

    # ---------------------------------------------------------------------------------------------- actions
    def _actions(self) -> None:
        menu = self.menuBar().addMenu(tr("editor.menu.file"))
        self.act_save = QAction(tr("editor.save"), self, shortcut=QKeySequence(QKeySequence.StandardKey.Save))
        self.act_save.triggered.connect(self.save)
        self.act_save_as = QAction(
            tr("editor.save-as"), self, shortcut=QKeySequence(QKeySequence.StandardKey.SaveAs)
        )
        self.act_save_as.triggered.connect(self.save_as)
        self.act_draft = QAction(tr("editor.save-draft"), self)
        self.act_draft.setToolTip(tr("editor.save-draft.tip"))
        self.act_draft.triggered.connect(self.save_draft_as)
        menu.addAction(self.act_save)
        menu.addAction(self.act_save_as)
        menu.addAction(self.act_draft)
        edit = self.menuBar().addMenu(tr("editor.menu.edit"))
        self.act_undo = QAction(
            tr("editor.undo.none"), self, shortcut=QKeySequence(QKeySequence.StandardKey.Undo)
        )
        self.act_undo.triggered.connect(self.undo)
        self.act_redo = QAction(
            tr("editor.redo.none"), self, shortcut=QKeySequence(QKeySequence.StandardKey.Redo)
        )
        self.act_redo.triggered.connect(self.redo)
        edit.addAction(self.act_undo)
        edit.addAction(self.act_redo)

    def change(self, label: Message | str, fn: Callable[[Any], None]) -> None:
        """One undoable edit of the document, then everything shown is refreshed from it."""
        if self._loading:
            return
        try:
            self.doc.edit(label, fn)
        except EditorError as exc:
            QMessageBox.warning(self, tr("editor.change-not-made"), exc.said_in(catalogue_language()))
        self.refresh()

    def undo(self) -> None:
        if self.doc.undo() is not None:
            self.refresh()

    def redo(self) -> None:
        if self.doc.redo() is not None:
            self.refresh()

    def save(self) -> bool:
        if self.doc.path is None:
            return self.save_as()
        return self._save_to(None)

    def save_as(self) -> bool:
        start = str(self.doc.path or Path.home() / "my-scenario.toml")
        path, _ = QFileDialog.getSaveFileName(self, tr("editor.save-title"), start, tr("editor.save-filter"))
        return bool(path) and self._save_to(Path(path))

    def _save_to(self, path: Path | None, *, draft: bool = False) -> bool:
        """Save as a scenario (refused, with its problems shown, while it has any), or with ``draft`` as a draft."""
        try:
            written = self.doc.save(path, draft=draft)
        except NotSaved as exc:
            self.refusal = SaveRefused(self, exc.problems, path or self.doc.path)
            self.refusal.open()  # window-modal but not blocking: its problems open their fields
            return False
        except EditorError as exc:
            QMessageBox.warning(self, tr("editor.not-saved"), exc.said_in(catalogue_language()))
            return False
        if draft:
            self.statusBar().showMessage(tr("editor.draft-saved", where=str(written)), 8000)
        else:
            self.statusBar().showMessage(
                tr("editor.saved", where=str(written), backup=f"{written.name}.bak"), 8000
            )
        self._update_title()
        return True

    def save_draft_as(self, path: Path | None = None) -> bool:
        """Keep the work as a draft (``NAME.draft.toml``), problems and all: asked where unless ``path`` is given."""
        if path is None:
            start = str(draft_path(self.doc.path or Path.home() / "my-scenario.toml"))
            chosen, _ = QFileDialog.getSaveFileName(
                self, tr("editor.save-draft"), start, tr("editor.draft-filter")
            )
            if not chosen:
                return False
            path = Path(chosen)
        return self._save_to(path, draft=True)

    def _update_title(self) -> None:
        if self.doc.path is not None:
            where = str(self.doc.path)
        elif self.doc.shipped_source is not None:
            where = tr("editor.copy-of", name=self.doc.shipped_source.name)
        else:
            where = tr("editor.copy-of-new")
        title = tr("editor.window-title", where=where)
        self.setWindowTitle(f"• {title}" if self.doc.modified else title)
        self.act_undo.setEnabled(self.doc.undo_label is not None)
        self.act_undo.setText(self.undo_text("editor.undo", self.doc.undo_label))
        self.act_redo.setEnabled(self.doc.redo_label is not None)
        self.act_redo.setText(self.undo_text("editor.redo", self.doc.redo_label))

    def undo_text(self, msgid: str, label: Message | str | None) -> str:
        """The Undo or Redo entry: the catalogue's words for the step, in the window's language, naming issues,
        options, delegations and publics by the scenario's titles in that language (their ids while the scenario
        cannot be read)."""
        if label is None:
            return tr(f"{msgid}.none")
        return tr(msgid, what=say(label, self._names))

    # ---------------------------------------------------------------------------------------------- refresh
    def refresh(self) -> None:
        """Show the document as it is now (after an edit, an undo or a redo) and check it again."""
        self._loading = True
        try:
            self._fill_scenario()
            self._fill_issues()
            self._fill_delegations()
            self._fill_publics()
            self._fill_questionnaire()
            named = {p.path for p in self.doc.problems()}
            for tab in (
                *self.records.values(),
                self.effects,
                self.red_lines,
                self.interactions,
                self.questions,
            ):
                tab.fill(self.doc.doc, named)
        finally:
            self._loading = False
        self.recheck()
        self._update_title()
        self.document_did_change.emit()

    def recheck(self) -> None:
        scenario, problems = self.doc.check()
        if scenario is not None:
            self._names = _names_of(scenario, self.doc.path or self.doc.shipped_source)
        self.problems.clear()
        # Problems and analysis are in the window's language, each line starting right to left in he/ar (a line
        # that starts with a field's path or a delegation id would otherwise be laid out left to right).
        rtl = "\u200f" if is_rtl() else ""
        for p in problems:
            item = QListWidgetItem(problem_text(p))
            item.setData(Qt.ItemDataRole.UserRole, p.path)
            item.setToolTip(rtl + p.line(catalogue_language()))
            self.problems.addItem(item)
        if not problems:
            ok = QListWidgetItem(tr("editor.no-problems"))
            ok.setFlags(Qt.ItemFlag.NoItemFlags)
            self.problems.addItem(ok)
        if scenario is None:
            self.analysis.setText(tr("editor.fix-to-see"))
            return
        a = analyse(scenario)
        lines = []
        if self.doc.shipped_source is not None and scenario.id == self.doc.shipped_source.stem:
            lines.append(tr("editor.a.shipped-id", scenario=scenario.id))
        lines += [
            tr("editor.a.packages", count=f"{a.outcome_count:,}", frontier=str(a.frontier_size)),
            tr("editor.a.zopa", count=f"{a.zopa_size:,}", share=f"{100 * a.zopa_fraction:.1f}")
            if a.zopa_size
            else tr("editor.a.zopa-empty"),
        ]
        if a.nash is not None:
            lines.append(
                tr(
                    "editor.a.nash",
                    points=" / ".join(f"{x:.1f}" for x in a.nash),
                    parties=" / ".join(a.parties),
                )
            )
        if a.kalai_smorodinsky is not None:
            lines.append(tr("editor.a.ks", points=" / ".join(f"{x:.1f}" for x in a.kalai_smorodinsky)))
        for r in a.reach:
            lines.append(
                tr(
                    "editor.a.reach" if r.reachable else "editor.a.no-reach",
                    delegation=r.delegation,
                    best=f"{r.best:.1f}",
                    walk=f"{r.walk_away:.0f}",
                )
            )
        self.analysis.setText("\n".join(rtl + line for line in lines))

    def run_ai_sample(self) -> None:
        """Six seeded AI games off the GUI thread; the result names the text it was played on."""
        scenario, problems = self.doc.check()
        if scenario is None:
            self.sample.setText(tr("editor.s.fix-first"))
            return
        self.sample_button.setEnabled(False)
        self.sample.setText(tr("editor.s.playing"))
        played_on = self.doc.text()

        def show(result: AiSample) -> None:
            self.sample_button.setEnabled(True)
            pts = ", ".join(f"{k} {v:.1f}" for k, v in result.mean_points.items())
            words = [
                tr(
                    "editor.s.result",
                    signed=str(result.signed),
                    games=str(result.games),
                    ratified=str(result.ratified),
                    points=pts,
                )
            ]
            if result.below_walk_away:
                words.append(tr("editor.s.below", count=str(result.below_walk_away)))
            if self.doc.text() != played_on:
                words.append(tr("editor.s.stale"))
            self.sample.setText(" ".join(words))

        def failed(exc: BaseException) -> None:
            self.sample_button.setEnabled(True)
            self.sample.setText(tr("editor.s.stopped", problem=f"{type(exc).__name__}: {exc}"))

        self.pool.submit(lambda: ai_sample(scenario), show, failed)

    # --------------------------------------------------------------------------------------------- scenario tab
    def _scenario_tab(self) -> QWidget:
        w, form = self._scrolled_form()
        self.title_edit = QLineEdit()
        self.title_edit.setObjectName("field-scenario.title")
        self.title_edit.editingFinished.connect(
            lambda: self.change(
                field_words("title"), lambda d: d["scenario"].__setitem__("title", self.title_edit.text())
            )
        )
        self.rounds = QSpinBox()
        self.rounds.setObjectName("field-rules.rounds")
        self.rounds.setRange(1, 60)
        self.rounds.valueChanged.connect(
            lambda v: self.change(field_words("rounds"), lambda d: d["rules"].__setitem__("rounds", int(v)))
        )
        self.summary = QPlainTextEdit()
        self.summary.setObjectName("field-scenario.summary")
        self.summary.setMaximumHeight(110)
        save_summary = QTimer(self)
        save_summary.setSingleShot(True)
        save_summary.setInterval(600)
        save_summary.timeout.connect(
            lambda: self.change(
                field_words("summary"),
                lambda d: d["scenario"].__setitem__("summary", self.summary.toPlainText()),
            )
        )
        self.summary.textChanged.connect(lambda: None if self._loading else save_summary.start())
        self.id_edit = QLineEdit()
        self.id_edit.setObjectName("field-scenario.id")
        self.id_edit.editingFinished.connect(
            lambda: self.change(
                field_words("id"), lambda d: d["scenario"].__setitem__("id", self.id_edit.text().strip())
            )
        )
        form.addRow(tr("editor.f.id"), self.id_edit)
        form.addRow(tr("editor.f.title"), self.title_edit)
        form.addRow(tr("editor.f.rounds"), self.rounds)
        form.addRow(tr("editor.f.summary"), self.summary)
        # The smaller settings: typed, written when the field is left; a wrong value is named in Problems.
        self.scenario_fields: dict[str, QLineEdit] = {}
        for key, label, tip in (
            ("scenario.version", "editor.version", "editor.version.tip"),
            ("scenario.as_of", "editor.as-of", "editor.as-of.tip"),
            ("rules.signatories", "editor.signatories", "editor.signatories.tip"),
            ("rules.events_per_round", "editor.events-per-round", "editor.events-per-round.tip"),
        ):
            edit = _line(f"field-{key}", "")
            edit.setToolTip(tr(tip))
            edit.editingFinished.connect(lambda key=key, edit=edit: self._on_scenario_field(key, edit.text()))
            self.scenario_fields[key] = edit
            form.addRow(tr(label), edit)
        # The public brief and the notes: longer texts, each written to the file a moment after typing stops.
        self.meta_texts: dict[str, QPlainTextEdit] = {}
        self._meta_timers: dict[str, QTimer] = {}
        for key, label, optional in (
            ("context", tr("editor.f.context"), False),
            ("design_notes", tr("editor.f.design-notes"), False),
            ("trainer_note", tr("editor.f.trainer-note"), True),
        ):
            form.addRow(label, self._meta_text(key, optional))
        return w

    def _on_scenario_field(self, key: str, text: str) -> None:
        if self._loading:
            return
        table, _, field = key.partition(".")
        t = text.strip()
        value: Any = t
        if field == "signatories":
            value = from_cell(t, "ids")
        elif field in ("version", "events_per_round"):
            value = _number(t)
            if field == "events_per_round" and isinstance(value, int):
                value = float(value)

        def put(d: Any) -> None:
            if not t and field in ("as_of", "events_per_round"):
                d[table].pop(field, None)  # back to its default
            else:
                d[table][field] = value

        self.change(field_words(field), put)

    def _meta_text(self, key: str, optional: bool) -> QPlainTextEdit:
        """A multi-line ``[scenario]`` field; an emptied optional one is removed from the file (its default)."""
        edit = QPlainTextEdit()
        edit.setObjectName(f"field-scenario.{key}")
        edit.setMaximumHeight(110)
        timer = QTimer(self)
        timer.setSingleShot(True)
        timer.setInterval(600)

        def write() -> None:
            text = edit.toPlainText()

            def set_text(d: Any) -> None:
                if optional and not text.strip():
                    d["scenario"].pop(key, None)
                else:
                    d["scenario"][key] = text

            self.change(field_words(key), set_text)

        timer.timeout.connect(write)
        edit.textChanged.connect(lambda: None if self._loading else timer.start())
        self.meta_texts[key] = edit
        self._meta_timers[key] = timer
        return edit

    def _fill_scenario(self) -> None:
        d = self.doc.doc
        meta = d.get("scenario", {})
        self.title_edit.setText(str(meta.get("title", "")))
        self.id_edit.setText(str(meta.get("id", "")))
        rounds = d.get("rules", {}).get("rounds", 1)
        self.rounds.setValue(int(rounds) if isinstance(rounds, int) else 1)
        if self.summary.toPlainText() != str(meta.get("summary", "")):
            self.summary.setPlainText(str(meta.get("summary", "")))
        for key, line in self.scenario_fields.items():
            table, _, field = key.partition(".")
            held = d.get(table, {}).get(field)
            line.setText(
                ""
                if held is None
                else ", ".join(str(x) for x in held)
                if field == "signatories"
                else str(held)
            )
        for key, edit in self.meta_texts.items():
            if self._meta_timers[key].isActive():
                continue  # typed and about to be written: another field's edit must not wipe it
            if edit.toPlainText() != str(meta.get(key, "")):
                edit.setPlainText(str(meta.get(key, "")))

    # ----------------------------------------------------------------------------------------------- issues tab
    def _issues_tab(self) -> QWidget:
        w = QWidget()
        lay = QVBoxLayout(w)
        lay.addWidget(
            para(
                tr("editor.i.note"),
                role="muted",
            )
        )
        self.issue_tree = QTreeWidget()
        self.issue_tree.setObjectName("issues")
        self.issue_tree.setHeaderLabels(
            [
                tr("editor.col.title"),
                tr("editor.col.id"),
                tr("editor.col.tags"),
                tr("editor.issue.description"),
                tr("editor.issue.paradigm"),
            ]
        )
        header = self.issue_tree.headerItem()
        if header is not None:
            header.setToolTip(4, tr("editor.issue.paradigm.tip"))
            header.setToolTip(2, tr("editor.col.tags.tip"))
        self.issue_tree.itemChanged.connect(self._on_issue_item_changed)
        lay.addWidget(self.issue_tree, 1)
        row = QHBoxLayout()
        self.new_option_id = QLineEdit()
        self.new_option_id.setObjectName("new-option-id")
        self.new_option_id.setPlaceholderText(tr("editor.i.option-id"))
        self.new_option_title = QLineEdit()
        self.new_option_title.setObjectName("new-option-title")
        self.new_option_title.setPlaceholderText(tr("editor.i.its-title"))
        self.add_option = button(tr("editor.i.add-option"), name="add-option")
        self.add_option.clicked.connect(self._on_add_option)
        self.remove_option = button(tr("editor.i.remove-option"), name="remove-option")
        self.remove_option.clicked.connect(self._on_remove_option)
        row.addWidget(self.new_option_id)
        row.addWidget(self.new_option_title)
        row.addWidget(self.add_option)
        lay.addLayout(row)
        lay.addWidget(self.remove_option, 0, Qt.AlignmentFlag.AlignLeft)
        row = QHBoxLayout()
        self.new_issue_id = _line("new-issue-id", tr("editor.i.issue-id"))
        self.new_issue_title = _line("new-issue-title", tr("editor.i.its-title"))
        self.add_issue = button(
            tr("editor.i.add-issue"),
            tr("editor.i.add-issue.tip"),
            name="add-issue",
        )
        self.add_issue.clicked.connect(self._on_add_issue)
        self.remove_issue = button(
            tr("editor.i.remove-issue"),
            tr("editor.i.remove-issue.tip"),
            name="remove-issue",
        )
        self.remove_issue.clicked.connect(self._on_remove_issue)
        for x in (self.new_issue_id, self.new_issue_title, self.add_issue):
            row.addWidget(x)
        lay.addLayout(row)
        lay.addWidget(self.remove_issue, 0, Qt.AlignmentFlag.AlignLeft)
        return w

    def _valid_new_id(self, new_id: str, what: str) -> bool:
        if _ID.match(new_id):
            return True
        self.statusBar().showMessage(tr("editor.i.bad-id"), 6000)
        return False

    def _on_add_issue(self) -> None:
        iid, title = self.new_issue_id.text().strip(), self.new_issue_title.text().strip()
        if not self._valid_new_id(iid, "issue"):
            return
        self.change(
            Message.of("editor.u.add-issue", issue=issue_ref(iid)),
            lambda d: structure.add_issue(d, iid, title),
        )
        self.new_issue_id.clear()
        self.new_issue_title.clear()

    def _on_remove_issue(self) -> None:
        sel = self._selected_issue()
        if sel is None:
            self.statusBar().showMessage(tr("editor.i.select-issue-remove"), 6000)
            return
        self.change(
            Message.of("editor.u.remove-issue", issue=issue_ref(sel[0])),
            lambda d: structure.remove_issue(d, sel[0]),
        )

    def _fill_issues(self) -> None:
        tops = [self.issue_tree.topLevelItem(k) for k in range(self.issue_tree.topLevelItemCount())]
        expanded = {t.data(1, Qt.ItemDataRole.UserRole) for t in tops if t is not None and t.isExpanded()}
        self.issue_tree.clear()
        for issue in self.doc.doc.get("issues", []):
            top = QTreeWidgetItem(
                [
                    str(issue.get("title", "")),
                    str(issue.get("id", "")),
                    "",
                    str(issue.get("description", "")),
                    str(issue.get("paradigm_weight", "")),
                ]
            )
            top.setData(1, Qt.ItemDataRole.UserRole, str(issue.get("id", "")))
            top.setFlags(top.flags() | Qt.ItemFlag.ItemIsEditable)
            for opt in issue.get("options", []):
                child = QTreeWidgetItem(
                    [
                        str(opt.get("title", "")),
                        str(opt.get("id", "")),
                        ", ".join(str(x) for x in opt.get("tags", [])),
                        str(opt.get("description", "")),
                        ", ".join(str(x) for x in opt.get("excludes", [])),
                    ]
                )
                child.setData(1, Qt.ItemDataRole.UserRole, f"{issue.get('id')}/{opt.get('id')}")
                child.setFlags(child.flags() | Qt.ItemFlag.ItemIsEditable)
                for col in (3, 4):  # long descriptions are read in the tooltip, edited in place
                    child.setToolTip(col, child.text(col))
                top.addChild(child)
            for col in (3, 4):
                top.setToolTip(col, top.text(col))
            self.issue_tree.addTopLevelItem(top)
            top.setExpanded(not expanded or str(issue.get("id")) in expanded)
        # Titles and ids read whole; tags and descriptions get a fair share and the rest of a line in a tooltip.
        em = int(style.font().pointSizeF() * 1.4)
        for col, least, most in ((0, 8, 22), (1, 5, 12), (2, 6, 12), (3, 8, 20)):
            self.issue_tree.resizeColumnToContents(col)
            width = self.issue_tree.columnWidth(col)
            self.issue_tree.setColumnWidth(col, max(least * em, min(width, most * em)))

    def _selected_issue(self) -> tuple[str, str | None] | None:
        item = self.issue_tree.currentItem()
        if item is None:
            return None
        key = str(item.data(1, Qt.ItemDataRole.UserRole))
        issue, _, option = key.partition("/")
        return issue, option or None

    def _on_issue_item_changed(self, item: QTreeWidgetItem, column: int) -> None:
        if self._loading or column not in (0, 2, 3, 4):
            return
        issue_id, _, option_id = str(item.data(1, Qt.ItemDataRole.UserRole)).partition("/")
        title = item.text(0)
        target_ref = option_ref(issue_id, option_id) if option_id else issue_ref(issue_id)
        if column in (3, 4):
            text = item.text(column)
            value: Any
            if column == 3:
                key, value = "description", text
            elif option_id:
                key, value = "excludes", from_cell(text, "ids")
            else:
                key, value = "paradigm_weight", _number(text)
                if isinstance(value, int):
                    value = float(value)

            def put(d: Any) -> None:
                issue = _by_id(d["issues"], issue_id)
                target = _by_id(issue["options"], option_id) if option_id else issue
                if key != "description" and not text.strip():
                    target.pop(key, None)  # back to the default (none, 0)
                else:
                    target[key] = value

            self.change(Message.of("editor.u.of", field=field_words(key), what=target_ref), put)
            return
        if column == 2:
            if not option_id:
                return
            tags = from_cell(item.text(2), "ids")
            self.change(
                Message.of("editor.u.of", field=field_words("tags"), what=option_ref(issue_id, option_id)),
                lambda d: _by_id(_by_id(d["issues"], issue_id)["options"], option_id).__setitem__(
                    "tags", tags
                ),
            )
            return

        def rename(d: Any) -> None:
            issue = _by_id(d["issues"], issue_id)
            target = _by_id(issue["options"], option_id) if option_id else issue
            target["title"] = title

        self.change(Message.of("editor.u.rename", what=target_ref), rename)

    def _on_add_option(self) -> None:
        sel = self._selected_issue()
        oid, title = self.new_option_id.text().strip(), self.new_option_title.text().strip()
        if sel is None:
            self.statusBar().showMessage(tr("editor.i.select-issue-first"), 6000)
            return
        if not _ID.match(oid):
            self.statusBar().showMessage(
                tr("editor.i.bad-id"),
                6000,
            )
            return
        issue_id = sel[0]

        def add(d: Any) -> None:
            issue = _by_id(d["issues"], issue_id)
            option = tomlkit.table()
            option["id"] = oid
            option["title"] = title or oid
            option["description"] = title or oid
            issue["options"].append(option)

        self.change(Message.of("editor.u.add-option", option=option_ref(issue_id, oid)), add)
        self.new_option_id.clear()
        self.new_option_title.clear()

    def _on_remove_option(self) -> None:
        sel = self._selected_issue()
        if sel is None or sel[1] is None:
            self.statusBar().showMessage(tr("editor.i.select-option"), 6000)
            return
        issue_id, option_id = sel

        def remove(d: Any) -> None:
            options = _by_id(d["issues"], issue_id)["options"]
            for k, o in enumerate(options):
                if o.get("id") == option_id:
                    del options[k]
                    break
            for deleg in d.get("delegations", []):
                pts = deleg.get("points", {}).get(issue_id)
                if pts is not None and option_id in pts:
                    del pts[option_id]

        self.change(Message.of("editor.u.remove-option", option=option_ref(issue_id, str(option_id))), remove)

    # ------------------------------------------------------------------------------------------ delegations tab
    def _delegations_tab(self) -> QWidget:
        """One delegation at a time, on three pages (so each page has room at 1280x800 and a large font): its
        points and priorities; who it is and its briefs; its red lines and interactions."""
        w = QWidget()
        lay = QVBoxLayout(w)
        top = QHBoxLayout()
        self.delegation = QComboBox()
        self.delegation.setObjectName("delegation")
        self.delegation.currentIndexChanged.connect(
            lambda _k: None if self._loading else self._on_delegation_picked()
        )
        self.walk_away = QDoubleSpinBox()
        self.walk_away.setObjectName("field-reservation_value")
        self.walk_away.setRange(-1000, 1000)
        self.walk_away.setDecimals(1)
        self.walk_away.editingFinished.connect(self._on_walk_away)
        top.addWidget(QLabel(tr("editor.d.delegation")))
        top.addWidget(self.delegation, 1)
        lay.addLayout(top)
        self.delegation_pages = QTabWidget()
        self.delegation_pages.setObjectName("delegation-pages")
        self.delegation_pages.setDocumentMode(True)
        lay.addWidget(self.delegation_pages, 1)

        # Page 1: points and priorities, the table given all the height there is.
        page = QWidget()
        pl = QVBoxLayout(page)
        pl.setContentsMargins(0, 6, 0, 0)
        row = QHBoxLayout()
        row.addWidget(QLabel(tr("editor.d.walk-away")))
        row.addWidget(self.walk_away)
        row.addWidget(
            para(tr("editor.d.points-note"), role="muted"),
            1,
        )
        pl.addLayout(row)
        self.points = SharedWidthTable(0, 4)
        self.points.grow = (0, 1)  # the issue and option titles take the room left
        self.points.setObjectName("points")
        self.points.setHorizontalHeaderLabels(
            [tr("editor.col.issue"), tr("editor.col.option"), tr("editor.col.points"), tr("editor.priority")]
        )
        self.points.setWordWrap(True)
        self.points.itemChanged.connect(self._on_points_item_changed)
        pl.addWidget(self.points, 1)
        self.delegation_pages.addTab(page, tr("editor.page.points"))

        # Page 2: who it is and what it reads.
        page, form = self._scrolled_form()
        self.deleg_fields: dict[str, QWidget] = {}
        for key, label in (("title", "editor.deleg.title"), ("office", "editor.deleg.office")):
            edit = _line(f"field-delegation.{key}", "")
            edit.editingFinished.connect(
                lambda key=key, edit=edit: self._set_delegation_field(key, edit.text())
            )
            self.deleg_fields[key] = edit
            form.addRow(tr(label), edit)
        for key, label, choices in (
            ("role", "editor.deleg.role", ROLES),
            ("default_persona", "editor.deleg.persona", PERSONAS),
        ):
            combo = self._choice(
                f"field-delegation.{key}",
                [(value, tr(words)) for value, words in choices],
                functools.partial(self._set_delegation_field, key),
            )
            self.deleg_fields[key] = combo
            form.addRow(tr(label), combo)
        self.brief = self._deleg_text("brief")
        form.addRow(tr("editor.deleg.brief"), self.brief)
        self.confidential = self._deleg_text("confidential_brief")
        self.confidential.setObjectName("field-confidential_brief")
        form.addRow(tr("editor.deleg.confidential"), self.confidential)
        self.means = self._deleg_text("means")
        self.means.setToolTip(tr("editor.deleg.means.tip"))
        form.addRow(tr("editor.deleg.means"), self.means)
        row = QHBoxLayout()
        self.new_delegation_id = _line("new-delegation-id", tr("editor.d.new-id"))
        self.new_delegation_title = _line("new-delegation-title", tr("editor.i.its-title"))
        self.add_delegation = button(
            tr("editor.d.copy"),
            tr("editor.d.copy.tip"),
            name="add-delegation",
        )
        self.add_delegation.clicked.connect(self._on_add_delegation)
        self.remove_delegation = button(
            tr("editor.d.remove"),
            tr("editor.d.remove.tip"),
            name="remove-delegation",
        )
        self.remove_delegation.clicked.connect(self._on_remove_delegation)
        for x in (self.new_delegation_id, self.new_delegation_title):
            row.addWidget(x, 1)
        form.addRow(row)
        row = QHBoxLayout()
        row.addWidget(self.add_delegation)
        row.addWidget(self.remove_delegation)
        row.addStretch(1)
        form.addRow(row)
        self.delegation_pages.addTab(page, tr("editor.page.about"))

        def of_seat(field: str) -> Any:
            def records(d: Any, create: bool = False) -> Any:
                seat = self.current_delegation()
                if not seat:
                    return None
                deleg = _by_id(d["delegations"], seat)
                return deleg.setdefault(field, tomlkit.aot()) if create else deleg.get(field)

            return records

        def new_red_line(d: Any) -> dict[str, Any]:
            return {
                "issue": str(d["issues"][0]["id"]),
                "options": tomlkit.array(),
                "why": "Why this delegation can never accept these options.",
            }

        def new_interaction(d: Any) -> dict[str, Any]:
            when = tomlkit.inline_table()
            for issue in list(d["issues"])[:2]:
                when[str(issue["id"])] = str(issue["options"][0]["id"])
            return {
                "when": when,
                "points": 0.0,
                "why": "Why these two options are worth more (or less) together.",
            }

        self.red_lines = RecordsTab(
            "red_lines",
            Message.of("editor.u.n.red-line"),
            tr("editor.d.red-lines.note"),
            red_line_columns,
            records=of_seat("red_lines"),
            path=lambda: f"delegations[{self.current_delegation()}].red_lines",
            make=new_red_line,
        )
        self.interactions = RecordsTab(
            "interactions",
            Message.of("editor.u.n.interaction"),
            tr("editor.d.interactions.note"),
            interaction_columns,
            records=of_seat("interactions"),
            path=lambda: f"delegations[{self.current_delegation()}].interactions",
            make=new_interaction,
        )
        page = QWidget()
        pl = QVBoxLayout(page)
        pl.setContentsMargins(0, 6, 0, 0)
        for tab in (self.red_lines, self.interactions):
            tab.edit_did_request.connect(self.change)
            pl.addWidget(tab, 1)
        self.delegation_pages.addTab(page, tr("editor.page.lines"))
        return w

    def _deleg_text(self, key: str) -> QPlainTextEdit:
        """A multi-line field of the delegation, written a moment after typing stops (``means``: one per line)."""
        edit = QPlainTextEdit()
        edit.setObjectName(f"field-delegation.{key}")
        edit.setMinimumHeight(int(style.font().pointSizeF() * 6))
        timer = QTimer(self)
        timer.setSingleShot(True)
        timer.setInterval(600)

        def write() -> None:
            text = edit.toPlainText()
            if key == "means":
                items = tomlkit.array()
                items.extend(x.strip() for x in text.splitlines() if x.strip())
                self._set_delegation_field(key, items)
            else:
                self._set_delegation_field(key, text)

        timer.timeout.connect(write)
        edit.textChanged.connect(lambda: None if self._loading else timer.start())
        self._deleg_timers[key] = timer
        return edit

    def _set_delegation_field(self, key: str, value: Any) -> None:
        seat = self.current_delegation()
        if not seat or self._loading:
            return

        def put(d: Any) -> None:
            deleg = _by_id(d["delegations"], seat)
            if key == "means" and not value:
                deleg.pop(key, None)  # no means: back to the default (an empty list)
            else:
                deleg[key] = value

        self.change(Message.of("editor.u.of", field=field_words(key), what=delegation_ref(seat)), put)

    def _on_add_delegation(self) -> None:
        source = self.current_delegation()
        new_id, title = self.new_delegation_id.text().strip(), self.new_delegation_title.text().strip()
        if not source or not self._valid_new_id(new_id, "delegation"):
            return
        self.change(
            Message.of("editor.u.add-delegation", delegation=delegation_ref(new_id)),
            lambda d: structure.add_delegation(d, source, new_id, title),
        )
        self.new_delegation_id.clear()
        self.new_delegation_title.clear()
        k = self.delegation.findData(new_id)
        if k >= 0:
            self.delegation.setCurrentIndex(k)

    def _on_remove_delegation(self) -> None:
        seat = self.current_delegation()
        if seat:
            self.change(
                Message.of("editor.u.remove-delegation", delegation=delegation_ref(seat)),
                lambda d: structure.remove_delegation(d, seat),
            )

    def _effects_table(self) -> RecordsTab:
        """Below the events deck: what the selected event does to each public (its ``effects``)."""
        events = self.records["events"]

        def current_event() -> str:
            row = events.table.currentRow()
            found = self.doc.doc.get("events", [])
            return str(found[row].get("id", "")) if 0 <= row < len(found) else ""

        def of_event(d: Any, create: bool = False) -> Any:
            eid = current_event()
            if not eid:
                return None
            event = _by_id(d["events"], eid)
            return event.setdefault("effects", tomlkit.array()) if create else event.get("effects")

        def new_effect(_d: Any) -> dict[str, Any]:
            return {"target": "all", "mood": 0.0}

        effects = RecordsTab(
            "effects",
            Message.of("editor.u.n.effect"),
            tr("editor.e.effects.note"),
            effect_columns,
            records=of_event,
            path=lambda: f"events[{current_event()}].effects" if current_event() else "",
            make=new_effect,
        )
        effects.edit_did_request.connect(self.change)
        effects.table.setMaximumHeight(170)
        layout = events.layout()
        assert layout is not None  # a RecordsTab always has its box layout
        layout.addWidget(effects)
        events.table.currentCellChanged.connect(
            lambda *_: effects.fill(self.doc.doc, {p.path for p in self.doc.problems()})
        )
        return effects

    # ------------------------------------------------------------------------------------ questionnaire tab
    def _questionnaire_tab(self) -> QWidget:
        """The optional learning questionnaire: an introduction and up to 20 questions, each asked before the
        briefing, after the debrief, or both (the same question twice shows what the game taught)."""
        w = QWidget()
        lay = QVBoxLayout(w)
        lay.addWidget(para(tr("editor.q.note"), role="muted"))
        row = QHBoxLayout()
        row.addWidget(QLabel(tr("editor.q.intro")))
        self.q_intro = QPlainTextEdit()
        self.q_intro.setObjectName("field-questionnaire.intro")
        self.q_intro.setMaximumHeight(int(style.font().pointSizeF() * 7))
        timer = QTimer(self)
        timer.setSingleShot(True)
        timer.setInterval(600)
        timer.timeout.connect(self._on_q_intro)
        self.q_intro.textChanged.connect(lambda: None if self._loading else timer.start())
        self._q_intro_timer = timer
        row.addWidget(self.q_intro, 1)
        lay.addLayout(row)

        def questions(d: Any, create: bool = False) -> Any:
            q = d.get("questionnaire")
            if q is None and not create:
                return None
            if q is None:
                q = d["questionnaire"] = tomlkit.table()
            return q.setdefault("questions", tomlkit.aot()) if create else q.get("questions")

        def new_question(d: Any) -> dict[str, Any]:
            taken = {str(x.get("id")) for x in (questions(d) or [])}
            n = len(taken) + 1
            while f"question-{n}" in taken:
                n += 1
            return {
                "id": f"question-{n}",
                "text": tr("editor.q.new-text"),
                "kind": "scale",
                "low": tr("editor.q.new-low"),
                "high": tr("editor.q.new-high"),
            }

        self.questions = RecordsTab(
            "questions",
            Message.of("editor.q.noun"),
            tr("editor.q.table-note"),
            question_columns,
            records=questions,
            path=lambda: "questionnaire.questions",
            make=new_question,
        )
        self.questions.edit_did_request.connect(self.change)
        lay.addWidget(self.questions, 1)
        self.drop_questionnaire = button(
            tr("editor.q.drop"), tr("editor.q.drop.tip"), name="drop-questionnaire"
        )
        self.drop_questionnaire.clicked.connect(
            lambda: self.change(
                Message.of("editor.u.remove-questionnaire"), lambda d: d.pop("questionnaire", None)
            )
        )
        lay.addWidget(self.drop_questionnaire, 0, Qt.AlignmentFlag.AlignLeft)
        return w

    def _on_q_intro(self) -> None:
        text = self.q_intro.toPlainText()

        def put(d: Any) -> None:
            q = d.get("questionnaire")
            if not text.strip():
                if q is not None:
                    q.pop("intro", None)
                return
            if q is None:
                q = d["questionnaire"] = tomlkit.table()
            q["intro"] = text

        self.change(Message.of("editor.u.questionnaire-intro"), put)

    def _fill_questionnaire(self) -> None:
        q = self.doc.doc.get("questionnaire") or {}
        if not self._q_intro_timer.isActive() and self.q_intro.toPlainText() != str(q.get("intro", "")):
            self.q_intro.setPlainText(str(q.get("intro", "")))
        self.drop_questionnaire.setEnabled(bool(q))

    def _on_delegation_picked(self) -> None:
        self._fill_delegations()
        named = {p.path for p in self.doc.problems()}
        self.red_lines.fill(self.doc.doc, named)
        self.interactions.fill(self.doc.doc, named)

    def current_delegation(self) -> str:
        return str(self.delegation.currentData() or "")

    def _fill_delegations(self) -> None:
        was_loading, self._loading = self._loading, True
        try:
            d = self.doc.doc
            current = self.current_delegation()
            ids = [str(x.get("id", "")) for x in d.get("delegations", [])]
            if [self.delegation.itemData(k) for k in range(self.delegation.count())] != ids:
                self.delegation.clear()
                for x in d.get("delegations", []):
                    self.delegation.addItem(f"{x.get('title', '')} ({x.get('id', '')})", str(x.get("id", "")))
            if current in ids:
                self.delegation.setCurrentIndex(ids.index(current))
            seat = self.current_delegation()
            if not seat:
                return
            deleg = _by_id(d["delegations"], seat)
            rv = deleg.get("reservation_value", 0)
            self.walk_away.setValue(float(rv) if isinstance(rv, int | float) else 0.0)
            for key, edit in (("brief", self.brief), ("confidential_brief", self.confidential)):
                if not self._deleg_timers[key].isActive() and edit.toPlainText() != str(deleg.get(key, "")):
                    edit.setPlainText(str(deleg.get(key, "")))
            means = "\n".join(str(x) for x in deleg.get("means", []))
            if not self._deleg_timers["means"].isActive() and self.means.toPlainText() != means:
                self.means.setPlainText(means)
            for key in ("title", "office"):
                line = self.deleg_fields[key]
                assert isinstance(line, QLineEdit)
                line.setText(str(deleg.get(key, "")))
            for key, default in (("role", "principal"), ("default_persona", "pragmatist")):
                combo = self.deleg_fields[key]
                assert isinstance(combo, QComboBox)
                k = combo.findData(str(deleg.get(key, default)))
                combo.setCurrentIndex(k)  # -1 (blank) for a value the format does not know: Problems names it
            rows = [(issue, opt) for issue in d.get("issues", []) for opt in issue.get("options", [])]
            self.points.setRowCount(len(rows))
            points = deleg.get("points", {})
            priorities = deleg.get("priorities", {})
            for r, (issue, opt) in enumerate(rows):
                iid, oid = str(issue.get("id")), str(opt.get("id"))
                cells = [
                    str(issue.get("title", iid)),
                    str(opt.get("title", oid)),
                    "" if oid not in points.get(iid, {}) else str(points[iid][oid]),
                    str(priorities.get(iid, "")) if r == 0 or rows[r - 1][0] is not issue else "",
                ]
                for c, text in enumerate(cells):
                    item = QTableWidgetItem(text)
                    item.setData(Qt.ItemDataRole.UserRole, (iid, oid))
                    if c < 2 or (c == 3 and r > 0 and rows[r - 1][0] is issue):
                        item.setFlags(item.flags() & ~Qt.ItemFlag.ItemIsEditable)
                    self.points.setItem(r, c, item)
            # Cells a problem names are shaded, so the trainer sees where the fix goes.
            named = {p.path for p in self.doc.problems()}
            for r in range(self.points.rowCount()):
                iid, oid = cell(self.points, r, 0).data(Qt.ItemDataRole.UserRole)
                for c, path in (
                    (2, f"delegations[{seat}].points.{iid}.{oid}"),
                    (3, f"delegations[{seat}].priorities.{iid}"),
                ):
                    if path in named or (c == 2 and f"delegations[{seat}].points.{iid}" in named):
                        cell(self.points, r, c).setBackground(style.qcolor(style.VERMILLION, 60))
                        cell(self.points, r, c).setToolTip(
                            "; ".join(
                                p.wrong(catalogue_language())
                                for p in self.doc.problems()
                                if p.path.startswith(path)
                            )
                            or tr("editor.see-problems")
                        )
            self.points.fit()
        finally:
            self._loading = was_loading

    def _on_points_item_changed(self, item: QTableWidgetItem) -> None:
        if self._loading:
            return
        seat = self.current_delegation()
        iid, oid = item.data(Qt.ItemDataRole.UserRole)
        value = _number(item.text())
        if item.column() == 2:

            def set_points(d: Any) -> None:
                pts = _by_id(d["delegations"], seat).setdefault("points", tomlkit.table())
                table = pts.setdefault(iid, tomlkit.inline_table())
                table[oid] = value

            self.change(
                Message.of("editor.u.points", delegation=delegation_ref(seat), option=option_ref(iid, oid)),
                set_points,
            )
        elif item.column() == 3:
            self.change(
                Message.of("editor.u.priority", issue=issue_ref(iid), who=delegation_ref(seat)),
                lambda d: _by_id(d["delegations"], seat)["priorities"].__setitem__(iid, value),
            )

    def _on_walk_away(self) -> None:
        seat = self.current_delegation()
        value = round(self.walk_away.value(), 1)
        self.change(
            Message.of("editor.u.walk-away", delegation=delegation_ref(seat)),
            lambda d: _by_id(d["delegations"], seat).__setitem__("reservation_value", value),
        )

    # ---------------------------------------------------------------------------------------------- publics tab
    def _publics_tab(self) -> QWidget:
        """One public at a time, on three pages: its preferences and priorities; how it judges a package (opinion
        parameters and its disposition toward each paradigm); who they are (title, size, whom they answer to)."""
        w = QWidget()
        lay = QVBoxLayout(w)
        top = QHBoxLayout()
        self.public = QComboBox()
        self.public.setObjectName("constituency")
        self.public.currentIndexChanged.connect(lambda _k: None if self._loading else self._fill_publics())
        top.addWidget(QLabel(tr("editor.p.public")))
        top.addWidget(self.public, 1)
        lay.addLayout(top)
        self.public_pages = QTabWidget()
        self.public_pages.setObjectName("public-pages")
        self.public_pages.setDocumentMode(True)
        lay.addWidget(self.public_pages, 1)

        page = QWidget()
        pl = QVBoxLayout(page)
        pl.setContentsMargins(0, 6, 0, 0)
        pl.addWidget(
            para(
                tr("editor.p.prefs-note"),
                role="muted",
            )
        )
        self.preferences = SharedWidthTable(0, 4)
        self.preferences.grow = (0, 1)  # the issue and option titles take the room left
        self.preferences.setObjectName("preferences")
        self.preferences.setHorizontalHeaderLabels(
            [
                tr("editor.col.issue"),
                tr("editor.col.option"),
                tr("editor.col.preference"),
                tr("editor.priority"),
            ]
        )
        self.preferences.setWordWrap(True)
        self.preferences.itemChanged.connect(self._on_preference_changed)
        pl.addWidget(self.preferences, 1)
        self.public_pages.addTab(page, tr("editor.page.preferences"))

        page, form = self._scrolled_form()
        form.addRow(
            para(
                tr("editor.p.opinion-note"),
                role="muted",
            )
        )
        self.opinion: dict[str, QLineEdit] = {}
        for key in OPINION_FIELDS:
            edit = QLineEdit()
            edit.setObjectName(f"field-opinion.{key}")
            edit.setToolTip(tr(f"editor.opinion.{key}.tip"))
            edit.setMaximumWidth(int(style.font().pointSizeF() * 9))
            edit.editingFinished.connect(lambda key=key: self._on_opinion(key))
            self.opinion[key] = edit
            form.addRow(tr(f"editor.opinion.{key}"), edit)
        form.addRow(para(tr("editor.paradigms.note"), role="muted"))
        for paradigm in PARADIGMS:
            edit = QLineEdit()
            edit.setObjectName(f"field-opinion.paradigms.{paradigm}")
            edit.setMaximumWidth(int(style.font().pointSizeF() * 9))
            edit.editingFinished.connect(lambda paradigm=paradigm: self._on_paradigm(paradigm))
            self.opinion[f"paradigms.{paradigm}"] = edit
            form.addRow(tr(f"paradigm.{paradigm}"), edit)
        self.public_pages.addTab(page, tr("editor.page.judges"))

        page, form = self._scrolled_form()
        self.public_fields: dict[str, QWidget] = {}
        for key, label in (
            ("title", "editor.public.title"),
            ("population", "editor.public.population"),
            ("population_source", "editor.public.population-source"),
            ("groups", "editor.public.groups"),
        ):
            edit = _line(f"field-constituency.{key}", "")
            edit.editingFinished.connect(lambda key=key, edit=edit: self._on_public_field(key, edit.text()))
            self.public_fields[key] = edit
            form.addRow(tr(label), edit)
        # whom it answers to: the delegations, filled from the document by _fill_publics
        self.answers_to = self._choice(
            "field-constituency.answers_to", [], lambda value: self._on_public_field("answers_to", value)
        )
        form.addRow(tr("editor.public.answers-to"), self.answers_to)
        self.votes_in = self._choice(
            "field-constituency.votes_in",
            [(v, tr(f"editor.votes.{v}")) for v in ("knesset", "referendum", "none")],
            lambda value: self._on_public_field("votes_in", value),
        )
        form.addRow(tr("editor.public.votes-in"), self.votes_in)
        self.public_description = QPlainTextEdit()
        self.public_description.setObjectName("field-constituency.description")
        self.public_description.setMinimumHeight(int(style.font().pointSizeF() * 6))
        timer = QTimer(self)
        timer.setSingleShot(True)
        timer.setInterval(600)
        timer.timeout.connect(
            lambda: self._on_public_field("description", self.public_description.toPlainText())
        )
        self.public_description.textChanged.connect(lambda: None if self._loading else timer.start())
        self._description_timer = timer
        form.addRow(tr("editor.public.description"), self.public_description)
        self.public_pages.addTab(page, tr("editor.page.who"))
        return w

    def _choice(self, name: str, choices: list[tuple[str, str]], picked: Callable[[str], None]) -> QComboBox:
        """A drop-down of (value, words) that calls ``picked(value)`` when the trainer picks one (not while the
        forms are being filled from the document)."""
        combo = QComboBox()
        combo.setObjectName(name)
        for value, words in choices:
            combo.addItem(words, value)
        combo.currentIndexChanged.connect(
            lambda _k: None if self._loading else picked(str(combo.currentData() or ""))
        )
        return combo

    def _scrolled_form(self) -> tuple[QWidget, QFormLayout]:
        """A page holding a form that scrolls when the window is small or the text large."""
        page = QWidget()
        outer = QVBoxLayout(page)
        outer.setContentsMargins(0, 6, 0, 0)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QScrollArea.Shape.NoFrame)
        inner = QWidget()
        form = QFormLayout(inner)
        form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapLongRows)
        scroll.setWidget(inner)
        outer.addWidget(scroll, 1)
        return page, form

    def _on_public_field(self, key: str, text: str) -> None:
        cid = self.current_public()
        if not cid or self._loading:
            return
        value: Any = text
        if key == "population":
            value = _number(text)
        elif key == "groups":
            value = from_cell(text, "ids")
        elif key != "description":
            value = text.strip()

        def put(d: Any) -> None:
            public = _by_id(d["constituencies"], cid)
            if key == "groups" and not value:
                public.pop(key, None)
            else:
                public[key] = value

        self.change(Message.of("editor.u.of", field=field_words(key), what=public_ref(cid)), put)

    def _on_paradigm(self, paradigm: str) -> None:
        """A public's extra disposition toward a package that amounts to ``paradigm`` (empty: none, i.e. 0)."""
        cid = self.current_public()
        text = self.opinion[f"paradigms.{paradigm}"].text()
        if not cid:
            return
        value = _number(text)
        if isinstance(value, int):
            value = float(value)

        def put(d: Any) -> None:
            opinion = _by_id(d["constituencies"], cid).setdefault("opinion", tomlkit.table())
            table = opinion.get("paradigms")
            if not text.strip():
                if table is not None:
                    table.pop(paradigm, None)
                    if not table:
                        opinion.pop("paradigms", None)
                return
            if table is None:
                table = opinion["paradigms"] = tomlkit.inline_table()
            table[paradigm] = value

        self.change(
            Message.of(
                "editor.u.disposition", public=public_ref(cid), paradigm=Message.of(f"paradigm.{paradigm}")
            ),
            put,
        )

    def _on_opinion(self, key: str) -> None:
        cid = self.current_public()
        text = self.opinion[key].text()
        if not cid:
            return
        value = _number(text)
        if isinstance(value, int):
            value = float(value)  # the parameters are real numbers: 2 is written 2.0

        def set_opinion(d: Any) -> None:
            opinion = _by_id(d["constituencies"], cid).setdefault("opinion", tomlkit.table())
            if text.strip() == "" and key in OPTIONAL_OPINION:
                opinion.pop(key, None)  # back to its default
            else:
                opinion[key] = value

        self.change(Message.of("editor.u.of", field=field_words(key), what=public_ref(cid)), set_opinion)

    def current_public(self) -> str:
        return str(self.public.currentData() or "")

    def _fill_publics(self) -> None:
        was_loading, self._loading = self._loading, True
        try:
            d = self.doc.doc
            current = self.current_public()
            ids = [str(x.get("id", "")) for x in d.get("constituencies", [])]
            if [self.public.itemData(k) for k in range(self.public.count())] != ids:
                self.public.clear()
                for x in d.get("constituencies", []):
                    self.public.addItem(f"{x.get('title', '')} ({x.get('id', '')})", str(x.get("id", "")))
            if current in ids:
                self.public.setCurrentIndex(ids.index(current))
            cid = self.current_public()
            if not cid:
                self.preferences.setRowCount(0)
                return
            public = _by_id(d["constituencies"], cid)
            opinion = public.get("opinion", {})
            for key, edit in self.opinion.items():
                group, _, sub = key.partition(".")
                held = opinion.get(group, {}).get(sub) if sub else opinion.get(key)
                edit.setText("" if held is None else str(held))
                bad = any(p.path == f"constituencies[{cid}].opinion.{key}" for p in self.doc.problems())
                shade = style.qcolor(style.VERMILLION, 60)
                edit.setStyleSheet(
                    f"background: rgba({shade.red()}, {shade.green()}, {shade.blue()}, {shade.alpha()});"
                    if bad
                    else ""
                )
            for key, field in self.public_fields.items():
                assert isinstance(field, QLineEdit)
                held = public.get(key)
                field.setText(
                    ", ".join(str(x) for x in held) if key == "groups" and held else str(held or "")
                )
            deleg_ids = [str(x.get("id", "")) for x in d.get("delegations", [])]
            if [self.answers_to.itemData(k) for k in range(self.answers_to.count())] != deleg_ids:
                self.answers_to.clear()
                for x in d.get("delegations", []):
                    self.answers_to.addItem(f"{x.get('title', '')} ({x.get('id', '')})", str(x.get("id", "")))
            self.answers_to.setCurrentIndex(self.answers_to.findData(str(public.get("answers_to", ""))))
            self.votes_in.setCurrentIndex(self.votes_in.findData(str(public.get("votes_in", ""))))
            description = str(public.get("description", ""))
            if (
                not self._description_timer.isActive()
                and self.public_description.toPlainText() != description
            ):
                self.public_description.setPlainText(description)
            prefs = public.get("preferences", {})
            priorities = public.get("priorities", {})
            rows = [(issue, opt) for issue in d.get("issues", []) for opt in issue.get("options", [])]
            self.preferences.setRowCount(len(rows))
            named = {p.path for p in self.doc.problems()}
            marked = {(2 if ".preferences." in p else 3, p) for p in named}
            for r, (issue, opt) in enumerate(rows):
                iid, oid = str(issue.get("id")), str(opt.get("id"))
                value = prefs.get(iid, {}).get(oid)
                first = r == 0 or rows[r - 1][0] is not issue
                for c, text in enumerate(
                    (
                        str(issue.get("title", iid)),
                        str(opt.get("title", oid)),
                        "" if value is None else str(value),
                        str(priorities.get(iid, "")) if first else "",
                    )
                ):
                    item = QTableWidgetItem(text)
                    item.setData(Qt.ItemDataRole.UserRole, (iid, oid))
                    if c < 2 or (c == 3 and not first):
                        item.setFlags(item.flags() & ~Qt.ItemFlag.ItemIsEditable)
                    elif (c, f"constituencies[{cid}].preferences.{iid}.{oid}") in marked or (
                        c,
                        f"constituencies[{cid}].priorities.{iid}",
                    ) in marked:
                        item.setBackground(style.qcolor(style.VERMILLION, 60))
                    self.preferences.setItem(r, c, item)
            self.preferences.fit()
        finally:
            self._loading = was_loading

    def _on_preference_changed(self, item: QTableWidgetItem) -> None:
        if self._loading or item.column() not in (2, 3):
            return
        cid = self.current_public()
        iid, oid = item.data(Qt.ItemDataRole.UserRole)
        value = _number(item.text())
        if item.column() == 3:
            self.change(
                Message.of("editor.u.priority", issue=issue_ref(iid), who=public_ref(cid)),
                lambda d: (
                    _by_id(d["constituencies"], cid)
                    .setdefault("priorities", tomlkit.table())
                    .__setitem__(iid, value)
                ),
            )
            return
        if isinstance(value, int):
            value = float(value)  # preferences are fractions: 1 is written 1.0

        def set_preference(d: Any) -> None:
            prefs = _by_id(d["constituencies"], cid).setdefault("preferences", tomlkit.table())
            prefs.setdefault(iid, tomlkit.inline_table())[oid] = value

        self.change(
            Message.of("editor.u.preference", public=public_ref(cid), option=option_ref(iid, oid)),
            set_preference,
        )

    # ------------------------------------------------------------------------------------- problems -> fields
    def _on_problem_activated(self, item: QListWidgetItem) -> None:
        path = item.data(Qt.ItemDataRole.UserRole)
        if isinstance(path, str):
            self.go_to(path)

    def go_to(self, path: str) -> QWidget | None:
        """Open the tab and select the field a problem's path names; returns the widget that got the focus."""
        m = re.match(r"^delegations\[([^\]]+)\](?:\.(\w+))?(?:\.([^.\[]+))?(?:\.([^.\[]+))?", path)
        if m:
            seat, field, issue_id, option_id = m.groups()
            self.tabs.setCurrentWidget(self.delegation_tab)
            k = self.delegation.findData(seat)
            if k >= 0:
                self.delegation.setCurrentIndex(k)
            if field in ("red_lines", "interactions"):
                self.delegation_pages.setCurrentIndex(2)
                tab = self.red_lines if field == "red_lines" else self.interactions
                tab.table.setFocus()
                return tab.table
            if field in (
                "brief",
                "confidential_brief",
                "means",
                "title",
                "office",
                "role",
                "default_persona",
            ):
                self.delegation_pages.setCurrentIndex(1)
                target = {
                    "brief": self.brief,
                    "confidential_brief": self.confidential,
                    "means": self.means,
                }.get(field) or self.deleg_fields[field]
                target.setFocus()
                return target
            self.delegation_pages.setCurrentIndex(0)
            if field == "reservation_value":
                self.walk_away.setFocus()
                return self.walk_away
            if field in ("points", "priorities"):
                for r in range(self.points.rowCount()):
                    iid, oid = cell(self.points, r, 0).data(Qt.ItemDataRole.UserRole)
                    if iid == issue_id and (field == "priorities" or option_id in (None, oid)):
                        self.points.setCurrentCell(r, 2 if field == "points" else 3)
                        self.points.setFocus()
                        return self.points
            return self.delegation
        m = re.match(r"^constituencies\[([^\]]+)\](?:\.(\w+))?(?:\.([^.\[]+))?(?:\.([^.\[]+))?", path)
        if m:
            cid, field, issue_id, option_id = m.groups()
            self.tabs.setCurrentWidget(self.public_tab)
            k = self.public.findData(cid)
            if k >= 0:
                self.public.setCurrentIndex(k)
            if field == "opinion":
                key = f"{issue_id}.{option_id}" if issue_id == "paradigms" else str(issue_id)
                self.public_pages.setCurrentIndex(1)
                box = self.opinion.get(key)
                if box is not None:
                    box.setFocus()
                    return box
                return self.public
            who: dict[str, QWidget] = {
                **self.public_fields,
                "answers_to": self.answers_to,
                "votes_in": self.votes_in,
                "description": self.public_description,
            }
            if field in who:
                self.public_pages.setCurrentIndex(2)
                who[field].setFocus()
                return who[field]
            self.public_pages.setCurrentIndex(0)
            for r in range(self.preferences.rowCount()):
                iid, oid = cell(self.preferences, r, 0).data(Qt.ItemDataRole.UserRole)
                if iid == issue_id and (field == "priorities" or option_id in (None, oid)):
                    self.preferences.setCurrentCell(r, 3 if field == "priorities" else 2)
                    break
            self.preferences.setFocus()
            return self.preferences
        m = re.match(r"^issues\[([^\]]+)\](?:\.options\[([^\]]+)\])?", path)
        if m:
            self.tabs.setCurrentIndex(1)
            issue_id, option_id = m.groups()
            key = f"{issue_id}/{option_id}" if option_id else issue_id
            for k in range(self.issue_tree.topLevelItemCount()):
                top = self.issue_tree.topLevelItem(k)
                nodes = [top, *(top.child(j) for j in range(top.childCount()))] if top is not None else []
                for node in nodes:
                    if node is not None and node.data(1, Qt.ItemDataRole.UserRole) == key:
                        self.issue_tree.setCurrentItem(node)
            self.issue_tree.setFocus()
            return self.issue_tree
        m = re.match(r"^(events|packages|sources)\[([^\]]+)\](?:\.(?:options\.)?([^.\[]+))?", path)
        if m:
            key, record_id, field = m.groups()
            tab = self.records[key]
            self.tabs.setCurrentWidget(tab)
            tab.select(record_id, field)
            return tab.table
        m = re.match(r"^questionnaire(?:\.questions\[([^\]]+)\](?:\.(\w+))?)?", path)
        if m:
            self.tabs.setCurrentWidget(self.questionnaire_tab)
            question_id, field = m.groups()
            if question_id is None:
                self.q_intro.setFocus()
                return self.q_intro
            self.questions.select(question_id, field)
            return self.questions.table
        if path.startswith(("scenario", "rules")):
            self.tabs.setCurrentIndex(0)
            fields = {
                "scenario.id": self.id_edit,
                "scenario.title": self.title_edit,
                "rules.rounds": self.rounds,
            }
            fields.update({f"scenario.{k}": e for k, e in self.meta_texts.items()})
            fields.update(self.scenario_fields)
            if path.startswith("rules.signatories"):
                path = "rules.signatories"
            found: QWidget = fields.get(path, self.summary)
            found.setFocus()
            return found
        return None

    def problem_lines(self) -> list[Problem]:
        return self.doc.problems()


def screenshots(window: EditorWindow, folder: Path, tag: str) -> tuple[list[Path], list[str]]:
    """Every tab (and every page of the Delegations and Publics tabs) of ``window`` as a PNG in ``folder``, named
    ``editor-<tag>-<NN>-<tab>.png``, each checked as the self-test checks its screens (words cut, rows not
    mirrored, widgets not in the language's direction); returns the files written and the problems found."""
    from PySide6.QtWidgets import QApplication

    from negotiator.ui.language import widget_language_problems
    from negotiator.ui.layout_check import cut_tables, cut_words, unmirrored

    folder.mkdir(parents=True, exist_ok=True)
    out: list[Path] = []
    problems: list[str] = []

    def shot(name: str) -> None:
        for _ in range(3):
            QApplication.processEvents()
        path = folder / f"editor-{tag}-{len(out):02d}-{name}.png"
        window.grab().save(str(path))
        out.append(path)
        found = cut_words(window) + unmirrored(window) + widget_language_problems(window) + cut_tables(window)
        problems.extend(f"{path.name}: {p}" for p in dict.fromkeys(found))

    names = ("scenario", "issues", "delegations", "publics", "events", "packages", "sources", "questionnaire")
    for k in range(window.tabs.count()):
        window.tabs.setCurrentIndex(k)
        page = window.tabs.widget(k)
        if page is window.delegation_tab:
            pages: QTabWidget | None = window.delegation_pages
        else:
            pages = window.public_pages if page is window.public_tab else None
        if pages is None:
            if page is window.records["events"]:
                window.records["events"].table.setCurrentCell(0, 0)  # its effects show below the deck
            shot(names[k] if k < len(names) else f"tab{k}")
            continue
        for j in range(pages.count()):
            pages.setCurrentIndex(j)
            shot(f"{'delegations' if page is window.delegation_tab else 'publics'}-{j + 1}")
        pages.setCurrentIndex(0)
    return out, problems


def run_editor(
    doc: ScenarioDocument,
    exit_when_ready: bool = False,
    *,
    shots: Path | None = None,
    size: tuple[int, int] = (1280, 800),
    scale: float = 1.0,
    lang: str = "en",
) -> int:
    """Show the editor on ``doc`` until it is closed (``negotiator edit``); with ``exit_when_ready``, open it,
    say how many problems the scenario has, and close it (a smoke test); with ``shots``, save every tab as a PNG
    there at ``size``, ``scale`` times the font, in ``lang``, and close."""
    import sys

    from PySide6.QtWidgets import QApplication

    from negotiator.ui import language

    existing = QApplication.instance()
    app = existing if isinstance(existing, QApplication) else QApplication(sys.argv[:1])
    style.apply_style(app, scale)
    if lang != "en":
        language.set_language(lang, app)
    window = EditorWindow(doc)
    window.resize(*size)
    window.show()
    if shots is not None:
        tag = f"{lang}-{size[0]}x{size[1]}" + (f"-x{scale:g}" if scale != 1.0 else "")
        paths, problems = screenshots(window, shots, tag)
        for path in paths:
            print(path)
        for problem in problems:
            print(f"layout: {problem}", file=sys.stderr)
        window.close()
        return 1 if problems else 0
    if exit_when_ready:
        app.processEvents()
        print(f"editor ready: {len(doc.problems())} problem(s)", file=sys.stderr)
        window.close()
        return 0
    return int(app.exec())
