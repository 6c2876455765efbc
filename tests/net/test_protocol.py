"""The wire protocol: every frame type reads back as written; anything else is refused with a code, never a crash."""

from __future__ import annotations

import json

import numpy as np
import pytest

from negotiator.game import apply, new_game
from negotiator.game.setup import GameSetup, SeatSetup
from negotiator.game.views import SeatView, view_for
from negotiator.model.schema import Scenario
from negotiator.net import protocol as p
from negotiator.net.views import seat_view_from_json, view_to_json
from tests.game.randomplay import random_command

HOST_EXAMPLES = [
    p.Welcome(
        protocol=1,
        role="seat",
        room="ABC234",
        table=1,
        game_id="g",
        seat="israel",
        scenario_id="s",
        move=3,
        scenario_digest="d",
        scenario={"scenario": {"id": "s"}},
        view={},
    ),
    p.Update(
        table=1,
        move=4,
        by="palestine",
        changes=p.Changes(turn=True),
        events=[{"kind": "turn_did_end", "seat": "palestine", "ref": "", "audience": []}],
        view={"a": [1, 2]},
    ),
    p.Ack(id="m1", move=4),
    p.Stale(id="m2", based_on=3, move=4, view={}),
    p.Error(code="illegal", message="not your turn", id="m3"),
    p.ChatMessage(table=1, seat="israel", name="Dana", text="hi"),
    p.Presence(table=1, seats={"israel": ["Dana", "Omar"]}),
    p.Bye(reason="closing"),
]
CLIENT_EXAMPLES = [
    p.Join(token="K7QM-2XPD-9HTR-CE4W", protocol=1, name="Dana"),
    p.Submit(id="m1", based_on=0, command={"type": "end-turn"}),
    p.ChatSend(id="c1", text="shall we accept?"),
    p.Leave(),
]


@pytest.mark.parametrize("frame", HOST_EXAMPLES, ids=lambda f: f.type)
def test_host_frames_round_trip(frame: p._Frame) -> None:
    text = p.dump(frame)
    assert json.loads(text)["type"] == frame.type  # type: ignore[attr-defined]
    assert p.parse_host_frame(text) == frame


@pytest.mark.parametrize("frame", CLIENT_EXAMPLES, ids=lambda f: f.type)
def test_client_frames_round_trip(frame: p._Frame) -> None:
    assert p.parse_client_frame(p.dump(frame)) == frame


def test_the_fixed_join_frame_reads() -> None:
    frame = p.parse_client_frame('{"type": "join", "token": "T", "protocol": 1, "name": "Dana"}')
    assert isinstance(frame, p.Join) and frame.token == "T" and frame.protocol == 1


@pytest.mark.parametrize(
    ("raw", "code"),
    [
        ("not json", "malformed"),
        ("[1, 2]", "malformed"),
        ('{"token": "x"}', "malformed"),
        ('{"type": 5}', "malformed"),
        ('{"type": "teleport"}', "unknown-type"),
        ('{"type": "welcome", "protocol": 1}', "unknown-type"),  # a host frame from a client
        (
            '{"type": "join", "token": "T", "protocol": 1, "seat": "israel"}',
            "malformed",
        ),  # no seat field exists
        ('{"type": "join", "token": "T", "protocol": "1"}', "malformed"),  # strict: no string for a number
        ('{"type": "join", "token": "", "protocol": 1}', "malformed"),
        ('{"type": "submit", "id": "m", "based_on": -1, "command": {}}', "malformed"),
        ('{"type": "submit", "id": "m", "based_on": true, "command": {}}', "malformed"),
        ('{"type": "chat", "id": "c", "text": ""}', "malformed"),
        ('{"type": "chat", "id": "c", "text": "' + "x" * 501 + '"}', "malformed"),
        ("[" * 100_000 + "]" * 100_000, "too-large"),
        ('{"type": "join", "token": "' + "[" * 50_000 + '"}', "malformed"),
        ('{"a":' * 5000 + "1" + "}" * 5000, "malformed"),
        ('{"type": "submit", "id": "m", "based_on": ' + "9" * 5000 + ', "command": {}}', "malformed"),
    ],
)
def test_bad_client_frames_are_refused_with_a_code(raw: str, code: str) -> None:
    with pytest.raises(p.FrameError) as caught:
        p.parse_client_frame(raw)
    assert caught.value.code == code
    assert caught.value.message and "\n" not in caught.value.message


def test_binary_frames_are_refused() -> None:
    with pytest.raises(p.FrameError) as caught:
        p.parse_client_frame(b'{"type": "leave"}')
    assert caught.value.code == "malformed"


def test_seat_views_survive_the_wire_exactly(water: Scenario) -> None:
    """A view read back from its JSON equals the view the game made, after a random game's worth of moves."""
    setup = GameSetup(
        water.id, (SeatSetup("israel", "human", None), SeatSetup("palestine", "human", None)), 5, "hotseat"
    )
    state = new_game(water, setup)
    rng = np.random.default_rng(5)
    for _ in range(40):
        for seat in setup.seat_ids:
            view = view_for(state, seat)
            wire = json.loads(json.dumps(view_to_json(view)))
            back = seat_view_from_json(wire)
            assert isinstance(back, SeatView)
            assert back == view
        command = random_command(state, rng)
        if command is None:
            break
        state, _ = apply(state, command)


def test_a_seats_update_reads_the_same_on_the_fast_path(water: Scenario) -> None:
    """A seat's client reads an ``update`` in one pass (view and events typed); it must build exactly what reading
    the frame and then its view does, for every frame of a random game, and refuse what the protocol refuses."""
    from negotiator.game.events import GameEvent
    from negotiator.net.client import _UPDATE_PREFIX, _SeatUpdate
    from negotiator.net.views import event_json, view_from_json, view_json_text

    setup = GameSetup(
        water.id, (SeatSetup("israel", "human", None), SeatSetup("palestine", "human", None)), 7, "hotseat"
    )
    state = new_game(water, setup)
    rng = np.random.default_rng(7)
    events: tuple[GameEvent, ...] = ()
    for move in range(40):
        for seat in setup.seat_ids:
            frame = p.Update(
                table=1,
                move=move,
                by="israel",
                changes=p.Changes(turn=True),
                events=[event_json(e) for e in events if e.visible_to(seat)],
                view={},
            )
            raw = p.dump_with_view(frame, view_json_text(view_for(state, seat)))
            assert raw.startswith(_UPDATE_PREFIX)
            fast = _SeatUpdate.model_validate_json(raw)
            slow = p.parse_host_frame(raw)
            assert isinstance(slow, p.Update)
            assert fast.view == seat_view_from_json(slow.view) == view_for(state, seat)
            assert fast.events == tuple(view_from_json(e, GameEvent) for e in slow.events)
            assert (fast.move, fast.by, fast.changes) == (slow.move, slow.by, slow.changes)
        command = random_command(state, rng)
        if command is None:
            break
        state, events = apply(state, command)
    with pytest.raises(ValueError):  # an unknown field is refused on both paths
        _SeatUpdate.model_validate_json(raw[:-1] + ',"extra":1}')
