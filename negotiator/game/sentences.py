"""The record of the talks as messages: one sentence per transcript entry, in no language until it is shown.

The history panel, the exported debrief and the saved-game tools all read the record through :func:`entry_message`,
so a line reads the same everywhere and follows the reader's language (word order is the translation's, not the
code's). Ids ``log.*``, ``outcome.*``, ``vote.*``, ``tone.*`` in ``assets/locale/*.po``.
"""

from __future__ import annotations

from negotiator.game.statements import STATEMENTS_BY_ID
from negotiator.text import Arg, Message, Ref, delegation, event

# Entry kinds whose sentence names the entry's ``ref`` (a proposal or pledge id) when it has one.
_WITH_REF = frozenset({"table-proposal", "counter-propose", "accept", "reject", "offer-side-terms", "sign"})
_BARE = frozenset({"ask-mediator", "ask-mediator-note", "end-turn", "walk-out"})
OUTCOMES: tuple[str, ...] = ("ratified", "rejected-at-home", "deadline", "walkout")
VOTES: tuple[str, ...] = ("knesset", "referendum", "none")


def outcome_message(result: str) -> Message:
    return Message(f"outcome.{result}")


def trainer_line(kind: str, ref: str, text: str | Message) -> Message | None:
    """A line the trainer's intervention added to the record (:mod:`negotiator.game.interventions`), else None."""
    if kind == "pause-table":
        return Message("log.trainer.pause")
    if kind == "resume-table":
        return Message("log.trainer.resume")
    if kind == "set-timer":
        if ref in ("", "0"):
            return Message("log.trainer.timer-off")
        return Message.of("log.trainer.timer", seconds=ref)
    if kind == "post-news":
        return Message.of("log.trainer.news", text=text)
    if kind == "trainer-message":
        if ref:
            return Message.of("log.trainer.message", to=delegation(ref), text=text)
        return Message.of("log.trainer.message-all", text=text)
    if kind == "hand-seat":
        if text == "ai":
            return Message.of("log.trainer.to-ai", who=delegation(ref))
        return Message.of("log.trainer.to-students", who=delegation(ref))
    if kind == "rollback":
        return Message.of("log.trainer.rollback", move=ref)
    if kind == "end-table":
        return Message("log.trainer.end")
    return None


def entry_message(kind: str, seat: str, ref: str, reason: str | Message) -> Message:
    """One line of the record: who did what, and the reason they gave (a message or their own words)."""
    if not seat:
        trainer = trainer_line(kind, ref, reason)
        if trainer is not None:
            return trainer
    who: Arg = delegation(seat) if seat else ""
    if kind == "event":
        return Message.of("log.event", title=event(ref), text=Ref("event-text", (ref,)))
    if kind == "statement" and ref in STATEMENTS_BY_ID:
        words = STATEMENTS_BY_ID[ref].message
        line = Message.of(
            "log.statement", who=who, words=words, tone=Message(f"tone.{STATEMENTS_BY_ID[ref].tone}")
        )
        # a bot gives the statement itself as its reason: said once is enough
        if reason and reason != words:
            return Message.of("log.statement.with-reason", line=line, reason=reason)
        return line
    if kind == "outcome":
        return Message.of("log.outcome", outcome=outcome_message(ref))
    if kind == "ratification":
        result: Arg = Message(f"vote.{reason}") if reason in ("passed", "failed") else reason
        vote: Arg = Message(f"vote.{ref}") if ref in VOTES else ref
        return Message.of("log.ratification", who=who, vote=vote, result=result)
    if kind == "private-message":
        return Message.of("log.private-message", who=who, to=delegation(ref), text=reason)
    if kind == "walk-out" and ref:
        line = Message.of("log.walk-out.on", who=who, ref=ref)
    elif kind in _WITH_REF:
        line = Message.of(f"log.{kind}", who=who, ref=ref)
    elif kind in _BARE:
        line = Message.of(f"log.{kind}", who=who)
    else:
        line = Message.of("log.other", who=who, kind=kind, ref=ref)
    if reason:
        return Message.of("log.with-reason", line=line, reason=reason)
    return line
