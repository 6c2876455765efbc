"""The catalogue of public statements a delegation can make, and how each moves the publics.

Statements are referred to by id in commands (so logs and network messages stay small and translatable); their
words are catalogue messages ``statement.<id>`` (``assets/locale/*.po``). Effects are
design choices, deliberately small: a statement nudges trust and mood by a point or two of utility; words alone should
not swing a public (players complain of fickle publics in other games).
"""

from __future__ import annotations

from dataclasses import dataclass

from negotiator.text import Message, render


@dataclass(frozen=True, slots=True)
class StatementText:
    """One statement: its tone and the nudges to the speaker's own public and to the other side's.

    The words are in the message catalogues (``statement.<id>``), so each reader sees them in their language."""

    id: str
    tone: str
    own_mood: float
    own_trust_own: float
    other_mood: float
    other_trust_other: float
    for_third_parties: bool = False

    @property
    def message(self) -> Message:
        return Message(f"statement.{self.id}")

    @property
    def text(self) -> str:
        """The words in English (the source catalogue)."""
        return render(self.message)


STATEMENTS: tuple[StatementText, ...] = (
    StatementText(
        "ready-for-hard-choices",
        "conciliatory",
        own_mood=0.01,
        own_trust_own=-0.01,
        other_mood=0.01,
        other_trust_other=0.02,
    ),
    StatementText(
        "acknowledge-suffering",
        "conciliatory",
        own_mood=0.0,
        own_trust_own=-0.01,
        other_mood=0.01,
        other_trust_other=0.03,
    ),
    StatementText(
        "progress-made",
        "neutral",
        own_mood=0.01,
        own_trust_own=0.0,
        other_mood=0.01,
        other_trust_other=0.0,
    ),
    StatementText(
        "security-first",
        "firm",
        own_mood=0.0,
        own_trust_own=0.02,
        other_mood=0.0,
        other_trust_other=-0.01,
    ),
    StatementText(
        "rights-not-for-sale",
        "firm",
        own_mood=0.0,
        own_trust_own=0.02,
        other_mood=0.0,
        other_trust_other=-0.01,
    ),
    StatementText(
        "time-running-out",
        "firm",
        own_mood=0.0,
        own_trust_own=0.01,
        other_mood=-0.01,
        other_trust_other=-0.01,
    ),
    StatementText(
        "no-partner",
        "hostile",
        own_mood=-0.02,
        own_trust_own=0.01,
        other_mood=-0.02,
        other_trust_other=-0.04,
    ),
    StatementText(
        "call-for-calm",
        "neutral",
        own_mood=0.01,
        own_trust_own=0.0,
        other_mood=0.01,
        other_trust_other=0.01,
        for_third_parties=True,
    ),
    StatementText(
        "guarantee-support",
        "conciliatory",
        own_mood=0.02,
        own_trust_own=0.0,
        other_mood=0.02,
        other_trust_other=0.01,
        for_third_parties=True,
    ),
)
STATEMENTS_BY_ID: dict[str, StatementText] = {s.id: s for s in STATEMENTS}


def statement(text_id: str) -> StatementText:
    return STATEMENTS_BY_ID[text_id]
