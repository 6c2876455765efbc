"""Batches of seeded AI games: the on_record callback sees every game once, in order, and may add to its row."""

from __future__ import annotations

from negotiator.ai.batch import run_batch, summarise
from negotiator.game.replay import GameRecord, replay, transcript_digest
from negotiator.game.state import state_hash
from negotiator.model.registry import get_scenario


def test_on_record_sees_each_game_and_may_extend_its_row() -> None:
    sc = get_scenario("water-and-crossings")
    seen: list[GameRecord] = []

    def on_record(record: GameRecord, row: dict[str, object]) -> None:
        seen.append(record)
        row["extra"] = len(seen)

    ticks: list[int] = []
    rows = run_batch(sc, 3, 7, {"israel": "conciliator"}, progress=ticks.append, on_record=on_record)
    assert [r.setup.seed for r in seen] == [7, 8, 9] and ticks == [1, 1, 1]
    assert [r["extra"] for r in rows] == [1, 2, 3]
    for record, row in zip(seen, rows, strict=True):
        assert row["digest"] == transcript_digest(record)
        assert state_hash(replay(sc, record.setup, record.commands)) == state_hash(record.final_state)
    plain = run_batch(sc, 3, 7, {"israel": "conciliator"})
    assert summarise(sc, plain)["digest"] == summarise(sc, rows)["digest"]  # the callback changes no game
