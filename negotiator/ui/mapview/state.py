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
    """Element -> the option title it comes from (shown in the legend and tooltips)."""


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
                weak.append((key, tag.value, option.title))
            elif getattr(state, key) is None:
                setattr(state, key, tag.value)
                state.labels[_LABEL_KEYS[key]] = option.title
    for key, value, title in weak:
        if getattr(state, key) is None:
            setattr(state, key, value)
            state.labels[_LABEL_KEYS[key]] = title
    return state


def describe(state: MapState, short: bool = False) -> list[tuple[str, str]]:
    """(element, plain words) pairs for the legend, in drawing order; each names the option it comes from (unless
    ``short``, for a small map: the option titles are then in the tooltips)."""
    out: list[tuple[str, str]] = []

    def src(key: str) -> str:
        return f" ({state.labels[key]})" if state.labels.get(key) and not short else ""

    if state.border:
        words = {
            "hard": "hard line",
            "regulated": "regulated, with crossings",
            "open": "open: people travel throughout the land",
        }[state.border]
        out.append(("Border", f"{words}{src('border')}"))
    if state.swap_percent is not None:
        s = "no land swaps" if state.swap_percent == 0 else f"about {state.swap_percent:g}% swapped"
        out.append(("Swaps", f"{s}{src('swaps')}"))
    if state.blocs:
        words = BLOC_WORDS[state.blocs]
        out.append(("Settlements", f"{words}{src('blocs')}"))
    if state.jordan_valley:
        words = {
            "israeli": "Israeli control",
            "international": "international force",
            "joint": "joint security",
            "palestinian": "Palestinian control",
        }[state.jordan_valley]
        out.append(("Jordan Valley", f"{words}{src('jordan_valley')}"))
    if state.jerusalem:
        words = {
            "israeli": "undivided, under Israel",
            "divided": "divided",
            "open-city": "open city, two municipalities",
            "shared": "one shared municipality",
        }[state.jerusalem]
        out.append(("Jerusalem", f"{words}{src('jerusalem')}"))
    if state.old_city:
        out.append(("Old City", f"{OLD_CITY_WORDS[state.old_city]}{src('old_city')}"))
    return out


BLOC_WORDS = {
    "today": "stay and grow",
    "annexed": "blocs annexed to Israel",
    "annexed-rest-evacuated": "blocs annexed to Israel, the others evacuated",
    "all-annexed": "every settlement annexed to Israel",
    "evacuated": "evacuated",
    "stay": "blocs to Israel, other settlers may stay in Palestine",
    "towns": "ordinary towns open to all",
}
OLD_CITY_WORDS = {
    "israeli": "today's arrangement (Israeli sovereignty)",
    "divided": "divided sovereignty",
    "international": "special international regime",
    "joint": "joint custodianship",
}
