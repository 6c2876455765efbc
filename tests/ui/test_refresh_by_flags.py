"""The table redraws only the panels a seat notice flags as stale, and everything when it has no flags to go by."""

from __future__ import annotations

from typing import Any

import pytest

from negotiator.game import EndTurn, Statement, TableProposal
from negotiator.game.setup import GameSetup, SeatSetup
from negotiator.model.registry import get_scenario
from negotiator.session.local import LocalGame
from negotiator.session.notices import SeatNotice
from negotiator.session.session import Session
from negotiator.ui.table import TableScreen

PANELS = ("issue_board", "publics", "history", "news")


@pytest.fixture
def table(qtbot: Any, monkeypatch: pytest.MonkeyPatch) -> tuple[TableScreen, dict[str, int]]:
    screen = TableScreen()
    qtbot.addWidget(screen)
    drawn = dict.fromkeys(PANELS, 0)
    for name in PANELS:
        panel = getattr(screen, name)
        real = panel.show_view

        def counted(*args: Any, _name: str = name, _real: Any = real) -> None:
            drawn[_name] += 1
            _real(*args)

        monkeypatch.setattr(panel, "show_view", counted)
    return screen, drawn


def test_only_flagged_panels_are_redrawn(table: tuple[TableScreen, dict[str, int]]) -> None:
    screen, drawn = table
    scenario = get_scenario("water-and-crossings")
    setup = GameSetup(
        scenario.id, (SeatSetup("israel", "human"), SeatSetup("palestine", "human")), 4, "hotseat"
    )
    game = LocalGame(Session.start(scenario, setup, storage=None))
    israel = game.seat("israel")
    seen: list[SeatNotice] = []
    israel.subscribe(seen.append)
    screen.show_view(game.scenario, israel.view(), None)  # first show: everything
    assert drawn == dict.fromkeys(PANELS, 1)
    for seat in ("israel", "palestine"):
        game.session.submit(EndTurn(seat))
    screen.show_view(game.scenario, seen[-1].view, seen[-1].changes)
    before = dict(drawn)
    israel.submit(Statement("israel", "conciliatory", "ready-for-hard-choices"), based_on=israel.view().move)
    n = seen[-1]
    assert n.changes.transcript and not n.changes.proposals and not n.changes.news
    screen.show_view(game.scenario, n.view, n.changes)
    assert drawn["history"] == before["history"] + 1  # the statement is in the log
    assert drawn["issue_board"] == before["issue_board"]  # nothing on the board changed
    assert drawn["news"] == before["news"]
    before = dict(drawn)
    package = tuple((i.id, i.options[1].id) for i in scenario.issues)
    israel.submit(TableProposal("israel", package), based_on=israel.view().move)
    n = seen[-1]
    assert n.changes.proposals
    screen.show_view(game.scenario, n.view, n.changes)
    assert drawn["issue_board"] == before["issue_board"] + 1 and drawn["history"] == before["history"] + 1
    screen.show_view(game.scenario, n.view, None)  # no flags (a new font size): everything again
    assert all(drawn[p] >= before[p] + 1 for p in PANELS)
