"""The trainer console over the network: the console's handle on a class served by another computer.

A trainer (or a second trainer) who joins a class with the trainer's token gets the same console as on the host's
computer: the overview of every table, one table in depth, every intervention. This is that console's
:class:`~negotiator.net.trainer.ConsoleLink`, on a :class:`~negotiator.net.client.RemoteSeat` whose role is the
trainer's: it keeps the latest observer view of each table (the host's ``welcome`` and ``update`` frames), the
latest ``overview`` frame, and sends interventions as ``intervene`` frames, one per table so each table answers for
itself. The host never sends the log, the state or the seeds, so the log tab and the per-delegation exports stay on
the host's console. Whether this console may intervene is the host's to say (``overview.control``): the first
trainer who intervenes holds control, any other watches read-only.
"""

from __future__ import annotations

import concurrent.futures
import threading
import time
from typing import Any

from pydantic import ValidationError

from negotiator.game.commands import Intervention
from negotiator.game.interventions import TRAINER_LINES
from negotiator.game.views import TrainerView
from negotiator.net.client import NetError, RemoteNotice, RemoteSeat
from negotiator.net.protocol import TableRow
from negotiator.net.trainer import Outcome, TableDetail
from negotiator.net.views import view_from_json
from negotiator.session.session import Session


class RemoteConsole:
    """The trainer's console on a class host reached over the network (thread-safe)."""

    def __init__(self, link: RemoteSeat, timeout: float = 10.0) -> None:
        """``link``: a trainer's connection, subscribed here before it connects (so no update is missed) or already
        connected. Waits (at most ``timeout``) for the host's first overview."""
        self.link = link
        self._lock = threading.Lock()
        self._raw: dict[int, dict[str, Any]] = {}
        self._decoded: dict[int, tuple[int, TrainerView]] = {}
        self._unsubscribe = link.subscribe_events(self._on_notice)
        if link.role is None:
            link.connect(timeout)
        if link.role != "trainer":
            link.close()
            raise NetError("this token is not the trainer's; use a seat card to play a seat")
        self._take(link.view())
        end = time.monotonic() + timeout
        while link.overview is None and time.monotonic() < end:
            time.sleep(0.02)
        if link.overview is None:
            link.close()
            raise NetError(f"the host at {link.url} sent no overview of the class; try again")

    @classmethod
    def join(cls, url: str, token: str, name: str = "", timeout: float = 10.0) -> RemoteConsole:
        """Join the class at ``url`` with the trainer's ``token``; raises :class:`NetError` saying why not."""
        return cls(RemoteSeat(url, token, name, reconnect=True), timeout)

    # ------------------------------------------------------------------------------------------ what arrives
    def _take(self, view: Any) -> None:
        tables = view.get("tables", []) if isinstance(view, dict) else []
        with self._lock:
            for t in tables:
                self._raw[int(t["table"])] = t

    def _on_notice(self, notice: RemoteNotice) -> None:
        if notice.kind == "welcome":
            self._take(notice.view)
        elif notice.kind == "update" and isinstance(notice.view, dict) and "table" in notice.view:
            with self._lock:
                number = int(notice.view["table"])
                known = self._raw.get(number)
                if known is None or _move(known) <= notice.move:
                    self._raw[number] = notice.view

    # ------------------------------------------------------------------------------------------ ConsoleLink
    @property
    def read_only(self) -> bool:
        overview = self.link.overview
        return overview is None or not overview.control

    @property
    def url(self) -> str:
        return self.link.url

    @property
    def room_code(self) -> str:
        return self.link.room or ""

    @property
    def scenario_id(self) -> str:
        return self.link.scenario_id or ""

    def numbers(self) -> list[int]:
        with self._lock:
            return sorted(self._raw)

    def overview(self) -> list[TableRow]:
        overview = self.link.overview
        return list(overview.tables) if overview is not None else []

    def moves(self, table: int) -> int:
        with self._lock:
            return _move(self._raw[table])

    def observer(self, table: int) -> TrainerView:
        with self._lock:
            raw = self._raw[table]
            move = _move(raw)
            cached = self._decoded.get(table)
            if cached is not None and cached[0] == move:
                return cached[1]
        try:
            view = view_from_json(raw["observer"], TrainerView)
        except (KeyError, ValidationError) as exc:
            raise NetError(
                f"the host sent a view of table {table} this console cannot read ({exc})"
            ) from None
        with self._lock:
            self._decoded[table] = (move, view)
        return view

    def detail(self, table: int) -> TableDetail:
        with self._lock:
            seats: dict[str, dict[str, Any]] = dict(self._raw[table].get("seats", {}))
        row = next((r for r in self.overview() if r.table == table), None)
        view = self.observer(table)
        actions = tuple(
            (-1, e.round, e.kind, e.ref) for e in view.transcript if e.seat == "" and e.kind in TRAINER_LINES
        )
        return TableDetail(
            table,
            tuple(seats),
            tuple(s for s, info in seats.items() if info.get("controller") != "bot"),
            row.paused if row is not None else False,
            row.timer if row is not None else 0,
            0,
            actions,
            None,
        )

    def session_of(self, table: int) -> Session | None:
        return None  # the host keeps the sessions

    def intervene(
        self, command: Intervention, table: int | None = None, timeout: float = 30.0
    ) -> list[Outcome]:
        """Send ``command`` to ``table`` (to each table when None) and wait for each answer."""
        numbers = self.numbers() if table is None else [table]
        futures = {n: self.link.intervene(command, n) for n in numbers}
        out = []
        for number, future in futures.items():
            try:
                out.append(Outcome(number, future.result(timeout)))
            except concurrent.futures.TimeoutError:
                out.append(Outcome(number, None, "no answer from the host in time; it may still apply"))
            except NetError as exc:
                out.append(Outcome(number, None, str(exc)))
        return out

    def release(self) -> None:
        """Leave the class (the console closed); the host gives control to the next trainer who intervenes."""
        self._unsubscribe()
        self.link.close()


def _move(raw: dict[str, Any]) -> int:
    observer = raw.get("observer", {})
    public = observer.get("public", {}) if isinstance(observer, dict) else {}
    move = public.get("move", -1) if isinstance(public, dict) else -1
    return int(move)
