"""Faults on the link (through a fault-injecting proxy): the client recovers at the current view, its command
applies exactly once, and nobody else at the table is held up."""

from __future__ import annotations

import socket
from collections.abc import Callable, Iterator

import pytest

from negotiator.game.commands import EndTurn
from negotiator.net.client import RemoteSeat
from negotiator.net.host import ClassHost, HostLimits
from tests.net.conftest import HostFactory
from tests.net.faultproxy import FaultProxy
from tests.net.test_host import _wait, tokens

Clients = Callable[..., RemoteSeat]
FAST_PINGS = HostLimits(ping_interval=0.3, ping_timeout=0.6)


@pytest.fixture()
def proxy_for() -> Iterator[Callable[[ClassHost], FaultProxy]]:
    made: list[FaultProxy] = []

    def factory(host: ClassHost, **kw: bool) -> FaultProxy:
        proxy = FaultProxy(host.port, **kw)
        made.append(proxy)
        return proxy

    yield factory
    for proxy in made:
        proxy.close()


def _move(seat: RemoteSeat) -> int:
    assert seat.seat is not None
    return seat.submit(EndTurn(seat.seat), based_on=seat.move).move


def _to_move(seats: dict[str, RemoteSeat]) -> RemoteSeat:
    turn = next(iter(seats.values())).view().whose_turn
    _wait(lambda: all(s.view().whose_turn == turn for s in seats.values()))
    return seats[turn]


def test_a_slow_link_still_plays(make_host: HostFactory, clients: Clients, proxy_for) -> None:  # type: ignore[no-untyped-def]
    host = make_host()
    proxy = proxy_for(host)
    proxy.delay = 0.03
    t = tokens(host)
    seats = {
        "israel": clients(proxy.url, t["israel"]).connect(),
        "palestine": clients(host.url, t["palestine"]).connect(),
    }
    for _ in range(6):
        moved = _move(_to_move(seats))
        _wait(lambda m=moved: all(s.move == m for s in seats.values()))
    session = host.tables[1].session
    assert all(s.view() == session.view(name) for name, s in seats.items())


@pytest.mark.parametrize("fault", ["drop", "reset", "truncate", "corrupt-down"])
def test_a_broken_link_reconnects_at_the_current_view(  # type: ignore[no-untyped-def]
    make_host: HostFactory, clients: Clients, proxy_for, fault: str
) -> None:
    host = make_host(limits=FAST_PINGS)
    session = host.tables[1].session
    proxy = proxy_for(host)
    t = tokens(host)
    faulty = clients(proxy.url, t["israel"], "via proxy").connect()
    direct = clients(host.url, t["palestine"], "direct").connect()
    seats = {"israel": faulty, "palestine": direct}
    if faulty.view().whose_turn == "israel":  # let palestine be the one to move while israel's link breaks
        _move(faulty)
        _wait(lambda: direct.move == 1)
    before = faulty.connects
    {"drop": proxy.drop, "reset": proxy.reset, "truncate": proxy.truncate}.get(
        fault, lambda: proxy.corrupt("down")
    )()
    moved = _move(_to_move(seats))
    _wait(lambda: faulty.move == moved and faulty.connected)
    assert faulty.connects > before  # it really lost the link and came back
    assert faulty.view() == session.view("israel")
    assert direct.view() == session.view("palestine")
    # and the seat plays on
    assert _move(_to_move(seats)) == moved + 1
    assert len(session.commands) == moved + 1


def test_a_garbled_command_costs_the_link_not_the_move(  # type: ignore[no-untyped-def]
    make_host: HostFactory, clients: Clients, proxy_for
) -> None:
    """Bytes corrupted on the way up: the host drops that link (never reads garbage as a command); the client
    reconnects and sends the command again under the same id, and it applies exactly once."""
    host = make_host(limits=FAST_PINGS)
    session = host.tables[1].session
    proxy = proxy_for(host)
    t = tokens(host)
    turn = session.whose_turn()
    assert turn is not None
    other = next(s for s in t if s != turn)
    mover = clients(proxy.url, t[turn]).connect()
    watcher = clients(host.url, t[other]).connect()
    proxy.corrupt("up")
    assert mover.submit(EndTurn(turn), based_on=0, timeout=20).move == 1
    assert mover.connects >= 2
    _wait(lambda: watcher.move == 1)
    assert len(session.commands) == 1


def test_a_stalled_client_does_not_slow_the_table(  # type: ignore[no-untyped-def]
    make_host: HostFactory, clients: Clients, proxy_for
) -> None:
    host = make_host(limits=FAST_PINGS)
    session = host.tables[1].session
    proxy = proxy_for(host)
    t = tokens(host)
    stalled = clients(proxy.url, t["israel"], "asleep").connect()
    awake = {
        "israel": clients(host.url, t["israel"], "awake").connect(),
        "palestine": clients(host.url, t["palestine"]).connect(),
    }
    proxy.stalled.set()  # the laptop stops reading and writing, sockets open
    for _ in range(12):
        moved = _move(_to_move(awake))
        _wait(lambda m=moved: all(s.move == m for s in awake.values()))
    assert stalled.move < 12
    _wait(lambda: host.connection_count() == 2)  # the host's ping found the stalled link and closed it
    proxy.stalled.clear()
    _wait(lambda: stalled.move == len(session.commands) and stalled.connected)
    assert stalled.view() == session.view("israel")


def test_a_stalled_link_holds_one_view_then_is_closed_and_resyncs(  # type: ignore[no-untyped-def]
    make_host: HostFactory, clients: Clients, proxy_for
) -> None:
    """No keep-alive pings here, so only the outbox protects the table: while a team member's laptop is stalled
    (socket open, reading nothing), its connection holds at most one waiting view (each newer one replaces it) and
    the rest of the table plays every move; when even the few other frames pile up past the limit, the host closes
    the link as stalled, and once the laptop wakes it reconnects at the current view."""
    from negotiator.model.registry import get_scenario

    host = (
        make_host(  # the confederation: its views are large enough to back a stalled link up in a few moves
            limits=HostLimits(ping_interval=None, ping_timeout=None, outbox_frames=8),
            scenario=get_scenario("confederation"),
        )
    )
    session = host.tables[1].session
    proxy = proxy_for(host, small_buffers=True)
    t = tokens(host)
    stalled = clients(proxy.url, t["israel"], "asleep").connect()
    awake = {seat: clients(host.url, token, "awake").connect() for seat, token in t.items()}
    _wait(lambda: host.connection_count() == len(t) + 1)
    [conn] = [c for c in host._conns if c.name == "asleep"]
    # The kernel's send buffer for that link as small as after it has filled (on loopback it grows to megabytes).
    conn.ws.transport.get_extra_info("socket").setsockopt(socket.SOL_SOCKET, socket.SO_SNDBUF, 8192)
    proxy.stalled.set()
    moves = 0
    # Until the host's sender for it is blocked (the socket and the transport's buffer are full, so the sender
    # waits for a drain that never comes) and views waiting behind it replace each other. Coalescing alone is not
    # proof of that: on a loaded machine the sender may simply not have run yet, and would then send everything.
    while not (conn.ws.paused and conn.outbox.coalesced >= 3):
        moves = _move(_to_move(awake))
        _wait(lambda m=moves: all(s.move == m for s in awake.values()))
        assert moves < 200, "the stalled link never backed up into the host"
        assert len(conn.outbox) <= 2  # one waiting view (and at most one other frame), however long it stalls
    assert stalled.move < moves
    for k in range(12):  # team chat is not replaced by newer lines: it piles up, past the limit
        awake["israel"].chat(f"line {k}")
    _wait(lambda: host.connection_count() == len(t))  # closed as stalled; the others still connected
    assert conn.closing
    assert _move(_to_move(awake)) == moves + 1  # the table plays on
    proxy.stalled.clear()
    _wait(lambda: stalled.connected and stalled.move == len(session.commands), timeout=20)
    assert stalled.view() == session.view("israel")
