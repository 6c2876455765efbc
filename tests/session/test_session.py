"""The session owns the log: autosave after every command, undo by folding again, replay, notices, bot turns."""

from __future__ import annotations

import threading

import pytest
from flaky_storage import FlakyStorage
from toy_rules import TARGET, Bid, Pass, ToyIllegal, ToyRules, toy_setup

from negotiator.model.schema import Scenario
from negotiator.session.errors import SaveDamaged, SessionError, StaleMove
from negotiator.session.notices import ChangeNotice
from negotiator.session.ports import MemoryStorage
from negotiator.session.session import CHECKPOINT_EVERY, Session


def start(scenario: Scenario, rules: ToyRules, storage: object | None = None, **setup: object) -> Session:
    return Session.start(scenario, toy_setup(**setup), storage=storage, rules=rules)  # type: ignore[arg-type]


def test_every_applied_command_is_stored_before_submit_returns(
    teaching_scenario: Scenario, rules: ToyRules
) -> None:
    storage = MemoryStorage()
    session = start(teaching_scenario, rules, storage)
    assert storage.load_game(session.game_id).commands == ()
    for k, cmd in enumerate([Bid("israel", 2), Bid("palestine", 3), Pass("israel")]):
        session.submit(cmd)
        saved = storage.load_game(session.game_id)
        assert len(saved.commands) == k + 1
        assert saved.commands[-1].payload == rules.encode(cmd)
        assert saved.progress.state_hash == rules.state_hash(session.state)
    assert session.save_status.saved


def test_resume_replays_to_the_same_state_and_checks_hashes(
    teaching_scenario: Scenario, rules: ToyRules
) -> None:
    storage = MemoryStorage()
    session = start(teaching_scenario, rules, storage)
    moves = [Bid("israel", 1), Bid("palestine", 1)] * 5
    for cmd in moves:
        session.submit(cmd)
    saved = storage.load_game(session.game_id)
    assert [c.index for c in saved.checkpoints] == [CHECKPOINT_EVERY]
    again = Session.resume(storage, session.game_id, rules=rules, scenarios=lambda _id: teaching_scenario)
    assert rules.state_hash(again.state) == rules.state_hash(session.state)
    assert again.commands == session.commands
    assert [s.command for s in again.replay()] == moves


def test_illegal_command_changes_nothing(teaching_scenario: Scenario, rules: ToyRules) -> None:
    storage = MemoryStorage()
    session = start(teaching_scenario, rules, storage)
    session.submit(Bid("israel", 2))
    with pytest.raises(ToyIllegal):
        session.submit(Bid("israel", 2))  # out of turn
    with pytest.raises(ToyIllegal):
        session.submit(Bid("palestine", 9))
    assert len(session.commands) == 1
    assert len(storage.load_game(session.game_id).commands) == 1


def test_undo_folds_to_n_minus_one_in_hotseat(teaching_scenario: Scenario, rules: ToyRules) -> None:
    storage = MemoryStorage()
    session = start(teaching_scenario, rules, storage)
    session.submit(Bid("israel", 2))
    hash_after_one = rules.state_hash(session.state)
    session.submit(Bid("palestine", 3))
    notice = session.undo()
    assert notice.kind == "undone" and notice.commands == 1 and notice.log and notice.turn
    assert rules.state_hash(session.state) == hash_after_one
    assert session.whose_turn() == "palestine"
    assert len(storage.load_game(session.game_id).commands) == 1
    again = Session.resume(storage, session.game_id, rules=rules, scenarios=lambda _id: teaching_scenario)
    assert rules.state_hash(again.state) == hash_after_one
    session.undo()
    assert session.commands == () and not session.can_undo
    with pytest.raises(SessionError, match=r"no move"):
        session.undo()


def test_undo_in_solo_takes_back_the_bots_replies(teaching_scenario: Scenario, rules: ToyRules) -> None:
    session = start(teaching_scenario, rules, MemoryStorage(), mode="solo", controllers=("human", "bot"))
    session.submit(Bid("israel", 1))
    assert session.run_bot_turn() is not None
    assert session.whose_turn() == "israel" and len(session.commands) == 2
    session.undo()
    assert session.commands == () and session.whose_turn() == "israel"


@pytest.mark.parametrize(("mode", "allow"), [("ai", True), ("solo", False), ("hotseat", False)])
def test_undo_refused_where_the_mode_forbids_it(
    teaching_scenario: Scenario, rules: ToyRules, mode: str, allow: bool
) -> None:
    session = start(teaching_scenario, rules, MemoryStorage(), mode=mode, allow_undo=allow)
    session.submit(Bid("israel", 1))
    assert not session.can_undo
    with pytest.raises(SessionError, match="not allowed"):
        session.undo()
    assert len(session.commands) == 1


def test_notices_say_what_changed(teaching_scenario: Scenario, rules: ToyRules) -> None:
    session = start(teaching_scenario, rules, MemoryStorage())
    seen: list[ChangeNotice] = []
    unsubscribe = session.subscribe(seen.append)
    session.submit(Bid("israel", 3))
    session.submit(Bid("palestine", 3))  # both moved: round 2 begins
    assert [n.kind for n in seen] == ["applied", "applied"]
    assert seen[0].seat == "israel" and not hasattr(seen[0], "command")  # a notice never carries the command
    assert seen[0].turn and not seen[0].round and seen[1].round
    assert all(n.save.saved and n.log and n.state for n in seen)
    session.submit(Bid("israel", 3))
    session.submit(Bid("palestine", 3))  # 12 points: the target
    assert (
        session.progress.finished
        and seen[-1].finished
        and seen[-1].phase
        and [e.ref for e in seen[-1].events] == ["target"]
    )
    assert sum(n.finished for n in seen) == 1
    unsubscribe()
    session.undo()
    assert len(seen) == 4


def test_a_failing_listener_does_not_hide_the_notice_from_others(
    teaching_scenario: Scenario, rules: ToyRules
) -> None:
    session = start(teaching_scenario, rules, MemoryStorage())
    got: list[int] = []

    def broken(_: ChangeNotice) -> None:
        raise RuntimeError("listener bug")

    session.subscribe(broken)
    session.subscribe(lambda n: got.append(n.commands))
    with pytest.raises(RuntimeError, match="listener bug"):
        session.submit(Bid("israel", 1))
    assert got == [1] and len(session.commands) == 1


def test_bot_turns_run_only_for_bots_and_play_to_the_end(
    teaching_scenario: Scenario, rules: ToyRules
) -> None:
    session = start(teaching_scenario, rules, MemoryStorage(), mode="ai", controllers=("bot", "bot"))
    with pytest.raises(SessionError, match="bot"):
        session.submit(Bid("israel", 1))
    made = session.play_bots()
    assert session.progress.finished and made == len(session.commands) > 0
    assert session.run_bot_turn() is None
    replayed = Session.start(
        teaching_scenario, toy_setup(mode="ai", controllers=("bot", "bot")), storage=None, rules=rules
    )
    replayed.play_bots()
    assert replayed.commands == session.commands  # seeded bots: the same game again


def test_stale_bot_move_is_refused(teaching_scenario: Scenario, rules: ToyRules) -> None:
    session = start(teaching_scenario, rules, MemoryStorage(), mode="solo", controllers=("human", "bot"))
    session.submit(Bid("israel", 1))
    move = session.bot_move()
    assert move is not None and move.based_on == 1
    session.undo()  # the human takes the move back while the bot was thinking
    with pytest.raises(StaleMove) as stale:
        session.apply_bot_move(move)
    assert session.commands == ()
    assert stale.value.based_on == 1 and stale.value.now == 0 and stale.value.view is not None
    assert stale.value.view.move == 0 and stale.value.view.seat == "palestine"


def test_bot_thinks_on_a_worker_thread(teaching_scenario: Scenario, rules: ToyRules) -> None:
    session = start(teaching_scenario, rules, MemoryStorage(), mode="ai", controllers=("bot", "bot"))
    notices: list[tuple[str, int]] = []
    session.subscribe(lambda n: notices.append((threading.current_thread().name, n.commands)))
    worker = threading.Thread(target=session.play_bots, name="bot-worker")
    worker.start()
    worker.join(timeout=10)
    assert not worker.is_alive() and session.progress.finished
    assert {name for name, _ in notices} == {"bot-worker"}
    assert [c for _, c in notices] == list(range(1, len(session.commands) + 1))


def test_disk_failure_keeps_the_game_in_memory_then_catches_up(
    teaching_scenario: Scenario, rules: ToyRules, flaky: FlakyStorage
) -> None:
    session = start(teaching_scenario, rules, flaky)
    session.submit(Bid("israel", 1))
    flaky.broken = True
    notice = session.submit(Bid("palestine", 2))
    assert not notice.save.saved and notice.save.unsaved == 1
    assert (
        notice.save.problem is not None
        and "flaky.db" in notice.save.problem
        and "disk is full" in notice.save.problem
    )
    session.submit(Bid("israel", 1))
    assert session.save_status.unsaved == 2 and len(session.commands) == 3
    assert len(flaky.load_game(session.game_id).commands) == 1
    flaky.broken = False
    assert session.retry_save().kind == "saved"
    saved = flaky.load_game(session.game_id)
    assert [c.payload for c in saved.commands] == [rules.encode(c) for c in session.commands]
    assert saved.progress.state_hash == rules.state_hash(session.state)


def test_save_to_another_place_writes_the_whole_game(
    teaching_scenario: Scenario, rules: ToyRules, flaky: FlakyStorage
) -> None:
    flaky.broken = True
    session = start(teaching_scenario, rules, flaky)  # could not even create the game
    session.submit(Bid("israel", 1))
    session.submit(Bid("palestine", 1))
    assert not session.save_status.saved and session.save_status.where == "flaky.db"
    elsewhere = MemoryStorage("usb-stick.db")
    notice = session.save_to(elsewhere)
    assert notice.kind == "moved" and notice.save.saved and notice.save.where == "usb-stick.db"
    session.submit(Bid("israel", 1))
    again = Session.resume(elsewhere, session.game_id, rules=rules, scenarios=lambda _id: teaching_scenario)
    assert again.commands == session.commands


def test_game_without_any_storage_runs_and_says_so(teaching_scenario: Scenario, rules: ToyRules) -> None:
    session = start(teaching_scenario, rules, None)
    notice = session.submit(Bid("israel", 1))
    assert not notice.save.saved and notice.save.where is None and notice.save.problem


def test_undo_while_the_disk_is_failing_is_stored_later(
    teaching_scenario: Scenario, rules: ToyRules, flaky: FlakyStorage
) -> None:
    session = start(teaching_scenario, rules, flaky)
    session.submit(Bid("israel", 1))
    session.submit(Bid("palestine", 1))
    flaky.broken = True
    flaky.commit_then_fail = True  # the truncation lands but reports failure; it must be harmless to redo
    session.undo()
    assert not session.save_status.saved
    flaky.broken = False
    session.retry_save()
    assert len(flaky.load_game(session.game_id).commands) == 1


def test_tampered_payload_is_reported_not_run(teaching_scenario: Scenario, rules: ToyRules) -> None:
    storage = MemoryStorage("class-7.db")
    session = start(teaching_scenario, rules, storage)
    for cmd in [Bid("israel", 1), Bid("palestine", 1), Bid("israel", 1)]:
        session.submit(cmd)
    game = storage._games[session.game_id]
    original = game.commands[1]
    cases = [
        ({"type": "bid", "seat": "palestine", "amount": "__import__('os')"}, "not a valid command"),
        ({"type": "bid", "seat": "palestine", "amount": 3}, "different state"),
        ({"type": "bid", "seat": "palestine", "amount": 7}, "not legal"),
        ({"type": "bid", "seat": "israel", "amount": 1}, "filed under seat"),
    ]
    for payload, message in cases:
        game.commands[1] = type(original)(original.index, original.seat, original.round, payload)
        with pytest.raises(SaveDamaged) as err:
            Session.resume(storage, session.game_id, rules=rules, scenarios=lambda _id: teaching_scenario)
        line = err.value.lines()[0]
        assert line.startswith(f"class-7.db: game {session.game_id[:8]} command") and message in line, line
        assert "different state" in line or "command 1: " in line, line
    game.commands[1] = original
    del game.commands[1]
    with pytest.raises(SaveDamaged, match="command 1: is missing"):
        Session.resume(storage, session.game_id, rules=rules, scenarios=lambda _id: teaching_scenario)


def test_target_is_reachable() -> None:
    assert TARGET <= 3 * 2 * 5  # the toy game can end by reaching the target within its rounds
