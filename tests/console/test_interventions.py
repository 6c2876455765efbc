"""The trainer's interventions as commands: each is logged, stored and replays to the same state and digest; a
rollback is a new command (the log only grows) and the trainer's record keeps what it undid."""

from __future__ import annotations

import pytest

from negotiator.ai.simulate import bots_for
from negotiator.game.commands import (
    TRAINER,
    EndTable,
    EndTurn,
    HandSeat,
    InjectEvent,
    MoveStudent,
    PauseTable,
    PostNews,
    ResumeTable,
    Rollback,
    SetTimer,
    TrainerMessage,
)
from negotiator.game.errors import IllegalCommand
from negotiator.game.interventions import undone_positions
from negotiator.game.replay import GameRecord, replay, transcript_digest
from negotiator.game.rules import apply, new_game, whose_turn
from negotiator.game.setup import GameSetup, SeatSetup
from negotiator.game.state import GameState, state_hash
from negotiator.game.views import public_view, view_for
from negotiator.model.schema import Scenario
from negotiator.net.classroom import table_setup
from negotiator.session.errors import SessionError
from negotiator.session.ports import MemoryStorage
from negotiator.session.session import Session


def _setup(scenario: Scenario, seed: int = 5) -> GameSetup:
    return table_setup(scenario, seed, {"israel", "palestine"}, {})


def _bot_moves(state: GameState, scenario: Scenario, setup: GameSetup, n: int, log: list) -> GameState:  # type: ignore[type-arg]
    bots = bots_for(scenario, setup)
    for _ in range(n):
        seat = whose_turn(state)
        if seat is None:
            break
        cmd = bots[seat].choose(view_for(state, seat))
        state, _ = apply(state, cmd)
        log.append(cmd)
    return state


def test_a_class_with_every_intervention_replays_to_the_same_state_and_digest(
    teaching_scenario: Scenario,
) -> None:
    scenario = teaching_scenario
    setup = _setup(scenario)
    log: list = []  # type: ignore[type-arg]
    state = new_game(scenario, setup)
    state = _bot_moves(state, scenario, setup, 6, log)
    drawn = {e for _, e in state.events}
    event = next(e.id for e in scenario.events if e.id not in drawn)
    for cmd in (
        SetTimer(TRAINER, 90, 15),
        PauseTable(TRAINER),
        PostNews(TRAINER, "The donors meet tomorrow."),
        TrainerMessage(TRAINER, "israel", "Your cabinet is watching."),
        ResumeTable(TRAINER),
        InjectEvent(TRAINER, event),
        HandSeat(TRAINER, "palestine", "ai", ""),
        MoveStudent(TRAINER, "Sam", "israel", "palestine"),
    ):
        state, _ = apply(state, cmd)
        log.append(cmd)
    state = _bot_moves(state, scenario, setup, 5, log)
    before = len(log)
    state, _ = apply(state, Rollback(TRAINER, 3))
    log.append(Rollback(TRAINER, 3))
    state = _bot_moves(state, scenario, setup, 4, log)
    state, _ = apply(state, EndTable(TRAINER))
    log.append(EndTable(TRAINER))
    assert state.phase == "outcome" and state.outcome is not None
    again = replay(scenario, setup, log)
    assert state_hash(again) == state_hash(state)
    assert transcript_digest(GameRecord(setup, tuple(log), state)) == transcript_digest(
        GameRecord(setup, tuple(log), again)
    )
    kinds = [a.kind for a in state.classroom.actions]
    assert kinds == [
        "set-timer",
        "pause-table",
        "post-news",
        "trainer-message",
        "resume-table",
        "inject-event",
        "hand-seat",
        "move-student",
        "rollback",
        "end-table",
    ]
    assert state.classroom.undone == ((before, 3),)
    assert set(range(3, before)) <= undone_positions(state.classroom)
    assert state.classroom.timer == 90 and dict(state.classroom.stand_ins) == {"palestine": ""}


def test_a_rollback_restores_the_talks_but_keeps_the_trainers_lines(teaching_scenario: Scenario) -> None:
    scenario = teaching_scenario
    setup = _setup(scenario, 9)
    log: list = []  # type: ignore[type-arg]
    state = _bot_moves(new_game(scenario, setup), scenario, setup, 4, log)
    at_four = state
    state, _ = apply(state, TrainerMessage(TRAINER, "", "Think about the aquifer."))
    state = _bot_moves(state, scenario, setup, 6, log)
    assert state.proposals != at_four.proposals or state.round != at_four.round
    state, _ = apply(state, Rollback(TRAINER, 4))
    assert state.proposals == at_four.proposals and state.round == at_four.round
    assert state.phase == at_four.phase and state.done == at_four.done
    assert state.moves == 4 + 1 + 6 + 1  # the log only grows
    kinds = [e.kind for e in state.transcript]
    assert kinds[: len(at_four.transcript)] == [e.kind for e in at_four.transcript]
    assert kinds[len(at_four.transcript) :] == ["trainer-message", "rollback"]
    assert [e.index for e in state.transcript] == list(range(len(state.transcript)))


def test_a_paused_table_has_no_turn_and_refuses_moves(teaching_scenario: Scenario) -> None:
    scenario = teaching_scenario
    setup = _setup(scenario)
    state = new_game(scenario, setup)
    seat = whose_turn(state)
    assert seat is not None
    state, _ = apply(state, PauseTable(TRAINER))
    assert whose_turn(state) is None and view_for(state, seat).legal == ()
    with pytest.raises(IllegalCommand, match="paused"):
        apply(state, EndTurn(seat))
    with pytest.raises(IllegalCommand, match="paused already"):
        apply(state, PauseTable(TRAINER))
    state, _ = apply(state, ResumeTable(TRAINER))
    assert whose_turn(state) == seat
    apply(state, EndTurn(seat))


def test_a_message_to_one_seat_reaches_only_that_seat(teaching_scenario: Scenario) -> None:
    scenario = teaching_scenario
    setup = _setup(scenario)
    state, _ = apply(new_game(scenario, setup), TrainerMessage(TRAINER, "israel", "Check your walk-away."))
    assert any(e.kind == "trainer-message" for e in view_for(state, "israel").transcript)
    for seat in setup.seat_ids:
        if seat != "israel":
            assert all("walk-away" not in str(e.reason) for e in view_for(state, seat).transcript)
    assert all(e.kind != "trainer-message" for e in public_view(state).transcript)


def test_only_the_trainer_intervenes_and_bad_interventions_say_why(teaching_scenario: Scenario) -> None:
    scenario = teaching_scenario
    setup = _setup(scenario)
    state = new_game(scenario, setup)
    with pytest.raises(IllegalCommand, match="only the trainer"):
        apply(state, PauseTable("israel"))
    with pytest.raises(IllegalCommand, match="no event"):
        apply(state, InjectEvent(TRAINER, "no-such-event"))
    with pytest.raises(IllegalCommand, match="roll back to a move"):
        apply(state, Rollback(TRAINER, 0))
    one_human = new_game(scenario, table_setup(scenario, 5, {"israel"}, {}))
    with pytest.raises(IllegalCommand, match="AI seat"):
        apply(one_human, HandSeat(TRAINER, "palestine", "ai"))
    with pytest.raises(IllegalCommand, match="warn"):
        apply(state, SetTimer(TRAINER, 30, 30))


def test_a_game_without_interventions_hashes_as_before(teaching_scenario: Scenario) -> None:
    """The trainer's record is absent from the hash while empty, so stored games and goldens keep their hashes."""
    setup = GameSetup(
        teaching_scenario.id,
        tuple(SeatSetup(d.id, "bot", None) for d in teaching_scenario.delegations),
        3,
        "ai",
    )
    state = new_game(teaching_scenario, setup)
    from negotiator.game.state import to_plain

    assert "classroom" not in to_plain(state) and "trail" not in to_plain(state)


def test_the_session_logs_and_stores_interventions_and_reloads_them(teaching_scenario: Scenario) -> None:
    storage = MemoryStorage()
    setup = _setup(teaching_scenario, 21)
    session = Session.start(teaching_scenario, setup, storage=storage)
    seat = session.whose_turn()
    assert seat is not None
    session.submit(EndTurn(seat))
    session.intervene(PostNews(TRAINER, "Talks move to Geneva."))
    session.intervene(Rollback(TRAINER, 0))
    with pytest.raises(SessionError):
        session.submit(PauseTable(TRAINER))  # not through a seat's door
    assert [r.seat for r in session.records] == [seat, TRAINER, TRAINER]
    again = Session.resume(storage, session.game_id)
    assert again.progress.state_hash == session.progress.state_hash
    assert again.whose_turn() == seat


@pytest.mark.parametrize("lang", ["en", "he", "ar"])
def test_the_trainers_lines_read_as_sentences_in_every_language(
    teaching_scenario: Scenario, lang: str
) -> None:
    from negotiator.ui.viewmodel import entry_sentence

    setup = _setup(teaching_scenario)
    state = new_game(teaching_scenario, setup)
    for cmd in (
        PauseTable(TRAINER),
        SetTimer(TRAINER, 60, 10),
        PostNews(TRAINER, "Storm"),
        TrainerMessage(TRAINER, "israel", "Hello"),
        ResumeTable(TRAINER),
        HandSeat(TRAINER, "israel", "ai"),
        EndTable(TRAINER),
    ):
        state, _ = apply(state, cmd)
    lines = [
        entry_sentence(teaching_scenario, e.kind, e.seat, e.ref, e.reason, lang) for e in state.transcript
    ]
    assert all("log." not in line and "{" not in line for line in lines), lines
    assert any("Storm" in line for line in lines) and any("60" in line for line in lines)


def test_every_console_word_is_in_every_catalogue() -> None:
    """The console's words are message ids; each one is in the English, Hebrew and Arabic catalogues."""
    import re
    from pathlib import Path

    from negotiator.text.catalogue import entries

    folder = Path(__file__).resolve().parents[2] / "negotiator" / "ui" / "console"
    ids = set()
    for source in folder.glob("*.py"):
        ids |= set(re.findall(r"[\"'](console\.[a-z0-9.-]+)[\"']", source.read_text(encoding="utf-8")))
    assert len(ids) > 100
    for lang in ("en", "he", "ar"):
        missing = sorted(ids - set(entries(lang)))
        assert not missing, f"add to assets/locale/{lang}.po: {missing}"
