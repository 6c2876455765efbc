"""The student's table screen shows what was written to the delegation: the trainer's messages to the seat, to the
table and to every table, and the team's own chat; never the trainer's message to another seat. A solo game shows
the private messages between delegations in the same panel."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from pytestqt.qtbot import QtBot

from negotiator.game.commands import TRAINER, PrivateMessage, TrainerMessage
from negotiator.net.client import RemoteSeat
from negotiator.net.host import ClassHost
from negotiator.net.remote_game import RemoteGame


@pytest.fixture
def window(qtbot: QtBot, tmp_path: Path) -> Iterator[Any]:
    from negotiator.app import AppServices
    from negotiator.ui.settings import AppSettings
    from negotiator.ui.shell import MainWindow

    services = AppServices(AppSettings(tmp_path / "settings.ini"), str(tmp_path / "saves.db"))
    w = MainWindow(services, bot_delay_ms=0, animate=False)
    qtbot.addWidget(w)
    w.resize(1280, 800)
    w.show()
    yield w
    w.detach()
    w.pool.wait(5000)


def test_a_student_reads_the_trainers_messages_and_the_team_chat_but_not_another_seats(
    window: Any, qtbot: QtBot, make_host: Callable[..., ClassHost], clients: Callable[..., RemoteSeat]
) -> None:
    host = make_host(2)
    seats = host.room.tables[0].seats
    game = RemoteGame(RemoteSeat(host.url, seats["israel"], "Dana").connect())
    window.attach(game)
    chat = window.table.chat
    teammate = clients(host.url, seats["israel"], "Omar").connect()
    other = clients(host.url, seats["palestine"], "Lina").connect()
    console = host.console(host.room.trainer)
    _chats(teammate), _chats(other)  # listening before anything is sent
    try:
        assert chat.team_row.isVisibleTo(window.table)  # a class table has team chat
        # the briefing's header reads as a sentence ("n" is the plural count's name: it showed the raw id)
        qtbot.waitUntil(lambda: window.table.view is not None, timeout=5000)
        assert window.table.actions_panel.round_label.text().startswith("Briefing")
        for command, table in (
            (TrainerMessage(TRAINER, "israel", "Israel only: your cabinet meets at six."), 1),
            (TrainerMessage(TRAINER, "palestine", "Palestine only: call your negotiators."), 1),
            (TrainerMessage(TRAINER, "", "Table one: ten minutes left."), 1),
        ):
            assert console.intervene(command, table)[0].move is not None
        assert all(
            o.move is not None for o in console.intervene(TrainerMessage(TRAINER, "", "Everyone: lunch."))
        )
        teammate.chat("Shall we accept p3?")
        other.chat("Palestine's team talking among themselves")
        qtbot.waitUntil(
            lambda: (
                any("lunch" in line for line in chat.lines)
                and any("accept p3" in line for line in chat.lines)
            ),
            timeout=10000,
        )
        chat.field.setText("Let us wait for their offer.")
        chat.send_button.click()
        qtbot.waitUntil(lambda: any("wait for their offer" in line for line in chat.lines), timeout=10000)
        shown = "\n".join(chat.lines)
        assert "Israel only" in shown and "Table one" in shown and "Everyone" in shown
        assert "Omar" in shown and "Dana" in shown  # who wrote each team line
        assert "Palestine only" not in shown and "among themselves" not in shown
        assert "Israel only" in chat.browser.toPlainText()  # on screen, not only in the list
        qtbot.waitUntil(lambda: any("wait for their offer" in n.text for n in _chats(teammate)), timeout=5000)
        assert not any("wait for their offer" in n.text for n in _chats(other))
    finally:
        console.release()
        window.detach()


_seen: dict[int, list[Any]] = {}


def _chats(seat: RemoteSeat) -> list[Any]:
    """Chat notices a client has received since this was first asked (subscribes on first use)."""
    if id(seat) not in _seen:
        lines: list[Any] = []
        _seen[id(seat)] = lines
        seat.subscribe_events(lambda n: lines.append(n) if n.kind == "chat" else None)
    return _seen[id(seat)]


def test_a_solo_game_shows_private_messages_between_delegations(qtbot: QtBot) -> None:
    from negotiator.game.rules import apply, new_game, whose_turn
    from negotiator.game.setup import default_setup
    from negotiator.game.views import view_for
    from negotiator.model.public import PublicScenario
    from negotiator.model.registry import get_scenario
    from negotiator.ui.table.chat import ChatPanel

    scenario = get_scenario("water-and-crossings")
    state = new_game(scenario, default_setup(scenario, seed=3))
    while whose_turn(state) != "israel" or state.phase != "rounds":
        seat = whose_turn(state)
        assert seat is not None
        from negotiator.game.commands import EndTurn

        state, _ = apply(state, EndTurn(seat))
    state, _ = apply(state, PrivateMessage("israel", "palestine", "Off the record: water first."))
    panel = ChatPanel()
    qtbot.addWidget(panel)
    panel.show_view(PublicScenario.of(scenario), view_for(state, "palestine"))
    assert any("water first" in line for line in panel.lines)
    assert not panel.team_row.isVisibleTo(panel)  # no team chat outside a class
