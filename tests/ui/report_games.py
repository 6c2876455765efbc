"""Saved games for the report tests: a scripted confederation game with private material on every side, and a
full AI game of the teaching scenario (a long transcript)."""

from __future__ import annotations

from pathlib import Path

from negotiator.game.commands import (
    Accept,
    AskMediator,
    Command,
    EndTurn,
    PrivateMessage,
    Sign,
    TableProposal,
)
from negotiator.game.setup import GameSetup, SeatSetup
from negotiator.model.registry import get_scenario
from negotiator.session.session import Session
from negotiator.store.database import SaveDatabase

PALESTINE_SECRET = "Between us: we could live with the liaison office if the water comes first"
PALESTINE_ASK = "Please draft a text that phases the refugee return over ten years"
ISRAEL_SECRET = "Off the record: the cabinet would survive a shared capital if security stays ours"


def scripted_confederation(path: Path) -> str:
    """Israel, Palestine and the US mediator; both principals write privately to the mediator, Palestine asks it for
    a text; the mediator tables a reference package that both accept and sign. Returns the game id."""
    conf = get_scenario("confederation")
    refs = [r for r in conf.packages if r.id != "status-quo" and len(r.options) == len(conf.issues)]
    text = tuple((i.id, refs[0].options[i.id]) for i in conf.issues)
    other = tuple((i.id, refs[-1].options[i.id]) for i in conf.issues)
    seats = ("israel", "palestine", "united-states")
    setup = GameSetup("confederation", tuple(SeatSetup(x, "human", None) for x in seats), 5, "hotseat")
    commands: list[Command] = [EndTurn(x) for x in seats]
    commands += [
        PrivateMessage("israel", "united-states", ISRAEL_SECRET),
        TableProposal("israel", other),
        PrivateMessage("palestine", "united-states", PALESTINE_SECRET),
        AskMediator("palestine", reason=PALESTINE_ASK),
        TableProposal("palestine", other),
        TableProposal("united-states", text),
        Accept("israel", "p3"),
        EndTurn("israel"),
        Accept("palestine", "p3"),
        Sign("israel"),
        Sign("palestine"),
    ]
    with SaveDatabase.open(path) as db:
        session = Session.start(conf, setup, storage=db)
        for cmd in commands:
            session.submit(cmd)
        assert session.progress.finished
        return session.game_id


def ai_water_game(path: Path, seed: int = 3) -> str:
    """A whole game of the teaching scenario between two AI delegations. Returns the game id."""
    from negotiator.game.setup import default_setup

    water = get_scenario("water-and-crossings")
    setup = default_setup(water, seed=seed, mode="ai")
    with SaveDatabase.open(path) as db:
        session = Session.start(water, setup, storage=db)
        while not session.progress.finished:
            session.play_bots()
        return session.game_id
