"""The self-test plays each scenario of the library (issue 17) through the real window in one run, a fresh window
per scenario, and writes the briefing, table and debrief of each under the scenario's id."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from negotiator.model.registry import shipped_scenarios
from negotiator.ui.selftest import scenarios_to_play
from tests.scenarios.library import LIBRARY


def test_scenarios_to_play_reads_one_several_or_all() -> None:
    shipped = ["a", "b", "c"]
    assert scenarios_to_play("b", shipped) == ["b"]
    assert scenarios_to_play("a, c", shipped) == ["a", "c"]
    assert scenarios_to_play("all", shipped) == shipped
    assert scenarios_to_play("", shipped) == ["water-and-crossings"]


@pytest.mark.slow
def test_self_test_plays_every_library_scenario(tmp_path: Path) -> None:
    assert set(LIBRARY) <= set(shipped_scenarios())
    env = {k: v for k, v in os.environ.items() if k not in ("DISPLAY", "WAYLAND_DISPLAY")}
    env["QT_QPA_PLATFORM"] = "offscreen"
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "negotiator",
            "self-test",
            "-s",
            ",".join(LIBRARY),
            "--screenshots",
            str(tmp_path),
        ],
        capture_output=True,
        text=True,
        timeout=900,
        env=env,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    for sid in LIBRARY:
        prefix = f"{sid}-" if len(LIBRARY) > 1 else ""  # one scenario alone keeps the plain names
        for screen in ("start-chosen", "briefing", "table", "debrief"):
            shot = tmp_path / f"{prefix}{screen}.png"
            assert shot.exists() and shot.stat().st_size > 5000, shot
        assert "Pareto" in (tmp_path / f"{prefix}debrief.html").read_text(encoding="utf-8")
