"""Shared fixtures for the game tests: the small teaching scenario and a started game."""

from __future__ import annotations

import pytest

from negotiator.game import EndTurn, GameState, apply, new_game
from negotiator.game.setup import GameSetup, SeatSetup
from negotiator.model.registry import get_scenario
from negotiator.model.schema import Scenario


@pytest.fixture(scope="session")
def water() -> Scenario:
    return get_scenario("water-and-crossings")


@pytest.fixture()
def water_setup(water: Scenario) -> GameSetup:
    return GameSetup(
        "water-and-crossings",
        (SeatSetup("israel", "human", None), SeatSetup("palestine", "bot", "pragmatist")),
        7,
        "solo",
    )


@pytest.fixture()
def started(water: Scenario, water_setup: GameSetup) -> GameState:
    """A game past the briefing: round 1, Israel to move."""
    s = new_game(water, water_setup)
    s, _ = apply(s, EndTurn("israel"))
    s, _ = apply(s, EndTurn("palestine"))
    return s
