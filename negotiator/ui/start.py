"""The start screen: new game (scenario, seats, personas, difficulty, solo or hot-seat), continue, load, tutorial,
settings, about.

The new-game panel builds a :class:`~negotiator.game.setup.GameSetup` and emits it; it never starts anything itself.
Seats: in solo play the player picks one delegation and the others are AI; in hot-seat play each delegation is played
by a person or by the AI, with 2 to 4 people.
"""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QButtonGroup,
    QComboBox,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QRadioButton,
    QScrollArea,
    QSizePolicy,
    QSpinBox,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from negotiator.game.setup import GameSetup, SeatSetup
from negotiator.model.schema import Scenario
from negotiator.text import LANGUAGES, delegation
from negotiator.text.scenario import scenario_text
from negotiator.ui import language, style
from negotiator.ui.language import bind, tr
from negotiator.ui.widgets import Card, WrappingHolder, button, clear_layout, heading, para

PERSONAS: tuple[str, ...] = ("hard-liner", "pragmatist", "conciliator", "reciprocator", "mediator")
"""Each persona's name and help are catalogue entries ``persona.<id>`` and ``persona.<id>.help``."""
DIFFICULTIES: tuple[str, ...] = ("gentle", "standard", "tough")


@dataclass(frozen=True)
class ScenarioEntry:
    id: str
    scenario: Scenario | None
    problem: str = ""


class SeatRow:
    """The widgets of one delegation in the seats grid."""

    def __init__(self, scenario: Scenario, delegation_id: str) -> None:
        d = scenario.delegation(delegation_id)
        self.delegation = d
        title = language.scenario_name(scenario, delegation(d.id))
        office = scenario_text(
            scenario, f"delegations.{d.id}.office", d.office, language.catalogue_language()
        )
        self.name = QLabel(
            f"<b>{title}</b><br><span style='color:{style.MUTED}'>{office} · {tr('role.' + d.role)}</span>"
        )
        self.name.setTextFormat(Qt.TextFormat.RichText)
        self.name.setWordWrap(True)
        self.who = QComboBox()
        self.who.addItem(tr("seat.ai"), "bot")
        self.who.addItem(tr("seat.person"), "human")
        self.who.setToolTip(tr("seat.who.tip", delegation=title))
        self.who.setAccessibleName(tr("seat.who.name", delegation=title))
        self.persona = QComboBox()
        personas = ["mediator"] if d.role != "principal" and d.default_persona == "mediator" else []
        personas += [
            p for p in ("hard-liner", "pragmatist", "conciliator", "reciprocator") if p not in personas
        ]
        if d.role != "principal" and "mediator" not in personas:
            personas.append("mediator")
        for k, p in enumerate(personas):
            self.persona.addItem(tr(f"persona.{p}"), p)
            self.persona.setItemData(k, tr(f"persona.{p}.help"), Qt.ItemDataRole.ToolTipRole)
        styles = "; ".join(
            tr("persona.item", persona=tr(f"persona.{p}"), help=tr(f"persona.{p}.help")) for p in personas
        )
        self.persona.setToolTip(tr("seat.persona.tip", delegation=title, styles=styles))
        self.persona.setAccessibleName(tr("seat.persona.name", delegation=title))
        self.set_persona(d.default_persona)
        self.who.currentIndexChanged.connect(self._sync)
        self._sync()

    def set_persona(self, persona: str) -> None:
        idx = self.persona.findData(persona)
        if idx >= 0:
            self.persona.setCurrentIndex(idx)

    def _sync(self) -> None:
        self.persona.setEnabled(self.who.currentData() == "bot")

    def seat(self) -> SeatSetup:
        if self.who.currentData() == "human":
            return SeatSetup(self.delegation.id, "human", None)
        return SeatSetup(self.delegation.id, "bot", str(self.persona.currentData()))


class NewGamePanel(QWidget):
    """Scenario picker with description, seats, personas, difficulty, mode and seed."""

    setup_did_choose = Signal(object)  # GameSetup

    def __init__(self, scenarios: list[ScenarioEntry], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("new-game")
        self.entries = scenarios
        self.rows: list[SeatRow] = []
        outer = QHBoxLayout(self)
        outer.setSpacing(14)

        left = QVBoxLayout()
        lbl = QLabel()
        bind(lbl, "start.scenario")
        lbl.setProperty("role", "heading")
        self.scenario_list = QListWidget()
        self.scenario_list.setObjectName("scenario-list")
        bind(self.scenario_list, "start.scenarios", "setAccessibleName")
        lbl.setBuddy(self.scenario_list)
        for e in scenarios:
            title = _scenario_title(e)
            item = QListWidgetItem(title)
            item.setData(Qt.ItemDataRole.UserRole, e.id)
            if e.scenario is None:
                item.setToolTip(e.problem)
            self.scenario_list.addItem(item)
        self.scenario_list.setMinimumWidth(260)
        self.scenario_list.setWordWrap(True)
        self.scenario_list.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.description = QTextBrowser()
        self.description.setObjectName("scenario-description")
        self.description.setOpenExternalLinks(False)
        self.description.setMinimumHeight(160)
        left.addWidget(lbl)
        left.addWidget(self.scenario_list, 1)
        left.addWidget(self.description, 2)
        outer.addLayout(left, 5)

        right = QVBoxLayout()
        mode_box = Card()
        mode_head = heading("")
        bind(mode_head, "start.mode")
        mode_box.body.addWidget(mode_head)
        self.solo = QRadioButton()
        bind(self.solo, "start.solo")
        self.hotseat = QRadioButton()
        bind(self.hotseat, "start.hotseat")
        self.solo.setChecked(True)
        group = QButtonGroup(self)
        group.addButton(self.solo)
        group.addButton(self.hotseat)
        mode_box.body.addWidget(self.solo)
        mode_box.body.addWidget(self.hotseat)
        you_row = QHBoxLayout()
        you_lbl = QLabel()
        bind(you_lbl, "start.you-play")
        self.you = QComboBox()
        self.you.setObjectName("you-play")
        bind(self.you, "start.you-play.name", "setAccessibleName")
        you_lbl.setBuddy(self.you)
        you_row.addWidget(you_lbl)
        you_row.addWidget(self.you, 1)
        mode_box.body.addLayout(you_row)
        diff_row = QHBoxLayout()
        diff_lbl = QLabel()
        bind(diff_lbl, "start.difficulty")
        self.difficulty = QComboBox()
        self.difficulty.setObjectName("difficulty")
        for k, key in enumerate(DIFFICULTIES):
            self.difficulty.addItem("", key)
            bind(self.difficulty, f"difficulty.{key}", "setItemText", k)
        self.difficulty.setCurrentIndex(1)
        bind(self.difficulty, "start.difficulty.tip", "setToolTip")
        diff_lbl.setBuddy(self.difficulty)
        diff_row.addWidget(diff_lbl)
        diff_row.addWidget(self.difficulty, 1)
        mode_box.body.addLayout(diff_row)
        right.addWidget(mode_box)

        seats_card = Card()
        seats_head = heading("")
        bind(seats_head, "start.seats")
        seats_card.body.addWidget(seats_head)
        self.seats_grid = QGridLayout()
        self.seats_grid.setColumnStretch(0, 3)
        self.seats_grid.setColumnStretch(1, 1)
        self.seats_grid.setColumnStretch(2, 3)
        holder = WrappingHolder()
        holder_layout = QVBoxLayout(holder)
        holder_layout.setContentsMargins(0, 0, 0, 0)
        holder_layout.addLayout(self.seats_grid)
        holder_layout.addStretch(1)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        scroll.setWidget(holder)
        scroll.setFrameShape(QScrollArea.Shape.NoFrame)
        seats_card.body.addWidget(scroll, 1)
        self.problem = para("", role="muted")
        self.problem.setObjectName("setup-problem")
        seats_card.body.addWidget(self.problem)
        right.addWidget(seats_card, 1)

        bottom = QHBoxLayout()
        seed_lbl = QLabel()
        bind(seed_lbl, "start.seed")
        self.seed = QSpinBox()
        self.seed.setRange(0, 999_999)
        self.seed.setValue(1)
        bind(self.seed, "start.seed.tip", "setToolTip")
        seed_lbl.setBuddy(self.seed)
        self.start = button("", primary=True, name="start-game")
        bind(self.start, "start.begin")
        bind(self.start, "start.begin.tip", "setToolTip")
        bottom.addWidget(seed_lbl)
        bottom.addWidget(self.seed)
        bottom.addStretch(1)
        bottom.addWidget(self.start)
        right.addLayout(bottom)
        outer.addLayout(right, 6)

        self.scenario_list.currentRowChanged.connect(self._on_scenario_changed)
        self.solo.toggled.connect(self._on_mode_changed)
        self.you.currentIndexChanged.connect(self._on_you_changed)
        self.difficulty.currentIndexChanged.connect(self._on_difficulty_changed)
        self.start.clicked.connect(self._on_start)
        QShortcut(QKeySequence("Ctrl+Return"), self, self._on_start)
        language.notifier().language_did_change.connect(self._on_language_changed)
        if scenarios:
            preferred = next((k for k, e in enumerate(scenarios) if e.id == "confederation"), 0)
            self.scenario_list.setCurrentRow(preferred)

    # -- reading --------------------------------------------------------------------------------------------------
    @property
    def scenario(self) -> Scenario | None:
        row = self.scenario_list.currentRow()
        if 0 <= row < len(self.entries):
            return self.entries[row].scenario
        return None

    def select_scenario(self, scenario_id: str) -> None:
        for k, e in enumerate(self.entries):
            if e.id == scenario_id:
                self.scenario_list.setCurrentRow(k)

    def build_setup(self) -> GameSetup | str:
        """The chosen setup, or a sentence saying what is missing."""
        sc = self.scenario
        if sc is None:
            return tr("start.problem.scenario")
        seats = tuple(r.seat() for r in self.rows)
        humans = [s for s in seats if s.controller == "human"]
        if self.solo.isChecked():
            if len(humans) != 1:
                return tr("start.problem.solo")
            mode = "solo"
        else:
            if not 2 <= len(humans) <= 4:
                return tr("start.problem.hotseat", n=len(humans))
            mode = "hotseat"
        return GameSetup(sc.id, seats, int(self.seed.value()), mode)  # type: ignore[arg-type]

    # -- slots ----------------------------------------------------------------------------------------------------
    def _on_language_changed(self) -> None:
        """Scenario titles, descriptions and the seat rows are built from the scenario: build them again in the new
        language, keeping every choice (scenario, mode, who plays what, personas, seed)."""
        for k, e in enumerate(self.entries):
            item = self.scenario_list.item(k)
            if item is not None:
                item.setText(_scenario_title(e))
        kept = [(r.who.currentIndex(), r.persona.currentData()) for r in self.rows]
        you = self.you.currentData()
        row = self.scenario_list.currentRow()
        self._fill_description(self.entries[row] if 0 <= row < len(self.entries) else None)
        self._build_rows(self.scenario)
        self.you.setCurrentIndex(max(0, self.you.findData(you)))
        for r, (who, persona) in zip(self.rows, kept, strict=False):
            r.who.setCurrentIndex(who)
            r.set_persona(str(persona))
        self._validate()

    def _on_scenario_changed(self, row: int) -> None:
        entry = self.entries[row] if 0 <= row < len(self.entries) else None
        self._fill_description(entry)
        self._build_rows(entry.scenario if entry else None)
        self._on_difficulty_changed()
        self._on_mode_changed()

    def _build_rows(self, sc: Scenario | None) -> None:
        clear_layout(self.seats_grid)
        self.rows = []
        self.you.blockSignals(True)
        self.you.clear()
        if sc is not None:
            for k, d in enumerate(sc.delegations):
                row_w = SeatRow(sc, d.id)
                row_w.who.currentIndexChanged.connect(self._validate)
                self.rows.append(row_w)
                self.seats_grid.addWidget(row_w.name, k, 0)
                self.seats_grid.addWidget(row_w.who, k, 1)
                self.seats_grid.addWidget(row_w.persona, k, 2)
                if d.role == "principal":
                    title = language.scenario_name(sc, delegation(d.id))
                    office = scenario_text(
                        sc, f"delegations.{d.id}.office", d.office, language.catalogue_language()
                    )
                    self.you.addItem(f"{title} ({office})", d.id)
        self.you.blockSignals(False)

    def _fill_description(self, entry: ScenarioEntry | None) -> None:
        if entry is None:
            self.description.setHtml("")
            return
        sc = entry.scenario
        if sc is None:
            self.description.setPlainText(tr("start.cannot-load.detail", problem=entry.problem))
            return
        lang = language.catalogue_language()
        dels = ", ".join(language.scenario_name(sc, delegation(d.id)) for d in sc.delegations)
        summary = scenario_text(sc, "scenario.summary", sc.scenario.summary, lang)
        context = scenario_text(sc, "scenario.context", sc.scenario.context, lang)
        facts = " · ".join(
            (
                f"<b>{_esc(tr('start.facts', n=len(sc.issues)))}</b>",
                f"<b>{_esc(tr('start.rounds', n=sc.rules.rounds))}</b>",
                _esc(tr("start.delegations", names=dels)),
                _esc(tr("start.publics", n=len(sc.constituencies))),
            )
        )
        html = (
            f"<h3>{_esc(_scenario_title(entry))}</h3><p>{_esc(summary)}</p>"
            f"<p>{_esc(context)}</p><p>{facts}</p>"
        )
        if sc.scenario.trainer_note:
            paras = [" ".join(p.split()) for p in sc.scenario.trainer_note.split("\n\n") if p.strip()]
            html += "<h4>For the trainer</h4>" + "".join(f"<p>{_esc(p)}</p>" for p in paras)
        self.description.setHtml(html)

    def _on_mode_changed(self) -> None:
        solo = self.solo.isChecked()
        self.you.setEnabled(solo)
        for r in self.rows:
            r.who.setEnabled(not solo)
        if solo:
            self._on_you_changed()
        else:
            principals = [r for r in self.rows if r.delegation.role == "principal"]
            for r in self.rows:
                r.who.setCurrentIndex(1 if r in principals[:2] else 0)
        self._validate()

    def _on_you_changed(self) -> None:
        if not self.solo.isChecked():
            return
        me = self.you.currentData()
        for r in self.rows:
            r.who.setCurrentIndex(1 if r.delegation.id == me else 0)
        self._validate()

    def _on_difficulty_changed(self) -> None:
        level = self.difficulty.currentData()
        for r in self.rows:
            if level == "gentle" and r.delegation.role == "principal":
                r.set_persona("conciliator")
            elif level == "tough" and r.delegation.role == "principal":
                r.set_persona("hard-liner")
            else:
                r.set_persona(r.delegation.default_persona)

    def _validate(self) -> None:
        result = self.build_setup()
        ok = isinstance(result, GameSetup)
        self.start.setEnabled(ok)
        self.problem.setText("" if ok else str(result))

    def _on_start(self) -> None:
        result = self.build_setup()
        if isinstance(result, GameSetup):
            self.setup_did_choose.emit(result)


def _scenario_title(entry: ScenarioEntry) -> str:
    if entry.scenario is None:
        return tr("start.cannot-load", scenario=entry.id)
    sc = entry.scenario
    return scenario_text(sc, "scenario.title", sc.scenario.title, language.catalogue_language())


def _esc(text: str) -> str:
    return (
        text.replace("&", "&amp;")
        .replace("<", "&lt;")
        .replace(">", "&gt;")
        .strip()
        .replace("\n\n", "</p><p>")
        .replace("\n", " ")
    )


class StartScreen(QWidget):
    """The first screen: a menu column on the left and the new-game panel on the right."""

    continue_did_request = Signal()
    load_did_request = Signal()
    tutorial_did_request = Signal()
    settings_did_request = Signal()
    about_did_request = Signal()
    quit_did_request = Signal()
    host_class_did_request = Signal()
    join_class_did_request = Signal()
    editor_did_request = Signal()
    language_did_request = Signal(str)

    def __init__(self, scenarios: list[ScenarioEntry], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("start-screen")
        layout = QHBoxLayout(self)
        layout.setContentsMargins(24, 20, 24, 20)
        layout.setSpacing(24)
        self.menu_column = QWidget()
        self.menu_column.setObjectName("start-menu")
        menu = QVBoxLayout(self.menu_column)
        menu.setContentsMargins(0, 0, 6, 0)
        title = heading("", role="title")
        bind(title, "app.title")
        sub = para("", role="muted")
        bind(sub, "start.subtitle")
        # The subtitle wraps; never let a short window squeeze it below its wrapped height (it was cut mid-line).
        sub.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Minimum)
        menu.addWidget(title)
        menu.addWidget(sub)
        menu.addSpacing(12)
        self.continue_button = _menu_button("continue", "start.continue")
        self.load_button = _menu_button("load", "start.load")
        self.tutorial_button = _menu_button("tutorial", "start.tutorial")
        self.editor_button = _menu_button("edit-scenario", "start.edit")
        self.host_class_button = _menu_button("host-class", "start.host")
        self.join_class_button = _menu_button("join-class", "start.join")
        self.settings_button = _menu_button("settings", "start.settings")
        self.about_button = _menu_button("about", "start.about")
        self.quit_button = _menu_button("quit", "start.quit")
        lang_row = QHBoxLayout()
        lang_label = QLabel()
        bind(lang_label, "language.label")
        self.language = LanguageBox()
        lang_label.setBuddy(self.language)
        lang_row.addWidget(lang_label)
        lang_row.addWidget(self.language, 1)
        menu.addLayout(lang_row)
        self.language.activated.connect(
            lambda _i: self.language_did_request.emit(self.language.currentData())
        )
        menu.addSpacing(6)
        for b in (
            self.continue_button,
            self.load_button,
            self.tutorial_button,
            self.editor_button,
            self.host_class_button,
            self.join_class_button,
            self.settings_button,
            self.about_button,
            self.quit_button,
        ):
            menu.addWidget(b)
        self._menu_buttons = [self.continue_button, self.load_button, self.quit_button, self.about_button]
        self._menu_buttons += [self.tutorial_button, self.editor_button, self.host_class_button]
        self._menu_buttons += [self.join_class_button, self.settings_button]
        menu.addStretch(1)
        self.last_game_label = para("", role="muted")
        self.last_game_label.setObjectName("last-game")
        menu.addWidget(self.last_game_label)
        # The column scrolls when the window is shorter than its buttons (1280x800 at font scale 1.3): otherwise its
        # height would be the whole window's minimum, and the window would grow past the screen.
        self.menu_scroll = QScrollArea()
        self.menu_scroll.setObjectName("start-menu-scroll")
        self.menu_scroll.setWidget(self.menu_column)
        self.menu_scroll.setWidgetResizable(True)
        self.menu_scroll.setFrameShape(QScrollArea.Shape.NoFrame)
        self.menu_scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        layout.addWidget(self.menu_scroll, 0)
        self._fit_menu()
        self.new_game = NewGamePanel(scenarios)
        layout.addWidget(self.new_game, 1)
        self.continue_button.clicked.connect(self.continue_did_request)
        self.load_button.clicked.connect(self.load_did_request)
        self.tutorial_button.clicked.connect(self.tutorial_did_request)
        self.settings_button.clicked.connect(self.settings_did_request)
        self.about_button.clicked.connect(self.about_did_request)
        self.quit_button.clicked.connect(self.quit_did_request)
        self.host_class_button.clicked.connect(self.host_class_did_request)
        self.join_class_button.clicked.connect(self.join_class_did_request)
        self.editor_button.clicked.connect(self.editor_did_request)
        self.setTabOrder(self.continue_button, self.new_game.scenario_list)
        self._last_game: str | None = None
        language.notifier().language_did_change.connect(self._on_language_changed)

    def _on_language_changed(self) -> None:
        self.set_last_game(self._last_game)
        self._fit_menu()

    def _fit_menu(self) -> None:
        """The menu column is as wide as its widest button's words (a longer language widens it, never cuts)."""
        for b in self._menu_buttons:
            b.setMinimumWidth(max(240, b.sizeHint().width()))
        bar = self.menu_scroll.verticalScrollBar().sizeHint().width()
        self.menu_scroll.setMinimumWidth(self.menu_column.minimumSizeHint().width() + bar)

    def set_last_game(self, description: str | None) -> None:
        self._last_game = description
        self.continue_button.setEnabled(bool(description))
        self.last_game_label.setText(
            tr("start.last-game", game=description) if description else tr("start.no-last-game")
        )


def _menu_button(name: str, msgid: str) -> QPushButton:
    b = button("", name=name)
    bind(b, msgid)
    bind(b, f"{msgid}.tip", "setToolTip")
    return b


class LanguageBox(QComboBox):
    """The languages, each in its own words, on the current one; following the language wherever it is switched."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("language")
        for lang in LANGUAGES:
            self.addItem(language.LANGUAGE_NAMES[lang], lang)
        if language.current() not in LANGUAGES:
            self.addItem(language.current(), language.current())  # the pseudo-locale, when a test runs in it
        self.setCurrentIndex(self.findData(language.current()))
        bind(self, "language.tip", "setToolTip")
        language.notifier().language_did_change.connect(self._on_language_changed)

    def _on_language_changed(self, lang: str) -> None:
        self.blockSignals(True)
        self.setCurrentIndex(max(0, self.findData(lang)))
        self.blockSignals(False)
