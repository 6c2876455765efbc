"""The window's current language and the words it shows, without Qt: what :mod:`negotiator.ui.viewmodel` and the
other Qt-free readings of a view use, and what :mod:`negotiator.ui.language` (the Qt side) switches.

- :func:`tr` renders a catalogue entry in the current language; :func:`say` a stored message.
- :func:`name` is what the scenario calls an issue, option, delegation, event or public in the current language;
  :func:`text` is one of its longer texts (a summary, a brief) in that language. Both go through the scenario's own
  translations (``scenario.texts``, :mod:`negotiator.model.localise`), English where a text is not translated.
- ``xx-long`` (:mod:`negotiator.text.pseudo`) reads English made 40% longer.

One current language per process: in a class each student's window renders in its own.
"""

from __future__ import annotations

from typing import Any

from negotiator.text import LANGUAGES, RTL, SOURCE, Message, Names, Ref, isolate, render
from negotiator.text.pseudo import PSEUDO, lengthen
from negotiator.text.scenario import scenario_text

CHOICES: tuple[str, ...] = (*LANGUAGES, PSEUDO)


class _State:
    lang: str = SOURCE


def current() -> str:
    return _State.lang


def set_current(lang: str) -> None:
    if lang not in CHOICES:
        raise ValueError(f"language {lang!r} is not one of {', '.join(CHOICES)}; pick one of those")
    _State.lang = lang


def catalogue_language() -> str:
    """The catalogue the current language reads from (the pseudo-locale reads English)."""
    return SOURCE if _State.lang == PSEUDO else _State.lang


def iso(text: str) -> str:
    """``text`` (a number, a percentage, an id, a key) in a Unicode isolate when the window reads right to left, so
    it keeps its own order ("-4", "34%", "Ctrl+1") inside a right-to-left line; unchanged in English."""
    return isolate(text) if catalogue_language() in RTL else text


def _shown(text: str) -> str:
    return lengthen(text) if _State.lang == PSEUDO else text


def say(message: Message | str, names: Names | None = None) -> str:
    """A stored message (or a person's own words, shown as typed) in the current language."""
    text = render(message, catalogue_language(), names)
    return _shown(text) if isinstance(message, Message) else text


def tr(msgid: str, **args: Any) -> str:
    """The catalogue entry ``msgid`` with ``args`` in the current language."""
    return say(Message.of(msgid, **args))


def name(scenario: Any, ref: Ref) -> str:
    """What ``scenario`` calls ``ref`` in the current language (its id if the scenario has no such thing)."""
    from negotiator.model.names import ScenarioNames

    try:
        found = ScenarioNames(scenario).name(ref, catalogue_language())
    except KeyError:
        return ref.ids[-1]
    return _shown(found)


def text(scenario: Any, field: str, english: str) -> str:
    """The scenario's ``field`` (``scenario.summary``, ``delegations.israel.brief``) in the current language."""
    return _shown(scenario_text(scenario, field, english, catalogue_language()))


def own(scenario: Any, view: Any) -> Any:
    """The seat's own confidential texts (brief, means, red lines' and interactions' reasons) in the current
    language: :func:`negotiator.model.localise.own_texts` for the seat of ``view`` only."""
    from negotiator.model.localise import own_texts

    o = view.own
    return own_texts(
        scenario,
        view.seat,
        catalogue_language(),
        confidential_brief=o.confidential_brief,
        means=o.means,
        red_lines=[why for _i, _opts, why in o.red_lines],
        interactions=[why for _w, _pts, why in o.interactions],
    )
