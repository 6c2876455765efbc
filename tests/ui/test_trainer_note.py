"""The start screen shows a scenario's trainer's note (learning goals, timing, debrief questions) under its
description, and nothing of the kind for a scenario without one."""

from __future__ import annotations

from negotiator.model.registry import get_scenario
from negotiator.ui.start import NewGamePanel, ScenarioEntry
from tests.scenarios.library import LIBRARY as WITH_NOTE


def test_the_trainer_note_is_shown_with_the_scenario_description(qtbot) -> None:  # type: ignore[no-untyped-def]
    ids = [*WITH_NOTE, "water-and-crossings"]
    panel = NewGamePanel([ScenarioEntry(sid, get_scenario(sid)) for sid in ids])
    qtbot.addWidget(panel)
    for sid in WITH_NOTE:
        panel.select_scenario(sid)
        shown = " ".join(panel.description.toPlainText().split())
        note = get_scenario(sid).scenario.trainer_note
        assert note is not None
        assert "For the trainer" in shown
        first = " ".join(note.split("\n\n")[0].split())[:80]
        assert first in shown
    panel.select_scenario("water-and-crossings")
    assert get_scenario("water-and-crossings").scenario.trainer_note is None
    assert "For the trainer" not in panel.description.toPlainText()
