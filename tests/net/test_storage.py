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
