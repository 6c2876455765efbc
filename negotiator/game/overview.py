"""Where a table stands, for the trainer's overview of a class: one row of plain facts per table.

Read from the full state (the trainer sees everything): round and phase, whose turn, whether the trainer paused it,
the text on the table (:func:`negotiator.game.table.text_on_table`) and what it is worth to each principal against
its walk-away, how far it is from the Pareto frontier (how much both could still gain, in points: see
:class:`negotiator.game.metrics.FrontierInfo`), the latest poll for each principal's publics, and whether a
delegation walked out. The host adds what only it knows (who is connected, the clock, the alerts): the overview's
row on the wire (:class:`negotiator.net.protocol.TableRow`) is this standing with those fields added, so the fields
are defined once, here. They are pydantic models (strict, no extra fields) because that row is a frame's part.
"""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict

from negotiator.game.analytics import principals_of
from negotiator.game.rules import whose_turn
from negotiator.game.state import GameState
from negotiator.game.table import text_on_table


class _Facts(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, strict=True)


class PrincipalStanding(_Facts):
    """One principal at one table: the text on the table in its points, its walk-away, its publics' last poll."""

    delegation: str
    points: float | None
    """The text on the table in this principal's points (None: no full text yet)."""
    walk_away: float
    support: float | None
    """Support (percent) for the text among this principal's publics at the latest poll (population-weighted mean of
    its constituencies' rows), None before the first poll."""


class TableStanding(_Facts):
    """Where one table stands (the game's facts; the host's row adds the clock, presence and alerts)."""

    move: int
    round: int
    rounds_total: int
    phase: str
    turn: str | None
    paused: bool
    timer: int
    text_id: str
    """The text on the table's proposal id, empty when none."""
    text_by: str
    principals: list[PrincipalStanding]
    frontier_gap: float | None
    """Points both principals could still gain together from the text (0: on the frontier); None without a text."""
    walked_out: list[str]
    result: str | None
    paradigm: str


def table_standing(state: GameState) -> TableStanding:
    scenario = state.scenario
    principals = principals_of(scenario)
    text = text_on_table(state.proposals, state.agreed)
    points: dict[str, float] = {}
    gap: float | None = None
    if text is not None:
        scored = state.ctx.compiled.score_one(text.as_dict())
        points = {p: round(float(scored[p]), 2) for p in principals}
        gap = round(state.ctx.runtime.frontier(principals).distance(points), 2)
    last_poll = state.polls[-1] if state.polls else None
    rows = {r.group: r.support for r in last_poll.rows} if last_poll is not None else {}
    standings = []
    for p in principals:
        mine = [c for c in scenario.constituencies if c.answers_to == p and c.id in rows]
        total = sum(c.population for c in mine)
        support = round(sum(rows[c.id] * c.population for c in mine) / total, 1) if total else None
        standings.append(
            PrincipalStanding(
                delegation=p,
                points=points.get(p),
                walk_away=float(scenario.delegation(p).reservation_value),
                support=support,
            )
        )
    outcome = state.outcome
    return TableStanding(
        move=state.moves,
        round=state.round,
        rounds_total=scenario.rules.rounds,
        phase=state.phase,
        turn=whose_turn(state),
        paused=state.classroom.paused,
        timer=state.classroom.timer,
        text_id=text.id if text is not None else "",
        text_by=text.by if text is not None else "",
        principals=standings,
        frontier_gap=gap,
        walked_out=[e.seat for e in state.transcript if e.kind == "walk-out"],
        result=outcome.result if outcome is not None else None,
        paradigm=outcome.paradigm if outcome is not None else "",
    )
