"""The save database's tables, as SQLAlchemy 2.0 typed ORM classes.

Portable SQL only (strings, integers, booleans, timestamps; JSON kept as text), so the same tables work on SQLite and
PostgreSQL. Times are UTC, stored as ISO 8601 text (SQLite has no time type; text sorts and reads back the same
everywhere); :mod:`negotiator.store.database` adds the zone back when reading.

- ``negotiator_meta``: key/value rows naming the application and the schema version (how a save is recognised).
- ``games``: one row per game, with what a listing shows (scenario, seats, round, last played, outcome) and the
  state hash after its last command (the final checkpoint).
- ``commands``: the command log, one row per command, ordered by ``idx``, its JSON payload and the payload's sha256.
- ``snapshots``: periodic checkpoints, the state hash after ``idx`` commands.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import Dialect, ForeignKey, Index, Integer, String, Text, TypeDecorator
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column


class UtcTimestamp(TypeDecorator[datetime]):
    """A UTC time stored as fixed-width ISO 8601 text (sorts like the time; the same on every database).

    Reading never raises: a value that is not such a time (an edited file) comes back as it is stored, for the
    reader to report as damage, instead of failing the whole listing.
    """

    impl = String(32)
    cache_ok = True

    def process_bind_param(self, value: Any, dialect: Dialect) -> Any:
        if isinstance(value, datetime):
            return value.strftime("%Y-%m-%dT%H:%M:%S.%f")
        return value

    def process_result_value(self, value: Any, dialect: Dialect) -> Any:
        if isinstance(value, str):
            try:
                return datetime.fromisoformat(value)
            except ValueError:
                return value
        return value


class Base(DeclarativeBase):
    pass


class MetaEntry(Base):
    __tablename__ = "negotiator_meta"

    key: Mapped[str] = mapped_column(String(64), primary_key=True)
    value: Mapped[str] = mapped_column(String(256))


class GameRow(Base):
    __tablename__ = "games"

    id: Mapped[str] = mapped_column(String(32), primary_key=True)
    scenario_id: Mapped[str] = mapped_column(String(64))
    scenario_version: Mapped[int] = mapped_column(Integer)
    mode: Mapped[str] = mapped_column(String(16))
    seats: Mapped[str] = mapped_column(String(1000))
    setup_json: Mapped[str] = mapped_column(Text)
    app_version: Mapped[str] = mapped_column(String(32))
    created_at: Mapped[datetime] = mapped_column(UtcTimestamp())
    updated_at: Mapped[datetime] = mapped_column(UtcTimestamp())
    commands: Mapped[int] = mapped_column(Integer)
    round: Mapped[int] = mapped_column(Integer)
    phase: Mapped[str] = mapped_column(String(32))
    turn: Mapped[str | None] = mapped_column(String(64))
    finished: Mapped[bool]
    outcome: Mapped[str | None] = mapped_column(String(200))
    state_hash: Mapped[str] = mapped_column(String(64))

    __table_args__ = (Index("ix_games_updated_at", "updated_at"),)


class CommandRow(Base):
    __tablename__ = "commands"

    game_id: Mapped[str] = mapped_column(
        String(32), ForeignKey("games.id", ondelete="CASCADE"), primary_key=True
    )
    idx: Mapped[int] = mapped_column(Integer, primary_key=True)
    seat: Mapped[str] = mapped_column(String(64))
    round: Mapped[int] = mapped_column(Integer)
    type: Mapped[str] = mapped_column(String(64))
    payload: Mapped[str] = mapped_column(Text)
    digest: Mapped[str] = mapped_column(String(64))


class SnapshotRow(Base):
    __tablename__ = "snapshots"

    game_id: Mapped[str] = mapped_column(
        String(32), ForeignKey("games.id", ondelete="CASCADE"), primary_key=True
    )
    idx: Mapped[int] = mapped_column(Integer, primary_key=True)
    state_hash: Mapped[str] = mapped_column(String(64))
    round: Mapped[int] = mapped_column(Integer)
    phase: Mapped[str] = mapped_column(String(32))


class AnswerRow(Base):
    """A student's answer to one question of the scenario's learning questionnaire (save format v2)."""

    __tablename__ = "answers"

    game_id: Mapped[str] = mapped_column(
        String(32), ForeignKey("games.id", ondelete="CASCADE"), primary_key=True
    )
    seat: Mapped[str] = mapped_column(String(64), primary_key=True)
    stage: Mapped[str] = mapped_column(String(8), primary_key=True)
    question_id: Mapped[str] = mapped_column(String(64), primary_key=True)
    answer: Mapped[str] = mapped_column(Text)
    """The answer as JSON (see negotiator.model.questionnaire)."""
    answered_at: Mapped[datetime] = mapped_column(UtcTimestamp())


TABLES = ("negotiator_meta", "games", "commands", "snapshots", "answers")
