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
from negotiator.ui import style
from negotiator.ui.widgets import Card, button, clear_layout, heading, para

PERSONA_LABELS: dict[str, str] = {
    "hard-liner": "Hard-liner",
    "pragmatist": "Pragmatist",
    "conciliator": "Conciliator",
    "reciprocator": "Reciprocator",
    "mediator": "Mediator",
}
PERSONA_HELP: dict[str, str] = {
    "hard-liner": "concedes late and little, holds firm on what it cares about",
    "pragmatist": "trades what it cares little about for what it cares much about",
    "conciliator": "concedes early to reach a deal",
    "reciprocator": "answers concession with concession, and toughness with toughness",
    "mediator": "proposes bridging texts that move toward a fair deal",
}
DIFFICULTIES: dict[str, str] = {
    "gentle": "Gentle: AI delegations are conciliators",
    "standard": "Standard: each delegation's usual style (from the scenario)",
    "tough": "Tough: AI delegations are hard-liners",
}


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
        self.name = QLabel(
            f"<b>{d.title}</b><br><span style='color:{style.MUTED}'>{d.office} · {d.role}</span>"
        )
        self.name.setTextFormat(Qt.TextFormat.RichText)
        self.name.setWordWrap(True)
        self.who = QComboBox()
        self.who.addItem("AI", "bot")
        self.who.addItem("Person", "human")
        self.who.setToolTip(f"Who plays {d.title}: a person at this computer or the AI")
        self.who.setAccessibleName(f"{d.title} played by")
        self.persona = QComboBox()
        personas = ["mediator"] if d.role != "principal" and d.default_persona == "mediator" else []
        personas += [
            p for p in ("hard-liner", "pragmatist", "conciliator", "reciprocator") if p not in personas
        ]
        if d.role != "principal" and "mediator" not in personas:
            personas.append("mediator")
        for k, p in enumerate(personas):
            self.persona.addItem(PERSONA_LABELS[p], p)
            self.persona.setItemData(k, PERSONA_HELP[p], Qt.ItemDataRole.ToolTipRole)
        self.persona.setToolTip(
            f"How the AI plays {d.title}: "
            + "; ".join(f"{PERSONA_LABELS[p]}: {PERSONA_HELP[p]}" for p in personas)
        )
        self.persona.setAccessibleName(f"{d.title} AI persona")
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
        lbl = QLabel("&Scenario")
        lbl.setProperty("role", "heading")
        self.scenario_list = QListWidget()
        self.scenario_list.setObjectName("scenario-list")
        self.scenario_list.setAccessibleName("Scenarios")
        lbl.setBuddy(self.scenario_list)
        for e in scenarios:
            title = e.scenario.scenario.title if e.scenario else f"{e.id} (cannot be loaded)"
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
        mode_box.body.addWidget(heading("Mode"))
        self.solo = QRadioButton("S&olo: you play one delegation, the AI plays the others")
        self.hotseat = QRadioButton("Hot-seat: 2 to 4 people ta&ke turns at this computer")
        self.solo.setChecked(True)
        group = QButtonGroup(self)
        group.addButton(self.solo)
        group.addButton(self.hotseat)
        mode_box.body.addWidget(self.solo)
        mode_box.body.addWidget(self.hotseat)
        you_row = QHBoxLayout()
        you_lbl = QLabel("You &play:")
        self.you = QComboBox()
        self.you.setObjectName("you-play")
        self.you.setAccessibleName("Delegation you play")
        you_lbl.setBuddy(self.you)
        you_row.addWidget(you_lbl)
        you_row.addWidget(self.you, 1)
        mode_box.body.addLayout(you_row)
        diff_row = QHBoxLayout()
        diff_lbl = QLabel("&Difficulty:")
        self.difficulty = QComboBox()
        self.difficulty.setObjectName("difficulty")
        for key, text in DIFFICULTIES.items():
            self.difficulty.addItem(text, key)
        self.difficulty.setCurrentIndex(1)
        self.difficulty.setToolTip("Sets every AI persona below at once; you can still change each one.")
        diff_lbl.setBuddy(self.difficulty)
        diff_row.addWidget(diff_lbl)
        diff_row.addWidget(self.difficulty, 1)
        mode_box.body.addLayout(diff_row)
        right.addWidget(mode_box)

        seats_card = Card()
        seats_card.body.addWidget(heading("Seats at the table"))
        self.seats_grid = QGridLayout()
        self.seats_grid.setColumnStretch(0, 3)
        self.seats_grid.setColumnStretch(1, 1)
        self.seats_grid.setColumnStretch(2, 3)
        holder = QWidget()
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
        seed_lbl = QLabel("S&eed:")
        self.seed = QSpinBox()
        self.seed.setRange(0, 999_999)
        self.seed.setValue(1)
        self.seed.setToolTip("Same seed and same moves give the same game: useful to compare classes.")
        seed_lbl.setBuddy(self.seed)
        self.start = button(
            "Start &briefing ▶",
            "Begin the game with these seats (Ctrl+Enter)",
            primary=True,
            name="start-game",
        )
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
        QShortcut(QKeySequence("Ctrl+Return"), self, activated=self._on_start)
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
            return "Choose a scenario that loads without problems."
        seats = tuple(r.seat() for r in self.rows)
        humans = [s for s in seats if s.controller == "human"]
        if self.solo.isChecked():
            if len(humans) != 1:
                return "In solo play, choose the one delegation you play."
            mode = "solo"
        else:
            if not 2 <= len(humans) <= 4:
                return f"Hot-seat needs 2 to 4 people; {len(humans)} seat(s) are set to Person."
            mode = "hotseat"
        return GameSetup(sc.id, seats, int(self.seed.value()), mode)  # type: ignore[arg-type]

    # -- slots ----------------------------------------------------------------------------------------------------
    def _on_scenario_changed(self, row: int) -> None:
        entry = self.entries[row] if 0 <= row < len(self.entries) else None
        self._fill_description(entry)
        clear_layout(self.seats_grid)
        self.rows = []
        self.you.blockSignals(True)
        self.you.clear()
        sc = entry.scenario if entry else None
        if sc is not None:
            for k, d in enumerate(sc.delegations):
                row_w = SeatRow(sc, d.id)
                row_w.who.currentIndexChanged.connect(self._validate)
                self.rows.append(row_w)
                self.seats_grid.addWidget(row_w.name, k, 0)
                self.seats_grid.addWidget(row_w.who, k, 1)
                self.seats_grid.addWidget(row_w.persona, k, 2)
                if d.role == "principal":
                    self.you.addItem(f"{d.title} ({d.office})", d.id)
        self.you.blockSignals(False)
        self._on_difficulty_changed()
        self._on_mode_changed()

    def _fill_description(self, entry: ScenarioEntry | None) -> None:
        if entry is None:
            self.description.setHtml("")
            return
        sc = entry.scenario
        if sc is None:
            self.description.setPlainText(f"This scenario cannot be loaded:\n{entry.problem}")
            return
        dels = ", ".join(d.title for d in sc.delegations)
        html = (
            f"<h3>{_esc(sc.scenario.title)}</h3><p>{_esc(sc.scenario.summary)}</p>"
            f"<p>{_esc(sc.scenario.context)}</p>"
            f"<p><b>{len(sc.issues)} issues</b> · <b>{sc.rules.rounds} rounds</b> · delegations: {_esc(dels)}"
            f" · {len(sc.constituencies)} publics</p>"
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

    def __init__(self, scenarios: list[ScenarioEntry], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("start-screen")
        layout = QHBoxLayout(self)
        layout.setContentsMargins(24, 20, 24, 20)
        layout.setSpacing(24)
        menu = QVBoxLayout()
        title = heading("Negotiator", role="title")
        sub = para(
            "Talks toward an Israeli-Palestinian settlement: delegations, publics, ratification.",
            role="muted",
        )
        # The subtitle wraps; never let a short window squeeze it below its wrapped height (it was cut mid-line).
        sub.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Minimum)
        menu.addWidget(title)
        menu.addWidget(sub)
        menu.addSpacing(12)
        self.continue_button = button(
            "&Continue last game", "Pick up the most recent game where you left it", name="continue"
        )
        self.load_button = button("&Load a saved game…", "Choose a saved game to open (Ctrl+O)", name="load")
        self.tutorial_button = button(
            "&Tutorial", "Learn the game step by step on the teaching scenario", name="tutorial"
        )
        self.editor_button = button(
            "Ed&it a scenario…",
            "Open a copy of the chosen scenario in the scenario editor (the shipped file is never changed)",
            name="edit-scenario",
        )
        self.host_class_button = button(
            "&Host a class…",
            "Run several tables for a class on this computer; students join over the network",
            name="host-class",
        )
        self.join_class_button = button(
            "&Join a class…", "Take your seat at a table the trainer is hosting", name="join-class"
        )
        self.settings_button = button("Setti&ngs…", "Font scale and play preferences", name="settings")
        self.about_button = button(
            "&About and sources", "Where every number comes from, and the map notice", name="about"
        )
        self.quit_button = button(
            "&Quit", "Close the game (your game is saved after every move)", name="quit"
        )
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
            b.setMinimumWidth(240)
            menu.addWidget(b)
        menu.addStretch(1)
        self.last_game_label = para("", role="muted")
        self.last_game_label.setObjectName("last-game")
        menu.addWidget(self.last_game_label)
        layout.addLayout(menu, 0)
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

    def set_last_game(self, description: str | None) -> None:
        self.continue_button.setEnabled(bool(description))
        self.last_game_label.setText(
            f"Last game: {description}" if description else "No game to continue yet."
        )
