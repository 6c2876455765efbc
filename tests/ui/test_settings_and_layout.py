"""Settings live in the given QSettings file: the font scale applies to the whole window, and the table's dock
layout and the window geometry are remembered between runs."""

from __future__ import annotations

from PySide6.QtWidgets import QApplication

from negotiator.ui import style
from tests.ui.helpers import Player


def test_font_scale_setting_applies_and_persists(player: Player, settings) -> None:  # type: ignore[no-untyped-def]
    w = player.w
    base = QApplication.font().pointSizeF()
    w.settings_dialog()
    dlg = w.dialog
    dlg.scale.setValue(1.5)
    dlg.accept()
    player.until(lambda: abs(QApplication.font().pointSizeF() - style.BASE_POINT_SIZE * 1.5) < 0.2)
    assert QApplication.font().pointSizeF() > base
    assert abs(settings.font_scale - 1.5) < 1e-9
    w.scale_fonts(1 / 1.5)
    assert abs(settings.font_scale - 1.0) < 1e-6
    style.apply_style(QApplication.instance(), 1.0)


def test_dock_layout_is_remembered(qtbot, services, settings) -> None:  # type: ignore[no-untyped-def]
    from negotiator.ui.shell import MainWindow

    first = MainWindow(services, bot_delay_ms=0, animate=False)
    qtbot.addWidget(first)
    first.show()
    first.table.docks["map"].close()
    first.table.docks["news"].setFloating(True)
    first.close()
    assert settings.layout("table-state") is not None
    second = MainWindow(services, bot_delay_ms=0, animate=False)
    qtbot.addWidget(second)
    assert second.table.restored
    assert second.table.docks["map"].isHidden()
    assert second.table.docks["news"].isFloating()
    second.table.reset_layout()
    assert not second.table.docks["map"].isHidden() and not second.table.docks["news"].isFloating()
    second.close()
