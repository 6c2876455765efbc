"""Strict scenario loading: every kind of mistake a trainer can make gives a clear problem line."""

from __future__ import annotations

from pathlib import Path

import pytest

from negotiator.model import ScenarioError, load_scenario, parse_scenario
from negotiator.model.registry import scenarios_dir, shipped_scenarios

TEACHING = scenarios_dir() / "water-and-crossings.toml"


def teaching_text() -> str:
    return TEACHING.read_text(encoding="utf-8")


def problems_for(text: str) -> list[str]:
    with pytest.raises(ScenarioError) as info:
        parse_scenario(text, "t.toml")
    return info.value.lines()


@pytest.mark.parametrize("scenario_id", shipped_scenarios())
def test_every_shipped_scenario_loads(scenario_id: str) -> None:
    s = load_scenario(scenarios_dir() / f"{scenario_id}.toml")
    assert s.id == scenario_id
    assert all(3 <= len(i.options) <= 6 for i in s.issues)


def test_unknown_key_is_an_error() -> None:
    text = teaching_text().replace(
        'id = "water-and-crossings"', 'id = "water-and-crossings"\ncolour = "blue"', 1
    )
    lines = problems_for(text)
    assert lines == ["t.toml: scenario.colour: is not a known key; remove it or correct its spelling"]


def test_missing_key_names_the_path() -> None:
    text = teaching_text().replace("reservation_value = 68.0\n", "", 1)
    lines = problems_for(text)
    assert any(
        line.startswith("t.toml: delegations[israel].reservation_value: is missing;") for line in lines
    )


def test_schedule_out_of_range_and_unknown_option() -> None:
    text = teaching_text().replace("today = 65, plus-25 = 100", "today = 130, plus-26 = 100", 1)
    lines = "\n".join(problems_for(text))
    assert "delegations[israel].points.water.today" in lines and "out of range" in lines


def test_unknown_option_in_schedule_and_missing_option() -> None:
    text = teaching_text().replace(
        "crossings = { military = 70, civilian = 100, joint = 0 }",
        "crossings = { military = 70, civil = 100, joint = 0 }",
        1,
    )
    lines = problems_for(text)
    assert (
        "t.toml: delegations[israel].points.crossings.civil: issue 'crossings' has no option 'civil'; "
        "use one of military, civilian, joint"
    ) in lines
    assert any(
        "delegations[israel].points.crossings.civilian: this option has no points" in ln for ln in lines
    )


def test_duplicate_ids_are_errors() -> None:
    text = teaching_text().replace('id = "crossings"', 'id = "water"', 1)
    lines = "\n".join(problems_for(text))
    assert "issues[water]: id 'water' is used more than once" in lines


def test_unreachable_references_are_errors() -> None:
    text = teaching_text().replace('answers_to = "israel"', 'answers_to = "jordan"', 1)
    text = text.replace('{ target = "all", mood = 0.04 }', '{ target = "martians", mood = 0.04 }', 1)
    text = text.replace('population_source = "cbs-2024"', 'population_source = "nowhere"', 1)
    lines = "\n".join(problems_for(text))
    assert "constituencies[israeli_public].answers_to: no delegation 'jordan'" in lines
    assert "events[desalination-plant].effects[0].target: no constituency or group 'martians'" in lines
    assert "constituencies[israeli_public].population_source: no source 'nowhere'" in lines


def test_wrong_type_is_reported_not_coerced() -> None:
    text = teaching_text().replace("rounds = 6", 'rounds = "6"', 1)
    assert problems_for(text) == [
        "t.toml: rules.rounds: should be a whole number, not str; write a whole number"
    ]


def test_syntax_error_gives_line_and_column() -> None:
    text = teaching_text().replace('title = "Water allocation"', 'title = "Water allocation', 1)
    (line,) = problems_for(text)
    assert line.startswith("t.toml: line ") and "is not valid TOML" in line


def test_incomplete_reference_package_is_an_error() -> None:
    text = teaching_text().replace(
        'options = { water = "today", crossings = "military", permits = "current", committee = "none" }',
        'options = { water = "today", crossings = "military", permits = "current" }',
        1,
    )
    lines = "\n".join(problems_for(text))
    assert "packages[status-quo].options.committee: this issue has no option" in lines


def test_binary_empty_and_missing_files(tmp_path: Path) -> None:
    binary = tmp_path / "b.toml"
    binary.write_bytes(b"\x00\x01\x02garbage")
    empty = tmp_path / "e.toml"
    empty.write_text("")
    latin = tmp_path / "l.toml"
    latin.write_bytes("title = 'caf\xe9'".encode("latin-1"))
    for path, words in (
        (binary, "binary"),
        (empty, "is empty"),
        (latin, "not UTF-8"),
        (tmp_path / "none.toml", "file not found"),
        (tmp_path, "is a folder"),
    ):
        with pytest.raises(ScenarioError) as info:
            load_scenario(path)
        assert words in str(info.value)
        assert str(path) in str(info.value)


def test_walk_away_below_the_status_quo_is_an_error() -> None:
    text = teaching_text().replace("reservation_value = 68.0", "reservation_value = 50.0", 1)
    assert problems_for(text) == [
        "t.toml: delegations[israel].reservation_value: 50 is below what the status quo (no agreement) is worth to "
        "this delegation (63.0); raise it to at least 63.0 or lower the points of its status-quo options"
    ]
