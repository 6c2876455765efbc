"""The session's ports: the rules it folds commands through, the storage it saves through, and the records that cross.

- :class:`GameRules`: everything the session needs from the game, typed with the game's own state, command, event
  and view types. The composition root (``negotiator.app``) picks the implementation
  (:class:`~negotiator.session.standard.StandardRules`); tests may hand in a small stand-in of the same shape.
- :class:`GameStorage`: the session never imports a database library (dependency inversion). The store layer
  implements it with SQLAlchemy; tests and a game running without a disk use :class:`MemoryStorage`. Records are
  frozen dataclasses of JSON-safe values, so any storage can keep them without executing anything on load.
"""

from __future__ import annotations

import hashlib
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, Protocol

from negotiator.game.commands import Command
from negotiator.game.events import GameEvent
from negotiator.game.setup import GameSetup
from negotiator.game.state import GameState
from negotiator.game.views import PublicView, SeatView, TrainerView
from negotiator.model.canonical import canonical_json
from negotiator.model.schema import Scenario
from negotiator.session.errors import GameNotFound


class Bot(Protocol):
    """A seat's bot: reads that seat's view, returns a command for that seat."""

    def choose(self, view: SeatView) -> Command: ...


@dataclass(frozen=True, slots=True)
class Standing:
    """What a listing needs to know about a state."""

    round: int
    phase: str
    finished: bool
    outcome: str | None


class GameRules(Protocol):
    """Everything the session needs from the game. ``apply`` must be pure and deterministic."""

    def setup_from_dict(self, data: Mapping[str, Any]) -> GameSetup:
        """Rebuild a setup from stored data; raises ``NegotiatorError`` when it is malformed."""
        ...

    def new_game(self, scenario: Scenario, setup: GameSetup) -> GameState: ...

    def apply(self, state: GameState, command: Command) -> tuple[GameState, tuple[GameEvent, ...]]:
        """The next state and what happened; raises ``NegotiatorError`` for an illegal command."""
        ...

    def whose_turn(self, state: GameState) -> str | None: ...

    def state_hash(self, state: GameState) -> str: ...

    def encode(self, command: Command) -> dict[str, Any]:
        """A JSON-safe dict with a ``type`` key."""
        ...

    def decode(self, data: Mapping[str, Any]) -> Command:
        """The command a stored payload stands for; raises ``NegotiatorError`` when it is not a valid command."""
        ...

    def seat_of(self, command: Command) -> str: ...

    def standing(self, state: GameState) -> Standing: ...

    def view_for(self, state: GameState, seat: str) -> SeatView:
        """What ``seat`` may know (its own brief, the public record, messages it was party to)."""
        ...

    def public_view(self, state: GameState) -> PublicView:
        """What anyone may know: the public record only (a spectator)."""
        ...

    def trainer_view(self, state: GameState) -> TrainerView:
        """Everything (every seat's view, every private line): the trainer's console."""
        ...

    def make_bot(self, persona: str | None, seat: str, scenario: Scenario, seed: int) -> Bot: ...


def payload_digest(payload_json: str) -> str:
    """Checksum of a stored command, so an edit made outside the game is reported as such, not as a rules bug."""
    return hashlib.sha256(payload_json.encode("utf-8")).hexdigest()


@dataclass(frozen=True, slots=True)
class GameHeader:
    """What a game is: written once, when the game is created."""

    game_id: str
    scenario_id: str
    scenario_version: int
    mode: str
    seats: str
    """Human-readable seat summary for listings, e.g. ``israel: human · palestine: bot (pragmatist)``."""
    setup: Mapping[str, Any]
    """``GameSetup.to_dict()``: seed, seats, mode, undo rule; enough to start the game again."""
    app_version: str


@dataclass(frozen=True, slots=True)
class CommandRecord:
    """One applied command as stored: its position, who made it, in which round, and its JSON payload."""

    index: int
    seat: str
    round: int
    payload: Mapping[str, Any]

    @property
    def payload_json(self) -> str:
        return canonical_json(self.payload)

    @property
    def digest(self) -> str:
        return payload_digest(self.payload_json)


@dataclass(frozen=True, slots=True)
class Checkpoint:
    """The state hash after the first ``index`` commands: what replay must reproduce."""

    index: int
    state_hash: str
    round: int
    phase: str


@dataclass(frozen=True, slots=True)
class Progress:
    """Where a game stands after its last command: kept with the game for listings and as the final checkpoint."""

    commands: int
    round: int
    phase: str
    turn: str | None
    finished: bool
    outcome: str | None
    state_hash: str

    def checkpoint(self) -> Checkpoint:
        return Checkpoint(self.commands, self.state_hash, self.round, self.phase)


@dataclass(frozen=True, slots=True)
class GameListing:
    """One line of ``saves list``."""

    game_id: str
    scenario_id: str
    mode: str
    seats: str
    progress: Progress
    created_at: datetime
    updated_at: datetime
    source: str
    """The file or database the game lives in (shown when several are listed)."""


@dataclass(frozen=True, slots=True)
class SavedGame:
    """A whole stored game: header, command log in order, checkpoints. Payloads are data, not yet commands."""

    header: GameHeader
    commands: tuple[CommandRecord, ...]
    checkpoints: tuple[Checkpoint, ...]
    progress: Progress
    created_at: datetime
    updated_at: datetime
    source: str


class GameStorage(Protocol):
    """Where a session keeps its game. Every method is one transaction: it happens entirely or not at all.

    Methods raise :class:`~negotiator.session.errors.StorageUnavailable` when the place cannot be written (disk full,
    read-only folder, server gone) and :class:`~negotiator.session.errors.StorageError` for other trouble.
    """

    @property
    def where(self) -> str:
        """The file or database, as it should appear in messages (never with a password)."""
        ...

    def create_game(self, header: GameHeader, progress: Progress) -> None:
        """Record a new game with no commands yet (a game with the same id is replaced)."""
        ...

    def append_command(
        self, game_id: str, record: CommandRecord, progress: Progress, checkpoint: Checkpoint | None
    ) -> None:
        """Store ``record`` as command number ``record.index``, dropping any stored commands from that index on."""
        ...

    def write_game(
        self,
        header: GameHeader,
        records: Sequence[CommandRecord],
        checkpoints: Sequence[Checkpoint],
        progress: Progress,
    ) -> None:
        """Store a whole game at once, replacing any game with its id (saving elsewhere; recording AI games)."""
        ...

    def truncate(self, game_id: str, keep: int, progress: Progress) -> None:
        """Keep only the first ``keep`` commands (undo), and the checkpoints within them."""
        ...

    def load_game(self, game_id: str) -> SavedGame:
        """The stored game; raises :class:`GameNotFound` or :class:`SaveDamaged`."""
        ...

    def list_games(self) -> list[GameListing]:
        """Every game, most recently played first."""
        ...


@dataclass
class _MemoryGame:
    header: GameHeader
    progress: Progress
    created_at: datetime
    updated_at: datetime
    commands: list[CommandRecord] = field(default_factory=list)
    checkpoints: list[Checkpoint] = field(default_factory=list)


class MemoryStorage:
    """A :class:`GameStorage` in memory: for tests, and for a game whose disk has failed (nothing is lost while the
    program runs; the player is told the game is not saved)."""

    def __init__(self, where: str = "(memory)", clock: Any = None) -> None:
        self._where = where
        self._games: dict[str, _MemoryGame] = {}
        self._clock = clock or datetime.now

    @property
    def where(self) -> str:
        return self._where

    def _game(self, game_id: str) -> _MemoryGame:
        try:
            return self._games[game_id]
        except KeyError:
            raise GameNotFound.one(
                self._where, f"no game {game_id!r}", "run `negotiator saves list`"
            ) from None

    def create_game(self, header: GameHeader, progress: Progress) -> None:
        now = self._clock()
        self._games[header.game_id] = _MemoryGame(header, progress, now, now)

    def append_command(
        self, game_id: str, record: CommandRecord, progress: Progress, checkpoint: Checkpoint | None
    ) -> None:
        game = self._game(game_id)
        if record.index > len(game.commands):
            raise ValueError(f"command {record.index} would leave a gap after {len(game.commands)}")
        del game.commands[record.index :]
        game.commands.append(record)
        game.checkpoints = [c for c in game.checkpoints if c.index <= record.index]
        if checkpoint is not None:
            game.checkpoints.append(checkpoint)
        game.progress = progress
        game.updated_at = self._clock()

    def write_game(
        self,
        header: GameHeader,
        records: Sequence[CommandRecord],
        checkpoints: Sequence[Checkpoint],
        progress: Progress,
    ) -> None:
        now = self._clock()
        self._games[header.game_id] = _MemoryGame(
            header, progress, now, now, list(records), list(checkpoints)
        )

    def truncate(self, game_id: str, keep: int, progress: Progress) -> None:
        game = self._game(game_id)
        del game.commands[keep:]
        game.checkpoints = [c for c in game.checkpoints if c.index <= keep]
        game.progress = progress
        game.updated_at = self._clock()

    def load_game(self, game_id: str) -> SavedGame:
        game = self._game(game_id)
        return SavedGame(
            game.header,
            tuple(game.commands),
            tuple(game.checkpoints),
            game.progress,
            game.created_at,
            game.updated_at,
            self._where,
        )

    def list_games(self) -> list[GameListing]:
        games = sorted(self._games.values(), key=lambda g: (g.updated_at, g.header.game_id), reverse=True)
        return [
            GameListing(
                g.header.game_id,
                g.header.scenario_id,
                g.header.mode,
                g.header.seats,
                g.progress,
                g.created_at,
                g.updated_at,
                self._where,
            )
            for g in games
        ]
