"""User settings (language, font scale, window layout, last game) kept in QSettings, and the settings dialog.

QSettings keeps them where each platform keeps an application's settings (the registry on Windows, a plist on macOS,
``~/.config/Negotiator/Negotiator.conf`` on Linux). Tests and the self-test pass an explicit ini file so they never
touch the user's real settings.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QByteArray, QSettings
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QDoubleSpinBox,
    QFormLayout,
    QLabel,
    QVBoxLayout,
    QWidget,
)

from negotiator.ui.language import bind

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
    def language(self) -> str:
        """The chosen language; until one is chosen, the machine's language when the game has it, else English."""
        from negotiator.ui.language import CHOICES, system_language

        v = str(self._q.value("ui/language", "") or "")
        return v if v in CHOICES else system_language()

    @language.setter
    def language(self, value: str) -> None:
        self._q.setValue("ui/language", value)

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
        bind(self, "settings.title", "setWindowTitle")
        self.setObjectName("settings-dialog")
        self._settings = settings
        form = QFormLayout()
        from negotiator.ui.start import LanguageBox

        self.language: QComboBox = LanguageBox()
        self.language.setCurrentIndex(max(0, self.language.findData(settings.language)))
        lang_label = QLabel()
        bind(lang_label, "language.label")
        lang_label.setBuddy(self.language)
        form.addRow(lang_label, self.language)
        self.scale = QDoubleSpinBox()
        self.scale.setRange(0.6, 2.5)
        self.scale.setSingleStep(0.1)
        self.scale.setDecimals(2)
        self.scale.setValue(settings.font_scale)
        self.scale.setSuffix(" ×")
        bind(self.scale, "settings.scale.tip", "setToolTip")
        scale_label = QLabel()
        bind(scale_label, "settings.scale")
        scale_label.setBuddy(self.scale)
        form.addRow(scale_label, self.scale)
        self.confirm = QCheckBox()
        bind(self.confirm, "settings.confirm")
        self.confirm.setChecked(settings.confirm_end_turn)
        form.addRow(self.confirm)
        note = QLabel()
        bind(note, "settings.layout-note")
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

    def chosen_language(self) -> str:
        return str(self.language.currentData())

    def apply(self) -> None:
        self._settings.language = self.chosen_language()
        self._settings.font_scale = self.scale.value()
        self._settings.confirm_end_turn = self.confirm.isChecked()
        self._settings.sync()
