"""What a scenario calls the things messages refer to: the :class:`~negotiator.text.Names` of a scenario.

A message stores refs (``["issue", "water"]``), never titles; they are looked up here when the message is shown.
The scenario's texts are English; their Hebrew and Arabic translations come from the translation files beside the
scenario (:mod:`negotiator.model.localise`), read the first time a language is asked for, and any title a translation
lacks is the English one.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from negotiator.model.localise import ScenarioTranslations
from negotiator.model.public import PublicScenario
from negotiator.model.schema import Scenario
from negotiator.text import SOURCE, Ref


class ScenarioNames:
    """Titles of a scenario's issues, options, delegations, events and constituencies, by ref (the public scenario
    a window holds has every one of them)."""

    def __init__(self, scenario: Scenario | PublicScenario, source: str | Path | None = None) -> None:
        """``source``: the scenario's file when it is not a shipped scenario (its translations sit beside it)."""
        self._texts = scenario.texts if source is None else ScenarioTranslations(scenario, source)
        self._titles: dict[tuple[str, ...], str] = {}
        for i in scenario.issues:
            self._titles[("issue", i.id)] = i.title
            for o in i.options:
                self._titles[("option", i.id, o.id)] = o.title
        for d in scenario.delegations:
            self._titles[("delegation", d.id)] = d.title
        for e in scenario.events:
            self._titles[("event", e.id)] = e.title
            self._titles[("event-text", e.id)] = e.text
        for c in scenario.constituencies:
            self._titles[("group", c.id)] = c.title

    def titled(self) -> Iterable[tuple[Ref, str]]:
        """Every ref with its title (how an old save's English reasons are recognised)."""
        for (kind, *ids), title in self._titles.items():
            if kind != "event-text":
                yield Ref(kind, tuple(ids)), title

    def name(self, ref: Ref, lang: str) -> str:
        """The title in ``lang`` (KeyError for a ref the scenario does not have: the renderer then shows the id)."""
        english = self._titles[(ref.kind, *ref.ids)]
        if lang == SOURCE:
            return english
        return self._texts.local(lang).name(ref) or english
