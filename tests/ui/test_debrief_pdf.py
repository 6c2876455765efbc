"""Save as PDF on the debrief screen (issue 15): the debrief and the player's own delegation report are written by
the printable reports' code from the finished game; the player's report holds its own material (its confidential
brief, its private note to the mediator) and none of the other delegations' confidential material, and the menu
offers no other delegation's report to a player."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtWidgets import QWidget

from negotiator.model.registry import get_scenario
from tests.ui.helpers import Player
from tests.ui.test_moves import begin

pypdf = pytest.importorskip("pypdf")
from tests.ui.test_report import fragments, pdf_text  # noqa: E402  (after the pypdf skip)

NOTE = "Our people need a credible security guarantee before anything else."


def _note_then_walk_out(player: Player) -> None:
    """Israel (the player) sends the mediator a private note, then walks out: the game is over."""
    w = player.w
    player.action("mediator")
    player.until(
        lambda: w.dialog is not None and w.dialog.objectName() == "note-dialog" and w.dialog.isVisible()
    )
    w.dialog.text.setText(NOTE)
    w.dialog.accept()
    player.until(lambda: any(e.kind == "ask-mediator" for e in player.view().transcript))
    player.action("walk_out")
    player.until(lambda: player.view().phase == "outcome")


def test_save_the_debrief_and_my_own_report_as_pdf(player: Player, tmp_path: Path) -> None:
    w = player.w
    w.moves.confirm = lambda parent, signatory: True
    begin(player, "confederation")
    flow = w.debriefing
    assert not w.debrief.pdf.isEnabled()  # nothing to print before the end
    _note_then_walk_out(player)
    player.screen("debrief")
    player.until(lambda: w.debrief_data is not None and w.debrief.pdf.isEnabled())

    # The menu: the debrief and the player's own report, no other delegation's.
    names = [a.objectName() for a in flow.pdf_menu.actions()]
    assert names == ["pdf-debrief-all", "pdf-seat-israel"]
    assert flow.report_seats() == ["israel"]
    assert flow.save_pdf("palestine", str(tmp_path / "p.pdf")) is None  # refused, said in one line
    assert not (tmp_path / "p.pdf").exists()
    box = w.findChild(QWidget, "error-box")
    assert box is not None
    box.close()

    mine = flow.save_pdf("israel", str(tmp_path / "israel.pdf"))
    debrief = flow.save_pdf(None, str(tmp_path / "debrief.pdf"))
    assert mine and debrief
    israel_text, debrief_text = pdf_text(Path(mine)), pdf_text(Path(debrief))

    conf = get_scenario("confederation")
    israel = conf.delegation("israel")
    for heading in ("Your outcome", "Your brief", "Confidential", "Your points", "Transcript"):
        assert heading in israel_text, heading
    assert fragments(israel.confidential_brief)[0] in israel_text  # its own material is there
    assert fragments(NOTE, 5)[0] in israel_text  # and its own private note
    for other in conf.delegations:
        if other.id == "israel":
            continue
        for secret in fragments(other.confidential_brief) + [
            f for r in other.red_lines for f in fragments(r.why)
        ]:
            assert secret not in israel_text, f"Israel's report leaks {other.id}'s {secret!r}"
            assert secret not in debrief_text, f"the debrief prints {other.id}'s confidential {secret!r}"
    for heading in ("Debrief:", "Outcome and scores", "The deal next to the historical plans", "Transcript"):
        assert heading in debrief_text, heading
    assert fragments(israel.confidential_brief)[0] not in debrief_text
    # The debrief a player keeps is its seat's copy: no other delegation's private lines or points (the trainer's
    # copy, with every channel, comes from the console or `negotiator report`).
    assert "as your delegation saw" in debrief_text
    assert "trainer's copy" not in debrief_text


def test_a_players_debrief_holds_no_other_seats_private_line(player: Player) -> None:
    """Palestine's copy of the debrief leaves out Israel's private note to the mediator, which the trainer's copy
    prints."""
    from negotiator.ui.report import debrief_document, seat_transcript, trainer_transcript

    w = player.w
    w.moves.confirm = lambda parent, signatory: True
    begin(player, "confederation")
    _note_then_walk_out(player)
    game = w.debriefing._finished_game()
    assert game is not None
    everyone, mine = trainer_transcript(game), seat_transcript(game, "palestine")
    # Israel's note to the mediator is private: Palestine's copy says Israel asked, not what it wrote
    assert any(NOTE[:30] in " ".join(row) for row in everyone)
    assert not any(NOTE[:30] in " ".join(row) for row in mine)
    text = debrief_document(game, seat="palestine").toPlainText()
    assert NOTE[:30] not in text
    assert NOTE[:30] in debrief_document(game).toPlainText()
