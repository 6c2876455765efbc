"""Recording headless AI games as saves (``negotiator simulate --db URL``), so a trainer can list, replay and export
them like any game played in the window.

Each game is stored whole, in one transaction, once it is over: a batch interrupted half-way keeps every finished game
and no half-game. The stored log is the one the simulator played; it is folded again through a
:class:`~negotiator.session.session.Session` before storing, and its final state hash must equal the simulator's.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from negotiator.ai.batch import game_row
from negotiator.ai.simulate import play_ai_game
from negotiator.game.replay import GameRecord
from negotiator.game.setup import default_setup
from negotiator.game.state import state_hash
from negotiator.model.schema import Scenario
from negotiator.session.session import Session
from negotiator.session.standard import StandardRules
from negotiator.store.database import SaveDatabase


def save_record(db: SaveDatabase, scenario: Scenario, record: GameRecord) -> str:
    """Store one finished AI game; returns its id."""
    session = Session.from_log(scenario, record.setup, record.commands, rules=StandardRules())
    if session.progress.state_hash != state_hash(record.final_state):
        raise AssertionError("a simulated game folds to another state than the simulator's (rules not pure?)")
    session.save_to(db)
    return session.game_id


def record_batch(db: SaveDatabase, scenario: Scenario, games: int, seed: int,
                 personas: Mapping[str, str] | None = None,
                 progress: Callable[[int], None] | None = None) -> list[dict[str, Any]]:
    """Like :func:`negotiator.ai.batch.run_batch` (same seeds, same games, same rows) and each game saved to ``db``;
    every row gains ``game_id``."""
    rows = []
    for k in range(games):
        setup = default_setup(scenario, seed=seed + k, personas=dict(personas or {}))
        record = play_ai_game(scenario, setup)
        row = game_row(scenario, record)
        row["game_id"] = save_record(db, scenario, record)
        rows.append(row)
        if progress is not None:
            progress(1)
    return rows

