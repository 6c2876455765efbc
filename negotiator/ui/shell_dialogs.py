"""How the main window opens its dialogs and messages, and what its status bar says.

:class:`DialogHost` opens every dialog of the window with ``open()`` (window-modal, non-blocking), so the event loop
keeps running while one is up: bot turns, previews and timers go on, and tests can drive the dialog. It remembers the
last one opened (``dialog``), which the tests, the tutorial and the self-test look at.

:class:`StatusLine` is the status bar: the round, the deadline and the seat at the keyboard on the left, whether the
game is being saved on the right, and short passing messages.
"""

from __future__ import annotations

import warnings

from PySide6.QtWidgets import QApplication, QDialog, QLabel, QMessageBox, QStatusBar, QWidget

from negotiator.game.views import SeatView
from negotiator.session.notices import SaveStatus
from negotiator.ui.language import bind, tr


def open_dialog(dlg: QDialog) -> None:
    """Open a window-modal dialog and give it the keyboard (some platforms leave focus behind)."""
    dlg.open()
    dlg.raise_()
    dlg.activateWindow()
    if QApplication.platformName() == "offscreen":
        # Without a window manager nothing activates the dialog, and keys would go to the window behind it.
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", DeprecationWarning)
            QApplication.setActiveWindow(dlg)


class DialogHost:
    """Opens the window's dialogs over ``window`` and keeps the last one opened in ``dialog``."""

    def __init__(self, window: QWidget) -> None:
        self.window = window
        self.dialog: QDialog | None = None
        self.last_error = ""

    def open(self, dlg: QDialog) -> None:
        """Open ``dlg`` window-modal (the event loop keeps running) and remember it as the dialog on screen."""
        self.dialog = dlg
        open_dialog(dlg)

    def show_error(self, text: str) -> None:
        """Say what went wrong in a message box over the window (never a traceback)."""
        box = QMessageBox(
            QMessageBox.Icon.Warning, "Negotiator", text, QMessageBox.StandardButton.Ok, self.window
        )
        box.setObjectName("error-box")
        self.last_error = text
        self.open(box)


class StatusLine:
    """The window's status bar: ``round`` (round, deadline, seat) and ``save`` (saved or not, and where)."""

    def __init__(self, bar: QStatusBar) -> None:
        self.bar = bar
        self.round = QLabel("")
        self.round.setObjectName("status-round")
        bind(self.round, "status.round.tip", "setToolTip")
        self.save = QLabel("")
        self.save.setObjectName("status-save")
        bar.addWidget(self.round, 1)
        bar.addPermanentWidget(self.save)

    def show_view(self, view: SeatView, seat_title: str) -> None:
        if view.phase == "rounds":
            text = tr("status.round", round=view.round, total=view.rounds_total)
        else:
            text = tr(f"phase.{view.phase}")
        self.round.setText(tr("status.you-play", phase=text, delegation=seat_title))

    def show_handover(self, seat_title: str) -> None:
        self.round.setText(tr("status.handover", delegation=seat_title))

    def clear_round(self) -> None:
        self.round.setText("")

    def show_save(self, status: SaveStatus | None, problem: str = "") -> None:
        """Whether the game in play is saved (``None``: no game); ``problem`` is why storage could not be opened."""
        if status is None:
            self.save.setText("")
            return
        if status.saved:
            self.save.setText(tr("status.saved"))
            self.save.setToolTip(tr("status.saved.tip", where=status.where))
        else:
            self.save.setText(tr("status.not-saved"))
            why = problem if status.where is None else ""
            self.save.setToolTip("\n".join(x for x in (why, status.problem or "") if x))

    def flash(self, text: str, msecs: int) -> None:
        """A passing message (``Saved to …``, ``… is thinking``) that clears itself after ``msecs``."""
        self.bar.showMessage(text, msecs)

    def clear_message(self) -> None:
        self.bar.clearMessage()
