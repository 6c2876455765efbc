"""Sweep results in a database: one row per game and one summary per cell (``negotiator sweep``).

Its own small schema, in its own file or database (not the saves' schema: sweeps hold millions of rows that are not
games a player reopens):

- ``sweep_games``: key (sweep, cell, game); the facts a query filters on (result, signed, ratified, paradigm, rounds,
  distance) as columns, and the whole row as JSON (``row_json``), so fields added to a game's row later are kept
  without a schema change.
- ``sweep_cells``: key (sweep, cell); what the cell varies (scenario, opinion variant, personas), its rates, and the
  whole summary as JSON.

Rows are written a chunk of games per transaction, so a sweep stopped at any moment keeps every chunk it finished and
no half-chunk; :meth:`SweepStore.done_games` tells a restarted sweep what it can skip.
"""

from __future__ import annotations

import json
import os
from collections.abc import Iterable, Iterator, Mapping, Sequence
from typing import Any

from sqlalchemy import (
    BigInteger,
    Boolean,
    Engine,
    Float,
    Integer,
    String,
    Text,
    create_engine,
    delete,
    event,
    inspect,
    select,
)
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import DeclarativeBase, Mapped, Session, mapped_column

from negotiator.session.errors import StorageError
from negotiator.store.location import locate


class SweepBase(DeclarativeBase):
    pass


class SweepGameRow(SweepBase):
    __tablename__ = "sweep_games"

    sweep: Mapped[str] = mapped_column(String(64), primary_key=True)
    cell: Mapped[str] = mapped_column(String(32), primary_key=True)
    game: Mapped[int] = mapped_column(Integer, primary_key=True)
    cell_no: Mapped[int] = mapped_column(Integer)
    seed: Mapped[int] = mapped_column(BigInteger)
    result: Mapped[str] = mapped_column(String(64))
    signed: Mapped[bool] = mapped_column(Boolean)
    ratified: Mapped[bool] = mapped_column(Boolean)
    paradigm: Mapped[str] = mapped_column(String(64))
    rounds: Mapped[int] = mapped_column(Integer)
    distance: Mapped[float | None] = mapped_column(Float)
    row_json: Mapped[str] = mapped_column(Text)


class SweepCellRow(SweepBase):
    __tablename__ = "sweep_cells"

    sweep: Mapped[str] = mapped_column(String(64), primary_key=True)
    cell: Mapped[str] = mapped_column(String(32), primary_key=True)
    cell_no: Mapped[int] = mapped_column(Integer)
    scenario: Mapped[str] = mapped_column(String(300))
    opinion: Mapped[str] = mapped_column(String(200))
    personas: Mapped[str] = mapped_column(String(1000))
    games: Mapped[int] = mapped_column(Integer)
    agreement_rate: Mapped[float] = mapped_column(Float)
    ratification_rate: Mapped[float] = mapped_column(Float)
    mean_distance: Mapped[float | None] = mapped_column(Float)
    digest: Mapped[str] = mapped_column(String(64))
    summary_json: Mapped[str] = mapped_column(Text)


TABLES = ("sweep_games", "sweep_cells")


class SweepStore:
    """The sweep tables in one database (a SQLite path or a SQLAlchemy URL); created on first use."""

    def __init__(self, engine: Engine, where: str) -> None:
        self._engine = engine
        self.where = where

    @classmethod
    def open(cls, spec: str | os.PathLike[str]) -> SweepStore:
        location = locate(spec)
        where = location.display
        if location.path is not None:
            if location.path.is_dir():
                raise StorageError.one(where, "is a folder", "give the path of a .db file for sweep results")
            location.path.parent.mkdir(parents=True, exist_ok=True)
        try:
            engine = create_engine(location.url)
            if location.path is not None:

                @event.listens_for(engine, "connect")
                def _pragmas(conn: Any, _record: Any) -> None:
                    cur = conn.cursor()
                    cur.execute("PRAGMA journal_mode=WAL")
                    cur.execute("PRAGMA synchronous=NORMAL")
                    cur.close()

            names = set(inspect(engine).get_table_names())
            if names and not names & set(TABLES) and location.path is not None:
                engine.dispose()
                raise StorageError.one(
                    where,
                    "is another database, not sweep results",
                    "give a new file for the sweep's results (or the one it wrote before)",
                )
            SweepBase.metadata.create_all(engine)
        except SQLAlchemyError as exc:
            raise StorageError.one(
                where, f"cannot be opened as a database ({_first_line(exc)})", "check the path or URL"
            ) from None
        return cls(engine, where)

    def close(self) -> None:
        self._engine.dispose()

    def __enter__(self) -> SweepStore:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def done_games(self, sweep: str, cell: str) -> set[int]:
        with Session(self._engine) as s:
            q = select(SweepGameRow.game).where(SweepGameRow.sweep == sweep, SweepGameRow.cell == cell)
            return set(s.scalars(q))

    def add_games(self, sweep: str, cell: str, cell_no: int, rows: Sequence[Mapping[str, Any]]) -> None:
        """Store finished games (one transaction: all of them or none)."""
        self._write(
            lambda s: s.add_all(
                SweepGameRow(
                    sweep=sweep,
                    cell=cell,
                    game=int(r["game"]),
                    cell_no=cell_no,
                    seed=int(r["seed"]),
                    result=str(r["result"]),
                    signed=bool(r["signed"]),
                    ratified=bool(r["ratified"]),
                    paradigm=str(r["paradigm"]),
                    rounds=int(r["rounds"]),
                    distance=None if r["distance"] is None else float(r["distance"]),
                    row_json=json.dumps(r, sort_keys=True, ensure_ascii=False),
                )
                for r in rows
            )
        )

    def game_rows(
        self, sweep: str, cells: Iterable[tuple[str, int]], batch: int = 2000
    ) -> Iterator[tuple[str, dict[str, Any]]]:
        """(cell, row) for the stored games ``0 .. games-1`` of each (cell, games), cell by cell in the order given,
        games in index order (a sweep whose file now asks for fewer games per cell leaves the others out)."""
        for cell, games in cells:
            last = -1
            while True:
                with Session(self._engine) as s:
                    q = (
                        select(SweepGameRow.game, SweepGameRow.row_json)
                        .where(SweepGameRow.sweep == sweep, SweepGameRow.cell == cell)
                        .where(SweepGameRow.game > last, SweepGameRow.game < games)
                        .order_by(SweepGameRow.game)
                        .limit(batch)
                    )
                    got = s.execute(q).all()
                if not got:
                    break
                for _game, text in got:
                    yield cell, json.loads(text)
                last = got[-1][0]

    def put_cell(
        self,
        sweep: str,
        cell: str,
        cell_no: int,
        scenario: str,
        opinion: str,
        personas: str,
        summary: Mapping[str, Any],
    ) -> None:
        def write(s: Session) -> None:
            s.execute(delete(SweepCellRow).where(SweepCellRow.sweep == sweep, SweepCellRow.cell == cell))
            s.add(
                SweepCellRow(
                    sweep=sweep,
                    cell=cell,
                    cell_no=cell_no,
                    scenario=scenario,
                    opinion=opinion,
                    personas=personas,
                    games=int(summary["games"]),
                    agreement_rate=float(summary["agreement_rate"]),
                    ratification_rate=float(summary["ratification_rate"]),
                    mean_distance=summary["mean_distance_to_frontier"],
                    digest=str(summary["digest"]),
                    summary_json=json.dumps(summary, sort_keys=True, ensure_ascii=False),
                )
            )

        self._write(write)

    def cell_summary(self, sweep: str, cell: str) -> dict[str, Any] | None:
        with Session(self._engine) as s:
            text = s.scalar(
                select(SweepCellRow.summary_json).where(
                    SweepCellRow.sweep == sweep, SweepCellRow.cell == cell
                )
            )
        return None if text is None else dict(json.loads(text))

    def _write(self, fn: Any) -> None:
        try:
            with Session(self._engine) as s, s.begin():
                fn(s)
        except SQLAlchemyError as exc:
            raise StorageError.one(
                self.where,
                f"cannot store sweep results ({_first_line(exc)})",
                "check the disk and the database",
            ) from None


def _first_line(exc: BaseException) -> str:
    return str(exc).strip().splitlines()[0][:200] if str(exc).strip() else type(exc).__name__
