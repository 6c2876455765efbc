"""The message catalogues are complete and consistent: every id the code can emit has an English entry, every
translation uses the same placeholders, plural entries have every form their language needs, and each file's plural
rule picks the same forms as the CLDR rules for that language."""

from __future__ import annotations

import ast
import gettext
import re
import string
from pathlib import Path

import pytest
from babel.core import Locale
from babel.messages.plurals import get_plural

import negotiator
from negotiator.game.commands import SIDE_TERM_KINDS, TONES
from negotiator.game.sentences import OUTCOMES, VOTES, entry_message
from negotiator.game.statements import STATEMENTS
from negotiator.model.maptags import ELEMENTS
from negotiator.text import LANGUAGES, SOURCE, Message, entries, render
from negotiator.text.catalogue import read_catalogue

CODE = Path(negotiator.__file__).parent
ENTRY_KINDS = (
    "table-proposal",
    "counter-propose",
    "accept",
    "reject",
    "statement",
    "offer-side-terms",
    "ask-mediator",
    "ask-mediator-note",
    "private-message",
    "walk-out",
    "end-turn",
    "sign",
    "event",
    "ratification",
    "outcome",
)
CLDR_ORDER = ("zero", "one", "two", "few", "many", "other")


def literal_ids() -> set[str]:
    """Message ids written as literals in the code: ``Message("x")``, ``Message.of("x", ...)``, ``said("x")``,
    ``pledge("x", ...)``, and ``"a" if c else "b"`` in those places."""
    found: set[str] = set()

    def strings(node: ast.expr) -> list[str]:
        if isinstance(node, ast.Constant) and isinstance(node.value, str):
            return [node.value]
        if isinstance(node, ast.IfExp):
            return strings(node.body) + strings(node.orelse)
        return []

    for path in CODE.rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if not isinstance(node, ast.Call) or not node.args:
                continue
            f = node.func
            name = f.attr if isinstance(f, ast.Attribute) else f.id if isinstance(f, ast.Name) else ""
            owner = f.value.id if isinstance(f, ast.Attribute) and isinstance(f.value, ast.Name) else ""
            if name == "Message" or (name == "of" and owner == "Message") or name in ("said", "pledge", "tr"):
                found.update(strings(node.args[0]))
            elif (
                name == "bind" and len(node.args) >= 2
            ):  # the window's words: bind(widget, "start.title", ...)
                found.update(strings(node.args[1]))
    return found


def emitted_ids() -> set[str]:
    """Every id the code can emit: the literals plus the families built from a game's vocabulary."""
    ids = literal_ids()
    ids |= {s.message.id for s in STATEMENTS}
    ids |= {f"tone.{t}" for t in TONES}
    ids |= {f"outcome.{o}" for o in OUTCOMES}
    ids |= {f"vote.{v}" for v in (*VOTES, "passed", "failed")}
    ids |= {f"side-terms.{k}" for k in SIDE_TERM_KINDS}
    ids |= {f"kind.{k}" for k in (*ENTRY_KINDS, "poll")}
    ids |= {f"map.{element}.{level}" for element, levels in ELEMENTS.items() for level in levels}
    ids |= {
        f"map.head.{h}" for h in ("border", "swaps", "settlements", "jordan-valley", "jerusalem", "old-city")
    }
    ids |= ui_family_ids()
    for kind in ENTRY_KINDS:
        for ref in ("", "p1") if kind != "outcome" else OUTCOMES:
            ids |= nested_ids(entry_message(kind, "israel", ref, ""))
    return ids


def ui_family_ids() -> set[str]:
    """The window's entries built from a vocabulary (``tr(f"persona.{p}")``)."""
    try:
        from negotiator.ui.start import DIFFICULTIES, PERSONAS
    except ImportError:  # the headless job runs without Qt: the window's words are checked where Qt is
        return set()
    ids = {f"persona.{p}" for p in PERSONAS} | {f"persona.{p}.help" for p in PERSONAS}
    ids |= {f"difficulty.{d}" for d in DIFFICULTIES}
    ids |= {f"role.{r}" for r in ("principal", "mediator", "third-party")}
    ids |= {f"phase.{p}" for p in ("briefing", "rounds", "signature", "ratification", "outcome")}
    ids |= {
        f"start.{b}.tip"
        for b in ("continue", "load", "tutorial", "edit", "host", "join", "settings", "about")
    }
    return ids


def nested_ids(m: Message) -> set[str]:
    out = {m.id}
    for _, v in m.args:
        if isinstance(v, Message):
            out |= nested_ids(v)
    return out


def placeholders(text: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(text) if name is not None}


def forms(text: str | tuple[str, ...]) -> tuple[str, ...]:
    return text if isinstance(text, tuple) else (text,)


def test_the_scan_finds_the_windows_words() -> None:
    ids = literal_ids()
    assert {"menu.game", "start.begin", "settings.scale", "status.round"} <= ids


def test_the_scan_finds_the_bot_reasons() -> None:
    ids = literal_ids()
    assert {
        "bot.delegation.ready",
        "bot.mediator.pledge-funds",
        "bot.trade.give-and-hold",
        "log.with-reason",
    } <= ids


def test_every_emitted_id_has_an_english_entry() -> None:
    english = entries(SOURCE)
    missing = sorted(emitted_ids() - set(english))
    assert not missing, f"add these to assets/locale/en.po: {missing}"


@pytest.mark.parametrize("lang", LANGUAGES)
def test_placeholders_match_english(lang: str) -> None:
    english = entries(SOURCE)
    for mid, text in entries(lang).items():
        assert mid in english, f"{lang}.po translates {mid!r}, which en.po does not have"
        want = set().union(*(placeholders(t) for t in forms(english[mid])))
        for form in forms(text):
            got = placeholders(form)
            assert all(re.fullmatch(r"[a-z_][a-z0-9_]*", g) for g in got), (lang, mid, got)
            assert got <= want, f"{lang}.po {mid}: unknown placeholder(s) {sorted(got - want)}"
            # a plural form may leave out the count ("one entry"), never anything else
            assert want - {"n"} <= got, (
                f"{lang}.po {mid}: missing placeholder(s) {sorted(want - {'n'} - got)}"
            )
        assert isinstance(text, tuple) == isinstance(english[mid], tuple), f"{lang}.po {mid}: plural or not"


@pytest.mark.parametrize("lang", LANGUAGES)
def test_plural_header_is_the_cldr_rule(lang: str) -> None:
    cat = read_catalogue(lang)
    rule = get_plural(lang)
    assert cat.num_plurals == rule.num_plurals
    assert cat.plural_expr.replace(" ", "") == rule.plural_expr.replace(" ", "")
    pick = gettext.c2py(cat.plural_expr)
    tags = [t for t in CLDR_ORDER if t in Locale.parse(lang).plural_form.tags or t == "other"]
    seen: dict[str, int] = {}
    for n in range(0, 1001):
        category = Locale.parse(lang).plural_form(n)
        index = pick(n)
        assert seen.setdefault(category, index) == index, (lang, n, category, index)
    assert sorted(seen.values()) == list(range(rule.num_plurals)) == list(range(len(tags)))


@pytest.mark.parametrize("lang", LANGUAGES)
def test_plural_entries_have_every_form(lang: str) -> None:
    n = read_catalogue(lang).num_plurals
    for mid, text in entries(lang).items():
        if isinstance(text, tuple):
            assert len(text) == n and all(text), f"{lang}.po {mid}: needs {n} non-empty forms"


def test_arabic_has_six_forms_and_picks_each() -> None:
    assert read_catalogue("ar").num_plurals == 6
    words = {render(Message.of("history.count", n=n), "ar") for n in (0, 1, 2, 3, 11, 100)}
    assert len(words) == 6, words


@pytest.mark.parametrize("lang", [lang for lang in LANGUAGES if lang != SOURCE])
def test_every_english_entry_is_translated(lang: str) -> None:
    missing = sorted(set(entries(SOURCE)) - set(entries(lang)))
    assert not missing, f"translate these in assets/locale/{lang}.po: {missing}"


SCRIPTS = {"he": range(0x0590, 0x0600), "ar": range(0x0600, 0x0700)}


@pytest.mark.parametrize("lang", sorted(SCRIPTS))
def test_no_translation_is_the_english_left_in_place(lang: str) -> None:
    """`pybabel update -i en.po` copies a new entry's English into the translation: an entry with words outside its
    placeholders and markup must have words in its own script (an entry of only placeholders and punctuation, such
    as "{who}: {kind}", needs none)."""
    copied = []
    for mid, text in entries(lang).items():
        for form in forms(text):
            words = re.sub(r"\{[^}]*\}|<[^>]*>", "", form)
            if re.search("[A-Za-z]{2,}", words) and not any(ord(c) in SCRIPTS[lang] for c in words):
                copied.append(mid)
    assert not copied, f"{lang}.po: still English, translate: {sorted(set(copied))}"
