"""Batches of seeded AI games: the on_record callback sees every game once, in order, and may add to its row."""

from __future__ import annotations

import hashlib

import numpy as np

from negotiator.ai.batch import Tally, game_seed, run_batch, summarise
from negotiator.game.replay import GameRecord, replay, transcript_digest
from negotiator.game.setup import MAX_SEED
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
    assert [r.setup.seed for r in seen] == [game_seed(7, k) for k in range(3)] and ticks == [1, 1, 1]
    assert [r["extra"] for r in rows] == [1, 2, 3] and [r["game"] for r in rows] == [0, 1, 2]
    for record, row in zip(seen, rows, strict=True):
        assert row["digest"] == transcript_digest(record)
        assert state_hash(replay(sc, record.setup, record.commands)) == state_hash(record.final_state)
    plain = run_batch(sc, 3, 7, {"israel": "conciliator"})
    assert summarise(sc, plain)["digest"] == summarise(sc, rows)["digest"]  # the callback changes no game


def test_game_seeds_are_spawned_from_the_batch_seed_and_index() -> None:
    children = np.random.SeedSequence(5).spawn(4)
    assert [game_seed(5, k) for k in range(4)] == [
        int(c.generate_state(1, np.uint64)[0]) & MAX_SEED for c in children
    ]
    one = {game_seed(1, k) for k in range(500)}
    two = {game_seed(2, k) for k in range(500)}
    assert len(one) == len(two) == 500 and not one & two  # batches 1 and 2 share no game (they shared 499)
    assert all(0 <= s <= MAX_SEED for s in one | two)


def test_summary_streams_the_same_as_it_sums() -> None:
    sc = get_scenario("water-and-crossings")
    rows = run_batch(sc, 6, 3)
    tally = Tally(sc)
    for row in rows:
        tally.add(row)
    streamed = tally.summary()
    assert streamed == summarise(sc, rows)
    for d, mean in streamed["mean_points"].items():
        assert mean == round(float(np.mean([r["points"][d] for r in rows])), 3)
    assert streamed["games"] == 6 and sum(streamed["results"].values()) == 6
    joined = hashlib.sha256("".join(r["digest"] for r in rows).encode("ascii")).hexdigest()
    assert streamed["digest"] == joined  # the digest's definition is unchanged: sha256 of the games' digests
