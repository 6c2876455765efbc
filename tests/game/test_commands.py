"""Commands and setups round-trip through JSON-safe dicts, and malformed input raises only the project's errors."""

from __future__ import annotations

import contextlib
import json

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from negotiator.game import (
    Accept,
    AskMediator,
    CommandError,
    CounterPropose,
    EndTurn,
    OfferSideTerms,
    PrivateMessage,
    Reject,
    SetupError,
    Sign,
    Statement,
    TableProposal,
    WalkOut,
    command_from_dict,
    command_to_dict,
)
from negotiator.game.commands import (
    COMMAND_TYPES,
    TRAINER,
    Command,
    EndTable,
    HandSeat,
    InjectEvent,
    MoveStudent,
    PauseTable,
    PostNews,
    ResumeTable,
    Rollback,
    SetTimer,
    TrainerMessage,
)
from negotiator.game.setup import GameSetup, SeatSetup

EXAMPLES: list[Command] = [
    EndTurn("israel", reason="ready"),
    TableProposal("israel", (("water", "plus-25"), ("crossings", "civilian")), partial=True, reason="start"),
    Accept("palestine", "p1"),
    Reject("palestine", "p2", reasons=("water", "crossings"), reason="too little water"),
    CounterPropose("palestine", "p3", (("water", "plus-50"),), partial=True, reasons=("water",)),
    Statement("israel", "firm", "security-first", reason="our public"),
    OfferSideTerms("united-states", "guarantee", "israel", 2.5, proposal_id="p4", reason="bridge"),
    OfferSideTerms("united-states", "side-payment", "palestine", 3.0),
    AskMediator("israel", reason="we need a bridge on water"),
    PrivateMessage("israel", "united-states", "confidential: water matters most"),
    WalkOut("palestine", reason="no partner"),
    Sign("israel"),
    PauseTable(TRAINER),
    ResumeTable(TRAINER, reason="back to work"),
    SetTimer(TRAINER, 120, warn=30),
    InjectEvent(TRAINER, "heatwave"),
    PostNews(TRAINER, "The donors meet tomorrow."),
    TrainerMessage(TRAINER, "", "Ten minutes left."),
    HandSeat(TRAINER, "israel", "ai", persona="hardliner"),
    MoveStudent(TRAINER, "Dana", "israel", "palestine"),
    Rollback(TRAINER, 4),
    EndTable(TRAINER),
]


def test_every_command_type_has_an_example() -> None:
    assert {type(c) for c in EXAMPLES} == set(COMMAND_TYPES.values())


@pytest.mark.parametrize("cmd", EXAMPLES, ids=lambda c: type(c).__name__)
def test_round_trip_through_json(cmd: Command) -> None:
    data = json.loads(json.dumps(command_to_dict(cmd)))
    assert command_from_dict(data) == cmd


@pytest.mark.parametrize(
    "bad, message",
    [
        ({"type": "accept", "seat": "israel"}, "Accept.proposal_id: missing"),
        ({"type": "accept", "seat": "Israel!", "proposal_id": "p1"}, "Accept.seat"),
        ({"type": "accept", "seat": "israel", "proposal_id": "p1", "extra": 1}, "unknown field"),
        ({"type": "launch", "seat": "israel"}, "command.type"),
        ({"type": "table-proposal", "seat": "israel", "package": [["water"]]}, "pair"),
        ({"type": "table-proposal", "seat": "israel", "package": [["water", "a"], ["water", "b"]]}, "twice"),
        (
            {"type": "table-proposal", "seat": "israel", "package": [["water", "a"]], "partial": "yes"},
            "true or false",
        ),
        (
            {"type": "offer-side-terms", "seat": "eu", "kind": "bribe", "beneficiary": "x", "points": 1},
            "kind",
        ),
        (
            {
                "type": "offer-side-terms",
                "seat": "eu",
                "kind": "guarantee",
                "beneficiary": "x",
                "points": float("nan"),
            },
            "points",
        ),
        ({"type": "statement", "seat": "israel", "tone": "shouty", "text_id": "x"}, "tone"),
        ({"type": "private-message", "seat": "israel", "to": "eu", "text": "x" * 501}, "500"),
        ([1, 2], "object"),
        (None, "object"),
    ],
)
def test_malformed_commands_are_refused_clearly(bad: object, message: str) -> None:
    with pytest.raises(CommandError, match=message):
        command_from_dict(bad)


json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=True) | st.text(max_size=12),
    lambda children: (
        st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=10), children, max_size=5)
    ),
    max_leaves=20,
)
field_names = st.sampled_from(
    [
        "type",
        "seat",
        "reason",
        "package",
        "partial",
        "proposal_id",
        "reasons",
        "tone",
        "text_id",
        "kind",
        "beneficiary",
        "points",
        "to",
        "text",
    ]
)


@settings(max_examples=300, deadline=None)
@given(
    st.dictionaries(field_names, json_values | st.sampled_from(list(COMMAND_TYPES)), max_size=8) | json_values
)
def test_command_from_dict_never_raises_anything_else(data: object) -> None:
    try:
        cmd = command_from_dict(data)
    except CommandError:
        return
    assert command_from_dict(command_to_dict(cmd)) == cmd


def test_setup_round_trip_and_validation() -> None:
    setup = GameSetup(
        "confederation",
        (SeatSetup("israel", "human", None), SeatSetup("palestine", "bot", "hard-liner")),
        42,
        "solo",
        allow_undo=False,
    )
    assert GameSetup.from_dict(json.loads(json.dumps(setup.to_dict()))) == setup
    with pytest.raises(SetupError, match="seed"):
        GameSetup.from_dict({**setup.to_dict(), "seed": -1})
    with pytest.raises(SetupError, match="seated twice"):
        GameSetup.from_dict({**setup.to_dict(), "seats": [setup.seats[0].to_dict()] * 2})
    with pytest.raises(SetupError, match="persona"):
        GameSetup.from_dict(
            {**setup.to_dict(), "seats": [{"delegation": "israel", "controller": "bot", "persona": "tyrant"}]}
        )


@settings(max_examples=200, deadline=None)
@given(
    st.dictionaries(
        st.sampled_from(["scenario_id", "seats", "seed", "mode", "allow_undo", "x"]), json_values, max_size=6
    )
    | json_values
)
def test_setup_from_dict_never_raises_anything_else(data: object) -> None:
    with contextlib.suppress(SetupError):
        GameSetup.from_dict(data)
