"""The classroom screens, offscreen: hosting a class from the window (room code, QR code, tokens, seat cards as a
PDF), and a student's window joining a table on a host and playing a move through its remote seat."""

from __future__ import annotations

import os
import signal
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from negotiator.game.commands import EndTurn
from negotiator.net.host import ClassHost
from negotiator.session.ports import MemoryStorage
from tests.net.conftest import HostFactory
from tests.net.test_host import _wait, tokens

pytestmark = pytest.mark.gui
SHOTS = os.environ.get("NEGOTIATOR_SHOTS")  # a folder: save screenshots there to look at them


def shot(widget, name: str) -> None:  # type: ignore[no-untyped-def]
    if SHOTS:
        Path(SHOTS).mkdir(parents=True, exist_ok=True)
        widget.grab().save(str(Path(SHOTS) / f"{name}.png"))


@pytest.fixture
def window(qtbot, tmp_path: Path) -> Iterator[object]:  # type: ignore[no-untyped-def]
    from negotiator.app import AppServices
    from negotiator.ui.settings import AppSettings
    from negotiator.ui.shell import MainWindow

    services = AppServices(AppSettings(tmp_path / "settings.ini"), str(tmp_path / "saves.db"))
    w = MainWindow(services, bot_delay_ms=0, animate=False)
    qtbot.addWidget(w)
    w.resize(1280, 800)
    w.show()
    qtbot.waitExposed(w)
    yield w
    w.detach()
    w.pool.wait(5000)


def test_hosting_a_class_shows_how_to_join_and_prints_seat_cards(qtbot, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    from negotiator.net.client import RemoteSeat
    from negotiator.ui.classroom import HostClassDialog, read_join_link

    dlg = HostClassDialog(lambda: MemoryStorage(), bind="127.0.0.1", port=0, saves_dir=tmp_path)
    qtbot.addWidget(dlg)
    dlg.show()
    index = dlg.scenario.findData("water-and-crossings")
    dlg.scenario.setCurrentIndex(index)
    dlg.tables.setValue(2)
    dlg.seat_checks["palestine"].setChecked(False)  # palestine played by the AI
    shot(dlg, "host-class-setup")
    assert dlg.open_class()
    try:
        room = dlg.room
        assert dlg.code_label.text() == f"Room {room.code}"
        assert not dlg.qr_label.pixmap().isNull()
        html = dlg.tokens_view.toHtml()
        assert all(tok in html for t in room.tables for tok in t.seats.values())
        assert dlg.tokens_view.isHidden()  # a projected screen shows the room code, not the seats' tokens
        dlg.show_tokens.setChecked(True)
        assert dlg.tokens_view.isVisible()
        assert all(set(t.seats) == {"israel"} for t in room.tables)
        shot(dlg, "host-class-running")
        pdf = dlg.write_seat_cards(tmp_path / "cards.pdf")
        assert pdf.read_bytes()[:5] == b"%PDF-" and pdf.stat().st_size > 2000
        cards = dlg.seat_cards_html()
        assert cards.count("data:image/png;base64,") == 2  # one QR per seat card
        # the host is live: a seat card's token joins
        seat = RemoteSeat(dlg.host.url, room.tables[1].seats["israel"], reconnect=False).connect()
        assert seat.seat == "israel" and seat.table == 2
        seat.close()
        link = read_join_link(f"negotiator://join?host={dlg.host.url}&room={room.code}&token=ABCD")
        assert link is not None and link.room == room.code and link.token == "ABCD"
    finally:
        dlg.close_class()
    assert dlg.host is None


def test_a_class_hosted_from_the_app_resumes_headless(qtbot, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    """ "Host a class" keeps the room file `negotiator host` keeps (classes/CODE.json by the saves): after the app's
    class is closed, `negotiator host --resume` brings back every table at its stored move, with the same tokens,
    and the trainer's hand-over of a seat with it."""
    from negotiator.net.client import RemoteSeat
    from negotiator.net.room import Room
    from negotiator.store.database import SaveDatabase
    from negotiator.ui.classroom import HostClassDialog
    from tests.net.test_restart import start_host

    db = tmp_path / "class.db"
    dlg = HostClassDialog(lambda: SaveDatabase.open(db), bind="127.0.0.1", port=0, saves_dir=tmp_path)
    qtbot.addWidget(dlg)
    dlg.scenario.setCurrentIndex(dlg.scenario.findData("water-and-crossings"))
    dlg.tables.setValue(2)
    assert dlg.open_class()
    room = dlg.room
    try:
        assert dlg.room_file == tmp_path / "classes" / f"{room.code}.json"
        assert Room.load(dlg.room_file) == room
        tokens = room.tables[0].seats
        seats = {s: RemoteSeat(dlg.host.url, t, s, reconnect=False).connect() for s, t in tokens.items()}
        turn = seats["israel"].view().whose_turn
        assert seats[turn].submit(EndTurn(turn), based_on=0).move == 1
        for seat in seats.values():
            seat.close()
        dlg.host.hand_over(2, "palestine", True, "hard-liner", "the trainer")
        _wait(lambda: Room.load(dlg.room_file).tables[1].handed_to_ai == {"palestine": "hard-liner"})
    finally:
        dlg.close_class()
    proc, info = start_host(
        "--resume", str(tmp_path / "classes" / f"{room.code}.json"), "--port", "0", "--db", str(db)
    )
    try:
        assert info["room"] == room.code and info["trainer"] == room.trainer
        assert [t["seats"] for t in info["tables"]] == [t.seats for t in room.tables]
        again = RemoteSeat(info["url"], room.tables[0].seats["palestine"], reconnect=False).connect()
        assert again.move == 1 and again.game_id == room.tables[0].game_id
        again.close()
    finally:
        proc.send_signal(signal.SIGTERM)
        proc.communicate(timeout=20)
    assert proc.returncode == 0


def test_a_student_joins_a_table_and_plays_a_move(qtbot, window, make_host: HostFactory) -> None:  # type: ignore[no-untyped-def]
    from negotiator.net.classroom import table_setup
    from negotiator.session.local import LocalGame
    from negotiator.session.session import Session
    from negotiator.ui.classroom import JoinClassDialog, attach_remote

    host = make_host(1, human=("israel",))
    session = host.tables[1].session
    w = window
    assert w.start.join_class_button.isEnabled() and w.start.host_class_button.isEnabled()
    shot(w, "start-with-class-buttons")
    dlg = JoinClassDialog(w)
    dlg.game_did_join.connect(lambda g: attach_remote(w, g))  # as the app's Join a class does
    qtbot.addWidget(dlg)
    dlg.address.setText(host.url.removeprefix("ws://"))
    dlg.room.setText("WRONG1")
    dlg.token.setText(tokens(host)["israel"])
    dlg.name.setText("Dana")
    assert dlg.join() is None
    assert "not WRONG1" in dlg.problem.text()
    dlg.room.setText(host.room.code.lower())
    dlg.show()
    shot(dlg, "join-class")
    game = dlg.join()
    assert game is not None and w.controller is not None
    try:
        c = w.controller
        qtbot.waitUntil(lambda: c.view() is not None, timeout=5000)
        assert c.view() == session.view("israel")
        # the briefing: the student reads it and ends the turn, through the remote seat
        assert c.submit(__import__("negotiator.game.commands", fromlist=["EndTurn"]).EndTurn("israel"))
        qtbot.waitUntil(lambda: len(session.commands) >= 1, timeout=5000)
        qtbot.waitUntil(lambda: c.view() is not None and c.view().move >= 1, timeout=5000)
        w.show_screen("table")
        qtbot.wait(50)
        shot(w, "student-table")
        assert not c.can_undo
        # no undo at a class table: no Undo button or menu entry at all (not one always greyed out)
        assert w.table.actions_panel.buttons["undo"].isHidden() and not w.table.actions_["undo"].isVisible()
    finally:
        w.detach()
        game.close()
    # a game on this computer has its Undo again
    solo = session.scenario
    w.attach(LocalGame(Session.start(solo, table_setup(solo, 1, {"israel"}, {}), storage=None)))
    w.table.update_actions()
    assert not w.table.actions_panel.buttons["undo"].isHidden() and w.table.actions_["undo"].isVisible()
    w.detach()


def test_two_windows_play_one_table_through_the_host(qtbot, tmp_path: Path, make_host: HostFactory) -> None:  # type: ignore[no-untyped-def]
    """Two students' windows (two app instances, here in one process) play the two seats of one table."""
    from negotiator.app import AppServices
    from negotiator.game.commands import EndTurn
    from negotiator.ui.classroom import JoinClassDialog
    from negotiator.ui.settings import AppSettings
    from negotiator.ui.shell import MainWindow

    host = make_host(1)
    session = host.tables[1].session
    windows, games = {}, []
    try:
        for seat in ("israel", "palestine"):
            services = AppServices(AppSettings(tmp_path / f"{seat}.ini"), str(tmp_path / f"{seat}.db"))
            w = MainWindow(services, bot_delay_ms=0, animate=False)
            qtbot.addWidget(w)
            w.resize(1280, 800)
            w.show()
            dlg = JoinClassDialog(w)
            qtbot.addWidget(dlg)
            dlg.game_did_join.connect(w.attach)
            dlg.address.setText(host.url)
            dlg.room.setText(host.room.code)
            dlg.token.setText(tokens(host)[seat])
            dlg.name.setText(f"student at {seat}")
            game = dlg.join()
            assert game is not None
            games.append(game)
            windows[seat] = w
        for expected in (1, 2, 3):
            turn = session.whose_turn()
            assert turn in windows
            c = windows[turn].controller
            qtbot.waitUntil(
                lambda c=c, e=expected: c.view() is not None and c.view().move == e - 1, timeout=5000
            )
            assert c.submit(EndTurn(turn))
            for w in windows.values():  # each window shows its own seat's view of the new move
                qtbot.waitUntil(lambda w=w, e=expected: w.controller.view().move == e, timeout=5000)
        for seat, w in windows.items():
            assert w.controller.view() == session.view(seat)
        windows["palestine"].show_screen("table")
        qtbot.wait(50)
        shot(windows["palestine"], "second-student-table")
    finally:
        for w in windows.values():
            w.detach()
        for game in games:
            game.close()


def test_a_remote_game_draws_the_same_publics_as_the_host(make_host: HostFactory, clients) -> None:  # type: ignore[no-untyped-def]
    import numpy as np

    from negotiator.net.remote_game import RemoteGame

    host = make_host()
    game = RemoteGame(clients(host.url, tokens(host)["israel"]).connect())
    mine = game.publics.opinion
    theirs = host.tables[1].session.state.ctx.runtime.publics.opinion
    assert mine.state == theirs.state and len(mine.people) == len(theirs.people)
    for a, b in zip(mine.people, theirs.people, strict=True):
        assert np.array_equal(a.values, b.values) and np.array_equal(a.weights, b.weights)
        assert np.array_equal(a.disposition, b.disposition) and np.array_equal(a.taboo, b.taboo)


def test_a_joined_table_is_not_the_last_game_and_closing_the_window_leaves_cleanly(  # type: ignore[no-untyped-def]
    qtbot, window, make_host: HostFactory
) -> None:
    from negotiator.ui.classroom import open_join_dialog

    host = make_host(1, human=("israel",))
    w = window
    w.settings.last_game = "a-local-game"  # Continue reopens a game from this computer's saves
    dlg = open_join_dialog(w)  # the window's own path: Join a class on the start screen
    dlg.address.setText(host.url)
    dlg.room.setText(host.room.code)
    dlg.token.setText(tokens(host)["israel"])
    game = dlg.join()
    assert game is not None and w.controller is not None and w.controller.game is game
    assert w.settings.last_game == "a-local-game"  # the host's table is not in this computer's saves
    seat = game.channel
    assert host.connection_count() == 1
    w.close()  # the window closing detaches the game, which leaves the class
    assert seat.close_code == 1000 and not seat.connected
    qtbot.waitUntil(lambda: host.connection_count() == 0, timeout=3000)


def test_the_app_joins_a_headless_host_in_another_process(qtbot, window, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    """Two processes over 127.0.0.1: ``negotiator host`` in a child process, this process the student's app (the
    Join a class dialog, the window, its RemoteGame). Moves go both ways: the window's move reaches the other seat
    as a notice, the other seat's move reaches the window as a notice; then the window closes and the host stops
    cleanly with every move stored."""
    import signal

    from negotiator.game.commands import EndTurn
    from negotiator.net.client import RemoteSeat
    from negotiator.session.notices import SeatNotice
    from negotiator.store.database import SaveDatabase
    from negotiator.ui.classroom import open_join_dialog
    from tests.net.test_restart import start_host

    db = tmp_path / "class.db"
    proc, info = start_host(
        "-s", "water-and-crossings", "--port", "0", "--db", str(db), "--room", str(tmp_path / "room.json")
    )
    other = None
    try:
        seats = info["tables"][0]["seats"]
        w = window
        dlg = open_join_dialog(w)
        dlg.address.setText(info["url"].removeprefix("ws://"))
        dlg.room.setText(info["room"])
        dlg.token.setText(seats["israel"])
        dlg.name.setText("Dana")
        assert dlg.join() is not None
        c = w.controller
        mine: list[SeatNotice] = []
        c.notice_did_arrive.connect(mine.append)  # delivered on the GUI thread, like a local game's
        other = RemoteSeat(info["url"], seats["palestine"], "Lina").connect()
        theirs: list[SeatNotice] = []
        other.subscribe(theirs.append)
        qtbot.waitUntil(lambda: c.view() is not None, timeout=5000)
        for move in (1, 2, 3):
            turn = c.view().whose_turn
            if turn == "israel":  # the window moves; the other seat hears of it
                assert c.submit(EndTurn("israel"))
                qtbot.waitUntil(lambda m=move: any(n.view.move == m for n in theirs), timeout=5000)
                assert other.view().move == move and other.view().whose_turn != "israel"
            else:  # the other seat moves; the window hears of it and shows it
                other.submit(EndTurn("palestine"), based_on=other.move, timeout=5)
                qtbot.waitUntil(lambda m=move: any(n.view.move == m for n in mine), timeout=5000)
            qtbot.waitUntil(lambda m=move: c.view().move == m, timeout=5000)
        assert {n.view.seat for n in mine} == {"israel"} and {n.view.seat for n in theirs} == {"palestine"}
        w.show_screen("table")
        qtbot.wait(50)
        shot(w, "student-table-two-processes")
        seat = w.controller.game.channel
        w.close()
        assert seat.close_code == 1000
    finally:
        if other is not None:
            other.close()
        proc.send_signal(signal.SIGTERM)
        _, err = proc.communicate(timeout=30)
    assert proc.returncode == 0, err
    with SaveDatabase.open(db, readonly=True) as store:
        assert len(store.load_game(info["tables"][0]["game_id"]).commands) == 3


@pytest.mark.parametrize("lang", ["he", "ar"])
def test_the_class_dialogs_read_in_the_window_language(qtbot, lang: str) -> None:  # type: ignore[no-untyped-def]
    """Host a class and Join a class in Hebrew and Arabic: titles, form labels, buttons, the running panel, the
    tokens, the seat cards and the join problems, with codes and tokens kept whole; a switch back re-renders them."""
    from PySide6.QtWidgets import QLabel

    from negotiator.ui import language
    from negotiator.ui.classroom import HostClassDialog, JoinClassDialog

    letters = range(0x0590, 0x0600) if lang == "he" else range(0x0600, 0x0700)

    def native(text: str) -> bool:
        return any(ord(c) in letters for c in text)

    language.set_language(lang)
    try:
        host = HostClassDialog(lambda: MemoryStorage(), bind="127.0.0.1", port=0)
        qtbot.addWidget(host)
        host.scenario.setCurrentIndex(host.scenario.findData("water-and-crossings"))
        labels = [w.text() for w in host.findChildren(QLabel) if w.text()]
        assert labels and all(native(t) for t in labels), labels
        assert native(host.windowTitle()) and native(host.open_button.text())
        assert all(native(host.persona.itemText(k)) for k in range(host.persona.count()))
        assert all(native(c.text()) for c in host.seat_checks.values())
        assert native(host.scenario.currentText())
        assert host.open_class()
        try:
            room = host.room
            assert native(host.code_label.text()) and room.code in host.code_label.text()
            assert native(host.address_label.text()) and "Address" not in host.address_label.text()
            tokens_html = host.tokens_view.toHtml()
            assert room.trainer in tokens_html and "Trainer token" not in tokens_html
            cards = host.seat_cards_html()
            assert "Seat token" not in cards and "Room code" not in cards and native(cards)
            assert all(tok in cards for t in room.tables for tok in t.seats.values())
            assert native(host.close_button.text()) and native(host.show_tokens.text())
        finally:
            host.close_class()

        join = JoinClassDialog()
        qtbot.addWidget(join)
        assert (
            native(join.windowTitle())
            and native(join.join_button.text())
            and native(join.name.placeholderText())
        )
        assert join.join() is None and native(
            join.problem.text()
        )  # nothing typed: asks for all three in words
        join.address.setText("127.0.0.1:1")
        assert join.join() is None and native(join.problem.text())
        language.set_language("en")
        assert join.windowTitle() == "Join a class" and join.join_button.text() == "&Join"
    finally:
        language.set_language("en")


def test_host_a_class_sets_every_tables_timer_and_prints_the_class_lists_names(
    qtbot, tmp_path: Path, monkeypatch
) -> None:  # type: ignore[no-untyped-def]
    """The app's "Host a class" has the rest of a class's setup: a turn timer for every table (a trainer's command
    in each table's log, and the console still opens with control afterwards) and a class list whose names go on
    the seat cards; a bad list or a warning after the time is up is said in one line and opens nothing."""
    from negotiator.ui.classroom import HostClassDialog

    dlg = HostClassDialog(lambda: MemoryStorage(), bind="127.0.0.1", port=0, saves_dir=tmp_path)
    qtbot.addWidget(dlg)
    dlg.scenario.setCurrentIndex(dlg.scenario.findData("water-and-crossings"))
    dlg.tables.setValue(2)
    dlg.seat_checks["palestine"].setChecked(False)
    bad = tmp_path / "bad.csv"
    bad.write_text("name,table,delegation\nDana,1,atlantis\n", encoding="utf-8")
    assert not dlg.load_class_list(bad)
    assert "atlantis" in dlg.problem.text() and "\n" not in dlg.problem.text()
    good = tmp_path / "class.csv"
    good.write_text(
        "name,table,delegation\nDana Levi,1,israel\nOmar Haddad,3,palestine\nLea,3,israel\n", "utf-8"
    )
    assert dlg.load_class_list(good)
    assert dlg.problem.text() == "" and "3" in dlg.list_label.text()
    assert dlg.tables.value() == 3 and dlg.seat_checks["palestine"].isChecked()  # the list's seats and tables
    dlg.timer.setValue(20)
    dlg.warn.setValue(30)
    assert not dlg.open_class() and dlg.host is None  # the warning would come after the time is up
    assert dlg.problem.text()
    dlg.timer.setValue(120)
    # The tables answer only when the test lets them: opening the class must not wait for them (it waited up to
    # 30 s per table on the window's thread, the window frozen meanwhile).
    held: list[Callable[[], None]] = []
    real = ClassHost.intervene
    monkeypatch.setattr(
        ClassHost,
        "intervene",
        lambda host, table, command, answer: held.append(lambda: real(host, table, command, answer)),
    )
    assert dlg.open_class()
    try:
        assert len(held) == 3 and not any(f.done() for f in dlg.timer_answers.values())
        monkeypatch.undo()
        for send in held:
            send()
        assert all(f.result(10).move is not None for f in dlg.timer_answers.values())
        window = dlg.open_console()  # the handle that set the timers: the console holds control
        console = window.running.console
        assert not console.read_only
        for t in (1, 2, 3):
            detail = console.detail(t)
            assert (detail.timer, detail.warn) == (120, 30)
            assert any(kind == "set-timer" for _, _, kind, _ in detail.actions)
        cards = dlg.seat_cards_html()
        assert "Dana Levi" in cards and "Omar Haddad" in cards and "Lea" in cards
        # who sits where, table by table: the list's seats; table 2, named by nobody, the ticked ones
        seats = [set(t.seats) for t in dlg.room.tables]
        assert seats == [{"israel"}, {"israel", "palestine"}, {"israel", "palestine"}]
    finally:
        dlg.close_class()
