"""Publics in time (issue 18, item 1): period moods fitted on later waves, the scenario's own date, ``--as-of``."""

from __future__ import annotations

import json

import pytest

from negotiator.cli import main
from negotiator.engine.opinion import PublicOpinion
from negotiator.engine.opinion.population import compile_opinion, period_mood
from negotiator.model.schema import Scenario

from .conftest import with_constituency


def test_the_mood_at_a_date_is_the_latest_wave_on_or_before_it() -> None:
    waves = (("2010-06", 0.4), ("2016-01", 0.0), ("2022-12", -0.3), ("2024-07", -0.8))
    assert period_mood(waves, None) == 0.0
    assert period_mood(waves, "2009-12") == 0.0  # before the first wave: the fitted electorate
    assert period_mood(waves, "2010-06") == 0.4
    assert period_mood(waves, "2017-05") == 0.0  # the fit window's electorate again
    assert period_mood(waves, "2024-06") == -0.3
    assert period_mood(waves, "2030-01") == -0.8


def test_a_public_at_a_date_carries_that_dates_mood(confed: Scenario) -> None:
    sc = with_constituency(confed, "secular_jews", opinion__periods={"2024-07": -0.5})
    fitted = compile_opinion(sc, as_of=None)
    later = compile_opinion(sc, as_of="2025-01")
    earlier = compile_opinion(sc, as_of="2017-01")
    k = fitted.index("secular_jews")
    assert later.groups[k].bias == pytest.approx(fitted.groups[k].bias - 0.5)
    assert earlier.groups[k].bias == pytest.approx(fitted.groups[k].bias)
    x = sc.reference("pulse-2016").options
    now = PublicOpinion.create(sc, seed=0, size=2000, as_of="2025-01").react(x)["secular_jews"].support
    then = PublicOpinion.create(sc, seed=0, size=2000, as_of=None).react(x)["secular_jews"].support
    assert now < then - 0.05


def test_the_confederation_scenario_starts_at_its_own_dates_mood(confed: Scenario) -> None:
    """Issue 18: the scenario is set after the 2023-25 war, so its publics are not the 2016-2018 ones. The 2024
    surveys put Israeli Jewish support for two states at 21-31 per cent (polls.csv), not near 48."""
    assert confed.scenario.as_of is not None and confed.scenario.as_of >= "2025-01"
    jews = [c for c in confed.constituencies if "israeli_jews" in c.groups]
    assert all(any(m >= "2024-01" for m in c.opinion.periods) for c in jews)
    x = confed.reference("pulse-2016").options
    now = PublicOpinion.create(confed, seed=0, size=3000).react(x)["israeli_jews"].support
    then = PublicOpinion.create(confed, seed=0, size=3000, as_of=None).react(x)["israeli_jews"].support
    assert now < then - 0.08


def _poll(capsys: pytest.CaptureFixture[str], *extra: str) -> dict:  # type: ignore[type-arg]
    assert main(["poll", "-s", "confederation", "-p", "pulse-2016", "--json", *extra]) == 0
    return json.loads(capsys.readouterr().out)  # type: ignore[no-any-return]


def test_poll_as_of(capsys: pytest.CaptureFixture[str], confed: Scenario) -> None:
    default = _poll(capsys)
    assert default["as_of"] == confed.scenario.as_of
    fit = _poll(capsys, "--as-of", "fit")
    assert fit["as_of"] is None
    before_war = _poll(capsys, "--as-of", "2023-06")
    assert before_war["as_of"] == "2023-06"
    jews = {k: v["constituencies"]["israeli_jews"]["support"] for k, v in (("fit", fit), ("now", default))}
    assert jews["now"] < jews["fit"]
    assert main(["poll", "-s", "confederation", "-p", "pulse-2016", "--as-of", "last year"]) != 0
    err = capsys.readouterr().err
    assert "YYYY-MM" in err and "Traceback" not in err


@pytest.mark.parametrize("as_of", [None, "2025-10"])
def test_confederation_does_not_out_poll_two_states_among_israeli_jews(
    confed: Scenario, as_of: str | None
) -> None:
    """Issue 18: every published poll puts a confederation below two states among Israeli Jews (December 2022: 28
    per cent of all Israelis for a confederation, 34 per cent of Jews for two states); the model once reversed it."""
    op = PublicOpinion.create(confed, seed=0, size=3000, as_of=as_of)
    two_states = op.react(confed.reference("pulse-2016").options)["israeli_jews"].support
    for confederation in ("holy-land-confederation-2022", "essay-confederation"):
        assert op.react(confed.reference(confederation).options)["israeli_jews"].support <= two_states
