"""A whole solo game of the teaching scenario, played with the mouse through the real widgets, checking the game (the
seat's view) and what the screen shows at every stage, to the debrief and its printable export."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtWidgets import QWidget

from negotiator.engine import compile_scenario
from negotiator.model.registry import get_scenario
from tests.ui.helpers import Player

SCENARIO = "water-and-crossings"
OFFER = {"water": "plus-25", "crossings": "civilian", "permits": "raised", "committee": "liaison"}


def start_solo(player: Player, seat: str = "israel") -> None:
    w = player.w
    player.screen("start")
    ng = w.start.new_game
    ids = [ng.scenario_list.item(k).data(256) for k in range(ng.scenario_list.count())]
    assert SCENARIO in ids
    ng.scenario_list.setCurrentRow(ids.index(SCENARIO))
    assert "Water and Crossings" in ng.description.toPlainText()
    ng.you.setCurrentIndex(ng.you.findData(seat))
    player.click(ng.start)
    player.screen("briefing")


# Played through the window with the seat-boundary tripwire armed: only seat channels and the public scenario.
pytestmark = pytest.mark.usefixtures("seat_boundary")


def test_solo_game_with_the_mouse_to_the_debrief(player: Player, tmp_path: Path) -> None:
    w = player.w
    start_solo(player)
    scenario = get_scenario(SCENARIO)
    israel = scenario.delegation("israel")

    # Briefing: the seat's own confidential brief, its red line and its walk-away value, in words.
    v = player.view()
    assert v.seat == "israel" and v.phase == "briefing"
    shown = player.labels_text(w.briefing)
    assert "binding joint body" in shown  # from Israel's confidential brief
    assert "Water is what your public will judge you on" not in shown  # Palestine's confidential brief
    assert "Your walk-away value is 68 points" in shown
    assert "never Jointly staffed terminals" in shown
    player.click(w.briefing.ready)
    player.screen("table")
    player.my_turn()
    v = player.view()
    assert v.phase == "rounds" and v.round == 1
    assert "Round 1 of 6" in w.table.actions_panel.round_label.text()
    assert w.table.issue_board.table.rowCount() == 4

    # Build an offer option by option and watch the preview follow.
    player.action("propose")
    player.until(lambda: w.builder is not None)
    b = w.builder
    for issue, option in OFFER.items():
        player.click(b.findChild(QWidget, f"opt-{issue}-{option}"))
    comp = compile_scenario(scenario, ["israel"])
    expected = comp.score_one(OFFER)["israel"]
    assert b.own_bar.points is not None and abs(b.own_bar.points - expected) < 1e-6
    assert f"{expected:.1f}" in b.own_words.text()
    assert "above" in b.own_words.text()
    assert "Two states, separated" in b.paradigm.text()
    player.until(lambda: b.reaction is not None and dict(b.reaction.package) == OFFER)
    shown_pct = b.reaction_texts()
    real = {r.group: r.support for r in b.reaction.rows}
    assert shown_pct["israeli_public"] == f"{real['israeli_public']:.0f}%"
    b.reason.setText("More water from new supply, civilian crossings.")
    player.click(b.table_button)
    player.until(lambda: w.builder is None)

    # The model has the package, the board and the log show it, and the AI answered.
    player.my_turn()
    v = player.view()
    mine = v.proposal("p1")
    assert mine.by == "israel" and dict(mine.package) == OFFER
    rows = {r.issue_id: r for r in w.table.issue_board.rows}
    assert rows["water"].mine == "A quarter more for Palestinians"
    col = [w.table.issue_board.cell_text(k, 2) for k in range(4)]
    assert "Civilian terminals" in col
    assert any("tabled p1" in t for t in w.table.history.visible_texts())
    assert (
        any(p.by == "palestine" for p in v.proposals) or mine.rejected_by or "palestine" in mine.accepted_by
    )

    # Play on with the mouse: accept a proposal above the walk-away, otherwise end the turn; sign when asked.
    for _ in range(40):
        v = player.view()
        if v.phase in ("ratification", "outcome"):
            break
        if v.phase == "signature":
            player.action("sign")
        else:
            pid = w.table.actions_panel.chosen_proposal()
            p = v.proposal(pid) if pid else None
            if p is not None and p.own_points is not None and p.own_points >= israel.reservation_value:
                player.action("accept")
            else:
                player.action("end_turn")
        player.my_turn()
    v = player.view()
    assert v.phase == "outcome" and v.outcome is not None
    if v.ratification:
        player.screen("ratification")
        player.click(w.ratification.next)
    player.screen("debrief")
    player.until(lambda: w.debrief_data is not None)
    d = w.debrief_data
    assert d.result == v.outcome.result
    assert abs(d.final_points["israel"] - v.outcome.own_points) < 1e-6
    assert len(d.frontier) > 0 and d.nash is not None and d.ks is not None
    text = player.labels_text(w.debrief)
    assert f"{v.outcome.own_points:.1f}" in text
    assert "Pareto frontier" in text
    out = Path(w.export_debrief_to(str(tmp_path / "debrief")))
    html = out.read_text(encoding="utf-8")
    assert out.suffix == ".html"
    assert html.count("<img") == 3 and "Kalai-Smorodinsky" in html and "Transcript" in html
    assert "Needs-based sharing" in html or "Today's quotas" in html  # the historical comparison table


def test_undo_takes_back_the_offer_and_the_answer(player: Player) -> None:
    w = player.w
    start_solo(player)
    player.click(w.briefing.ready)
    player.screen("table")
    player.my_turn()
    player.action("propose")
    player.until(lambda: w.builder is not None)
    player.click(w.builder.table_button)
    player.my_turn()
    assert any(p.by == "israel" for p in player.view().proposals)
    assert w.table.actions_["undo"].isEnabled()
    player.action("undo")
    player.my_turn()
    v = player.view()
    assert not v.proposals and v.round == 1 and v.my_turn
    assert all(r.mine == "—" for r in w.table.issue_board.rows)


def test_continue_reloads_the_same_game_from_the_save(player: Player) -> None:
    w = player.w
    start_solo(player)
    player.click(w.briefing.ready)
    player.my_turn()
    player.action("end_turn")
    player.my_turn()
    game_id, moves = w.controller.game.session.game_id, len(w.controller.game.session.commands)
    text_before = player.labels_text(w.table.history)
    w.go_start()
    player.screen("start")
    assert w.start.continue_button.isEnabled()
    player.click(w.start.continue_button)
    player.screen("table")
    player.my_turn()
    assert w.controller.game.session.game_id == game_id and len(w.controller.game.session.commands) == moves
    assert player.labels_text(w.table.history) == text_before
