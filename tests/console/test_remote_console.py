"""A trainer on another laptop: "Join a class" with the trainer's token opens the trainer console on the class over
the network (an in-process host on 127.0.0.1 with no console of its own). Every screen works from the wire: the
overview of every table, one table in depth, the interventions; the students see each effect, and a message to one
seat never reaches the other. A second trainer console watches read-only."""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator

import pytest
from pytestqt.qtbot import QtBot

from negotiator.game.commands import TRAINER, PauseTable
from negotiator.net.client import RemoteSeat
from negotiator.net.host import ClassHost, HostLimits
from negotiator.net.remote_console import RemoteConsole
from negotiator.ui.classroom import JoinClassDialog
from negotiator.ui.console.run import RemoteClass
from negotiator.ui.console.window import ConsoleWindow


def _wait(qtbot: QtBot, condition: Callable[[], object], what: str, timeout: float = 20.0) -> None:
    end = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > end:
            raise AssertionError(f"not in time: {what}")
        qtbot.wait(20)


@pytest.fixture()
def remote(
    make_host: Callable[..., ClassHost], qtbot: QtBot
) -> Iterator[tuple[ClassHost, RemoteConsole, ConsoleWindow]]:
    host = make_host(2, limits=HostLimits(overview_every=0.2))
    room = host.room
    dialog = JoinClassDialog(connect_timeout=10)
    qtbot.addWidget(dialog)
    opened: list[RemoteConsole] = []
    dialog.console_did_join.connect(opened.append)
    dialog.game_did_join.connect(lambda _game: pytest.fail("the trainer's token opened a seat"))
    dialog.address.setText(host.url)
    dialog.room.setText(room.code)
    dialog.token.setText(room.trainer)
    dialog.join()
    assert dialog.problem.text() == "" and len(opened) == 1
    window = ConsoleWindow(RemoteClass(opened[0]))
    qtbot.addWidget(window)
    yield host, opened[0], window
    window.close()


def test_the_trainers_token_opens_the_console_over_the_network(
    remote: tuple[ClassHost, RemoteConsole, ConsoleWindow],
    clients: Callable[..., RemoteSeat],
    qtbot: QtBot,
) -> None:
    host, console, window = remote
    seats = host.room.tables[0].seats
    israel = clients(host.url, seats["israel"], "Dana").connect()
    palestine = clients(host.url, seats["palestine"], "Lina").connect()
    assert not console.read_only and console.numbers() == [1, 2]
    assert not window.cards_button.isVisibleTo(window)  # the tokens are the host's

    # the overview: every table, who is connected
    overview = window.overview
    assert overview is not None
    _wait(qtbot, lambda: console.overview() and console.overview()[0].connected.get("israel"), "Dana shows")
    window.refresh()
    assert [r.table for r in overview.rows] == [1, 2]
    assert "Dana" in overview.cells(overview.rows[0])[9]

    # one table in depth: every brief and the whole record, as the host's own observer has them
    window.show_table(1)
    page = window.table
    assert page is not None
    observer = host.tables[1].session.trainer_view()
    assert page.record.rowCount() == len(observer.transcript)
    briefs = page.briefs.toPlainText()
    for v in observer.seats:
        assert v.own.confidential_brief.split("\n")[0][:40] in briefs
    assert not page.tabs.isTabVisible(page.tabs.indexOf(page.log))  # the host never sends the log

    # pause: the table stops and the student can no longer move
    page.pause_button.click()
    assert page.last_outcomes and page.last_outcomes[0].move is not None, page.answer.text()
    assert host.tables[1].session.state.classroom.paused
    _wait(
        qtbot,
        lambda: israel.view().legal == () and palestine.view().legal == (),
        "the students see the pause",
    )
    _wait(qtbot, lambda: console.detail(1).paused, "the overview says paused")
    page.refresh(force=True)
    assert "paused" in page.status.text()

    # a refused intervention says why, and nothing is applied
    moves = len(host.tables[1].session.records)
    page.pause_button.click()
    assert page.last_outcomes[0].move is None and "paused already" in page.answer.text()
    assert len(host.tables[1].session.records) == moves

    # a message to one seat reaches that seat only
    page.message_to.setCurrentIndex(page.message_to.findData("israel"))
    page.message.setText("Your cabinet meets at six.")
    page.message_button.click()
    _wait(
        qtbot,
        lambda: any("cabinet" in str(e.reason) for e in israel.view().transcript),
        "Israel's team reads the trainer's message",
    )
    _wait(qtbot, lambda: palestine.move >= israel.move, "Palestine's team has the same move")
    assert not any("cabinet" in str(e.reason) for e in palestine.view().transcript)

    # news to every table; hand a seat to the AI; resume; roll back; end
    page.scope.setCurrentIndex(page.scope.findData("all"))
    page.news.setText("The donors meet tomorrow.")
    page.news_button.click()
    assert [o.table for o in page.last_outcomes] == [1, 2] and all(o.move for o in page.last_outcomes)
    page.scope.setCurrentIndex(page.scope.findData("table"))
    for table in (1, 2):
        assert any(e.kind == "post-news" for e in host.tables[table].session.state.transcript)
    page.seat.setCurrentIndex(page.seat.findData("palestine"))
    page.to_ai_button.click()
    assert "palestine" in host.tables[1].stand_ins, page.answer.text()
    assert host.room.tables[0].handed_to_ai == {"palestine": ""}  # kept for --resume
    page.to_students_button.click()  # and back, over the wire too
    assert "palestine" not in host.tables[1].stand_ins, page.answer.text()
    assert host.room.tables[0].handed_to_ai == {}
    handed = [
        r.payload["played_by"] for r in host.tables[1].session.records if r.payload["type"] == "hand-seat"
    ]
    assert handed == ["ai", "students"]
    page.resume_button.click()
    assert not host.tables[1].session.state.classroom.paused, page.answer.text()
    _wait(qtbot, lambda: page.console.moves(1) == len(host.tables[1].session.records), "the view catches up")
    page.refresh()
    page.confirm = lambda _question: True
    page.rollback_to.setValue(1)
    page.rollback_button.click()
    assert host.tables[1].session.state.classroom.undone, page.answer.text()
    page.end_button.click()
    assert host.tables[1].session.state.phase == "outcome", page.answer.text()
    _wait(qtbot, lambda: israel.view().phase == "outcome", "the student sees the table end")
    _wait(qtbot, lambda: console.observer(1).public.phase == "outcome", "the console's view catches up")
    page.refresh(force=True)
    assert "trainer" not in page.status.text().lower()  # nobody's turn once over (it read "turn: trainer")

    # the class debrief, from the wire: both tables, the trainer's interventions on table 1's timeline
    window.show_debrief()
    debrief = window.debrief
    assert debrief is not None and debrief.summary.rowCount() == 2
    assert "rollback" in debrief.cells[0][-1] or "roll" in debrief.cells[0][-1].lower()
    assert not debrief.delegations_button.isVisibleTo(debrief)  # the host keeps the games


def test_a_second_trainer_console_watches_read_only(
    remote: tuple[ClassHost, RemoteConsole, ConsoleWindow], qtbot: QtBot
) -> None:
    host, first, window = remote
    assert first.intervene(PauseTable(TRAINER), 1)[0].move is not None  # the first to intervene holds control
    second = RemoteConsole.join(host.url, host.room.trainer, "projector")
    try:
        _wait(qtbot, lambda: second.read_only, "the second console is told it watches")
        refused = second.intervene(PauseTable(TRAINER), 2)
        assert refused[0].move is None and "read-only" in (refused[0].error or "")
        assert not host.tables[2].session.state.classroom.paused
        other = ConsoleWindow(RemoteClass(second))
        qtbot.addWidget(other)
        other.show_table(2)
        assert other.table is not None and not other.table.pause_button.isEnabled()
        other.close()
    finally:
        second.release()


def test_a_seat_token_never_opens_the_console(make_host: Callable[..., ClassHost]) -> None:
    host = make_host(1)
    from negotiator.net.client import NetError

    with pytest.raises(NetError, match="not the trainer's"):
        RemoteConsole.join(host.url, host.room.tables[0].seats["israel"], "Dana")
