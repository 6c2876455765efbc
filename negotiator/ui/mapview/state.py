"""What the map shows for a package: which border regime, swaps, blocs, Jordan Valley and Jerusalem arrangement.

Scenario files do not describe map geometry (they are about interests, not cartography), so the map reads a package
through the words of its issues and options: an issue about Jerusalem, an option that says "open city", a swap
percentage in an option's title. The rules are deliberately simple and listed in one place (``_RULES``) so a reader can
see why the map draws what it draws; whatever they cannot place is simply not drawn, and the legend names the option
text that each drawn element stands for. Pure Python, no Qt: tested on its own.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field

from negotiator.model.schema import Issue, Option, Scenario

BORDER_LEVELS = ("hard", "regulated", "open")
JERUSALEM_LEVELS = ("israeli", "divided", "open-city", "shared")
BLOC_LEVELS = ("today", "annexed", "annexed-rest-evacuated", "all-annexed", "evacuated", "stay", "towns")
"""``annexed``: the blocs go to Israel and the package says nothing of the other settlements."""
OLD_CITY_LEVELS = ("israeli", "divided", "international", "joint")
VALLEY_LEVELS = ("israeli", "international", "joint", "palestinian")


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


def _text(issue: Issue, option: Option) -> tuple[str, str]:
    return (f"{issue.id} {issue.title}".lower(), f"{option.id} {option.title} {option.description}".lower())


def _first(words: str, table: tuple[tuple[str, tuple[str, ...]], ...]) -> str | None:
    for level, keys in table:
        if any(k in words for k in keys):
            return level
    return None


_BORDER_WORDS: tuple[tuple[str, tuple[str, ...]], ...] = (
    (
        "open",
        (
            "open border",
            "free movement",
            "freedom of movement",
            "open-border",
            "travel throughout",
            "free-movement",
            "jointly staffed",
            "joint terminal",
        ),
    ),
    (
        "regulated",
        ("regulated", "civilian", "permit", "managed", "controlled crossing", "terminal", "phased"),
    ),
    ("hard", ("hard", "closed", "military", "barrier", "checkpoint", "sealed", "separation")),
)
_JERUSALEM_WORDS: tuple[tuple[str, tuple[str, ...]], ...] = (
    (
        "shared",
        (
            "shared municipality",
            "one municipality",
            "single municipality",
            "one shared",
            "joint municipality",
            "shared-municipality",
            "one-municipality",
        ),
    ),
    ("open-city", ("open city", "open-city", "two municipalities", "coordinated")),
    ("divided", ("divided", "division", "east jerusalem", "partition", "split")),
    ("israeli", ("undivided", "united under israel", "israeli sovereignty", "israeli capital")),
)
_BLOC_WORDS: tuple[tuple[str, tuple[str, ...]], ...] = (
    (
        "annexed-rest-evacuated",
        (
            "others evacuated",
            "other settlements evacuated",
            "rest evacuated",
            "outside the blocs are evacuated",
            "outside them are evacuated",
        ),
    ),
    ("all-annexed", ("all settlements annexed", "every settlement", "annexes all", "all-annexed")),
    (
        "stay",
        ("stay as", "may stay", "remain as residents", "residents of palestine", "stay-as", "choose to stay"),
    ),
    ("evacuated", ("evacuat", "remove all", "withdraw all", "relocat")),
    ("annexed", ("annex", "bloc", "incorporat")),
)
_VALLEY_WORDS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("joint", ("joint", "confederal")),
    ("international", ("international force", "multinational", "nato", "third-party force", "international")),
    ("israeli", ("israeli control", "israeli sovereignty", "israeli forces", "idf", "israeli presence")),
    ("palestinian", ("palestinian sovereignty", "palestinian control", "full withdrawal")),
)
_OLD_CITY_WORDS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("international", ("international regime", "international", "corpus separatum", "un trustee")),
    ("joint", ("joint", "shared", "inter-religious", "custodianship")),
    ("divided", ("divided", "each side", "split")),
    ("israeli", ("today", "israeli sovereignty", "status quo", "as today")),
)
# Options of the shipped scenarios, read by hand: exact where the words alone would be ambiguous. Fields set here win
# over anything the keyword rules below would infer; issues listed here are not read by keywords at all.
EXPLICIT: dict[tuple[str, str], dict[str, object]] = {
    ("territory", "today"): {},
    ("territory", "swaps-small"): {"swap_percent": 2.5},
    ("territory", "swaps-blocs"): {"swap_percent": 6.0, "blocs?": "annexed"},
    ("territory", "enclaves"): {"swap_percent": 1.0, "jordan_valley?": "israeli", "blocs?": "all-annexed"},
    ("territory", "one-land"): {"border?": "open"},
    ("settlements", "stay-and-grow"): {"blocs": "today"},
    ("settlements", "blocs-annexed"): {"blocs": "annexed-rest-evacuated"},
    ("settlements", "stay-as-residents"): {"blocs": "stay"},
    ("settlements", "all-annexed"): {"blocs": "all-annexed"},
    ("settlements", "ordinary-towns"): {"blocs": "towns"},
    ("border_regime", "military-control"): {"border": "hard"},
    ("border_regime", "hard-border"): {"border": "hard"},
    ("border_regime", "regulated-crossings"): {"border": "regulated"},
    ("border_regime", "open-after-transition"): {"border": "open"},
    ("border_regime", "no-border"): {"border": "open"},
    ("security", "israeli-control"): {"jordan_valley": "israeli"},
    ("security", "demilitarised-mnf"): {"jordan_valley": "international"},
    ("security", "regional-framework"): {"jordan_valley": "international"},
    ("security", "joint-confederal"): {"jordan_valley": "joint"},
    ("security", "single-force"): {"jordan_valley": "joint"},
    ("jerusalem", "undivided-israeli"): {"jerusalem": "israeli"},
    ("jerusalem", "israeli-capital-outskirts"): {"jerusalem": "israeli"},
    ("jerusalem", "divided"): {"jerusalem": "divided"},
    ("jerusalem", "open-city-two"): {"jerusalem": "open-city"},
    ("jerusalem", "shared-municipality"): {"jerusalem": "shared"},
    ("holy_sites", "today"): {"old_city": "israeli"},
    ("holy_sites", "divided-sovereignty"): {"old_city": "divided"},
    ("holy_sites", "international-regime"): {"old_city": "international"},
    ("holy_sites", "joint-custodianship"): {"old_city": "joint"},
    ("crossings", "military"): {"border": "hard"},
    ("crossings", "civilian"): {"border": "regulated"},
    ("crossings", "joint"): {"border": "regulated"},
}
EXPLICIT_ISSUES = {issue for issue, _ in EXPLICIT}
_LABEL_KEYS = {
    "border": "border",
    "swap_percent": "swaps",
    "blocs": "blocs",
    "jordan_valley": "jordan_valley",
    "jerusalem": "jerusalem",
    "old_city": "old_city",
}

_PERCENT = re.compile(r"(\d+(?:\.\d+)?)\s*(?:%|per ?cent)")


def _swap_percent(words: str) -> float | None:
    if "no swap" in words or "without swap" in words or "no land swap" in words:
        return 0.0
    if "swap" not in words and "exchange" not in words:
        return None
    found = [float(m) for m in _PERCENT.findall(words)]
    if found:
        return min(found)  # "annex 6.3% for 5.8%": the land swapped is the smaller figure
    return 2.0  # a swap of unstated size: drawn as a small one


def map_state(scenario: Scenario, package: Mapping[str, str]) -> MapState:
    """Read ``package`` (complete or partial) of ``scenario`` into what the map draws."""
    state = MapState()
    weak: list[tuple[str, object, str]] = []  # "field?" values: used only when no other issue sets the field
    for issue in scenario.issues:
        if issue.id not in package:
            continue
        option = next((o for o in issue.options if o.id == package[issue.id]), None)
        if option is None:
            continue
        if issue.id in EXPLICIT_ISSUES:
            for key, value in EXPLICIT.get((issue.id, option.id), {}).items():
                if key.endswith("?"):
                    weak.append((key[:-1], value, option.title))
                else:
                    setattr(state, key, value)
                    state.labels[_LABEL_KEYS[key]] = option.title
            continue
        iw, ow = _text(issue, option)
        if ("holy" in iw or "old city" in iw) and state.old_city is None:
            level = _first(ow, _OLD_CITY_WORDS)
            if level:
                state.old_city = level
                state.labels["old_city"] = option.title
            continue
        if "jerusalem" in iw and state.jerusalem is None:
            level = _first(ow, _JERUSALEM_WORDS)
            if level:
                state.jerusalem = level
                state.labels["jerusalem"] = option.title
            continue
        if any(k in iw for k in ("border regime", "movement", "crossing", "border-regime")):
            level = _first(ow, _BORDER_WORDS) or _border_from_tags(option)
            if level and state.border is None:
                state.border = level
                state.labels["border"] = option.title
            continue
        if any(k in iw for k in ("territor", "border")):
            pct = _swap_percent(ow)
            if pct is not None and state.swap_percent is None:
                state.swap_percent = pct
                state.labels["swaps"] = option.title
            if "jordan" in ow and state.jordan_valley is None:
                state.jordan_valley = _first(ow, _VALLEY_WORDS)
                if state.jordan_valley:
                    state.labels["jordan_valley"] = option.title
            continue
        if "settle" in iw:
            level = _first(ow, _BLOC_WORDS)
            if level and state.blocs is None:
                state.blocs = level
                state.labels["blocs"] = option.title
            continue
        if "jordan" in iw or ("secur" in iw and "jordan" in ow):
            level = _first(ow, _VALLEY_WORDS)
            if level and state.jordan_valley is None:
                state.jordan_valley = level
                state.labels["jordan_valley"] = option.title
    for key, value, title in weak:
        if getattr(state, key) is None:
            setattr(state, key, value)
            state.labels[_LABEL_KEYS[key]] = title
    return state


def _border_from_tags(option: Option) -> str | None:
    tags = set(option.tags)
    if "one-state-equal" in tags:
        return "open"
    if "confederation" in tags:
        return "open"
    if "separation" in tags:
        return "regulated"
    if "status-quo" in tags or "one-state-unequal" in tags:
        return "hard"
    return None


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
