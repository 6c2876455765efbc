"""Fixtures for the public-opinion tests: the shipped scenarios, their publics, and small synthetic variants."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from negotiator.engine.opinion import PublicOpinion
from negotiator.model.registry import get_scenario
from negotiator.model.schema import Scenario


@pytest.fixture(scope="session")
def water() -> Scenario:
    return get_scenario("water-and-crossings")


@pytest.fixture(scope="session")
def confed() -> Scenario:
    return get_scenario("confederation")


@pytest.fixture(scope="session")
def confed_opinion(confed: Scenario) -> PublicOpinion:
    return PublicOpinion.create(confed, seed=0)


def with_constituency(scenario: Scenario, cid: str, **changes: Any) -> Scenario:
    """A copy of ``scenario`` with one constituency's fields (and ``opinion__field`` opinion fields) changed."""
    out = []
    for c in scenario.constituencies:
        if c.id == cid:
            opinion = c.opinion.model_copy(
                update={k[9:]: v for k, v in changes.items() if k.startswith("opinion__")}
            )
            c = c.model_copy(
                update={
                    "opinion": opinion,
                    **{k: v for k, v in changes.items() if not k.startswith("opinion__")},
                }
            )
        out.append(c)
    return scenario.model_copy(update={"constituencies": out})


@pytest.fixture(scope="session")
def edit() -> Callable[..., Scenario]:
    return with_constituency
