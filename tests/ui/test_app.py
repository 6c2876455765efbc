"""``negotiator`` with no command opens the start screen (here offscreen), and says clearly when there is no
display instead of letting Qt abort."""

from __future__ import annotations

import argparse
from pathlib import Path

import pytest
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication

from negotiator import app as app_module
from negotiator.cli import build_parser


def test_plain_negotiator_opens_the_start_screen(qapp, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("NEGOTIATOR_SETTINGS", str(tmp_path / "settings.ini"))
    monkeypatch.setenv("NEGOTIATOR_DB", str(tmp_path / "saves.db"))
    args = build_parser().parse_args(["play"])
    seen: dict[str, object] = {}

    def look() -> None:
        from negotiator.ui.shell import MainWindow

        windows = [w for w in QApplication.topLevelWidgets() if isinstance(w, MainWindow) and w.isVisible()]
        seen["screen"] = windows[0].current_screen if windows else None
        seen["scenarios"] = windows[0].start.new_game.scenario_list.count() if windows else 0
        for w in windows:
            w.close()
        QApplication.instance().quit()

    QTimer.singleShot(300, look)
    assert app_module.run_app(args) == 0
    assert seen["screen"] == "start"
    assert seen["scenarios"] >= 2
    assert (tmp_path / "settings.ini").exists()  # the layout was remembered in the given settings file


def test_no_display_is_a_clear_message(monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    for var in ("QT_QPA_PLATFORM", "DISPLAY", "WAYLAND_DISPLAY"):
        monkeypatch.delenv(var, raising=False)
    monkeypatch.setattr(app_module.sys, "platform", "linux")
    assert app_module.run_app(argparse.Namespace(db=None, scenario=None)) == 1
    assert "no display found" in capsys.readouterr().err
