"""The catalogue of public statements a delegation can make, and how each moves the publics.

Statements are referred to by id in commands (so logs and network messages stay small and translatable). Effects are
design choices, deliberately small: a statement nudges trust and mood by a point or two of utility; words alone should
not swing a public (players complain of fickle publics in other games).
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class StatementText:
    """One statement: its tone, the words, and the nudges to the speaker's own public and to the other side's."""

    id: str
    tone: str
    text: str
    own_mood: float
    own_trust_own: float
    other_mood: float
    other_trust_other: float
    for_third_parties: bool = False


STATEMENTS: tuple[StatementText, ...] = (
    StatementText(
        "ready-for-hard-choices",
        "conciliatory",
        "We came here to reach an agreement, and we are ready to make hard choices for it.",
        own_mood=0.01,
        own_trust_own=-0.01,
        other_mood=0.01,
        other_trust_other=0.02,
    ),
    StatementText(
        "acknowledge-suffering",
        "conciliatory",
        "We acknowledge the suffering of the other people; a lasting peace must answer it.",
        own_mood=0.0,
        own_trust_own=-0.01,
        other_mood=0.01,
        other_trust_other=0.03,
    ),
    StatementText(
        "progress-made",
        "neutral",
        "The talks are serious and there has been progress on several issues.",
        own_mood=0.01,
        own_trust_own=0.0,
        other_mood=0.01,
        other_trust_other=0.0,
    ),
    StatementText(
        "security-first",
        "firm",
        "No agreement will compromise the security of our people.",
        own_mood=0.0,
        own_trust_own=0.02,
        other_mood=0.0,
        other_trust_other=-0.01,
    ),
    StatementText(
        "rights-not-for-sale",
        "firm",
        "Our people's rights are not for sale; we will not sign away what is ours.",
        own_mood=0.0,
        own_trust_own=0.02,
        other_mood=0.0,
        other_trust_other=-0.01,
    ),
    StatementText(
        "time-running-out",
        "firm",
        "Time is running out; the other side must decide whether it wants an agreement.",
        own_mood=0.0,
        own_trust_own=0.01,
        other_mood=-0.01,
        other_trust_other=-0.01,
    ),
    StatementText(
        "no-partner",
        "hostile",
        "The other side has shown it is not a partner for peace.",
        own_mood=-0.02,
        own_trust_own=0.01,
        other_mood=-0.02,
        other_trust_other=-0.04,
    ),
    StatementText(
        "call-for-calm",
        "neutral",
        "We call on everyone to keep calm and give the negotiators room to work.",
        own_mood=0.01,
        own_trust_own=0.0,
        other_mood=0.01,
        other_trust_other=0.01,
        for_third_parties=True,
    ),
    StatementText(
        "guarantee-support",
        "conciliatory",
        "We will stand behind an agreement with guarantees and with help for those who bear its costs.",
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
