"""Property: whatever a valid scenario file is mangled into, the loader returns a scenario or raises ScenarioError.

Mutations: drop lines, truncate, swap value types, inject random bytes, duplicate lines.
"""

from __future__ import annotations

import re

import pytest
from hypothesis import given
from hypothesis import strategies as st

from negotiator.model import Scenario, ScenarioError, parse_scenario
from negotiator.model.registry import scenarios_dir, shipped_scenarios

TEXTS = {sid: (scenarios_dir() / f"{sid}.toml").read_bytes() for sid in shipped_scenarios()}
_VALUE = re.compile(rb"= (\"[^\"\n]*\"|-?\d+(\.\d+)?|true|false|\[[^\]\n]*\])")


def _mutate(data: bytes, op: str, a: int, b: int, junk: bytes) -> bytes:
    lines = data.split(b"\n")
    n = len(lines)
    if op == "drop":
        i = a % n
        return b"\n".join(lines[:i] + lines[i + 1 + (b % 4) :])
    if op == "truncate":
        return data[: a % (len(data) + 1)]
    if op == "inject":
        i = a % (len(data) + 1)
        return data[:i] + junk + data[i:]
    if op == "duplicate":
        i = a % n
        return b"\n".join(lines[: i + 1] + lines[i : i + 1 + (b % 3)] + lines[i + 1 :])
    # swap a value's type: strings become numbers, numbers strings, lists tables, booleans lists
    matches = list(_VALUE.finditer(data))
    if not matches:
        return data
    m = matches[a % len(matches)]
    value = m.group(1)
    replacement = {
        0: b"42",
        1: b'"forty-two"',
        2: b"[1, 2]",
        3: b"{ x = 1 }",
        4: b"true",
        5: b"-1e9",
    }[b % 6]
    if value == replacement:
        replacement = b'""'
    return data[: m.start(1)] + replacement + data[m.end(1) :]


@pytest.mark.parametrize("scenario_id", sorted(TEXTS))
@given(
    op=st.sampled_from(["drop", "truncate", "inject", "duplicate", "swap"]),
    a=st.integers(min_value=0, max_value=10**6),
    b=st.integers(min_value=0, max_value=10**6),
    junk=st.binary(min_size=1, max_size=12),
    rounds=st.integers(min_value=1, max_value=3),
)
def test_loader_returns_scenario_or_its_own_error(
    scenario_id: str, op: str, a: int, b: int, junk: bytes, rounds: int
) -> None:
    data = TEXTS[scenario_id]
    for k in range(rounds):
        data = _mutate(data, op, a + 7919 * k, b + k, junk)
    try:
        result = parse_scenario(data, "m.toml")
    except ScenarioError as exc:
        assert exc.problems and all(p.file == "m.toml" and p.message and p.fix for p in exc.problems)
        assert all("\n" not in line for line in exc.lines())
    else:
        assert isinstance(result, Scenario)
