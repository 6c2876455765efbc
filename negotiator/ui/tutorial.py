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
from negotiator.ui import language, style
from negotiator.ui.language import bind, tr
from negotiator.ui.widgets import button

if TYPE_CHECKING:
    from negotiator.ui.shell import MainWindow

SCENARIO = "water-and-crossings"
SEAT = "israel"


@dataclass(frozen=True)
class Step:
    id: str
    """Its words are the catalogue entries ``tutorial.<id>.title`` and ``tutorial.<id>.text``."""
    target: Callable[[MainWindow], QWidget | None]
    wait: str = ""
    """Empty: Next advances. Otherwise the condition that advances it: "table", "builder", "tabled", "answered"."""

    @property
    def title(self) -> str:
        return tr(f"tutorial.{self.id}.title")

    @property
    def text(self) -> str:
        return tr(f"tutorial.{self.id}.text")


def _dock(name: str) -> Callable[[MainWindow], QWidget | None]:
    return lambda w: w.table.docks[name]


def _find(name: str) -> Callable[[MainWindow], QWidget | None]:
    return lambda w: w.findChild(QWidget, name)


STEPS: tuple[Step, ...] = (
    Step("welcome", lambda w: w.briefing.title),
    Step("brief", _find("confidential-brief")),
    Step("priorities", _find("priorities-chart")),
    Step("walk-away", _find("walk-away-words"), wait="table"),
    Step("board", _dock("issues")),
    Step("map", _dock("map")),
    Step("publics", _dock("publics")),
    Step("history", _dock("history")),
    Step("propose", _find("action-propose"), wait="builder"),
    Step("builder", lambda w: w.builder, wait="tabled"),
    Step("answer", _dock("history"), wait="answered"),
    Step("again", _dock("actions")),
    Step("keep-going", lambda w: w.table.actions_panel.round_label),
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
        self.back = button("", name="tutorial-back")
        bind(self.back, "tutorial.back")
        bind(self.back, "tutorial.back.tip", "setToolTip")
        self.next = button("", primary=True, name="tutorial-next")
        bind(self.next, "tutorial.next.tip", "setToolTip")
        self.close_button = button("", name="tutorial-close")
        bind(self.close_button, "tutorial.close")
        bind(self.close_button, "tutorial.close.tip", "setToolTip")
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
        self._esc = QShortcut(QKeySequence("Esc"), window, self.close)
        self._timer = QTimer(self)
        self._timer.setInterval(250)
        self._timer.timeout.connect(self._place)
        window.installEventFilter(self)
        language.notifier().language_did_change.connect(self._on_language_changed)

    def _on_language_changed(self) -> None:
        if self.active:
            self._show()

    @property
    def step(self) -> Step:
        return STEPS[self.index]

    def begin(self) -> None:
        """Start a fresh solo game of the teaching scenario and show the first step."""
        w = self.window
        scenario = next((e.scenario for e in w.services.scenario_entries() if e.id == SCENARIO), None)
        if scenario is None:
            w.show_error(tr("tutorial.missing"))
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
        self.coach.step_label.setText(tr("tutorial.step", step=self.index + 1, total=len(STEPS)))
        self.coach.title.setText(s.title)
        self.coach.text.setText(s.text)
        self.coach.next.setVisible(not s.wait)
        self.coach.next.setText(tr("tutorial.finish" if self.index == len(STEPS) - 1 else "tutorial.next"))
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
        # adjustSize guesses a wrapped label's height at another width; the panel's width is fixed, so ask for the
        # height its words need at that width (Arabic and Hebrew lines run taller than Latin ones)
        lay = self.coach.layout()
        if lay is not None and lay.hasHeightForWidth():
            self.coach.resize(
                self.coach.width(), max(self.coach.height(), lay.totalHeightForWidth(self.coach.width()))
            )
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
