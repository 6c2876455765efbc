"""Where saves live: the default save folder, ``NEGOTIATOR_DB``, ``--db``, and turning any of them into a URL.

Default: run from a source checkout (the package sits beside ``pyproject.toml`` and a ``saves/`` folder), saves go to
that ``saves/`` folder so development never touches a player's games; installed (or bundled), they go to the
platform's user data folder (``platformdirs``: ``~/.local/share/negotiator/saves`` on Linux,
``%LOCALAPPDATA%\\negotiator\\saves`` on Windows, ``~/Library/Application Support/negotiator/saves`` on macOS).

``--db`` and ``NEGOTIATOR_DB`` take either a path (``class-7.db``) or a SQLAlchemy URL
(``sqlite:///class-7.db``, ``postgresql+psycopg://user@host/negotiator``); the ``saves`` commands also take a folder
(every save file in it: a trainer collects the class's files in one folder).
"""

from __future__ import annotations

import os
import sys
from dataclasses import dataclass
from pathlib import Path

ENV_VAR = "NEGOTIATOR_DB"
DEFAULT_FILE = "negotiator.db"
SAVE_SUFFIXES = (".db", ".sqlite", ".sqlite3")
"""Files in the save folder that are listed as save databases (a trainer can drop students' files there)."""


def checkout_root() -> Path | None:
    """The source checkout this package runs from, or ``None`` when installed or bundled."""
    if getattr(sys, "frozen", False):
        return None
    root = Path(__file__).resolve().parents[2]
    if (root / "pyproject.toml").is_file() and (root / "saves").is_dir() and (root / "negotiator").is_dir():
        return root
    return None


def default_saves_dir() -> Path:
    root = checkout_root()
    if root is not None:
        return root / "saves"
    from platformdirs import user_data_path

    return user_data_path("negotiator", appauthor=False) / "saves"


@dataclass(frozen=True, slots=True)
class Location:
    """A save database: its SQLAlchemy URL, and its file when it is SQLite on disk."""

    url: str
    path: Path | None

    @property
    def display(self) -> str:
        """How messages name it: the file path, or the URL without its password."""
        if self.path is not None:
            return str(self.path)
        from sqlalchemy.engine import make_url

        return make_url(self.url).render_as_string(hide_password=True)

    @property
    def is_sqlite_file(self) -> bool:
        return self.path is not None


def locate(spec: str | os.PathLike[str]) -> Location:
    """A path or URL given by the user, as a :class:`Location`."""
    text = os.fspath(spec).strip()
    if "://" in text:
        from sqlalchemy.engine import make_url
        from sqlalchemy.exc import ArgumentError

        from negotiator.session.errors import StorageError

        try:
            url = make_url(text)
        except ArgumentError:
            raise StorageError.one(
                text,
                "is not a database URL or a file path",
                "write a path like saves/class.db or a URL like sqlite:///class.db",
            ) from None
        if url.get_backend_name() == "sqlite":
            database = url.database or ""
            if database in ("", ":memory:") or database.startswith("file:"):
                return Location(text, None)
            return Location(
                f"sqlite:///{Path(database).expanduser().absolute()}", Path(database).expanduser().absolute()
            )
        return Location(text, None)
    path = Path(text).expanduser().absolute()
    return Location(f"sqlite:///{path}", path)


def default_location() -> Location:
    """``NEGOTIATOR_DB`` if set, else ``negotiator.db`` in the default save folder."""
    env = os.environ.get(ENV_VAR, "").strip()
    if env:
        return locate(env)
    return locate(default_saves_dir() / DEFAULT_FILE)


def save_locations(db: str | None) -> list[Location]:
    """What ``saves list`` and friends read: ``--db`` if given (a database, or a folder: every save file in it), else
    ``NEGOTIATOR_DB`` if set, else every save file in the default save folder (the default database first)."""
    if db:
        if "://" not in db and Path(db).expanduser().is_dir():
            return _files_in(Path(db).expanduser())
        return [locate(db)]
    if os.environ.get(ENV_VAR, "").strip():
        return [default_location()]
    return _files_in(default_saves_dir())


def _files_in(folder: Path) -> list[Location]:
    default = folder / DEFAULT_FILE
    found = [default] if default.is_file() else []
    try:
        entries = sorted(folder.iterdir())
    except OSError:
        entries = []
    found += [p for p in entries if p.suffix.lower() in SAVE_SUFFIXES and p.is_file() and p != default]
    return [locate(p) for p in found]
