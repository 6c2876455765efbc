"""The language of what a command prints for a trainer (and of the files it writes): ``--lang``, else the system's.

``--lang en|he|ar`` on a command; without it ``NEGOTIATOR_LANG``, then the system's language (``LANGUAGE``,
``LC_ALL``, ``LC_MESSAGES``, ``LANG``, as gettext reads them) when it is one of the game's, else English. Messages
come from the same catalogues as the window (``cli.*`` entries), numbers and paths in Unicode isolates inside a
Hebrew or Arabic line. Machine-readable output (``--json``, CSV columns) stays in English ids on purpose.
"""

from __future__ import annotations

import argparse
import inspect
import os
from collections.abc import Mapping
from typing import Any

from negotiator.model.errors import NegotiatorError
from negotiator.model.names import ScenarioNames
from negotiator.model.schema import Scenario
from negotiator.text import LANGUAGES, SOURCE, Message, Ref, entries, render


def add_lang_arg(p: argparse.ArgumentParser, what: str = "its messages") -> None:
    p.add_argument(
        "--lang",
        choices=LANGUAGES,
        help=f"the language of {what} (default: NEGOTIATOR_LANG, else the system's language when it is en, he or "
        "ar, else en)",
    )


def system_language(env: Mapping[str, str] | None = None) -> str:
    """``NEGOTIATOR_LANG``, else the first of the game's languages the locale variables name, else English."""
    env = os.environ if env is None else env
    chosen = env.get("NEGOTIATOR_LANG", "")
    if chosen in LANGUAGES:
        return chosen
    for var in ("LANGUAGE", "LC_ALL", "LC_MESSAGES", "LANG"):
        value = env.get(var, "")
        if not value:
            continue
        for part in value.split(":"):  # LANGUAGE is a list: "he:en"
            code = part.split(".")[0].split("_")[0].split("@")[0].lower()
            code = "he" if code == "iw" else code
            if code in LANGUAGES:
                return code
        if var != "LANGUAGE":
            return SOURCE  # the first set variable of LC_ALL, LC_MESSAGES, LANG decides, as in gettext
    return SOURCE


def cli_language(args: argparse.Namespace) -> str:
    lang = getattr(args, "lang", None)
    return lang if lang in LANGUAGES else system_language()


def say(lang: str, msgid: str, **args: Any) -> str:
    """The catalogue entry ``msgid`` in ``lang``; arguments sit in isolates in a right-to-left line."""
    return render(Message.of(msgid, **args), lang)


def called(names: ScenarioNames | None, lang: str, ref: Ref, fallback: str) -> str:
    """What a scenario calls ``ref`` in Hebrew or Arabic; in English (and for a ref it lacks) the id, as printed
    before: an English table names its delegations, issues and options by the ids a trainer types."""
    if names is None or lang == SOURCE:
        return fallback
    try:
        return names.name(ref, lang)
    except KeyError:
        return fallback


def package_called(scenario: Scenario, lang: str, package_id: str) -> str:
    """A reference package by its title in Hebrew or Arabic (the English title where the translation lacks it); in
    English, and for a package file rather than one of the scenario's packages, what the trainer typed."""
    if lang == SOURCE:
        return package_id
    for p in scenario.packages:
        if p.id == package_id:
            return scenario.texts.text(f"packages.{p.id}.title", lang) or p.title
    return package_id


def paradigm_called(lang: str, paradigm: str) -> str:
    """A paradigm (separation, confederation...) by the catalogue's ``paradigm.<id>`` in Hebrew or Arabic; its id in
    English, as printed before."""
    if lang == SOURCE or f"paradigm.{paradigm}" not in entries(lang):
        return paradigm
    return say(lang, f"paradigm.{paradigm}")


def error_lines(exc: NegotiatorError, lang: str) -> list[str]:
    """The error's lines in ``lang``: a problem list line by line (:meth:`ProblemsError.lines`), an error raised as a
    catalogue message in the language (:meth:`NegotiatorError.said_in`), any other in the English it was raised with."""
    lines = getattr(exc, "lines", None)
    if lines is None:
        return [exc.said_in(lang)]
    if "lang" in inspect.signature(lines).parameters:
        return [str(line) for line in lines(lang)]
    return [str(line) for line in lines()]
