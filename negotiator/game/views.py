"""Views, the only things that leave the game: per seat, for a spectator, for the trainer; and a text rendering.

Three observers, as in OpenSpiel:
- :class:`SeatView` (``view_for``): exactly what one delegation may know (below);
- :class:`PublicView` (``public_view``): what a spectator may know, the public record and nothing confidential;
- :class:`TrainerView` (``trainer_view``): everything, every seat's view plus every private line, for the trainer.

Every view carries ``move``, the number of commands applied when it was taken: a command is submitted "based on"
that move, and refused as stale if the game has moved on since (``negotiator.session.errors.StaleMove``).

Only views leave the game (bots, widgets, remote clients read them, never the state). A view holds:
- the seat's own confidential brief, point schedule, priorities, walk-away value, red lines and interaction terms;
- every public record: the delegations' public briefs, proposals and the answers to them, statements, side-term
  pledges, events, polls, signatures, ratification votes;
- transcript lines addressed to it (private messages, requests to the mediator it sent or received);
- at the end, its own points and the public verdict.
It never holds another seat's points, walk-away value, confidential brief, red lines or private messages
(``tests/game/test_views_confidential.py`` proves it on random games).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import cast

from negotiator.engine.opinion import OpinionState
from negotiator.game.commands import PackagePairs
from negotiator.game.publics import VoteResult
from negotiator.game.rules import legal_kinds, side_terms_left, whose_turn
from negotiator.game.state import Entry, GameState, Poll, Proposal, SideTerm
from negotiator.model.schema import Scenario
from negotiator.text import Names, render


@dataclass(frozen=True, slots=True)
class DelegationInfo:
    """Public facts about a delegation at the table."""

    id: str
    title: str
    office: str
    role: str
    brief: str
    signatory: bool
    active: bool


@dataclass(frozen=True, slots=True)
class OwnBrief:
    """The seat's confidential material: only its own view carries it."""

    confidential_brief: str
    priorities: tuple[tuple[str, float], ...]
    points: tuple[tuple[str, tuple[tuple[str, float], ...]], ...]
    reservation_value: float
    red_lines: tuple[tuple[str, tuple[str, ...], str], ...]
    interactions: tuple[tuple[PackagePairs, float, str], ...]
    means: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class ProposalView:
    """A proposal as the seat sees it: public facts plus what it is worth to this seat (own points, full ones only)."""

    id: str
    by: str
    package: PackagePairs
    partial: bool
    round: int
    status: str
    accepted_by: tuple[str, ...]
    rejected_by: tuple[tuple[str, tuple[str, ...]], ...]
    own_points: float | None


@dataclass(frozen=True, slots=True)
class OutcomeView:
    result: str
    proposal_id: str
    package: PackagePairs
    paradigm: str
    own_points: float
    own_package_points: float | None
    own_side_terms: float
    own_surplus: float
    verdict: Poll | None


@dataclass(frozen=True, slots=True)
class SeatView:
    """Everything one seat may know now."""

    seat: str
    move: int
    """Commands applied when this view was taken (submit ``based_on`` this)."""
    scenario_id: str
    phase: str
    round: int
    rounds_total: int
    whose_turn: str | None
    legal: tuple[str, ...]
    """Command types this seat may use now (empty when it is not its turn)."""
    turn_used: tuple[str, ...]
    delegations: tuple[DelegationInfo, ...]
    signatories: tuple[str, ...]
    mediators: tuple[str, ...]
    own: OwnBrief
    proposals: tuple[ProposalView, ...]
    transcript: tuple[Entry, ...]
    side_terms: tuple[SideTerm, ...]
    side_terms_left: float
    events: tuple[tuple[int, str], ...]
    polls: tuple[Poll, ...]
    opinion: OpinionState
    provisional: PackagePairs
    agreed: str
    signatures: tuple[str, ...]
    ratification: tuple[VoteResult, ...]
    outcome: OutcomeView | None

    @property
    def my_turn(self) -> bool:
        return self.whose_turn == self.seat

    def proposal(self, proposal_id: str) -> ProposalView:
        for p in self.proposals:
            if p.id == proposal_id:
                return p
        raise KeyError(proposal_id)


def own_brief(scenario: Scenario, seat: str) -> OwnBrief:
    d = scenario.delegation(seat)
    issue_ids = [i.id for i in scenario.issues]
    return OwnBrief(
        confidential_brief=d.confidential_brief,
        priorities=tuple((i, float(d.priorities[i])) for i in issue_ids),
        points=tuple(
            (i, tuple((o.id, float(d.points[i][o.id])) for o in scenario.issue(i).options)) for i in issue_ids
        ),
        reservation_value=float(d.reservation_value),
        red_lines=tuple((r.issue, tuple(r.options), r.why) for r in d.red_lines),
        interactions=tuple(
            (tuple(sorted(x.when.items(), key=lambda kv: issue_ids.index(kv[0]))), float(x.points), x.why)
            for x in d.interactions
        ),
        means=tuple(d.means),
    )


def _own_brief(state: GameState, seat: str) -> OwnBrief:
    key = ("brief", seat)
    if key not in state.ctx.memo:
        state.ctx.memo[key] = own_brief(state.scenario, seat)
    return state.ctx.memo[key]  # type: ignore[no-any-return]


_KeptProposals = tuple[
    tuple[Proposal, ...], tuple["ProposalView", ...], dict[str, tuple[Proposal, "ProposalView"]]
]
"""A seat's last proposals, their views, and the view of each proposal record by id."""


def _proposal_views(state: GameState, seat: str) -> tuple[ProposalView, ...]:
    """The proposals as ``seat`` sees them (with its own points of each complete one).

    Kept in the game's memo per seat: a proposal is immutable (an answer replaces it with a new record), so the view
    of one seen before is reused as long as the very same record is in the state; the whole tuple is reused while
    the state's proposals are the very tuple of the last view (most moves add none)."""
    memo = state.ctx.memo
    key = ("proposal-views", seat)
    kept = cast("_KeptProposals | None", memo.get(key))
    if kept is not None and kept[0] is state.proposals:
        return kept[1]
    by_id: dict[str, tuple[Proposal, ProposalView]] = kept[2] if kept is not None else {}
    compiled = state.ctx.compiled
    me = compiled.party_index(seat)
    n_issues = len(state.scenario.issues)

    def own_points(package: PackagePairs, partial: bool) -> float | None:
        if partial or len(package) != n_issues:
            return None
        key = (seat, package)
        if key not in memo:  # proposals never change, so neither do their points: score each once per game
            memo[key] = round(float(compiled.score(compiled.encode(dict(package)))[0, me]), 6)
        return memo[key]  # type: ignore[no-any-return]

    views = []
    for p in state.proposals:
        seen = by_id.get(p.id)
        if seen is None or seen[0] is not p:
            view = ProposalView(
                p.id,
                p.by,
                p.package,
                p.partial,
                p.round,
                p.status,
                p.accepted_by,
                p.rejected_by,
                own_points(p.package, p.partial),
            )
            seen = by_id[p.id] = (p, view)
        views.append(seen[1])
    out = tuple(views)
    memo[key] = (state.proposals, out, by_id)
    return out


def _transcript_of(state: GameState, seat: str) -> tuple[Entry, ...]:
    """The transcript lines ``seat`` may read (public ones and those addressed to it).

    The transcript only grows, so the lines read for the last view are kept in the game's memo and only the new
    ones are filtered, as long as the state's transcript starts with the very lines of that view."""
    memo = state.ctx.memo
    key = ("transcript", seat)
    lines = state.transcript
    kept: tuple[tuple[Entry, ...], tuple[Entry, ...]] | None = memo.get(key)
    start, mine = 0, cast("tuple[Entry, ...]", ())
    if kept is not None and len(kept[0]) <= len(lines) and lines[: len(kept[0])] == kept[0]:
        start, mine = len(kept[0]), kept[1]
    out = mine + tuple(e for e in lines[start:] if not e.audience or seat in e.audience)
    memo[key] = (lines, out)
    return out


def view_for(state: GameState, seat: str) -> SeatView:
    """The view of ``seat`` (a delegation seated in this game)."""
    if seat not in state.setup.seat_ids:
        raise KeyError(seat)
    scenario = state.scenario
    ctx = state.ctx
    proposals = _proposal_views(state, seat)
    transcript = _transcript_of(state, seat)
    outcome = None
    if state.outcome is not None:
        o = state.outcome
        pts = dict(o.points)
        pkg_pts = dict(o.package_points)
        side = dict(o.side_terms)
        verdict = Poll(state.round, o.proposal_id, o.verdict) if o.verdict else None
        outcome = OutcomeView(
            o.result,
            o.proposal_id,
            o.package,
            o.paradigm,
            pts[seat],
            pkg_pts.get(seat),
            side.get(seat, 0.0),
            round(pts[seat] - scenario.delegation(seat).reservation_value, 6),
            verdict,
        )
    delegations = _delegations(state)
    return SeatView(
        seat=seat,
        move=state.moves,
        scenario_id=scenario.id,
        phase=state.phase,
        round=state.round,
        rounds_total=scenario.rules.rounds,
        whose_turn=whose_turn(state),
        legal=legal_kinds(state, seat),
        turn_used=state.turn_used if whose_turn(state) == seat else (),
        delegations=delegations,
        signatories=ctx.signatories,
        mediators=ctx.mediators,
        own=_own_brief(state, seat),
        proposals=proposals,
        transcript=transcript,
        side_terms=state.side_terms,
        side_terms_left=round(side_terms_left(state, seat), 6) if seat in ctx.third_parties else 0.0,
        events=state.events,
        polls=state.polls,
        opinion=state.opinion,
        provisional=state.provisional,
        agreed=state.agreed,
        signatures=state.signatures,
        ratification=state.ratification,
        outcome=outcome,
    )


@dataclass(frozen=True, slots=True)
class PublicView:
    """What anyone in the room may know: the public record, no seat's confidential material, no private line."""

    move: int
    scenario_id: str
    phase: str
    round: int
    rounds_total: int
    whose_turn: str | None
    delegations: tuple[DelegationInfo, ...]
    signatories: tuple[str, ...]
    mediators: tuple[str, ...]
    proposals: tuple[ProposalView, ...]
    """Public facts only: ``own_points`` is always ``None`` here."""
    transcript: tuple[Entry, ...]
    """Only lines with no audience (public ones)."""
    side_terms: tuple[SideTerm, ...]
    events: tuple[tuple[int, str], ...]
    polls: tuple[Poll, ...]
    opinion: OpinionState
    provisional: PackagePairs
    agreed: str
    signatures: tuple[str, ...]
    ratification: tuple[VoteResult, ...]
    result: str | None
    """The outcome's result once settled (``agreement``, ``no-agreement``, ...), else ``None``."""


def public_view(state: GameState) -> PublicView:
    """The spectator's view: built from the state's public records only."""
    scenario, ctx = state.scenario, state.ctx
    return PublicView(
        move=state.moves,
        scenario_id=scenario.id,
        phase=state.phase,
        round=state.round,
        rounds_total=scenario.rules.rounds,
        whose_turn=whose_turn(state),
        delegations=_delegations(state),
        signatories=ctx.signatories,
        mediators=ctx.mediators,
        proposals=tuple(
            ProposalView(
                p.id, p.by, p.package, p.partial, p.round, p.status, p.accepted_by, p.rejected_by, None
            )
            for p in state.proposals
        ),
        transcript=tuple(e for e in state.transcript if not e.audience),
        side_terms=state.side_terms,
        events=state.events,
        polls=state.polls,
        opinion=state.opinion,
        provisional=state.provisional,
        agreed=state.agreed,
        signatures=state.signatures,
        ratification=state.ratification,
        result=state.outcome.result if state.outcome is not None else None,
    )


@dataclass(frozen=True, slots=True)
class TrainerView:
    """Everything, for the trainer's console: the public record, every seat's own view, every private line."""

    public: PublicView
    seats: tuple[SeatView, ...]
    """One view per seated delegation, in seating order (briefs, points, red lines, what each was told)."""
    transcript: tuple[Entry, ...]
    """The whole transcript, private messages included."""

    @property
    def move(self) -> int:
        return self.public.move

    def seat(self, seat: str) -> SeatView:
        for v in self.seats:
            if v.seat == seat:
                return v
        raise KeyError(seat)


def trainer_view(state: GameState) -> TrainerView:
    seated = [d.id for d in state.scenario.delegations if d.id in state.setup.seat_ids]
    return TrainerView(public_view(state), tuple(view_for(state, s) for s in seated), state.transcript)


def _delegations(state: GameState) -> tuple[DelegationInfo, ...]:
    """The seated delegations' public facts; they change only when one walks out (kept per set of active seats)."""
    ctx = state.ctx
    key = ("delegations", state.active)
    found: tuple[DelegationInfo, ...] | None = ctx.memo.get(key)
    if found is None:
        found = ctx.memo[key] = tuple(
            DelegationInfo(
                d.id, d.title, d.office, d.role, d.brief, d.id in ctx.signatories, d.id in state.active
            )
            for d in state.scenario.delegations
            if d.id in state.setup.seat_ids
        )
    return found


# ------------------------------------------------------------------------------------------------ text rendering
def _pkg(package: PackagePairs) -> str:
    return ", ".join(f"{i}={o}" for i, o in package)


def _num(x: float) -> str:
    return f"{x:.2f}"


def render_view_text(view: SeatView, names: Names | None = None) -> str:
    """A deterministic plain-text rendering (golden playthroughs and debugging); same view, same text.

    Reasons are rendered in English with the scenario's ``names`` (without them a ref shows as its id)."""
    lines = [
        f"== view of {view.seat} | scenario {view.scenario_id} | phase {view.phase} | round {view.round}/"
        f"{view.rounds_total} | turn {view.whose_turn or '-'}",
        f"legal: {' '.join(view.legal) or '-'}",
        f"walk-away: {_num(view.own.reservation_value)}",
        "priorities: " + ", ".join(f"{i}={_num(w)}" for i, w in view.own.priorities),
    ]
    for issue, opts in view.own.points:
        lines.append(f"points {issue}: " + ", ".join(f"{o}={_num(p)}" for o, p in opts))
    for issue, banned, _why in view.own.red_lines:
        lines.append(f"red line {issue}: {', '.join(banned)}")
    for when, bonus, _why in view.own.interactions:
        lines.append(f"interaction {_pkg(when)}: {_num(bonus)}")
    lines.append(
        "delegations: "
        + ", ".join(
            f"{d.id}({d.role}{',signatory' if d.signatory else ''}{'' if d.active else ',left'})"
            for d in view.delegations
        )
    )
    for rnd, eid in view.events:
        lines.append(f"event r{rnd}: {eid}")
    for p in view.proposals:
        own = "" if p.own_points is None else f" own={_num(p.own_points)}"
        acc = ",".join(p.accepted_by) or "-"
        rej = ";".join(f"{s}[{','.join(r)}]" for s, r in p.rejected_by) or "-"
        lines.append(
            f"proposal {p.id} r{p.round} by {p.by} {'partial' if p.partial else 'full'} {p.status}{own} "
            f"accepted={acc} rejected={rej}: {_pkg(p.package)}"
        )
    for t in view.side_terms:
        lines.append(
            f"side terms {t.id} r{t.round} {t.by}->{t.beneficiary} {t.kind} {_num(t.points)} "
            f"on {t.proposal_id or 'any deal'}"
        )
    if view.provisional:
        lines.append(f"provisionally agreed: {_pkg(view.provisional)}")
    for poll in view.polls[-2:]:
        lines.append(
            f"poll r{poll.round} on {poll.subject}: "
            + ", ".join(f"{r.group} {r.support:.1f}/{r.oppose:.1f}/{r.undecided:.1f}" for r in poll.rows)
        )
    for e in view.transcript:
        private = f" (to {','.join(e.audience)})" if e.audience else ""
        lines.append(
            f"#{e.index} r{e.round} {e.seat or '-'} {e.kind} {e.ref}{private}: {render(e.reason, 'en', names)}".rstrip(
                ": "
            )
        )
    if view.agreed:
        lines.append(f"agreed: {view.agreed}; signed by {', '.join(view.signatures) or 'nobody yet'}")
    for v in view.ratification:
        lines.append(
            f"ratification {v.delegation} {v.kind}: {'passed' if v.passed else 'failed'} "
            f"for={v.share_for:.3f} p={v.probability:.3f}"
        )
    if view.outcome is not None:
        o = view.outcome
        lines.append(
            f"outcome: {o.result} paradigm={o.paradigm} own={_num(o.own_points)} surplus={_num(o.own_surplus)}"
            f" side={_num(o.own_side_terms)}"
        )
    return "\n".join(lines) + "\n"
