"""The load dialog: saved games, most recent first, with scenario, seats, round and whether the game is over.

:func:`entry_lines` writes a save's two lines in the window's language from what the listing holds (the scenario's
id, the mode, the seats summary the session stores, its progress), so a list of games saved in English reads in
Hebrew or Arabic: scenario titles and delegation names from the scenario's translations, the rest from the catalogues.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QListWidget, QListWidgetItem, QVBoxLayout, QWidget

from negotiator.game.sentences import OUTCOMES, outcome_message
from negotiator.text import delegation
from negotiator.ui import words
from negotiator.ui.language import tr
from negotiator.ui.ports import SaveEntry
from negotiator.ui.widgets import para


class LoadDialog(QDialog):
    def __init__(
        self, saves: list[SaveEntry], where: str, problem: str = "", parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setObjectName("load-dialog")
        self.setWindowTitle(tr("load.title"))
        lay = QVBoxLayout(self)
        lay.addWidget(para(tr("load.where", where=where), role="muted"))
        if problem:
            lay.addWidget(para(problem))
        self.list = QListWidget()
        self.list.setObjectName("saves")
        self.list.setWordWrap(True)
        for s in saves:
            item = QListWidgetItem(f"{s.title}\n{s.detail}")
            item.setData(Qt.ItemDataRole.UserRole, s.game_id)
            item.setToolTip(tr("load.game", ref=s.game_id))
            self.list.addItem(item)
        if not saves:
            lay.addWidget(para(tr("load.none")))
        self.list.setCurrentRow(0)
        self.list.itemActivated.connect(lambda _i: self.accept())
        lay.addWidget(self.list, 1)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Open | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        buttons.button(QDialogButtonBox.StandardButton.Open).setEnabled(bool(saves))
        lay.addWidget(buttons)
        self.resize(640, 460)

    def chosen(self) -> str | None:
        item = self.list.currentItem()
        return str(item.data(Qt.ItemDataRole.UserRole)) if item else None


def progress_words(round_: int, phase: str, finished: bool, outcome: str | None) -> str:
    """``finished (ratified)`` or ``round 3, rounds`` in the window's language."""
    if finished:
        result = words.say(outcome_message(outcome)) if outcome in OUTCOMES else (outcome or "")
        return tr("load.finished", outcome=result)
    phase_words = tr(f"phase.{phase}") if phase in PHASES else phase
    return tr("load.round", round=round_, phase=phase_words)


PHASES = ("briefing", "rounds", "signature", "ratification", "outcome")
MODES = ("solo", "hotseat", "ai")


def seats_words(scenario: Any | None, seats: str) -> str:
    """The seats summary a session stores (``israel: human · palestine: bot (pragmatist)``) in the window's
    language; a summary in another shape is shown as it is."""
    out = []
    for part in seats.split(" · "):
        seat, sep, who = part.partition(": ")
        if not sep:
            return seats
        name = words.name(scenario, delegation(seat)) if scenario is not None else seat
        if who == "human":
            out.append(tr("report.seat.person", delegation=name))
        elif who.startswith("bot (") and who.endswith(")"):
            persona = who[5:-1]
            shown = tr(f"persona.{persona}") if persona != "default" else tr("report.persona.default")
            out.append(tr("report.seat.ai", delegation=name, persona=shown))
        else:
            return seats
    return tr("report.dot").join(out)


def entry_lines(
    scenario: Any | None,
    scenario_id: str,
    mode: str,
    seats: str,
    progress: Any,
    updated: datetime | None,
) -> tuple[str, str]:
    """(title line, detail line) of a save; ``updated`` None for a game only in memory (said so, loudly)."""
    title = (
        words.text(scenario, "scenario.title", scenario.scenario.title)
        if scenario is not None
        else scenario_id
    )
    mode_words = tr(f"load.mode.{mode}") if mode in MODES else mode
    state = progress_words(progress.round, progress.phase, progress.finished, progress.outcome)
    first = tr("load.entry.title", scenario=title, mode=mode_words)
    if updated is None:
        return first, tr("load.entry.unsaved", state=state)
    when = updated.strftime("%Y-%m-%d %H:%M")
    return first, tr("load.entry.detail", seats=seats_words(scenario, seats), state=state, when=when)
