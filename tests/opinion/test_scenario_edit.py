"""Writing fitted numbers into a scenario in place, and the scenario fields the opinion model added."""

from __future__ import annotations

import shutil
import tomllib
from pathlib import Path

import pytest

from negotiator.engine.opinion.scenario_edit import ScenarioEditError, edit_file, edit_text
from negotiator.model.errors import ScenarioError
from negotiator.model.loader import load_scenario, parse_scenario
from negotiator.model.registry import scenario_path


@pytest.fixture()
def copy(tmp_path: Path) -> Path:
    dst = tmp_path / "confederation.toml"
    shutil.copy(scenario_path("confederation"), dst)
    return dst


def test_edits_touch_only_the_fitted_values(copy: Path) -> None:
    before = copy.read_text()
    edit_file(
        copy,
        {
            "settlers": {
                "opinion.bias": -0.25,
                "opinion.paradigms.one-state-equal": 0.5,
                "preferences.jerusalem.divided": -0.4,
                "sacred[1].share": 0.3,
                "calibration_note": "Fitted for a test.\nSecond line.",
            },
            "west_bank": {"opinion.dovishness": 0.1},
        },
    )
    after = copy.read_text()
    old_lines, new_lines = before.splitlines(), after.splitlines()
    comments = [line for line in old_lines if line.lstrip().startswith("#")]
    assert comments == [line for line in new_lines if line.lstrip().startswith("#")]
    assert len(new_lines) - len(old_lines) <= 4  # only the note grew (and paradigms may be added)
    sc = load_scenario(copy)
    settlers = sc.constituency("settlers")
    assert settlers.opinion.bias == -0.25 and settlers.opinion.paradigms["one-state-equal"] == 0.5
    assert settlers.preferences["jerusalem"]["divided"] == -0.4 and settlers.sacred[1].share == 0.3
    assert settlers.calibration_note == "Fitted for a test.\nSecond line."
    assert sc.constituency("west_bank").opinion.dovishness == 0.1
    old = tomllib.loads(before)
    new = tomllib.loads(after)
    assert old["issues"] == new["issues"] and old["delegations"] == new["delegations"]


def test_bad_edits_write_nothing(copy: Path) -> None:
    before = copy.read_text()
    for changes in (
        {"nobody": {"opinion.bias": 1.0}},
        {"settlers": {"opinion.nope.x": 1.0}},
        {"settlers": {"preferences.jerusalem.nowhere": 1.0}},
        {"settlers": {"sacred[9].share": 0.1}},
        {"settlers": {"calibration_note": 'has """ quotes'}},
    ):
        with pytest.raises(ScenarioEditError):
            edit_file(copy, changes)  # type: ignore[arg-type]
        assert copy.read_text() == before


def test_inline_values_are_matched_whole() -> None:
    text = (
        '[[constituencies]]\nid = "a"\ncalibration_note = "x"\n[constituencies.opinion]\nbias = 0.0\n'
        "[constituencies.preferences]\nw = { today = 0.0, today-plus = 0.5 }\n"
    )
    out = edit_text(text, {"a": {"preferences.w.today": 0.25}})
    assert "today = 0.25, today-plus = 0.5" in out


BASE = scenario_path("water-and-crossings").read_text()


def _with(extra: str) -> str:
    return BASE + "\n" + extra


@pytest.mark.parametrize(
    ("extra", "path"),
    [
        ('[[poll_items]]\nitem = "x"\n', "poll_items[0]"),
        (
            '[[poll_items]]\nitem = "x"\npackage = "practical-deal"\ncomponent = "water.plus-25"\n',
            "poll_items[0]",
        ),
        ('[[poll_items]]\nitem = "x"\npackage = "nope"\n', "poll_items[0].package"),
        ('[[poll_items]]\nitem = "x"\ncomponent = "water.lots"\n', "poll_items[0].component"),
        (
            '[[poll_items]]\nitem = "x"\ncomponent = "water.plus-25"\nversus = "lots"\n',
            "poll_items[0].versus",
        ),
        (
            '[[poll_items]]\nitem = "x"\npackage = "partnership"\nchanges = { water = "lots" }\n',
            "poll_items[0].changes",
        ),
        (
            '[[poll_items]]\nitem = "x"\npackage = "partnership"\npopulations = ["martians"]\n',
            "poll_items[0].populations",
        ),
        (
            '[[poll_items]]\nitem = "x"\npackage = "partnership"\n[[poll_items]]\nitem = "x"\nunexpressed = "no"\n',
            "poll_items[1].item",
        ),
    ],
)
def test_poll_items_are_checked_strictly(extra: str, path: str) -> None:
    with pytest.raises(ScenarioError) as exc:
        parse_scenario(_with(extra), "t.toml")
    assert path in [p.path for p in exc.value.problems], exc.value.lines()


def test_sacred_compensation_must_name_an_issue() -> None:
    text = BASE.replace(
        'calibration_note = "Design choice for teaching; not fitted to polls."\n[constituencies.opinion]',
        'calibration_note = "Design choice for teaching; not fitted to polls."\n'
        'sacred = [ { issue = "crossings", options = ["joint"], share = 0.2, compensation = ["gold"] } ]'
        "\n[constituencies.opinion]",
        1,
    )
    with pytest.raises(ScenarioError) as exc:
        parse_scenario(text, "t.toml")
    assert any(p.path.endswith("sacred[0].compensation") for p in exc.value.problems)


def test_new_fields_are_optional() -> None:
    sc = parse_scenario(BASE, "t.toml")
    c = sc.constituencies[0]
    assert c.opinion.paradigms == {} and c.opinion.dovishness == 0.0 and sc.poll_items == []
