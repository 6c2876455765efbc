"""Calibration: the shipped poll data, the confederation target, and the fit itself on a small case."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from negotiator.engine.opinion.calibration import FIT_WINDOW, evaluate
from negotiator.engine.opinion.fitting import fit
from negotiator.engine.opinion.polldata import PollDataError, PollRow, default_polls_path, read_polls
from negotiator.model.schema import PollItem, Scenario

SHARED = Path(__file__).resolve().parents[3] / "shared" / "data" / "polls.csv"


def test_shipped_polls_are_the_shared_reference_data() -> None:
    rows = read_polls()
    assert len(rows) > 60
    if SHARED.exists():
        assert default_polls_path().read_bytes() == SHARED.read_bytes()
    assert {r.population for r in rows} >= {"israeli_jews", "arab_citizens", "palestinians", "settlers"}


@pytest.mark.parametrize(
    ("text", "where"),
    [
        ("survey,fieldwork\n", "line 1"),
        (
            "survey,fieldwork,population,item,support_pct,oppose_pct,source,note\nX,2017,israeli_jews,a,abc,,s,\n",
            "line 2.support_pct",
        ),
        (
            "survey,fieldwork,population,item,support_pct,oppose_pct,source,note\nX,2017,israeli_jews,a,120,,s,\n",
            "line 2.support_pct",
        ),
        (
            "survey,fieldwork,population,item,support_pct,oppose_pct,source,note\nX,soon,israeli_jews,a,20,,s,\n",
            "line 2.fieldwork",
        ),
        (
            "survey,fieldwork,population,item,support_pct,oppose_pct,source,note\nX,2017,israeli_jews,a,,,s,\n",
            "line 2",
        ),
    ],
)
def test_bad_poll_files_are_clear_errors(tmp_path: Path, text: str, where: str) -> None:
    f = tmp_path / "polls.csv"
    f.write_text(text)
    with pytest.raises(PollDataError) as exc:
        read_polls(f)
    assert exc.value.problems[0].path == where


def test_confederation_meets_the_calibration_target(confed: Scenario) -> None:
    report = evaluate(confed)
    s = report.as_json()["summary"]
    assert s["expressed"] >= 0.8 * s["rows"]
    assert report.mae <= 5.0 and report.max_error <= 12.0 and report.meets_target()
    for r in report.rows:  # only the 2016-2018 electorate is in the target; package texts are never fitted
        assert (r.status == "fit") == (
            r.row.year in range(FIT_WINDOW[0], FIT_WINDOW[1] + 1)
            and bool(r.figures)
            and r.row.kind != "package"
        )
        assert (r.status == "held-out") == (r.row.kind == "package" and bool(r.figures))
    assert report.count("period") > 0  # later waves meet their period mood
    assert all(r.mood is not None for r in report.rows if r.status == "period")
    assert all(r.mood is None for r in report.rows if r.status == "fit")
    assert any(k.startswith("2024-07 / israel") and v < -0.2 for k, v in report.periods.items())


def test_forced_choice_rows_compare_decided_shares(confed: Scenario) -> None:
    report = evaluate(confed)
    inss = next(r for r in report.rows if r.row.survey == "INSS" and r.row.year == 2017)
    assert [f.measure for f in inss.figures] == ["support (forced choice)"]
    assert inss.figures[0].published == pytest.approx(45.0)


def _teaching_with_polls(water: Scenario) -> tuple[Scenario, list[PollRow]]:
    items = [
        PollItem(item="practical deal", package="practical-deal"),
        PollItem(item="partnership", package="partnership"),
        PollItem(item="needs-based water", component="water.needs-based"),
    ]
    sc = water.model_copy(update={"poll_items": items})

    def row(line: int, pop: str, item: str, s: float | None, o: float | None) -> PollRow:
        return PollRow(line, "Test", "2017", 2017, pop, item, s, o, "test", "")

    rows = [
        row(2, "all_israelis", "practical deal", 55.0, None),
        row(3, "palestinians", "practical deal", 62.0, None),
        row(4, "all_israelis", "partnership", 12.0, None),
        row(5, "palestinians", "partnership", 70.0, None),
        row(6, "palestinians", "needs-based water", 75.0, 15.0),
        row(7, "all_israelis", "unknown item", 10.0, None),
    ]
    return sc, rows


def test_the_fit_improves_and_is_a_fixed_point(water: Scenario) -> None:
    sc, rows = _teaching_with_polls(water)
    first = fit(sc, rows, size=1500, report_size=3000)
    assert first.before.count("unexpressed") == 1
    assert first.after.mae < first.before.mae and first.after.mae < 3.0
    kinds = {p.kind for p in first.parameters}
    assert {"bias", "spread", "preference"} <= kinds
    assert "opinion.bias" in first.changes["israeli_public"]
    again = fit(first.scenario, rows, size=1500, report_size=3000)
    assert max(abs(v) for v in again.values) < 0.05  # fitting a fitted scenario moves nothing (no drift)


def test_no_rows_no_fit(water: Scenario) -> None:
    result = fit(water, [PollRow(2, "T", "2017", 2017, "all_israelis", "nothing", 50.0, None, "", "")])
    assert result.parameters == () and result.scenario is water
    assert result.after.count("unexpressed") == 1


def test_a_parameter_at_its_bound_does_not_freeze_the_fit(confed: Scenario) -> None:
    """An affinity already at its bound (-5) used to start scipy a hair off it, which sized every step at ~1e-9: the fit
    stopped where it started. With Israeli Jews' bias pushed off, the fit must pull it back."""
    from negotiator.engine.opinion.fitting import fit

    from .conftest import with_constituency

    sc = with_constituency(confed, "settlers", opinion__paradigms={"one-state-unequal": -5.0})
    for cid in ("secular_jews", "traditional_jews"):
        sc = with_constituency(sc, cid, opinion__bias=sc.constituency(cid).opinion.bias - 0.5)
    result = fit(sc, size=500, report_size=500, max_evaluations=12)
    bias = dict(zip((p.name for p in result.parameters), result.values, strict=True))["bias:israeli_jews"]
    assert bias > 0.1
    assert result.after.mae < result.before.mae


def test_a_standalone_term_is_not_coloured_by_the_mood_toward_a_deal(confed: Scenario) -> None:
    """A term asked as a matter of its own (``standalone``: Saudi normalisation in February 2024) meets no disposition
    toward an agreement, so the period's mood leaves it as it is; asked as part of an agreement, the mood moves it."""
    from negotiator.engine.opinion.calibration import Asker
    from negotiator.engine.opinion.polldata import express, polls_for
    from negotiator.engine.opinion.population import compile_opinion, sample

    model = compile_opinion(confed, as_of=None)
    _, people = sample(model, 0, 1000)
    asker = Asker(model, model.groups, people)
    row = next(r for r in polls_for(confed.id) if r.item == "normalisation agreement with Saudi Arabia")
    alone = express(confed, model, row)
    assert not isinstance(alone, str) and alone.context == 0.0
    framed = express(
        confed.model_copy(
            update={
                "poll_items": [
                    i.model_copy(update={"standalone": False}) if i.item == row.item else i
                    for i in confed.poll_items
                ]
            }
        ),
        model,
        row,
    )
    assert not isinstance(framed, str) and framed.context > 0.0
    assert asker.population(row.population, alone, -1.0) == asker.population(row.population, alone, 0.0)
    assert asker.population(row.population, framed, -1.0) != asker.population(row.population, framed, 0.0)
    # nor is it bent by the hawk-dove position toward what the other side welcomes (Palestinians dislike
    # normalisation that bypasses them, which once turned Israeli doves against a treaty asked on its own)
    k = model.index("secular_jews")
    ideology = people[k].ideology
    assert abs(np.corrcoef(asker.utilities(k, alone), ideology)[0, 1]) < 0.05
    assert np.corrcoef(asker.utilities(k, framed), ideology)[0, 1] < -0.2


def test_a_wave_that_asked_only_a_standalone_term_gets_no_mood(confed: Scenario) -> None:
    """Kan's September 2023 wave asked only about Saudi normalisation on its own, which no mood toward a deal
    colours: a mood fitted on it would be whatever the fit's start left it, and the game would start there."""
    from negotiator.engine.opinion.calibration import cases, fit_window
    from negotiator.engine.opinion.fitting import design
    from negotiator.engine.opinion.polldata import polls_for
    from negotiator.engine.opinion.population import compile_opinion

    model = compile_opinion(confed, as_of=None)
    fitted = [
        c
        for c in cases(confed, model, polls_for(confed.id), fit_window(confed))
        if c.status in ("fit", "period")
    ]
    assert any(c.row.month == "2023-09" for c in fitted)
    moods = {p.survey for p in design(model, fitted) if p.kind == "period"}
    assert "2023-09" not in moods and "2024-01" in moods
    assert all(m != "2023-09" for g in model.groups for m, _ in g.periods)
