"""Every frame a connection receives, over random seeded games played through the host: none carries another seat's
confidential material, a private message it was not party to, the game's seed or the command log.

The games are played by the seats' own clients (random legal commands chosen from the host's state in this process,
private messages and mediator requests carrying unique secrets), with two connections per seat (a team).
"""

from __future__ import annotations

import json
import threading

import numpy as np
import pytest

from negotiator.game import AskMediator, PrivateMessage
from negotiator.game.views import own_brief
from negotiator.model.registry import get_scenario
from negotiator.model.schema import Scenario
from negotiator.net.classroom import make_tables, new_room
from negotiator.net.client import RemoteSeat
from negotiator.net.host import ClassHost
from negotiator.net.views import view_to_json
from negotiator.session.ports import MemoryStorage
from tests.game.randomplay import random_command
from tests.net.test_host import _wait


class RecordingSeat(RemoteSeat):
    """A remote seat that keeps every raw frame it receives."""

    def __init__(self, *args: object, **kw: object) -> None:
        super().__init__(*args, **kw)  # type: ignore[arg-type]
        self.frames: list[str] = []
        self._frames_lock = threading.Lock()

    def _dispatch(self, ws, raw):  # type: ignore[no-untyped-def]
        with self._frames_lock:
            self.frames.append(raw if isinstance(raw, str) else raw.decode("utf-8", "replace"))
        super()._dispatch(ws, raw)


def compact(data: object) -> str:
    return json.dumps(data, separators=(",", ":"), ensure_ascii=False)


def secrets_of(scenario: Scenario, seat: str) -> list[str]:
    """Strings that would only appear in a frame if ``seat``'s confidential material leaked into it."""
    own = view_to_json(own_brief(scenario, seat))
    found = [compact(own["points"]), compact(own["priorities"]), compact(own)]
    if own["confidential_brief"].strip():
        found.append(compact(own["confidential_brief"]))
    found += [compact(why) for _, _, why in own["red_lines"] if len(why) > 20]
    return found


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_no_frame_carries_what_its_seat_may_not_know(seed: int) -> None:
    scenario = get_scenario("confederation")
    room, sessions = new_room(scenario, 1, MemoryStorage(), seed=seed)
    host = ClassHost(room, make_tables(room, sessions))
    host.start()
    session = host.tables[1].session
    seats: dict[str, list[RecordingSeat]] = {}
    try:
        for seat, token in room.tables[0].seats.items():
            seats[seat] = [RecordingSeat(host.url, token, f"{seat}-{k}").connect() for k in range(2)]
        everyone = [c for team in seats.values() for c in team]
        rng = np.random.default_rng(seed)
        secrets_sent: list[tuple[str, frozenset[str]]] = []
        mediators = set(session.state.ctx.mediators)
        for step in range(90):
            state = session.state
            command = random_command(state, rng)
            if command is None:
                break
            if isinstance(command, PrivateMessage):
                secrets_sent.append((command.text, frozenset({command.seat, command.to})))
            if isinstance(command, AskMediator):
                text = f"ASK-SECRET-{command.seat}-{step}"
                command = AskMediator(command.seat, reason=text)
                secrets_sent.append((text, frozenset({command.seat, *mediators})))
            client = seats[command.seat][step % 2]
            _wait(lambda c=client: c.move == len(session.commands))
            client.submit(command, based_on=client.move)
            _wait(lambda: all(c.move == len(session.commands) for c in everyone))
        assert len(session.commands) > 20
        assert secrets_sent, "the random games should include private messages"
        others_secrets = {seat: secrets_of(scenario, seat) for seat in seats}
        for seat, team in seats.items():
            for client in team:
                text = "\n".join(client.frames)
                for other, material in others_secrets.items():
                    if other == seat:
                        continue
                    for secret in material:
                        assert secret not in text, f"{seat}'s frames carry {other}'s confidential material"
                for secret, party in secrets_sent:
                    if seat not in party:
                        assert secret not in text, f"{seat} received a private line between {sorted(party)}"
                    else:
                        assert secret in text, (
                            "a private line did not reach a party to it (the check is live)"
                        )
                for raw in client.frames:
                    frame = json.loads(raw)
                    view = frame.get("view")
                    if isinstance(view, dict) and "seat" in view:
                        assert view["seat"] == seat
                    assert '"seed"' not in raw and '"commands"' not in raw and '"records"' not in raw
                # its own material did arrive: the recording is not empty by accident
                assert compact(view_to_json(own_brief(scenario, seat))["points"]) in text
    finally:
        for team in seats.values():
            for c in team:
                c.close()
        host.stop()
