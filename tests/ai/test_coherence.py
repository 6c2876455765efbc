"""Coherence terms checked in one gather over all terms (issue 16: faster games) say what the terms say one by one."""

from __future__ import annotations

import numpy as np
import pytest

from negotiator.ai.coherence import Coherence
from negotiator.ai.valuation import Layout
from negotiator.model.registry import get_scenario


@pytest.mark.parametrize("scenario_id", ["confederation", "jerusalem", "camp-david-2000"])
def test_all_terms_at_once_are_each_term_in_turn(scenario_id: str) -> None:
    scenario = get_scenario(scenario_id)
    layout = Layout.of(scenario)
    coherence = Coherence.of(scenario, layout)
    assert coherence.terms
    rng = np.random.default_rng(3)
    sizes = np.array([len(i.options) for i in scenario.issues])
    x = (rng.random((400, sizes.size)) * sizes).astype(np.intp)
    one_by_one = np.stack([ma[x[:, ka]] & mb[x[:, kb]] for ka, ma, kb, mb in coherence.terms], axis=1)
    assert one_by_one.any() and not one_by_one.all()
    np.testing.assert_array_equal(coherence._hits(x), one_by_one)
    np.testing.assert_array_equal(coherence.broken(x), one_by_one.any(axis=1))
    np.testing.assert_array_equal(coherence.keep(x), x[~one_by_one.any(axis=1)])
    np.testing.assert_array_equal(coherence.broken(x[0]), one_by_one[:1].any(axis=1))  # one package, as a row


def test_a_scenario_without_terms_breaks_none() -> None:
    scenario = get_scenario("water-and-crossings")
    layout = Layout.of(scenario)
    coherence = Coherence.of(scenario.model_copy(update={"coherence": []}), layout)
    x = np.zeros((3, len(scenario.issues)), dtype=np.intp)
    assert not coherence.broken(x).any()
    np.testing.assert_array_equal(coherence.keep(x), x)
