"""The scores CSV for a trainer: one row per seated delegation per game, with its points, gain and analytics.

Qt-free (``negotiator report --csv`` needs no window). Reads verified games (:class:`LoadedGame`); the analytics are
:mod:`negotiator.game.analytics`' (defined in docs/analytics.md). This is the trainer's sheet: it holds every
delegation's points, so it is not for handing out.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable
from typing import Any

from negotiator.game.analytics import skill_report

COLUMNS: tuple[str, ...] = (
    "game",
    "scenario",
    "result",
    "rounds_played",
    "delegation",
    "role",
    "played_by",
    "final_points",
    "walk_away",
    "gain",
    "deal_points",
    "side_terms",
    "opening_points",
    "opening_ambition",
    "points_given_up",
    "texts_tabled",
    "concession_pattern",
    "concession_exponent",
    "largest_concession",
    "reciprocity",
    "logrolling_trades",
    "statements",
    "warmth",
    "mediator_requests",
    "first_offer",
    "joint_gain",
    "efficiency",
    "share_of_surplus",
    "logrolling_index",
)


def _num(x: float | None, nd: int = 2) -> str:
    return "" if x is None else f"{x:.{nd}f}"


def score_rows(game: Any) -> list[dict[str, str]]:
    """The rows of one verified game."""
    scenario = game.scenario
    state = game.state
    skill = skill_report(scenario, state)
    out = state.outcome
    points = dict(out.points) if out is not None else {}
    package_points = dict(out.package_points) if out is not None else {}
    side_terms = dict(out.side_terms) if out is not None else {}
    rows = []
    for seat in game.setup.seats:
        d = scenario.delegation(seat.delegation)
        final = points.get(d.id)
        row = {c: "" for c in COLUMNS}
        row.update(
            game=game.saved.header.game_id,
            scenario=scenario.id,
            result=skill.result,
            rounds_played=str(skill.rounds_played),
            delegation=d.id,
            role=d.role,
            played_by="person" if seat.controller == "human" else f"AI {seat.persona or d.default_persona}",
            final_points=_num(final),
            walk_away=_num(d.reservation_value),
            gain=_num(final - d.reservation_value if final is not None else None),
            deal_points=_num(package_points.get(d.id)),
            side_terms=_num(side_terms.get(d.id)) if d.id in side_terms else "",
        )
        if d.id in skill.parties:
            s = skill.side(d.id)
            k = skill.parties.index(d.id)
            row.update(
                opening_points=_num(s.opening.own if s.opening else None),
                opening_ambition=_num(s.anchor_ambition, 3),
                points_given_up=_num(s.moved) if s.opening else "",
                texts_tabled=str(len(s.offers)),
                concession_pattern=s.pattern,
                concession_exponent=_num(s.exponent, 3),
                largest_concession=_num(max(s.concessions) if s.concessions else None),
                reciprocity=_num(s.reciprocity, 3),
                logrolling_trades=str(s.logrolls),
                statements=str(sum(s.tones.values())),
                warmth=_num(s.warmth, 3),
                mediator_requests=str(s.mediator_asks),
                first_offer="yes" if skill.first_offer_by == d.id else "no",
                joint_gain=_num(skill.joint_gain),
                efficiency=_num(skill.efficiency, 3),
                share_of_surplus=_num(skill.share_of_surplus[k] if skill.share_of_surplus else None, 3),
                logrolling_index=_num(skill.logrolling_index, 3),
            )
        rows.append(row)
    return rows


def scores_csv(games: Iterable[Any]) -> str:
    """The CSV text (header first) of every game given, in order."""
    buf = io.StringIO()
    writer = csv.DictWriter(buf, fieldnames=list(COLUMNS), lineterminator="\n")
    writer.writeheader()
    for game in games:
        writer.writerows(score_rows(game))
    return buf.getvalue()
