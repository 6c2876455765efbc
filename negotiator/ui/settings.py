"""User settings (font scale, window layout, last game) kept in QSettings, and the settings dialog.

Tests and the self-test pass an explicit ini file so they never touch the user's real settings.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QByteArray, QSettings
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QDoubleSpinBox,
    QFormLayout,
    QLabel,
    QVBoxLayout,
    QWidget,
)

FONT_SCALES = (0.8, 0.9, 1.0, 1.15, 1.3, 1.5, 1.75, 2.0)


class AppSettings:
    """Typed access to the handful of settings the game keeps between runs."""

    def __init__(self, path: str | Path | None = None) -> None:
        if path is None:
            self._q = QSettings("Negotiator", "Negotiator")
        else:
            self._q = QSettings(str(path), QSettings.Format.IniFormat)

    @property
    def qsettings(self) -> QSettings:
        return self._q

    def _float(self, key: str, default: float) -> float:
        try:
            return float(self._q.value(key, default))  # type: ignore[arg-type]
        except (TypeError, ValueError):
            return default

    def _bool(self, key: str, default: bool) -> bool:
        v = self._q.value(key, default)
        if isinstance(v, str):
            return v.lower() in ("1", "true", "yes")
        return bool(v)

    @property
    def font_scale(self) -> float:
        return max(0.6, min(2.5, self._float("ui/font_scale", 1.0)))

    @font_scale.setter
    def font_scale(self, value: float) -> None:
        self._q.setValue("ui/font_scale", float(value))

    @property
    def confirm_end_turn(self) -> bool:
        return self._bool("game/confirm_end_turn", False)

    @confirm_end_turn.setter
    def confirm_end_turn(self, value: bool) -> None:
        self._q.setValue("game/confirm_end_turn", bool(value))

    @property
    def last_game(self) -> str:
        return str(self._q.value("game/last_game", "") or "")

    @last_game.setter
    def last_game(self, value: str) -> None:
        self._q.setValue("game/last_game", value)

    @property
    def tutorial_done(self) -> bool:
        return self._bool("tutorial/done", False)

    @tutorial_done.setter
    def tutorial_done(self, value: bool) -> None:
        self._q.setValue("tutorial/done", bool(value))

    def layout(self, name: str) -> QByteArray | None:
        v = self._q.value(f"layout/{name}")
        return v if isinstance(v, QByteArray) and not v.isEmpty() else None

    def set_layout(self, name: str, state: QByteArray) -> None:
        self._q.setValue(f"layout/{name}", state)

    def sync(self) -> None:
        self._q.sync()


class SettingsDialog(QDialog):
    """Font scale and play preferences. Changes apply when the dialog is accepted."""

    def __init__(self, settings: AppSettings, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Settings")
        self.setObjectName("settings-dialog")
        self._settings = settings
        form = QFormLayout()
        self.scale = QDoubleSpinBox()
        self.scale.setRange(0.6, 2.5)
        self.scale.setSingleStep(0.1)
        self.scale.setDecimals(2)
        self.scale.setValue(settings.font_scale)
        self.scale.setSuffix(" ×")
        self.scale.setToolTip("Multiplies every font size. 1.3 or more suits a classroom projector.")
        scale_label = QLabel("&Font scale:")
        scale_label.setBuddy(self.scale)
        form.addRow(scale_label, self.scale)
        self.confirm = QCheckBox("Ask before &ending a turn")
        self.confirm.setChecked(settings.confirm_end_turn)
        form.addRow(self.confirm)
        note = QLabel(
            "Window layouts are remembered automatically. Use View ▸ Reset layout to restore the default."
        )
        note.setWordWrap(True)
        note.setProperty("role", "muted")
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(note)
        layout.addWidget(buttons)

    def apply(self) -> None:
        self._settings.font_scale = self.scale.value()
        self._settings.confirm_end_turn = self.confirm.isChecked()
        self._settings.sync()
