"""The class host end to end on 127.0.0.1: joining, views, the stale-move rule, idempotency, teams, limits."""

from __future__ import annotations

import json
import threading
from collections.abc import Callable

import pytest
from websockets.exceptions import ConnectionClosed

from negotiator.game.commands import EndTurn
from negotiator.game.views import PublicView, SeatView, TrainerView
from negotiator.net.client import CommandRefused, JoinRefused, RemoteNotice, RemoteSeat, StaleMove
from negotiator.net.host import ClassHost, HostLimits
from negotiator.net.views import view_from_json, view_json_text
from tests.net.conftest import HostFactory
from tests.net.wire import Wire

Clients = Callable[..., RemoteSeat]


def tokens(host: ClassHost, table: int = 1) -> dict[str, str]:
    return dict(host.room.tables[table - 1].seats)


def test_join_answers_with_the_seats_current_view(make_host: HostFactory, clients: Clients) -> None:
    host = make_host(2)
    for table in (1, 2):
        session = host.tables[table].session
        for seat, token in tokens(host, table).items():
            client = clients(host.url, token, f"student-{seat}").connect()
            assert client.role == "seat" and client.seat == seat and client.table == table
            assert client.game_id == session.game_id
            assert client.move == len(session.commands)
            assert isinstance(client.view(), SeatView)
            assert client.view() == session.view(seat)


def test_a_move_reaches_every_seat_with_its_own_view(make_host: HostFactory, clients: Clients) -> None:
    host = make_host()
    session = host.tables[1].session
    seats = {s: clients(host.url, t).connect() for s, t in tokens(host).items()}
    turn = seats["israel"].view().whose_turn
    arrived = {s: threading.Event() for s in seats}
    for s, c in seats.items():
        c.subscribe_events(lambda n, s=s: arrived[s].set() if n.kind == "update" and n.move == 1 else None)
    assert seats[turn].submit(EndTurn(turn), based_on=0).move == 1
    for s, c in seats.items():
        assert arrived[s].wait(5)
        assert c.move == 1 and c.view() == session.view(s)
    assert seats[turn].view().whose_turn != turn


def test_the_seat_comes_from_the_connection_never_the_message(
    make_host: HostFactory, clients: Clients
) -> None:
    host = make_host()
    session = host.tables[1].session
    seats = {s: clients(host.url, t).connect() for s, t in tokens(host).items()}
    turn = seats["israel"].view().whose_turn
    other = next(s for s in seats if s != turn)
    with pytest.raises(
        CommandRefused
    ) as caught:  # the other seat tries to move for the seat whose turn it is
        seats[other].submit({"type": "end-turn", "seat": turn}, based_on=0)
    assert caught.value.code == "unauthorised"
    with pytest.raises(CommandRefused) as caught:  # and without naming a seat, it moves only for itself
        seats[other].submit({"type": "end-turn"}, based_on=0)
    assert caught.value.code == "illegal"
    assert len(session.commands) == 0


def test_bad_tokens_and_protocols_are_refused(make_host: HostFactory, clients: Clients) -> None:
    host = make_host()
    with pytest.raises(JoinRefused) as caught:
        clients(host.url, "AAAA-BBBB-CCCC-DDDD", reconnect=False).connect()
    assert caught.value.code == "unauthorised"
    wire = Wire(host.url)
    answer = wire.join(next(iter(tokens(host).values())), protocol=2)  # type: ignore[arg-type]
    assert answer["type"] == "error" and answer["code"] == "protocol"
    assert wire.closed()


def test_tokens_can_be_typed_loosely(make_host: HostFactory, clients: Clients) -> None:
    host = make_host()
    token = tokens(host)["israel"]
    client = clients(host.url, token.replace("-", " ").lower()).connect()
    assert client.seat == "israel"


def test_two_team_members_submitting_at_once_exactly_one_applies(
    make_host: HostFactory, clients: Clients
) -> None:
    host = make_host()
    session = host.tables[1].session
    token = tokens(host)["israel"]
    team = [
        clients(host.url, token, name).connect() for name in ("Dana", "Dana", "Omar")
    ]  # duplicate names are fine
    palestine = clients(host.url, tokens(host)["palestine"]).connect()
    for round_ in range(6):
        mover = team if team[0].view().whose_turn == "israel" else [palestine]
        seat = mover[0].seat
        assert seat is not None
        based_on = mover[0].move
        futures = [m.submit_async(EndTurn(seat), based_on) for m in mover]
        results, stale = [], []
        for f in futures:
            try:
                results.append(f.result(10))
            except StaleMove as exc:
                stale.append(exc)
        assert len(results) == 1, f"round {round_}: {len(results)} applied"
        assert len(stale) == len(mover) - 1
        for exc in stale:
            assert exc.now == based_on + 1 and isinstance(exc.view, SeatView)
        assert len(session.commands) == based_on + 1
        for m in [*team, palestine]:  # everyone converges on the new move
            _wait(lambda m=m, b=based_on: m.move == b + 1)


def test_a_resubmitted_command_is_applied_once(make_host: HostFactory) -> None:
    host = make_host()
    session = host.tables[1].session
    turn = session.whose_turn()
    assert turn is not None
    wire = Wire(host.url)
    assert wire.join(tokens(host)[turn])["type"] == "welcome"
    submit = {"type": "submit", "id": "same-id", "based_on": 0, "command": {"type": "end-turn"}}
    wire.send(submit)
    first = wire.recv_type("ack")
    wire.send(submit)
    second = wire.recv_type("ack")
    assert first == {"type": "ack", "id": "same-id", "move": 1, "duplicate": False}
    assert second == {"type": "ack", "id": "same-id", "move": 1, "duplicate": True}
    # A new id with the same content is another command (a teammate's): made on an old move, it is stale.
    wire.send({**submit, "id": "another-id"})
    stale = wire.recv_type("stale")
    assert (stale["id"], stale["based_on"], stale["move"]) == ("another-id", 0, 1)
    assert len(session.commands) == 1
    wire.close()


def test_a_stale_command_gets_the_fresh_view(make_host: HostFactory, clients: Clients) -> None:
    host = make_host()
    session = host.tables[1].session
    seats = {s: clients(host.url, t).connect() for s, t in tokens(host).items()}
    turn = seats["israel"].view().whose_turn
    seats[turn].submit(EndTurn(turn), based_on=0)
    nxt = session.whose_turn()
    assert nxt is not None
    with pytest.raises(StaleMove) as caught:
        seats[nxt].submit(EndTurn(nxt), based_on=0)
    assert caught.value.now == 1 and caught.value.view == session.view(nxt)
    assert len(session.commands) == 1


def test_reconnect_mid_turn_resumes_at_the_current_view(make_host: HostFactory, clients: Clients) -> None:
    host = make_host()
    session = host.tables[1].session
    seats = {s: clients(host.url, t, s).connect() for s, t in tokens(host).items()}
    turn = seats["israel"].view().whose_turn
    other = next(s for s in seats if s != turn)
    seats[other].drop_link()  # a Wi-Fi gap: the other seat is away while a move is made
    seats[turn].submit(EndTurn(turn), based_on=0)
    _wait(lambda: seats[other].connects >= 2 and seats[other].move == 1)
    assert seats[other].view() == session.view(other)
    # Its own command sent while the link is down goes out on reconnect, and applies once.
    seats[other].drop_link()
    future = seats[other].submit_async(EndTurn(other), based_on=1)
    assert future.result(10) == 2
    assert len(session.commands) == 2


def test_connections_per_token_are_capped(make_host: HostFactory, clients: Clients) -> None:
    host = make_host(limits=HostLimits(connections_per_token=2))
    token = tokens(host)["israel"]
    clients(host.url, token).connect()
    clients(host.url, token).connect()
    with pytest.raises(JoinRefused) as caught:
        clients(host.url, token, reconnect=False).connect()
    assert caught.value.code == "too-many-connections"


def test_a_flood_is_rate_limited_then_closed_and_others_play_on(
    make_host: HostFactory, clients: Clients
) -> None:
    host = make_host(limits=HostLimits(rate_per_second=1, burst=2, strikes_before_close=5))
    session = host.tables[1].session
    turn = session.whose_turn()
    assert turn is not None
    other = next(s for s in tokens(host) if s != turn)
    wire = Wire(host.url)
    wire.join(tokens(host)[other])
    for k in range(40):
        try:
            wire.send({"type": "chat", "id": f"c{k}", "text": "spam"})
        except (
            ConnectionClosed
        ):  # a quick host closes the flooder before all 40 are out: what is being tested
            break
    codes = []
    try:
        while True:
            frame = wire.recv(3)
            if frame["type"] == "error":
                codes.append(frame["code"])
    except Exception:
        pass
    assert "rate-limited" in codes
    assert wire.closed()
    mover = clients(host.url, tokens(host)[turn]).connect()
    assert mover.submit(EndTurn(turn), based_on=0).move == 1


def test_team_chat_reaches_the_team_and_the_trainer_only(make_host: HostFactory, clients: Clients) -> None:
    host = make_host()
    heard: dict[str, list[RemoteNotice]] = {"team": [], "other": [], "trainer": []}
    t = tokens(host)
    speaker = clients(host.url, t["israel"], "Dana").connect()
    mate = clients(host.url, t["israel"], "Omar").connect()
    other = clients(host.url, t["palestine"], "Lina").connect()
    trainer = clients(host.url, host.room.trainer, "trainer").connect()
    assert trainer.role == "trainer"
    mate.subscribe_events(lambda n: heard["team"].append(n) if n.kind == "chat" else None)
    other.subscribe_events(lambda n: heard["other"].append(n) if n.kind == "chat" else None)
    trainer.subscribe_events(lambda n: heard["trainer"].append(n) if n.kind == "chat" else None)
    speaker.chat("our red line is water")
    _wait(lambda: heard["team"] and heard["trainer"])
    assert heard["team"][0].text == "our red line is water" and heard["team"][0].name == "Dana"
    other.chat(
        "hello"
    )  # the other seat's channel is live (it hears its own line), so silence is not a dead link
    _wait(lambda: len(heard["trainer"]) == 2 and heard["other"])
    assert [(n.by, n.text) for n in heard["other"]] == [("palestine", "hello")]
    assert [(n.by, n.text) for n in heard["team"]] == [("israel", "our red line is water")]


def test_the_trainer_sees_every_table(make_host: HostFactory, clients: Clients) -> None:
    host = make_host(3)
    trainer = clients(host.url, host.room.trainer).connect()
    tables = trainer.view()["tables"]
    assert [t["table"] for t in tables] == [1, 2, 3]
    for t in tables:
        session = host.tables[t["table"]].session
        assert t["game_id"] == session.game_id
        assert view_from_json(t["observer"], TrainerView) == session.trainer_view()
        # the host splices the observer from the seats' texts: it must equal serialising it whole
        assert t["observer"] == json.loads(view_json_text(session.trainer_view()))
        assert set(t["seats"]) == set(tokens(host, t["table"]))


def test_the_room_code_lets_a_spectator_watch_the_public_record(
    make_host: HostFactory, clients: Clients
) -> None:
    host = make_host(2)
    session = host.tables[2].session
    watcher = clients(host.url, host.room.code, "projector", table=2).connect()
    assert watcher.role == "spectator" and watcher.table == 2
    assert isinstance(watcher.view(), PublicView) and watcher.view() == session.public_view()
    assert watcher.scenario.id == "water-and-crossings"
    mover = clients(host.url, tokens(host, 2)[session.whose_turn()]).connect()
    mover.submit(EndTurn(mover.seat), based_on=0)
    _wait(lambda: watcher.move == 1)
    assert watcher.view() == session.public_view()
    with pytest.raises(CommandRefused) as caught:  # watching is all a spectator does
        watcher.submit(EndTurn(session.whose_turn() or "israel"), based_on=1)
    assert caught.value.code == "not-allowed"
    wire = Wire(host.url)
    answer = wire.join(host.room.code, table=9)
    assert answer["type"] == "error" and "no table 9" in answer["message"]


def test_the_public_scenario_is_sent_once(make_host: HostFactory) -> None:
    host = make_host()
    first = Wire(host.url).join(tokens(host)["israel"])
    assert first["scenario"]["scenario"]["id"] == "water-and-crossings"
    again = Wire(host.url).join(tokens(host)["israel"], scenario_digest=first["scenario_digest"])
    assert again["scenario"] is None and again["scenario_digest"] == first["scenario_digest"]
    text = json.dumps(first["scenario"])
    for d in host.tables[1].session.scenario.delegations:  # the public scenario holds no confidential brief
        if d.confidential_brief.strip():
            assert json.dumps(d.confidential_brief)[1:-1] not in text


def _wait(condition: Callable[[], object], timeout: float = 10.0) -> None:
    import time

    end = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > end:
            raise AssertionError("condition not met in time")
        time.sleep(0.01)


def test_a_remote_seat_delivers_seat_notices_like_a_local_one(
    make_host: HostFactory, clients: Clients
) -> None:
    """The seat channel's notice: flags from comparing views, the new view, and only the events the seat may see."""
    from negotiator.session.notices import SeatNotice

    host = make_host()
    session = host.tables[1].session
    seats = {s: clients(host.url, t).connect() for s, t in tokens(host).items()}
    turn = session.whose_turn()
    assert turn is not None
    other = next(s for s in seats if s != turn)
    got: list[SeatNotice] = []
    seats[other].subscribe(got.append)
    notice = seats[turn].submit(EndTurn(turn), based_on=0)
    assert isinstance(notice, SeatNotice) and notice.move == 1 and notice.view == session.view(turn)
    _wait(lambda: got)
    assert got[0].seat == other and got[0].view == session.view(other)
    assert got[0].changes.turn and got[0].changes.move == 1
    assert all(e.visible_to(other) for e in got[0].events) and got[0].events
    assert seats[other].scenario.id == session.scenario.id


def test_the_trainer_hands_a_seat_to_the_ai_and_back(make_host: HostFactory, clients: Clients) -> None:
    host = make_host()
    session = host.tables[1].session
    t = tokens(host)
    israel = clients(host.url, t["israel"], "Dana").connect()
    palestine = clients(host.url, t["palestine"], "Lina").connect()
    trainer = clients(host.url, host.room.trainer, "trainer").connect()
    status: list[RemoteNotice] = []
    israel.subscribe_events(lambda n: status.append(n) if n.kind == "seat-status" else None)
    trainer.hand_over(1, "israel", True, "pragmatist")
    _wait(lambda: status and status[-1].text == "ai")
    # the AI now moves for israel whenever it is israel's turn; a student's command for it is refused
    for _ in range(4):
        _wait(lambda: session.whose_turn() == "israel" or palestine.move == len(session.commands))
        turn = session.whose_turn()
        if turn == "palestine":
            palestine.submit(EndTurn("palestine"), based_on=palestine.move)
        else:
            before = len(session.records)
            with pytest.raises((CommandRefused, StaleMove)) as caught:
                israel.submit(EndTurn("israel"), based_on=before)
            assert isinstance(caught.value, StaleMove) or caught.value.code == "not-allowed"
            _wait(lambda b=before: len(session.records) > b)
            assert session.records[before].seat == "israel"  # the AI moved for israel
        _wait(lambda: palestine.move == len(session.commands) and israel.move == len(session.commands))
    assert any(r.seat == "israel" for r in session.records[1:])
    trainer.hand_over(1, "israel", False)
    _wait(lambda: status[-1].text == "students")
    _wait(lambda: session.whose_turn() is not None)
    turn = session.whose_turn()
    mover = israel if turn == "israel" else palestine
    assert mover.submit(EndTurn(mover.seat), based_on=mover.move).move == len(session.commands)
    # only the trainer hands seats over
    wire = Wire(host.url)
    wire.join(t["palestine"])
    wire.send({"type": "hand-over", "table": 1, "seat": "israel", "to": "ai"})
    assert wire.recv_type("error")["code"] == "not-allowed"


def test_an_empty_seat_on_its_turn_goes_to_the_ai_until_a_student_is_back(
    make_host: HostFactory, clients: Clients
) -> None:
    host = make_host(limits=HostLimits(hand_to_ai_after=0.3))
    session = host.tables[1].session
    t = tokens(host)
    first = session.whose_turn()
    assert first is not None
    other = next(s for s in t if s != first)
    present = clients(host.url, t[other], "here").connect()  # the seat whose turn it is has nobody
    _wait(lambda: len(session.commands) >= 2)  # the AI stood in and moved for the empty seat
    handed, moved = session.records[:2]  # the hand-over is in the log, before the AI's move
    assert (handed.seat, handed.payload["type"], handed.payload["played_by"]) == (
        "trainer",
        "hand-seat",
        "ai",
    )
    assert moved.seat == first
    back = clients(host.url, t[first], "back").connect()  # the student arrives: the seat is theirs again
    _wait(lambda: first not in host.tables[1].stand_ins)
    assert back.seat == first and present.move >= 2
    _wait(lambda: session.state.classroom.stand_ins == ())
    given = [r.payload for r in session.records if r.payload["type"] == "hand-seat"]
    assert [g["played_by"] for g in given] == ["ai", "students"]


def test_the_turn_timer_warns_then_ends_the_turn_in_the_log(make_host: HostFactory, clients: Clients) -> None:
    """A short turn timer: the seat whose turn it is hears the warning, then that the time is up, and its turn
    ends with an end-turn in the log (the clock's reason); a replay of the log makes the same game."""
    from negotiator.game.commands import TRAINER, SetTimer
    from negotiator.session.log import fold

    host = make_host()
    session = host.tables[1].session
    seats = {s: clients(host.url, tok, s).connect() for s, tok in tokens(host).items()}
    heard: dict[str, list[str]] = {s: [] for s in seats}
    for s, c in seats.items():
        c.subscribe_events(lambda n, s=s: heard[s].append(n.message_id or "") if n.kind == "chat" else None)
    first = session.whose_turn()
    assert first is not None
    done = threading.Event()
    host.intervene(1, SetTimer(TRAINER, 2, 1), lambda outcome: done.set())
    assert done.wait(5)
    start = len(session.records)  # the set-timer is in the log
    _wait(lambda: len(session.records) > start, timeout=10)  # nobody moved: the clock ended the turn
    record = session.records[start]
    assert record.seat == first and record.payload["type"] == "end-turn"
    assert record.payload["reason"] == {"id": "clock.time-up"}
    _wait(lambda: len(heard[first]) >= 2)  # the line may still be on its way when the log has the move
    assert heard[first][:2] == ["clock.seconds-left", "clock.time-up"]  # warned first, then told
    assert session.whose_turn() != first
    _wait(lambda: all(c.move == len(session.records) for c in seats.values()))
    replayed = fold(session.rules, session.scenario, session.setup, session.commands)
    assert session.rules.state_hash(replayed) == session.rules.state_hash(session.state)
    for c in seats.values():
        c.close()


class HandClock:
    """A host clock moved by hand (the host reads it; only the test moves it)."""

    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def test_the_turn_timer_wakes_at_its_deadlines_not_after(make_host: HostFactory, clients: Clients) -> None:
    """With the host's clock in the test's hand: the timer is scheduled for the warning (timer - warn after the turn
    began) and then for the end, nothing happens a moment before either, and each happens at its deadline (a look
    every half second ended a turn up to 0.5 s late)."""
    from negotiator.game.commands import TRAINER, SetTimer

    clock = HandClock()
    host = make_host(clock=clock)
    session = host.tables[1].session
    turn = session.whose_turn()
    assert turn is not None
    student = clients(host.url, tokens(host)[turn], "Dana").connect()
    heard: list[tuple[str, dict[str, int] | None]] = []
    student.subscribe_events(
        lambda n: heard.append((n.message_id or "", n.args)) if n.kind == "chat" else None
    )
    assert host.clock_wakeup(1) is None  # no timer set: nothing scheduled
    done = threading.Event()
    host.intervene(1, SetTimer(TRAINER, 120, 20), lambda outcome: done.set())
    assert done.wait(5)
    began = clock.now  # the set-timer's move starts the turn's time
    _wait(lambda: host.clock_wakeup(1) is not None)
    assert host.clock_wakeup(1) == began + 100
    moves = len(session.records)

    clock.now = began + 99.9
    host.check_clock(1)
    assert heard == [] and host.clock_wakeup(1) == began + 100
    clock.now = began + 100
    host.check_clock(1)
    _wait(lambda: heard)
    assert heard == [("clock.seconds-left", {"seconds": 20})]
    assert host.clock_wakeup(1) == began + 120

    clock.now = began + 119.99
    host.check_clock(1)
    flushed = threading.Event()
    host.tables[1].call(flushed.set)
    assert flushed.wait(5)
    assert len(session.records) == moves and session.whose_turn() == turn
    clock.now = began + 120
    host.check_clock(1)
    _wait(lambda: len(session.records) > moves)
    assert session.records[moves].payload["reason"] == {"id": "clock.time-up"}
    assert session.whose_turn() != turn
    _wait(
        lambda: host.clock_wakeup(1) == began + 120 + 100
    )  # the next seat's turn began at 120: its own deadlines


def test_a_paused_table_has_no_turn_timer_running(make_host: HostFactory) -> None:
    """Pausing the table stops its timer (nothing scheduled); resuming starts the turn's time again."""
    from negotiator.game.commands import TRAINER, PauseTable, ResumeTable, SetTimer

    clock = HandClock()
    host = make_host(clock=clock)
    done = threading.Event()
    host.intervene(1, SetTimer(TRAINER, 60, 0), lambda outcome: done.set())
    assert done.wait(5)
    _wait(lambda: host.clock_wakeup(1) == clock.now + 60)  # no warning asked for: only the end
    done.clear()
    host.intervene(1, PauseTable(TRAINER), lambda outcome: done.set())
    assert done.wait(5)
    _wait(lambda: host.clock_wakeup(1) is None)
    clock.now += 500
    done = threading.Event()
    host.intervene(1, ResumeTable(TRAINER), lambda outcome: done.set())
    assert done.wait(5)
    _wait(lambda: host.clock_wakeup(1) == clock.now + 60)


def test_the_timer_leaves_a_turn_the_students_have_already_ended(
    make_host: HostFactory, clients: Clients
) -> None:
    """A move made in time: the clock starts again for the next seat, and the turn already ended is not ended
    twice (the clock's end-turn is for the move it timed)."""
    from negotiator.game.commands import TRAINER, SetTimer

    host = make_host()
    session = host.tables[1].session
    seats = {s: clients(host.url, tok, s).connect() for s, tok in tokens(host).items()}
    done = threading.Event()
    host.intervene(1, SetTimer(TRAINER, 3, 1), lambda outcome: done.set())
    assert done.wait(5)
    turn = session.whose_turn()
    assert turn is not None
    mover = seats[turn]
    _wait(lambda: mover.move == len(session.records))
    assert mover.submit(EndTurn(turn), based_on=mover.move).move == len(session.records)
    table, moves = host.tables[1], len(session.records)
    table.time_up(turn, moves - 1)  # a late tick for the move already made changes nothing
    flushed = threading.Event()
    table.call(flushed.set)
    assert flushed.wait(5)
    assert len(session.records) == moves and session.records[-1].payload["reason"] == ""
    for c in seats.values():
        c.close()
