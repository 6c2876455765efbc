"""The load dialog's entries and the debrief charts' markers in Hebrew and Arabic (issue 14): a game saved in English
is listed in the window's language (scenario title, mode, seats, progress, 'last played'), and the dance chart's round
markers and the opinion chart's verdict tick follow the language."""

from __future__ import annotations

import re
from datetime import datetime
from types import SimpleNamespace

import pytest

from negotiator.model.registry import get_scenario
from negotiator.ui import words
from negotiator.ui.debrief import round_list
from negotiator.ui.load import entry_lines
from negotiator.ui.report import in_language

SEATS = "israel: human · palestine: bot (pragmatist)"
"""What a session stores for its seats (negotiator.session.session.seats_summary): ids and English words."""


def latin(text: str) -> list[str]:
    return re.findall(r"[A-Za-z]{2,}", text)


@pytest.mark.parametrize("lang", ["he", "ar"])
def test_a_save_reads_in_the_window_language(lang: str) -> None:
    scenario = get_scenario("water-and-crossings")
    playing = SimpleNamespace(round=3, phase="rounds", finished=False, outcome=None)
    done = SimpleNamespace(round=8, phase="outcome", finished=True, outcome="ratified")
    when = datetime(2026, 12, 3, 17, 5)
    with in_language(lang):
        title, detail = entry_lines(scenario, scenario.id, "solo", SEATS, playing, when)
        _, finished = entry_lines(scenario, scenario.id, "hotseat", SEATS, done, when)
        _, unsaved = entry_lines(scenario, scenario.id, "solo", "", playing, None)
        markers = round_list([5, 1, 2, 3])
    for line in (title, detail, finished):
        assert latin(line) == [], line
    assert latin(unsaved) == ["Negotiator"]  # the game's name, nothing else
    assert "2026-12-03 17:05" in detail and "\u2068" in detail  # numbers isolated in a right-to-left line
    assert latin(markers) == [] and "5" in markers
    assert words.current() == "en"


def test_english_entries_and_markers_read_as_before() -> None:
    scenario = get_scenario("water-and-crossings")
    playing = SimpleNamespace(round=3, phase="rounds", finished=False, outcome=None)
    title, detail = entry_lines(scenario, scenario.id, "solo", SEATS, playing, datetime(2026, 12, 3, 17, 5))
    assert title == f"{scenario.scenario.title} · solo"
    assert detail == (
        "Israeli delegation: person · Palestinian delegation: AI pragmatist · round 3, rounds · last played "
        "2026-12-03 17:05"
    )
    assert round_list([5, 1, 2, 3]) == "r1-3, r5"
    # A seats summary in an unknown shape is shown as stored, never dropped.
    _, odd = entry_lines(scenario, scenario.id, "solo", "someone", playing, datetime(2026, 1, 1))
    assert odd.startswith("someone · ")
