"""``negotiator self-test`` passes end to end in a fresh process (offscreen), writes a PNG per screen and the
printable debrief; and it picks the offscreen platform only when there is no display."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from negotiator.cli.self_test import needs_offscreen

SCREENS = {
    "start",
    "briefing",
    "table",
    "offer-builder",
    "map",
    "publics",
    "reloaded",
    "debrief",
    "handover",
    "tutorial",
    "settings",
    "about",
}


# Qt modules the PyInstaller bundle may leave out: the game and its self-test must pass without them. (Not QtOpenGL
# or QtOpenGLWidgets: pyqtgraph 0.14 imports both when it loads, so a bundle needs them.)
BUNDLE_LEAVES_OUT = (
    "PySide6.QtTest",
    "PySide6.QtNetwork",
    "PySide6.QtSql",
    "PySide6.QtQml",
    "PySide6.QtQuick",
)
RUN = f"""
import sys
class Block:
    def find_spec(self, name, path=None, target=None):
        if name in {BUNDLE_LEAVES_OUT!r}:
            raise ImportError('left out of the bundle: ' + name)
        return None
sys.meta_path.insert(0, Block())
from negotiator.cli import main
sys.exit(main())
"""


def test_self_test_command_passes_and_writes_every_screen(tmp_path: Path) -> None:
    env = {k: v for k, v in os.environ.items() if k not in ("DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM")}
    result = subprocess.run(
        [sys.executable, "-c", RUN, "self-test", "--screenshots", str(tmp_path)],
        capture_output=True,
        text=True,
        timeout=300,
        env=env,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "self-test passed" in result.stdout
    written = {p.stem for p in tmp_path.glob("*.png")}
    assert written >= SCREENS, SCREENS - written
    assert all(p.stat().st_size > 5000 for p in tmp_path.glob("*.png"))
    assert "Pareto" in (tmp_path / "debrief.html").read_text(encoding="utf-8")


def test_offscreen_only_without_a_display() -> None:
    assert needs_offscreen({}, "linux")
    assert not needs_offscreen({"DISPLAY": ":0"}, "linux")
    assert not needs_offscreen({"WAYLAND_DISPLAY": "wayland-0"}, "linux")
    assert not needs_offscreen({"QT_QPA_PLATFORM": "xcb"}, "linux")
    assert not needs_offscreen({}, "darwin")
