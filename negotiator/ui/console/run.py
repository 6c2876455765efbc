"""Opening a class from the console's setup: a room of tables on a running host (no Qt here).

Every table is an ordinary stored game (see :mod:`negotiator.net.classroom`); a turn timer chosen in the setup is
the trainer's first intervention at every table, so the log says when it was set.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from negotiator.game.commands import TRAINER, SetTimer
from negotiator.model.registry import get_scenario
from negotiator.net.classroom import make_tables, new_room
from negotiator.net.host import ClassHost, HostLimits, lan_address
from negotiator.net.remote_console import RemoteConsole
from negotiator.net.room import Room
from negotiator.net.storage import WriteBehind
from negotiator.net.trainer import TrainerConsole
from negotiator.session.ports import GameStorage
from negotiator.ui.console.classlist import Student, seat_names


@dataclass(frozen=True)
class ClassPlan:
    """What the setup page chose."""

    scenario_id: str
    human_by_table: tuple[frozenset[str], ...]
    """The delegations students play, one set per table."""
    personas: Mapping[str, str] = field(default_factory=dict)
    """Persona of each AI delegation (absent: the delegation's usual style)."""
    timer: int = 0
    warn: int = 0
    students: tuple[Student, ...] = ()
    seed: int | None = None

    @property
    def tables(self) -> int:
        return len(self.human_by_table)

    def names(self) -> dict[tuple[int, str], list[str]]:
        """(table, delegation) -> the names the class list seats there."""
        return seat_names(self.students)


@dataclass
class RunningClass:
    """A class the console opened: its host (serving), the write-behind store, and the console's handle."""

    host: ClassHost
    store: WriteBehind | None
    console: TrainerConsole
    plan: ClassPlan | None = None
    db: Any = None
    owned: bool = True
    """Whether closing the console stops the class (False: the console was opened on a class run elsewhere, the
    "Host a class" dialog, which stops it itself)."""

    @property
    def room(self) -> Room:
        return self.host.room

    def close(self) -> None:
        """Stop the host (every table's moves are stored first) and release the store."""
        self.console.release()
        if not self.owned:
            return
        self.host.stop()
        if self.store is not None:
            self.store.close()
            self.store = None
        if self.db is not None and hasattr(self.db, "close"):
            self.db.close()
            self.db = None


@dataclass
class RemoteClass:
    """A class served by another computer, joined with the trainer's token (no seat cards: the tokens are the
    host's)."""

    console: RemoteConsole
    plan: ClassPlan | None = None

    def close(self) -> None:
        """Leave the class (it goes on on its host)."""
        self.console.release()


AnyClass = RunningClass | RemoteClass
"""What the console window runs on: a class it serves (or the Host dialog serves) or one it joined."""


def open_class(
    plan: ClassPlan,
    storage: GameStorage,
    *,
    bind: str = "127.0.0.1",
    port: int = 0,
    advertise: str | None = None,
    limits: HostLimits | None = None,
    db: Any = None,
) -> RunningClass:
    """Start the tables of ``plan`` on a new host and take the console's control of it."""
    scenario = get_scenario(plan.scenario_id)
    store = WriteBehind(storage)
    room, sessions = new_room(
        scenario,
        plan.tables,
        store,
        personas=dict(plan.personas),
        seed=plan.seed,
        human_by_table=[set(h) for h in plan.human_by_table],
    )
    if advertise is None and bind in ("0.0.0.0", ""):
        advertise = lan_address()
    host = ClassHost(
        room, make_tables(room, sessions, store), bind=bind, port=port, advertise=advertise, limits=limits
    )
    host.start()
    console = host.console(room.trainer)
    if plan.timer:  # the window does not wait for the tables: the overview shows each table's timer once set
        console.intervene_async(SetTimer(TRAINER, plan.timer, plan.warn))
    return RunningClass(host, store, console, plan, db)
