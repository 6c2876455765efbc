"""The scenario library (issue 17): every library scenario loads strictly, scores its reference packages, leaves
room for a deal both principals prefer to walking away, plays to the end with AI seats, and carries a trainer's
note; hard-line pairings have no room at all, so persona pairings differ in whether they can agree."""

from __future__ import annotations

import numpy as np
import pytest

from negotiator.ai.batch import play_game
from negotiator.engine import analyze, compile_scenario
from negotiator.engine.opinion.calibration import FIT_WINDOW, evaluate, fit_window
from negotiator.engine.opinion.polldata import polls_for, read_polls, scenario_polls_path
from negotiator.model.checks import check_scenario
from negotiator.model.loader import load_scenario
from negotiator.model.registry import scenarios_dir, shipped_scenarios
from negotiator.model.schema import Scenario
from tests.scenarios.library import FIT_WINDOWS, LIBRARY


@pytest.fixture(scope="module", params=LIBRARY)
def scenario(request: pytest.FixtureRequest) -> Scenario:
    sid = request.param
    assert sid in shipped_scenarios()
    return load_scenario(scenarios_dir() / f"{sid}.toml")


def test_loads_strictly_with_no_problems(scenario: Scenario) -> None:
    assert check_scenario(scenario, scenario.id) == []
    assert scenario.id in shipped_scenarios()


def test_every_reference_package_scores_and_the_status_quo_is_below_every_walk_away(
    scenario: Scenario,
) -> None:
    compiled = compile_scenario(scenario)
    assert len(scenario.packages) >= 4
    for ref in scenario.packages:
        assert set(ref.options) == {i.id for i in scenario.issues}
        u = compiled.score_one(ref.options)
        assert set(u) == {d.id for d in scenario.delegations}
        assert all(0.0 <= v <= 150.0 for v in u.values())
    quo = compiled.score_one(scenario.reference("status-quo").options)
    for d in scenario.delegations:
        assert quo[d.id] <= d.reservation_value


def test_published_plans_carry_sources(scenario: Scenario) -> None:
    sources = {s.id for s in scenario.sources}
    published = [p for p in scenario.packages if p.year is not None]
    assert len(published) >= 3
    for p in published:
        assert p.sources and set(p.sources) <= sources


def test_both_principals_can_gain_over_walking_away_but_the_zone_is_narrow(scenario: Scenario) -> None:
    result = analyze(scenario, respect_red_lines=True)
    assert result.zopa.size > 0
    assert result.zopa.fraction < 0.1  # narrow: a deal must be found, not stumbled on
    nash = result.nash
    assert nash is not None
    reservation = np.asarray(result.frontier.reservation)
    assert (np.asarray(nash.utilities) > reservation).all()


def test_hard_liners_on_both_sides_leave_no_package_both_would_sign(scenario: Scenario) -> None:
    """Their red lines (the briefs' and the hard-liner overlays') rule out every option of some issue together."""
    principals = [d for d in scenario.delegations if d.role == "principal"]
    hard = [d.as_played_by("hard-liner") for d in principals]
    soft = [d.as_played_by("conciliator") for d in principals]

    def open_options(dels: list) -> dict[str, set[str]]:  # type: ignore[type-arg]
        allowed = {i.id: {o.id for o in i.options} for i in scenario.issues}
        for d in dels:
            for line in d.red_lines:
                allowed[line.issue] -= set(line.options)
        return allowed

    assert any(not opts for opts in open_options(hard).values())
    assert all(opts for opts in open_options(soft).values())


def test_the_trainer_note_has_goals_timing_and_debrief_questions(scenario: Scenario) -> None:
    note = scenario.scenario.trainer_note
    assert note is not None
    lowered = note.lower()
    for part in ("learning goals", "suggested timing", "debrief questions"):
        assert part in lowered


@pytest.mark.parametrize("index", [0, 1])
def test_an_ai_game_plays_to_an_outcome(scenario: Scenario, index: int) -> None:
    record, row = play_game(scenario, batch_seed=17, index=index)
    assert row["result"] in ("ratified", "rejected-at-home", "deadline", "walkout")
    assert row["red_lines_crossed"] == [] and row["incoherent"] == []
    if row["signed"]:
        assert row["below_brief_walk_away"] == []
        assert set(row["package"]) == {i.id for i in scenario.issues}


def test_conciliators_sign_where_hard_liners_cannot(scenario: Scenario) -> None:
    """An AI-vs-AI sample: conciliators on both sides reach a deal above both walk-away values in some game."""
    personas = {d.id: "conciliator" for d in scenario.delegations if d.role == "principal"}
    rows = [play_game(scenario, batch_seed=3, index=k, personas=personas)[1] for k in range(2)]
    assert any(r["signed"] for r in rows)
    for r in rows:
        if r["signed"]:
            assert r["below_walk_away"] == []


def test_own_poll_rows_are_read_beside_the_shared_file_and_all_expressed(scenario: Scenario) -> None:
    own = scenario_polls_path(scenario.id)
    assert own.exists()
    mine = read_polls(own)
    shared = {(r.survey, r.fieldwork, r.population, r.item) for r in read_polls()}
    restated = [r for r in mine if (r.survey, r.fieldwork, r.population, r.item) in shared]
    assert mine and len(polls_for(scenario.id)) == len(read_polls()) + len(mine) - len(restated)
    assert all(r.kind in ("principle", "package", "component") for r in mine)  # every row says what was heard
    report = evaluate(scenario, polls_for(scenario.id), size=600)
    expressed = {
        (r.row.survey, r.row.fieldwork, r.row.population, r.row.item) for r in report.rows if r.figures
    }
    assert {(r.survey, r.fieldwork, r.population, r.item) for r in mine} <= expressed


def test_publics_are_fitted_to_the_polls_of_their_own_era(scenario: Scenario) -> None:
    """The scenario declares its fit window; calibrate fits the rows fielded in it and no others."""
    assert fit_window(scenario) == FIT_WINDOWS[scenario.id]
    report = evaluate(scenario, polls_for(scenario.id), size=600)
    assert report.window == FIT_WINDOWS[scenario.id]
    first, last = report.window
    fitted = [r for r in report.rows if r.status == "fit"]
    assert fitted and all(first <= r.row.year <= last for r in fitted)
    assert all(r.status != "fit" for r in report.rows if not first <= r.row.year <= last)


def test_without_a_window_of_its_own_a_scenario_is_fitted_to_2016_2018(scenario: Scenario) -> None:
    meta = scenario.scenario.model_copy(update={"fit_window": None})
    plain = scenario.model_copy(update={"scenario": meta})
    assert fit_window(plain) == FIT_WINDOW
    report = evaluate(plain, polls_for(scenario.id), size=600)
    assert report.window == FIT_WINDOW
    assert all(r.status != "fit" for r in report.rows if not FIT_WINDOW[0] <= r.row.year <= FIT_WINDOW[1])


def test_a_window_that_ends_before_it_begins_is_a_problem(scenario: Scenario) -> None:
    meta = scenario.scenario.model_copy(update={"fit_window": [2001, 1999]})
    problems = check_scenario(scenario.model_copy(update={"scenario": meta}), scenario.id)
    assert [p.path for p in problems] == ["scenario.fit_window"]
    assert "ends before it begins" in problems[0].message


def test_fitted_publics_meet_the_calibration_target_on_their_own_era(scenario: Scenario) -> None:
    """MAE <= 5 points and no figure off by more than 12 over the rows of the scenario's fit window, and package rows
    (never fitted) predicted within 15 points on average where the scenario has any (docs/fidelity.md)."""
    report = evaluate(scenario, polls_for(scenario.id))
    assert len(report.errors("fit")) >= 6
    assert report.meets_target(), (report.mae, report.max_error)
    held = report.errors("held-out")
    assert not held or float(np.mean(held)) <= 15.0


def test_a_window_may_end_in_a_month_and_later_rows_meet_their_waves_mood() -> None:
    """camp-david-2000 fits the summit's electorate (to September 2000); the polls of November and December 2000,
    after the uprising began, each meet their own wave's mood (or are held out), never the summit's electorate."""
    scenario = load_scenario(scenarios_dir() / "camp-david-2000.toml")
    assert scenario.scenario.fit_window == [1999, "2000-09"]
    report = evaluate(scenario, polls_for(scenario.id), size=600)
    late = [r for r in report.rows if r.figures and r.row.month > "2000-09"]
    assert late and all(r.status in ("period", "held-out") and r.mood is not None for r in late)
    assert all(r.row.month <= "2000-09" for r in report.rows if r.status == "fit")
