"""Classroom screens: "Host a class" (the trainer's laptop serves several tables) and "Join a class" (a student's
laptop plays one seat of a table on that host).

Hosting runs the same :class:`~negotiator.net.host.ClassHost` as ``negotiator host``, in this process on its own
thread; the dialog shows the room code and address in large type with a QR code, every seat's token, and prints seat
cards (one per seat: table, delegation, address, room code, token and a QR code of the join link) as a PDF.
Joining needs the address and the room code from the trainer's screen and the token from the seat card (or the
whole join link, pasted); the table then plays in the ordinary window through a
:class:`~negotiator.net.remote_game.RemoteGame`.
"""

from __future__ import annotations

import html
import io
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import parse_qs, quote, urlparse

import segno
from PySide6.QtCore import QMarginsF, QSizeF, Qt, Signal
from PySide6.QtGui import QGuiApplication, QPageLayout, QPageSize, QPdfWriter, QPixmap, QTextDocument
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QFileDialog,
    QFormLayout,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLayout,
    QLineEdit,
    QSpinBox,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from negotiator.game.commands import TRAINER, SetTimer
from negotiator.model.errors import NegotiatorError
from negotiator.model.registry import get_scenario, shipped_scenarios
from negotiator.net.client import RemoteSeat
from negotiator.net.remote_console import RemoteConsole
from negotiator.net.remote_game import RemoteGame
from negotiator.text.message import delegation as delegation_ref
from negotiator.text.scenario import scenario_text
from negotiator.ui import language
from negotiator.ui.console.classlist import ClassListError, Student, read_class_list, seat_names
from negotiator.ui.widgets import button, heading, para
from negotiator.ui.words import catalogue_language, iso, name, tr

if TYPE_CHECKING:
    from negotiator.ui.shell import MainWindow

DEFAULT_PORT = 47800


def _title(scenario: Any) -> str:
    """The scenario's title in the window's language."""
    return scenario_text(scenario, "scenario.title", scenario.scenario.title, catalogue_language())


def _seat(scenario: Any, seat: str) -> str:
    """A delegation's name in the window's language."""
    return name(scenario, delegation_ref(seat))


def _row(form: QFormLayout, msgid: str, field: QWidget) -> None:
    """A form row whose label is the catalogue entry ``msgid`` (its ``&`` mnemonic focuses ``field``)."""
    label = QLabel()
    language.bind(label, msgid)
    label.setBuddy(field)
    form.addRow(label, field)


# ---------------------------------------------------------------------------------------------- join links
def join_link(url: str, room: str, token: str | None = None) -> str:
    """``negotiator://join?host=ws://...&room=CODE[&token=...]``: what the QR codes hold and the join box reads."""
    link = f"negotiator://join?host={quote(url, safe=':/')}&room={quote(room)}"
    return link + (f"&token={quote(token)}" if token else "")


@dataclass(frozen=True)
class JoinDetails:
    url: str
    room: str
    token: str


def read_join_link(text: str) -> JoinDetails | None:
    """The parts of a pasted join link, or ``None`` when the text is not one."""
    parsed = urlparse(text.strip())
    if parsed.scheme != "negotiator" or parsed.netloc != "join":
        return None
    q = parse_qs(parsed.query)
    return JoinDetails(q.get("host", [""])[0], q.get("room", [""])[0], q.get("token", [""])[0])


def host_url(address: str) -> str:
    """What a student types (``192.168.1.20``, ``192.168.1.20:47800`` or ``ws://...``) as a WebSocket address."""
    address = address.strip()
    if not address:
        return ""
    if "://" not in address:
        address = "ws://" + address
    parsed = urlparse(address)
    if parsed.port is None:
        address = f"{parsed.scheme}://{parsed.hostname}:{DEFAULT_PORT}"
    return address


def qr_pixmap(text: str, scale: int = 6) -> QPixmap:
    """A QR code as a pixmap (segno draws it; Qt shows it)."""
    buffer = io.BytesIO()
    segno.make(text, error="m").save(buffer, kind="png", scale=scale, border=2)
    pixmap = QPixmap()
    pixmap.loadFromData(buffer.getvalue(), "PNG")
    return pixmap


def qr_data_uri(text: str, scale: int = 4) -> str:
    return str(segno.make(text, error="m").png_data_uri(scale=scale, border=2))


# ---------------------------------------------------------------------------------------------- seat cards
def seat_cards_html(url: str, room: Any, names: dict[tuple[int, str], list[str]] | None = None) -> str:
    """Every seat's card (HTML with embedded QR images), several to a page; ``names`` (from a class list) puts the
    students' names of a (table, delegation) on its card."""
    scenario = get_scenario(room.scenario_id)
    cards = []
    for t in room.tables:
        for seat, token in t.seats.items():
            link = join_link(url, room.code, token)
            who = ", ".join((names or {}).get((t.number, seat), []))
            who_line = f"<p><b>{html.escape(who)}</b></p>" if who else ""
            cards.append(
                "<table width='100%' border=1 cellpadding=10 cellspacing=0 style='margin-bottom:14px'><tr>"
                f"<td><h3>{html.escape(tr('classroom.card.table', table=t.number, seat=_seat(scenario, seat)))}"
                f"</h3>{who_line}<p>{html.escape(_title(scenario))}</p>"
                f"<p>{html.escape(tr('classroom.address'))} <b>{iso(url.removeprefix('ws://'))}</b><br>"
                f"{html.escape(tr('classroom.card.room'))} <b>{iso(room.code)}</b><br>"
                f"{html.escape(tr('classroom.card.token'))} <b><tt>{iso(token)}</tt></b></p>"
                f"<p><small>{html.escape(tr('classroom.card.note'))}</small></p></td>"
                f"<td width=160><img src='{qr_data_uri(link)}' width=150 height=150></td></tr></table>"
            )
    return "<html><body>" + "".join(cards) + "</body></html>"


def write_seat_cards(cards_html: str, path: str | Path) -> Path:
    """Seat cards (from :func:`seat_cards_html`) as an A4 PDF."""
    out = Path(path)
    writer = QPdfWriter(str(out))
    writer.setPageLayout(
        QPageLayout(
            QPageSize(QPageSize.PageSizeId.A4),
            QPageLayout.Orientation.Portrait,
            QMarginsF(15, 15, 15, 15),
        )
    )
    writer.setResolution(96)
    document = QTextDocument()
    document.setHtml(cards_html)
    document.setPageSize(QSizeF(writer.width(), writer.height()))
    document.print_(writer)
    return out


# ---------------------------------------------------------------------------------------------- join
class JoinClassDialog(QDialog):
    """Address, room code, seat token and a name; joining happens in :meth:`join` (it waits at most a few seconds)."""

    game_did_join = Signal(object)  # RemoteGame
    console_did_join = Signal(object)  # RemoteConsole: the trainer's token opens the trainer console

    def __init__(self, parent: QWidget | None = None, connect_timeout: float = 6.0) -> None:
        super().__init__(parent)
        self.setObjectName("join-class")
        language.bind(self, "classroom.join.title", "setWindowTitle")
        self.connect_timeout = connect_timeout
        layout = QVBoxLayout(self)
        title = heading("")
        language.bind(title, "classroom.join.title")
        layout.addWidget(title)
        intro = para("", role="muted")
        language.bind(intro, "classroom.join.intro")
        layout.addWidget(intro)
        form = QFormLayout()
        self.address = QLineEdit()
        self.address.setObjectName("join-address")
        self.address.setPlaceholderText("192.168.1.20:47800")
        self.room = QLineEdit()
        self.room.setObjectName("join-room")
        self.room.setPlaceholderText("K4S726")
        self.token = QLineEdit()
        self.token.setObjectName("join-token")
        self.token.setPlaceholderText("XJF4-JEQV-PFDH-7ZGW")
        self.name = QLineEdit()
        self.name.setObjectName("join-name")
        language.bind(self.name, "classroom.join.name.hint", "setPlaceholderText")
        _row(form, "classroom.join.address", self.address)
        _row(form, "classroom.join.room", self.room)
        _row(form, "classroom.join.token", self.token)
        _row(form, "classroom.join.name", self.name)
        layout.addLayout(form)
        self.problem = para("", role="error")
        self.problem.setObjectName("join-problem")
        layout.addWidget(self.problem)
        row = QHBoxLayout()
        row.addStretch(1)
        self.cancel_button = button("", name="join-cancel")
        language.bind(self.cancel_button, "classroom.cancel")
        self.join_button = button("", primary=True, name="join")
        language.bind(self.join_button, "classroom.join.button")
        language.bind(self.join_button, "classroom.join.button.tip", "setToolTip")
        row.addWidget(self.cancel_button)
        row.addWidget(self.join_button)
        layout.addLayout(row)
        self.cancel_button.clicked.connect(self.reject)
        self.join_button.clicked.connect(self.join)
        self.address.textChanged.connect(self._on_address_changed)
        # Never smaller than the contents need (a larger font, a problem in two lines): a fixed size clipped the
        # boxes at font x1.3.
        layout.setSizeConstraint(QLayout.SizeConstraint.SetMinimumSize)
        self.resize(max(520, self.sizeHint().width()), self.sizeHint().height())

    def _on_address_changed(self, text: str) -> None:
        details = read_join_link(text)
        if details is not None:
            self.address.setText(details.url)
            self.room.setText(details.room)
            if details.token:
                self.token.setText(details.token)

    def join(self) -> RemoteGame | RemoteConsole | None:
        url = host_url(self.address.text())
        room = self.room.text().strip().upper()
        token = self.token.text().strip()
        # One sentence per combination: a list joined with "and" does not translate.
        missing = "-".join(n for n, v in (("address", url), ("room", room), ("token", token)) if not v)
        if missing:
            self.problem.setText(tr(f"classroom.join.missing.{missing}"))
            return None
        self.problem.setText(tr("classroom.join.connecting"))
        QGuiApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
        seat = RemoteSeat(url, token, self.name.text().strip(), reconnect=True)
        try:
            seat.connect(self.connect_timeout)
            if seat.room != room:
                seat.close()
                self.problem.setText(tr("classroom.join.wrong-room", found=seat.room, typed=room))
                return None
            game: RemoteGame | RemoteConsole = (
                RemoteConsole(seat, self.connect_timeout) if seat.role == "trainer" else RemoteGame(seat)
            )
        except NegotiatorError as exc:
            seat.close()
            self.problem.setText(str(exc))
            return None
        finally:
            QGuiApplication.restoreOverrideCursor()
        self.problem.setText("")
        if isinstance(game, RemoteConsole):
            self.console_did_join.emit(game)
        else:
            self.game_did_join.emit(game)
        self.accept()
        return game


# ---------------------------------------------------------------------------------------------- host
class HostClassDialog(QDialog):
    """Choose the scenario, tables and seats; then the class runs and this dialog shows how to join it."""

    timer_refused = Signal(str)
    """A table refused the turn timer (from the table's thread; shown as the dialog's problem line)."""

    def __init__(
        self,
        open_storage: Callable[[], Any],
        parent: QWidget | None = None,
        *,
        bind: str = "0.0.0.0",
        port: int = DEFAULT_PORT,
        advertise: str | None = None,
        saves_dir: Path | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("host-class")
        self._saves_dir = saves_dir
        self.room_file: Path | None = None
        """The class's room file (as ``negotiator host`` writes it), for ``negotiator host --resume``."""
        language.bind(self, "classroom.host.title", "setWindowTitle")
        self._open_storage = open_storage
        self._bind, self._port, self._advertise = bind, port, advertise
        self.host: Any = None
        self.store: Any = None
        self.room: Any = None
        self._db: Any = None
        self._control: Any = None
        """The trainer console's handle the dialog took to set the timers: the first console window gets it, so
        that window holds control even while a table is still answering."""
        self.timer_answers: dict[int, Any] = {}
        """Each table's answer to the turn timer (futures: the dialog never waits for them)."""
        layout = QVBoxLayout(self)
        title = heading("")
        language.bind(title, "classroom.host.title")
        layout.addWidget(title)
        self.setup_panel = QWidget()
        form = QFormLayout(self.setup_panel)
        self.scenario = QComboBox()
        self.scenario.setObjectName("host-scenario")
        for sid in shipped_scenarios():
            self.scenario.addItem(_title(get_scenario(sid)), sid)
        self.tables = QSpinBox()
        self.tables.setObjectName("host-tables")
        self.tables.setRange(1, 40)
        self.tables.setValue(4)
        self.seats_box = QWidget()
        self.seats_layout = QVBoxLayout(self.seats_box)
        self.seats_layout.setContentsMargins(0, 0, 0, 0)
        self.seat_checks: dict[str, QCheckBox] = {}
        self.persona = QComboBox()
        self.persona.setObjectName("host-persona")
        self.persona.addItem("", "")
        language.bind(self.persona, "classroom.host.persona.usual", "setItemText", 0)
        for k, p in enumerate(("pragmatist", "reciprocator", "conciliator", "hard-liner"), start=1):
            self.persona.addItem("", p)
            language.bind(self.persona, f"persona.{p}", "setItemText", k)
        # The rest of a class's setup, as the console's own setup page has it: a turn timer for every table (the
        # host warns, then ends the turn) and a class list whose names go on the seat cards.
        self.timer = QSpinBox()
        self.timer.setObjectName("host-timer")
        self.timer.setRange(0, 3600)
        self.timer.setSingleStep(30)
        language.bind(self.timer, "console.setup.no-timer", "setSpecialValueText")
        language.bind(self.timer, "console.unit.seconds", "setSuffix")
        self.warn = QSpinBox()
        self.warn.setObjectName("host-warn")
        self.warn.setRange(0, 600)
        self.warn.setValue(30)
        language.bind(self.warn, "console.unit.seconds", "setSuffix")
        self.students: list[Student] = []
        list_box = QWidget()
        list_row = QHBoxLayout(list_box)
        list_row.setContentsMargins(0, 0, 0, 0)
        self.list_button = button("", name="host-class-list")
        language.bind(self.list_button, "console.setup.class-list")
        self.list_label = para("", role="muted")
        self.list_label.setObjectName("host-class-list-label")
        list_row.addWidget(self.list_button)
        list_row.addWidget(self.list_label, 1)
        _row(form, "classroom.host.scenario", self.scenario)
        _row(form, "classroom.host.tables", self.tables)
        _row(form, "classroom.host.students", self.seats_box)
        _row(form, "classroom.host.ai", self.persona)
        _row(form, "classroom.host.timer", self.timer)
        _row(form, "classroom.host.warn", self.warn)
        form.addRow(list_box)
        layout.addWidget(self.setup_panel)
        self.setup_stretch = (
            QWidget()
        )  # keeps the form at the top (the running panel takes the room once open)
        layout.addWidget(self.setup_stretch, 1)
        self.running_panel = QWidget()
        self.running_panel.setObjectName("host-running")
        running = QGridLayout(self.running_panel)
        self.code_label = heading("", role="title")
        self.code_label.setObjectName("host-room-code")
        self.address_label = para("")
        self.address_label.setObjectName("host-address")
        self.qr_label = QLabel()
        self.qr_label.setObjectName("host-qr")
        self.tokens_view = QTextBrowser()
        self.tokens_view.setObjectName("host-tokens")
        # This screen is often projected for the class to read the room code: the tokens (whoever holds one takes
        # that seat, the trainer's runs the class) stay hidden until the trainer asks for them.
        self.show_tokens = QCheckBox()
        language.bind(self.show_tokens, "classroom.host.show-tokens")
        self.show_tokens.setObjectName("host-show-tokens")
        self.show_tokens.toggled.connect(self.tokens_view.setVisible)
        self.tokens_view.hide()
        running.addWidget(self.code_label, 0, 0)
        running.addWidget(self.address_label, 1, 0)
        running.addWidget(self.qr_label, 0, 1, 2, 1)
        running.addWidget(self.show_tokens, 2, 0, 1, 2)
        running.addWidget(self.tokens_view, 3, 0, 1, 2)
        running.setRowStretch(4, 1)
        self.running_panel.hide()
        layout.addWidget(self.running_panel, 1)
        self.problem = para("", role="error")
        layout.addWidget(self.problem)
        row = QHBoxLayout()
        row.addStretch(1)
        self.cards_button = button("", name="host-cards")
        language.bind(self.cards_button, "classroom.host.cards")
        language.bind(self.cards_button, "classroom.host.cards.tip", "setToolTip")
        self.cards_button.hide()
        self.console_button = button("", name="host-console")
        language.bind(self.console_button, "classroom.host.console")
        language.bind(self.console_button, "classroom.host.console.tip", "setToolTip")
        self.console_button.hide()
        self.console: Any = None
        self.close_button = button("", name="host-close")
        language.bind(self.close_button, "classroom.host.close")
        self.open_button = button("", primary=True, name="host-open")
        language.bind(self.open_button, "classroom.host.open")
        language.bind(self.open_button, "classroom.host.open.tip", "setToolTip")
        row.addWidget(self.cards_button)
        row.addWidget(self.console_button)
        row.addWidget(self.close_button)
        row.addWidget(self.open_button)
        layout.addLayout(row)
        self.scenario.currentIndexChanged.connect(self._fill_seats)
        self.open_button.clicked.connect(self.open_class)
        self.close_button.clicked.connect(self.close_class)
        self.cards_button.clicked.connect(self._cards_dialog)
        self.console_button.clicked.connect(self.open_console)
        self.timer_refused.connect(self.problem.setText)
        self.list_button.clicked.connect(self._choose_list)
        self._fill_seats()
        self.resize(760, 560)

    def _fill_seats(self) -> None:
        while self.seats_layout.count():
            item = self.seats_layout.takeAt(0)
            widget = item.widget() if item is not None else None
            if widget is not None:
                widget.deleteLater()
        self.seat_checks = {}
        scenario = get_scenario(str(self.scenario.currentData()))
        for d in scenario.delegations:
            check = QCheckBox(_seat(scenario, d.id))
            check.setObjectName(f"host-seat-{d.id}")
            check.setChecked(d.role != "mediator")
            self.seat_checks[d.id] = check
            self.seats_layout.addWidget(check)

    def _choose_list(self) -> None:
        path, _ = QFileDialog.getOpenFileName(self, tr("console.setup.class-list"), "", "CSV (*.csv *.txt)")
        if path:
            self.load_class_list(path)

    def load_class_list(self, path: str | Path) -> bool:
        """Read a class list (name, table, delegation): its names go on the seat cards, its delegations are ticked
        as students' seats, and the tables grow to the highest table it names. A bad list is said in one line."""
        scenario = get_scenario(str(self.scenario.currentData()))
        try:
            students = read_class_list(path, [d.id for d in scenario.delegations], self.tables.maximum())
        except ClassListError as exc:
            self.problem.setText(str(exc))
            return False
        self.problem.setText("")
        self.students = students
        self.tables.setValue(max(self.tables.value(), max((s.table for s in students), default=1)))
        for s in students:
            if s.delegation in self.seat_checks:
                self.seat_checks[s.delegation].setChecked(True)
        language.bind(self.list_label, "console.setup.class-list-read", count=len(students))
        return True

    def open_class(self) -> bool:
        from negotiator.net.classroom import default_room_file, make_tables, new_room
        from negotiator.net.host import ClassHost
        from negotiator.net.storage import WriteBehind
        from negotiator.store.location import default_saves_dir

        timer, warn = self.timer.value(), self.warn.value()
        if timer and warn >= timer:
            self.problem.setText(tr("console.setup.warn-late"))
            return False
        scenario = get_scenario(str(self.scenario.currentData()))
        human = [s for s, c in self.seat_checks.items() if c.isChecked()]
        persona = str(self.persona.currentData() or "")
        personas = {d.id: persona for d in scenario.principals} if persona else {}
        try:
            self._db = self._open_storage()
            self.store = WriteBehind(self._db)
            # A class list says who sits where: at each table students play the seats it names there (a table it
            # names nobody at keeps the ticked seats); without one every table has the ticked seats.
            by_table = None
            if self.students:
                by_table = [
                    {s.delegation for s in self.students if s.table == t} or set(human)
                    for t in range(1, self.tables.value() + 1)
                ]
            self.room, sessions = new_room(
                scenario,
                self.tables.value(),
                self.store,
                human=human,
                personas=personas,
                human_by_table=by_table,
            )
            # The same room file as `negotiator host` keeps, in the same place: the class can be started again
            # with `negotiator host --resume FILE` (after a crash, or to go on with it headless).
            self.room_file = default_room_file(self._saves_dir or default_saves_dir(), self.room)
            self.room.save(self.room_file)
            advertise = self._advertise
            if advertise is None and self._bind in ("0.0.0.0", ""):
                from negotiator.net.host import lan_address

                advertise = lan_address()
            self.host = ClassHost(
                self.room,
                make_tables(self.room, sessions, self.store),
                bind=self._bind,
                port=self._port,
                advertise=advertise,
                room_file=self.room_file,
            )
            self.host.start()
            if timer:
                # every table's timer, as a trainer's command in each table's log, without waiting for the tables
                # (a table busy with a long move would freeze the window); the console window opened later gets
                # this handle, so it holds control
                self._control = self.host.console(self.room.trainer)
                self.timer_answers = self._control.intervene_async(SetTimer(TRAINER, timer, warn))
                for future in self.timer_answers.values():
                    future.add_done_callback(self._timer_answered)
        except (NegotiatorError, OSError) as exc:
            self.problem.setText(tr("console.could-not-open", why=str(exc)))
            self._release()
            return False
        self._show_running()
        return True

    def _show_running(self) -> None:
        host, room = self.host, self.room
        self.setup_panel.hide()
        self.setup_stretch.hide()
        self.open_button.hide()
        self.cards_button.show()
        self.console_button.show()
        language.bind(self.close_button, "classroom.host.close-class")
        language.bind(self.code_label, "classroom.host.room", code=room.code)
        self.address_label.setText(
            f"{html.escape(tr('classroom.address'))} <b>{iso(host.url.removeprefix('ws://'))}</b><br>"
            + html.escape(tr("classroom.host.students-how"))
        )
        self.qr_label.setPixmap(qr_pixmap(join_link(host.url, room.code), scale=5))
        scenario = get_scenario(room.scenario_id)
        rows = []
        for t in room.tables:
            seats = "".join(
                f"<tr><td>{html.escape(_seat(scenario, s))}</td><td><tt>{iso(tok)}</tt></td></tr>"
                for s, tok in t.seats.items()
            )
            rows.append(
                f"<h4>{html.escape(tr('classroom.host.table', table=t.number))}</h4><table cellspacing=6>{seats}</table>"
            )
        trainer = html.escape(tr("classroom.host.trainer-token"))
        self.tokens_view.setHtml(f"<p>{trainer} <tt>{iso(room.trainer)}</tt></p>" + "".join(rows))
        self.running_panel.show()

    def seat_cards_html(self) -> str:
        """Every seat's card (HTML with embedded QR images), several to a page."""
        return seat_cards_html(self.host.url, self.room, seat_names(self.students) or None)

    def write_seat_cards(self, path: str | Path) -> Path:
        """The seat cards as an A4 PDF."""
        return write_seat_cards(self.seat_cards_html(), path)

    def _cards_dialog(self) -> None:
        path, _ = QFileDialog.getSaveFileName(
            self, tr("classroom.host.save-cards"), "seat-cards.pdf", "PDF (*.pdf)"
        )
        if path:
            self.write_seat_cards(path)

    def _timer_answered(self, future: Any) -> None:
        """A table's answer to the timer (its thread): a refusal is said on the dialog's problem line."""
        outcome = future.result()
        if outcome.move is None:
            self.timer_refused.emit(tr("console.refused", count=outcome.table, why=outcome.error or ""))

    def open_console(self) -> Any:
        """The trainer console on this class (it closes with the class; see :mod:`negotiator.ui.console`)."""
        from negotiator.ui.console.run import RunningClass
        from negotiator.ui.console.window import ConsoleWindow

        if self.host is None:
            return None
        if self.console is None or self.console.running is None:  # never opened, or closed since
            handle, self._control = self._control or self.host.console(self.room.trainer), None
            settings = getattr(self.parent(), "settings", None)
            lang = str(getattr(settings, "language", "en") or "en")
            self.console = ConsoleWindow(RunningClass(self.host, None, handle, owned=False), lang=lang)
        self.console.show()
        self.console.raise_()
        return self.console

    def close_class(self) -> None:
        self._release()
        self.accept()

    def _release(self) -> None:
        if self.console is not None:
            self.console.close()
            self.console = None
        if self._control is not None:
            self._control.release()
            self._control = None
        if self.host is not None:
            self.host.stop()
            self.host = None
        if self.store is not None:
            self.store.close()
            self.store = None
        if self._db is not None and hasattr(self._db, "close"):
            self._db.close()
            self._db = None

    def done(self, result: int) -> None:
        self._release()
        super().done(result)


# ---------------------------------------------------------------------------------------------- from the window
def open_join_dialog(window: MainWindow) -> JoinClassDialog:
    """Open "Join a class" over the main window; a joined table opens in the window like any game."""
    dlg = JoinClassDialog(window)
    dlg.game_did_join.connect(lambda game: attach_remote(window, game))
    dlg.console_did_join.connect(lambda console: open_remote_console(window, console))
    window.dialogs.open(dlg)
    return dlg


def open_remote_console(window: MainWindow, console: RemoteConsole) -> Any:
    """The trainer joined with the trainer's token: the trainer console on that class, in its own window (closing
    it leaves the class, which goes on on its host)."""
    from negotiator.ui.console import ConsoleWindow
    from negotiator.ui.console.run import RemoteClass

    console_window = ConsoleWindow(RemoteClass(console), lang=catalogue_language(), parent=window)
    console_window.setWindowFlag(Qt.WindowType.Window)
    console_window.show()
    return console_window


def attach_remote(window: MainWindow, game: RemoteGame) -> None:
    """Play a joined table in the window without making it the "last game": that is a game in this computer's
    saves, which Continue reopens, and a class table is the host's (Continue would not find it here). Joining
    again with the seat card is how a student gets back to the table."""
    previous = window.settings.last_game
    window.attach(game)
    window.settings.last_game = previous
    # No undo at a class table (everyone has seen the move; the trainer can roll the table back): no Undo button
    # or menu entry, rather than one that is always greyed out.
    window.table.undo_offered = False
    window.table.update_actions()


def open_host_dialog(window: MainWindow) -> HostClassDialog:
    """Open "Host a class"; the class runs while the dialog is open and is closed (every table saved) with it."""

    def open_storage() -> Any:
        from negotiator.store.database import SaveDatabase
        from negotiator.store.location import default_location

        return SaveDatabase.open(default_location())

    dlg = HostClassDialog(open_storage, window)
    window.dialogs.open(dlg)
    return dlg
