"""Fixtures for session tests: the toy rules and a storage that fails on demand."""

from __future__ import annotations

import pytest
from flaky_storage import FlakyStorage
from toy_rules import ToyRules


@pytest.fixture
def rules() -> ToyRules:
    return ToyRules()


@pytest.fixture
def flaky() -> FlakyStorage:
    return FlakyStorage()
