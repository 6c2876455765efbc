"""Write-behind saving (the window's games): a move is stored by the session's writer thread, never by the thread
that made it, and the store ends equal to the log however moves, undos and failures interleave."""

from __future__ import annotations

import threading
from typing import Any

from flaky_storage import FlakyStorage
from toy_rules import Bid, ToyRules, toy_setup

from negotiator.model.schema import Scenario
from negotiator.session.notices import ChangeNotice
from negotiator.session.ports import MemoryStorage
from negotiator.session.session import Session


class GatedStorage(MemoryStorage):
    """A MemoryStorage that records which thread wrote, and can hold a write until the test lets it go."""

    def __init__(self) -> None:
        super().__init__("gated.db")
        self.threads: list[str] = []
        self.gate = threading.Event()
        self.gate.set()
        self.writing = threading.Event()

    def append_command(self, *args: Any) -> None:
        self.threads.append(threading.current_thread().name)
        self.writing.set()
        assert self.gate.wait(10)
        super().append_command(*args)


def start(scenario: Scenario, rules: ToyRules, storage: Any, **setup: Any) -> Session:
    return Session.start(scenario, toy_setup(**setup), storage=storage, rules=rules, write_behind=True)


def stored(storage: MemoryStorage, session: Session) -> list[Any]:
    return [c.payload for c in storage.load_game(session.game_id).commands]


def test_moves_are_written_by_the_writer_thread_not_the_mover(
    teaching_scenario: Scenario, rules: ToyRules
) -> None:
    storage = GatedStorage()
    session = start(teaching_scenario, rules, storage)
    for cmd in (Bid("israel", 1), Bid("palestine", 2), Bid("israel", 3)):
        session.submit(cmd)
    assert session.wait_saved().saved
    assert stored(storage, session) == [rules.encode(c) for c in session.commands]
    assert storage.threads and all(name.startswith("save-") for name in storage.threads)
    assert threading.current_thread().name not in storage.threads
    session.close()


def test_a_move_returns_while_its_write_is_still_held(teaching_scenario: Scenario, rules: ToyRules) -> None:
    storage = GatedStorage()
    session = start(teaching_scenario, rules, storage)
    storage.gate.clear()
    session.submit(Bid("israel", 1))  # returns although the disk is "stuck"
    assert storage.writing.wait(10)
    session.submit(Bid("palestine", 2))
    assert len(session.commands) == 2 and stored(storage, session) == []
    storage.gate.set()
    session.wait_saved()
    assert stored(storage, session) == [rules.encode(c) for c in session.commands]
    session.close()


def test_an_undo_racing_a_write_leaves_the_store_equal_to_the_log(
    teaching_scenario: Scenario, rules: ToyRules
) -> None:
    storage = GatedStorage()
    session = start(teaching_scenario, rules, storage)
    session.submit(Bid("israel", 1))
    session.wait_saved()
    storage.gate.clear()
    storage.writing.clear()
    session.submit(Bid("palestine", 2))
    assert storage.writing.wait(10)  # the writer is storing command 1...
    session.undo()  # ...while the person takes it back
    session.submit(Bid("palestine", 3))
    storage.gate.set()
    session.wait_saved()
    session.wait_saved()  # the write that found the undo queued one more
    assert stored(storage, session) == [rules.encode(c) for c in session.commands]
    assert [c.payload["amount"] for c in storage.load_game(session.game_id).commands] == [1, 3]
    again = Session.resume(storage, session.game_id, rules=rules, scenarios=lambda _id: teaching_scenario)
    assert again.commands == session.commands
    session.close()


def test_a_failed_write_is_announced_and_caught_up_later(
    teaching_scenario: Scenario, rules: ToyRules
) -> None:
    flaky = FlakyStorage()
    session = start(teaching_scenario, rules, flaky)
    seen: list[ChangeNotice] = []
    session.subscribe(seen.append)
    flaky.broken = True
    session.submit(Bid("israel", 1))
    status = session.wait_saved()
    assert not status.saved and status.problem is not None and "disk is full" in status.problem
    assert [n.kind for n in seen] == ["applied", "save-failed"] and not seen[-1].save.saved
    flaky.broken = False
    session.submit(Bid("palestine", 2))
    assert session.wait_saved().saved and seen[-1].kind == "saved"
    assert len(flaky.load_game(session.game_id).commands) == 2
    session.close()
