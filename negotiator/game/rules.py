"""The rules as a pure reducer: ``new_game``, ``legal_commands``, ``is_legal``, ``apply``, ``whose_turn``.

Phases: briefing (each seat reads its brief and ends its turn) -> rounds (seats take turns in seating order until the
deadline) -> signature (each signatory signs the agreed text, or walks out) -> ratification (each side's Knesset vote or
referendum, through the publics) -> outcome.

In a round, on its turn a seat may take *free actions* (accept or reject open proposals, one statement, up to two
private messages, one request to the mediator, up to two side-term pledges for a third party) and then one *main
action* that ends its turn (table a proposal, counter-propose, end the turn, walk out). A full proposal that every
signatory has accepted (the proposer's tabling counts as its acceptance) is the agreement and opens the signature phase;
a partial one accepted by every signatory settles its issues provisionally ("nothing is agreed until everything is
agreed", but the record shows it). At the end of every round the publics are polled on the current negotiating text;
at the start of each round events are drawn from the scenario's deck.

Chance comes only from :func:`chance`: a ``np.random.Generator`` seeded by (setup seed, command index, stream), so
replaying the same commands gives the same game on every machine.
"""

from __future__ import annotations

from dataclasses import replace

import numpy as np

from negotiator.game.commands import (
    TYPE_NAMES,
    Accept,
    AskMediator,
    Command,
    CounterPropose,
    EndTurn,
    Intervention,
    OfferSideTerms,
    PrivateMessage,
    Reject,
    Sign,
    Statement,
    TableProposal,
    WalkOut,
    command_type,
)
from negotiator.game.errors import IllegalCommand
from negotiator.game.events import GameEvent
from negotiator.game.publics import PollRow
from negotiator.game.runtime import ScenarioRuntime
from negotiator.game.setup import GameSetup, check_setup
from negotiator.game.state import Context, Entry, GameState, Outcome, Poll, Proposal, SideTerm, Trail
from negotiator.game.statements import STATEMENTS_BY_ID
from negotiator.game.table import text_on_table
from negotiator.model.paradigm import classify
from negotiator.model.schema import Scenario
from negotiator.text import Message

SIDE_TERMS_BUDGET = 12.0
"""Points a third party can pledge over a game (design choice: enough to bridge a small gap, not to buy a deal)."""
MAX_EVENTS_PER_ROUND = 2
FREE_LIMITS: dict[str, int] = {"statement": 1, "private-message": 2, "ask-mediator": 1, "offer-side-terms": 2}
MAIN_ACTIONS = (TableProposal, CounterPropose, EndTurn, WalkOut)

# chance streams
_EVENTS = 1
_RATIFY = 2
_POLL = 3


def chance(seed: int, move: int, stream: int) -> np.random.Generator:
    """The generator for one stream of chance at one command index (PCG64 via SeedSequence: same on every machine)."""
    return np.random.default_rng(np.random.SeedSequence([seed, move, stream]))


def make_context(scenario: Scenario, setup: GameSetup, runtime: ScenarioRuntime | None = None) -> Context:
    """The game's context; ``runtime`` is the scenario's (a fresh one when not given: pass the same runtime to every
    game, fold and bot of a scenario so they share its simulated people instead of building them again)."""
    rt = runtime if runtime is not None else ScenarioRuntime(scenario)
    if rt.scenario is not scenario:
        raise ValueError(
            f"the runtime was built for another scenario object ({rt.scenario.id!r}); build one for this one"
        )
    seated = setup.seat_ids
    return Context(
        scenario=scenario,
        runtime=rt,
        compiled=rt.compiled,
        publics=rt.publics,
        signatories=tuple(s for s in scenario.rules.signatories),
        mediators=tuple(d.id for d in scenario.delegations if d.role == "mediator" and d.id in seated),
        third_parties=tuple(d.id for d in scenario.delegations if d.role != "principal" and d.id in seated),
    )


def new_game(scenario: Scenario, setup: GameSetup, runtime: ScenarioRuntime | None = None) -> GameState:
    """The state before the first command: the briefing phase (``runtime``: see :func:`make_context`)."""
    check_setup(scenario, setup)
    ctx = make_context(scenario, setup, runtime)
    order = [
        d.id for d in scenario.delegations if d.id in setup.seat_ids
    ]  # seating follows the scenario's order
    return GameState(
        setup=setup,
        phase="briefing",
        round=0,
        active=tuple(order),
        done=(),
        turn_used=(),
        proposals=(),
        transcript=(),
        side_terms=(),
        events=(),
        polls=(),
        opinion=ctx.publics.initial(),
        provisional=(),
        agreed="",
        signatures=(),
        ratification=(),
        outcome=None,
        moves=0,
        ctx=ctx,
    )


def whose_turn(state: GameState) -> str | None:
    if state.classroom.paused:  # the trainer paused the table: nobody moves
        return None
    if state.phase in ("briefing", "rounds"):
        return next((s for s in state.active if s not in state.done), None)
    if state.phase == "signature":
        return next((s for s in state.ctx.signatories if s not in state.signatures), None)
    return None


def side_terms_left(state: GameState, seat: str) -> float:
    return SIDE_TERMS_BUDGET - sum(t.points for t in state.side_terms if t.by == seat)


# ---------------------------------------------------------------------------------------------------- legality
def check(state: GameState, cmd: Command) -> None:
    """Raise :class:`IllegalCommand` saying why ``cmd`` is not allowed now; return quietly if it is."""
    if not isinstance(cmd, Command) or type(cmd) is Command:
        raise IllegalCommand("not a command")
    seat = cmd.seat
    if seat not in state.setup.seat_ids:
        raise IllegalCommand(f"{seat!r} has no seat in this game")
    if state.phase in ("ratification", "outcome"):
        raise IllegalCommand("the talks are over")
    if state.classroom.paused:
        raise IllegalCommand("the trainer has paused this table; wait until it resumes")
    turn = whose_turn(state)
    if seat != turn:
        raise IllegalCommand(f"it is not {seat}'s turn (it is {turn}'s)")
    if state.phase == "briefing":
        if not isinstance(cmd, EndTurn):
            raise IllegalCommand("in the briefing, each delegation reads its brief and ends its turn")
        return
    if state.phase == "signature":
        if not isinstance(cmd, Sign | WalkOut):
            raise IllegalCommand("in the signature phase, a signatory signs or walks out")
        return
    # rounds
    if isinstance(cmd, Sign):
        raise IllegalCommand("there is no agreed text to sign yet")
    kind = command_type(cmd)
    if kind in FREE_LIMITS and state.turn_used.count(kind) >= FREE_LIMITS[kind]:
        raise IllegalCommand(f"only {FREE_LIMITS[kind]} {kind} per turn")
    if isinstance(cmd, TableProposal | CounterPropose):
        _check_package(state, cmd.package, cmd.partial)
    if isinstance(cmd, Accept | Reject | CounterPropose):
        try:
            prop = state.proposal(cmd.proposal_id)
        except KeyError:
            raise IllegalCommand(f"no proposal {cmd.proposal_id!r}") from None
        if prop.status != "open":
            raise IllegalCommand(f"proposal {prop.id} is {prop.status}, not open")
        if prop.by == seat:
            raise IllegalCommand("a delegation does not answer its own proposal")
        if seat in prop.accepted_by or any(s == seat for s, _ in prop.rejected_by):
            raise IllegalCommand(f"{seat} has already answered proposal {prop.id}")
    if isinstance(cmd, Reject | CounterPropose):
        issues = {i.id for i in state.scenario.issues}
        for r in cmd.reasons:
            if r not in issues:
                raise IllegalCommand(f"reasons name issues; {r!r} is not one")
    if isinstance(cmd, Statement):
        text = STATEMENTS_BY_ID.get(cmd.text_id)
        if text is None:
            raise IllegalCommand(f"no statement {cmd.text_id!r}")
        if text.tone != cmd.tone:
            raise IllegalCommand(f"statement {cmd.text_id!r} is {text.tone}, not {cmd.tone}")
    if isinstance(cmd, OfferSideTerms):
        if seat not in state.ctx.third_parties:
            raise IllegalCommand("only a third party or mediator can pledge side terms")
        if cmd.beneficiary not in state.active or cmd.beneficiary == seat:
            raise IllegalCommand(f"{cmd.beneficiary!r} is not another delegation at the table")
        if cmd.points > side_terms_left(state, seat) + 1e-9:
            raise IllegalCommand(f"{seat} has only {side_terms_left(state, seat):.1f} points of means left")
        if cmd.proposal_id:
            try:
                if state.proposal(cmd.proposal_id).status != "open":
                    raise IllegalCommand(f"proposal {cmd.proposal_id} is not open")
            except KeyError:
                raise IllegalCommand(f"no proposal {cmd.proposal_id!r}") from None
    if isinstance(cmd, AskMediator) and not any(m in state.active and m != seat for m in state.ctx.mediators):
        raise IllegalCommand("there is no mediator at the table")
    if isinstance(cmd, PrivateMessage) and (cmd.to not in state.active or cmd.to == seat):
        raise IllegalCommand(f"{cmd.to!r} is not another delegation at the table")


def _check_package(state: GameState, package: tuple[tuple[str, str], ...], partial: bool) -> None:
    scenario = state.scenario
    issues = {i.id: {o.id for o in i.options} for i in scenario.issues}
    for issue_id, option_id in package:
        if issue_id not in issues:
            raise IllegalCommand(f"no issue {issue_id!r}")
        if option_id not in issues[issue_id]:
            raise IllegalCommand(f"issue {issue_id!r} has no option {option_id!r}")
    if not partial and len(package) != len(issues):
        raise IllegalCommand("a full proposal settles every issue (mark it partial otherwise)")
    if partial and not package:
        raise IllegalCommand("a partial proposal settles at least one issue")


def is_legal(state: GameState, cmd: Command) -> bool:
    try:
        check(state, cmd)
    except IllegalCommand:
        return False
    return True


def legal_kinds(state: GameState, seat: str) -> tuple[str, ...]:
    """Command types ``seat`` may use now (packages for table/counter are free choices over the scenario's options).

    The types of :func:`legal_commands` plus ``table-proposal`` (and ``counter-propose`` when there is a proposal to
    answer), decided by the same conditions without building the commands (every seat's view asks, every move)."""
    if whose_turn(state) != seat:
        return ()
    if state.phase == "briefing":
        return ("end-turn",)
    if state.phase == "signature":
        return ("sign", "walk-out")
    kinds = {TYPE_NAMES[EndTurn], TYPE_NAMES[WalkOut], TYPE_NAMES[TableProposal]}
    if any(_may_answer(p, seat) for p in state.open_proposals()):
        kinds |= {TYPE_NAMES[Accept], TYPE_NAMES[Reject], TYPE_NAMES[CounterPropose]}
    others = any(to != seat for to in state.active)
    if STATEMENTS_BY_ID and _free(state, "statement"):
        kinds.add(TYPE_NAMES[Statement])
    if others and _free(state, "private-message"):
        kinds.add(TYPE_NAMES[PrivateMessage])
    if _may_ask_mediator(state, seat):
        kinds.add(TYPE_NAMES[AskMediator])
    if others and _may_offer_side_terms(state, seat):
        kinds.add(TYPE_NAMES[OfferSideTerms])
    return tuple(sorted(kinds))


def _may_answer(p: Proposal, seat: str) -> bool:
    return p.by != seat and seat not in p.accepted_by and all(s != seat for s, _ in p.rejected_by)


def _free(state: GameState, kind: str) -> bool:
    """Whether this turn still allows ``kind`` (statements, private messages... are limited per turn)."""
    return state.turn_used.count(kind) < FREE_LIMITS[kind]


def _may_ask_mediator(state: GameState, seat: str) -> bool:
    return _free(state, "ask-mediator") and any(m in state.active and m != seat for m in state.ctx.mediators)


def _may_offer_side_terms(state: GameState, seat: str) -> bool:
    return (
        seat in state.ctx.third_parties
        and _free(state, "offer-side-terms")
        and side_terms_left(state, seat) >= 1.0
    )


def legal_commands(state: GameState, seat: str) -> list[Command]:
    """Every legal command for ``seat`` now, except proposals and pledges' amounts.

    Packages are free choices over the scenario's options, so table-proposal and counter-propose are not listed (use
    :func:`legal_kinds` to know whether they are allowed); private messages are listed with empty text and side terms
    with one point, as templates. :func:`is_legal` checks any concrete command.
    """
    if whose_turn(state) != seat:
        return []
    if state.phase == "briefing":
        return [EndTurn(seat)]
    if state.phase == "signature":
        return [Sign(seat), WalkOut(seat)]
    out: list[Command] = [EndTurn(seat), WalkOut(seat)]
    for p in state.open_proposals():
        if _may_answer(p, seat):
            out.append(Accept(seat, p.id))
            out.append(Reject(seat, p.id))
    if _free(state, "statement"):
        for text in STATEMENTS_BY_ID.values():
            out.append(Statement(seat, text.tone, text.id))
    if _free(state, "private-message"):
        out.extend(PrivateMessage(seat, to, "") for to in state.active if to != seat)
    if _may_ask_mediator(state, seat):
        out.append(AskMediator(seat))
    if _may_offer_side_terms(state, seat):
        for b in state.active:
            if b != seat:
                out.append(OfferSideTerms(seat, "guarantee", b, 1.0))
    return out


# ---------------------------------------------------------------------------------------------------- apply
def apply(state: GameState, cmd: Command) -> tuple[GameState, tuple[GameEvent, ...]]:
    """Apply one command. Pure: returns the new state and what changed; raises IllegalCommand leaving state untouched."""
    if isinstance(cmd, Intervention):  # the trainer's: its own module (it folds the log again for a rollback)
        from negotiator.game.interventions import apply_intervention

        return apply_intervention(state, cmd)
    check(state, cmd)
    events: list[GameEvent] = []
    move = state.moves
    s = state
    if s.phase == "briefing":
        s = _end_turn(s, cmd, events)
    elif s.phase == "signature":
        s = _signature(s, cmd, events)
    else:
        s = _round_action(s, cmd, events)
    s = replace(s, moves=move + 1, trail=Trail(cmd, state.trail))
    return s, tuple(events)


def _log(
    s: GameState, seat: str, kind: str, ref: str, reason: str | Message, audience: tuple[str, ...] = ()
) -> GameState:
    entry = Entry(len(s.transcript), s.round, seat, kind, ref, reason, audience)
    return replace(s, transcript=(*s.transcript, entry))


def _end_turn(s: GameState, cmd: Command, events: list[GameEvent]) -> GameState:
    """Mark the seat done; end the briefing or the round when everyone is."""
    if isinstance(cmd, EndTurn):
        s = _log(s, cmd.seat, "end-turn", "", cmd.reason)
        events.append(GameEvent("turn_did_end", cmd.seat))
    s = replace(s, done=(*s.done, cmd.seat), turn_used=())
    if any(a not in s.done for a in s.active):
        return s
    if s.phase == "briefing":
        s = replace(s, phase="rounds", round=1, done=())
        events.append(GameEvent("phase_did_change", ref="rounds"))
        return _start_round(s, events)
    return _end_round(s, events)


def _start_round(s: GameState, events: list[GameEvent]) -> GameState:
    rules = s.scenario.rules
    rng = chance(s.setup.seed, s.moves, _EVENTS)
    n = min(int(rng.poisson(rules.events_per_round)), MAX_EVENTS_PER_ROUND)
    drawn = {e for _, e in s.events}
    for _ in range(n):
        deck = [
            e for e in s.scenario.events if e.earliest_round <= s.round and not (e.once and e.id in drawn)
        ]
        if not deck:
            break
        w = np.array([e.weight for e in deck], dtype=float)
        pick = deck[int(rng.choice(len(deck), p=w / w.sum()))]
        drawn.add(pick.id)
        s = replace(
            s, events=(*s.events, (s.round, pick.id)), opinion=s.ctx.publics.after_event(s.opinion, pick)
        )
        s = _log(s, "", "event", pick.id, "")
        events.append(GameEvent("event_did_occur", ref=pick.id))
    return s


def _end_round(s: GameState, events: list[GameEvent]) -> GameState:
    text = text_on_table(s.proposals, s.agreed)  # the text the publics judge
    if text is not None:
        rows = s.ctx.publics.poll(s.opinion, text.as_dict(), text.by, chance(s.setup.seed, s.moves, _POLL))
        s = replace(s, polls=(*s.polls, Poll(s.round, text.id, rows)))
        events.append(GameEvent("poll_did_update", ref=text.id))
    s = replace(
        s,
        opinion=s.ctx.publics.after_round(
            s.opinion, text.as_dict() if text else None, text.by if text else None
        ),
    )
    events.append(GameEvent("round_did_end", ref=str(s.round)))
    if s.round >= s.scenario.rules.rounds:
        return _finish(s, "deadline", events)
    s = replace(s, round=s.round + 1, done=(), turn_used=())
    return _start_round(s, events)


def _round_action(s: GameState, cmd: Command, events: list[GameEvent]) -> GameState:
    seat = cmd.seat
    kind = command_type(cmd)
    if kind in FREE_LIMITS:
        s = replace(s, turn_used=(*s.turn_used, kind))
    if isinstance(cmd, Accept):
        return _accept(s, seat, cmd.proposal_id, cmd.reason, events)
    if isinstance(cmd, Reject):
        return _reject(s, seat, cmd.proposal_id, cmd.reasons, cmd.reason, events)
    if isinstance(cmd, CounterPropose):
        s = _reject(s, seat, cmd.proposal_id, cmd.reasons, "", events)
        s = _table(s, seat, cmd.package, cmd.partial, cmd.reason, events, counter_to=cmd.proposal_id)
        return s if s.phase != "rounds" else _end_turn(s, cmd, events)
    if isinstance(cmd, TableProposal):
        s = _table(s, seat, cmd.package, cmd.partial, cmd.reason, events)
        return s if s.phase != "rounds" else _end_turn(s, cmd, events)
    if isinstance(cmd, Statement):
        s = replace(s, opinion=s.ctx.publics.after_statement(s.opinion, seat, STATEMENTS_BY_ID[cmd.text_id]))
        events.append(GameEvent("statement_did_make", seat, cmd.text_id))
        return _log(s, seat, "statement", cmd.text_id, cmd.reason)
    if isinstance(cmd, OfferSideTerms):
        term = SideTerm(
            f"t{len(s.side_terms) + 1}",
            seat,
            cmd.kind,
            cmd.beneficiary,
            round(cmd.points, 6),
            cmd.proposal_id,
            s.round,
        )
        s = replace(
            s,
            side_terms=(*s.side_terms, term),
            opinion=s.ctx.publics.after_guarantee(s.opinion, cmd.beneficiary, cmd.points),
        )
        events.append(GameEvent("side_terms_did_offer", seat, term.id))
        return _log(s, seat, "offer-side-terms", term.id, cmd.reason)
    if isinstance(cmd, AskMediator):
        mediators = tuple(m for m in s.ctx.mediators if m in s.active and m != seat)
        s = _log(s, seat, "ask-mediator", "", "", ())  # that a seat asked is public ...
        s = _log(
            s, seat, "ask-mediator-note", "", cmd.reason, tuple(sorted({seat, *mediators}))
        )  # ... why is not
        events.append(GameEvent("mediator_did_get_asked", seat))  # public, like the request itself
        return s
    if isinstance(cmd, PrivateMessage):
        audience = tuple(sorted({seat, cmd.to}))
        s = _log(s, seat, "private-message", cmd.to, cmd.text, audience)
        events.append(GameEvent("message_did_send", seat, cmd.to, audience=audience))
        return s
    if isinstance(cmd, WalkOut):
        s = _log(s, seat, "walk-out", "", cmd.reason)
        events.append(GameEvent("seat_did_walk_out", seat))
        if seat in s.ctx.signatories:
            return _finish(s, "walkout", events)
        props = tuple(
            replace(p, status="expired") if p.by == seat and p.status == "open" else p for p in s.proposals
        )
        s = replace(s, active=tuple(a for a in s.active if a != seat), proposals=props, turn_used=())
        if all(a in s.done for a in s.active):
            return _end_round(s, events)
        return s
    assert isinstance(cmd, EndTurn)
    return _end_turn(s, cmd, events)


def _table(
    s: GameState,
    seat: str,
    package: tuple[tuple[str, str], ...],
    partial: bool,
    reason: str | Message,
    events: list[GameEvent],
    counter_to: str = "",
) -> GameState:
    order = {i.id: k for k, i in enumerate(s.scenario.issues)}
    pkg = tuple(sorted(package, key=lambda pair: order[pair[0]]))  # canonical order: scenario's issues
    pid = f"p{len(s.proposals) + 1}"
    props = tuple(
        replace(p, status="superseded") if p.by == seat and p.status == "open" else p for p in s.proposals
    )
    accepted = (seat,) if seat in s.ctx.signatories else ()
    prop = Proposal(pid, seat, pkg, partial, s.round, "open", accepted)
    s = replace(s, proposals=(*props, prop))
    s = _log(s, seat, "counter-propose" if counter_to else "table-proposal", pid, reason)
    events.append(GameEvent("proposal_did_table", seat, pid))
    return _settle_if_agreed(s, pid, events)


def _accept(s: GameState, seat: str, pid: str, reason: str | Message, events: list[GameEvent]) -> GameState:
    props = tuple(replace(p, accepted_by=(*p.accepted_by, seat)) if p.id == pid else p for p in s.proposals)
    s = replace(s, proposals=props)
    s = _log(s, seat, "accept", pid, reason)
    events.append(GameEvent("proposal_did_accept", seat, pid))
    return _settle_if_agreed(s, pid, events)


def _reject(
    s: GameState,
    seat: str,
    pid: str,
    reasons: tuple[str, ...],
    reason: str | Message,
    events: list[GameEvent],
) -> GameState:
    is_signatory = seat in s.ctx.signatories
    props = tuple(
        replace(
            p,
            rejected_by=(*p.rejected_by, (seat, tuple(reasons))),
            status="rejected" if is_signatory else p.status,
        )
        if p.id == pid
        else p
        for p in s.proposals
    )
    s = replace(s, proposals=props)
    s = _log(s, seat, "reject", pid, reason)
    events.append(GameEvent("proposal_did_reject", seat, pid))
    return s


def _settle_if_agreed(s: GameState, pid: str, events: list[GameEvent]) -> GameState:
    prop = s.proposal(pid)
    if not all(sig in prop.accepted_by for sig in s.ctx.signatories):
        return s
    if prop.partial:
        settled = dict(s.provisional)
        settled.update(prop.package)
        order = {i.id: k for k, i in enumerate(s.scenario.issues)}
        provisional = tuple(sorted(settled.items(), key=lambda kv: order[kv[0]]))
        props = tuple(replace(p, status="agreed-in-part") if p.id == pid else p for p in s.proposals)
        events.append(GameEvent("provisional_did_agree", prop.by, pid))
        return replace(s, proposals=props, provisional=provisional)
    props = tuple(
        replace(p, status="agreed")
        if p.id == pid
        else (replace(p, status="expired") if p.status == "open" else p)
        for p in s.proposals
    )
    s = replace(s, proposals=props, agreed=pid, phase="signature", turn_used=())
    events.append(GameEvent("agreement_did_reach", prop.by, pid))
    events.append(GameEvent("phase_did_change", ref="signature"))
    return s


def _signature(s: GameState, cmd: Command, events: list[GameEvent]) -> GameState:
    if isinstance(cmd, WalkOut):
        s = _log(s, cmd.seat, "walk-out", s.agreed, cmd.reason)
        events.append(GameEvent("seat_did_walk_out", cmd.seat))
        return _finish(s, "walkout", events)
    s = replace(s, signatures=(*s.signatures, cmd.seat))
    s = _log(s, cmd.seat, "sign", s.agreed, cmd.reason)
    events.append(GameEvent("signature_did_add", cmd.seat, s.agreed))
    if any(sig not in s.signatures for sig in s.ctx.signatories):
        return s
    s = replace(s, phase="ratification")
    events.append(GameEvent("phase_did_change", ref="ratification"))
    package = s.proposal(s.agreed).as_dict()
    votes = s.ctx.publics.ratify(s.opinion, package, chance(s.setup.seed, s.moves, _RATIFY))
    s = replace(s, ratification=votes)
    for v in votes:
        s = _log(s, v.delegation, "ratification", v.kind, "passed" if v.passed else "failed")
    events.append(
        GameEvent("ratification_did_conclude", ref="passed" if all(v.passed for v in votes) else "failed")
    )
    return _finish(s, "ratified" if all(v.passed for v in votes) else "rejected-at-home", events)


def _finish(s: GameState, result: str, events: list[GameEvent]) -> GameState:
    ctx = s.ctx
    seated = [d for d in s.scenario.delegations if d.id in s.setup.seat_ids]
    package: tuple[tuple[str, str], ...] = ()
    package_points: tuple[tuple[str, float], ...] = ()
    side: dict[str, float] = {}
    verdict: tuple[PollRow, ...] = ()
    paradigm = "status-quo"
    if s.agreed and result in ("ratified", "rejected-at-home"):
        prop = s.proposal(s.agreed)
        package = prop.package
        pts = ctx.compiled.score_one(prop.as_dict())
        package_points = tuple((d.id, round(pts[d.id], 6)) for d in seated)
        verdict = ctx.publics.poll(s.opinion, prop.as_dict(), None)
        paradigm = classify(s.scenario, prop.as_dict()).paradigm
        for t in s.side_terms:
            if t.proposal_id in ("", prop.id):
                side[t.beneficiary] = side.get(t.beneficiary, 0.0) + t.points
    if result == "ratified":
        points = tuple((d, round(p + side.get(d, 0.0), 6)) for d, p in package_points)
    else:
        points = tuple((d.id, d.reservation_value) for d in seated)
    outcome = Outcome(
        result,
        s.agreed if package else "",
        package,
        paradigm,
        points,
        package_points,
        tuple(sorted((k, round(v, 6)) for k, v in side.items())),
        verdict,
    )
    s = replace(s, phase="outcome", outcome=outcome, turn_used=())
    s = _log(s, "", "outcome", result, "")
    events.append(GameEvent("phase_did_change", ref="outcome"))
    events.append(GameEvent("outcome_did_settle", ref=result))
    return s
