"""The console's words: every label is a message id (``console.*``) rendered in the console's language."""

from __future__ import annotations

from negotiator.text import Arg, Message, Names, direction, render


def say(message_id: str, lang: str = "en", names: Names | None = None, **args: Arg) -> str:
    """The catalogue's text for ``message_id`` in ``lang`` with ``args`` filled in."""
    return render(Message.of(message_id, **args), lang, names)


def is_rtl(lang: str) -> bool:
    return direction(lang) == "rtl"


def alert_words(alert: str, lang: str, title: str) -> str:
    """An overview alert (``idle:<seat>``, ``stalled``, ...) in words; ``title`` names the seat."""
    kind = alert.split(":", 1)[0]
    known = {
        "idle": "console.alert.idle",
        "empty": "console.alert.empty",
        "time-up": "console.alert.time-up",
        "stalled": "console.alert.stalled",
        "walk-out": "console.alert.walk-out",
    }
    mid = known.get(kind)
    return say(mid, lang, who=title) if mid else alert


def phase_words(phase: str, lang: str) -> str:
    known = {
        "briefing": "console.phase.briefing",
        "rounds": "console.phase.rounds",
        "signature": "console.phase.signature",
        "ratification": "console.phase.ratification",
        "outcome": "console.phase.outcome",
    }
    mid = known.get(phase)
    return say(mid, lang) if mid else phase


INTERVENTION_WORDS: dict[str, str] = {
    "pause-table": "console.kind.pause-table",
    "resume-table": "console.kind.resume-table",
    "set-timer": "console.kind.set-timer",
    "inject-event": "console.kind.inject-event",
    "post-news": "console.kind.post-news",
    "trainer-message": "console.kind.trainer-message",
    "hand-seat": "console.kind.hand-seat",
    "move-student": "console.kind.move-student",
    "rollback": "console.kind.rollback",
    "end-table": "console.kind.end-table",
}


def kind_words(kind: str, lang: str) -> str:
    """An intervention's command type (``pause-table``) in words."""
    mid = INTERVENTION_WORDS.get(kind)
    return say(mid, lang) if mid else kind


def persona_words(persona: str, lang: str) -> str:
    """An AI persona's name (``pragmatist``) in ``lang`` (``persona.*`` ids); an unknown one as it is."""
    mid = f"persona.{persona}"
    text = say(mid, lang)
    return persona if mid in text and text.startswith("[") else text


def paradigm_words(paradigm: str | None, lang: str) -> str:
    """A paradigm id (``separation``) in ``lang`` (``paradigm.*`` ids, shared with the offer builder)."""
    if not paradigm:
        return "—"
    mid = f"paradigm.{paradigm}"
    text = say(mid, lang)
    return paradigm if mid in text and text.startswith("[") else text
