"""A game hosted in this process for one window: the seats its people play, its bots, undo and saving.

The window holds a :class:`LocalGame`, never the session: through it the window gets one
:class:`~negotiator.session.seat.LocalSeat` per person at the keyboard (two or more in hot-seat), the public
scenario, and the few things a table in this process also offers (run the bot whose turn it is, take a move back,
save elsewhere). The session, the full scenario and the seed stay inside; the full scenario comes out only when the
game is over, for the debrief (every delegation's points are shown to all after the game).
"""

from __future__ import annotations

from dataclasses import dataclass

from negotiator.game.commands import Command
from negotiator.game.publics import Publics
from negotiator.game.setup import GameSetup
from negotiator.game.state import GameState
from negotiator.game.views import PublicView
from negotiator.model.public import PublicScenario
from negotiator.model.schema import Scenario
from negotiator.session.errors import SessionError
from negotiator.session.notices import ChangeNotice, SaveStatus
from negotiator.session.ports import CommandRecord, GameHeader, GameStorage
from negotiator.session.seat import GameChannel, LocalSeat, LocalSpectator, LocalTrainer, Player
from negotiator.session.session import BOT, Session


@dataclass(frozen=True)
class RecordHeader:
    header: GameHeader


@dataclass(frozen=True)
class FinishedGame:
    """A finished game as the printable reports read it (a stored game's shape: ``negotiator.ui.report``)."""

    scenario: Scenario
    setup: GameSetup
    state: GameState
    commands: tuple[Command, ...]
    saved: RecordHeader


class LocalGame:
    """The window's handle on a game in this process (see the module docstring): a :class:`GameChannel`."""

    def __init__(self, session: Session) -> None:
        self._session = session
        self.session = session
        """The host side, for the composition root (saving, listing) and tests; the window never reads it."""
        self._scenario = PublicScenario.of(session.scenario)
        self.players = tuple(Player(s.delegation, s.controller, s.persona) for s in session.setup.seats)
        self.humans = tuple(p.seat for p in self.players if p.controller == "human")
        self._seats = {s: LocalSeat(session, s, self._scenario) for s in self.humans}
        self._publics: Publics | None = None

    @property
    def publics(self) -> Publics:
        """The game's simulated publics (its runtime's people, the very ones it polls) holding only the public
        scenario: for previews and explanations on screen, with nothing confidential reachable through them."""
        if self._publics is None:
            self._publics = self._session.state.ctx.runtime.publics.in_public(self._scenario)
        return self._publics

    @property
    def game_id(self) -> str:
        return self._session.game_id

    @property
    def scenario(self) -> PublicScenario:
        return self._scenario

    def seat(self, seat: str) -> LocalSeat:
        """The channel of a seat a person plays here."""
        try:
            return self._seats[seat]
        except KeyError:
            raise SessionError(f"{seat!r} is not a seat a person plays in this game") from None

    def spectator(self) -> LocalSpectator:
        return LocalSpectator(self._session, self._scenario)

    def trainer(self) -> LocalTrainer:
        return LocalTrainer(self._session)

    def public_view(self) -> PublicView:
        return self._session.public_view()

    # -- bots -----------------------------------------------------------------------------------------------------
    def bot_to_move(self) -> str | None:
        """The bot seat whose turn it is, or ``None``."""
        turn = self._session.whose_turn()
        return turn if turn is not None and self._session.controller(turn) == BOT else None

    def play_bot_turn(self) -> ChangeNotice | None:
        """Let the bot whose turn it is move (safe on a worker thread; a stale move raises ``StaleMove``)."""
        return self._session.run_bot_turn()

    # -- undo -----------------------------------------------------------------------------------------------------
    def last_undoable(self) -> CommandRecord | None:
        """The move an undo would take back first (with the bots' replies after it), or ``None``."""
        target = self._session.undo_target()
        return None if target is None else self._session.records[target]

    def undo(self) -> None:
        self._session.undo()

    # -- saving and the end ---------------------------------------------------------------------------------------
    @property
    def save_status(self) -> SaveStatus:
        return self._session.save_status

    def save_to(self, storage: GameStorage) -> None:
        """Write the whole game to ``storage`` and keep saving there."""
        self._session.save_to(storage)

    def close(self) -> None:
        """The window leaves the game: finish the writes still queued (the save file may be closed next)."""
        self._session.close()

    @property
    def finished(self) -> bool:
        return self._session.progress.finished

    def revealed_scenario(self) -> Scenario:
        """The full scenario, every delegation's points included: only once the game is over (the debrief)."""
        if not self.finished:
            raise SessionError("the delegations' confidential points are revealed only when the game is over")
        return self._session.scenario

    def finished_game(self) -> FinishedGame:
        """The whole game (every command, the full scenario), only once it is over: for the printable reports,
        which the window makes from it (the debrief, or one delegation's own report from that seat's view)."""
        s = self._session
        if not self.finished:
            raise SessionError("a game's record is given for reports only when the game is over")
        return FinishedGame(s.scenario, s.setup, s.state, s.commands, RecordHeader(s.header()))


def _is_a_game_channel(game: LocalGame) -> GameChannel:
    return game  # mypy checks here that LocalGame offers everything GameChannel promises


__all__ = ["GameChannel", "LocalGame", "Player"]
