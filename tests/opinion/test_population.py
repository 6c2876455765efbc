"""Simulated people: determinism for a seed, independent streams, today's option at zero, the paradigm rule."""

from __future__ import annotations

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from negotiator.engine.opinion import PublicOpinion, compile_opinion, sample
from negotiator.model.paradigm import classify
from negotiator.model.schema import PARADIGMS, Scenario


def test_same_seed_same_people_other_seed_other_people(water: Scenario) -> None:
    model = compile_opinion(water)
    _, a = sample(model, 11, 500)
    _, b = sample(model, 11, 500)
    _, c = sample(model, 12, 500)
    for pa, pb, pc in zip(a, b, c, strict=True):
        assert np.array_equal(pa.values, pb.values) and np.array_equal(pa.ideology, pb.ideology)
        assert not np.array_equal(pa.values, pc.values)


def test_each_constituency_has_its_own_stream(water: Scenario) -> None:
    """Adding a constituency changes nobody else's people (replays of old saves stay valid)."""
    extra = water.constituency("palestinian_public").model_copy(update={"id": "gaza_public"})
    bigger = water.model_copy(update={"constituencies": [*water.constituencies, extra]})
    _, small = sample(compile_opinion(water), 5, 300)
    _, big = sample(compile_opinion(bigger), 5, 300)
    for p, q in zip(small, big[:2], strict=True):
        assert np.array_equal(p.values, q.values)


def test_people_judge_change_not_levels(confed: Scenario) -> None:
    model = compile_opinion(confed)
    _, people = sample(model, 0, 400)
    rows = np.arange(model.n_issues)
    for p in people:
        assert np.all(p.values[rows, model.status_quo] == 0.0)
        assert np.allclose(p.weights.sum(axis=0), 1.0, atol=1e-5) and (p.weights >= 0).all()


def test_taboo_shares_and_who_holds_them(confed: Scenario) -> None:
    model = compile_opinion(confed)
    _, people = sample(model, 0, 5000)
    for g, p in zip(model.groups, people, strict=True):
        for k, rule in enumerate(g.sacred):
            assert abs(p.taboo[k].mean() - rule.share) < 0.03, g.id
            if 0 < rule.share < 1:  # hawks hold taboos
                assert p.ideology[p.taboo[k]].mean() < p.ideology[~p.taboo[k]].mean() - 0.3, g.id


def test_arrays_are_read_only(water: Scenario) -> None:
    op = PublicOpinion.create(water, seed=0, size=100)
    try:
        op.people[0].values[0, 0, 0] = 1.0
    except ValueError:
        return
    raise AssertionError("population arrays must be immutable")


def test_paradigm_rule_matches_the_classifier_on_reference_packages(
    confed: Scenario, water: Scenario
) -> None:
    for sc in (confed, water):
        model = compile_opinion(sc)
        for p in sc.packages:
            x = model.encode(p.options)
            assert PARADIGMS[model.paradigm(x)] == classify(sc, p.options).paradigm, p.id
            mix = model.paradigm_mix(x)
            assert mix.sum() == 0 or abs(mix.sum() - 1.0) < 1e-9


@settings(max_examples=60, deadline=None)
@given(st.data())
def test_paradigm_rule_matches_the_classifier_on_any_package(confed: Scenario, data: st.DataObject) -> None:
    model = compile_opinion(confed)
    x = np.array([data.draw(st.integers(0, len(o) - 1)) for o in model.option_ids], dtype=np.intp)
    assert PARADIGMS[model.paradigm(x)] == classify(confed, model.decode(x)).paradigm
