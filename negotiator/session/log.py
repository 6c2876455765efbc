"""Folding a command log into game states: replay, and checking a stored game against its checkpoints.

A stored game is data someone could have edited. Nothing in it is executed: each payload is decoded by the rules'
own validator (``command_from_dict``) like any other input, then applied by the pure reducer; a payload that is not a
command, a command that is not legal at that point, or a state that does not hash to the stored checkpoint stops the
load with a message naming the save, the game and the command.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass

from negotiator import __version__
from negotiator.game.commands import Command
from negotiator.game.events import GameEvent
from negotiator.game.setup import GameSetup
from negotiator.game.state import GameState
from negotiator.model.errors import NegotiatorError, Problem
from negotiator.model.schema import Scenario
from negotiator.session.errors import SaveDamaged
from negotiator.session.ports import Checkpoint, GameRules, Progress, SavedGame

ScenarioLoader = Callable[[str], Scenario]


@dataclass(frozen=True, slots=True)
class Step:
    """One command of a replay: the state it was made in, and what it led to."""

    index: int
    seat: str
    round: int
    command: Command
    events: tuple[GameEvent, ...]
    before: GameState
    after: GameState


def progress_of(rules: GameRules, state: GameState, commands: int) -> Progress:
    s = rules.standing(state)
    return Progress(
        commands=commands,
        round=s.round,
        phase=s.phase,
        turn=rules.whose_turn(state),
        finished=s.finished,
        outcome=s.outcome,
        state_hash=rules.state_hash(state),
    )


def replay(
    rules: GameRules, scenario: Scenario, setup: GameSetup, commands: Sequence[Command]
) -> Iterator[Step]:
    """Fold ``commands`` from the start, yielding every step (the debrief's move-by-move view)."""
    state = rules.new_game(scenario, setup)
    for index, command in enumerate(commands):
        before = state
        round_ = rules.standing(before).round
        state, events = rules.apply(before, command)
        yield Step(index, rules.seat_of(command), round_, command, events, before, state)


def fold(rules: GameRules, scenario: Scenario, setup: GameSetup, commands: Sequence[Command]) -> GameState:
    state = rules.new_game(scenario, setup)
    for command in commands:
        state, _ = rules.apply(state, command)
    return state


@dataclass(frozen=True, slots=True)
class LoadedGame:
    """A stored game decoded and replayed: ready to resume, export or report as verified."""

    saved: SavedGame
    scenario: Scenario
    setup: GameSetup
    commands: tuple[Command, ...]
    states: tuple[GameState, ...]
    """States after 0, 1, ..., n commands."""
    progress: Progress
    """Progress after the last command."""

    @property
    def state(self) -> GameState:
        return self.states[-1]


def _damaged(saved: SavedGame, where: str, message: str, fix: str) -> SaveDamaged:
    return SaveDamaged([Problem(saved.source, f"game {saved.header.game_id[:8]}{where}", message, fix)])


_EDITED_FIX = (
    "the save was changed outside Negotiator, or the game's rules changed since it was saved; restore a "
    "backup, or open it with the Negotiator version that saved it"
)


def load(rules: GameRules, saved: SavedGame, scenarios: ScenarioLoader) -> LoadedGame:
    """Decode, replay and verify ``saved``; raises :class:`SaveDamaged` naming the first thing that is wrong."""
    header = saved.header
    try:
        setup = rules.setup_from_dict(header.setup)
    except (NegotiatorError, KeyError, TypeError, ValueError, AttributeError) as exc:
        raise _damaged(saved, "", f"its setup is not valid ({_reason(exc)})", _EDITED_FIX) from None
    if setup.scenario_id != header.scenario_id:
        raise _damaged(
            saved,
            "",
            f"its setup names scenario {setup.scenario_id!r} but the game is filed under "
            f"{header.scenario_id!r}",
            _EDITED_FIX,
        )
    try:
        scenario = scenarios(header.scenario_id)
    except NegotiatorError as exc:
        raise _damaged(
            saved,
            "",
            f"needs scenario {header.scenario_id!r}, which cannot be loaded ({_reason(exc)})",
            "install or restore that scenario file",
        ) from None
    # A log replays only under the rules and scenario it was played with: say so when either differs.
    notes = []
    if scenario.scenario.version != header.scenario_version:
        notes.append(
            f"saved with version {header.scenario_version} of scenario {header.scenario_id!r}, "
            f"this is version {scenario.scenario.version}"
        )
    if header.app_version != __version__:
        notes.append(f"saved by Negotiator {header.app_version}, this is {__version__}")
    note = f" ({'; '.join(notes)})" if notes else ""
    commands: list[Command] = []
    for expected, record in enumerate(saved.commands):
        if record.index != expected:
            raise _damaged(
                saved,
                f" command {expected}",
                f"is missing (the log jumps to command {record.index})",
                _EDITED_FIX,
            )
        try:
            commands.append(rules.decode(record.payload))
        except (NegotiatorError, KeyError, TypeError, ValueError, AttributeError) as exc:
            raise _damaged(
                saved, f" command {record.index}", f"is not a valid command ({_reason(exc)})", _EDITED_FIX
            ) from None
    checkpoints = _checkpoints(saved)
    try:
        state = rules.new_game(scenario, setup)
    except (NegotiatorError, KeyError, TypeError, ValueError) as exc:
        raise _damaged(saved, "", f"cannot be started again ({_reason(exc)}){note}", _EDITED_FIX) from None
    states = [state]
    verified = _check_at(rules, saved, checkpoints.get(0), state, 0, note, 0)
    for index, command in enumerate(commands):
        if rules.seat_of(command) != saved.commands[index].seat:
            raise _damaged(
                saved,
                f" command {index}",
                f"is filed under seat {saved.commands[index].seat!r} but "
                f"was made by {rules.seat_of(command)!r}",
                _EDITED_FIX,
            )
        if rules.standing(state).round != saved.commands[index].round:
            raise _damaged(
                saved,
                f" command {index}",
                f"is filed under round {saved.commands[index].round} but "
                f"was made in round {rules.standing(state).round}",
                _EDITED_FIX,
            )
        try:
            state, _ = rules.apply(state, command)
        except NegotiatorError as exc:
            raise _damaged(
                saved,
                f" command {index}",
                f"is not legal at that point of the game ({_reason(exc)}){note}",
                _EDITED_FIX,
            ) from None
        states.append(state)
        verified = _check_at(rules, saved, checkpoints.get(index + 1), state, index + 1, note, verified)
    if saved.progress.commands != len(commands):
        raise _damaged(
            saved, "", f"should have {saved.progress.commands} commands but has {len(commands)}", _EDITED_FIX
        )
    final = progress_of(rules, state, len(commands))
    _check(saved, saved.progress.checkpoint(), final, note, verified)
    return LoadedGame(saved, scenario, setup, tuple(commands), tuple(states), final)


def _checkpoints(saved: SavedGame) -> dict[int, Checkpoint]:
    found: dict[int, Checkpoint] = {}
    for c in saved.checkpoints:
        if not 0 <= c.index <= len(saved.commands):
            raise _damaged(
                saved,
                f" checkpoint {c.index}",
                f"lies beyond the {len(saved.commands)} stored commands",
                _EDITED_FIX,
            )
        found[c.index] = c
    return found


def _check_at(
    rules: GameRules,
    saved: SavedGame,
    checkpoint: Checkpoint | None,
    state: GameState,
    length: int,
    note: str,
    since: int,
) -> int:
    """Hash ``state`` only where there is a checkpoint to compare with (hashing is the costly part of a load)."""
    if checkpoint is None:
        return since
    return _check(saved, checkpoint, progress_of(rules, state, length), note, since)


def _check(saved: SavedGame, checkpoint: Checkpoint | None, got: Progress, note: str, since: int) -> int:
    """Compare a replayed state with a stored checkpoint; returns the index verified up to (for the next message)."""
    if checkpoint is None:
        return since
    if checkpoint.state_hash == got.state_hash:
        return checkpoint.index
    last = checkpoint.index - 1
    if last < 0:
        where, after = "", "at the start"
    elif since >= last:
        where, after = f" command {last}", f"after command {last}"
    else:
        where, after = (
            f" commands {since}-{last}",
            f"after command {last} (one of commands {since}-{last} differs)",
        )
    raise _damaged(
        saved,
        where,
        f"the game replays to a different state {after} than was saved "
        f"(hash {got.state_hash[:12]} instead of {checkpoint.state_hash[:12]}){note}",
        _EDITED_FIX,
    )


def _reason(exc: BaseException) -> str:
    text = str(exc).strip().replace("\n", "; ")
    if not text:
        return type(exc).__name__
    return text if len(text) <= 200 else text[:197] + "..."
