"""The tutorial: the teaching scenario (Water and Crossings) walked through step by step in the real window.

A coach panel floats over the game with one step at a time and a spotlight frames the widget it talks about. Some
steps wait for the player to do the thing (open the offer builder, table a package, wait for the answer); the others
advance with Next. Everything happens in a real solo game, so what the player learns is the game itself.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QEvent, QObject, QPoint, QRect, Qt, QTimer
from PySide6.QtGui import QKeySequence, QPainter, QPen, QShortcut
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QVBoxLayout, QWidget

from negotiator.game.setup import GameSetup, SeatSetup
from negotiator.ui import style
from negotiator.ui.widgets import button

if TYPE_CHECKING:
    from negotiator.ui.shell import MainWindow

SCENARIO = "water-and-crossings"
SEAT = "israel"


@dataclass(frozen=True)
class Step:
    title: str
    text: str
    target: Callable[[MainWindow], QWidget | None]
    wait: str = ""
    """Empty: Next advances. Otherwise the condition that advances it: "table", "builder", "tabled", "answered"."""


def _dock(name: str) -> Callable[[MainWindow], QWidget | None]:
    return lambda w: w.table.docks[name]


def _find(name: str) -> Callable[[MainWindow], QWidget | None]:
    return lambda w: w.findChild(QWidget, name)


STEPS: tuple[Step, ...] = (
    Step(
        "Welcome",
        "You lead the Israeli technical delegation in a short round of talks with the Palestinian "
        "delegation: water, crossings, work permits and a joint committee. This is your briefing.",
        lambda w: w.briefing.title,
    ),
    Step(
        "Your confidential brief",
        "The yellow box is for your eyes only. The other side has one too, and you "
        "will never see it: you learn what they want from what they do.",
        _find("confidential-brief"),
    ),
    Step(
        "Your priorities",
        "Each issue weighs in your points by these shares. Crossings matter most to you; work "
        "permits least. Giving on what matters little to you to win what matters much is called logrolling.",
        _find("priorities-chart"),
    ),
    Step(
        "Your walk-away value",
        "This number protects you: never sign a package worth less than it. When you "
        "are ready, press 'To the table' (Enter).",
        _find("walk-away-words"),
        wait="table",
    ),
    Step(
        "The issue board",
        "Every issue with the text on the table, your last offer, theirs, and its state: "
        "✔ agreed, ○ open, ✖ blocked. Hover over any cell to read the option and its points for you. Panels can be "
        "moved, resized, floated or closed (View menu brings them back).",
        _dock("issues"),
    ),
    Step(
        "The map",
        "The map draws the text on the table: here, how the crossings are run. Shapes marked "
        "schematic are the game's illustrations.",
        _dock("map"),
    ),
    Step(
        "The publics",
        "After every round the publics are polled on the text on the table. Select a public to "
        "see why it leans the way it does and what would flip it.",
        _dock("publics"),
    ),
    Step(
        "History and news",
        "Every move, statement, event and poll, by round. Ctrl+F searches it. News items "
        "show how events move the publics.",
        _dock("history"),
    ),
    Step(
        "Your first offer",
        "Press Propose (Ctrl+P) to build a package.",
        _find("action-propose"),
        wait="builder",
    ),
    Step(
        "The offer builder",
        "Pick one option per issue; the number after each is its worth to you. Or choose "
        "'Start from: A practical deal' and press Load. Watch the preview: your points against your walk-away, "
        "your estimate of theirs, the paradigm and the publics. Then press 'Table it'.",
        lambda w: w.builder,
        wait="tabled",
    ),
    Step(
        "Their answer",
        "The Palestinian delegation reads your offer and answers: it may accept, reject naming "
        "the issues it objects to, or counter-propose. Wait for your turn to come back.",
        _dock("history"),
        wait="answered",
    ),
    Step(
        "Your turn again",
        "Pick the proposal in 'Answer' and Accept it if it is above your walk-away, or "
        "Counter with a package closer to what you both need. End turn passes without tabling. Undo (Ctrl+Z) "
        "takes a move back.",
        _dock("actions"),
    ),
    Step(
        "Keep going",
        "Reach a deal both sides can sign before the deadline (round 6). After the talks the "
        "debrief shows the frontier of possible deals, where yours landed and what both sides could still have "
        "gained. Close this guide with Esc; F1 lists every key.",
        lambda w: w.table.actions_panel.round_label,
    ),
)


class Spotlight(QWidget):
    """A frame drawn around the widget the current step is about; it never takes mouse or keyboard input."""

    def __init__(self, parent: QWidget) -> None:
        super().__init__(parent)
        self.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents)
        self.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.target: QRect | None = None

    def paintEvent(self, _e: object) -> None:
        if self.target is None:
            return
        p = QPainter(self)
        p.setRenderHint(QPainter.RenderHint.Antialiasing)
        p.setPen(QPen(style.qcolor(style.ORANGE), 5))
        p.drawRoundedRect(self.target.adjusted(-3, -3, 3, 3), 8, 8)
        p.end()


class CoachPanel(QFrame):
    def __init__(self, parent: QWidget) -> None:
        super().__init__(parent)
        self.setObjectName("tutorial-coach")
        self.setProperty("role", "card")
        self.setStyleSheet(
            f"QFrame#tutorial-coach {{ background: #FFF8E6; border: 3px solid {style.ORANGE}; "
            "border-radius: 8px; }"
        )
        lay = QVBoxLayout(self)
        self.step_label = QLabel("")
        self.step_label.setProperty("role", "muted")
        self.title = QLabel("")
        self.title.setProperty("role", "heading")
        self.text = QLabel("")
        self.text.setWordWrap(True)
        self.text.setObjectName("tutorial-text")
        row = QHBoxLayout()
        self.back = button("&Back", "Previous step", name="tutorial-back")
        self.next = button("&Next ▶", "Next step", primary=True, name="tutorial-next")
        self.close_button = button(
            "Close", "Leave the tutorial (Esc); the game goes on", name="tutorial-close"
        )
        row.addWidget(self.close_button)
        row.addStretch(1)
        row.addWidget(self.back)
        row.addWidget(self.next)
        lay.addWidget(self.step_label)
        lay.addWidget(self.title)
        lay.addWidget(self.text)
        lay.addLayout(row)
        self.setFixedWidth(460)


class Tutorial(QObject):
    def __init__(self, window: MainWindow) -> None:
        super().__init__(window)
        self.window = window
        self.index = 0
        self.active = False
        self.spotlight = Spotlight(window)
        self.coach = CoachPanel(window)
        self.coach.hide()
        self.spotlight.hide()
        self.coach.next.clicked.connect(self.next)
        self.coach.back.clicked.connect(self.back)
        self.coach.close_button.clicked.connect(self.close)
        self._esc = QShortcut(QKeySequence("Esc"), window, activated=self.close)
        self._timer = QTimer(self)
        self._timer.setInterval(250)
        self._timer.timeout.connect(self._place)
        window.installEventFilter(self)

    @property
    def step(self) -> Step:
        return STEPS[self.index]

    def begin(self) -> None:
        """Start a fresh solo game of the teaching scenario and show the first step."""
        w = self.window
        scenario = next((e.scenario for e in w.services.scenario_entries() if e.id == SCENARIO), None)
        if scenario is None:
            w.show_error("The teaching scenario is missing from this installation.")
            return
        seats = tuple(
            SeatSetup(d.id, "human" if d.id == SEAT else "bot", None if d.id == SEAT else "pragmatist")
            for d in scenario.delegations
        )
        w.start_game(GameSetup(scenario.id, seats, 7, "solo"))
        self.active = True
        self.index = 0
        w.screen_did_change.connect(self._on_screen)
        w.builder_did_open.connect(self._on_builder)
        if w.controller is not None:
            w.controller.view_did_change.connect(self._on_view)
        self.coach.show()
        self.spotlight.show()
        self._timer.start()
        self._show()

    def close(self) -> None:
        if not self.active:
            return
        self.active = False
        self._timer.stop()
        self.coach.hide()
        self.spotlight.hide()
        self.window.settings.tutorial_done = True

    def next(self) -> None:
        if self.index < len(STEPS) - 1:
            self.index += 1
            self._show()
        else:
            self.close()

    def back(self) -> None:
        if self.index > 0:
            self.index -= 1
            self._show()

    def _show(self) -> None:
        s = self.step
        self.coach.step_label.setText(f"Tutorial · step {self.index + 1} of {len(STEPS)}")
        self.coach.title.setText(s.title)
        self.coach.text.setText(s.text)
        self.coach.next.setVisible(not s.wait)
        self.coach.next.setText("&Finish" if self.index == len(STEPS) - 1 else "&Next ▶")
        self.coach.back.setEnabled(self.index > 0)
        b = self.window.builder
        if b is not None:
            b.coach.setText(s.text if s.wait == "tabled" else "")
            b.coach.setVisible(s.wait == "tabled")
        self._place()

    def _place(self) -> None:
        if not self.active:
            return
        w = self.window
        self.spotlight.setGeometry(w.rect())
        target = self.step.target(w)
        if target is not None and target.isVisible() and target.window() is w:
            top_left = target.mapTo(w, QPoint(0, 0))
            self.spotlight.target = QRect(top_left, target.size())
        else:
            self.spotlight.target = None
        self.spotlight.raise_()
        self.spotlight.update()
        self.coach.adjustSize()
        # Stand clear of what the step talks about, and of the screen's bottom row of buttons.
        margin = 16
        right = self.spotlight.target is None or self.spotlight.target.center().x() < w.width() / 2
        x = w.width() - self.coach.width() - margin if right else margin
        y = w.height() - self.coach.height() - 96
        self.coach.move(x, max(margin, y))
        self.coach.raise_()

    # -- waiting for the player -------------------------------------------------------------------------------------
    def _advance_if(self, condition: str) -> None:
        if self.active and self.step.wait == condition:
            self.next()

    def _on_screen(self, name: str) -> None:
        if name == "table":
            self._advance_if("table")
        self._place()

    def _on_builder(self, builder: Any) -> None:
        self._advance_if("builder")
        self._show()

    def _on_view(self, view: Any) -> None:
        if not self.active:
            return
        if (self.step.wait == "tabled" and any(p.by == view.seat for p in view.proposals)) or (
            self.step.wait == "answered"
            and view.my_turn
            and (view.round >= 2 or any(p.by != view.seat for p in view.proposals))
        ):
            self.next()

    def eventFilter(self, obj: QObject, event: QEvent) -> bool:
        if obj is self.window and event.type() == QEvent.Type.Resize:
            self._place()
        return False
