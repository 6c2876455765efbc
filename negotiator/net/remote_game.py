"""A student's game on a class host, in the shape the window's controller drives (that of ``LocalGame``).

The window plays through seat channels; here the one seat is a :class:`~negotiator.net.client.RemoteSeat`. The host
plays the AI seats, stores every move and refuses undo (in a class every move is seen by others at once), so the
bot and undo hooks say "nothing to do". The full scenario (every delegation's points) is revealed for the debrief
only once the game is over, from the scenario files this app ships, and only if they are the very version the host
plays.
"""

from __future__ import annotations

from negotiator.game.publics import Publics
from negotiator.game.views import PublicView, SeatView
from negotiator.model.public import PublicScenario
from negotiator.model.schema import Scenario
from negotiator.net.client import NetError, RemoteSeat
from negotiator.session.errors import SessionError
from negotiator.session.local import Player
from negotiator.session.notices import SaveStatus
from negotiator.session.ports import CommandRecord, GameStorage


class RemoteGame:
    """One seat of a class table, played from this window."""

    def __init__(self, seat: RemoteSeat) -> None:
        if seat.role != "seat":
            raise NetError(
                "this token is not a seat's (it is the trainer's or the room code); use a seat card"
            )
        self.channel = seat
        self.humans: tuple[str, ...] = (seat.seat,)
        self._publics: Publics | None = None
        self.players: tuple[Player, ...] = ()
        """Who plays the other seats is the host's to say (the debrief export then lists no seats)."""

    @property
    def game_id(self) -> str:
        return self.channel.game_id or ""

    @property
    def scenario(self) -> PublicScenario:
        return self.channel.scenario

    @property
    def label(self) -> str:
        """How the window names this game (room and table)."""
        return f"class {self.channel.room}, table {self.channel.table}"

    @property
    def publics(self) -> Publics:
        """The simulated publics for previews and explanations on screen. They are the same people in every game
        of a scenario (drawn from a fixed seed), so they are drawn here from the public scenario alone, as the host
        drew them (``tests/net/test_classroom_ui.py`` checks they are equal)."""
        if self._publics is None:
            from negotiator.engine.opinion import DEFAULT_SIZE, PublicOpinion
            from negotiator.game.publics import POPULATION_SEED

            # PublicOpinion reads only the scenario's issues and constituencies, which the public scenario holds.
            opinion = PublicOpinion.create(self.scenario, seed=POPULATION_SEED, size=DEFAULT_SIZE)  # type: ignore[arg-type]
            self._publics = Publics(opinion)
        return self._publics

    def seat(self, seat: str) -> RemoteSeat:
        if seat not in self.humans:
            raise SessionError(f"{seat!r} is not the seat this window plays in the class")
        return self.channel

    def public_view(self) -> PublicView | SeatView:
        """What whose-turn questions are answered from (the seat's own view knows whose turn it is)."""
        view: SeatView = self.channel.view()
        return view

    # The host plays the AI seats and keeps the log: nothing of that happens here.
    def bot_to_move(self) -> str | None:
        return None

    def play_bot_turn(self) -> None:
        return None

    def last_undoable(self) -> CommandRecord | None:
        return None

    def undo(self) -> None:
        raise SessionError("moves cannot be taken back in a class: everyone at the table has seen them")

    @property
    def save_status(self) -> SaveStatus:
        return self.channel._save_status()

    def save_to(self, storage: GameStorage) -> None:
        raise SessionError("the class host saves this game after every move; ask the trainer for a copy")

    @property
    def finished(self) -> bool:
        view = self.channel.view()
        return isinstance(view, SeatView) and view.phase == "outcome"

    def revealed_scenario(self) -> Scenario:
        if not self.finished:
            raise SessionError("the delegations' confidential points are revealed only when the game is over")
        from negotiator.model.registry import get_scenario

        scenario = get_scenario(self.scenario.id)
        if PublicScenario.of(scenario) != self.scenario:
            raise SessionError(
                "the host plays another version of this scenario than the one installed here; "
                "ask the trainer for the debrief"
            )
        return scenario

    def close(self) -> None:
        self.channel.close()
