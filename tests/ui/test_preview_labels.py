"""The offer builder's preview says what it means: the points label never runs across the walk-away line, and the
ratification line says when a side has no vote instead of claiming a 100% chance."""

from __future__ import annotations

import pytest

from negotiator.game.setup import GameSetup, SeatSetup
from negotiator.model.registry import get_scenario
from negotiator.session.session import Session
from negotiator.ui.offer_builder import OfferBuilder, ratification_words
from negotiator.ui.widgets import PointsBar
from tests.ui.helpers import plain


@pytest.mark.parametrize("width", [300, 440, 620])
def test_points_label_clears_the_walk_away_line(qtbot, width: int) -> None:  # type: ignore[no-untyped-def]
    bar = PointsBar()
    qtbot.addWidget(bar)
    bar.resize(width, 32)
    for walk in range(0, 101, 4):
        for points in (3.0, 35.0, 64.0, 99.0):
            bar.set_value(points, float(walk), "Your points")
            text, rect, backed = bar.text_layout()
            x = bar.marker_x()
            assert x is not None
            assert not backed, (width, walk, points)  # even a narrow bar finds a free place for the words
            assert not rect.left() - 2 <= x <= rect.right() + 2, (width, walk, points, text)
            assert rect.left() >= 0 and rect.right() <= width
            # The verdict is always on the bar (in words where there is room, as a mark otherwise).
            assert ("✔" in text) == (points >= walk) and ("✖" in text) == (points < walk)
    bar.set_value(99.0, 64.0, "Your points")
    if width >= 440:
        assert "above walk-away" in bar.text_layout()[0]  # the full wording when it fits
    bar.grab()  # paints without error


def _builder(qtbot, scenario_id: str, seat: str) -> OfferBuilder:  # type: ignore[no-untyped-def]
    sc = get_scenario(scenario_id)
    others = [d.id for d in sc.delegations if d.id != seat]
    setup = GameSetup(
        sc.id, (SeatSetup(seat, "human"), *(SeatSetup(o, "bot", "pragmatist") for o in others)), 1, "solo"
    )
    session = Session.start(sc, setup, storage=None)
    b = OfferBuilder(sc, session.view(seat))
    qtbot.addWidget(b)
    qtbot.waitUntil(lambda: b.runner.idle and b.reaction is not None, timeout=20_000)
    return b


def test_teaching_scenario_says_there_is_no_vote(qtbot) -> None:  # type: ignore[no-untyped-def]
    b = _builder(qtbot, "water-and-crossings", "israel")
    words = plain(b.ratify_words.text())
    assert "no ratification vote in this scenario" in words.lower()
    assert "%" not in words and b.reaction is not None and b.reaction.ratify is None


def test_flagship_gives_the_knesset_chance_and_third_parties_have_none() -> None:
    sc = get_scenario("confederation")
    words, tip = ratification_words(sc, "israel", 0.42)
    assert "Knesset" in words and "42%" in words and tip
    words, _ = ratification_words(sc, "palestine", 0.07)
    assert "referendum" in words and "7%" in words
    words, _ = ratification_words(sc, "united-states", None)
    assert "no ratification vote at home" in words and "%" not in words
