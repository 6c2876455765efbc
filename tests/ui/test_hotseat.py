"""Hot-seat: two people share the computer. Between their turns the hand-over screen hides the previous seat's
confidential information, and each person sees only their own brief and points."""

from __future__ import annotations

import pytest

from negotiator.model.registry import get_scenario
from tests.ui.helpers import Player

SCENARIO = "water-and-crossings"


def secrets(seat: str) -> list[str]:
    """Texts only ``seat`` may see: a line of its confidential brief and its points figure in the builder's tooltips."""
    d = get_scenario(SCENARIO).delegation(seat)
    first = " ".join(d.confidential_brief.split())[:60]
    return [first, f"Your walk-away value is {d.reservation_value:.0f} points"]


def start_hotseat(player: Player) -> None:
    w = player.w
    player.screen("start")
    ng = w.start.new_game
    ng.select_scenario(SCENARIO)
    player.click(ng.hotseat)
    seats = {r.delegation.id: r.seat().controller for r in ng.rows}
    assert seats == {"israel": "human", "palestine": "human"}
    player.click(ng.start)


# Played through the window with the seat-boundary tripwire armed: only seat channels and the public scenario.
pytestmark = pytest.mark.usefixtures("seat_boundary")


def test_hotseat_handover_hides_the_previous_seat(player: Player) -> None:
    w = player.w
    start_hotseat(player)
    assert w.controller.game.session.setup.mode == "hotseat"

    # First hand-over: nobody's secrets are on screen, only the next seat's name.
    player.screen("handover")
    shown = player.labels_text(w)
    assert "Pass the computer to: Israeli delegation" in shown
    for seat in ("israel", "palestine"):
        for secret in secrets(seat):
            assert secret not in shown
    player.click(w.handover.ready)
    player.screen("briefing")
    shown = player.labels_text(w)
    assert all(s in shown for s in secrets("israel"))
    assert not any(s in shown for s in secrets("palestine"))
    player.click(w.briefing.ready)

    # The turn passes to the other person: the hand-over screen again, with the table and brief hidden.
    player.screen("handover")
    assert w.stack.currentWidget() is w.handover and not w.table.isVisible() and not w.briefing.isVisible()
    shown = player.labels_text(w)
    assert "Pass the computer to: Palestinian delegation" in shown
    assert not any(s in shown for s in secrets("israel"))
    player.click(w.handover.ready)
    player.screen("briefing")
    shown = player.labels_text(w)
    assert all(s in shown for s in secrets("palestine"))
    assert not any(s in shown for s in secrets("israel"))
    player.click(w.briefing.ready)

    # Round 1: Israel's turn (after a hand-over); Israel tables a package.
    player.screen("handover")
    assert w.controller.pending_viewer == "israel"
    player.click(w.handover.ready)
    player.screen("table")
    assert player.view().seat == "israel" and player.view().my_turn
    player.action("propose")
    player.until(lambda: w.builder is not None)
    w.builder.set_package(
        {"water": "plus-25", "crossings": "civilian", "permits": "raised", "committee": "liaison"}
    )
    player.click(w.builder.table_button)

    # Palestine takes over and sees the proposal worth its own points, never Israel's.
    player.screen("handover")
    assert not any(s in player.labels_text(w) for s in secrets("israel"))
    player.click(w.handover.ready)
    player.screen("table")
    v = player.view()
    assert v.seat == "palestine" and v.my_turn
    # The last move is Israel's, made on Israel's confidential screen: Palestine cannot take it back.
    assert w.controller.game.session.can_undo and not w.table.actions_["undo"].isEnabled()
    p1 = v.proposal("p1")
    own = {i: dict(o) for i, o in v.own.points}
    assert (
        abs(
            p1.own_points
            - sum(
                w_ / sum(dict(v.own.priorities).values()) * own[i][o]
                for (i, o), (_, w_) in zip(p1.package, v.own.priorities, strict=True)
            )
        )
        < 1e-6
    )
    combo = w.table.actions_panel.proposals.currentText()
    assert f"worth {p1.own_points:.0f} to you" in combo
    israel_total = w.controller.game.session.view("israel").proposal("p1").own_points
    assert round(israel_total) != round(p1.own_points)  # so the check below can tell them apart
    assert f"worth {israel_total:.0f} to you" not in combo
    board = player.labels_text(w.table.issue_board)
    israel_water = get_scenario(SCENARIO).delegation("israel").points["water"]["plus-25"]
    assert israel_water != own["water"]["plus-25"]
    assert f"Worth {own['water']['plus-25']:.0f} of 100 points on this issue to you" in board
    assert f"Worth {israel_water:.0f} of 100" not in board

    # Palestine accepts: in the model the proposal is agreed, both must now sign, each after a hand-over.
    player.action("accept")
    player.until(lambda: w.controller.game.session.view("palestine").phase == "signature")
    assert w.controller.game.session.view("palestine").agreed == "p1"
    player.screen("handover")
    player.click(w.handover.ready)
    player.screen("table")
    assert player.view().seat == "israel"
    player.action("sign")
    player.screen("handover")
    player.click(w.handover.ready)
    player.until(lambda: w.current_screen == "table" and player.view().seat == "palestine")
    player.action("sign")
    player.screen("ratification")
    player.click(w.ratification.next)
    player.screen("debrief")
    player.until(lambda: w.debrief_data is not None)
    assert w.debrief_data.result == "ratified"
