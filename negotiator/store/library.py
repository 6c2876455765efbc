"""Many save databases at once: listing every game, finding one by id, verifying them all.

``saves list`` reads every save file in the save folder (a trainer can drop students' files there) or the one
database ``--db`` names. A file that cannot be read becomes one problem line naming it; the others still list.
Everything here opens databases read-only.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass

from negotiator.session.errors import GameNotFound, SaveDamaged, StorageError
from negotiator.session.log import LoadedGame, ScenarioLoader, load
from negotiator.session.ports import GameListing, GameRules
from negotiator.store.database import SaveDatabase
from negotiator.store.location import Location


@dataclass(frozen=True, slots=True)
class Listing:
    games: list[GameListing]
    problems: list[StorageError]


def list_saves(locations: Iterable[Location]) -> Listing:
    games: list[GameListing] = []
    problems: list[StorageError] = []
    for location in locations:
        try:
            with SaveDatabase.open(location, readonly=True) as db:
                found, bad = db.scan()
        except StorageError as exc:
            problems.append(exc)
            continue
        games.extend(found)
        problems.extend(bad)
    games.sort(key=lambda g: (g.updated_at, g.game_id), reverse=True)
    return Listing(games, problems)


@contextmanager
def open_game(locations: Iterable[Location], prefix: str) -> Iterator[tuple[SaveDatabase, str]]:
    """The database holding the game whose id starts with ``prefix``, and its full id (opened read-only)."""
    matches: list[tuple[Location, str]] = []
    unreadable: list[StorageError] = []
    locations = list(locations)
    for location in locations:
        try:
            with SaveDatabase.open(location, readonly=True) as db:
                matches.append((location, db.find(prefix)))
        except GameNotFound:
            continue
        except StorageError as exc:
            unreadable.append(exc)
    if not matches:
        where = ", ".join(loc.display for loc in locations) or "(no save files)"
        extra = f" ({len(unreadable)} save file(s) could not be read)" if unreadable else ""
        raise GameNotFound.one(
            where, f"no game {prefix[:40]}{extra}", "copy an id from `negotiator saves list`"
        )
    if len(matches) > 1:
        raise StorageError.one(
            prefix[:40],
            "matches games in several files: " + ", ".join(loc.display for loc, _ in matches),
            "give --db or more of the id",
        )
    location, game_id = matches[0]
    db = SaveDatabase.open(location, readonly=True)
    try:
        yield db, game_id
    finally:
        db.close()


@dataclass(frozen=True, slots=True)
class Verdict:
    """One game checked by replay: ``loaded`` when it replays to every stored hash, else ``problem``."""

    game_id: str
    source: str
    commands: int
    checkpoints: int
    loaded: LoadedGame | None
    problem: StorageError | None

    @property
    def ok(self) -> bool:
        return self.problem is None


def verify_game(db: SaveDatabase, game_id: str, rules: GameRules, scenarios: ScenarioLoader) -> Verdict:
    try:
        saved = db.load_game(game_id)
    except StorageError as exc:
        return Verdict(game_id, db.where, 0, 0, None, exc)
    try:
        loaded = load(rules, saved, scenarios)
    except SaveDamaged as exc:
        return Verdict(game_id, db.where, len(saved.commands), len(saved.checkpoints), None, exc)
    return Verdict(game_id, db.where, len(saved.commands), len(saved.checkpoints) + 1, loaded, None)


def verify_database(
    db: SaveDatabase, rules: GameRules, scenarios: ScenarioLoader
) -> tuple[list[str], list[Verdict]]:
    """``integrity_check`` lines and a verdict for every game (each replayed and compared with its hashes)."""
    integrity = db.integrity()
    listings, problems = db.scan()
    verdicts = [verify_game(db, g.game_id, rules, scenarios) for g in listings]
    verdicts += [Verdict("?", db.where, 0, 0, None, p) for p in problems]
    return integrity, verdicts
