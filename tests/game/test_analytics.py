"""Negotiation-skill analytics on hand-built games whose right answers are worked out by hand below.

The teaching scenario's numbers (assets/scenarios/water-and-crossings.toml), normalised priorities
Israel (water .25, crossings .40, permits .15, committee .20), Palestine (.45, .25, .15, .15):
- Israel's ideal I* = plus-25/civilian/raised/liaison = 100 points to Israel.
- Palestine's ideal P* = needs-based/joint/open-market/binding = 100 + 8 (interaction) = 108 to Palestine.
"""

from __future__ import annotations

import pytest

from negotiator.engine import compile_scenario
from negotiator.game import EndTurn, apply, new_game
from negotiator.game.analytics import (
    classify_step,
    concession_curve,
    fit_concession_exponent,
    logrolling_index,
    pattern_of,
    skill_report,
)
from negotiator.game.commands import Accept, AskMediator, Command, Sign, TableProposal
from negotiator.game.setup import GameSetup, SeatSetup
from negotiator.game.state import GameState
from negotiator.game.views import view_for
from negotiator.model.schema import Scenario
from tests.game import analytics_games as games
from tests.game.analytics_games import MIDDLE, P_BEST, pkg, play, table


# ------------------------------------------------------------------------------------------- the maths on numbers
def test_move_kinds_follow_the_sign_table() -> None:
    assert classify_step(-10, 8) == "concession"
    assert classify_step(-10, 0) == "concession"
    assert classify_step(10, -5) == "selfish"
    assert classify_step(10, 0) == "selfish"
    assert classify_step(4, 6) == "fortunate"
    assert classify_step(-4, -6) == "unfortunate"
    assert classify_step(0, -6) == "unfortunate"
    assert classify_step(0.2, 7) == "nice"
    assert classify_step(0.2, -0.3) == "silent"


@pytest.mark.parametrize("e", [0.25, 0.5, 1.0, 2.0, 4.0])
def test_exponent_is_recovered_from_an_exact_curve(e: float) -> None:
    times = [k / 8 for k in range(1, 9)]
    assert fit_concession_exponent(times, [t**e for t in times]) == pytest.approx(e, rel=0.01)


def test_patterns_name_late_early_and_steady_conceding() -> None:
    assert pattern_of(3.0) == "boulware"
    assert pattern_of(0.3) == "conceder"
    assert pattern_of(1.0) == "steady"
    assert pattern_of(None) == "too-few-offers"
    assert fit_concession_exponent([0.0], [0.0]) is None


def test_logrolling_index_by_hand(water: Scenario) -> None:
    comp = compile_scenario(water)
    # w = wI - wP = (-.20, .15, 0, .05), sum |w| = .40. MIDDLE: shares I (0, 1, 1, 1), P (1, .7, .5, .5):
    # d = (-1, .3, .5, .5) -> (.20 + .045 + 0 + .025) / .40 = .675.
    assert logrolling_index(comp, dict(pkg(MIDDLE)), "israel", "palestine") == pytest.approx(0.675)
    # The reverse trade: Israel's best water, Palestine's best crossings: shares I (1, 0, 1, 1), P (.55, 1, .5, .5):
    # d = (.45, -1, .5, .5) -> (-.09 - .15 + 0 + .025) / .40 = -.5375.
    reverse = ("plus-25", "joint", "raised", "liaison")
    assert logrolling_index(comp, dict(pkg(reverse)), "israel", "palestine") == pytest.approx(-0.5375)


# --------------------------------------------------------------------------------------------- hand-built games
@pytest.fixture(scope="module")
def boulware_game(water: Scenario) -> GameState:
    return games.boulware_game(water)


def test_opening_anchor_and_how_far_it_moved(water: Scenario, boulware_game: GameState) -> None:
    rep = skill_report(water, boulware_game)
    israel, palestine = rep.side("israel"), rep.side("palestine")
    assert rep.first_offer_by == "israel"
    assert israel.opening is not None and israel.opening.own == pytest.approx(100.0)
    assert israel.anchor_ambition == pytest.approx(1.0)  # opened at its ideal
    # Water plus-25 (100) -> needs-based (15) at weight .25: 21.25 points given up.
    assert israel.moved == pytest.approx(21.25)
    assert israel.concessions == pytest.approx((0, 0, 0, 13.75, 7.5))
    assert palestine.opening is not None and palestine.opening.own == pytest.approx(108.0)
    # P* -> MIDDLE: crossings 100 -> 70 (.25), permits 100 -> 60 (.15), committee 100 -> 50 (.15), interaction -8.
    assert palestine.moved == pytest.approx(7.5 + 6 + 7.5 + 8)
    assert palestine.anchor_ambition == pytest.approx(1.0)


def test_boulware_and_conceder_are_told_apart(water: Scenario, boulware_game: GameState) -> None:
    rep = skill_report(water, boulware_game)
    assert rep.side("israel").pattern == "boulware"
    assert rep.side("palestine").pattern == "conceder"
    # Israel's curve by hand: opening in round 1, talks end in round 6; shares 0, 0, 0, 13.75/21.25, 1.
    israel = rep.side("israel")
    times, shares = concession_curve(israel.offers, rep.rounds_played)
    assert times == pytest.approx([0.2, 0.4, 0.6, 0.8, 1.0])
    assert shares == pytest.approx([0, 0, 0, 13.75 / 21.25, 1])
    assert israel.exponent is not None and israel.exponent > 3
    assert rep.first_concession_by == "palestine"


def test_move_kinds_reciprocity_tone_and_deal(water: Scenario, boulware_game: GameState) -> None:
    rep = skill_report(water, boulware_game)
    israel, palestine = rep.side("israel"), rep.side("palestine")
    assert israel.move_kinds["silent"] == 3 and israel.move_kinds["concession"] == 2
    assert palestine.move_kinds["concession"] == 1 and palestine.move_kinds["silent"] == 3
    # Palestine's round-2 concession was answered by Israel's round-3 text, the same as before: 0 of 1.
    assert (israel.reciprocity, israel.reciprocity_chances) == (0.0, 1)
    # Israel's round-5 concession was answered by Palestine's round-5 text, the same as before: 0 of 1 (its answer to
    # round 6 was to accept, which is not a text).
    assert (palestine.reciprocity, palestine.reciprocity_chances) == (0.0, 1)
    assert israel.tones["firm"] == 1 and israel.warmth == pytest.approx(-0.5)
    assert palestine.tones["conciliatory"] == 5 and palestine.warmth == pytest.approx(1.0)
    assert rep.result == "ratified" and rep.deal == pkg(MIDDLE)
    assert rep.logrolling_index == pytest.approx(0.675)
    assert rep.deal_points is not None
    # MIDDLE: Israel .25*15 + .4*100 + .15*100 + .2*100 = 78.75; Palestine 45 + 17.5 + 9 + 7.5 = 79.
    assert rep.deal_points == pytest.approx((78.75, 79.0))
    assert rep.joint_gain == pytest.approx((78.75 - 68) + (79 - 40))
    assert rep.efficiency is not None and 0 < rep.efficiency <= 1 + 1e-9
    assert rep.share_of_surplus is not None
    assert sum(rep.share_of_surplus) == pytest.approx(rep.efficiency)


def test_same_answers_from_a_seat_view(water: Scenario, boulware_game: GameState) -> None:
    """The analytics read only the public record: a seat's final view gives the same report as the state."""
    from_state = skill_report(water, boulware_game)
    from_view = skill_report(water, view_for(boulware_game, "palestine"))
    assert from_view.sides == from_state.sides
    assert from_view.joint_gain == from_state.joint_gain


def test_logrolling_trade_reciprocity_and_mediator_requests(water: Scenario) -> None:
    """Israel opens with plus-50/military, then trades water (down for it) for crossings (up for it), which also
    gives Palestine more: a logrolling trade. Palestine answers each Israeli step towards it with one of its own."""
    open_i = ("plus-50", "military", "raised", "liaison")
    rounds: list[tuple[list[Command], list[Command]]] = [
        ([table("israel", open_i)], [table("palestine", P_BEST)]),
        ([table("israel", MIDDLE)], [table("palestine", ("needs-based", "joint", "raised", "liaison"))]),
        ([table("israel", MIDDLE)], [table("palestine", ("needs-based", "joint", "raised", "liaison"))]),
    ]
    s = play(water, rounds)
    rep = skill_report(water, s)
    israel, palestine = rep.side("israel"), rep.side("palestine")
    assert israel.logrolls == 1
    assert israel.steps[0].kind == "fortunate"  # own +4.5 (-7.5 water, +12 crossings), Palestine +24.25
    assert palestine.logrolls == 0
    # Israel's round-2 step gave Palestine more; Palestine's next text (round 2) gave Israel more: 1 of 1.
    assert (palestine.reciprocity, palestine.reciprocity_chances) == (1.0, 1)
    # Palestine's round-2 step gave Israel more; Israel's round-3 text was the same: 0 of 1.
    assert (israel.reciprocity, israel.reciprocity_chances) == (0.0, 1)
    assert rep.result == "unfinished" and rep.joint_gain is None and rep.logrolling_index is None


def test_mediator_use_and_a_deal_on_the_mediators_text() -> None:
    """Confederation with the US mediating: Israel asks the mediator, the mediator tables a reference package, both
    principals accept it; the deal is the mediator's text."""
    from negotiator.model.registry import get_scenario

    conf = get_scenario("confederation")
    refs = [r for r in conf.packages if r.id != "status-quo" and len(r.options) == len(conf.issues)]
    text = tuple((i.id, refs[0].options[i.id]) for i in conf.issues)
    other = tuple((i.id, refs[-1].options[i.id]) for i in conf.issues)
    seats = ("israel", "palestine", "united-states")
    s = new_game(
        conf, GameSetup("confederation", tuple(SeatSetup(x, "human", None) for x in seats), 5, "hotseat")
    )
    for x in seats:
        s, _ = apply(s, EndTurn(x))
    for cmd in (
        AskMediator("israel", reason="Could you draft something on Jerusalem?"),
        TableProposal("israel", other),
        TableProposal("palestine", other),
        TableProposal("united-states", text),
    ):
        s, _ = apply(s, cmd)
    mediator_text = s.proposals[-1].id
    s, _ = apply(s, Accept("israel", mediator_text))
    s, _ = apply(s, EndTurn("israel"))
    s, _ = apply(s, Accept("palestine", mediator_text))
    assert s.phase == "signature"
    s, _ = apply(s, Sign("israel"))
    s, _ = apply(s, Sign("palestine"))
    rep = skill_report(conf, s)
    assert rep.side("israel").mediator_asks == 1 and rep.side("palestine").mediator_asks == 0
    assert rep.mediator_texts == 1
    assert rep.side("israel").mediator_texts_accepted == 1
    assert rep.deal_by_mediator and rep.deal == text
    assert rep.first_offer_by == "israel"
