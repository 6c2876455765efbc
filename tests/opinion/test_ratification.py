"""Ratification: the Knesset and the referendum, probabilities monotone in support, deterministic for a seed."""

from __future__ import annotations

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from negotiator.engine.opinion import PublicOpinion, compile_opinion
from negotiator.engine.opinion.ratification import GroupVerdict, ratify
from negotiator.model.schema import Scenario


def _verdicts(n: int, support: float, oppose: float) -> list[GroupVerdict]:
    return [GroupVerdict(support, oppose, 1 - support - oppose, (1 - support - oppose) / 2) for _ in range(n)]


def test_clear_majorities_pass_and_clear_rejections_fail(confed: Scenario) -> None:
    model = compile_opinion(confed)
    n = len(model.groups)
    yes = ratify(model, confed, _verdicts(n, 0.8, 0.15), np.random.default_rng(1))
    no = ratify(model, confed, _verdicts(n, 0.15, 0.8), np.random.default_rng(1))
    assert yes.probability > 0.95 and all(v.passes for v in yes.votes)
    assert no.probability < 0.05 and not any(v.passes for v in no.votes)
    knesset = yes.vote("israel")
    assert knesset.kind == "knesset" and knesset.share_for > 0.5 and knesset.coalition_holds
    referendum = yes.vote("palestine")
    assert referendum.kind == "referendum" and referendum.turnout is not None and referendum.turnout > 0.4


@settings(max_examples=40, deadline=None)
@given(st.integers(0, 8), st.floats(0.05, 0.6), st.floats(0.0, 0.3))
def test_probabilities_rise_with_support(confed: Scenario, k: int, base: float, extra: float) -> None:
    """More support in any one constituency never lowers any side's chance (common random numbers)."""
    model = compile_opinion(confed)
    low = _verdicts(len(model.groups), base, 0.9 - base)
    high = list(low)
    high[k] = GroupVerdict(min(0.9, base + extra), 0.9 - min(0.9, base + extra), 0.1, 0.05)
    a = ratify(model, confed, low, np.random.default_rng(3), draws=1500)
    b = ratify(model, confed, high, np.random.default_rng(3), draws=1500)
    for va, vb in zip(a.votes, b.votes, strict=True):
        assert vb.probability >= va.probability
    assert b.probability >= a.probability


def test_turnout_floor_can_sink_a_referendum(confed: Scenario) -> None:
    rules = confed.rules
    strict = [
        r.model_copy(update={"turnout_floor": 0.99}) if r.kind == "referendum" else r
        for r in rules.ratification
    ]
    sc = confed.model_copy(update={"rules": rules.model_copy(update={"ratification": strict})})
    model = compile_opinion(sc)
    result = ratify(model, sc, _verdicts(len(model.groups), 0.8, 0.15), np.random.default_rng(1))
    assert result.vote("palestine").probability == 0.0


def test_same_state_same_result_and_signed_packages(confed_opinion: PublicOpinion, confed: Scenario) -> None:
    pkg = confed.reference("pulse-2016").options
    a, b = confed_opinion.ratify(pkg), confed_opinion.ratify(pkg)
    assert a == b
    assert 0.0 <= a.probability <= min(v.probability for v in a.votes)
    blocs = a.vote("israel").parties
    assert {p.id for p in blocs} == {p.id for p in confed.rules.ratification[0].parties}


def test_nobody_ratifies_nothing(confed_opinion: PublicOpinion, confed: Scenario) -> None:
    assert confed_opinion.ratify(confed.reference("status-quo").options).vote("israel").probability < 0.05
