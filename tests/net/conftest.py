"""Fixtures for the classroom tests: a host on 127.0.0.1 with in-memory storage, and clients that always close."""

from __future__ import annotations

from collections.abc import Callable, Iterator

import pytest

from negotiator.model.registry import get_scenario
from negotiator.model.schema import Scenario
from negotiator.net.classroom import make_tables, new_room
from negotiator.net.client import RemoteSeat
from negotiator.net.host import ClassHost, HostLimits
from negotiator.net.storage import WriteBehind
from negotiator.session.ports import MemoryStorage


@pytest.fixture(scope="session")
def water() -> Scenario:
    return get_scenario("water-and-crossings")


HostFactory = Callable[..., ClassHost]


@pytest.fixture()
def make_host(water: Scenario) -> Iterator[HostFactory]:
    hosts: list[tuple[ClassHost, WriteBehind]] = []

    def factory(
        tables: int = 1,
        *,
        human: tuple[str, ...] | None = None,
        limits: HostLimits | None = None,
        storage: MemoryStorage | None = None,
        seed: int = 11,
        scenario: Scenario | None = None,
        clock: Callable[[], float] | None = None,
    ) -> ClassHost:
        store = WriteBehind(storage or MemoryStorage())
        room, sessions = new_room(scenario or water, tables, store, human=human, seed=seed)
        host = ClassHost(
            room,
            make_tables(room, sessions, store),
            bind="127.0.0.1",
            port=0,
            limits=limits,
            **({} if clock is None else {"clock": clock}),
        )
        host.start()
        hosts.append((host, store))
        return host

    yield factory
    for host, store in hosts:
        host.stop()
        assert store.close(), "every move was stored"


@pytest.fixture()
def clients() -> Iterator[Callable[..., RemoteSeat]]:
    made: list[RemoteSeat] = []

    def factory(url: str, token: str, name: str = "", **kw: object) -> RemoteSeat:
        seat = RemoteSeat(url, token, name, **kw)  # type: ignore[arg-type]
        made.append(seat)
        return seat

    yield factory
    for seat in made:
        seat.close()
