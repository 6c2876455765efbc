"""Setting up a class: a new room of N tables (each a new stored game), or a room resumed from its file and store.

Each table is an ordinary game in the save store (its setup says which seats are human and which AI persona plays
the others), so the trainer can reopen, replay and export any table later like any game. Undo is off: in a class
every move is seen by others the moment it is made.

Sessions are write-behind: the state hash and the store write of a move happen on the session's writer thread once
the move has settled, after the table has sent every seat its new view (hashing on the table thread took 1.6 ms of
the 2.4 ms a move cost there, before a single view went out). A move's acknowledgement still waits for its write.
"""

from __future__ import annotations

import secrets
from collections.abc import Callable, Collection, Mapping, Sequence
from pathlib import Path

from negotiator.game.setup import GameSetup, SeatSetup, check_setup
from negotiator.model.registry import get_scenario
from negotiator.model.schema import Scenario
from negotiator.net.room import Room, RoomError, RoomTable, new_room_code, new_token
from negotiator.net.storage import WriteBehind
from negotiator.net.table import Table, TableFrames
from negotiator.session.ports import GameStorage
from negotiator.session.session import Session


def table_setup(
    scenario: Scenario, seed: int, human: Collection[str], personas: Mapping[str, str]
) -> GameSetup:
    """One table's setup: the ``human`` seats played by students, the others by AI with the chosen persona."""
    seats = tuple(
        SeatSetup(d.id, "human", None)
        if d.id in human
        else SeatSetup(d.id, "bot", personas.get(d.id, d.default_persona))
        for d in scenario.delegations
    )
    humans = sum(1 for s in seats if s.controller == "human")
    mode = "hotseat" if humans > 1 else "solo" if humans == 1 else "ai"
    setup = GameSetup(scenario.id, seats, seed, mode, allow_undo=False)  # type: ignore[arg-type]
    check_setup(scenario, setup)
    return setup


def new_room(
    scenario: Scenario,
    tables: int,
    storage: GameStorage,
    *,
    human: Collection[str] | None = None,
    personas: Mapping[str, str] | None = None,
    seed: int | None = None,
    human_by_table: Sequence[Collection[str]] | None = None,
) -> tuple[Room, list[Session]]:
    """A fresh class: ``tables`` new games stored in ``storage`` and a token for every human seat.

    ``human`` defaults to every delegation; ``human_by_table`` (one collection per table, the trainer console's
    setup) overrides it table by table; ``seed`` (else random) seeds table k with ``seed + k - 1``.
    """
    if not 1 <= tables <= 100:
        raise RoomError.of("cli.error.tables", flag="--tables", tables=tables, most=100)
    ids = [d.id for d in scenario.delegations]
    human_seats = set(ids if human is None else human)
    per_table = [set(h) for h in human_by_table] if human_by_table is not None else [human_seats] * tables
    if len(per_table) != tables:
        raise RoomError.of("cli.error.tables-seats", given=len(per_table), tables=tables)
    unknown = sorted(set().union(*per_table) - set(ids))
    if unknown:
        raise RoomError.of(
            "cli.error.human-unknown", flag="--human", names=", ".join(unknown), known=", ".join(ids)
        )
    base = secrets.randbelow(2**31) if seed is None else seed
    sessions: list[Session] = []
    room_tables: list[RoomTable] = []
    for k in range(1, tables + 1):
        humans = per_table[k - 1]
        setup = table_setup(scenario, base + k - 1, humans, personas or {})
        session = Session.start(scenario, setup, storage=storage, write_behind=True)
        sessions.append(session)
        room_tables.append(RoomTable(k, session.game_id, {s: new_token() for s in ids if s in humans}))
    room = Room(new_room_code(), new_token(), scenario.id, tuple(room_tables), dict(personas or {}))
    return room, sessions


def resume_room(
    room: Room, storage: GameStorage, scenarios: Callable[[str], Scenario] = get_scenario
) -> list[Session]:
    """Every table of a room reopened from the store, as it was after its last stored move."""
    return [Session.resume(storage, t.game_id, scenarios=scenarios, write_behind=True) for t in room.tables]


def make_tables(room: Room, sessions: Sequence[Session], store: WriteBehind | None = None) -> list[Table]:
    """The tables of a room; with ``store`` (the :class:`WriteBehind` the sessions save through) a move's
    acknowledgement waits until the move is stored."""

    def unconnected(_: TableFrames) -> None:  # replaced by the host when it starts
        return None

    return [Table(t.number, s, unconnected, store) for t, s in zip(room.tables, sessions, strict=True)]


def default_room_file(saves_dir: Path, room: Room) -> Path:
    return saves_dir / "classes" / f"{room.code}.json"
