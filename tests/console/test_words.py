"""The console's names for personas and paradigms come from the catalogue, in the console's language."""

from __future__ import annotations

import pytest

from negotiator.model.paradigm import LABELS
from negotiator.ui.console.setup import PERSONAS
from negotiator.ui.console.words import paradigm_words, persona_words


@pytest.mark.parametrize("lang", ["he", "ar"])
def test_persona_and_paradigm_names_are_in_the_consoles_language(lang: str) -> None:
    for p in PERSONAS:
        words = persona_words(p, lang)
        assert words not in (p, persona_words(p, "en")) and any("\u0590" <= ch <= "\u06ff" for ch in words)
    for pid, label in LABELS.items():
        assert paradigm_words(pid, "en") == label
        words = paradigm_words(pid, lang)
        assert words != label and any("\u0590" <= ch <= "\u06ff" for ch in words)


def test_an_unknown_name_stays_as_it_is() -> None:
    assert persona_words("someone-new", "he") == "someone-new"
    assert paradigm_words(None, "ar") == "—"
