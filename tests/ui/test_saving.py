"""When the game cannot be saved (the save folder cannot be opened, or the disk fills mid-game) the player is told
once, clearly, the game goes on in memory, and choosing another place saves it there."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from negotiator.game.commands import EndTurn
from negotiator.game.setup import GameSetup, SeatSetup
from negotiator.model.registry import get_scenario
from negotiator.session.errors import StorageUnavailable
from negotiator.session.local import LocalGame
from negotiator.session.ports import MemoryStorage
from negotiator.session.session import Session
from tests.ui.helpers import Player


class FillingDisk(MemoryStorage):
    """Accepts the first few commands, then fails as a full disk would."""

    def __init__(self, room: int) -> None:
        super().__init__("/media/usb/negotiator.db")
        self.room = room

    def append_command(self, game_id: str, record: Any, progress: Any, checkpoint: Any) -> None:
        if record.index >= self.room:
            raise StorageUnavailable.one(self.where, "the disk is full", "free some space or save elsewhere")
        super().append_command(game_id, record, progress, checkpoint)


def test_disk_fills_mid_game(player: Player, tmp_path: Path) -> None:
    w = player.w
    sc = get_scenario("water-and-crossings")
    setup = GameSetup(
        sc.id, (SeatSetup("israel", "human"), SeatSetup("palestine", "bot", "pragmatist")), 2, "solo"
    )
    # Write-behind, as the window's games are saved: the failure arrives from the writer thread as a notice.
    w.attach(LocalGame(Session.start(sc, setup, storage=FillingDisk(room=3), write_behind=True)))
    player.screen("briefing")
    player.click(w.briefing.ready)
    player.screen("table")
    player.my_turn()
    player.action("end_turn")
    player.until(
        lambda: w.dialog is not None and w.dialog.objectName() == "not-saved-box" and w.dialog.isVisible()
    )
    assert "the disk is full" in w.dialog.text() and "Nothing is lost" in w.dialog.text()
    assert "NOT SAVED" in w.status_save.text() and "disk is full" in w.status_save.toolTip()
    w.dialog.reject()
    player.my_turn()  # the game goes on in memory
    moves = len(w.controller.game.session.commands)
    assert moves >= 4
    # The player picks another place: everything so far is written there and saving resumes.
    w.save_to(str(tmp_path / "elsewhere.db"))
    assert w.controller.game.session.save_status.saved and "✔" in w.status_save.text()
    from negotiator.store.database import SaveDatabase

    with SaveDatabase.open(tmp_path / "elsewhere.db", readonly=True) as db:
        assert len(db.load_game(w.controller.game.session.game_id).commands) == moves


def test_save_folder_that_cannot_be_opened(qtbot, settings, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    """No database at all: the game runs without storage and every place that reports saving says it is NOT saved,
    and why (not "saved" to a memory store); Continue still finds it; saving a copy elsewhere makes it saved."""
    from negotiator.app import AppServices
    from negotiator.ui.shell import MainWindow

    blocker = tmp_path / "not-a-folder"
    blocker.write_text("a file where the save folder should be", encoding="utf-8")
    services = AppServices(settings, str(blocker / "saves.db"))
    w = MainWindow(services, bot_delay_ms=0, animate=False)
    qtbot.addWidget(w)
    w.show()
    p = Player(qtbot, w)
    w.start.new_game.select_scenario("water-and-crossings")
    p.click(w.start.new_game.start)
    p.until(
        lambda: w.dialog is not None and w.dialog.objectName() == "not-saved-box" and w.dialog.isVisible()
    )
    assert "not-a-folder" in w.dialog.text()
    w.dialog.reject()
    status = w.controller.game.session.save_status
    assert not status.saved and status.where is None and "not being saved" in (status.problem or "")
    assert "NOT SAVED" in w.status_save.text()
    assert "not-a-folder" in w.status_save.toolTip() and "not being saved" in w.status_save.toolTip()
    p.screen("briefing")
    w.controller.submit(EndTurn("israel"))
    p.my_turn()
    assert player_view_round(w) == 1
    game_id, moves = w.controller.game.session.game_id, len(w.controller.game.session.commands)
    w.go_start()
    [listed] = [e for e in services.list_saves() if e.game_id == game_id]
    assert "NOT SAVED" in listed.detail  # the load list says it, too
    p.click(w.start.continue_button)  # the unsaved game is still there while the program runs
    p.until(lambda: w.controller is not None and w.controller.game.session.game_id == game_id)
    assert len(w.controller.game.session.commands) == moves and "NOT SAVED" in w.status_save.text()
    w.save_to(str(tmp_path / "elsewhere.db"))
    assert w.controller.game.session.save_status.saved and "✔" in w.status_save.text()
    assert services.problem == ""
    w.detach()


def player_view_round(w: Any) -> int:
    return int(w.controller.view().round)
