"""The load dialog: saved games, most recent first, with scenario, seats, round and whether the game is over."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QListWidget, QListWidgetItem, QVBoxLayout, QWidget

from negotiator.ui.language import tr
from negotiator.ui.ports import SaveEntry
from negotiator.ui.widgets import para


class LoadDialog(QDialog):
    def __init__(
        self, saves: list[SaveEntry], where: str, problem: str = "", parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setObjectName("load-dialog")
        self.setWindowTitle(tr("load.title"))
        lay = QVBoxLayout(self)
        lay.addWidget(para(tr("load.where", where=where), role="muted"))
        if problem:
            lay.addWidget(para(problem))
        self.list = QListWidget()
        self.list.setObjectName("saves")
        self.list.setWordWrap(True)
        for s in saves:
            item = QListWidgetItem(f"{s.title}\n{s.detail}")
            item.setData(Qt.ItemDataRole.UserRole, s.game_id)
            item.setToolTip(tr("load.game", ref=s.game_id))
            self.list.addItem(item)
        if not saves:
            lay.addWidget(para(tr("load.none")))
        self.list.setCurrentRow(0)
        self.list.itemActivated.connect(lambda _i: self.accept())
        lay.addWidget(self.list, 1)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Open | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        buttons.button(QDialogButtonBox.StandardButton.Open).setEnabled(bool(saves))
        lay.addWidget(buttons)
        self.resize(640, 460)

    def chosen(self) -> str | None:
        item = self.list.currentItem()
        return str(item.data(Qt.ItemDataRole.UserRole)) if item else None
