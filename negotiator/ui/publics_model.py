"""Public reaction for the screen: a poll preview for any package, and the "why" of a group's support.

Previews use the game's own publics (:class:`negotiator.game.publics.Publics`, from the game's runtime: the same
simulated people the game polls), fed the public mood in the seat's view, so a preview and the next real poll agree. The "why" comes from the opinion layer's
explanation (:meth:`negotiator.engine.opinion.PublicOpinion.explain`) on the same simulated people: each issue's
contribution in points of support, the single changes that move the group most, and the shortest run of changes that
would flip its majority view. Pure Python and numpy; no Qt.

Trends (:func:`poll_trends`) compare like with like. A poll asks about the text on the table, so two polls on
different texts differ mostly because the question changed, not because people did: a swing is reported only between
polls on the same text (same package, same proposer), with the sampling error of the difference; when the text has
changed the screen says "new text" instead. What the publics' own mood and trust did is read from the opinion state:
the model's support for this text today minus what the same text would have drawn when the talks opened.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass

from negotiator.engine.opinion import OpinionState
from negotiator.game.publics import PollRow, Publics
from negotiator.game.state import Poll
from negotiator.game.views import SeatView
from negotiator.model.public import PublicScenario
from negotiator.model.schema import Scenario
from negotiator.text import group as group_ref
from negotiator.ui import words
from negotiator.ui.viewmodel import issue_title, option_title


def status_quo(scenario: Scenario | PublicScenario) -> dict[str, str]:
    """Today's arrangement: the scenario's ``status-quo`` package, else each issue's first option."""
    for ref in scenario.packages:
        if ref.id == "status-quo":
            return dict(ref.options)
    return {i.id: i.options[0].id for i in scenario.issues}


def preview(
    publics: Publics, opinion: OpinionState, package: Mapping[str, str], proposer: str | None
) -> tuple[PollRow, ...]:
    return publics.poll(opinion, dict(package), proposer)


def support_of(
    publics: Publics, opinion: OpinionState, package: Mapping[str, str], proposer: str | None, group: str
) -> float:
    for row in preview(publics, opinion, package, proposer):
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


def _option(scenario: Scenario | PublicScenario, issue_id: str, option_id: str) -> str:
    return option_title(scenario, issue_id, option_id)


def explain(
    publics: Publics,
    opinion: OpinionState,
    package: Mapping[str, str],
    proposer: str | None,
    group: str,
    top: int = 4,
) -> Why:
    """Why ``group`` (a constituency id) reacts to ``package`` as it does (about 50 ms: call it off the GUI thread)."""
    scenario = publics.scenario
    e = publics.opinion.with_state(opinion).explain(group, dict(package), proposer)
    contributions = [
        (issue_title(scenario, c.issue), _option(scenario, c.issue, c.option), c.points)
        for c in e.contributions
    ]
    moves = [
        (issue_title(scenario, m.issue), _option(scenario, m.issue, m.to_option), m.net_change)
        for m in e.best_moves
        if abs(m.net_change) >= 0.05
    ][:top]
    flip = [(issue_title(scenario, m.issue), _option(scenario, m.issue, m.to_option)) for m in (e.flip or ())]
    return Why(group, e.support, e.oppose, contributions, moves, flip, e.flip_direction, e.taboo_share)


def group_title(scenario: Scenario | PublicScenario, group: str) -> str:
    """A constituency's name, or an aggregate's (catalogue entries group.<id>), in the window's language."""
    if any(c.id == group for c in scenario.constituencies):
        return words.name(scenario, group_ref(group))
    if group in GROUP_TITLES:
        return words.tr(f"group.{group}")
    return group.replace("_", " ").capitalize()


GROUP_TITLES = ("israeli_jews", "all_israelis", "palestinians", "arab_citizens")
"""The aggregates the polls report beside the constituencies."""


# ---------------------------------------------------------------------------------------------- trends
TextKey = tuple[str, tuple[tuple[str, str], ...]]
"""What a poll asked about: (proposer, package). Polls on equal keys are comparable."""


@dataclass(frozen=True)
class Trend:
    """How one public's latest poll figure compares with what came before, only where the comparison means something."""

    group: str
    support: float
    kind: str
    """``first`` (nothing to compare), ``same-text`` (an earlier poll asked about the same text) or ``new-text``."""
    change: float | None = None
    """Points of support since the poll of ``since_round`` on the same text."""
    since_round: int | None = None
    margin: float | None = None
    """90% sampling margin of ``change`` (both polls' errors): smaller changes are noise."""
    drift: float | None = None
    """Points of support for this text that today's mood and trust add (or take) compared with the opening."""

    @property
    def clear(self) -> bool:
        """A change larger than the polls' sampling error."""
        return self.change is not None and self.margin is not None and abs(self.change) > self.margin

    def arrow(self) -> str:
        if self.change is None:
            return ""
        if not self.clear:
            return "≈"
        return "▲" if self.change > 0 else "▼"


@dataclass(frozen=True)
class PollTrends:
    """The latest poll's trends per group, and what the poll before it asked about."""

    poll: Poll
    previous: Poll | None
    new_text: bool
    """The text on the table changed since the previous poll."""
    rows: dict[str, Trend]


def text_key(view: SeatView, proposal_id: str) -> TextKey:
    for p in view.proposals:
        if p.id == proposal_id:
            return p.by, tuple(sorted(p.package))
    return proposal_id, ()


def _margin(a: PollRow, b: PollRow) -> float:
    return math.hypot((a.high - a.low) / 2, (b.high - b.low) / 2)


def drift_for(
    publics: Publics, opinion: OpinionState, package: Mapping[str, str], proposer: str | None
) -> dict[str, float]:
    """Per group: model support for ``package`` with today's mood and trust minus with the opening ones (points)."""
    now = {r.group: r.support for r in preview(publics, opinion, package, proposer)}
    then = {r.group: r.support for r in preview(publics, publics.initial(), package, proposer)}
    return {g: now[g] - then[g] for g in now if g in then}


def poll_trends(
    publics: Publics, view: SeatView, drift: Mapping[str, float] | None = None
) -> PollTrends | None:
    """Trends for the latest poll in ``view`` (``None`` before the first poll). ``drift`` is :func:`drift_for` on
    the polled text (computed here when not given)."""
    if not view.polls:
        return None
    poll = view.polls[-1]
    previous = view.polls[-2] if len(view.polls) > 1 else None
    key = text_key(view, poll.subject)
    earlier = next((q for q in reversed(view.polls[:-1]) if text_key(view, q.subject) == key), None)
    if drift is None:
        proposer, package = key
        drift = drift_for(publics, view.opinion, dict(package), proposer) if package else {}
    before = {r.group: r for r in earlier.rows} if earlier else {}
    rows: dict[str, Trend] = {}
    for row in poll.rows:
        old = before.get(row.group)
        d = drift.get(row.group)
        if old is not None and earlier is not None:
            rows[row.group] = Trend(
                row.group,
                row.support,
                "same-text",
                row.support - old.support,
                earlier.round,
                _margin(row, old),
                d,
            )
        else:
            rows[row.group] = Trend(
                row.group, row.support, "first" if previous is None else "new-text", drift=d
            )
    new_text = previous is not None and text_key(view, previous.subject) != key
    return PollTrends(poll, previous, new_text, rows)
