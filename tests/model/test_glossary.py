"""The translations use the glossary's chosen forms for contested terms and never its avoided ones (docs/glossary.md,
"The forms the test checks"), text by text: where a text's English uses a term, its Hebrew and Arabic use the chosen
form; an avoided form appears only where the English itself uses that side's own word. In a delegation's own voice
(its briefs, red lines, means, interactions and persona overlays: everything under ``delegations.<id>`` but its
title and office) a term with ``own_voice`` forms follows the English name for name: the name the English uses, in
the reader's language, and not the other people's name the English did not write (glossary, "A delegation's own
voice")."""

from __future__ import annotations

import re
import tomllib
from pathlib import Path
from typing import Any

import pytest

from negotiator.model.localise import local_texts
from negotiator.model.registry import get_scenario, scenarios_dir
from negotiator.model.translation import split_translation_name

GLOSSARY = Path(__file__).resolve().parents[2] / "docs" / "glossary.md"
OWN_VOICE = re.compile(r"^delegations\.[^.]+\.(?!title$|office$)")
"""The keys of the texts a delegation speaks in its own voice."""


def terms() -> list[dict[str, Any]]:
    text = GLOSSARY.read_text(encoding="utf-8")
    block = text.split("## The forms the test checks", 1)[1].split("```toml", 1)[1].split("```", 1)[0]
    return list(tomllib.loads(block)["term"])


TRANSLATIONS = sorted(p for p in scenarios_dir().glob("*.toml") if split_translation_name(p))


def shown(path: Path) -> list[tuple[str, str, str, str]]:
    """(key, English, translation, language) of every translated text of a shipped translation file."""
    scenario_file, lang = split_translation_name(path)  # type: ignore[misc]
    local = local_texts(get_scenario(scenario_file.stem), lang)
    flat = " ".join  # line breaks inside a multi-line text are spaces to a reader
    return [(t.path, flat(t.english.split()), flat(s.split()), lang) for t, s, ok in local if ok]


def test_the_glossary_block_reads_and_every_pattern_compiles() -> None:
    found = terms()
    assert {"west-bank", "jerusalem", "temple-mount", "barrier", "1948", "1967-lines", "settlements"} <= {
        t["id"] for t in found
    }
    for t in found:
        for key in ("when", "he", "ar", "unless"):
            if key in t:
                re.compile(t[key])


@pytest.mark.parametrize("path", TRANSLATIONS, ids=lambda p: p.name)
def test_translations_use_the_chosen_forms_and_not_the_avoided_ones(path: Path) -> None:
    wrong: list[str] = []
    for term in terms():
        when = re.compile(term["when"], re.IGNORECASE)
        unless = re.compile(term["unless"], re.IGNORECASE) if "unless" in term else None
        for key, english, text, lang in shown(path):
            if when.search(english):
                wrong.extend(
                    f"{key}: {term['id']}: {w}" for w in form_problems(term, key, english, text, lang)
                )
            if unless is not None and unless.search(english):
                continue
            for avoided in term.get(f"avoid_{lang}", []):
                if avoided in text:
                    wrong.append(f"{key}: {term['id']}: uses the avoided {avoided!r}")
    assert wrong == []


def form_problems(term: dict[str, Any], key: str, english: str, text: str, lang: str) -> list[str]:
    """What is wrong with the form ``text`` gives a term its ``english`` names (the term's ``when`` matched)."""
    if OWN_VOICE.match(key) and "own_voice" in term:
        out = []
        for voice in term["own_voice"]:
            named = re.search(voice["when"], english, re.IGNORECASE) is not None
            found = re.search(voice[lang], text) is not None
            if named and not found:
                out.append(f"the delegation's own voice names it but the {lang} lacks /{voice[lang]}/")
            if found and not named:
                out.append(f"the {lang} adds /{voice[lang]}/, a name the delegation's own voice did not use")
        return out
    if not re.search(term[lang], text):
        return [f"the English names it but the {lang} lacks /{term[lang]}/"]
    return []


def test_own_voice_keeps_the_delegation_s_name_and_the_game_s_voice_gives_both() -> None:
    term = next(t for t in terms() if t["id"] == "temple-mount")
    english = "the Jewish people's tie to the Temple Mount"
    own, game = "delegations.israel.confidential_brief", "issues.holy_sites.description"
    assert form_problems(term, own, english, "הקשר של העם היהודי להר הבית", "he") == []
    assert form_problems(term, own, english, "הקשר של העם היהודי להר הבית / אל-חרם א-שריף", "he")  # added
    assert (
        form_problems(term, own, "the Haram al-Sharif weighs most", "الحرم الشريف له الوزن الأكبر", "ar")
        == []
    )
    assert form_problems(term, own, "the Haram al-Sharif weighs most", "جبل الهيكل له الوزن الأكبر", "ar")
    # In the game's own voice (issues, options, events) both names, whichever the English led with.
    assert form_problems(term, game, english, "הקשר להר הבית", "he")
    assert form_problems(term, game, english, "הקשר להר הבית / אל-חרם א-שריף", "he") == []
    assert not OWN_VOICE.match("delegations.israel.title")


def test_the_check_would_catch_a_side_taking_word() -> None:
    # the same check on made-up texts: a West Bank sentence written with the other name is caught
    term = next(t for t in terms() if t["id"] == "west-bank")
    text = "ההתנחלויות ביהודה ושומרון"
    assert not re.search(term["he"], text)
    assert any(a in text for a in term["avoid_he"])
