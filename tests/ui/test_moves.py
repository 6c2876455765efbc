"""Every move through its dialog, checked in the model: reject naming issues, a public statement, a counter-proposal,
asking the mediator (flagship scenario), walking out after a confirmation; and loading a saved game from the list."""

from __future__ import annotations

from typing import Any

from PySide6.QtWidgets import QWidget

from tests.ui.helpers import Player


def begin(player: Player, scenario: str) -> None:
    w = player.w
    player.screen("start")
    w.start.new_game.select_scenario(scenario)
    player.click(w.start.new_game.start)
    player.screen("briefing")
    player.click(w.briefing.ready)
    player.screen("table")
    player.my_turn()


def to_first_answer(player: Player) -> Any:
    """End turns until a proposal by another delegation is open for you to answer."""
    w = player.w
    for _ in range(6):
        if w.table.actions_panel.chosen_proposal():
            return player.view().proposal(w.table.actions_panel.chosen_proposal())
        player.action("end_turn")
        player.my_turn()
    raise AssertionError("no proposal to answer")


def test_reject_statement_and_counter(player: Player) -> None:
    w = player.w
    begin(player, "water-and-crossings")
    prop = to_first_answer(player)
    # A statement: the chosen words go on the record and the publics hear them.
    player.action("statement")
    player.until(
        lambda: w.dialog is not None and w.dialog.objectName() == "statement-dialog" and w.dialog.isVisible()
    )
    dlg = w.dialog
    dlg.list.setCurrentRow(2)
    text_id, tone = dlg.choice()
    dlg.accept()
    player.until(lambda: any(e.kind == "statement" and e.ref == text_id for e in player.view().transcript))
    assert "statement" in player.view().turn_used
    assert not w.table.actions_["statement"].isEnabled()  # one statement per turn
    # Reject naming two issues.
    player.action("reject")
    player.until(
        lambda: w.dialog is not None and w.dialog.objectName() == "reject-dialog" and w.dialog.isVisible()
    )
    dlg = w.dialog
    for issue, box in dlg.boxes.items():
        box.setChecked(issue in ("water", "crossings"))
    dlg.reason.setText("Not on these terms.")
    dlg.accept()
    player.until(lambda: player.view().proposal(prop.id).rejected_by)
    seat, reasons = player.view().proposal(prop.id).rejected_by[0]
    assert seat == "israel" and set(reasons) == {"water", "crossings"}
    assert any("rejected" in t and "Not on these terms." in t for t in w.table.history.visible_texts())
    # Counter the next proposal: the package built goes on the table, and the issues changed are the objections.
    player.action("end_turn")
    player.my_turn()
    prop = to_first_answer(player)
    player.action("counter")
    player.until(lambda: w.builder is not None)
    b = w.builder
    assert b.answering is not None and b.answering.id == prop.id
    assert b.package() == dict(prop.package)  # starts from the proposal answered
    player.click(b.findChild(QWidget, "opt-crossings-civilian"))
    drafted = b.package()
    player.click(b.table_button)
    player.my_turn()
    v = player.view()
    mine = [p for p in v.proposals if p.by == "israel"][-1]
    assert dict(mine.package) == drafted
    rejected = dict(v.proposal(prop.id).rejected_by)["israel"]
    assert set(rejected) == {i for i, o in drafted.items() if dict(prop.package)[i] != o}


def test_ask_the_mediator_and_walk_out(player: Player) -> None:
    w = player.w
    w.moves.confirm = lambda parent, signatory: True  # the player answers Yes in the confirmation box
    begin(player, "confederation")
    assert w.table.actions_["mediator"].isEnabled()
    player.action("mediator")
    player.until(
        lambda: w.dialog is not None and w.dialog.objectName() == "note-dialog" and w.dialog.isVisible()
    )
    w.dialog.text.setText("We need security to be credible.")
    w.dialog.accept()
    player.until(lambda: any(e.kind == "ask-mediator" for e in player.view().transcript))
    notes = [e for e in player.view().transcript if e.kind == "ask-mediator-note"]
    assert notes and notes[0].reason == "We need security to be credible." and "israel" in notes[0].audience
    assert w.controller.game.session.view("palestine").transcript == tuple(
        e for e in w.controller.game.session.view("palestine").transcript if e.kind != "ask-mediator-note"
    )
    player.action("walk_out")
    player.until(lambda: player.view().phase == "outcome")
    assert player.view().outcome.result == "walkout"
    player.screen("debrief")
    player.until(lambda: w.debrief_data is not None)
    assert w.debrief_data.result == "walkout"


def test_load_a_saved_game_from_the_list(player: Player) -> None:
    w = player.w
    begin(player, "water-and-crossings")
    game_id = w.controller.game.session.game_id
    player.action("end_turn")
    player.my_turn()
    moves = len(w.controller.game.session.commands)
    w.go_start()
    player.screen("start")
    player.click(w.start.load_button)
    player.until(
        lambda: w.dialog is not None and w.dialog.objectName() == "load-dialog" and w.dialog.isVisible()
    )
    dlg = w.dialog
    ids = [dlg.list.item(k).data(256) for k in range(dlg.list.count())]
    assert game_id in ids
    assert "Water and Crossings" in dlg.list.item(ids.index(game_id)).text()
    dlg.list.setCurrentRow(ids.index(game_id))
    dlg.accept()
    player.screen("table")
    player.my_turn()
    assert w.controller.game.session.game_id == game_id and len(w.controller.game.session.commands) == moves


def test_a_third_party_seat_pledges_side_terms(player: Player) -> None:
    """Hot-seat with a person at the United States seat: only that seat sees Pledge, and the pledge is in the model."""
    w = player.w
    player.screen("start")
    ng = w.start.new_game
    ng.select_scenario("confederation")
    player.click(ng.hotseat)
    for row in ng.rows:
        row.who.setCurrentIndex(
            row.who.findData("human" if row.delegation.id in ("israel", "united-states") else "bot")
        )
    player.click(ng.start)

    def next_stop() -> bool:
        if w.current_screen in ("handover", "briefing"):
            return True
        v = w.controller.view() if w.controller else None
        return bool(w.current_screen == "table" and v and v.my_turn and not w.controller.bot_running)

    for _ in range(12):  # briefings and hand-overs until the US has its first turn in round 1
        player.until(next_stop)
        if w.current_screen == "handover":
            player.click(w.handover.ready)
        elif w.current_screen == "briefing":
            player.click(w.briefing.ready)
        else:
            player.idle()
            v = player.view()
            if v.seat == "united-states" and v.phase == "rounds":
                break
            assert not w.table.actions_panel.buttons["pledge"].isVisible()  # Israel: no pledge button
            player.action("end_turn")
    v = player.view()
    assert v.seat == "united-states" and w.table.actions_panel.buttons["pledge"].isVisible()
    player.action("pledge")
    player.until(
        lambda: w.dialog is not None and w.dialog.objectName() == "pledge-dialog" and w.dialog.isVisible()
    )
    dlg = w.dialog
    dlg.to.setCurrentIndex(dlg.to.findData("palestine"))
    dlg.kind.setCurrentIndex(dlg.kind.findData("side-payment"))
    dlg.points.setValue(4)
    dlg.accept()
    player.until(lambda: player.view().side_terms)
    term = player.view().side_terms[-1]
    assert (term.by, term.beneficiary, term.kind, term.points) == (
        "united-states",
        "palestine",
        "side-payment",
        4.0,
    )
    assert abs(player.view().side_terms_left - (v.side_terms_left - 4.0)) < 1e-9
