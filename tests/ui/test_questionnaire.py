"""The learning questionnaire through the real window: the briefing offers it when the scenario has questions for
before the talks; a student answers some questions and skips others; the answers are saved with the game and come
back out of the class CSV. Skipping saves nothing."""

from __future__ import annotations

import json

from PySide6.QtCore import QTimer

from tests.ui.helpers import Player
from tests.ui.test_solo_game import start_solo


def answer_when_open(player: Player, answers: dict[str, object], accept: bool = True) -> None:
    """Fill the questionnaire once it opens (it is modal: its exec() returns only when it closes)."""

    def fill() -> None:
        dlg = player.w.debriefing.questionnaire_dialog
        if dlg is None or not dlg.isVisible():
            QTimer.singleShot(20, fill)
            return
        for qid, value in answers.items():
            dlg.choose(qid, value)
        (dlg.accept if accept else dlg.reject)()

    QTimer.singleShot(0, fill)


def test_answers_before_the_briefing_are_saved_with_the_game(player: Player) -> None:
    w = player.w
    start_solo(player)
    assert w.briefing.questionnaire.isVisible()
    game_id = w.controller.game.game_id
    answer_when_open(player, {"water-both-accept": 1, "other-side-cares": [0, 1], "deal-exists": 4})
    player.click(w.briefing.questionnaire)
    player.until(lambda: not w.debriefing.questionnaire_dialog.isVisible())
    stored = w.services.storage().load_answers(game_id)
    assert stored == [
        ("israel", "before", "deal-exists", "4"),
        ("israel", "before", "other-side-cares", json.dumps([0, 1]).replace(" ", "")),
        ("israel", "before", "water-both-accept", "1"),
    ]
    # Skipping saves nothing more; answering again replaces the earlier answers of that stage.
    answer_when_open(player, {"deal-exists": 2}, accept=False)
    player.click(w.briefing.questionnaire)
    player.until(lambda: not w.debriefing.questionnaire_dialog.isVisible())
    assert len(w.services.storage().load_answers(game_id)) == 3
    answer_when_open(player, {"deal-exists": 2})
    player.click(w.briefing.questionnaire)
    player.until(lambda: not w.debriefing.questionnaire_dialog.isVisible())
    assert w.services.storage().load_answers(game_id) == [("israel", "before", "deal-exists", "2")]
    # The game goes on as before.
    player.click(w.briefing.ready)
    player.screen("table")
