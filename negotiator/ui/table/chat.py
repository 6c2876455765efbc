"""Messages: what was written to this delegation, on the table screen.

Three kinds of line, oldest first:
- the trainer's messages to this seat, to the whole table or to every table (``trainer-message`` lines of the seat's
  record: the game shows a seat only the lines meant for it, so a message to another seat never reaches this panel);
- private messages between this delegation and another (``private-message`` lines, in every game);
- in a class, the team's own chat: every laptop holding the same seat (and the trainer) reads it, nobody else
  (:meth:`negotiator.net.client.RemoteSeat.chat`), and the host's turn-timer warnings. A line field sends to the team.

The record lines come from the seat's view; the team's lines arrive on the network thread and are handed to the GUI
thread through a queued signal.
"""

from __future__ import annotations

import html
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QTimer, Signal
from PySide6.QtWidgets import QHBoxLayout, QLineEdit, QPushButton, QTextBrowser, QVBoxLayout, QWidget

from negotiator.game.views import SeatView
from negotiator.model.public import PublicScenario
from negotiator.net.client import RemoteNotice, RemoteSeat
from negotiator.ui import language
from negotiator.ui.language import bind, tr
from negotiator.ui.viewmodel import entry_sentence

KINDS = ("trainer-message", "private-message")
"""Kinds of record line shown here."""
MAX_TEAM_LINES = 500
"""Team lines kept on screen (the oldest go first; a class is a few hundred lines at most: a design choice)."""


class ChatPanel(QWidget):
    """The messages panel. ``text_did_send(text)``: the team chat field was sent (the screen's owner sends it)."""

    line_did_arrive = Signal(object)  # RemoteNotice, from the network thread
    text_did_send = Signal(str)
    line_did_show = Signal()  # a new line came in: the screen brings the panel to the front

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("chat")
        self.browser = QTextBrowser()
        self.browser.setObjectName("chat-browser")
        bind(self.browser, "chat.name", "setAccessibleName")
        self.field = QLineEdit()
        self.field.setObjectName("chat-field")
        self.field.setMaxLength(500)
        bind(self.field, "chat.field.hint", "setPlaceholderText")
        self.send_button = QPushButton()
        self.send_button.setObjectName("chat-send")
        bind(self.send_button, "chat.send")
        row = QHBoxLayout()
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(self.field, 1)
        row.addWidget(self.send_button)
        self.team_row = QWidget()
        self.team_row.setLayout(row)
        self.team_row.hide()
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addWidget(self.browser, 1)
        layout.addWidget(self.team_row)
        self.record: list[tuple[int, str]] = []
        """(round, sentence) of the record's lines for this seat."""
        self.team: list[tuple[int, str]] = []
        """(round, sentence) of the team's lines (and the clock's)."""
        self._round = 0
        self._view: tuple[PublicScenario, SeatView] | None = None
        self._unsubscribe: Callable[[], None] | None = None
        self._channel: RemoteSeat | None = None
        self.line_did_arrive.connect(self._on_line)
        self.send_button.clicked.connect(self._send)
        self.field.returnPressed.connect(self._send)

    @property
    def lines(self) -> list[str]:
        """Every line shown, oldest first (tests read them)."""
        merged = sorted(
            [(r, 0, k, s) for k, (r, s) in enumerate(self.record)]
            + [(r, 1, k, s) for k, (r, s) in enumerate(self.team)]
        )
        return [s for *_, s in merged]

    # ------------------------------------------------------------------------------------------ the record
    def show_view(self, scenario: PublicScenario, view: SeatView) -> None:
        before = self._view
        self._view = (scenario, view)
        self._round = view.round
        self.record = [
            (e.round, entry_sentence(scenario, e.kind, e.seat, e.ref, e.reason))
            for e in view.transcript
            if e.kind in KINDS
        ]
        self._draw()
        if before is not None and before[1].seat == view.seat and len(self.record) > _count(before[1]):
            self.line_did_show.emit()

    # ------------------------------------------------------------------------------------------ the team
    def attach(self, game: Any) -> None:
        """Take the team's lines of ``game`` when it is a seat of a class table (its channel is a remote seat)."""
        self.detach()
        channel = getattr(game, "channel", None)
        if not isinstance(channel, RemoteSeat):
            return
        self._channel = channel
        self._unsubscribe = channel.subscribe_events(self._from_network)
        self.team_row.show()

    def detach(self) -> None:
        if self._unsubscribe is not None:
            self._unsubscribe()
        self._unsubscribe, self._channel = None, None
        self.team, self.record = [], []
        self.team_row.hide()
        self._draw()

    def _from_network(self, notice: RemoteNotice) -> None:
        if notice.kind == "chat":
            self.line_did_arrive.emit(notice)  # queued: this runs on the network thread

    def _on_line(self, notice: RemoteNotice) -> None:
        if notice.message_id:  # the host's own line (the turn timer), in this window's language
            text = tr(notice.message_id, **(notice.args or {}))
            line = tr("chat.clock-line", text=text)
        else:
            line = tr("chat.team-line", name=notice.name or "?", text=notice.text)
        self.team.append((self._round, line))
        del self.team[:-MAX_TEAM_LINES]
        self._draw()
        self.line_did_show.emit()

    def _send(self) -> None:
        text = self.field.text().strip()
        if not text:
            return
        self.field.clear()
        if self._channel is not None:
            self._channel.chat(text)
        self.text_did_send.emit(text)

    def retranslate(self) -> None:
        """Draw the record's lines again in the window's language (the team's lines stay as they arrived)."""
        if self._view is not None:
            self.show_view(*self._view)

    # ------------------------------------------------------------------------------------------ drawing
    def _draw(self) -> None:
        lines = self.lines
        direction = "rtl" if language.is_rtl() else "ltr"
        if not lines:
            self.browser.setHtml(f"<p dir='{direction}'>{html.escape(tr('chat.empty'))}</p>")
            return
        # each line's direction is the window's: a line that opens with a Latin name in an isolate ("Omar (your
        # team): ...") would otherwise be laid out left to right in Hebrew and Arabic
        body = "".join(f"<p dir='{direction}'>{html.escape(line)}</p>" for line in lines)
        self.browser.setHtml(body)
        bar = self.browser.verticalScrollBar()
        # the newest line in sight, once the new text is laid out
        QTimer.singleShot(0, self.browser, lambda: bar.setValue(bar.maximum()))


def _count(view: SeatView) -> int:
    return sum(1 for e in view.transcript if e.kind in KINDS)
