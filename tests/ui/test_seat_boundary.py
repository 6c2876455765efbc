"""The window plays only through the seat channel and the public scenario.

The whole self-test (a solo game to the debrief, saving and reloading, a hot-seat start with its hand-over, the
tutorial) runs in a fresh process with a tripwire armed (``confidential_guard``): any read of a delegation's
confidential material, and any use of the session, from code in ``negotiator.ui`` fails loudly. The other tests
prove the tripwire fires, so the first cannot pass by accident.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from negotiator.game.setup import GameSetup, SeatSetup
from negotiator.model.registry import get_scenario
from negotiator.session.local import LocalGame
from negotiator.session.session import Session
from tests.ui.confidential_guard import ConfidentialAccess

RUN = """
import sys
sys.path.insert(0, {here!r})
import confidential_guard
caught = confidential_guard.install()
from negotiator.cli import main
code = main()
if caught:
    print("the window crossed the seat boundary:", *caught, sep="\\n  ")
sys.exit(code or (3 if caught else 0))
"""


def test_the_whole_self_test_runs_without_touching_confidential_data_or_the_session(tmp_path: Path) -> None:
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    result = subprocess.run(
        [sys.executable, "-c", RUN.format(here=str(Path(__file__).parent)), "self-test"],
        capture_output=True,
        text=True,
        timeout=300,
        env=env,
        cwd=tmp_path,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "self-test passed" in result.stdout + result.stderr


def run_as_ui(code: str, **names: object) -> None:
    exec(compile(code, "<ui>", "exec"), {"__name__": "negotiator.ui.fake", **names})


def test_the_tripwire_fires_for_a_confidential_read_from_the_window(seat_boundary: list[str]) -> None:
    scenario = get_scenario("water-and-crossings")
    assert scenario.delegation("israel").reservation_value > 0  # from tests: allowed
    with pytest.raises(ConfidentialAccess, match="reservation_value"):
        run_as_ui("scenario.delegation('palestine').reservation_value", scenario=scenario)
    with pytest.raises(ConfidentialAccess, match="confidential_brief"):
        run_as_ui("scenario.delegation('israel').confidential_brief", scenario=scenario)
    run_as_ui("assert scenario.delegation('israel').id == 'israel'", scenario=scenario)  # public: fine
    assert len(seat_boundary) == 2
    seat_boundary.clear()  # caught on purpose: the fixture fails a test that leaves anything here


def test_the_tripwire_fires_when_the_window_reaches_for_the_session(seat_boundary: list[str]) -> None:
    scenario = get_scenario("water-and-crossings")
    setup = GameSetup(
        scenario.id, (SeatSetup("israel", "human"), SeatSetup("palestine", "human")), 1, "hotseat"
    )
    game = LocalGame(Session.start(scenario, setup, storage=None))
    run_as_ui("assert game.seat('israel').view().move == 0", game=game)  # through the seat channel: fine
    with pytest.raises(ConfidentialAccess, match=r"Session\.view"):
        run_as_ui("game.session.view('palestine')", game=game)
    with pytest.raises(ConfidentialAccess, match=r"Session\.scenario"):
        run_as_ui("game.session.scenario", game=game)
    assert len(seat_boundary) == 2
    seat_boundary.clear()  # caught on purpose: the fixture fails a test that leaves anything here
