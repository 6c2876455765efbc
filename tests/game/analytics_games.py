"""Hand-built games on the teaching scenario whose analytics are worked out by hand (tests/game/test_analytics.py).

Shared with the debrief and report tests, which show these games.
"""

from __future__ import annotations

from negotiator.game import EndTurn, apply, new_game
from negotiator.game.commands import Accept, Command, Sign, Statement, TableProposal
from negotiator.game.setup import GameSetup, SeatSetup
from negotiator.game.state import GameState
from negotiator.model.schema import Scenario

ISSUES = ("water", "crossings", "permits", "committee")
I_BEST = ("plus-25", "civilian", "raised", "liaison")
P_BEST = ("needs-based", "joint", "open-market", "binding")
MIDDLE = ("needs-based", "civilian", "raised", "liaison")


def pkg(options: tuple[str, str, str, str]) -> tuple[tuple[str, str], ...]:
    return tuple(zip(ISSUES, options, strict=True))


def play(water: Scenario, rounds: list[tuple[list[Command], list[Command]]]) -> GameState:
    """Each round: Israel's commands (ending with a proposal), then Palestine's."""
    setup = GameSetup(
        "water-and-crossings",
        (SeatSetup("israel", "human", None), SeatSetup("palestine", "human", None)),
        11,
        "hotseat",
    )
    s = new_game(water, setup)
    s, _ = apply(s, EndTurn("israel"))
    s, _ = apply(s, EndTurn("palestine"))
    for israel, palestine in rounds:
        for cmd in [*israel, *palestine]:
            s, _ = apply(s, cmd)
    return s


def table(seat: str, options: tuple[str, str, str, str]) -> TableProposal:
    return TableProposal(seat, pkg(options))


def boulware_game(water: Scenario) -> GameState:
    """Israel holds its ideal for four rounds and concedes on water in rounds 5 and 6 (late: Boulware). Palestine
    drops to MIDDLE in round 2 and holds it (early: Conceder); it accepts Israel's round-6 text (= MIDDLE)."""
    late = ("plus-50", "civilian", "raised", "liaison")
    rounds = []
    for r in range(1, 7):
        mine = I_BEST if r <= 4 else late if r == 5 else MIDDLE
        theirs = P_BEST if r == 1 else MIDDLE
        israel: list[Command] = [table("israel", mine)]
        if r == 1:
            israel.insert(0, Statement("israel", "firm", "security-first"))
        if r == 6:
            palestine: list[Command] = [Accept("palestine", "p11")]
        else:
            palestine = [
                Statement("palestine", "conciliatory", "ready-for-hard-choices"),
                table("palestine", theirs),
            ]
        rounds.append((israel, palestine))
    s = play(water, rounds)
    assert s.phase == "signature" and s.agreed == "p11"
    s, _ = apply(s, Sign("israel"))
    s, _ = apply(s, Sign("palestine"))
    assert s.outcome is not None and s.outcome.result == "ratified"
    return s
