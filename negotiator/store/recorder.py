"""Recording headless AI games as saves (``negotiator simulate --db URL``), so a trainer can list, replay and export
them like any game played in the window.

Each game is stored whole, in one transaction, once it is over: a batch interrupted half-way keeps every finished game
and no half-game. The stored log is the one the simulator played; it is folded again through a
:class:`~negotiator.session.session.Session` before storing, and its final state hash must equal the simulator's.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from typing import Any

from negotiator.ai.batch import run_batch
from negotiator.game.commands import Command
from negotiator.game.replay import GameRecord
from negotiator.game.setup import GameSetup
from negotiator.game.state import state_hash
from negotiator.model.schema import Scenario
from negotiator.session.session import Session
from negotiator.session.standard import StandardRules
from negotiator.store.database import SaveDatabase


def save_record(db: SaveDatabase, scenario: Scenario, record: GameRecord) -> str:
    """Store one finished AI game; returns its id."""
    return save_log(db, scenario, record.setup, record.commands, state_hash(record.final_state))


def save_log(
    db: SaveDatabase, scenario: Scenario, setup: GameSetup, commands: Sequence[Command], final_hash: str
) -> str:
    """Store one finished AI game from its log (what a worker process sends back); ``final_hash`` is the hash of
    the state the simulator reached, which the stored log must fold to. Returns the game's id."""
    session = Session.from_log(scenario, setup, commands, rules=StandardRules())
    if session.progress.state_hash != final_hash:
        raise AssertionError("a simulated game folds to another state than the simulator's (rules not pure?)")
    session.save_to(db)
    return session.game_id


def record_batch(
    db: SaveDatabase,
    scenario: Scenario,
    games: int,
    seed: int,
    personas: Mapping[str, str] | None = None,
    progress: Callable[[int], None] | None = None,
) -> list[dict[str, Any]]:
    """Like :func:`negotiator.ai.batch.run_batch` (same seeds, same games, same rows) and each game saved to ``db``;
    every row gains ``game_id``."""

    def save(record: GameRecord, row: dict[str, Any]) -> None:
        row["game_id"] = save_record(db, scenario, record)

    return run_batch(scenario, games, seed, personas, progress=progress, on_record=save)
