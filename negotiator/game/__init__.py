"""Game rules as a pure reducer: setup, commands, state, phases, events, polls, ratification, per-seat views.

Imports only the engine and model layers. Entry points: :func:`new_game`, :func:`apply`, :func:`legal_commands`,
:func:`whose_turn`, :func:`view_for`, :func:`replay`, :func:`state_hash`.
"""

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
    command_from_dict,
    command_to_dict,
)
from negotiator.game.errors import CommandError, IllegalCommand, SetupError
from negotiator.game.events import GameEvent
from negotiator.game.replay import GameRecord, replay, transcript_digest
from negotiator.game.rules import apply, is_legal, legal_commands, legal_kinds, new_game, whose_turn
from negotiator.game.setup import GameSetup, SeatSetup, default_setup
from negotiator.game.state import GameState, state_hash
from negotiator.game.views import SeatView, render_view_text, view_for

__all__ = [
    "Accept",
    "AskMediator",
    "Command",
    "CommandError",
    "CounterPropose",
    "EndTurn",
    "GameEvent",
    "GameRecord",
    "GameSetup",
    "GameState",
    "IllegalCommand",
    "OfferSideTerms",
    "PrivateMessage",
    "Reject",
    "SeatSetup",
    "SeatView",
    "SetupError",
    "Sign",
    "Statement",
    "TableProposal",
    "WalkOut",
    "apply",
    "command_from_dict",
    "command_to_dict",
    "default_setup",
    "is_legal",
    "legal_commands",
    "legal_kinds",
    "new_game",
    "render_view_text",
    "replay",
    "state_hash",
    "transcript_digest",
    "view_for",
    "whose_turn",
]
