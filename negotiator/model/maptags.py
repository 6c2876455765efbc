"""Map tags: what an option means for the map, said by the scenario in its options' ``tags``, never read from words.

A scenario is about interests, not cartography, so an option says what the map should draw with tags beside its
paradigm tags (``assets/scenarios/README.md``):

- ``map-<element>-<level>``: this option sets the element, e.g. ``map-border-regulated``, ``map-jerusalem-open-city``;
- ``map-swaps-<percent>``: land swaps of about this share of the West Bank (``map-swaps-2_5`` is 2.5%, ``_`` being
  the decimal point since ids have no dots; ``map-swaps-0`` means no swaps);
- ``map-default-...``: the same, but only when no other issue of the package sets that element (an option on
  territory that implies the blocs are annexed, unless the package's settlements option says otherwise).

The loader rejects an unknown ``map-`` tag and an option that sets one element twice, naming the file, the option
and the tags it accepts; the map draws only what tags say, so a scenario without them shows an empty map.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from negotiator.text import SOURCE, Message, render

ELEMENTS: dict[str, tuple[str, ...]] = {
    "border": ("hard", "regulated", "open"),
    "blocs": ("today", "annexed", "annexed-rest-evacuated", "all-annexed", "evacuated", "stay", "towns"),
    "valley": ("israeli", "international", "joint", "palestinian"),
    "jerusalem": ("israeli", "divided", "open-city", "shared"),
    "old-city": ("israeli", "divided", "international", "joint"),
}
"""Map element -> its levels. ``blocs``: ``annexed`` means the blocs go to Israel and the option says nothing of the
other settlements. ``valley``: the Jordan Valley. ``old-city``: the Old City and its holy sites."""
SWAPS = "swaps"
PREFIX = "map-"
DEFAULT = "default-"
_NUMBER = re.compile(r"^(\d{1,2})(?:_(\d{1,2}))?$")


class TagError(ValueError):
    """A malformed map tag; ``said`` is what is wrong as a catalogue message (``str()`` is its English)."""

    def __init__(self, said: Message) -> None:
        self.said = said
        super().__init__(render(said, SOURCE))


@dataclass(frozen=True, slots=True)
class MapTag:
    """One parsed map tag: the element it sets, the value (a level, or a percentage for swaps), and whether it only
    applies when no other issue of the package sets the element."""

    element: str
    value: str | float
    default: bool


def parse(tag: str) -> MapTag | None:
    """The map tag ``tag`` stands for; None if it is not a map tag; :class:`TagError` (a ValueError) if it is
    a malformed one."""
    if not tag.startswith(PREFIX):
        return None
    rest = tag[len(PREFIX) :]
    default = rest.startswith(DEFAULT)
    if default:
        rest = rest[len(DEFAULT) :]
    if rest.startswith(SWAPS + "-"):
        m = _NUMBER.match(rest[len(SWAPS) + 1 :])
        if m is None:
            raise TagError(Message.of("problem.tag.swaps", tag=tag))
        return MapTag(SWAPS, float(f"{m.group(1)}.{m.group(2) or 0}"), default)
    for element, levels in ELEMENTS.items():
        if rest.startswith(element + "-"):
            level = rest[len(element) + 1 :]
            if level in levels:
                return MapTag(element, level, default)
            raise TagError(
                Message.of("problem.tag.level", tag=tag, element=element, levels=", ".join(levels))
            )
    raise TagError(Message.of("problem.tag.unknown", tag=tag, elements=", ".join((*ELEMENTS, SWAPS))))


def option_map_tags(tags: list[str]) -> list[MapTag]:
    """The map tags among an option's tags (assumes the loader accepted them)."""
    out = []
    for tag in tags:
        try:
            parsed = parse(tag)
        except ValueError:
            continue
        if parsed is not None:
            out.append(parsed)
    return out


def tag_problems(tags: list[str]) -> list[tuple[Message, Message]]:
    """(what is wrong, how to fix it) for each problem with an option's map tags."""
    problems = []
    seen: dict[str, str] = {}
    for tag in tags:
        try:
            parsed = parse(tag)
        except TagError as exc:
            problems.append((exc.said, Message.of("problem.fix.tag")))
            continue
        if parsed is None:
            continue
        if parsed.element in seen:
            problems.append(
                (
                    Message.of(
                        "problem.tag.twice", tag=tag, other=seen[parsed.element], element=parsed.element
                    ),
                    Message.of("problem.fix.keep-one"),
                )
            )
        seen[parsed.element] = tag
    return problems
