"""Polls: every constituency and aggregate, population weighting, 90% intervals that behave like a survey's."""

from __future__ import annotations

import itertools

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from negotiator.engine.opinion import PublicOpinion, wilson
from negotiator.engine.opinion.polls import MIN_SUBSAMPLE
from negotiator.model.schema import Scenario

REQUIRED = {
    "israeli_jews",
    "arab_citizens",
    "all_israelis",
    "palestinians",
    "secular_jews",
    "traditional_jews",
    "religious_jews",
    "ultra_orthodox_jews",
    "settlers",
    "west_bank",
    "gaza",
    "refugees",
}


def test_confederation_poll_has_every_population(confed_opinion: PublicOpinion, confed: Scenario) -> None:
    poll = confed_opinion.poll(confed.reference("pulse-2016").options).as_json()
    lines = poll["constituencies"]
    assert isinstance(lines, dict) and set(lines) >= REQUIRED
    for line in lines.values():
        s, o, u = line["support"], line["oppose"], line["undecided"]
        lo, hi = line["interval90"]
        assert 0 <= lo <= s <= hi <= 100 and abs(s + o + u - 100) < 0.2


def test_aggregates_are_population_weighted(confed_opinion: PublicOpinion, confed: Scenario) -> None:
    r = confed_opinion.react(confed.reference("clinton-2000").options)
    wb, gz = confed.constituency("west_bank"), confed.constituency("gaza")
    expected = (wb.population * r["west_bank"].support + gz.population * r["gaza"].support) / (
        wb.population + gz.population
    )
    assert abs(r["palestinians"].support - expected) < 1e-9
    members = [c for c in confed.constituencies if "israeli_jews" in c.groups]
    assert {c.id for c in members} == {
        "secular_jews",
        "traditional_jews",
        "religious_jews",
        "ultra_orthodox_jews",
        "settlers",
    }


def test_intervals_shrink_with_sample_size(confed_opinion: PublicOpinion, confed: Scenario) -> None:
    pkg = confed.reference("pulse-2016").options
    widths = []
    for n in (300, 1000, 3000, 10000):
        line = confed_opinion.poll(pkg, sample_size=n)["israeli_jews"]
        widths.append(line.interval90[1] - line.interval90[0])
    assert all(a > b for a, b in itertools.pairwise(widths))
    assert widths[1] / widths[3] > 2.5  # about sqrt(10)


@settings(max_examples=80, deadline=None)
@given(st.floats(0.0, 1.0), st.integers(1, 5000), st.integers(1, 5000))
def test_wilson_interval_properties(p: float, n1: int, n2: int) -> None:
    lo, hi = wilson(p, n1)
    assert 0.0 <= lo <= p + 1e-12 and p - 1e-12 <= hi <= 1.0
    if n2 > n1:
        lo2, hi2 = wilson(p, n2)
        assert hi2 - lo2 <= hi - lo + 1e-12


def test_noisy_polls_cover_the_truth_about_nine_times_in_ten(water: Scenario) -> None:
    """A survey-methodology check: published figures drawn with sampling noise; their 90% intervals should hold
    the true share about 90% of the time."""
    op = PublicOpinion.create(water, seed=0)
    pkg = water.reference("practical-deal").options
    truth = op.poll(pkg)["israeli_public"].support
    rng = np.random.default_rng(2024)
    hits = 0
    runs = 600
    for _ in range(runs):
        lo, hi = op.poll(pkg, rng=rng)["israeli_public"].interval90
        hits += lo <= truth <= hi
    assert 0.86 <= hits / runs <= 0.94


def test_noisy_poll_is_deterministic_for_a_generator(water: Scenario) -> None:
    op = PublicOpinion.create(water, seed=0)
    pkg = water.reference("partnership").options
    a = op.poll(pkg, rng=np.random.default_rng(5)).as_json()
    b = op.poll(pkg, rng=np.random.default_rng(5)).as_json()
    assert a == b


def test_small_groups_get_a_reportable_subsample(confed_opinion: PublicOpinion, confed: Scenario) -> None:
    poll = confed_opinion.poll(confed.reference("pulse-2016").options, sample_size=200)
    assert min(line.sample for line in poll.lines.values()) >= MIN_SUBSAMPLE
