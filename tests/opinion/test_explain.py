"""Why a group reacts as it does, and what would flip it."""

from __future__ import annotations

from negotiator.engine.opinion import PublicOpinion
from negotiator.model.schema import Scenario


def test_contributions_say_what_each_term_is_worth(confed_opinion: PublicOpinion, confed: Scenario) -> None:
    pkg = confed.reference("pulse-2016").options
    e = confed_opinion.explain("traditional_jews", pkg)
    changed = {i for i, o in pkg.items() if o != confed.reference("status-quo").options[i]}
    assert {c.issue for c in e.contributions} == changed
    for c in e.contributions[:3]:  # reverting a term to today moves support by what its points say
        without = confed_opinion.react({**pkg, c.issue: c.today})["traditional_jews"].support * 100
        assert abs((e.support - without) - c.points) < 1e-6
    assert abs(e.support + e.oppose + e.undecided - 100) < 1e-6
    assert e.taboo_share > 0  # a divided Jerusalem is taboo for some traditional Jews


def test_best_move_moves_the_group_and_the_flip_flips_it(
    confed_opinion: PublicOpinion, confed: Scenario
) -> None:
    pkg = dict(confed.reference("pulse-2016").options)
    for cid in ("traditional_jews", "west_bank", "settlers"):
        e = confed_opinion.explain(cid, pkg)
        best = e.best_moves[0]
        moved = confed_opinion.react({**pkg, best.issue: best.to_option})[cid]
        base = confed_opinion.react(pkg)[cid]
        assert (
            abs((moved.support - moved.oppose) - (base.support - base.oppose) - best.net_change / 100) < 1e-6
        )
        assert all(a.net_change >= b.net_change for a, b in zip(e.best_moves, e.best_moves[1:], strict=False))
        if e.flip is not None:
            y = dict(pkg)
            for m in e.flip:
                y[m.issue] = m.to_option
            r = confed_opinion.react(y)[cid]
            if e.flip_direction == "toward support":
                assert base.support <= base.oppose and r.support > r.oppose
            else:
                assert base.support > base.oppose and r.oppose > r.support


def test_water_flip(water: Scenario) -> None:
    op = PublicOpinion.create(water, seed=0)
    e = op.explain("israeli_public", water.reference("partnership").options)
    assert e.flip_direction == "toward support"
    assert e.best_moves[0].issue == "crossings"  # joint crossings are what Israelis object to most
