"""Save format versions: the number every save database carries, and the ordered upgrades between them.

``negotiator_meta`` holds ``application = negotiator`` (how a save is told apart from another program's database)
and ``schema_version``. Opening a database of an older version backs it up, then runs ``UPGRADES[k]`` (version k to
k+1) for every step in one transaction: the upgrade happens entirely or the file stays as it was. A database of a
newer version is refused and never written.

Adding version N+1: write ``def _to_vN+1(conn)`` with portable DDL/DML (it runs on SQLite and PostgreSQL), add it to
``UPGRADES[N]``, raise ``SCHEMA_VERSION``, change ``models.py`` to match, and check in a fixture of version N
(``tests/store/fixtures/``) with a test that it opens, upgrades and verifies.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping

from sqlalchemy import Connection, delete, insert, select

from negotiator.store.models import AnswerRow, MetaEntry

APPLICATION = "negotiator"
SCHEMA_VERSION = 2
"""Version 1: games, commands (JSON payload + sha256), snapshots, negotiator_meta. Version 2: answers (the learning
questionnaire's answers, per game, seat and stage)."""

Upgrade = Callable[[Connection], None]


def _to_v2(conn: Connection) -> None:
    """Add the answers table (portable DDL from the model: SQLite and PostgreSQL)."""
    AnswerRow.__table__.create(conn, checkfirst=True)  # type: ignore[attr-defined]


UPGRADES: dict[int, Upgrade] = {1: _to_v2}
"""``UPGRADES[k]`` turns a version-k database into version k+1."""


class UpgradeMissing(Exception):
    """No upgrade step from one version to the next (a bug in this table, not in the user's file)."""


def upgrade_steps(found: int, target: int, upgrades: Mapping[int, Upgrade]) -> list[Upgrade]:
    steps = []
    for version in range(found, target):
        if version not in upgrades:
            raise UpgradeMissing(f"no upgrade from save format v{version} to v{version + 1}")
        steps.append(upgrades[version])
    return steps


def read_meta(conn: Connection) -> dict[str, str]:
    return {row.key: row.value for row in conn.execute(select(MetaEntry.key, MetaEntry.value))}


def stamp(conn: Connection, version: int, app_version: str) -> None:
    """Record ``version`` (and who wrote it) in ``negotiator_meta``."""
    conn.execute(delete(MetaEntry).where(MetaEntry.key.in_(["application", "schema_version", "written_by"])))
    conn.execute(
        insert(MetaEntry),
        [
            {"key": "application", "value": APPLICATION},
            {"key": "schema_version", "value": str(version)},
            {"key": "written_by", "value": f"negotiator {app_version}"},
        ],
    )
