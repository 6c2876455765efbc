"""The trainer on the host: only the trainer's token opens the console, one console holds control, interventions
reach every client as new views (a rollback resyncs them), the overview shows each table, and the wire's
``intervene`` frame follows the same rules."""

from __future__ import annotations

import time
from collections.abc import Callable

import pytest

from negotiator.game.commands import (
    TRAINER,
    EndTable,
    EndTurn,
    HandSeat,
    MoveStudent,
    PauseTable,
    PostNews,
    ResumeTable,
    Rollback,
    SetTimer,
    TrainerMessage,
)
from negotiator.net.client import CommandRefused, RemoteNotice, RemoteSeat
from negotiator.net.host import ClassHost, HostLimits
from negotiator.net.trainer import ConsoleRefused
from negotiator.text import Message, render
from tests.console.conftest import TrainedClass
from tests.net.conftest import HostFactory
from tests.net.wire import Wire

Clients = Callable[..., RemoteSeat]


def _wait(condition: Callable[[], object], timeout: float = 15.0) -> None:
    end = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > end:
            raise AssertionError("condition not met in time")
        time.sleep(0.01)


def _seats(host: ClassHost, clients: Clients, table: int = 1) -> dict[str, RemoteSeat]:
    return {
        s: clients(host.url, t, f"student-{s}").connect()
        for s, t in host.room.tables[table - 1].seats.items()
    }


def test_only_the_trainers_token_opens_the_console(make_host: HostFactory) -> None:
    host = make_host(2)
    for table in host.room.tables:
        for token in table.seats.values():
            with pytest.raises(ConsoleRefused):
                host.console(token)
    with pytest.raises(ConsoleRefused):
        host.console(host.room.code)
    first = host.console(host.room.trainer.lower())  # a token may be typed in any case
    assert not first.read_only
    second = host.console(host.room.trainer)
    assert second.read_only
    with pytest.raises(ConsoleRefused, match="read-only"):
        second.intervene(PauseTable(TRAINER))
    first.release()
    assert not host.console(host.room.trainer).read_only


def test_interventions_reach_the_clients_and_a_rollback_resyncs_them(
    trainer_at: TrainedClass, clients: Clients
) -> None:
    host, console, session = trainer_at(2)
    seats = _seats(host, clients)
    turn = session.whose_turn()
    assert turn is not None
    seats[turn].submit(EndTurn(turn), based_on=0)
    at_one = session.view(turn)
    # pause every table: nobody has a turn, nothing is legal, a move is refused
    outcomes = console.intervene(PauseTable(TRAINER))
    assert [o.table for o in outcomes] == [1, 2] and all(o.move is not None for o in outcomes)
    _wait(lambda: all(c.move == len(session.commands) for c in seats.values()))
    assert all(c.view().whose_turn is None and c.view().legal == () for c in seats.values())
    other = next(s for s in seats if s != turn)
    with pytest.raises(CommandRefused, match="paused"):
        seats[other].submit(EndTurn(other), based_on=seats[other].move)
    # a private word to one seat reaches that seat only
    console.intervene(TrainerMessage(TRAINER, other, "Read your red lines again."), table=1)
    console.intervene(PostNews(TRAINER, "Donors meet in Oslo."), table=1)
    console.intervene(ResumeTable(TRAINER))
    _wait(lambda: all(c.move == len(session.commands) for c in seats.values()))
    said = {s: [str(e.reason) for e in c.view().transcript] for s, c in seats.items()}
    assert any("red lines" in r for r in said[other]) and not any("red lines" in r for r in said[turn])
    assert all(any("Oslo" in r for r in lines) for lines in said.values())
    # move on, then roll back to after the first move: every client shows the restored table
    mover = session.whose_turn()
    assert mover is not None
    seats[mover].submit(EndTurn(mover), based_on=seats[mover].move)
    assert session.view(turn).phase != at_one.phase
    [rolled] = console.intervene(Rollback(TRAINER, 1), table=1)
    assert rolled.move == len(session.commands)
    _wait(lambda: all(c.move == len(session.commands) for c in seats.values()))
    for s, c in seats.items():
        assert c.view() == session.view(s)
    assert session.whose_turn() == other and seats[turn].view().phase == at_one.phase
    assert session.state.classroom.undone  # the audit keeps what was undone
    # a refused intervention says why; ending a table finishes its talks for everyone
    [bad] = console.intervene(Rollback(TRAINER, 999), table=2)
    assert bad.move is None and bad.error and "roll back" in bad.error
    console.intervene(EndTable(TRAINER), table=1)
    _wait(lambda: all(c.view().phase == "outcome" for c in seats.values()))


def test_the_trainer_hands_a_seat_to_the_ai_as_a_logged_intervention(
    trainer_at: TrainedClass, clients: Clients
) -> None:
    host, console, session = trainer_at()
    _seats(host, clients)
    [done] = console.intervene(HandSeat(TRAINER, "israel", "ai", "pragmatist"))
    assert done.move is not None and "israel" in host.tables[1].stand_ins
    assert session.records[done.move - 1].seat == TRAINER
    assert dict(session.state.classroom.stand_ins) == {"israel": "pragmatist"}
    row = console.overview()[0]
    assert row.played_by["israel"] == "ai" and row.played_by["palestine"] == "students"
    [again] = console.intervene(HandSeat(TRAINER, "israel", "ai"))
    assert again.move is None and again.error
    console.intervene(HandSeat(TRAINER, "israel", "students"))
    assert "israel" not in host.tables[1].stand_ins


def test_the_overview_shows_each_table_and_its_alerts(make_host: HostFactory, clients: Clients) -> None:
    host = make_host(2, limits=HostLimits(idle_after=0.2, stalled_after=0.4))
    console = host.console(host.room.trainer)
    seats = _seats(host, clients, table=2)
    rows = console.overview()
    assert [r.table for r in rows] == [1, 2]
    assert rows[0].phase == "briefing" and rows[0].turn is not None
    assert rows[1].connected and all(rows[1].connected[s] == [f"student-{s}"] for s in seats)
    assert all(not names for names in rows[0].connected.values())
    assert f"empty:{rows[0].turn}" in rows[0].alerts
    time.sleep(0.5)
    rows = console.overview()
    assert "stalled" in rows[0].alerts and f"idle:{rows[1].turn}" in rows[1].alerts
    [p1, p2] = rows[0].principals
    assert p1.points is None and p1.walk_away > 0 and rows[0].frontier_gap is None


def test_over_the_wire_students_cannot_intervene_and_a_second_trainer_is_read_only(
    make_host: HostFactory, clients: Clients
) -> None:
    host = make_host()
    session = host.tables[1].session
    student = Wire(host.url)
    student.join(next(iter(host.room.tables[0].seats.values())))
    student.send({"type": "intervene", "id": "x1", "command": {"type": "pause-table"}})
    assert student.recv_type("error")["code"] == "not-allowed"
    trainer = clients(host.url, host.room.trainer, "trainer").connect()
    _wait(lambda: trainer.overview is not None)
    assert trainer.overview is not None and trainer.overview.control
    move = trainer.intervene(PauseTable(TRAINER), table=1).result(10)
    assert move == len(session.commands) and session.state.classroom.paused
    second = Wire(host.url)
    second.join(host.room.trainer, "assistant")
    assert not second.recv_type("overview")["control"]
    second.send({"type": "intervene", "id": "x2", "table": 1, "command": {"type": "resume-table"}})
    refused = second.recv_type("error")
    assert refused["code"] == "not-allowed" and "read-only" in refused["message"]
    assert session.state.classroom.paused
    # a seat's command dressed up as an intervention is refused
    with pytest.raises(CommandRefused):
        trainer.intervene({"type": "end-turn"}, table=1).result(10)
    # the console on the host's computer waits its turn while a wire trainer holds control
    assert host.console(host.room.trainer).read_only


def test_the_turn_timer_warns_the_seat_whose_turn_it_is(make_host: HostFactory, clients: Clients) -> None:
    host = make_host(limits=HostLimits(overview_every=0.1))
    console = host.console(host.room.trainer)
    seats = _seats(host, clients)
    turn = host.tables[1].session.whose_turn()
    assert turn is not None
    heard: dict[str, list[str]] = {s: [] for s in seats}
    notices: list[RemoteNotice] = []
    for s, c in seats.items():
        c.subscribe_events(lambda n, s=s: heard[s].append(n.text) if n.kind == "chat" else None)
    seats[turn].subscribe_events(lambda n: notices.append(n) if n.kind == "chat" else None)
    [set_timer] = console.intervene(SetTimer(TRAINER, 2, 1))
    assert set_timer.move is not None
    _wait(lambda: heard[turn])
    assert "left in this turn" in heard[turn][0] or "time for this turn is up" in heard[turn][0]
    # the warning is a message id, so each student reads it in their own language
    said = notices[0]
    assert said.message_id in ("clock.seconds-left", "clock.time-up")
    message = Message.of(said.message_id, **(said.args or {}))
    assert render(message, "en") == said.text
    for lang in ("he", "ar"):
        words = render(message, lang)
        assert words != said.text and any("\u0590" <= ch <= "\u06ff" for ch in words)
    assert all(not lines for s, lines in heard.items() if s != turn)
    row = console.overview()[0]
    assert row.timer == 2 and row.time_left is not None and row.time_left <= 2


def test_moving_a_student_moves_the_connection_to_the_new_seat(
    trainer_at: TrainedClass, clients: Clients
) -> None:
    host, console, session = trainer_at()
    tokens = host.room.tables[0].seats
    dana = clients(host.url, tokens["israel"], "Dana").connect()
    sam = clients(host.url, tokens["israel"], "Sam").connect()  # a teammate at the same seat stays there
    assert dana.seat == "israel" and dana.view().seat == "israel"
    seen: list[tuple[str, int]] = []
    dana.subscribe(lambda notice: seen.append((notice.view.seat, notice.view.move)))
    [done] = console.intervene(MoveStudent(TRAINER, "dana", "israel", "palestine"), table=1)  # any case
    assert done.move is not None
    _wait(lambda: dana.seat == "palestine" and dana.move == len(session.commands))
    assert dana.token == tokens["palestine"]
    assert dana.view() == session.view("palestine")
    assert sam.seat == "israel"
    # the trainer chose to hand the old seat to the AI; a word for the old seat no longer reaches Dana
    [handed] = console.intervene(HandSeat(TRAINER, "israel", "ai"), table=1)
    assert handed.move is not None and "israel" in host.tables[1].stand_ins
    console.intervene(TrainerMessage(TRAINER, "israel", "Israel: check your water quota."), table=1)
    console.intervene(TrainerMessage(TRAINER, "palestine", "Palestine: welcome, Dana."), table=1)
    _wait(lambda: dana.move == len(session.commands) and sam.move == len(session.commands))
    lines = [str(e.reason) for e in dana.view().transcript]
    assert any("welcome, Dana" in r for r in lines) and not any("water quota" in r for r in lines)
    assert any("water quota" in str(e.reason) for e in sam.view().transcript)
    # the old seat's views stop at the move itself; every later one is the new seat's
    first_new = next(i for i, (seat, _) in enumerate(seen) if seat == "palestine")
    assert all(move <= done.move for seat, move in seen[:first_new])
    assert {seat for seat, _ in seen[first_new:]} == {"palestine"} and seen[-1][1] == len(session.commands)
    # presence: Dana is at the new seat, not the old one
    row = console.overview()[0]
    assert row.connected == {"israel": ["Sam"], "palestine": ["Dana"]}
    # a dropped link comes back at the new seat (the client reconnects with the new token)
    connects = dana.connects
    dana.drop_link()
    _wait(lambda: dana.connects > connects)
    assert dana.seat == "palestine" and dana.view() == session.view("palestine")
    # a name nobody at the seat has moves nobody (the log still records it)
    [nobody] = console.intervene(MoveStudent(TRAINER, "Lee", "israel", "palestine"), table=1)
    assert nobody.move is not None
    _wait(lambda: sam.move == len(session.commands))
    assert sam.seat == "israel"
