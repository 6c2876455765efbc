"""What the map shows for a package: which border regime, swaps, blocs, Jordan Valley and Jerusalem arrangement.

Scenario files do not describe map geometry (they are about interests, not cartography); each option says what it
means for the map with map tags (``map-border-regulated``, ``map-swaps-2_5``: :mod:`negotiator.model.maptags`,
checked by the loader). The map never reads meaning from an option's words or id, so it reads the same in every
language and for any scenario that tags its options; whatever no tag places is simply not drawn, and the legend
names the option each drawn element stands for. Pure Python, no Qt: tested on its own.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

from negotiator.model.maptags import ELEMENTS, option_map_tags
from negotiator.model.public import PublicScenario
from negotiator.model.schema import Scenario
from negotiator.text import Message, render
from negotiator.text import option as option_ref
from negotiator.ui import words

BORDER_LEVELS = ELEMENTS["border"]
JERUSALEM_LEVELS = ELEMENTS["jerusalem"]
BLOC_LEVELS = ELEMENTS["blocs"]
"""``annexed``: the blocs go to Israel and the package says nothing of the other settlements."""
OLD_CITY_LEVELS = ELEMENTS["old-city"]
VALLEY_LEVELS = ELEMENTS["valley"]


@dataclass
class MapState:
    """The elements to draw; ``None`` means the package says nothing the map can show about it."""

    border: str | None = None
    swap_percent: float | None = None
    blocs: str | None = None
    jordan_valley: str | None = None
    jerusalem: str | None = None
    old_city: str | None = None
    """The Old City and its holy sites (drawn in the Jerusalem inset)."""
    labels: dict[str, str] = field(default_factory=dict)
    """Element -> the option title it comes from, in the window's language when the state was read (shown in the
    legend and tooltips)."""


_FIELDS = {
    "border": "border",
    "swaps": "swap_percent",
    "blocs": "blocs",
    "valley": "jordan_valley",
    "jerusalem": "jerusalem",
    "old-city": "old_city",
}
"""Map tag element -> the MapState field it sets."""
_LABEL_KEYS = {
    "border": "border",
    "swap_percent": "swaps",
    "blocs": "blocs",
    "jordan_valley": "jordan_valley",
    "jerusalem": "jerusalem",
    "old_city": "old_city",
}


def map_state(scenario: Scenario | PublicScenario, package: Mapping[str, str]) -> MapState:
    """Read ``package`` (complete or partial) of ``scenario`` into what the map draws, from its options' map tags.

    The first issue (in the scenario's order) whose option sets an element wins; a ``map-default-`` tag fills an
    element only when no option of the package sets it."""
    state = MapState()
    weak: list[tuple[str, object, str]] = []
    for issue in scenario.issues:
        if issue.id not in package:
            continue
        option = next((o for o in issue.options if o.id == package[issue.id]), None)
        if option is None:
            continue
        for tag in option_map_tags(option.tags):
            key = _FIELDS[tag.element]
            if tag.default:
                weak.append((key, tag.value, words.name(scenario, option_ref(issue.id, option.id))))
            elif getattr(state, key) is None:
                setattr(state, key, tag.value)
                state.labels[_LABEL_KEYS[key]] = words.name(scenario, option_ref(issue.id, option.id))
    for key, value, title in weak:
        if getattr(state, key) is None:
            setattr(state, key, value)
            state.labels[_LABEL_KEYS[key]] = title
    return state


def describe(state: MapState, short: bool = False, lang: str = "en") -> list[tuple[str, str]]:
    """(element, plain words) pairs for the legend in ``lang``, in drawing order; each names the option it comes from
    (unless ``short``, for a small map: the option titles are then in the tooltips). Words: ``map.*`` messages."""
    out: list[tuple[str, str]] = []

    def line(head: str, words: Message, key: str) -> None:
        title = state.labels.get(key)
        text = Message.of("map.from", words=words, option=title) if title and not short else words
        out.append((render(Message(f"map.head.{head}"), lang), render(text, lang)))

    if state.border:
        line("border", Message(f"map.border.{state.border}"), "border")
    if state.swap_percent is not None:
        swaps = (
            Message("map.swaps.none")
            if state.swap_percent == 0
            else Message.of("map.swaps.about", percent=state.swap_percent)
        )
        line("swaps", swaps, "swaps")
    if state.blocs:
        line("settlements", Message(f"map.blocs.{state.blocs}"), "blocs")
    if state.jordan_valley:
        line("jordan-valley", Message(f"map.valley.{state.jordan_valley}"), "jordan_valley")
    if state.jerusalem:
        line("jerusalem", Message(f"map.jerusalem.{state.jerusalem}"), "jerusalem")
    if state.old_city:
        line("old-city", Message(f"map.old-city.{state.old_city}"), "old_city")
    return out


def level_words(element: str, level: str | None, lang: str = "en") -> str:
    """A level of a map element in words (``element`` as in map tags: blocs, old-city, ...); "not settled yet" when
    the package does not set it."""
    return render(Message(f"map.{element}.{level}" if level else "map.unsettled"), lang)


BLOC_WORDS = {level: level_words("blocs", level) for level in BLOC_LEVELS}
OLD_CITY_WORDS = {level: level_words("old-city", level) for level in OLD_CITY_LEVELS}
