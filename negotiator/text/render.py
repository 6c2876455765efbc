"""Rendering a message in a language: ``render(message, lang, names)``.

- The words come from the language's catalogue (English where a translation lacks the entry; the message id itself,
  with its arguments, if even English lacks it: shown, never a crash).
- A message with an integer argument ``n`` is a plural entry: the catalogue's plural rule picks the form.
- Placeholders are ``{name}``; ``{name!l}`` asks for the name as it reads mid-sentence (first letter lowered unless
  the first word is an acronym such as UN; a no-op in Hebrew and Arabic, which have no capitals). Format specs work
  on numbers (``{share:.0f}``). Field names are plain words: no attribute or index access into arguments.
- A :class:`~negotiator.text.message.Ref` becomes the scenario's name for it through ``names`` (the scenario's
  titles, later their translations); a nested message is rendered in the same language.
- Every substituted value is wrapped in Unicode first-strong isolates (U+2068 ... U+2069) when the sentence is
  right-to-left or the value holds right-to-left letters, so numbers, ids and Latin names inside a Hebrew or Arabic
  sentence keep their order and do not reorder the words around them.
- A plain string (a person's own words, or an English reason stored by a game saved before messages existed) is
  shown as it is, unless it is an old English bot sentence (:mod:`negotiator.text.legacy`): then it is shown
  translated.
"""

from __future__ import annotations

import string
import unicodedata
from collections.abc import Mapping, Sequence
from typing import Any, Protocol

from negotiator.text.catalogue import LANGUAGES, RTL, SOURCE, catalogue
from negotiator.text.legacy import recognise
from negotiator.text.message import _NAME, Message, Ref, TextError

FSI = "\u2068"
PDI = "\u2069"


class Names(Protocol):
    """What a ref is called in a language (a scenario's titles)."""

    def name(self, ref: Ref, lang: str) -> str: ...


def isolate(text: str) -> str:
    return f"{FSI}{text}{PDI}"


def has_rtl(text: str) -> bool:
    return any(unicodedata.bidirectional(ch) in ("R", "AL") for ch in text)


def mid_sentence(text: str) -> str:
    """A title as it reads inside a sentence: ``Water allocation`` -> ``water allocation``; ``UN force`` stays."""
    first = text.split(" ", 1)[0]
    if len(first) > 1 and first.isupper():
        return text
    return text[:1].lower() + text[1:]


class _Formatter(string.Formatter):
    def __init__(self, rtl: bool) -> None:
        self.rtl = rtl

    def get_field(self, field_name: str, args: Sequence[Any], kwargs: Mapping[str, Any]) -> Any:
        if not _NAME.match(field_name):
            raise TextError(f"placeholder {{{field_name}}}: only plain argument names")
        return kwargs[field_name], field_name

    def convert_field(self, value: Any, conversion: str | None) -> Any:
        if conversion == "l":
            return mid_sentence(value) if isinstance(value, str) else value
        if conversion is None:
            return value
        raise TextError(f"conversion !{conversion}: only !l (mid-sentence) is known")

    def format_field(self, value: Any, format_spec: str) -> str:
        text = format(value, format_spec)
        return isolate(text) if self.rtl or has_rtl(text) else text


def render(message: Message | str, lang: str = SOURCE, names: Names | None = None) -> str:
    """The message in ``lang`` (an unknown language renders in English)."""
    if lang not in LANGUAGES:
        lang = SOURCE
    if isinstance(message, str):
        legacy = recognise(message, names) if lang != SOURCE and message else None
        return message if legacy is None else render(legacy, lang, names)
    try:
        return _render(message, lang, names)
    except (KeyError, IndexError, ValueError, TypeError):  # a broken translation: the English still reads
        if lang != SOURCE:
            try:
                return _render(message, SOURCE, names)
            except (KeyError, IndexError, ValueError, TypeError):
                pass
        return _raw(message)


def _render(message: Message, lang: str, names: Names | None) -> str:
    cat = catalogue(lang)
    n = message.get("n")
    if isinstance(n, int) and not isinstance(n, bool):
        template = cat.ngettext(message.id, message.id, n)
    else:
        template = cat.gettext(message.id)
    if template == message.id:
        return _raw(message)
    values = {k: _value(v, lang, names) for k, v in message.args}
    return _Formatter(lang in RTL).vformat(template, (), values)


def _value(value: object, lang: str, names: Names | None) -> object:
    if isinstance(value, Message):
        return render(value, lang, names)
    if isinstance(value, str) and lang != SOURCE:
        return render(value, lang, names)  # an old save's English reason inside a line of the record
    if isinstance(value, Ref):
        if names is not None:
            try:
                return names.name(value, lang)
            except KeyError:
                pass
        return value.ids[-1]
    return value


def _raw(message: Message) -> str:
    """An entry no catalogue holds: its id and arguments, so the reader sees something true."""
    args = ", ".join(f"{k}={v.ids[-1] if isinstance(v, Ref) else v}" for k, v in message.args)
    return f"[{message.id}{': ' + args if args else ''}]"
