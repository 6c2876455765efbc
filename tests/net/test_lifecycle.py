"""A class's lifecycle beyond a single run: the trainer's hand-overs survive a restart of the host (the room file
keeps them), and a client that leaves closes its link cleanly, so the host and the team see it gone at once."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from negotiator.model.registry import get_scenario
from negotiator.net.classroom import make_tables, new_room, resume_room
from negotiator.net.client import RemoteNotice, RemoteSeat
from negotiator.net.host import ClassHost, HostLimits
from negotiator.net.room import Room
from negotiator.net.storage import WriteBehind
from negotiator.session.ports import MemoryStorage
from tests.net.conftest import HostFactory
from tests.net.test_host import _wait, tokens

Clients = Callable[..., RemoteSeat]


def _host(
    room: Room, sessions: list, store: WriteBehind, room_file: Path, limits: HostLimits | None = None
) -> ClassHost:  # type: ignore[type-arg]
    host = ClassHost(
        room, make_tables(room, sessions, store), bind="127.0.0.1", port=0, room_file=room_file, limits=limits
    )
    host.start()
    return host


def test_a_seat_handed_to_the_ai_stays_with_the_ai_after_resume(tmp_path: Path, clients: Clients) -> None:
    storage, room_file = MemoryStorage(), tmp_path / "room.json"
    store = WriteBehind(storage)
    room, sessions = new_room(get_scenario("water-and-crossings"), 2, store, seed=5)
    room.save(room_file)
    host = _host(room, sessions, store, room_file)
    try:
        trainer = clients(host.url, room.trainer, "trainer").connect()
        status: list[RemoteNotice] = []
        trainer.subscribe_events(lambda n: status.append(n) if n.kind == "seat-status" else None)
        trainer.hand_over(2, "palestine", True, "hard-liner")
        trainer.hand_over(1, "israel", True)
        _wait(lambda: len(status) == 2)
        assert Room.load(room_file).tables[1].handed_to_ai == {"palestine": "hard-liner"}
        assert Room.load(room_file).tables[0].handed_to_ai == {"israel": ""}
        trainer.hand_over(1, "israel", False)  # given back: forgotten in the file too
        _wait(lambda: len(status) == 3)
        _wait(lambda: Room.load(room_file).tables[0].handed_to_ai == {})
    finally:
        host.stop()
        assert store.close()

    # the host starts again from the room file and the store (what `negotiator host --resume` does)
    store = WriteBehind(storage)
    again = Room.load(room_file)
    host = _host(again, resume_room(again, store), store, room_file)
    try:
        table = host.tables[2]
        _wait(lambda: "palestine" in table.stand_ins)
        assert "israel" not in table.stand_ins and not host.tables[1].stand_ins
        assert type(table.stand_ins["palestine"]).__name__ != ""  # a bot plays it
        trainer = clients(host.url, again.trainer, "trainer").connect()
        seats = trainer.view()["tables"][1]["seats"]
        assert seats["palestine"]["played_by"] == "ai" and seats["israel"]["played_by"] == "students"
        # a student coming back to the seat does not take it from the AI: the trainer decided
        student = clients(host.url, again.tables[1].seats["palestine"], "back").connect()
        assert student.seat == "palestine"
        _wait(lambda: host.connection_count() == 2)
        assert "palestine" in table.stand_ins
    finally:
        host.stop()
        assert store.close()


def test_the_hosts_own_hand_over_survives_a_restart_until_a_student_is_back(
    tmp_path: Path, clients: Clients
) -> None:
    """A seat left empty on its turn goes to the AI (logged as a hand-seat, kept in the room file as the host's
    own); after a restart the AI still plays it, and a student arriving takes it back (logged too)."""
    storage, room_file = MemoryStorage(), tmp_path / "room.json"
    store = WriteBehind(storage)
    room, sessions = new_room(get_scenario("water-and-crossings"), 1, store, seed=5)
    room.save(room_file)
    first = sessions[0].whose_turn()
    assert first is not None
    other = next(s for s in room.tables[0].seats if s != first)
    limits = HostLimits(hand_to_ai_after=0.3)
    host = _host(room, sessions, store, room_file, limits)
    try:
        present = clients(host.url, room.tables[0].seats[other], "here").connect()
        _wait(lambda: first in host.tables[1].stand_ins)
        _wait(lambda: Room.load(room_file).tables[0].auto_handed == {first: ""})
        assert Room.load(room_file).tables[0].handed_to_ai == {}
        _wait(lambda: present.move >= 2)  # the AI has moved for the empty seat
        present.close()
    finally:
        host.stop()
        assert store.close()
    log = storage.load_game(room.tables[0].game_id).commands
    assert log[0].payload["type"] == "hand-seat" and log[1].seat == first

    store = WriteBehind(storage)
    again = Room.load(room_file)
    resumed = resume_room(again, store)
    assert resumed[0].state.classroom.stand_ins == ((first, ""),)  # the log says who plays the seat
    host = _host(again, resumed, store, room_file, HostLimits())  # no automatic hand-overs this time
    try:
        table = host.tables[1]
        _wait(lambda: first in table.stand_ins)  # the AI plays it again, as before the restart
        trainer = clients(host.url, again.trainer, "trainer").connect()
        assert trainer.view()["tables"][0]["seats"][first]["played_by"] == "ai"
        trainer.close()
        student = clients(host.url, again.tables[0].seats[first], "back").connect()
        _wait(lambda: first not in table.stand_ins)  # the host's own stand-in steps aside for a student
        _wait(lambda: Room.load(room_file).tables[0].auto_handed == {})
        _wait(lambda: table.session.state.classroom.stand_ins == ())
        assert student.seat == first
    finally:
        host.stop()
        assert store.close()


def test_closing_a_remote_seat_is_a_clean_close_the_team_sees_at_once(
    make_host: HostFactory, clients: Clients
) -> None:
    host = make_host()
    t = tokens(host)
    stays = clients(host.url, t["israel"], "Dana")
    presence: list[RemoteNotice] = []
    stays.subscribe_events(lambda n: presence.append(n) if n.kind == "presence" else None)
    stays.connect()
    leaves = clients(host.url, t["israel"], "Omer").connect()
    _wait(lambda: presence and presence[-1].seats == {"israel": ["Dana", "Omer"]})
    leaves.close()
    assert leaves.close_code == 1000  # the WebSocket closing handshake completed before close() returned
    assert not leaves.connected
    # the host unregistered it at once (keep-alive pings are 10 s apart: a dead link would still count)
    _wait(lambda: host.connection_count() == 1, timeout=3)
    _wait(lambda: presence[-1].seats == {"israel": ["Dana"]}, timeout=3)
