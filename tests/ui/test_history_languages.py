"""The history panel renders the same record in English, Hebrew and Arabic (the record holds ids, not words)."""

from __future__ import annotations

import pytest

from negotiator.ai.simulate import play_ai_game
from negotiator.game.setup import default_setup
from negotiator.game.views import view_for
from negotiator.model.public import PublicScenario
from negotiator.model.registry import get_scenario
from negotiator.text import FSI
from negotiator.ui.table.history import HistoryLog

pytestmark = pytest.mark.gui

LETTERS = {"he": range(0x0590, 0x0600), "ar": range(0x0600, 0x0700)}


def test_the_panel_shows_the_record_in_the_chosen_language(qtbot) -> None:  # type: ignore[no-untyped-def]
    sc = get_scenario("water-and-crossings")
    game = play_ai_game(
        sc, default_setup(sc, seed=4, personas={"israel": "hard-liner", "palestine": "reciprocator"})
    )
    view = view_for(game.final_state, "israel")
    panel = HistoryLog()
    qtbot.addWidget(panel)
    panel.show_view(PublicScenario.of(sc), view)
    english = panel.visible_texts()
    assert any("We have studied our brief" in t for t in english)
    assert panel.count.text().endswith("entries")
    for lang, letters in LETTERS.items():
        panel.set_language(lang)
        assert any(ord(c) in letters for c in panel.search.placeholderText())
        panel.show_view(PublicScenario.of(sc), view)
        lines = panel.visible_texts()
        assert len(lines) == len(english)
        assert all(any(ord(c) in letters for c in t) for t in lines), lines[:3]
        assert any(FSI in t for t in lines)  # names and ids sit in isolates inside the right-to-left lines
        assert any(ord(c) in letters for c in panel.count.text())
