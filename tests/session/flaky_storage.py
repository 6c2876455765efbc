"""A storage that fails like a full disk on demand (session tests of the in-memory fallback)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from negotiator.session.errors import StorageUnavailable
from negotiator.session.ports import (
    Checkpoint,
    CommandRecord,
    GameHeader,
    GameListing,
    MemoryStorage,
    Progress,
    SavedGame,
)


class FlakyStorage:
    """A MemoryStorage that fails like a full disk while ``broken`` is set.

    ``commit_then_fail`` makes a failing write happen anyway before it raises (a write whose acknowledgement was lost),
    the nastiest case for a session deciding what is stored.
    """

    def __init__(self) -> None:
        self.inner = MemoryStorage("flaky.db")
        self.broken = False
        self.commit_then_fail = False
        self.writes = 0

    @property
    def where(self) -> str:
        return self.inner.where

    def _write(self, fn: Any, *args: Any) -> None:
        if self.broken:
            if self.commit_then_fail:
                fn(*args)
            raise StorageUnavailable.one("flaky.db", "the disk is full", "free some space or save elsewhere")
        fn(*args)
        self.writes += 1

    def create_game(self, header: GameHeader, progress: Progress) -> None:
        self._write(self.inner.create_game, header, progress)

    def append_command(
        self, game_id: str, record: CommandRecord, progress: Progress, checkpoint: Checkpoint | None
    ) -> None:
        self._write(self.inner.append_command, game_id, record, progress, checkpoint)

    def write_game(
        self,
        header: GameHeader,
        records: Sequence[CommandRecord],
        checkpoints: Sequence[Checkpoint],
        progress: Progress,
    ) -> None:
        self._write(self.inner.write_game, header, records, checkpoints, progress)

    def truncate(self, game_id: str, keep: int, progress: Progress) -> None:
        self._write(self.inner.truncate, game_id, keep, progress)

    def load_game(self, game_id: str) -> SavedGame:
        return self.inner.load_game(game_id)

    def list_games(self) -> list[GameListing]:
        return self.inner.list_games()
