"""A scenario's own text (summary, context, briefs, event texts) in a reader's language: the one call the UI makes.

The scenario's translations are the model layer's business (sibling files per language beside each scenario,
validated on load); this is the seam the windows call so they never read a translation file themselves. Until a
scenario ships a translation of a field, the English of the scenario file is what every language shows.
"""

from __future__ import annotations

from typing import Protocol


class ScenarioTexts(Protocol):
    """What knows a scenario's translations: ``text(field, lang)`` -> the text, or ``None`` when not translated."""

    def text(self, field: str, lang: str) -> str | None: ...


def scenario_text(scenario: object, field: str, english: str, lang: str) -> str:
    """``field`` of ``scenario`` (a dotted path such as ``scenario.summary`` or ``delegations.israel.brief``) in
    ``lang``: its translation when the scenario object knows one (a ``texts`` attribute following
    :class:`ScenarioTexts`), else ``english``."""
    texts = getattr(scenario, "texts", None)
    if lang != "en" and texts is not None and hasattr(texts, "text"):
        found = texts.text(field, lang)
        if isinstance(found, str) and found:
            return found
    return english
