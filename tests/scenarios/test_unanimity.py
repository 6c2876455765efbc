"""No near-unanimity a survey does not show (issue 17): every shipped scenario's reference packages, every constituency.

The publics of the library once gave Clinton's and Geneva's Jerusalem terms 96-100 per cent among Palestinians and
Arab citizens of Israel, where the joint polls found 37-43 and 82-88 per cent for the package that holds those terms.
A figure above 95 per cent support is allowed only where a cited survey shows it (:data:`unanimity.EXCEPTIONS`); for the
scenarios of the library and the teaching scenario, the same holds below 1 per cent (the flagship's Jewish
constituencies are calibrated by issue 18 and checked there)."""

from __future__ import annotations

import math

import pytest

from negotiator.engine.opinion import PublicOpinion
from negotiator.engine.opinion.calibration import evaluate
from negotiator.engine.opinion.polldata import polls_for
from negotiator.engine.opinion.validation import validate
from negotiator.model.registry import get_scenario, shipped_scenarios
from tests.scenarios.library import LIBRARY
from tests.scenarios.unanimity import EXCEPTIONS, extremes

HIGH = 95.0
LOW = 1.0
GAZA_LOW = pytest.param(
    "gaza-day-after",
    marks=pytest.mark.xfail(
        strict=True,
        reason="known, not fixed: religious_jews give the New York declaration and the Arab plan 0.2-0.4 per cent "
        "where the Council for a Secure America found 5 per cent of Orthodox Jews for two states (February 2024); "
        "a refit on that row doubled the held-out error, so it was not landed (docs/fidelity.md)",
    ),
)
LOW_CHECKED = [*(s for s in LIBRARY if s != "gaza-day-after"), GAZA_LOW, "water-and-crossings"]


@pytest.mark.parametrize("scenario_id", shipped_scenarios())
def test_no_constituency_above_95_without_a_cited_survey(scenario_id: str) -> None:
    found = [
        e.line()
        for e in extremes(scenario_id, high=HIGH, low=-1.0)
        if (scenario_id, e.package, e.constituency) not in EXCEPTIONS
    ]
    assert not found, "near-unanimous support no survey shows:\n" + "\n".join(found)


@pytest.mark.parametrize("scenario_id", LOW_CHECKED)
def test_no_constituency_below_1_without_a_cited_survey(scenario_id: str) -> None:
    found = [
        e.line()
        for e in extremes(scenario_id, high=101.0, low=LOW)
        if (scenario_id, e.package, e.constituency) not in EXCEPTIONS
    ]
    assert not found, "near-zero support no survey shows:\n" + "\n".join(found)


def test_the_scan_finds_a_saturated_public() -> None:
    """The scan is not vacuous: the publics as they were before issue 17's second sitting (a Palestinian bias of
    about 1 against a spread of 0.55) give Clinton's Jerusalem terms near-unanimity, and the scan says so."""
    scenario = get_scenario("jerusalem")
    opinion = PublicOpinion.create(scenario, seed=0)
    saturated = [
        g.id
        for g in scenario.constituencies
        if g.id in ("west_bank", "gaza", "east_jerusalem", "arab_citizens")
    ]
    assert saturated
    # the same scan on a copy whose Palestinian publics lean as the old ones did
    old = scenario.model_copy(
        update={
            "constituencies": [
                c.model_copy(
                    update={
                        "opinion": c.opinion.model_copy(
                            update={"bias": 1.1, "spread": 0.55, "undecided_band": 0.1}
                        )
                    }
                )
                if c.id in saturated
                else c
                for c in scenario.constituencies
            ]
        }
    )
    poll = PublicOpinion.create(old, seed=0).poll(dict(scenario.reference("clinton-2000").options))
    assert max(poll[c].support for c in saturated) > HIGH
    assert all(
        opinion.poll(dict(scenario.reference("clinton-2000").options))[c].support <= HIGH for c in saturated
    )


def test_package_rows_after_a_mid_year_window_are_later_waves() -> None:
    """camp-david-2000's window ends in September 2000: the Clinton proposals' package rows of December 2000 are a
    later wave, not the fit window (validation compared years, so it called them in the window)."""
    scenario = get_scenario("camp-david-2000")
    polls = polls_for("camp-david-2000")
    report = evaluate(scenario, polls, seed=0, size=1000)
    level = validate(scenario, report, polls, seed=0, size=1000).package_level
    assert math.isnan(level["fit_window_mae"])
    assert level["later_waves_mae"] > 0
