"""A save database: the :class:`~negotiator.session.ports.GameStorage` the session autosaves through.

SQLite files are checked read-only before anything writes to them (:mod:`negotiator.store.probe`), created atomically
(built under a temporary name, then linked into place), kept in WAL mode with ``synchronous=FULL`` (a command whose
transaction committed survives a killed process and a power cut), and written one transaction per command with
``BEGIN IMMEDIATE`` (the write lock is taken up front, so two programs saving to one file wait their turn instead of
failing half-way). Any other SQLAlchemy URL (PostgreSQL) uses the same portable tables.

Reading a game back treats the database as untrusted input: every value is type-checked, every payload is size-limited
JSON whose sha256 must match the one stored with it; nothing is unpickled or evaluated. Errors name the file.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import sqlite3
import sys
import tempfile
import threading
import urllib.parse
import uuid
from collections.abc import Callable, Iterator, Mapping, Sequence
from contextlib import contextmanager, suppress
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import sqlalchemy.exc
from sqlalchemy import Connection, Engine, create_engine, delete, event, func, insert, inspect, select, update
from sqlalchemy.orm import Session as OrmSession
from sqlalchemy.pool import QueuePool

from negotiator import __version__
from negotiator.model.canonical import canonical_json
from negotiator.session.errors import (
    GameNotFound,
    NotASave,
    SaveDamaged,
    StorageError,
    StorageUnavailable,
)
from negotiator.session.ports import (
    Checkpoint,
    CommandRecord,
    GameHeader,
    GameListing,
    Progress,
    SavedGame,
    payload_digest,
)
from negotiator.store import versions
from negotiator.store.location import Location, locate
from negotiator.store.models import TABLES, AnswerRow, Base, CommandRow, GameRow, MetaEntry, SnapshotRow
from negotiator.store.probe import NeedsRecovery, check_meta, connect_ro, probe, ro_uri, sqlite_problem
from negotiator.text import Message

MAX_PAYLOAD_CHARS = 64_000
"""A stored command or setup longer than this is refused unread (commands are a few hundred characters)."""
_GAME_ID = re.compile(r"^[0-9a-f]{1,32}$")
_PRAGMA = re.compile(r"^[a-z_]+$")

Clock = Callable[[], datetime]


def utc_now() -> datetime:
    return datetime.now(UTC).replace(tzinfo=None)


class SaveDatabase:
    """One save database (a SQLite file or a server database). Open it with :meth:`open`; close it when done."""

    def __init__(
        self,
        location: Location,
        engine: Engine,
        *,
        readonly: bool,
        clock: Clock | None = None,
        file: Path | None = None,
        cleanup: tuple[Path, ...] = (),
    ) -> None:
        self._location = location
        self._engine = engine
        self._readonly = readonly
        self._clock = clock or utc_now
        self._file = file if file is not None else location.path
        """The SQLite file actually read: the save itself, or a private copy (recovered or upgraded) of it."""
        self._cleanup = cleanup
        self._batch = threading.local()
        """This thread's batch transaction, if it is inside :meth:`batch`."""

    # ------------------------------------------------------------------------------------------ opening
    @classmethod
    def open(
        cls,
        spec: str | os.PathLike[str] | Location,
        *,
        readonly: bool = False,
        create: bool = True,
        pragmas: Mapping[str, int] | None = None,
        clock: Clock | None = None,
    ) -> SaveDatabase:
        """Open (and when allowed, create or upgrade) the save database at ``spec`` (a path or a URL).

        ``readonly`` opens for reading only and never writes to the file, not even to upgrade it (an older file is
        upgraded in a temporary copy). ``pragmas`` adds integer SQLite pragmas to every connection (tests use
        ``max_page_count`` to fill the "disk").
        """
        location = spec if isinstance(spec, Location) else locate(spec)
        if location.path is not None:
            return cls._open_sqlite(location, location.path, readonly, create, dict(pragmas or {}), clock)
        return cls._open_server(location, readonly, create, clock)

    @classmethod
    def _open_sqlite(
        cls,
        location: Location,
        path: Path,
        readonly: bool,
        create: bool,
        pragmas: dict[str, int],
        clock: Clock | None,
    ) -> SaveDatabase:
        where = str(path)
        if not path.exists():
            if readonly or not create:
                raise StorageError.one(
                    where, Message.of("cli.problem.save.missing"), Message.of("cli.problem.fix.save.missing")
                )
            _create_sqlite(path, pragmas)
        if path.is_dir():
            raise StorageError.one(
                where, Message.of("cli.problem.save.folder"), Message.of("cli.problem.fix.save.db-file")
            )
        file: Path = path
        cleanup: tuple[Path, ...] = ()
        try:
            found = probe(path).version
        except NeedsRecovery:
            # Left open by a game that stopped. A read-only reader cannot replay the WAL, so the checks (and, for
            # reading, everything) use a private copy: the save and its WAL stay exactly as the crash left them
            # until the game itself reopens the file for writing, which replays the WAL in place.
            copy, folder = _recovered_copy(path)
            try:
                found = probe(copy, where=where).version
            except BaseException:
                shutil.rmtree(folder, ignore_errors=True)
                raise
            if readonly:
                file, cleanup = copy, (folder,)
            else:
                shutil.rmtree(folder, ignore_errors=True)
        try:
            if found < versions.SCHEMA_VERSION:
                if readonly:
                    file, folder = _upgraded_copy(file, found, where)
                    cleanup = (*cleanup, folder)
                else:
                    _upgrade_sqlite(path, found)
            engine = _sqlite_engine(file, readonly=readonly, pragmas=pragmas)
            if not readonly:
                _check_writable(engine, path)
        except BaseException:
            for folder in cleanup:
                shutil.rmtree(folder, ignore_errors=True)
            raise
        return cls(location, engine, readonly=readonly, clock=clock, file=file, cleanup=cleanup)

    @classmethod
    def _open_server(
        cls, location: Location, readonly: bool, create: bool, clock: Clock | None
    ) -> SaveDatabase:
        where = location.display
        try:
            engine = create_engine(location.url, pool_pre_ping=True)
        except (sqlalchemy.exc.ArgumentError, sqlalchemy.exc.NoSuchModuleError, ImportError) as exc:
            if not location.url.startswith("postgres"):
                fix = "use a SQLite file or a PostgreSQL URL"
            elif getattr(sys, "frozen", False):  # the desktop bundle ships SQLite saves only, to stay small
                fix = (
                    "this desktop build saves to SQLite files; for PostgreSQL run Negotiator from source with "
                    "the postgres extra (pip install 'negotiator[postgres]')"
                )
            else:
                fix = "install the PostgreSQL driver: pip install 'negotiator[postgres]'"
            raise StorageError.one(where, f"cannot be used ({_first_line(exc)})", fix) from None
        try:
            with engine.connect() as conn:
                names = set(inspect(conn).get_table_names())
            if "negotiator_meta" not in names:
                if names:
                    raise NotASave.one(
                        where,
                        f"holds other tables ({', '.join(sorted(names)[:6])}), not Negotiator saves",
                        "give Negotiator a database (or schema) of its own",
                    )
                if readonly or not create:
                    raise StorageError.one(where, "holds no Negotiator saves", "check the URL")
                with engine.begin() as conn:
                    Base.metadata.create_all(conn)
                    versions.stamp(conn, versions.SCHEMA_VERSION, __version__)
            with engine.connect() as conn:
                found, _ = check_meta(versions.read_meta(conn), where)
            if found < versions.SCHEMA_VERSION:
                if readonly:
                    raise StorageError.one(
                        where,
                        f"is in an older save format (v{found})",
                        "open it once without read-only to upgrade it",
                    )
                try:
                    with engine.begin() as conn:
                        _run_upgrades(conn, found)
                except Exception as exc:  # an upgrade step's bug must not leave a half-upgraded database
                    raise StorageError.one(
                        where,
                        f"could not be upgraded from save format v{found} to "
                        f"v{versions.SCHEMA_VERSION} ({type(exc).__name__}: {_first_line(exc)}); "
                        "it was not changed",
                        "report this to the developers",
                    ) from None
        except StorageError:
            engine.dispose()
            raise
        except sqlalchemy.exc.SQLAlchemyError as exc:
            engine.dispose()
            raise _problem(exc, where, "open the save database") from None
        return cls(location, engine, readonly=readonly, clock=clock)

    def close(self) -> None:
        self._engine.dispose()
        if not self._readonly and self._location.path is not None:
            _settle(self._location.path)
        for folder in self._cleanup:
            shutil.rmtree(folder, ignore_errors=True)
        self._cleanup = ()

    def __enter__(self) -> SaveDatabase:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # ------------------------------------------------------------------------------------------ properties
    @property
    def where(self) -> str:
        return self._location.display

    @property
    def location(self) -> Location:
        return self._location

    @property
    def readonly(self) -> bool:
        return self._readonly

    def schema_version(self) -> int:
        with self._read("read the save format version") as s:
            meta = {k: v for k, v in s.execute(select(MetaEntry.key, MetaEntry.value)).all()}
        return check_meta(meta, self.where)[0]

    def integrity(self) -> list[str]:
        """``PRAGMA integrity_check`` lines (``["ok"]`` when intact); servers check themselves: ``["ok"]``."""
        path = self._file
        if path is None:
            return ["ok"]
        try:
            conn = connect_ro(path)
            try:
                return [str(r[0]) for r in conn.execute("PRAGMA integrity_check(20)")]
            finally:
                conn.close()
        except sqlite3.Error as exc:
            raise sqlite_problem(exc, self.where, "check the file") from None

    # ------------------------------------------------------------------------------------------ transactions
    @contextmanager
    def batch(self, doing: str = "save moves") -> Iterator[None]:
        """The writes made by this thread inside are one transaction: one commit (one fsync) for all, all or nothing.
        The class host's writer stores every move queued meanwhile, from every table, this way (a commit per move
        was most of a move's cost to the host). Nested batches join the outer one."""
        if getattr(self._batch, "session", None) is not None:
            yield
            return
        with self._write(doing) as s:
            self._batch.session = s
            try:
                yield
            finally:
                self._batch.session = None

    @contextmanager
    def _write(self, doing: str) -> Iterator[OrmSession]:
        if self._readonly:
            raise StorageError.one(self.where, f"cannot {doing}: opened read-only", "open it for writing")
        inside: OrmSession | None = getattr(self._batch, "session", None)
        if inside is not None:  # part of this thread's batch: its transaction commits at the batch's end
            yield inside
            return
        try:
            with OrmSession(self._engine) as s, s.begin():
                yield s
        except StorageError:
            raise
        except (sqlalchemy.exc.SQLAlchemyError, sqlite3.Error, OSError) as exc:
            raise _problem(exc, self.where, doing) from None

    @contextmanager
    def _read(self, doing: str) -> Iterator[OrmSession]:
        try:
            with self._engine.connect() as conn:
                conn = conn.execution_options(negotiator_read=True)
                with OrmSession(conn) as s, s.begin():
                    yield s
        except StorageError:
            raise
        except (sqlalchemy.exc.SQLAlchemyError, sqlite3.Error, OSError) as exc:
            raise _problem(exc, self.where, doing) from None

    # ------------------------------------------------------------------------------------------ GameStorage
    def create_game(self, header: GameHeader, progress: Progress) -> None:
        self.write_game(header, (), (), progress)

    def append_command(
        self, game_id: str, record: CommandRecord, progress: Progress, checkpoint: Checkpoint | None
    ) -> None:
        with self._write(f"save move {record.index + 1}") as s:
            row = self._game_row(s, game_id)
            before = s.scalar(
                select(func.count(CommandRow.idx)).where(
                    CommandRow.game_id == game_id, CommandRow.idx < record.index
                )
            )
            if before != record.index:
                raise SaveDamaged.one(
                    self.where,
                    f"holds {before} moves before move {record.index + 1}",
                    "the save was changed by another program; save the game elsewhere",
                    f"game {game_id[:8]}",
                )
            s.execute(delete(CommandRow).where(CommandRow.game_id == game_id, CommandRow.idx >= record.index))
            s.execute(
                delete(SnapshotRow).where(SnapshotRow.game_id == game_id, SnapshotRow.idx > record.index)
            )
            s.add(
                CommandRow(
                    game_id=game_id,
                    idx=record.index,
                    seat=record.seat,
                    round=record.round,
                    type=str(record.payload.get("type", ""))[:64],
                    payload=record.payload_json,
                    digest=record.digest,
                )
            )
            if checkpoint is not None:
                s.add(
                    SnapshotRow(
                        game_id=game_id,
                        idx=checkpoint.index,
                        state_hash=checkpoint.state_hash,
                        round=checkpoint.round,
                        phase=checkpoint.phase,
                    )
                )
            _set_progress(row, progress, self._clock())

    def append_commands(
        self, items: Sequence[tuple[str, CommandRecord, Progress, Checkpoint | None]]
    ) -> None:
        """Several :meth:`append_command` calls (any games, each game's moves consecutive and in order) in one
        transaction, with the same checks and the same rows, in a few statements per game and one insert for all
        the moves: the class host's writer stores every table's latest moves this way (the ORM's statements, one
        set per move, were most of a move's cost to the host)."""
        firsts: dict[str, int] = {}
        last: dict[str, int] = {}
        for game_id, record, _, _ in items:
            if game_id in last and record.index != last[game_id] + 1:
                raise ValueError(
                    f"game {game_id[:8]}: move {record.index + 1} does not follow move {last[game_id] + 1}"
                )
            firsts.setdefault(game_id, record.index)
            last[game_id] = record.index
        latest = {game_id: progress for game_id, _, progress, _ in items}
        with self._write(f"save {len(items)} moves") as s:
            now = self._clock()
            for game_id, first in firsts.items():
                before = s.scalar(
                    select(func.count(CommandRow.idx)).where(
                        CommandRow.game_id == game_id, CommandRow.idx < first
                    )
                )
                if before != first:
                    raise SaveDamaged.one(
                        self.where,
                        f"holds {before} moves before move {first + 1}",
                        "the save was changed by another program; save the game elsewhere",
                        f"game {game_id[:8]}",
                    )
                s.execute(delete(CommandRow).where(CommandRow.game_id == game_id, CommandRow.idx >= first))
                s.execute(delete(SnapshotRow).where(SnapshotRow.game_id == game_id, SnapshotRow.idx > first))
                updated = s.execute(
                    update(GameRow)
                    .where(GameRow.id == game_id)
                    .values(**_progress(latest[game_id]), updated_at=now)
                    .execution_options(synchronize_session=False)
                )
                if updated.rowcount != 1:  # type: ignore[attr-defined]
                    raise GameNotFound.one(
                        self.where, f"has no game {game_id[:8]}", "run `negotiator saves list`"
                    )
            s.execute(
                insert(CommandRow),
                [
                    {
                        "game_id": game_id,
                        "idx": record.index,
                        "seat": record.seat,
                        "round": record.round,
                        "type": str(record.payload.get("type", ""))[:64],
                        "payload": record.payload_json,
                        "digest": record.digest,
                    }
                    for game_id, record, _, _ in items
                ],
            )
            snapshots = [
                {
                    "game_id": game_id,
                    "idx": c.index,
                    "state_hash": c.state_hash,
                    "round": c.round,
                    "phase": c.phase,
                }
                for game_id, _, _, c in items
                if c is not None
            ]
            if snapshots:
                s.execute(insert(SnapshotRow), snapshots)

    def write_game(
        self,
        header: GameHeader,
        records: Sequence[CommandRecord],
        checkpoints: Sequence[Checkpoint],
        progress: Progress,
    ) -> None:
        setup_json = canonical_json(header.setup)
        with self._write("save the game") as s:
            _delete_game(s, header.game_id)
            now = self._clock()
            s.add(
                GameRow(
                    id=header.game_id,
                    scenario_id=header.scenario_id,
                    scenario_version=header.scenario_version,
                    mode=header.mode,
                    seats=header.seats[:1000],
                    setup_json=setup_json,
                    app_version=header.app_version[:32],
                    created_at=now,
                    updated_at=now,
                    **_progress(progress),
                )
            )
            s.flush()  # the game row first: the log rows refer to it
            s.add_all(
                CommandRow(
                    game_id=header.game_id,
                    idx=r.index,
                    seat=r.seat,
                    round=r.round,
                    type=str(r.payload.get("type", ""))[:64],
                    payload=r.payload_json,
                    digest=r.digest,
                )
                for r in records
            )
            s.add_all(
                SnapshotRow(
                    game_id=header.game_id, idx=c.index, state_hash=c.state_hash, round=c.round, phase=c.phase
                )
                for c in checkpoints
            )

    def truncate(self, game_id: str, keep: int, progress: Progress) -> None:
        with self._write("save the undo") as s:
            row = self._game_row(s, game_id)
            s.execute(delete(CommandRow).where(CommandRow.game_id == game_id, CommandRow.idx >= keep))
            s.execute(delete(SnapshotRow).where(SnapshotRow.game_id == game_id, SnapshotRow.idx > keep))
            _set_progress(row, progress, self._clock())

    def _game_row(self, s: OrmSession, game_id: str) -> GameRow:
        row = s.get(GameRow, game_id)
        if row is None:
            raise GameNotFound.one(
                self.where,
                Message.of("cli.problem.save.no-game", game=game_id[:8]),
                Message.of("cli.problem.fix.save.run-list", command="negotiator saves list"),
            )
        return row

    def delete_game(self, game_id: str) -> None:
        with self._write("delete the game") as s:
            self._game_row(s, game_id)
            _delete_game(s, game_id)

    def load_game(self, game_id: str) -> SavedGame:
        with self._read("read the game") as s:
            row = self._game_row(s, game_id)
            commands = s.execute(
                select(
                    CommandRow.idx, CommandRow.seat, CommandRow.round, CommandRow.payload, CommandRow.digest
                )
                .where(CommandRow.game_id == game_id)
                .order_by(CommandRow.idx)
            ).all()
            snapshots = s.execute(
                select(SnapshotRow.idx, SnapshotRow.state_hash, SnapshotRow.round, SnapshotRow.phase)
                .where(SnapshotRow.game_id == game_id)
                .order_by(SnapshotRow.idx)
            ).all()
            reader = _Reader(self.where, game_id)
            listing = reader.listing(row)
            header = GameHeader(
                game_id=listing.game_id,
                scenario_id=listing.scenario_id,
                scenario_version=reader.whole(row.scenario_version, "scenario version"),
                mode=listing.mode,
                seats=listing.seats,
                setup=reader.json(row.setup_json, "setup"),
                app_version=reader.text(row.app_version, "app version"),
            )
            records = tuple(reader.command(*c) for c in commands)
            checkpoints = tuple(
                Checkpoint(
                    reader.whole(i, "checkpoint"),
                    reader.text(h, "checkpoint hash"),
                    reader.whole(r, "checkpoint round"),
                    reader.text(p, "checkpoint phase"),
                )
                for i, h, r, p in snapshots
            )
        return SavedGame(
            header, records, checkpoints, listing.progress, listing.created_at, listing.updated_at, self.where
        )

    # ------------------------------------------------------------------------------- questionnaire answers
    def save_answers(self, game_id: str, seat: str, stage: str, answers: Mapping[str, str]) -> None:
        """Replace ``seat``'s answers at ``stage`` for ``game_id``: question id -> the answer as JSON text."""
        with self._write("save the questionnaire answers") as s:
            self._game_row(s, game_id)
            s.execute(
                delete(AnswerRow).where(
                    AnswerRow.game_id == game_id, AnswerRow.seat == seat, AnswerRow.stage == stage
                )
            )
            now = self._clock()
            for question_id, answer in sorted(answers.items()):
                s.add(
                    AnswerRow(
                        game_id=game_id,
                        seat=seat,
                        stage=stage,
                        question_id=question_id,
                        answer=answer,
                        answered_at=now,
                    )
                )

    def load_answers(self, game_id: str) -> list[tuple[str, str, str, str]]:
        """(seat, stage, question id, answer JSON) of every answer saved with ``game_id``, sorted."""
        if self.schema_version() < 2:
            return []  # an older save opened read-only has no answers table yet
        with self._read("read the questionnaire answers") as s:
            rows = s.execute(
                select(AnswerRow.seat, AnswerRow.stage, AnswerRow.question_id, AnswerRow.answer).where(
                    AnswerRow.game_id == game_id
                )
            ).all()
        return sorted((str(a), str(b), str(c), str(d)) for a, b, c, d in rows)

    def scan(self) -> tuple[list[GameListing], list[StorageError]]:
        """Every game's listing, most recent first, and a problem for each game whose row cannot be read."""
        listings: list[GameListing] = []
        problems: list[StorageError] = []
        with self._read("list the games") as s:
            for row in s.scalars(select(GameRow).order_by(GameRow.updated_at.desc(), GameRow.id)):
                try:
                    listings.append(_Reader(self.where, str(row.id)).listing(row))
                except StorageError as exc:
                    problems.append(exc)
        return listings, problems

    def list_games(self) -> list[GameListing]:
        return self.scan()[0]

    def find(self, prefix: str) -> str:
        """The id of the one game whose id starts with ``prefix`` (as shown by ``saves list``)."""
        text = prefix.strip().lower()
        if not _GAME_ID.match(text):
            raise GameNotFound.one(
                self.where,
                Message.of("cli.problem.save.not-hex", game=prefix[:40]),
                Message.of("cli.problem.fix.save.copy-id", command="negotiator saves list"),
            )
        with self._read("look the game up") as s:
            ids = list(
                s.scalars(select(GameRow.id).where(GameRow.id.startswith(text, autoescape=True)).limit(3))
            )
        if not ids:
            raise GameNotFound.one(
                self.where,
                Message.of("cli.problem.save.no-game", game=text),
                Message.of("cli.problem.fix.save.copy-id", command="negotiator saves list"),
            )
        if len(ids) > 1:
            raise StorageError.one(
                self.where,
                Message.of("cli.problem.save.several", game=text),
                Message.of("cli.problem.fix.save.more-id"),
            )
        return str(ids[0])


# ---------------------------------------------------------------------------------------------- reading rows
class _Reader:
    """Turns stored values into records, refusing anything of the wrong type or size (the file is untrusted)."""

    def __init__(self, where: str, game_id: str) -> None:
        self.where, self.game_id = where, game_id

    def damaged(self, message: str, path: str = "") -> SaveDamaged:
        game = f"game {self.game_id[:8]}"
        return SaveDamaged.one(
            self.where,
            message,
            "the save was changed outside Negotiator; restore a backup",
            f"{game} {path}".strip(),
        )

    def whole(self, value: object, what: str) -> int:
        if isinstance(value, bool) or not isinstance(value, int):
            raise self.damaged(f"its {what} is not a whole number ({_short(value)})")
        return value

    def text(self, value: object, what: str, limit: int = 1000, path: str = "") -> str:
        if not isinstance(value, str) or len(value) > limit:
            raise self.damaged(
                f"its {what} is not text of at most {limit} characters ({_short(value)})", path
            )
        return value

    def json(self, value: object, what: str, path: str = "") -> dict[str, Any]:
        text = self.text(value, what, MAX_PAYLOAD_CHARS, path)
        try:
            data = json.loads(text, parse_constant=_no_constants)
        except (ValueError, RecursionError):
            raise self.damaged(f"its {what} is not valid JSON", path) from None
        if not isinstance(data, dict):
            raise self.damaged(f"its {what} is not a JSON object", path)
        return data

    def command(
        self, idx: object, seat: object, round_: object, payload: object, digest: object
    ) -> CommandRecord:
        index = self.whole(idx, "move number")
        path = f"command {index}"
        text = self.text(payload, "payload", MAX_PAYLOAD_CHARS, path)
        if payload_digest(text) != digest:
            raise self.damaged("was changed outside Negotiator (its checksum does not match)", path)
        return CommandRecord(
            index=index,
            seat=self.text(seat, "seat", 64),
            round=self.whole(round_, "round"),
            payload=self.json(text, "payload", path),
        )

    def when(self, value: object, what: str) -> datetime:
        if not isinstance(value, datetime):
            raise self.damaged(f"its {what} is not a time ({_short(value)})")
        return value.replace(tzinfo=UTC)

    def listing(self, row: GameRow) -> GameListing:
        values = {k: getattr(row, k) for k in ("id", "created_at", "updated_at")}
        turn = row.turn
        outcome = row.outcome
        progress = Progress(
            commands=self.whole(row.commands, "move count"),
            round=self.whole(row.round, "round"),
            phase=self.text(row.phase, "phase", 32),
            turn=None if turn is None else self.text(turn, "turn", 64),
            finished=bool(row.finished),
            outcome=None if outcome is None else self.text(outcome, "outcome", 200),
            state_hash=self.text(row.state_hash, "state hash", 64),
        )
        game_id = self.text(values["id"], "id", 32)
        return GameListing(
            game_id=game_id,
            scenario_id=self.text(row.scenario_id, "scenario", 64),
            mode=self.text(row.mode, "mode", 16),
            seats=self.text(row.seats, "seats"),
            progress=progress,
            created_at=self.when(values["created_at"], "creation time"),
            updated_at=self.when(values["updated_at"], "last-played time"),
            source=self.where,
        )


def _no_constants(name: str) -> None:
    raise ValueError(f"{name} is not allowed")


def _short(value: object) -> str:
    text = repr(value) if isinstance(value, int | float | str | bytes | None) else type(value).__name__
    return text if len(text) <= 40 else text[:37] + "..."


def _progress(progress: Progress) -> dict[str, Any]:
    return {
        "commands": progress.commands,
        "round": progress.round,
        "phase": progress.phase[:32],
        "turn": progress.turn,
        "finished": progress.finished,
        "outcome": None if progress.outcome is None else progress.outcome[:200],
        "state_hash": progress.state_hash,
    }


def _set_progress(row: GameRow, progress: Progress, now: datetime) -> None:
    for key, value in _progress(progress).items():
        setattr(row, key, value)
    row.updated_at = now


def _delete_game(s: OrmSession, game_id: str) -> None:
    # Explicit deletes rather than ON DELETE CASCADE: the same on every database, whatever its foreign-key setting.
    s.execute(delete(AnswerRow).where(AnswerRow.game_id == game_id))
    s.execute(delete(CommandRow).where(CommandRow.game_id == game_id))
    s.execute(delete(SnapshotRow).where(SnapshotRow.game_id == game_id))
    s.execute(delete(GameRow).where(GameRow.id == game_id))


def _first_line(exc: BaseException) -> str:
    text = str(exc).strip().splitlines()
    return text[0][:200] if text else type(exc).__name__


def _problem(exc: BaseException, where: str, doing: str) -> StorageError:
    orig = getattr(exc, "orig", None) or exc
    if isinstance(orig, sqlite3.Error):
        return sqlite_problem(orig, where, doing)
    if isinstance(orig, OSError):
        return StorageUnavailable.one(
            where,
            f"cannot {doing} ({orig.strerror or orig})",
            "the game goes on in memory: save it somewhere else",
        )
    if isinstance(exc, sqlalchemy.exc.OperationalError | sqlalchemy.exc.InterfaceError):
        return StorageUnavailable.one(
            where,
            f"cannot {doing} ({_first_line(orig)})",
            "check the database server is reachable; the game goes on in memory",
        )
    return StorageError.one(
        where, f"cannot {doing} ({_first_line(orig)})", "try again, or save somewhere else"
    )


# ---------------------------------------------------------------------------------------------- SQLite files
def _sqlite_engine(
    path: Path,
    *,
    readonly: bool,
    pragmas: Mapping[str, int] | None = None,
    create: bool = False,
    wal: bool = True,
) -> Engine:
    mode = "rwc" if create else "rw"
    rw_uri = f"file:{urllib.parse.quote(str(path))}?mode={mode}"
    extra = dict(pragmas or {})
    for name, value in extra.items():
        if not _PRAGMA.match(name) or not isinstance(value, int):
            raise ValueError(f"bad pragma {name!r}={value!r}")

    def connect() -> sqlite3.Connection:
        uri = ro_uri(path) if readonly else rw_uri
        conn = sqlite3.connect(uri, uri=True, timeout=15, isolation_level=None, check_same_thread=False)
        try:
            if readonly:
                conn.execute("PRAGMA query_only = ON")
            else:
                if (
                    wal
                ):  # (an upgrade keeps the file's journal mode: a failed one must leave every byte as it was)
                    conn.execute("PRAGMA journal_mode = WAL")
                conn.execute("PRAGMA synchronous = FULL")
            conn.execute("PRAGMA foreign_keys = ON")
            for name, value in extra.items():
                conn.execute(f"PRAGMA {name} = {int(value)}")
        except BaseException:
            conn.close()
            raise
        return conn

    engine = create_engine(
        "sqlite+pysqlite://", creator=connect, poolclass=QueuePool, pool_size=1, max_overflow=4
    )

    @event.listens_for(engine, "begin")
    def begin(conn: Connection) -> None:
        # The driver is in autocommit mode (isolation_level=None) so that we, not it, decide where transactions begin:
        # IMMEDIATE takes the write lock at once, so a transaction never fails half-way for want of it.
        reading = readonly or bool(conn.get_execution_options().get("negotiator_read"))
        conn.exec_driver_sql("BEGIN" if reading else "BEGIN IMMEDIATE")

    return engine


def _check_writable(engine: Engine, path: Path) -> None:
    """Fail now, with a clear message, if the save cannot be written (not at the player's first move)."""
    if not os.access(path, os.W_OK) or not os.access(path.parent, os.W_OK | os.X_OK):
        engine.dispose()
        what = "file" if not os.access(path, os.W_OK) else "folder"
        raise StorageUnavailable.one(
            str(path),
            f"cannot be saved to: the {what} is read-only",
            "choose another place to save; the game goes on in memory",
        )
    try:
        with engine.begin():
            pass  # BEGIN IMMEDIATE: takes (and releases) the write lock, as every save will
    except (sqlalchemy.exc.SQLAlchemyError, sqlite3.Error) as exc:
        engine.dispose()
        raise _problem(exc, str(path), "open the save for writing") from None


def _create_sqlite(path: Path, pragmas: Mapping[str, int]) -> None:
    """Create an empty save database at ``path`` atomically: a crash leaves either no file or a complete one."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise StorageUnavailable.one(
            str(path.parent),
            f"the save folder cannot be created ({exc.strerror or exc})",
            "choose another folder to save in; the game goes on in memory",
        ) from None
    if not os.access(path.parent, os.W_OK | os.X_OK):
        raise StorageUnavailable.one(
            str(path.parent),
            "the save folder is read-only",
            "choose another folder to save in; the game goes on in memory",
        )
    tmp = path.with_name(f".{path.name}.{os.getpid()}.{uuid.uuid4().hex[:8]}.creating")
    try:
        engine = _sqlite_engine(tmp, readonly=False, pragmas=pragmas, create=True)
        try:
            with engine.begin() as conn:
                Base.metadata.create_all(conn)
                versions.stamp(conn, versions.SCHEMA_VERSION, __version__)
        finally:
            engine.dispose()
        try:
            os.link(tmp, path)  # unlike rename, never replaces a file another program created meanwhile
        except FileExistsError:
            pass
        except OSError:
            if not path.exists():
                os.replace(tmp, path)
        _sync_folder(path.parent)
    except (sqlalchemy.exc.SQLAlchemyError, sqlite3.Error) as exc:
        raise _problem(exc, str(path), "create the save database") from None
    except OSError as exc:
        raise StorageUnavailable.one(
            str(path),
            f"cannot create the save database ({exc.strerror or exc})",
            "choose another folder to save in; the game goes on in memory",
        ) from None
    finally:
        for leftover in (tmp, Path(f"{tmp}-wal"), Path(f"{tmp}-shm"), Path(f"{tmp}-journal")):
            with suppress(OSError):
                leftover.unlink()


def _settle(path: Path) -> None:
    """Leave a closed save as one self-contained file: back to rollback-journal mode, the WAL folded in and removed.

    A player can then copy or hand in the one ``.db`` file, and a read-only reader adds no ``-wal``/``-shm`` beside
    it. While another program still has the file open SQLite refuses the switch; the file then simply stays in WAL
    mode, which is just as safe.
    """
    try:
        conn = sqlite3.connect(
            f"file:{urllib.parse.quote(str(path))}?mode=rw", uri=True, timeout=0.2, isolation_level=None
        )
    except sqlite3.Error:
        return
    try:
        conn.execute("PRAGMA journal_mode = DELETE").fetchall()
    except sqlite3.Error:
        pass
    finally:
        conn.close()


def _sync_folder(folder: Path) -> None:
    """Make a new directory entry durable (POSIX); harmless where folders cannot be opened."""
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


def _backup(path: Path, dest: Path) -> None:
    """Copy a live SQLite file consistently (including what is still in its WAL) with SQLite's backup API."""
    src = connect_ro(path)
    try:
        dst = sqlite3.connect(dest)
        try:
            src.backup(dst)
        finally:
            dst.close()
    finally:
        src.close()


def _backup_path(path: Path, found: int) -> Path:
    candidate = path.with_name(f"{path.name}.v{found}.bak")
    n = 1
    while candidate.exists():
        n += 1
        candidate = path.with_name(f"{path.name}.v{found}.{n}.bak")
    return candidate


def _run_upgrades(conn: Connection, found: int) -> None:
    for step in versions.upgrade_steps(found, versions.SCHEMA_VERSION, versions.UPGRADES):
        step(conn)
    versions.stamp(conn, versions.SCHEMA_VERSION, __version__)


def _upgrade_sqlite(path: Path, found: int) -> None:
    """Back the file up, then upgrade it in one transaction (all steps or none)."""
    where = str(path)
    try:
        versions.upgrade_steps(found, versions.SCHEMA_VERSION, versions.UPGRADES)
    except versions.UpgradeMissing as exc:
        raise StorageError.one(
            where,
            f"is in save format v{found}, which this version cannot upgrade ({exc}); it was not changed",
            "report this to the developers",
        ) from None
    backup = _backup_path(path, found)
    try:
        _backup(path, backup)
    except (sqlite3.Error, OSError) as exc:
        raise StorageUnavailable.one(
            where,
            f"is in an older save format (v{found}) and no backup could be made before upgrading it ({exc})",
            "free some space and open it again",
        ) from None
    engine = _sqlite_engine(path, readonly=False, wal=False)
    try:
        with engine.begin() as conn:
            _run_upgrades(conn, found)
    except (
        Exception
    ) as exc:  # an upgrade step's bug must not escape as a traceback: the transaction rolled back
        raise StorageError.one(
            where,
            f"could not be upgraded from save format v{found} to "
            f"v{versions.SCHEMA_VERSION} ({_first_line(exc)}); it was not changed",
            f"a copy is at {backup}; report this to the developers",
        ) from None
    finally:
        engine.dispose()


def _recovered_copy(path: Path) -> tuple[Path, Path]:
    """A private copy of a save left open by a stopped game, its WAL replayed; returns (copy, its folder)."""
    folder = Path(tempfile.mkdtemp(prefix="negotiator-recover-"))
    copy = folder / path.name
    try:
        shutil.copyfile(path, copy)
        wal = Path(f"{path}-wal")
        if wal.exists():
            shutil.copyfile(wal, Path(f"{copy}-wal"))
        conn = sqlite3.connect(copy)  # the first read-write connection replays the WAL; closing folds it in
        try:
            conn.execute("PRAGMA schema_version").fetchall()
        finally:
            conn.close()
    except (OSError, sqlite3.Error) as exc:
        shutil.rmtree(folder, ignore_errors=True)
        raise StorageUnavailable.one(
            str(path),
            f"was left open by a game that stopped, and cannot be read ({exc})",
            "open it in the game (which recovers it), or free some space",
        ) from None
    return copy, folder


def _upgraded_copy(path: Path, found: int, where: str) -> tuple[Path, Path]:
    """Upgrade a temporary copy (for reading an older file without touching it); returns (copy, its folder)."""
    folder = Path(tempfile.mkdtemp(prefix="negotiator-upgrade-"))
    copy = folder / path.name
    try:
        _backup(path, copy)
        engine = _sqlite_engine(copy, readonly=False)
        try:
            with engine.begin() as conn:
                _run_upgrades(conn, found)
        finally:
            engine.dispose()
    except (sqlalchemy.exc.SQLAlchemyError, sqlite3.Error, OSError, versions.UpgradeMissing) as exc:
        shutil.rmtree(folder, ignore_errors=True)
        raise StorageError.one(
            where,
            f"is in an older save format (v{found}) that could not be read ({_first_line(exc)})",
            "report this to the developers",
        ) from None
    return copy, folder


__all__ = ["TABLES", "SaveDatabase"]
