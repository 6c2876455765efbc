"""Golden playthroughs: seed + commands -> per-seat view text, stored and diffed (OpenSpiel's playthrough tests).

Each file in ``tests/golden/playthroughs/`` holds a setup, its commands (one JSON object a line) and, after every
command, every seat's rendered view. The test replays the commands and compares the text exactly, so any change to
the rules, the views or their rendering shows up as a readable diff.

Regenerate after an intended change (then read the diff before committing it)::

    NEGOTIATOR_REGOLD=1 pytest tests/golden

A bot change alters the AI playthrough's commands: the regenerated file records the new ones.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from negotiator.ai.simulate import play_ai_game
from negotiator.game import (
    EndTurn,
    GameSetup,
    TableProposal,
    apply,
    command_from_dict,
    command_to_dict,
    new_game,
    render_view_text,
    view_for,
)
from negotiator.game.commands import Accept, CounterPropose, PrivateMessage, Sign, Statement
from negotiator.game.setup import SeatSetup, default_setup
from negotiator.model.names import ScenarioNames
from negotiator.model.registry import get_scenario

HERE = Path(__file__).parent / "playthroughs"
REGOLD = os.environ.get("NEGOTIATOR_REGOLD") == "1"


def _scripted() -> tuple[GameSetup, list[object]]:
    sc = get_scenario("water-and-crossings")
    setup = GameSetup(sc.id, (SeatSetup("israel", "human"), SeatSetup("palestine", "human")), 17, "hotseat")
    sq = tuple(sc.reference("status-quo").options.items())
    deal = tuple(sc.reference("practical-deal").options.items())
    return setup, [
        EndTurn("israel"),
        EndTurn("palestine"),
        Statement("israel", "firm", "security-first", reason="for our public"),
        TableProposal("israel", sq, reason="we start from today"),
        PrivateMessage("palestine", "israel", "water is what we are judged on"),
        CounterPropose("palestine", "p1", deal, reasons=("water",), reason="more water, civilian terminals"),
        Accept("israel", "p2", reason="a practical deal"),
        Sign("israel"),
        Sign("palestine"),
    ]


def _ai() -> tuple[GameSetup, list[object]]:
    sc = get_scenario("water-and-crossings")
    setup = default_setup(sc, seed=4, personas={"israel": "hard-liner", "palestine": "reciprocator"})
    return setup, list(play_ai_game(sc, setup).commands)


CASES = {"water-scripted": _scripted, "water-ai-hardliner-reciprocator": _ai}


def render(setup: GameSetup, commands: list[object]) -> str:
    scenario = get_scenario(setup.scenario_id)
    names = ScenarioNames(scenario)  # bot reasons are messages: the views show them in English
    out = [f"# setup {json.dumps(setup.to_dict(), sort_keys=True)}"]
    out += [f"# command {json.dumps(command_to_dict(c), sort_keys=True)}" for c in commands]  # type: ignore[arg-type]
    state = new_game(scenario, setup)
    for k, cmd in enumerate([None, *commands]):
        if cmd is not None:
            state, events = apply(state, cmd)  # type: ignore[arg-type]
            out.append(
                f"\n### after command {k}: {type(cmd).__name__} by {cmd.seat}; "  # type: ignore[attr-defined]
                f"notices: {' '.join(e.kind for e in events)}"
            )
        else:
            out.append("\n### start")
        for seat in setup.seat_ids:
            out.append(render_view_text(view_for(state, seat), names).rstrip("\n"))
    return "\n".join(out) + "\n"


def parse(text: str) -> tuple[GameSetup, list[object]]:
    setup = None
    commands = []
    for line in text.splitlines():
        if line.startswith("# setup "):
            setup = GameSetup.from_dict(json.loads(line[len("# setup ") :]))
        elif line.startswith("# command "):
            commands.append(command_from_dict(json.loads(line[len("# command ") :])))
    assert setup is not None
    return setup, commands


@pytest.mark.parametrize("name", sorted(CASES))
def test_playthrough_matches_golden(name: str) -> None:
    path = HERE / f"{name}.txt"
    if REGOLD or not path.exists():
        setup, commands = CASES[name]()
        HERE.mkdir(exist_ok=True)
        path.write_text(render(setup, commands), encoding="utf-8")
        if not REGOLD:
            pytest.fail(f"wrote missing golden file {path}; commit it and run again")
    stored = path.read_text(encoding="utf-8")
    setup, commands = parse(
        stored
    )  # the stored commands, not fresh bot moves: rules and views are what is tested
    assert render(setup, commands) == stored


@pytest.mark.parametrize("name", sorted(CASES))
def test_bots_still_play_the_stored_game(name: str) -> None:
    """The AI playthrough's commands are what today's bots choose (regenerate if a bot change is intended)."""
    stored = (HERE / f"{name}.txt").read_text(encoding="utf-8")
    setup, commands = CASES[name]()
    assert [command_to_dict(c) for c in commands] == [command_to_dict(c) for c in parse(stored)[1]]  # type: ignore[arg-type]
