"""Looking at a SQLite file before trusting it, without writing a byte to it.

Everything here opens the file read-only (``mode=ro``), so a truncated file, random bytes, another program's
database or a save from a newer version is reported and left exactly as it was. Only a file that passes is then
opened for writing by :class:`negotiator.store.database.SaveDatabase`.
"""

from __future__ import annotations

import sqlite3
import urllib.parse
from dataclasses import dataclass
from pathlib import Path

from negotiator.session.errors import NotASave, SaveDamaged, SaveTooNew, StorageError, StorageUnavailable
from negotiator.store import versions
from negotiator.store.models import TABLES
from negotiator.text import Message

SQLITE_MAGIC = b"SQLite format 3\x00"
FULL_CHECK_BYTES = 32 * 1024 * 1024
"""Files up to this size get ``PRAGMA integrity_check`` on open (milliseconds); larger ones ``quick_check``."""


@dataclass(frozen=True, slots=True)
class Probe:
    """What a save file turned out to be."""

    version: int
    written_by: str
    size: int


def ro_uri(path: Path) -> str:
    """A read-only URI that adds no file beside ``path``.

    A read-only connection to a WAL-mode database creates ``-wal`` and ``-shm`` files it then cannot remove. When the
    header says WAL but no ``-wal`` file exists, nobody has the file open and all its content is in the file itself,
    so it is read as ``immutable`` (no locks, no side files). Otherwise (rollback mode, or a game open or crashed
    right now) the side files are either not needed or already there.
    """
    uri = f"file:{urllib.parse.quote(str(path))}?mode=ro"
    try:
        with path.open("rb") as f:
            head = f.read(20)
    except OSError:
        return uri
    wal_mode = len(head) == 20 and head.startswith(SQLITE_MAGIC) and head[18] == 2 and head[19] == 2
    if wal_mode and not Path(f"{path}-wal").exists():
        return uri + "&immutable=1"
    return uri


def connect_ro(path: Path) -> sqlite3.Connection:
    conn = sqlite3.connect(ro_uri(path), uri=True, timeout=15, isolation_level=None, check_same_thread=False)
    conn.execute("PRAGMA query_only = ON")
    return conn


def _header_problem(path: Path, size: int) -> tuple[type[SaveDamaged], Message] | None:
    """Why the first bytes show this is not (or no longer) an SQLite database, if they do."""
    try:
        with path.open("rb") as f:
            head = f.read(100)
    except OSError as exc:
        raise StorageUnavailable.one(
            str(path),
            f"cannot be read ({exc.strerror or exc})",
            "check that the file exists and you may read it",
        ) from None
    if size == 0:
        return NotASave, Message.of("cli.problem.save.empty")
    if not head.startswith(SQLITE_MAGIC[: min(len(head), 16)]):
        return NotASave, Message.of("cli.problem.save.not-sqlite")
    if len(head) < 100:
        return SaveDamaged, Message.of("cli.problem.save.truncated-header", size=str(size))
    page_size = int.from_bytes(head[16:18], "big")
    page_size = 65536 if page_size == 1 else page_size
    pages = int.from_bytes(head[28:32], "big")
    counter, valid_for = head[24:28], head[92:96]
    expected = page_size * pages
    if pages and counter == valid_for and size < expected:
        return SaveDamaged, Message.of("cli.problem.save.truncated", size=str(size), expected=str(expected))
    return None


class NeedsRecovery(Exception):
    """The file was left open by a game that stopped (crashed): its WAL must be replayed, which a read-only
    connection cannot do. The store then checks a private copy instead (see ``database._recovered_copy``)."""


def probe(path: Path, *, check: bool = True, where: str | None = None) -> Probe:
    """Check ``path`` is an intact Negotiator save this version can read; raise a clear error naming it (or
    ``where``: the original of a copy) if not."""
    where = where or str(path)
    try:
        size = path.stat().st_size
    except OSError as exc:
        raise StorageUnavailable.one(
            where, f"cannot be read ({exc.strerror or exc})", "check the path and that you may read it"
        ) from None
    problem = _header_problem(path, size)
    if problem is not None:
        kind, message = problem
        raise kind.one(where, message, Message.of("cli.problem.fix.save.another"))
    try:
        conn = connect_ro(path)
    except sqlite3.Error as exc:
        raise StorageUnavailable.one(
            where, f"cannot be opened ({exc})", "check the file and its folder may be read"
        ) from None
    try:
        return _inspect(conn, where, size, check)
    except sqlite3.Error as exc:
        code = getattr(exc, "sqlite_errorcode", None)
        if isinstance(code, int) and code & 0xFF == SQLITE_READONLY:
            # A read-only connection asked to write: only the WAL's shared index needs that (READONLY_RECOVERY,
            # READONLY_CANTINIT, ... depending on where the game stopped), so this is a save left open.
            raise NeedsRecovery(where) from None
        raise sqlite_problem(exc, where, "read") from None
    finally:
        conn.close()


def _inspect(conn: sqlite3.Connection, where: str, size: int, check: bool) -> Probe:
    if check:
        pragma = "integrity_check" if size <= FULL_CHECK_BYTES else "quick_check"
        rows = [str(r[0]) for r in conn.execute(f"PRAGMA {pragma}(5)")]
        if rows != ["ok"]:
            raise SaveDamaged.one(
                where,
                Message.of("cli.problem.save.damaged", detail="; ".join(rows)[:300]),
                Message.of("cli.problem.fix.save.backup-unchanged"),
            )
    names = sorted(str(r[0]) for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'"))
    if "negotiator_meta" not in names:
        shown = ", ".join(names[:6]) + (", ..." if len(names) > 6 else "") if names else "no tables"
        raise NotASave.one(
            where,
            Message.of("cli.problem.save.other-sqlite", tables=shown),
            Message.of("cli.problem.fix.save.open-save"),
        )
    meta = {str(k): str(v) for k, v in conn.execute("SELECT key, value FROM negotiator_meta")}
    version, written_by = check_meta(meta, where)
    missing = [t for t in TABLES if t not in names]
    if missing and version == versions.SCHEMA_VERSION:
        raise SaveDamaged.one(
            where,
            Message.of("cli.problem.save.lacks-tables", tables=", ".join(missing)),
            Message.of("cli.problem.fix.save.backup-unchanged"),
        )
    return Probe(version, written_by, size)


def check_meta(meta: dict[str, str], where: str) -> tuple[int, str]:
    """The save format version in ``negotiator_meta`` (and who wrote it), refusing what this version cannot read."""
    if meta.get("application") != versions.APPLICATION:
        raise NotASave.one(
            where,
            Message.of("cli.problem.save.other-application", application=repr(meta.get("application"))),
            Message.of("cli.problem.fix.save.open-save"),
        )
    raw = meta.get("schema_version", "")
    if not raw.isdigit() or len(raw) > 9:
        raise SaveDamaged.one(
            where,
            f"has no valid save format version ({raw[:20]!r})",
            "restore it from a backup; this file was not changed",
        )
    version = int(raw)
    written_by = meta.get("written_by", "an unknown version")[:80]
    if version > versions.SCHEMA_VERSION:
        raise SaveTooNew.one(
            where,
            f"was written by a newer Negotiator ({written_by}, save format v{version}); "
            f"this version reads save formats up to v{versions.SCHEMA_VERSION}",
            "update Negotiator to open it; this file was not changed",
        )
    if version < 1:
        raise SaveDamaged.one(
            where,
            f"has an impossible save format version ({version})",
            "restore it from a backup; this file was not changed",
        )
    return version, written_by


SQLITE_FULL, SQLITE_READONLY, SQLITE_PERM, SQLITE_CANTOPEN, SQLITE_IOERR = 13, 8, 3, 14, 10
SQLITE_BUSY, SQLITE_LOCKED, SQLITE_CORRUPT, SQLITE_NOTADB = 5, 6, 11, 26


def sqlite_problem(exc: BaseException, where: str, doing: str) -> StorageError:
    """A clear error for an ``sqlite3`` failure while ``doing`` something with the save ``where``."""
    code = getattr(exc, "sqlite_errorcode", None)
    primary = code & 0xFF if isinstance(code, int) else None
    detail = str(exc).splitlines()[0][:200] if str(exc) else type(exc).__name__
    elsewhere = "the game goes on in memory: save it somewhere else"
    if primary == SQLITE_FULL:
        return StorageUnavailable.one(
            where, f"cannot {doing}: the disk is full", f"free some space, or {elsewhere}"
        )
    if primary in (SQLITE_READONLY, SQLITE_PERM):
        return StorageUnavailable.one(
            where, f"cannot {doing}: the file or its folder is read-only ({detail})", elsewhere
        )
    if primary == SQLITE_CANTOPEN:
        return StorageUnavailable.one(
            where,
            f"cannot {doing}: the file cannot be opened ({detail})",
            f"check the folder exists and you may write to it, or {elsewhere}",
        )
    if primary == SQLITE_IOERR:
        return StorageUnavailable.one(
            where, f"cannot {doing}: the disk reported an error ({detail})", elsewhere
        )
    if primary in (SQLITE_BUSY, SQLITE_LOCKED):
        return StorageUnavailable.one(
            where,
            f"cannot {doing}: another program is holding the save ({detail})",
            "close the other program, or save somewhere else",
        )
    if primary in (SQLITE_CORRUPT, SQLITE_NOTADB):
        return SaveDamaged.one(
            where,
            Message.of("cli.problem.save.damaged", detail=detail),
            Message.of("cli.problem.fix.save.backup"),
        )
    return StorageError.one(where, f"cannot {doing} ({detail})", "try again, or save somewhere else")
