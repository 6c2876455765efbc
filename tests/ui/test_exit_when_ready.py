"""``negotiator play --exit-when-ready`` shows the start screen and quits: the probe the bundle's start-time figure
comes from must really start the window and end cleanly."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

pytestmark = pytest.mark.gui


def test_play_exit_when_ready_starts_and_quits(tmp_path) -> None:  # type: ignore[no-untyped-def]
    env = dict(
        os.environ,
        QT_QPA_PLATFORM="offscreen",
        NEGOTIATOR_SETTINGS=str(tmp_path / "settings.ini"),
        NEGOTIATOR_DB=str(tmp_path / "saves.db"),
    )
    result = subprocess.run(
        [sys.executable, "-m", "negotiator", "play", "--exit-when-ready"],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    assert "Traceback" not in result.stderr
