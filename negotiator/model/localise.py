"""A scenario's texts in a reader's language: what the window, the reports and the console show.

``localise(scenario, "he")`` returns a copy of the scenario (or of the public scenario a window holds) whose titles,
descriptions, briefs, events, publics' names, packages, questionnaire and trainer notes are the Hebrew ones from the
sibling translation file (:mod:`negotiator.model.translation`). English is the scenario file itself. A text the
translation lacks (a ``partial`` file), or one that would not display correctly (placeholders that differ from the
English, a text not written in the language), stays English; ``mark`` lets the caller flag those, so a reader sees
that the text is untranslated rather than assuming the game speaks English on purpose.

The copy is for display only: ids, numbers and rules are the scenario's own, and the game, its hashes and its saves
never see it (they hold ids; the words are looked up when shown). :class:`LocalTexts` answers one text at a time,
by its key in the translation file or by a message's ref.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TypeVar

from negotiator.model.public import PublicScenario
from negotiator.model.registry import get_translation
from negotiator.model.schema import Scenario
from negotiator.model.translation import ScenarioTranslation, Text, texts
from negotiator.model.translation_checks import placeholders, written_in
from negotiator.text import SOURCE, Ref

S = TypeVar("S", Scenario, PublicScenario)


def usable(text: Text, lang: str) -> str | None:
    """The translation of ``text`` if it can be shown in place of the English, else ``None``."""
    t = text.translated
    if t is None or placeholders(t) != placeholders(text.english) or not written_in(t, lang):
        return None
    return t


class LocalTexts:
    """The texts of one scenario in one language, each translated or (marked) English."""

    def __init__(
        self, scenario: Scenario | PublicScenario, lang: str, translation: ScenarioTranslation | None
    ) -> None:
        self.lang = lang
        self.translation = translation if lang != SOURCE else None
        self._by_path: dict[str, tuple[str, bool]] = {}
        self._by_ref: dict[tuple[str, ...], str] = {}
        self._all: list[Text] = list(texts(scenario, self.translation))
        for text in self._all:
            got = usable(text, lang) if self.translation is not None else None
            self._by_path[text.path] = (text.english, False) if got is None else (got, True)
            if text.ref is not None and got is not None:
                self._by_ref[text.ref] = got

    @property
    def status(self) -> str:
        """``"source"`` (English), ``"complete"``, ``"partial"`` or ``"none"`` (no translation file)."""
        if self.lang == SOURCE:
            return "source"
        if self.translation is None:
            return "none"
        return "partial" if self.untranslated() else "complete"

    def text(self, path: str) -> str:
        """The text at ``path`` (``issues.water.title``) in the language, or its English (KeyError: no such text)."""
        return self._by_path[path][0]

    def translated(self, path: str) -> bool:
        return self._by_path[path][1]

    def name(self, ref: Ref) -> str | None:
        """What a message's ref is called in the language (``None``: untranslated, use the English title)."""
        return self._by_ref.get((ref.kind, *ref.ids))

    def untranslated(self, required_only: bool = True) -> list[str]:
        """Keys of the texts shown in English for want of a usable translation (nothing in English itself)."""
        if self.lang == SOURCE:
            return []
        return [
            t.path for t in self._all if (t.required or not required_only) and not self._by_path[t.path][1]
        ]

    def __iter__(self) -> Iterator[tuple[Text, str, bool]]:
        """Each text with what is shown for it and whether that is a translation."""
        for t in self._all:
            shown, ok = self._by_path[t.path]
            yield t, shown, ok


class ScenarioTranslations:
    """Every language's texts of one scenario, built the first time a language is asked for: what
    ``scenario.texts`` returns, and the seam :func:`negotiator.text.scenario.scenario_text` calls (the text layer
    cannot import the model, so it asks the scenario object for ``texts.text(field, lang)``)."""

    def __init__(self, scenario: Scenario | PublicScenario, source: str | Path | None = None) -> None:
        self._scenario = scenario
        self._source = source
        self._local: dict[str, LocalTexts] = {}

    def local(self, lang: str) -> LocalTexts:
        found = self._local.get(lang)
        if found is None:
            found = self._local[lang] = local_texts(self._scenario, lang, self._source)
        return found

    def text(self, field: str, lang: str) -> str | None:
        """The translation of ``field`` (``scenario.summary``, ``delegations.israel.brief``) in ``lang``, or
        ``None`` when it is untranslated (or ``lang`` is English, or the scenario has no such text)."""
        if lang == SOURCE:
            return None
        local = self.local(lang)
        try:
            return local.text(field) if local.translated(field) else None
        except KeyError:
            return None


@dataclass(frozen=True, slots=True)
class OwnTexts:
    """A seat's confidential material in a language: what its own view holds, in the reader's words."""

    confidential_brief: str
    means: tuple[str, ...]
    red_lines: tuple[str, ...]
    """The ``why`` of each red line, in the view's order."""
    interactions: tuple[str, ...]
    """The ``why`` of each interaction, in the view's order."""


def own_texts(
    scenario: Scenario | PublicScenario,
    seat: str,
    lang: str,
    *,
    confidential_brief: str,
    means: Sequence[str],
    red_lines: Sequence[str],
    interactions: Sequence[str],
    source: str | Path | None = None,
) -> OwnTexts:
    """``seat``'s own confidential texts (the English its own view holds) in ``lang``.

    A window holds the public scenario, which has no confidential material, and its seat's own view, which has the
    English of its own; this looks up that seat's translation (and only the seat named: pass your own) and keeps
    the English for any text the translation lacks, or whose list has another length than the view's."""
    if lang == SOURCE:
        return OwnTexts(confidential_brief, tuple(means), tuple(red_lines), tuple(interactions))
    t = get_translation(scenario.id, lang, source)
    dt = t.delegations.get(seat) if t is not None and t.translation.scenario == scenario.id else None

    def one(path: str, english: str, got: str | None) -> str:
        return usable(Text(path, english, got, True, ()), lang) or english

    def many(path: str, english: Sequence[str], got: Sequence[str] | None) -> tuple[str, ...]:
        fits = got is not None and len(got) == len(english)
        return tuple(one(f"{path}[{k}]", e, got[k] if fits and got else None) for k, e in enumerate(english))

    base = f"delegations.{seat}"
    return OwnTexts(
        one(f"{base}.confidential_brief", confidential_brief, dt.confidential_brief if dt else None),
        many(f"{base}.means", means, dt.means if dt else None),
        many(f"{base}.red_lines", red_lines, dt.red_lines if dt else None),
        many(f"{base}.interactions", interactions, dt.interactions if dt else None),
    )


def local_texts(
    scenario: Scenario | PublicScenario, lang: str, source: str | Path | None = None
) -> LocalTexts:
    """The texts of ``scenario`` in ``lang``; ``source`` is the scenario's file when it is not a shipped one (its
    translations sit beside it as ``<file>.<lang>.toml``)."""
    t = get_translation(scenario.id, lang, source) if lang != SOURCE else None
    if t is not None and t.translation.scenario != scenario.id:
        t = None  # a file beside it that translates something else: not this scenario's words
    return LocalTexts(scenario, lang, t)


def localise(
    scenario: S,
    lang: str,
    *,
    source: str | Path | None = None,
    mark: Callable[[str], str] | None = None,
) -> S:
    """A copy of ``scenario`` with its texts in ``lang`` (the scenario itself for English or when there is no
    translation); ``mark(english)`` is what an untranslated text shows instead of its plain English."""
    local = local_texts(scenario, lang, source)
    if local.translation is None and mark is None:
        return scenario
    if lang == SOURCE:
        return scenario
    data = scenario.model_dump()
    for text, shown, ok in local:
        if ok or (mark is not None and text.required):
            _put(data, text.at, shown if ok or mark is None else mark(shown))
    return type(scenario).model_validate(data)


def _put(data: Any, at: tuple[str | int, ...], value: str) -> None:
    node = data
    for key in at[:-1]:
        node = node[key]
    node[at[-1]] = value
