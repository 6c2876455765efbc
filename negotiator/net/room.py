"""A class's room: its code, the trainer's token and every table's game id and seat tokens, kept in a small file.

The games themselves live in the save store like any game; the room file only says which games belong to the class
and who may sit where, so a host that was killed starts again with every table and every token as they were.
Tokens are random (:mod:`secrets`), 80 bits, written in an alphabet without look-alike characters so a student can
type one from a seat card; the room code is short and public (it names the class and lets spectators watch).
"""

from __future__ import annotations

import hashlib
import json
import os
import secrets
import tempfile
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from negotiator.model.errors import NegotiatorError

ALPHABET = "23456789ABCDEFGHJKLMNPQRSTUVWXYZ"
"""32 symbols, no 0/O or 1/I: five bits each."""

ROOM_FILE_VERSION = 1


class RoomError(NegotiatorError):
    """A room file that cannot be read or written."""


def new_token() -> str:
    """80 random bits as four groups of four symbols (``K7QM-2XPD-9HTR-CE4W``)."""
    raw = "".join(secrets.choice(ALPHABET) for _ in range(16))
    return "-".join(raw[i : i + 4] for i in range(0, 16, 4))


def new_room_code() -> str:
    return "".join(secrets.choice(ALPHABET) for _ in range(6))


def normalise(token: str) -> str:
    """What a person may type for a token: any case, with or without dashes and spaces."""
    return "".join(ch for ch in token.upper() if ch.isalnum())


def token_key(token: str) -> str:
    """The dictionary key a token is looked up by (a digest, so lookups do not compare secrets character by
    character)."""
    return hashlib.sha256(normalise(token).encode("utf-8")).hexdigest()


@dataclass(frozen=True)
class RoomTable:
    number: int
    game_id: str
    seats: dict[str, str]
    """Delegation id -> token, for the seats students play (AI seats have none)."""
    handed_to_ai: dict[str, str] = field(default_factory=dict)
    """Students' seats the trainer handed to the AI, with the persona ("" for the delegation's usual one): kept
    here so a host started again with ``--resume`` lets the AI go on playing them."""
    auto_handed: dict[str, str] = field(default_factory=dict)
    """Students' seats the host itself handed to the AI (left empty on their turn, ``--hand-to-ai-after``): after
    a restart the AI goes on playing them until a student is back, as before it."""


@dataclass(frozen=True)
class Room:
    code: str
    trainer: str
    scenario_id: str
    tables: tuple[RoomTable, ...]
    personas: dict[str, str] = field(default_factory=dict)

    def to_json(self) -> dict[str, Any]:
        return {
            "version": ROOM_FILE_VERSION,
            "room": self.code,
            "trainer": self.trainer,
            "scenario": self.scenario_id,
            "personas": dict(self.personas),
            "tables": [
                {
                    "table": t.number,
                    "game_id": t.game_id,
                    "seats": dict(t.seats),
                    "handed_to_ai": dict(t.handed_to_ai),
                    "auto_handed": dict(t.auto_handed),
                }
                for t in self.tables
            ],
        }

    def with_hand_over(self, table: int, seat: str, persona: str | None, *, auto: bool = False) -> Room:
        """This room with ``seat`` at ``table`` handed to the AI playing ``persona`` (``None``: given back) by the
        trainer, or by the host itself (``auto``)."""
        tables = []
        for t in self.tables:
            if t.number == table:
                handed = {s: p for s, p in t.handed_to_ai.items() if s != seat}
                automatic = {s: p for s, p in t.auto_handed.items() if s != seat}
                if persona is not None:
                    (automatic if auto else handed)[seat] = persona
                t = replace(
                    t, handed_to_ai=dict(sorted(handed.items())), auto_handed=dict(sorted(automatic.items()))
                )
            tables.append(t)
        return replace(self, tables=tuple(tables))

    @classmethod
    def from_json(cls, data: Any, where: str) -> Room:
        try:
            if data.get("version") != ROOM_FILE_VERSION:
                raise RoomError.of(
                    "cli.error.room-version",
                    where=where,
                    version=repr(data.get("version")),
                    expected=ROOM_FILE_VERSION,
                )
            tables = tuple(
                RoomTable(
                    int(t["table"]),
                    str(t["game_id"]),
                    {str(k): str(v) for k, v in t["seats"].items()},
                    {str(k): str(v) for k, v in t.get("handed_to_ai", {}).items()},
                    {str(k): str(v) for k, v in t.get("auto_handed", {}).items()},
                )
                for t in data["tables"]
            )
            return cls(
                code=str(data["room"]),
                trainer=str(data["trainer"]),
                scenario_id=str(data["scenario"]),
                tables=tables,
                personas={str(k): str(v) for k, v in data.get("personas", {}).items()},
            )
        except RoomError:
            raise
        except (AttributeError, KeyError, TypeError, ValueError) as exc:
            raise RoomError.of(
                "cli.error.room-not-file", where=where, why=f"{type(exc).__name__}: {exc}", flag="--resume"
            ) from None

    def save(self, path: Path) -> None:
        """Write atomically, readable only by this user (the file holds every seat's token)."""
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=".room-", dir=path.parent)
        try:
            with os.fdopen(fd, "w", encoding="utf-8") as f:
                json.dump(self.to_json(), f, indent=2)
                f.flush()
                os.fsync(f.fileno())
            os.chmod(tmp, 0o600)
            os.replace(tmp, path)
        except OSError as exc:
            Path(tmp).unlink(missing_ok=True)
            raise RoomError.of(
                "cli.error.room-write", path=str(path), why=str(exc.strerror), flag="--room"
            ) from None

    @classmethod
    def load(cls, path: Path) -> Room:
        try:
            text = path.read_text(encoding="utf-8")
        except OSError as exc:
            raise RoomError.of("cli.error.room-read", path=str(path), why=str(exc.strerror)) from None
        try:
            data = json.loads(text)
        except ValueError:
            raise RoomError.of("cli.error.room-not-json", path=str(path)) from None
        return cls.from_json(data, str(path))
