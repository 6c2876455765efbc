"""What the debrief shows, computed once the talks are over (pure Python and numpy, run off the GUI thread).

The debrief is the one place where every delegation's numbers are shown side by side: the game is over, and seeing
both sides' points is the lesson (how close the deal came to the frontier, what both could still have gained). It is
computed from public records (the proposals and polls in the final view) and the scenario's point schedules.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from negotiator.engine import compile_scenario, kalai_smorodinsky_point, nash_point, pareto_frontier
from negotiator.game.analytics import SkillReport, principals_of, skill_report
from negotiator.game.sentences import OUTCOMES, outcome_message
from negotiator.game.views import SeatView
from negotiator.model.paradigm import classify
from negotiator.model.schema import Scenario
from negotiator.ui import words
from negotiator.ui.publics_model import TextKey, group_title, text_key
from negotiator.ui.viewmodel import delegation_title, issue_title, option_title


@dataclass
class DanceMove:
    proposal_id: str
    by: str
    round: int
    points: tuple[float, float]
    status: str


@dataclass
class DebriefData:
    scenario_title: str
    result: str
    result_words: str
    paradigm: str
    parties: tuple[str, str]
    party_titles: tuple[str, str]
    walk_away: tuple[float, float]
    final_points: dict[str, float]
    """Each seated delegation's points at the end (deal plus side terms if ratified, else walk-away)."""
    deal: tuple[float, float] | None
    deal_package: tuple[tuple[str, str], ...]
    dance: list[DanceMove]
    frontier: np.ndarray
    nash: tuple[float, float] | None
    ks: tuple[float, float] | None
    opinion: dict[str, list[tuple[int, float, str]]]
    """Group title -> (round, support %, the text polled) over the game; the last round past the talks is the verdict
    on the signed deal. The text is named by the proposal that first tabled it."""
    history_columns: list[str]
    history_rows: list[tuple[str, list[str]]]
    """(issue title, [deal option, each historical plan's option]); the deal first."""
    could_gain: tuple[float, float] | None
    could_package: list[tuple[str, str]] = field(default_factory=list)
    """Issues that change between the deal (or no deal) and the better package: (issue title, option title)."""
    ratification: list[str] = field(default_factory=list)
    side_terms: list[str] = field(default_factory=list)
    verdict_round: int | None = None
    """The x position of the verdict on the signed deal (one past the last round), if there was one."""
    skill: SkillReport | None = None
    """Negotiation-skill analytics of the game (:mod:`negotiator.game.analytics`)."""


def ratification_lines(scenario: Scenario, view: SeatView) -> list[str]:
    """Each ratification vote's result as a sentence in the current language (one whole sentence per vote and
    result, so each language agrees its verb)."""
    return [
        words.tr(
            f"debrief.vote.{v.kind}.{'passed' if v.passed else 'failed'}",
            who=delegation_title(scenario, v.delegation),
            share=100 * v.share_for,
            chance=100 * v.probability,
        )
        for v in view.ratification
        if v.kind in ("knesset", "referendum")
    ]


def build_debrief(scenario: Scenario, view: SeatView) -> DebriefData:
    principals = [s for s in view.signatories][:2]
    if len(principals) < 2:
        principals = [d.id for d in scenario.principals][:2]
    a, b = principals[0], principals[1]
    comp = compile_scenario(scenario)
    ia, ib = comp.party_index(a), comp.party_index(b)

    def pts(package: tuple[tuple[str, str], ...]) -> tuple[float, float]:
        u = comp.score(comp.encode(dict(package))[None, :])[0]
        return float(u[ia]), float(u[ib])

    dance = [
        DanceMove(p.id, p.by, p.round, pts(p.package), p.status) for p in view.proposals if not p.partial
    ]
    frontier = pareto_frontier(comp, [a, b])
    util = frontier.utilities
    # The analytics compare the same two sides as the charts; the frontier is shared.
    same_sides = (a, b) == principals_of(scenario)
    skill = skill_report(scenario, view, compiled=comp, frontier=frontier) if same_sides else None
    n, k = nash_point(frontier), kalai_smorodinsky_point(frontier)
    o = view.outcome
    result = o.result if o else "unfinished"
    deal = None
    deal_package: tuple[tuple[str, str], ...] = ()
    if o is not None and o.package:
        deal_package = o.package
        deal = pts(o.package)
    walk = (float(comp.reservation[ia]), float(comp.reservation[ib]))
    final: dict[str, float] = {}
    for d in view.delegations:
        try:
            idx = comp.party_index(d.id)
        except ValueError:
            continue
        base = (
            float(comp.score(comp.encode(dict(deal_package))[None, :])[0, idx])
            if deal_package
            else float(comp.reservation[idx])
        )
        if result != "ratified":
            base = float(comp.reservation[idx])
        side = sum(
            t.points
            for t in view.side_terms
            if t.beneficiary == d.id
            and result == "ratified"
            and (not t.proposal_id or (o is not None and t.proposal_id == o.proposal_id))
        )
        final[d.id] = base + side
    # What both could still have gained: the frontier package that gives both at least what they got (the deal if
    # ratified, else their walk-away values) and raises the smaller gain the most.
    got = deal if (deal is not None and result == "ratified") else walk
    better = np.all(util >= np.array(got)[None, :] - 1e-9, axis=1)
    could_gain = None
    could_package: list[tuple[str, str]] = []
    if better.any():
        gains = util[better] - np.array(got)[None, :]
        row = int(np.argmax(gains.min(axis=1) * 1000 + gains.sum(axis=1)))
        g = gains[row]
        if g.max() > 0.05:
            could_gain = (float(g[0]), float(g[1]))
            better_pkg = comp.decode(frontier.packages[np.flatnonzero(better)[row]])
            base_pkg = dict(deal_package)
            for issue_id, option_id in better_pkg.choices:
                if base_pkg.get(issue_id) != option_id:
                    could_package.append(
                        (issue_title(scenario, issue_id), option_title(scenario, issue_id, option_id))
                    )
    opinion: dict[str, list[tuple[int, float, str]]] = {}
    ids = {c.id for c in scenario.constituencies}
    # Each poll asked about one text; texts are named by the first proposal that put them on the table, so the same
    # package tabled again by the same side counts as the same question (the chart joins only polls on one text).
    names: dict[TextKey, str] = {}

    def text_name(proposal_id: str) -> str:
        return names.setdefault(text_key(view, proposal_id), proposal_id)

    for poll in view.polls:
        name = text_name(poll.subject)
        for row_ in poll.rows:
            if row_.group in ids:
                opinion.setdefault(group_title(scenario, row_.group), []).append(
                    (poll.round, row_.support, name)
                )
    if o is not None and o.verdict is not None:
        name = text_name(o.proposal_id)
        for row_ in o.verdict.rows:
            if row_.group in ids:
                opinion.setdefault(group_title(scenario, row_.group), []).append(
                    (view.round + 1, row_.support, name)
                )
    refs = [r for r in scenario.packages if r.id != "status-quo" and len(r.options) == len(scenario.issues)]
    columns = [
        words.tr("debrief.col.your-deal" if deal_package else "debrief.col.no-deal"),
        *[words.text(scenario, f"packages.{r.id}.title", r.title) for r in refs],
    ]
    rows = []
    deal_map = dict(deal_package)
    for issue in scenario.issues:
        cells = [option_title(scenario, issue.id, deal_map.get(issue.id)) if deal_map else "—"]
        cells += [option_title(scenario, issue.id, r.options.get(issue.id)) for r in refs]
        rows.append((issue_title(scenario, issue.id), cells))
    paradigm = words.tr(f"paradigm.{classify(scenario, deal_map).paradigm if deal_map else 'status-quo'}")
    ratification = ratification_lines(scenario, view)
    pledged: dict[tuple[str, str], list[float]] = {}
    for t in view.side_terms:
        pledged.setdefault((t.by, t.beneficiary), []).append(t.points)
    side_terms = [
        words.tr(
            "debrief.pledges",
            n=len(pts),
            by=delegation_title(scenario, by),
            to=delegation_title(scenario, to),
            points=sum(pts),
        )
        for (by, to), pts in sorted(pledged.items())
    ]
    return DebriefData(
        scenario_title=words.text(scenario, "scenario.title", scenario.scenario.title),
        result=result,
        result_words=words.say(outcome_message(result)) if result in OUTCOMES else result,
        paradigm=paradigm,
        parties=(a, b),
        party_titles=(delegation_title(scenario, a), delegation_title(scenario, b)),
        walk_away=walk,
        final_points=final,
        deal=deal,
        deal_package=deal_package,
        dance=dance,
        frontier=util,
        nash=(float(n.utilities[0]), float(n.utilities[1])) if n is not None else None,
        ks=(float(k.utilities[0]), float(k.utilities[1])) if k is not None else None,
        opinion=opinion,
        verdict_round=view.round + 1 if o is not None and o.verdict is not None else None,
        history_columns=columns,
        history_rows=rows,
        could_gain=could_gain,
        could_package=could_package,
        ratification=ratification,
        side_terms=side_terms,
        skill=skill,
    )
