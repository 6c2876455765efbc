"""A toy game in the shape of the session's GameRules port: seats take turns bidding 1-3 points towards a target.

Small enough to reason about in a test, but shaped like the real game: frozen commands with a seat, a pure reducer
that rejects moves out of turn, rounds and phases, an outcome, seeded bots that read only a view, and JSON payloads
checked on decode. The session and store tests use it where they need precise control (illegal moves on demand,
states whose hash a test can predict); the end-to-end tests use the real game. The port is typed with the real
game's types; the toy matches it by shape only (its states, commands and views are its own), which is all the
session relies on.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping
from dataclasses import asdict, dataclass, replace
from typing import Any

from negotiator.game.events import GameEvent
from negotiator.game.setup import GameSetup, SeatSetup
from negotiator.model.errors import NegotiatorError
from negotiator.model.schema import Scenario
from negotiator.session.ports import Standing

TARGET = 12
ROUNDS = 5


class ToyIllegal(NegotiatorError):
    pass


@dataclass(frozen=True)
class Bid:
    seat: str
    amount: int


@dataclass(frozen=True)
class Pass:
    seat: str


@dataclass(frozen=True)
class ToyState:
    seats: tuple[str, ...]
    turn: int
    round: int
    total: int
    moves: int
    phase: str
    outcome: str | None


@dataclass(frozen=True)
class ToyView:
    seat: str
    total: int
    moves: int
    phase: str = "rounds"

    @property
    def move(self) -> int:
        return self.moves


@dataclass(frozen=True)
class ToyPublicView:
    total: int
    move: int
    phase: str


class ToyBot:
    def __init__(self, seat: str, seed: int) -> None:
        self.seat, self.seed = seat, seed

    def choose(self, view: ToyView) -> Bid:
        digest = hashlib.sha256(f"{self.seed}:{self.seat}:{view.moves}".encode()).digest()
        return Bid(self.seat, 1 + digest[0] % 3)


class ToyRules:
    """``GameRules`` for the toy game. ``calls`` counts applies (tests of how much a session refolds)."""

    def __init__(self) -> None:
        self.applies = 0

    def setup_from_dict(self, data: Mapping[str, Any]) -> GameSetup:
        return GameSetup.from_dict(dict(data))

    def new_game(self, scenario: Scenario, setup: Any) -> ToyState:
        return ToyState(tuple(s.delegation for s in setup.seats), 0, 1, 0, 0, "rounds", None)

    def apply(self, state: ToyState, command: Any) -> tuple[ToyState, tuple[GameEvent, ...]]:
        self.applies += 1
        if state.phase == "outcome":
            raise ToyIllegal("the game is over")
        if command.seat != state.seats[state.turn]:
            raise ToyIllegal(f"it is {state.seats[state.turn]}'s turn, not {command.seat}'s")
        total = state.total + (command.amount if isinstance(command, Bid) else 0)
        if isinstance(command, Bid) and not 1 <= command.amount <= 3:
            raise ToyIllegal("bids are 1 to 3")
        turn = (state.turn + 1) % len(state.seats)
        round_ = state.round + (1 if turn == 0 else 0)
        phase, outcome = state.phase, state.outcome
        events: tuple[GameEvent, ...] = ()
        if total >= TARGET:
            phase, outcome = "outcome", f"target reached by {command.seat}"
            events = (GameEvent("outcome_did_settle", ref="target"),)
        elif round_ > ROUNDS:
            phase, outcome, round_ = "outcome", "deadline", ROUNDS
            events = (GameEvent("outcome_did_settle", ref="deadline"),)
        return replace(
            state, turn=turn, round=round_, total=total, moves=state.moves + 1, phase=phase, outcome=outcome
        ), events

    def whose_turn(self, state: ToyState) -> str | None:
        return None if state.phase == "outcome" else state.seats[state.turn]

    def state_hash(self, state: ToyState) -> str:
        return hashlib.sha256(json.dumps(asdict(state), sort_keys=True).encode()).hexdigest()

    def encode(self, command: Any) -> dict[str, Any]:
        if isinstance(command, Bid):
            return {"type": "bid", "seat": command.seat, "amount": command.amount}
        return {"type": "pass", "seat": command.seat}

    def decode(self, data: Mapping[str, Any]) -> Any:
        kind = data.get("type")
        seat = data.get("seat")
        if not isinstance(seat, str):
            raise ToyIllegal(f"seat should be text, got {seat!r}")
        if kind == "bid" and set(data) == {"type", "seat", "amount"}:
            amount = data["amount"]
            if not isinstance(amount, int) or isinstance(amount, bool):
                raise ToyIllegal(f"amount should be a whole number, got {amount!r}")
            return Bid(seat, amount)
        if kind == "pass" and set(data) == {"type", "seat"}:
            return Pass(seat)
        raise ToyIllegal(f"not a toy command: {dict(data)!r}")

    def seat_of(self, command: Any) -> str:
        return str(command.seat)

    def standing(self, state: ToyState) -> Standing:
        return Standing(state.round, state.phase, state.phase == "outcome", state.outcome)

    def view_for(self, state: ToyState, seat: str) -> ToyView:
        return ToyView(seat, state.total, state.moves, state.phase)

    def public_view(self, state: ToyState) -> ToyPublicView:
        return ToyPublicView(state.total, state.moves, state.phase)

    def trainer_view(self, state: ToyState) -> tuple[ToyView, ...]:
        return tuple(self.view_for(state, s) for s in state.seats)

    def make_bot(self, persona: str | None, seat: str, scenario: Scenario, seed: int) -> ToyBot:
        return ToyBot(seat, seed)


def toy_setup(
    mode: str = "hotseat",
    controllers: tuple[str, str] = ("human", "human"),
    allow_undo: bool = True,
    seed: int = 7,
    scenario_id: str = "water-and-crossings",
) -> GameSetup:
    seats = tuple(
        SeatSetup(d, c, "pragmatist" if c == "bot" else None)  # type: ignore[arg-type]
        for d, c in zip(("israel", "palestine"), controllers, strict=True)
    )
    return GameSetup(scenario_id, seats, seed, mode, allow_undo)  # type: ignore[arg-type]
