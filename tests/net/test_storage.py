"""The class store's writer: moves are written in order, an acknowledgement waits for its write, and a failing
store is retried (nothing dropped) while the problem is reported."""

from __future__ import annotations

import threading
import time

from negotiator.game.commands import EndTurn
from negotiator.model.registry import get_scenario
from negotiator.net import storage as storage_module
from negotiator.net.classroom import new_room
from negotiator.net.storage import WriteBehind
from negotiator.session.errors import StorageUnavailable
from negotiator.session.ports import MemoryStorage


class Flaky(MemoryStorage):
    """A store whose appends fail while ``down`` is set (a full disk, a server gone)."""

    def __init__(self) -> None:
        super().__init__()
        self.down = threading.Event()
        self.attempts = 0

    def append_command(self, game_id, record, progress, checkpoint):  # type: ignore[no-untyped-def]
        self.attempts += 1
        if self.down.is_set():
            raise StorageUnavailable.one("(flaky)", "the disk is full", "free some space")
        super().append_command(game_id, record, progress, checkpoint)


def test_acks_wait_for_the_write_and_a_failing_store_is_retried(monkeypatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setattr(storage_module, "RETRY_SECONDS", 0.05)
    inner = Flaky()
    store = WriteBehind(inner)
    room, (session,) = new_room(get_scenario("water-and-crossings"), 1, store, seed=4)
    assert store.flush(5)
    inner.down.set()
    fired: list[int] = []
    for k in range(3):
        turn = session.whose_turn()
        assert turn is not None
        notice = session.submit(EndTurn(turn), based_on=k)
        store.when_stored(session.game_id, notice.commands, lambda n=notice.commands: fired.append(n))
    deadline = time.monotonic() + 5
    while inner.attempts < 3 and time.monotonic() < deadline:
        time.sleep(0.01)
    assert fired == [] and store.problem is not None and "disk is full" in str(store.problem)
    assert not store.flush(0.2)  # not everything is stored yet, and flush says so
    inner.down.clear()
    assert store.flush(5)
    assert fired == [1, 2, 3] and store.problem is None
    assert [r.index for r in inner.load_game(session.game_id).commands] == [0, 1, 2]
    assert store.close()


def test_a_batch_of_moves_from_every_table_is_stored_as_move_by_move(tmp_path) -> None:  # type: ignore[no-untyped-def]
    """The writer stores what is queued at once (one transaction, a few statements per game): the save then holds
    exactly what storing each move on its own holds, records, checkpoints and progress alike."""
    from negotiator.store.database import SaveDatabase

    scenario = get_scenario("water-and-crossings")
    plain = SaveDatabase.open(tmp_path / "plain.db")
    batched = SaveDatabase.open(tmp_path / "batched.db")
    store = WriteBehind(batched)
    room, sessions = new_room(scenario, 3, store, seed=11)
    assert store.flush(5)
    gate = threading.Event()
    store._queue(None, 0, gate.wait)  # the writer is busy: the moves below queue up behind it
    for k in range(12):  # past a checkpoint (every 10 moves)
        for session in sessions:
            turn = session.whose_turn()
            assert turn is not None
            session.submit(EndTurn(turn), based_on=k)
    for session in sessions:
        session.wait_saved()  # each session's writer has handed its moves to the store
    writes, batches = store.writes, store.batches
    gate.set()
    assert store.flush(10)
    # the gate (with whatever was queued when the writer took it), then every other move in one transaction
    assert store.writes - writes == 3 * 12 + 1 and store.batches - batches == 2
    for session in sessions:
        session.save_to(plain)
        mine, theirs = batched.load_game(session.game_id), plain.load_game(session.game_id)
        assert mine.commands == theirs.commands == session.records
        assert mine.checkpoints == theirs.checkpoints and len(mine.checkpoints) >= 1
        assert mine.progress == theirs.progress == session.progress
    assert store.close()
    plain.close()
    batched.close()


def test_a_batch_with_a_gap_is_refused_whole(tmp_path) -> None:  # type: ignore[no-untyped-def]
    """The batched append checks what a single append checks: a move that does not follow the stored ones is
    refused with the usual one-line reason, and nothing of the batch is written."""
    from dataclasses import replace

    from negotiator.session.errors import StorageError
    from negotiator.session.ports import CommandRecord
    from negotiator.store.database import SaveDatabase

    db = SaveDatabase.open(tmp_path / "class.db")
    store = WriteBehind(db)
    room, (session,) = new_room(get_scenario("water-and-crossings"), 1, store, seed=3)
    turn = session.whose_turn()
    assert turn is not None
    session.submit(EndTurn(turn), based_on=0)
    session.wait_saved()
    assert store.flush(5)
    record = session.records[0]
    progress = session.progress
    gap = CommandRecord(index=5, seat=record.seat, round=record.round, payload=record.payload)
    good = CommandRecord(index=1, seat=record.seat, round=record.round, payload=record.payload)
    other, _ = new_room(get_scenario("water-and-crossings"), 1, store, seed=4)
    assert store.flush(5)
    items = [
        (other.tables[0].game_id, good.__class__(0, good.seat, good.round, good.payload), progress, None),
        (session.game_id, gap, replace(progress, commands=6), None),
    ]
    try:
        db.append_commands(items)
    except StorageError as exc:  # a move that does not follow the stored ones: refused, nothing written
        assert "holds 1 moves before move 6" in str(exc)
    else:
        raise AssertionError("a move past a gap was stored")
    assert len(db.load_game(session.game_id).commands) == 1
    assert db.load_game(other.tables[0].game_id).commands == ()  # the other game's move went with it
    assert store.close()
    db.close()
