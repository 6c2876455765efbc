"""The console tests reuse the classroom fixtures (a host on 127.0.0.1 with in-memory storage, and clients) and add
one: a class whose trainer holds the console."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from negotiator.net.host import ClassHost
from negotiator.net.trainer import TrainerConsole
from negotiator.session.session import Session
from tests.net.conftest import HostFactory, clients, make_host, water

TrainedClass = Callable[..., tuple[ClassHost, TrainerConsole, Session]]


@pytest.fixture()
def trainer_at(make_host: HostFactory) -> TrainedClass:
    """``trainer_at(tables=1)``: a host with that many tables, the trainer's console on it (holding control) and
    table 1's session."""

    def open_class(tables: int = 1) -> tuple[ClassHost, TrainerConsole, Session]:
        host = make_host(tables)
        return host, host.console(host.room.trainer), host.tables[1].session

    return open_class


__all__ = ["clients", "make_host", "trainer_at", "water"]
