"""Errors of the session and of saving: each says which save or file, what is wrong, and what to do.

They are :class:`~negotiator.model.errors.ProblemsError` subclasses, so the CLI prints them as one line each and the
UI can show them in a dialog; none of them is a bug (bugs stay ordinary exceptions and keep their traceback).
"""

from __future__ import annotations

from typing import Self

from negotiator.game.views import SeatView
from negotiator.model.errors import NegotiatorError, Problem, ProblemsError, Words


class SessionError(NegotiatorError):
    """A request the session cannot honour now (undo where the mode forbids it, a move out of place, ...)."""


class StaleMove(SessionError):
    """A command chosen against an older position: the game moved on (another seat moved, a move was taken back).

    Humans and bots get the same error; it carries the position now, so the caller shows it (or chooses again)
    without asking for it. Recognise it by its type, never by its text.
    """

    def __init__(self, based_on: int, now: int, view: SeatView | None) -> None:
        self.based_on = based_on
        self.now = now
        self.view = view
        """The seat's view at move ``now`` (``None`` when the command named no seat of this game)."""
        super().__init__(
            f"the game moved on while this move was chosen (chosen at move {based_on}, the game is at move "
            f"{now}); look at the table again and choose again"
        )


class StorageError(ProblemsError):
    """A save database or a save in it cannot be read or written."""

    @classmethod
    def one(cls, where: str, message: Words, fix: Words, path: str = "") -> Self:
        return cls([Problem(where, path, message, fix)])


class StorageUnavailable(StorageError):
    """Writing failed for a reason outside the file (disk full, read-only folder, database server gone).

    The game goes on in memory; the player can pick another place to save it.
    """


class SaveDamaged(StorageError):
    """A file is not a save, is truncated or corrupted, or a game in it does not replay (tampered or broken log)."""


class NotASave(SaveDamaged):
    """A file that is not a Negotiator save at all (another program's database, random bytes)."""


class SaveTooNew(StorageError):
    """A save database written by a newer Negotiator whose format this version cannot read. It is left untouched."""


class GameNotFound(StorageError):
    """No game with that id (or id prefix) in the save database."""


__all__ = [
    "GameNotFound",
    "NegotiatorError",
    "NotASave",
    "SaveDamaged",
    "SaveTooNew",
    "SessionError",
    "StaleMove",
    "StorageError",
    "StorageUnavailable",
]
