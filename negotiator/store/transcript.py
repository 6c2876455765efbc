"""A game's transcript for the debrief: every move with its round, seat, text, points and the polls at that time.

Built by replaying the stored log through the real rules (so a transcript is only ever made from a game that
verifies). Two copies: the **trainer's** copy carries every delegation's confidential points for each package moved
and the private messages; the **public** copy (safe to hand to the class) leaves both out.

The stored game holds no words in any language (bot reasons are message ids with arguments): the sentences of a
transcript are rendered in the language asked for (``lang``; ids ``transcript.*`` and ``happened.*``).

Formats: JSON (the transcript plus the full setup and command log, so the file can be checked again) and CSV (one row
per move, for a spreadsheet).
"""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, Literal

from negotiator.game.commands import (
    Accept,
    AskMediator,
    Command,
    CounterPropose,
    EndTurn,
    OfferSideTerms,
    PrivateMessage,
    Reject,
    Sign,
    Statement,
    TableProposal,
    WalkOut,
    command_type,
)
from negotiator.game.events import GameEvent
from negotiator.game.sentences import OUTCOMES, outcome_message
from negotiator.game.state import GameState
from negotiator.game.statements import STATEMENTS_BY_ID
from negotiator.model.names import ScenarioNames
from negotiator.session.log import LoadedGame, replay
from negotiator.text import Message, Ref, delegation, event, issue, option, render

Copy = Literal["trainer", "public"]
FORMAT = "negotiator-transcript"
FORMAT_VERSION = 1


@dataclass(frozen=True, slots=True)
class Move:
    number: int
    round: int
    phase: str
    seat: str
    type: str
    text: str
    reason: str
    proposal: str
    package: tuple[tuple[str, str], ...]
    points: dict[str, float] | None
    happened: tuple[str, ...]
    poll_round: int | None
    poll_subject: str
    poll: tuple[tuple[str, float, float, float, float, float], ...]
    """(group, support, oppose, undecided, low, high) of the latest poll published by then."""


def _pkg(package: Sequence[tuple[str, str]], names: ScenarioNames | None = None, lang: str = "en") -> str:
    """A package as ``issue=option`` ids (the English transcript: a compact record a trainer can grep), or in
    another language as the options' names in that language (ids would read as English)."""
    if names is None or lang == "en":
        return ", ".join(f"{i}={o}" for i, o in package)
    sep = "، " if lang == "ar" else ", "
    return sep.join(_name(names, option(i, o), lang, o) for i, o in package)


def _to(seat: str, lang: str) -> str | Ref:
    """Whom a private message went to: the seat's id in English (as before), its name in another language."""
    return seat if lang == "en" or not seat else delegation(seat)


def _name(names: ScenarioNames, ref: Ref, lang: str, fallback: str) -> str:
    try:
        return names.name(ref, lang)
    except KeyError:
        return fallback


def _package_of(
    cmd: Command, before: GameState, after: GameState
) -> tuple[str, tuple[tuple[str, str], ...], bool]:
    """The proposal a move concerns, its package, and whether that package is partial."""
    if isinstance(cmd, TableProposal | CounterPropose):
        newest = after.proposals[-1] if len(after.proposals) > len(before.proposals) else None
        if newest is not None:
            return newest.id, newest.package, newest.partial
        return "", tuple(cmd.package), cmd.partial
    pid = ""
    if isinstance(cmd, Accept | Reject):
        pid = cmd.proposal_id
    elif isinstance(cmd, Sign):
        pid = before.agreed
    if pid:
        for p in before.proposals:
            if p.id == pid:
                return p.id, p.package, p.partial
    return pid, (), False


def _describe(
    cmd: Command,
    proposal: str,
    package: tuple[tuple[str, str], ...],
    before: GameState,
    copy: Copy,
    names: ScenarioNames | None = None,
    lang: str = "en",
) -> Message:
    if isinstance(cmd, EndTurn):
        return Message("transcript.ready" if before.phase == "briefing" else "transcript.end-turn")
    if isinstance(cmd, CounterPropose):
        return Message.of(
            "transcript.counter-propose",
            rejected=cmd.proposal_id,
            proposal=proposal,
            package=_pkg(package, names, lang),
        )
    if isinstance(cmd, TableProposal):
        kind = "transcript.table-proposal.partial" if cmd.partial else "transcript.table-proposal"
        return Message.of(kind, proposal=proposal, package=_pkg(package, names, lang))
    if isinstance(cmd, Accept):
        return Message.of("transcript.accept", proposal=cmd.proposal_id)
    if isinstance(cmd, Reject):
        if cmd.reasons:
            return Message.of(
                "transcript.reject.objects",
                proposal=cmd.proposal_id,
                issues=", ".join(cmd.reasons)
                if names is None or lang == "en"
                else ("، " if lang == "ar" else ", ").join(
                    _name(names, issue(i), lang, i) for i in cmd.reasons
                ),
            )
        return Message.of("transcript.reject", proposal=cmd.proposal_id)
    if isinstance(cmd, Statement):
        words: str | Message = (
            STATEMENTS_BY_ID[cmd.text_id].message if cmd.text_id in STATEMENTS_BY_ID else cmd.text_id
        )
        return Message.of("transcript.statement", tone=Message(f"tone.{cmd.tone}"), words=words)
    if isinstance(cmd, OfferSideTerms):
        kind = "transcript.pledge.on" if cmd.proposal_id else "transcript.pledge.any"
        return Message.of(
            kind,
            what=Message(f"side-terms.{cmd.kind}"),
            points=cmd.points,
            beneficiary=cmd.beneficiary,
            proposal=cmd.proposal_id,
        )
    if isinstance(cmd, AskMediator):
        return Message("transcript.ask-mediator")
    if isinstance(cmd, PrivateMessage):
        if copy == "trainer":
            return Message.of("transcript.private-message.text", to=_to(cmd.to, lang), text=cmd.text)
        return Message.of("transcript.private-message", to=_to(cmd.to, lang))
    if isinstance(cmd, WalkOut):
        return Message("transcript.walk-out")
    if isinstance(cmd, Sign):
        return Message.of("transcript.sign", proposal=proposal)
    return Message.of("transcript.other", kind=command_type(cmd))


# How each kind of game event reads in a transcript (message ids; ``ref`` is the event's reference).
_HAPPENED: dict[str, str] = {
    "poll_did_update": "happened.poll",
    "round_did_end": "happened.round-end",
    "phase_did_change": "happened.phase",
    "agreement_did_reach": "happened.agreement",
    "provisional_did_agree": "happened.provisional",
    "ratification_did_conclude": "happened.ratification",
    "outcome_did_settle": "happened.outcome",
}


_PHASES = frozenset({"briefing", "rounds", "signature", "ratification", "outcome"})
"""Phases with a name in the catalogues (``phase.*``): another language shows the name, English the id as before."""


def _happened(events: Sequence[GameEvent], copy: Copy, lang: str = "en") -> tuple[Message, ...]:
    out = []
    for e in events:
        if e.audience and copy != "trainer":
            continue
        if e.kind == "event_did_occur":
            out.append(Message.of("happened.event", title=event(e.ref)))
        elif e.kind == "phase_did_change" and lang != "en" and e.ref in _PHASES:
            out.append(Message.of("happened.phase", ref=Message(f"phase.{e.ref}")))
        elif e.kind == "ratification_did_conclude" and lang != "en" and e.ref in ("passed", "failed"):
            out.append(Message.of("happened.ratification", ref=Message(f"happened.vote.{e.ref}")))
        elif e.kind == "outcome_did_settle" and lang != "en" and e.ref in OUTCOMES:
            out.append(Message.of("happened.outcome", ref=outcome_message(e.ref)))
        elif e.kind in _HAPPENED:
            out.append(Message.of(_HAPPENED[e.kind], ref=e.ref))
    return tuple(out)


def moves(game: LoadedGame, copy: Copy = "trainer", lang: str = "en") -> list[Move]:
    """Every move of a verified game, in order, its sentences in ``lang`` (the stored game holds no words)."""
    names = ScenarioNames(game.scenario)
    out: list[Move] = []
    for step in replay(_rules(), game.scenario, game.setup, game.commands):
        cmd: Command = step.command
        before: GameState = step.before
        after: GameState = step.after
        proposal, package, partial = _package_of(cmd, before, after)
        points = None
        if copy == "trainer" and package and not partial:
            scored = after.ctx.compiled.score_one(dict(package))
            points = {d: round(scored[d], 2) for d in after.setup.seat_ids}
        private = isinstance(cmd, PrivateMessage | AskMediator)
        reason = render(cmd.reason, lang, names) if copy == "trainer" or not private else ""
        poll = after.polls[-1] if after.polls else None
        out.append(
            Move(
                number=step.index + 1,
                round=step.round,
                phase=before.phase,
                seat=step.seat,
                type=command_type(cmd),
                text=render(_describe(cmd, proposal, package, before, copy, names, lang), lang, names),
                reason=reason,
                proposal=proposal,
                package=tuple(package),
                points=points,
                happened=tuple(render(m, lang, names) for m in _happened(step.events, copy, lang)),
                poll_round=poll.round if poll else None,
                poll_subject=poll.subject if poll else "",
                poll=tuple((r.group, r.support, r.oppose, r.undecided, r.low, r.high) for r in poll.rows)
                if poll
                else (),
            )
        )
    return out


def _rules() -> Any:
    from negotiator.session.standard import StandardRules

    return StandardRules()


def to_json(game: LoadedGame, copy: Copy = "trainer", lang: str = "en") -> dict[str, Any]:
    """The transcript as a JSON-safe dict (with the setup and command log when it is the trainer's copy); its
    sentences in ``lang``."""
    state: GameState = game.state
    header = game.saved.header
    seats = []
    for seat in game.setup.seats:
        entry: dict[str, Any] = {
            "delegation": seat.delegation,
            "controller": seat.controller,
            "persona": seat.persona,
        }
        if copy == "trainer":
            entry["walk_away"] = game.scenario.delegation(seat.delegation).reservation_value
        seats.append(entry)
    outcome = None
    if state.outcome is not None:
        o = state.outcome
        outcome = {
            "result": o.result,
            "proposal": o.proposal_id,
            "package": dict(o.package),
            "paradigm": o.paradigm,
            "verdict": {r.group: r.support for r in o.verdict},
            "ratification": [
                {"delegation": v.delegation, "kind": v.kind, "passed": v.passed, "share_for": v.share_for}
                for v in state.ratification
            ],
        }
        if copy == "trainer":
            outcome["points"] = dict(o.points)
            outcome["package_points"] = dict(o.package_points)
            outcome["side_terms"] = dict(o.side_terms)
    doc: dict[str, Any] = {
        "format": FORMAT,
        "format_version": FORMAT_VERSION,
        "copy": copy,
        "game": {
            "id": header.game_id,
            "scenario_id": header.scenario_id,
            "scenario_title": game.scenario.scenario.title,
            "scenario_version": header.scenario_version,
            "mode": header.mode,
            "seed": game.setup.seed,
            "seats": seats,
            "created_at": game.saved.created_at.isoformat(),
            "last_played": game.saved.updated_at.isoformat(),
            "source": game.saved.source,
            "rounds": game.scenario.rules.rounds,
            "phase": state.phase,
            "round": state.round,
            "state_hash": game.progress.state_hash,
            "verified": True,
        },
        "language": lang,
        "moves": [_move_json(m) for m in moves(game, copy, lang)],
        "outcome": outcome,
    }
    if copy == "trainer":
        doc["log"] = {
            "setup": game.setup.to_dict(),
            "commands": [dict(r.payload) for r in game.saved.commands],
        }
    return doc


def _move_json(m: Move) -> dict[str, Any]:
    out: dict[str, Any] = {
        "move": m.number,
        "round": m.round,
        "phase": m.phase,
        "seat": m.seat,
        "type": m.type,
        "text": m.text,
        "reason": m.reason,
        "proposal": m.proposal,
        "package": dict(m.package),
    }
    if m.points is not None:
        out["points"] = m.points
    out["happened"] = list(m.happened)
    out["poll"] = (
        None
        if m.poll_round is None
        else {
            "round": m.poll_round,
            "subject": m.poll_subject,
            "groups": {
                g: {"support": s, "oppose": o, "undecided": u, "interval90": [lo, hi]}
                for g, s, o, u, lo, hi in m.poll
            },
        }
    )
    return out


def to_csv(game: LoadedGame, copy: Copy = "trainer", lang: str = "en") -> str:
    """One row per move; ``points_<seat>`` columns in the trainer's copy, ``support_<group>`` for the latest poll;
    sentences in ``lang``."""
    rows = moves(game, copy, lang)
    seats = [s.delegation for s in game.setup.seats] if copy == "trainer" else []
    groups = sorted({g for m in rows for g, *_ in m.poll})
    header = [
        "move",
        "round",
        "phase",
        "seat",
        "type",
        "text",
        "reason",
        "proposal",
        "package",
        *[f"points_{s}" for s in seats],
        "happened",
        "poll_round",
        "poll_subject",
        *[f"support_{g}" for g in groups],
    ]
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\n")
    writer.writerow(header)
    for m in rows:
        support = {g: s for g, s, *_ in m.poll}
        writer.writerow(
            [
                m.number,
                m.round,
                m.phase,
                m.seat,
                m.type,
                _cell(m.text),
                _cell(m.reason),
                m.proposal,
                _pkg(m.package),
                *[("" if m.points is None else f"{m.points[s]:.2f}") for s in seats],
                "; ".join(m.happened),
                "" if m.poll_round is None else m.poll_round,
                m.poll_subject,
                *[("" if g not in support else f"{support[g]:.1f}") for g in groups],
            ]
        )
    return buf.getvalue()


def _cell(text: str) -> str:
    """Text a spreadsheet will not run as a formula (CSV injection: a cell starting with = + - @ is code to Excel)."""
    return "'" + text if text[:1] in ("=", "+", "-", "@", "\t", "\r") else text
