"""Fuzz a live host with malformed frames: every answer is a valid error frame, nothing reaches the game, and the
other connections play on. Hypothesis draws the frames (bounded: a few dozen examples)."""

from __future__ import annotations

import json
from collections.abc import Iterator

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from websockets.exceptions import ConnectionClosed

from negotiator.game.commands import EndTurn
from negotiator.model.registry import get_scenario
from negotiator.net.classroom import make_tables, new_room
from negotiator.net.client import RemoteSeat
from negotiator.net.host import ClassHost, HostLimits
from negotiator.net.protocol import parse_host_frame
from negotiator.session.ports import MemoryStorage
from tests.net.wire import Wire

json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=30),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=10), inner, max_size=4),
    max_leaves=20,
)
TYPES = ["join", "submit", "chat", "leave", "welcome", "update", "ack", "teleport", "", "JOIN"]
frames = st.one_of(
    json_values.map(json.dumps),  # any JSON at all
    st.dictionaries(
        st.sampled_from(["type", "id", "based_on", "command", "token", "protocol", "text", "seat"]),
        json_values,
        max_size=5,
    ).map(json.dumps),
    st.builds(
        lambda t, rest: json.dumps({"type": t, **rest}),
        st.sampled_from(TYPES),
        st.dictionaries(st.text(max_size=12), json_values, max_size=4),
    ),
    st.builds(  # a submit with a hostile command
        lambda c, b: json.dumps({"type": "submit", "id": "f", "based_on": b, "command": c}),
        st.dictionaries(
            st.sampled_from(["type", "seat", "package", "proposal_id", "to", "text", "points"]),
            json_values,
            max_size=5,
        ),
        st.integers(-3, 3),
    ),
    st.text(max_size=200),  # not JSON
    st.binary(max_size=100),  # not text
)


@pytest.fixture(scope="module")
def live() -> Iterator[tuple[ClassHost, RemoteSeat, RemoteSeat]]:
    scenario = get_scenario("water-and-crossings")
    room, sessions = new_room(scenario, 1, MemoryStorage(), seed=3)
    host = ClassHost(room, make_tables(room, sessions), limits=HostLimits(rate_per_second=1000, burst=1000))
    host.start()
    seats = room.tables[0].seats
    a = RemoteSeat(host.url, seats["israel"], "a").connect()
    b = RemoteSeat(host.url, seats["palestine"], "b").connect()
    yield host, a, b
    a.close()
    b.close()
    host.stop()


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(batch=st.lists(frames, min_size=1, max_size=6), join_first=st.booleans())
def test_malformed_frames_get_errors_and_disturb_nobody(
    live: tuple[ClassHost, RemoteSeat, RemoteSeat], batch: list[str | bytes], join_first: bool
) -> None:
    host, a, b = live
    session = host.tables[1].session
    before = len(session.commands)
    wire = Wire(host.url)
    try:
        if join_first:  # a spectator-less observer seat: the palestine token, whatever its turn
            assert wire.join(host.room.tables[0].seats["palestine"], "fuzz")["type"] == "welcome"
        closed = False
        for frame in batch:
            try:
                wire.send(frame)
            except ConnectionClosed:  # refused as abusive (a bad first frame closes the link): allowed
                closed = True
                break
        for _ in range(0 if closed else len(batch) + 3):
            try:
                answer = wire.ws.recv(0.3)
            except TimeoutError:
                break
            except ConnectionClosed:
                break
            parsed = parse_host_frame(answer)  # every answer is a valid frame of the protocol
            assert parsed.type in ("error", "presence", "update", "ack", "stale", "bye", "chat", "welcome")
    finally:
        wire.close()
    # A fuzzed submit may legally end palestine's turn (it holds the seat); nothing else may change the game.
    assert len(session.commands) - before <= sum(1 for f in batch if isinstance(f, str) and '"submit"' in f)
    # and the real players play on
    turn = session.whose_turn()
    if turn is not None:
        player = a if turn == "israel" else b
        from tests.net.test_host import _wait

        _wait(lambda: player.move == len(session.commands))
        assert player.submit(EndTurn(turn), based_on=player.move).move == len(session.commands)
