"""A player for the UI tests: clicks, keys and waits on the real window, with the event loop running."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QWidget

TIMEOUT = 20_000


def plain(text: str) -> str:
    """What a label shows, without its markup."""
    from PySide6.QtGui import QTextDocumentFragment

    return QTextDocumentFragment.fromHtml(text).toPlainText() if "<" in text else text


class Player:
    def __init__(self, qtbot: Any, window: Any) -> None:
        self.qtbot = qtbot
        self.w = window

    # -- waiting ----------------------------------------------------------------------------------------------------
    def until(self, condition: Any, timeout: int = TIMEOUT) -> None:
        self.qtbot.waitUntil(lambda: bool(condition()), timeout=timeout)

    def screen(self, name: str) -> None:
        self.until(lambda: self.w.current_screen == name)

    def idle(self) -> None:
        self.until(lambda: not self.w.pool.busy and not (self.w.controller and self.w.controller.bot_running))
        QApplication.processEvents()

    def view(self) -> Any:
        return self.w.controller.view()

    def my_turn(self) -> None:
        def ready() -> bool:
            c = self.w.controller
            v = c.view() if c else None
            return bool(v and (v.my_turn or v.phase in ("ratification", "outcome")) and not c.bot_running)

        self.until(ready)
        self.idle()

    # -- acting -----------------------------------------------------------------------------------------------------
    def click(self, widget: QWidget) -> None:
        assert widget.isVisible(), f"{widget.objectName()} is not visible"
        assert widget.isEnabled(), f"{widget.objectName()} is not enabled"
        from PySide6.QtCore import QPoint
        from PySide6.QtWidgets import QCheckBox, QRadioButton

        if isinstance(widget, QRadioButton | QCheckBox):
            # Like a person: on the indicator and its words (Qt ignores clicks on the empty width beyond them).
            QTest.mouseClick(widget, Qt.MouseButton.LeftButton, pos=QPoint(8, widget.height() // 2))
        else:
            QTest.mouseClick(widget, Qt.MouseButton.LeftButton)

    def action(self, name: str) -> None:
        """Click the action's button in the actions panel (mouse play)."""
        self.click(self.w.table.actions_panel.buttons[name])

    def key(
        self,
        key: Qt.Key,
        modifier: Qt.KeyboardModifier = Qt.KeyboardModifier.NoModifier,
        widget: QWidget | None = None,
    ) -> None:
        target = widget or QApplication.focusWidget() or self.w
        QTest.keyClick(target, key, modifier)

    def labels_text(self, root: QWidget) -> str:
        """Every text a widget tree shows (labels, buttons, text views, table cells), for leak checks."""
        from PySide6.QtWidgets import QAbstractButton, QLabel, QTableWidget, QTextBrowser, QTreeWidget

        parts: list[str] = []
        for w in [root, *root.findChildren(QWidget)]:
            if not w.isVisible():
                continue
            if isinstance(w, QLabel | QAbstractButton):
                parts.append(plain(w.text()))
            elif isinstance(w, QTextBrowser):
                parts.append(w.toPlainText())
            elif isinstance(w, QTableWidget):
                for r in range(w.rowCount()):
                    for c in range(w.columnCount()):
                        item = w.item(r, c)
                        if item is not None:
                            parts.append(item.text())
                            parts.append(item.toolTip())
            elif isinstance(w, QTreeWidget):
                it = w.invisibleRootItem()
                stack = [it]
                while stack:
                    node = stack.pop()
                    parts.extend(node.text(c) for c in range(w.columnCount()))
                    stack.extend(node.child(k) for k in range(node.childCount()))
        return "\n".join(parts)
