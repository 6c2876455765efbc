"""Which paradigm a package amounts to, derived from the options it chooses.

Each option may carry paradigm tags (``separation``, ``confederation``, ``one-state-equal``, ``one-state-unequal``,
``status-quo``); each issue has a ``paradigm_weight`` saying how much it decides the question (sovereignty, borders,
residency and voting weigh most; economy weighs nothing). Every tag on a chosen option casts that issue's weight for its
paradigm; the paradigm with the most weight wins, among those no chosen option ``excludes`` (an option such as
"Palestinians without a national vote" rules out separation and confederation whatever else the package holds). Ties go to the less integrated reading, in the order of
:data:`TIE_ORDER`, so a package is only called a confederation or one state when its options say so.

The rule is data-driven on purpose: a trainer who edits a scenario can see and change why a package is classified.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from negotiator.model.public import PublicScenario
from negotiator.model.schema import PARADIGMS, Scenario

TIE_ORDER: tuple[str, ...] = (
    "one-state-unequal",
    "status-quo",
    "separation",
    "confederation",
    "one-state-equal",
)

LABELS: dict[str, str] = {
    "status-quo": "Status quo (no agreed settlement)",
    "separation": "Two states, separated",
    "confederation": "Two-state confederation",
    "one-state-equal": "One state with equal rights",
    "one-state-unequal": "One state without equal rights",
}


@dataclass(frozen=True, slots=True)
class Classification:
    """The paradigm a package amounts to, with the weighted votes and the options that cast them."""

    paradigm: str
    votes: dict[str, float]
    reasons: dict[str, list[str]]

    @property
    def label(self) -> str:
        return LABELS[self.paradigm]


def classify(scenario: Scenario | PublicScenario, package: Mapping[str, str]) -> Classification:
    """Classify a (complete or partial) package of ``scenario``."""
    votes = dict.fromkeys(PARADIGMS, 0.0)
    reasons: dict[str, list[str]] = {p: [] for p in PARADIGMS}
    excluded: set[str] = set()
    for issue in scenario.issues:
        if issue.id not in package:
            continue
        option = next(o for o in issue.options if o.id == package[issue.id])
        excluded.update(option.excludes)
        if issue.paradigm_weight <= 0:
            continue
        for tag in option.tags:
            if tag in votes:
                votes[tag] += issue.paradigm_weight
                reasons[tag].append(f"{issue.title}: {option.title}")
    # an option may rule paradigms out whatever the rest votes (one land with no national vote for Palestinians is
    # never "separation", however many separation clauses surround it)
    eligible = [p for p in TIE_ORDER if p not in excluded] or list(TIE_ORDER)
    best = max(votes[p] for p in eligible)
    if best <= 0:
        paradigm = "status-quo" if "status-quo" in eligible else eligible[0]
    else:
        paradigm = next(p for p in eligible if votes[p] == best)
    return Classification(paradigm, votes, reasons)
