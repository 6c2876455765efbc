"""``--help`` and argparse's own words in the reader's language (issue 14).

argparse builds its help before ``--lang`` is parsed, so the language is read first from the command line itself
(``--lang X`` or ``--lang=X`` anywhere in it), else ``NEGOTIATOR_LANG``, else the system's language
(:func:`negotiator.cli.language.system_language`). In English nothing here runs: the help is the code's own text.

In Hebrew and Arabic the built parser is walked and every description and flag's help is replaced by its catalogue
entry: ``cli.help.<command>`` (the command's description and its line in the list), ``cli.help.<command>.<flag>``
(``cli.help.poll.sample``; a sub-command's path is dotted: ``cli.help.saves.list.db``), else ``cli.help.any.<flag>``
for a flag many commands share with the same words. The English entry is a template of the code's text: its
placeholders (``{ids}``, ``{default}``) are read back from the code's help as argparse shows it, so a default or a
list of ids is never written twice, and a help whose words changed in the code (the template no longer matches)
stays English rather than showing a stale translation (a test names it). Metavars, flags and choices stay as typed.

argparse's own words ("usage:", "options:", "invalid choice: ...") come from ``cli.argparse.*`` entries through its
``gettext`` hooks (the module's ``_`` and ``ngettext``), swapped in only while the parser is built and run.
"""

from __future__ import annotations

import argparse
import re
from collections.abc import Callable, Iterator, Mapping, Sequence
from contextlib import contextmanager

from negotiator.cli.language import system_language
from negotiator.text import LANGUAGES, SOURCE, Message, entries, render

ARGPARSE_WORDS: dict[str, tuple[str, dict[str, str]]] = {
    "usage: ": ("cli.argparse.usage", {}),
    "positional arguments": ("cli.argparse.positionals", {}),
    "options": ("cli.argparse.options", {}),
    "show this help message and exit": ("cli.argparse.help", {}),
    "%(prog)s: error: %(message)s\n": ("cli.argparse.error", {"prog": "%(prog)s", "message": "%(message)s"}),
    "argument %(argument_name)s: %(message)s": (
        "cli.argparse.argument",
        {"argument": "%(argument_name)s", "message": "%(message)s"},
    ),
    "invalid choice: %(value)r (choose from %(choices)s)": (
        "cli.argparse.invalid-choice",
        {"value": "%(value)r", "choices": "%(choices)s"},
    ),
    "invalid %(type)s value: %(value)r": (
        "cli.argparse.invalid-value",
        {"type": "%(type)s", "value": "%(value)r"},
    ),
    "the following arguments are required: %s": ("cli.argparse.required", {"names": "%s"}),
    "one of the arguments %s is required": ("cli.argparse.one-required", {"names": "%s"}),
    "unrecognized arguments: %s": ("cli.argparse.unrecognized", {"names": "%s"}),
    "not allowed with argument %s": ("cli.argparse.not-allowed", {"name": "%s"}),
    "ignored explicit argument %r": ("cli.argparse.ignored", {"value": "%r"}),
    "expected one argument": ("cli.argparse.expected-one", {}),
    "expected at most one argument": ("cli.argparse.expected-at-most-one", {}),
    "expected at least one argument": ("cli.argparse.expected-at-least-one", {}),
    "ambiguous option: %(option)s could match %(matches)s": (
        "cli.argparse.ambiguous",
        {"option": "%(option)s", "matches": "%(matches)s"},
    ),
}
"""argparse's English words (its gettext msgids in Python 3.11-3.12) -> our entry and, for each placeholder of the
entry, the %-spec argparse fills in afterwards."""


def help_language(argv: Sequence[str], env: Mapping[str, str] | None = None) -> str:
    """The language of ``--help`` and of argparse's errors: a ``--lang`` on the command line, else the system's."""
    for k, arg in enumerate(argv):
        if arg == "--":
            break
        value = argv[k + 1] if arg == "--lang" and k + 1 < len(argv) else None
        if arg.startswith("--lang="):
            value = arg.split("=", 1)[1]
        if value in LANGUAGES:
            return value
    return system_language(env)


def _percent_template(msgid: str, specs: Mapping[str, str], lang: str) -> str:
    """The entry rendered as a %-template for argparse: every literal ``%`` doubled, the placeholders its specs."""
    marks = {name: f"\x00{k}\x00" for k, name in enumerate(specs)}
    text = render(Message.of(msgid, **marks), lang).replace("%", "%%")
    for name, mark in marks.items():
        text = text.replace(mark, specs[name])
    return text


@contextmanager
def argparse_words(lang: str) -> Iterator[None]:
    """argparse speaks ``lang`` inside the block (its ``_`` hook); nothing changes in English. (Its one plural,
    "expected N arguments", needs a flag taking a fixed count above one: no command has one.)"""
    if lang == SOURCE or lang not in LANGUAGES:
        yield
        return
    known = entries(lang)

    def gettext(text: str) -> str:
        found = ARGPARSE_WORDS.get(text)
        if found is None or found[0] not in known:
            return text
        return _percent_template(found[0], found[1], lang)

    saved: Callable[[str], str] = argparse._  # type: ignore[attr-defined]
    argparse._ = gettext  # type: ignore[attr-defined]
    try:
        yield
    finally:
        argparse._ = saved  # type: ignore[attr-defined]


def shown_help(parser: argparse.ArgumentParser, action: argparse.Action) -> str:
    """An action's help as argparse prints it (``%(default)s`` filled in, ``%%`` a single ``%``)."""
    return parser._get_formatter()._expand_help(action)  # type: ignore[attr-defined, no-any-return]


def _pattern(template: str) -> re.Pattern[str]:
    """A regular expression matching the English entry's text with any value in each placeholder."""
    out, pos = [], 0
    for m in re.finditer(r"\{([a-z_][a-z0-9_]*)\}", template):
        out.append(re.escape(template[pos : m.start()]))
        out.append(f"(?P<{m.group(1)}>.+?)")
        pos = m.end()
    out.append(re.escape(template[pos:]))
    return re.compile("".join(out), re.DOTALL)


def translated(keys: Sequence[str], english: str, lang: str) -> str | None:
    """The first of ``keys`` whose English entry matches ``english``, rendered in ``lang`` with the values the
    English holds in its placeholders; ``None`` when none matches (or ``lang`` lacks the entry)."""
    source, local = entries(SOURCE), entries(lang)
    for key in keys:
        template = source.get(key)
        if not isinstance(template, str) or key not in local:
            continue
        m = _pattern(template).fullmatch(english)
        if m is not None:
            return render(Message.of(key, **m.groupdict()), lang)
    return None


def flag_name(action: argparse.Action) -> str:
    """``--respect-red-lines`` -> ``respect-red-lines``; a positional by its dest."""
    if not action.option_strings:
        return action.dest
    return max(action.option_strings, key=len).lstrip("-")


def help_keys(path: str, action: argparse.Action) -> list[str]:
    name = flag_name(action)
    return [f"cli.help.{path}.{name}", f"cli.help.any.{name}"]


def walk(
    parser: argparse.ArgumentParser, path: str = "negotiator"
) -> Iterator[tuple[argparse.ArgumentParser, str, argparse.Action | None, list[str]]]:
    """Every text of ``parser`` and its sub-commands' parsers that a catalogue entry can replace: ``(parser, path,
    action, keys)``, action ``None`` for the parser's description. argparse's -h is translated as one of its words."""
    yield parser, path, None, [f"cli.help.{path}"]
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            for choice in action._choices_actions:
                sub_path = choice.dest if path == "negotiator" else f"{path}.{choice.dest}"
                yield parser, sub_path, choice, [f"cli.help.{sub_path}"]
            for name, sub in action.choices.items():
                yield from walk(sub, name if path == "negotiator" else f"{path}.{name}")
            continue
        if isinstance(action, argparse._HelpAction) or action.help in (None, argparse.SUPPRESS):
            continue
        yield parser, path, action, help_keys(path, action)


def translate_parser(parser: argparse.ArgumentParser, lang: str) -> list[str]:
    """Replace every description and help of ``parser`` (and its sub-commands) by its ``lang`` entry; returns the
    keys of texts left in English (no entry matched)."""
    if lang == SOURCE:
        return []
    missed: list[str] = []
    for owner, _path, action, keys in walk(parser):
        if action is None:
            english = owner.description
            if not english:
                continue
            text = translated(keys, english, lang)
            if text is None:
                missed.append(keys[0])
            else:
                owner.description = text
            continue
        english = shown_help(owner, action)
        text = translated(keys, english, lang)
        if text is None:
            missed.append(keys[0])
        else:
            action.help = text.replace("%", "%%")
    return missed
