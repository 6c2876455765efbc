"""Helpers for store tests that play the real game: a scripted, seeded bot that reads only its view.

The real AI delegations are built in parallel (``negotiator.ai``); these tests need games that are quick, varied and
reach every phase (agreement, signature, ratification, deadline, walk-out), so a small scripted bot stands in for
them behind the same ``GameRules.make_bot`` seam the session uses.
"""

from __future__ import annotations

import hashlib
from pathlib import Path

import numpy as np

from negotiator.game.commands import (
    Accept,
    Command,
    EndTurn,
    PrivateMessage,
    Reject,
    Sign,
    Statement,
    TableProposal,
    WalkOut,
)
from negotiator.game.runtime import Runtimes
from negotiator.game.setup import GameSetup, SeatSetup
from negotiator.game.views import SeatView
from negotiator.model.schema import Scenario
from negotiator.session.ports import GameStorage
from negotiator.session.session import Session
from negotiator.session.standard import StandardRules


class ScriptBot:
    """Accepts, rejects, tables random full packages, talks; walks out rarely. Seeded by (seed, seat, move)."""

    def __init__(self, seat: str, scenario: Scenario, seed: int) -> None:
        self.seat, self.scenario, self.seed = seat, scenario, seed

    def choose(self, view: SeatView) -> Command:
        rng = np.random.default_rng([self.seed, sum(map(ord, self.seat)), len(view.transcript), view.round])
        if view.phase == "briefing":
            return EndTurn(self.seat)
        if view.phase == "signature":
            return Sign(self.seat, reason="we sign") if rng.random() < 0.9 else WalkOut(self.seat)
        open_other = [
            p
            for p in view.proposals
            if p.status == "open"
            and p.by != self.seat
            and self.seat not in p.accepted_by
            and all(s != self.seat for s, _ in p.rejected_by)
        ]
        roll = rng.random()
        if open_other:
            if roll < 0.35:
                return Accept(self.seat, open_other[0].id, reason="this works for us")
            if roll < 0.5:
                return Reject(
                    self.seat, open_other[0].id, (self.scenario.issues[0].id,), reason="not on water"
                )
        if "statement" not in view.turn_used and roll < 0.6:
            return Statement(self.seat, "neutral", "call-for-calm")
        if view.turn_used.count("private-message") < 1 and roll < 0.65:
            other = next(d.id for d in view.delegations if d.id != self.seat)
            return PrivateMessage(self.seat, other, "can we talk?")
        if roll < 0.9:
            package = tuple(
                (i.id, i.options[int(rng.integers(len(i.options)))].id) for i in self.scenario.issues
            )
            return TableProposal(self.seat, package, reason="our offer")
        if roll < 0.995:
            return EndTurn(self.seat)
        return WalkOut(self.seat, reason="enough")


SHARED_RUNTIMES = Runtimes()
"""The tests' games share one runtime per scenario, as the app's do (the publics are built once, not per game)."""


class ScriptedRules(StandardRules):
    def __init__(self, runtimes: Runtimes | None = None) -> None:
        super().__init__(runtimes if runtimes is not None else SHARED_RUNTIMES)

    def make_bot(self, persona: str | None, seat: str, scenario: Scenario, seed: int) -> ScriptBot:
        return ScriptBot(seat, scenario, seed)


def ai_setup(
    scenario: Scenario, seed: int, mode: str = "ai", humans: tuple[str, ...] = (), allow_undo: bool = True
) -> GameSetup:
    seats = tuple(
        SeatSetup(d.id, "human" if d.id in humans else "bot", "pragmatist")
        for d in scenario.delegations
        if d.role == "principal" or d.id in humans
    )
    return GameSetup(scenario.id, seats, seed, mode, allow_undo)  # type: ignore[arg-type]


def play(scenario: Scenario, storage: GameStorage | None, seed: int, limit: int = 100_000) -> Session:
    session = Session.start(scenario, ai_setup(scenario, seed), storage=storage, rules=ScriptedRules())
    session.play_bots(limit)
    return session


def file_hash(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()
