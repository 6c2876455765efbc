"""The trainer's interventions as game commands: pause, timer, news, messages, seats, rollback, end.

An intervention is a command like a seat's (:class:`~negotiator.game.commands.Intervention`, authored by
:data:`~negotiator.game.commands.TRAINER`): it is appended to the table's log, stored, replayed and shown in the
debrief like any move, so a replay of a class reaches the same state, hash and digest. The rules' ``apply`` hands
interventions to :func:`apply_intervention`.

What each does to the state:
- the talks' record gets a line for every intervention a delegation should know about (a pause, news, a message to
  it, a seat handed to the AI, a rollback);
- :class:`~negotiator.game.state.Classroom` keeps the trainer's own record: pause, timer, stand-ins, every action and
  every rollback. A rollback never undoes that record, nor the trainer's lines in the talks' record (they are carried
  over), only the delegations' moves;
- a rollback folds the first ``to_move`` commands again (the state remembers its commands in its ``trail``) and
  goes on from there. The log is never edited: the rolled-back commands stay in it (and in the audit), they simply no
  longer count. Chance after a rollback is drawn at the rollback's own log position, so the dice are new, and the
  same on every replay.
"""

from __future__ import annotations

from dataclasses import replace

from negotiator.game.commands import (
    TRAINER,
    Command,
    EndTable,
    HandSeat,
    InjectEvent,
    Intervention,
    MoveStudent,
    PauseTable,
    PostNews,
    ResumeTable,
    Rollback,
    SetTimer,
    TrainerMessage,
    command_type,
)
from negotiator.game.errors import IllegalCommand
from negotiator.game.events import GameEvent
from negotiator.game.state import Classroom, Entry, GameState, Trail, TrainerAction

TRAINER_LINES: frozenset[str] = frozenset(
    {
        "pause-table",
        "resume-table",
        "set-timer",
        "post-news",
        "trainer-message",
        "hand-seat",
        "rollback",
        "end-table",
    }
)
"""Kinds of the lines interventions add to the talks' record (a rollback carries them over)."""


def trail_commands(state: GameState) -> list[Command]:
    """Every command applied to reach ``state``, oldest first (the rolled-back ones too: the log's order)."""
    out: list[Command] = []
    node: Trail | None = state.trail
    while node is not None:
        assert isinstance(node.command, Command)
        out.append(node.command)
        node = node.before
    out.reverse()
    return out


def fold_to(state: GameState, length: int) -> GameState:
    """The state after the first ``length`` commands of ``state``'s log (folded again through the rules)."""
    from negotiator.game.rules import apply, new_game

    commands = trail_commands(state)
    s = replace(new_game(state.scenario, state.setup, state.ctx.runtime), ctx=state.ctx)
    for command in commands[:length]:
        s, _ = apply(s, command)
    return s


def apply_intervention(state: GameState, cmd: Intervention) -> tuple[GameState, tuple[GameEvent, ...]]:
    """Apply one intervention (pure); raises :class:`IllegalCommand` saying why it cannot be made now."""
    if cmd.seat != TRAINER:
        raise IllegalCommand("only the trainer intervenes")
    kind = command_type(cmd)
    over = state.phase in ("ratification", "outcome")
    events = [GameEvent("trainer_did_intervene", ref=kind)]
    room = state.classroom
    target, detail = "", ""
    s = state
    if isinstance(cmd, Rollback):
        return _rollback(state, cmd)
    if isinstance(cmd, PauseTable | ResumeTable):
        if over:
            raise IllegalCommand("the talks are over; there is nothing to pause")
        if isinstance(cmd, PauseTable) == room.paused:
            raise IllegalCommand("the table is paused already" if room.paused else "the table is not paused")
        room = replace(room, paused=isinstance(cmd, PauseTable))
        s = _line(s, kind, "", "")
    elif isinstance(cmd, SetTimer):
        if cmd.seconds and cmd.warn >= cmd.seconds:
            raise IllegalCommand("the warning should come before the time is up (warn below seconds)")
        room = replace(room, timer=cmd.seconds, warn=cmd.warn if cmd.seconds else 0)
        detail = f"{cmd.seconds}/{cmd.warn}"
        s = _line(s, kind, str(cmd.seconds), "")
    elif isinstance(cmd, InjectEvent):
        if over:
            raise IllegalCommand("the talks are over; news can no longer change them")
        found = next((e for e in state.scenario.events if e.id == cmd.event_id), None)
        if found is None:
            raise IllegalCommand(f"the scenario has no event {cmd.event_id!r}")
        if found.once and any(e == found.id for _, e in state.events):
            raise IllegalCommand(f"event {found.id!r} happens once and has happened already")
        s = replace(
            s,
            events=(*s.events, (s.round, found.id)),
            opinion=s.ctx.publics.after_event(s.opinion, found),
        )
        s = _line(s, "event", found.id, "")
        events.append(GameEvent("event_did_occur", ref=found.id))
        target = found.id
    elif isinstance(cmd, PostNews | TrainerMessage):
        if not cmd.text.strip():
            raise IllegalCommand("write the text first")
        audience: tuple[str, ...] = ()
        if isinstance(cmd, TrainerMessage) and cmd.to:
            _seated(state, cmd.to)
            audience, target = (cmd.to,), cmd.to
        s = _line(s, kind, target, cmd.text, audience)
        events[0] = GameEvent("trainer_did_intervene", ref=kind, audience=audience)
        detail = cmd.text
    elif isinstance(cmd, HandSeat):
        _students_seat(state, cmd.delegation)
        stand_ins = dict(room.stand_ins)
        if (cmd.played_by == "ai") == (cmd.delegation in stand_ins):
            who = "the AI" if cmd.played_by == "ai" else "the students"
            raise IllegalCommand(f"{cmd.delegation} is played by {who} already")
        if cmd.played_by == "ai":
            stand_ins[cmd.delegation] = cmd.persona
        else:
            stand_ins.pop(cmd.delegation)
        room = replace(room, stand_ins=tuple(sorted(stand_ins.items())))
        target, detail = cmd.delegation, f"{cmd.played_by}:{cmd.persona}"
        s = _line(s, kind, cmd.delegation, cmd.played_by)
    elif isinstance(cmd, MoveStudent):
        _students_seat(state, cmd.delegation)
        _students_seat(state, cmd.to)
        if cmd.to == cmd.delegation:
            raise IllegalCommand("the student is at that seat already")
        target, detail = cmd.delegation, f"{cmd.name}->{cmd.to}"
    elif isinstance(cmd, EndTable):
        if over:
            raise IllegalCommand("the talks are over already")
        from negotiator.game.rules import _finish

        s = _line(s, kind, "", "")
        s = _finish(replace(s, classroom=room), "deadline", events)
    else:  # pragma: no cover - every intervention is handled above
        raise IllegalCommand(f"unknown intervention {kind}")
    action = TrainerAction(state.moves, state.round, kind, target, detail)
    room = replace(room, actions=(*room.actions, action))
    s = replace(s, classroom=room, moves=state.moves + 1, trail=Trail(cmd, state.trail))
    return s, tuple(events)


def _rollback(state: GameState, cmd: Rollback) -> tuple[GameState, tuple[GameEvent, ...]]:
    if not 0 <= cmd.to_move < state.moves:
        raise IllegalCommand(f"roll back to a move from 0 to {state.moves - 1}, not {cmd.to_move}")
    restored = fold_to(state, cmd.to_move)
    # The trainer's lines are never undone: those the restored record lacks are carried over (each rollback
    # carries them, so the restored record's trainer lines are always the first of the current ones).
    mine = [e for e in state.transcript if e.kind in TRAINER_LINES]
    kept = sum(1 for e in restored.transcript if e.kind in TRAINER_LINES)
    s = restored
    for e in mine[kept:]:
        s = replace(s, transcript=(*s.transcript, replace(e, index=len(s.transcript))))
    room = state.classroom
    action = TrainerAction(state.moves, state.round, "rollback", str(cmd.to_move), str(state.moves))
    room = replace(room, actions=(*room.actions, action), undone=(*room.undone, (state.moves, cmd.to_move)))
    s = _line(replace(s, classroom=room), "rollback", str(cmd.to_move), "")
    s = replace(s, moves=state.moves + 1, trail=Trail(cmd, state.trail))
    events = [GameEvent("trainer_did_intervene", ref="rollback")]
    if restored.phase != state.phase:
        events.append(GameEvent("phase_did_change", ref=restored.phase))
    return s, tuple(events)


def _line(s: GameState, kind: str, ref: str, text: str, audience: tuple[str, ...] = ()) -> GameState:
    entry = Entry(len(s.transcript), s.round, "", kind, ref, text, audience)
    return replace(s, transcript=(*s.transcript, entry))


def _seated(state: GameState, seat: str) -> None:
    if seat not in state.setup.seat_ids:
        raise IllegalCommand(f"{seat!r} has no seat at this table")


def _students_seat(state: GameState, seat: str) -> None:
    _seated(state, seat)
    if next(s for s in state.setup.seats if s.delegation == seat).controller == "bot":
        raise IllegalCommand(f"{seat} is an AI seat, not a students' seat")


def undone_positions(classroom: Classroom) -> frozenset[int]:
    """Log positions a later rollback went back over. What it undid there: a delegation's move or an injected event
    (the trainer's other interventions stand: see the module docstring)."""
    out: set[int] = set()
    for at, to in classroom.undone:
        out.update(range(to, at))
    return frozenset(out)
