"""A whole game with the keyboard alone: keys go to whatever has the focus, as they would for a player who never
touches the mouse (shortcuts, mnemonics, Tab and arrows, Space on the focused button)."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QRadioButton, QWidget

from tests.ui.helpers import Player

CTRL = Qt.KeyboardModifier.ControlModifier
ALT = Qt.KeyboardModifier.AltModifier


def press(player: Player, key: Qt.Key, mod: Qt.KeyboardModifier = Qt.KeyboardModifier.NoModifier) -> None:
    focus = QApplication.focusWidget()
    assert focus is not None, "nothing has the keyboard focus"
    player.key(key, mod, focus)


def test_full_game_with_the_keyboard_alone(player: Player) -> None:
    w = player.w
    w.activateWindow()
    player.screen("start")
    # The start button has the focus; pick the teaching scenario in the list with the keyboard.
    press(player, Qt.Key.Key_S, ALT)  # &Scenario -> the list
    assert QApplication.focusWidget() is w.start.new_game.scenario_list
    ng = w.start.new_game
    while ng.scenario is None or ng.scenario.id != "water-and-crossings":
        before = ng.scenario_list.currentRow()
        press(player, Qt.Key.Key_Down)
        assert ng.scenario_list.currentRow() != before, "the scenario list does not follow the arrow keys"
    press(player, Qt.Key.Key_Return, CTRL)  # start
    player.screen("briefing")
    assert QApplication.focusWidget() is w.briefing.ready
    press(player, Qt.Key.Key_Space)
    player.screen("table")
    player.my_turn()

    # Open the builder with its shortcut, change an option with Tab and the arrows, table it with Ctrl+Enter.
    press(player, Qt.Key.Key_P, CTRL)
    player.until(lambda: w.builder is not None and w.builder.isVisible())
    b = w.builder
    before = b.package()
    for _ in range(40):
        press(player, Qt.Key.Key_Tab)
        if isinstance(QApplication.focusWidget(), QRadioButton):
            break
    assert isinstance(QApplication.focusWidget(), QRadioButton), "Tab never reaches the options"
    press(player, Qt.Key.Key_Down)
    assert b.package() != before, "the arrow keys do not change the option"
    chosen = b.package()
    press(player, Qt.Key.Key_Return, CTRL)
    player.until(lambda: w.builder is None)
    player.my_turn()
    assert dict(player.view().proposal("p1").package) == chosen

    # Play on: Ctrl+Y accepts what clears the walk-away, Ctrl+E ends the turn, Ctrl+G signs.
    for _ in range(40):
        v = player.view()
        if v.phase in ("ratification", "outcome"):
            break
        if QApplication.focusWidget() is None or QApplication.focusWidget().window() is not w:
            w.table.focus_panel("actions")
        if v.phase == "signature":
            press(player, Qt.Key.Key_G, CTRL)
        else:
            pid = w.table.actions_panel.chosen_proposal()
            p = v.proposal(pid) if pid else None
            if p is not None and p.own_points is not None and p.own_points >= v.own.reservation_value:
                press(player, Qt.Key.Key_Y, CTRL)
            else:
                press(player, Qt.Key.Key_E, CTRL)
        player.my_turn()
    v = player.view()
    assert v.phase == "outcome"
    if v.ratification:
        player.screen("ratification")
        assert QApplication.focusWidget() is w.ratification.next
        press(player, Qt.Key.Key_Space)
    player.screen("debrief")
    player.until(lambda: w.debrief_data is not None)


def test_every_move_has_a_shortcut_a_tooltip_and_a_mnemonic(window) -> None:  # type: ignore[no-untyped-def]
    seen = set()
    for name, action in window.table.actions_.items():
        key = action.shortcut().toString()
        assert key, f"{name} has no shortcut"
        assert key not in seen, f"shortcut {key} is used twice"
        seen.add(key)
        assert "&" in action.text(), f"{name} has no mnemonic"
        assert action.toolTip(), f"{name} has no tooltip"
    for k in range(1, 7):
        assert any(a.shortcut().toString() == f"Ctrl+{k}" for a in window.table.actions()), (
            f"Ctrl+{k} missing"
        )


def mnemonics(window) -> list[str]:  # type: ignore[no-untyped-def]
    """The Alt+letter keys live on the current screen (menu bar titles included)."""
    import re

    from PySide6.QtWidgets import QAbstractButton, QLabel, QToolButton

    letters = []
    for a in window.menuBar().actions():
        letters += re.findall(r"&([^&\s])", a.text())
    for w in window.findChildren(QWidget):
        if not w.isVisible() or w.window() is not window:
            continue
        if isinstance(w, QToolButton) and w.defaultAction() is not None:
            text = w.defaultAction().text()
        elif isinstance(w, QAbstractButton) or (isinstance(w, QLabel) and w.buddy() is not None):
            text = w.text()
        else:
            continue
        letters += [c.lower() for c in re.findall(r"&([^&\s])", text)]
    return letters


def test_no_two_controls_share_an_alt_key_on_any_screen(player: Player) -> None:
    w = player.w
    screens = {}
    player.screen("start")
    screens["start"] = mnemonics(w)
    w.start.new_game.select_scenario("confederation")
    player.click(w.start.new_game.start)
    player.screen("briefing")
    screens["briefing"] = mnemonics(w)
    player.click(w.briefing.ready)
    player.screen("table")
    player.my_turn()
    screens["table"] = mnemonics(w)
    for name, letters in screens.items():
        dupes = sorted({x for x in letters if letters.count(x) > 1})
        assert not dupes, f"{name}: Alt+{dupes} reach more than one control"
