"""``negotiator`` with no command opens the start screen (here offscreen), and says clearly when there is no
display instead of letting Qt abort."""

from __future__ import annotations

import argparse
from pathlib import Path

import pytest

from negotiator import app as app_module
from negotiator.cli import build_parser


def test_plain_negotiator_opens_the_start_screen(
    qtbot,
    tmp_path: Path,  # type: ignore[no-untyped-def]
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """What ``negotiator`` runs (``run_app`` = ``open_window`` + the event loop), short of entering the loop."""
    monkeypatch.setenv("NEGOTIATOR_SETTINGS", str(tmp_path / "settings.ini"))
    monkeypatch.setenv("NEGOTIATOR_DB", str(tmp_path / "saves.db"))
    args = build_parser().parse_args(["play", "-s", "confederation"])
    _app, window = app_module.open_window(args)
    qtbot.addWidget(window)
    qtbot.waitExposed(window)
    assert window.isVisible() and window.current_screen == "start"
    assert window.start.new_game.scenario_list.count() >= 2
    assert window.start.new_game.scenario.id == "confederation"
    window.close()
    assert (tmp_path / "settings.ini").exists()  # the layout was remembered in the given settings file
    assert not (tmp_path / "saves.db").exists()  # nothing is written before a game starts


def test_no_command_means_play(monkeypatch: pytest.MonkeyPatch) -> None:
    from negotiator.cli import main

    seen: list[argparse.Namespace] = []
    monkeypatch.setattr(app_module, "run_app", lambda args: seen.append(args) or 0)
    assert main([]) == 0
    assert seen and seen[0].command == "play"


def test_no_display_is_a_clear_message(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    for var in ("QT_QPA_PLATFORM", "DISPLAY", "WAYLAND_DISPLAY"):
        monkeypatch.delenv(var, raising=False)
    monkeypatch.setattr(app_module.sys, "platform", "linux")
    assert app_module.run_app(argparse.Namespace(db=None, scenario=None)) == 1
    assert "no display found" in capsys.readouterr().err
