"""One package scorer: the engine's reference, the exact analysis form and a bot's valuation of its own brief all
score through :func:`additive_score` and agree; one grouping of coupled issues serves the engine and the bots."""

from __future__ import annotations

import numpy as np
import pytest

from negotiator.ai.valuation import Compound, Layout, brief_valuation
from negotiator.engine import compile_scenario
from negotiator.engine.additive import additive_score, coupled_groups
from negotiator.engine.domain import build_domain
from negotiator.game.rules import new_game
from negotiator.game.runtime import ScenarioRuntime
from negotiator.game.setup import default_setup
from negotiator.game.views import view_for
from negotiator.model.registry import get_scenario


def _random_packages(compiled, n: int, seed: int) -> np.ndarray:  # type: ignore[no-untyped-def]
    rng = np.random.default_rng(seed)
    return (rng.random((n, compiled.n_issues)) * compiled.n_options).astype(np.intp)


@pytest.mark.parametrize("scenario_id", ["confederation", "water-and-crossings"])
def test_engine_analysis_and_bot_score_alike(scenario_id: str) -> None:
    scenario = get_scenario(scenario_id)
    compiled = compile_scenario(scenario)
    x = _random_packages(compiled, 500, seed=3)
    reference = compiled.score_reference(x)
    np.testing.assert_allclose(compiled.score(x), reference, atol=1e-9)
    domain = build_domain(compiled)
    np.testing.assert_allclose(domain.to_points(domain.score_q(x)), reference, atol=1e-9)
    state = new_game(scenario, default_setup(scenario, seed=0), ScenarioRuntime(scenario))
    layout = Layout.of(scenario)
    for seat in state.setup.seat_ids:
        own = brief_valuation(layout, view_for(state, seat).own)
        # what a bot knows of its own points is what the engine scores for it (weights normalised apart: 1e-13)
        np.testing.assert_allclose(own.score(x), reference[:, compiled.party_index(seat)], atol=1e-9)


def test_additive_score_counts_terms_only_when_both_options_are_chosen() -> None:
    values = np.array([[1.0, 2.0], [10.0, 20.0]])  # two issues, two options, one party axis-free
    x = np.array([[0, 0], [1, 0], [1, 1]])
    np.testing.assert_array_equal(additive_score(values, x), [11.0, 12.0, 22.0])
    np.testing.assert_array_equal(additive_score(values, x, [(None, 0, 1, 1, 1, 5.0)]), [11.0, 12.0, 27.0])
    per_party = np.stack([values, -values], axis=-1)
    got = additive_score(per_party, x, [(1, 0, 1, 1, 0, 3.0)])
    np.testing.assert_array_equal(got, [[11.0, -11.0], [12.0, -9.0], [22.0, -22.0]])


def test_coupled_groups_are_connected_components() -> None:
    assert coupled_groups(6, [(4, 1), (1, 3), (5, 5)]) == [(0,), (1, 3, 4), (2,), (5,)]
    assert coupled_groups(3, []) == [(0,), (1,), (2,)]


def test_a_bots_compound_issues_are_the_engines_components() -> None:
    scenario = get_scenario("confederation")
    compiled = compile_scenario(scenario)
    state = new_game(scenario, default_setup(scenario, seed=0), ScenarioRuntime(scenario))
    layout = Layout.of(scenario)
    for seat in ("israel", "palestine"):
        own = brief_valuation(layout, view_for(state, seat).own)
        compound = Compound.of(own, layout.valid)
        assert list(compound.groups) == list(build_domain(compiled, [seat]).components)
