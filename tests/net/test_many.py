"""A host and 40 clients in one process: 8 tables of the five-delegation scenario, every seat on its own client,
and the trainer watching all of them."""

from __future__ import annotations

import concurrent.futures
import json

from negotiator.game.commands import EndTurn
from negotiator.game.views import TrainerView
from negotiator.model.registry import get_scenario
from negotiator.net.classroom import make_tables, new_room
from negotiator.net.client import RemoteSeat
from negotiator.net.host import ClassHost
from negotiator.net.storage import WriteBehind
from negotiator.net.views import view_from_json
from negotiator.session.ports import MemoryStorage
from tests.net.test_host import _wait


def test_forty_clients_on_eight_tables() -> None:
    scenario = get_scenario("confederation")
    store = WriteBehind(MemoryStorage())
    room, sessions = new_room(scenario, 8, store, seed=40)
    host = ClassHost(room, make_tables(room, sessions, store))
    host.start()
    clients: dict[tuple[int, str], RemoteSeat] = {}
    trainer = RemoteSeat(host.url, room.trainer, "trainer")
    try:
        trainer.connect()
        for t in room.tables:
            for seat, token in t.seats.items():
                clients[(t.number, seat)] = RemoteSeat(host.url, token, f"{t.number}-{seat}").connect()
        assert len(clients) == 40 and host.connection_count() == 41
        latest: dict[int, int] = {}
        trainer.subscribe_events(
            lambda n: latest.__setitem__(n.view["table"], n.move) if n.kind == "update" else None
        )

        def play_table(number: int, moves: int) -> None:
            session = host.tables[number].session
            for _ in range(moves):
                turn = session.whose_turn()
                assert turn is not None
                client = clients[(number, turn)]
                _wait(lambda c=client: c.move == len(session.commands))
                client.submit(EndTurn(turn), based_on=client.move)

        with concurrent.futures.ThreadPoolExecutor(8) as pool:  # every table plays at once
            list(pool.map(lambda n: play_table(n, 7), range(1, 9)))
        for (number, seat), client in clients.items():
            session = host.tables[number].session
            _wait(lambda c=client, s=session: c.move == len(s.commands))
            assert client.view() == session.view(seat)
        _wait(lambda: len(latest) == 8 and all(m == 7 for m in latest.values()))
        for number in range(1, 9):
            assert len(host.tables[number].session.commands) == 7
        # the trainer's views are the seats' views
        view = json.loads(host.tables[3].current.trainer_view)
        observer = view_from_json(view["observer"], TrainerView)
        assert observer.seat("palestine") == host.tables[3].session.view("palestine")
    finally:
        for c in clients.values():
            c.close()
        trainer.close()
        host.stop()
        assert store.close()
