"""Fixtures for store tests: scenarios, a fresh save database, a few played games."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from negotiator.model.registry import get_scenario
from negotiator.model.schema import Scenario
from negotiator.store.database import SaveDatabase


@pytest.fixture(scope="session")
def water() -> Scenario:
    return get_scenario("water-and-crossings")


@pytest.fixture(scope="session")
def confederation() -> Scenario:
    return get_scenario("confederation")


@pytest.fixture
def db_path(tmp_path: Path) -> Path:
    return tmp_path / "saves" / "class-7.db"


@pytest.fixture
def db(db_path: Path) -> Iterator[SaveDatabase]:
    database = SaveDatabase.open(db_path)
    yield database
    database.close()
