"""Public reaction for the screen: a poll preview for any package, and the "why" of a group's support.

Previews use the same public-reaction model the game polls with (:class:`negotiator.game.publics.Publics`), fed the
public mood in the seat's view, so a preview and the next real poll agree. The "why" comes from the opinion layer's
explanation (:meth:`negotiator.engine.opinion.PublicOpinion.explain`) on the same simulated people: each issue's
contribution in points of support, the single changes that move the group most, and the shortest run of changes that
would flip its majority view. Pure Python and numpy; no Qt.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from negotiator.engine.opinion import DEFAULT_SIZE, OpinionState, PublicOpinion
from negotiator.game.publics import POPULATION_SEED, PollRow, Publics
from negotiator.model.schema import Scenario

_PUBLICS: dict[int, tuple[Scenario, Publics]] = {}
_OPINION: dict[int, tuple[Scenario, PublicOpinion]] = {}


def publics_for(scenario: Scenario) -> Publics:
    """One :class:`Publics` per scenario object (scenarios are immutable but not hashable; the entry keeps the
    scenario alive so its id cannot be reused while cached)."""
    hit = _PUBLICS.get(id(scenario))
    if hit is None or hit[0] is not scenario:
        if len(_PUBLICS) >= 8:
            _PUBLICS.pop(next(iter(_PUBLICS)))
        hit = (scenario, Publics(scenario))
        _PUBLICS[id(scenario)] = hit
    return hit[1]


def status_quo(scenario: Scenario) -> dict[str, str]:
    """Today's arrangement: the scenario's ``status-quo`` package, else each issue's first option."""
    for ref in scenario.packages:
        if ref.id == "status-quo":
            return dict(ref.options)
    return {i.id: i.options[0].id for i in scenario.issues}


def preview(scenario: Scenario, opinion: OpinionState, package: Mapping[str, str],
            proposer: str | None) -> tuple[PollRow, ...]:
    return publics_for(scenario).poll(opinion, dict(package), proposer)


def support_of(scenario: Scenario, opinion: OpinionState, package: Mapping[str, str], proposer: str | None,
               group: str) -> float:
    for row in preview(scenario, opinion, package, proposer):
        if row.group == group:
            return row.support
    raise KeyError(group)


@dataclass(frozen=True)
class Why:
    group: str
    support: float
    oppose: float
    contributions: list[tuple[str, str, float]]
    """(issue title, option title, points of support it brings compared with today's arrangement on that issue)."""
    moves: list[tuple[str, str, float]]
    """(issue title, option title, change in net support) for the single changes that move the group most."""
    flip: list[tuple[str, str]]
    """The shortest run of changes that turns the group's majority view around (empty: none within reach)."""
    flip_direction: str
    taboo: float
    """Percent of the group for whom the package breaks a sacred value."""


def opinion_model(scenario: Scenario) -> PublicOpinion:
    """The same simulated people the game polls (same seed and size), for explanations."""
    hit = _OPINION.get(id(scenario))
    if hit is None or hit[0] is not scenario:
        if len(_OPINION) >= 4:
            _OPINION.pop(next(iter(_OPINION)))
        hit = (scenario, PublicOpinion.create(scenario, seed=POPULATION_SEED, size=DEFAULT_SIZE))
        _OPINION[id(scenario)] = hit
    return hit[1]


def _option(scenario: Scenario, issue_id: str, option_id: str) -> str:
    issue = scenario.issue(issue_id)
    return next((o.title for o in issue.options if o.id == option_id), option_id)


def explain(scenario: Scenario, opinion: OpinionState, package: Mapping[str, str], proposer: str | None,
            group: str, top: int = 4) -> Why:
    """Why ``group`` (a constituency id) reacts to ``package`` as it does (about 50 ms: call it off the GUI thread)."""
    e = opinion_model(scenario).with_state(opinion).explain(group, dict(package), proposer)
    contributions = [(scenario.issue(c.issue).title, _option(scenario, c.issue, c.option), c.points)
                     for c in e.contributions]
    moves = [(scenario.issue(m.issue).title, _option(scenario, m.issue, m.to_option), m.net_change)
             for m in e.best_moves if abs(m.net_change) >= 0.05][:top]
    flip = [(scenario.issue(m.issue).title, _option(scenario, m.issue, m.to_option)) for m in (e.flip or ())]
    return Why(group, e.support, e.oppose, contributions, moves, flip, e.flip_direction, e.taboo_share)


def group_title(scenario: Scenario, group: str) -> str:
    try:
        return scenario.constituency(group).title
    except KeyError:
        return GROUP_TITLES.get(group, group.replace("_", " ").capitalize())


GROUP_TITLES = {
    "israeli_jews": "Israeli Jews (all)",
    "all_israelis": "All Israelis",
    "palestinians": "Palestinians (West Bank and Gaza)",
    "arab_citizens": "Arab citizens of Israel",
}
