"""Map tags: parsed strictly, and a scenario with a wrong one is refused with a line naming the option and the fix."""

from __future__ import annotations

from pathlib import Path

import pytest

from negotiator.model.errors import ScenarioError
from negotiator.model.loader import load_scenario
from negotiator.model.maptags import MapTag, parse
from negotiator.model.registry import scenario_path


def test_parse() -> None:
    assert parse("separation") is None
    assert parse("map-border-regulated") == MapTag("border", "regulated", False)
    assert parse("map-old-city-joint") == MapTag("old-city", "joint", False)
    assert parse("map-jerusalem-open-city") == MapTag("jerusalem", "open-city", False)
    assert parse("map-default-blocs-annexed-rest-evacuated") == MapTag(
        "blocs", "annexed-rest-evacuated", True
    )
    assert parse("map-swaps-2_5") == MapTag("swaps", 2.5, False)
    assert parse("map-swaps-0") == MapTag("swaps", 0.0, False)
    for bad in ("map-border-soft", "map-river-wide", "map-swaps-lots", "map-swaps-2_555"):
        with pytest.raises(ValueError):
            parse(bad)


@pytest.mark.parametrize(
    "tags, words",
    [
        ('"map-border-soft"', "border is one of hard, regulated, open"),
        ('"map-border-hard", "map-border-open"', "both set the map's border"),
    ],
)
def test_the_loader_refuses_bad_map_tags(tmp_path: Path, tags: str, words: str) -> None:
    text = scenario_path("water-and-crossings").read_text(encoding="utf-8")
    text = text.replace('"map-border-hard"', tags, 1)
    path = tmp_path / "bad.toml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(ScenarioError) as err:
        load_scenario(path)
    message = str(err.value)
    assert "issues[crossings].options[military].tags" in message and words in message, message
