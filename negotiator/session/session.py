"""A game in play: its setup, seed and ordered command log, its seats, autosave, undo, replay and change notices.

The log is the game. The current state is the log folded through the pure rules; undo folds again without the last
human move; replay folds from the start for the debrief. After every applied command the session stores it through a
:class:`~negotiator.session.ports.GameStorage` (one transaction per command). When storing fails (disk full,
read-only folder, server gone) the game goes on in memory, every notice says it is not saved and why, each later
command retries, and :meth:`Session.save_to` writes the whole game to a place the player picks.

Threads: bots think outside the session lock (:meth:`Session.bot_move`), so a UI can run a bot turn on a worker
thread while the GUI thread keeps reading the state; a bot move made against a log that changed meanwhile (an undo)
is refused as stale rather than applied to the wrong position.
"""

from __future__ import annotations

import threading
import uuid
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass

from negotiator import __version__
from negotiator.model.schema import Scenario
from negotiator.session.errors import SessionError, StorageError
from negotiator.session.log import ScenarioLoader, Step, load, progress_of, replay
from negotiator.session.notices import ChangeNotice, Listener, NoticeKind, Notifier, SaveStatus
from negotiator.session.ports import Checkpoint, CommandRecord, GameHeader, GameStorage, Progress
from negotiator.session.rules import (
    Bot,
    Command,
    GameEvent,
    GameRules,
    SetupSpec,
    State,
    View,
    standard_rules,
)

CHECKPOINT_EVERY = 10
"""A checkpoint (state hash) is stored every this many commands, and at every phase change and the end."""

UNDO_MODES = frozenset({"solo", "hotseat"})
"""Modes in which undo may be allowed at all (the setup's ``allow_undo`` decides within them)."""

BOT = "bot"


@dataclass(frozen=True, slots=True)
class BotMove:
    """A bot's chosen command and the log length it was chosen for (see :meth:`Session.bot_move`)."""

    seat: str
    command: Command
    based_on: int


def seats_summary(setup: SetupSpec) -> str:
    parts = []
    for seat in setup.seats:
        who = seat.controller if seat.controller != BOT else f"bot ({seat.persona or 'default'})"
        parts.append(f"{seat.delegation}: {who}")
    return " · ".join(parts)


class Session:
    """One game in play. Build it with :meth:`start` (a new game) or :meth:`resume` (a stored one)."""

    def __init__(
        self,
        *,
        rules: GameRules,
        scenario: Scenario,
        setup: SetupSpec,
        game_id: str,
        storage: GameStorage | None,
        records: Sequence[CommandRecord] = (),
        commands: Sequence[Command] = (),
        states: Sequence[State] | None = None,
        stored: bool = False,
    ) -> None:
        if setup.scenario_id != scenario.id:
            raise SessionError(f"the setup is for scenario {setup.scenario_id!r}, not {scenario.id!r}")
        self._rules = rules
        self._scenario = scenario
        self._setup = setup
        self._game_id = game_id
        self._controllers = {s.delegation: s.controller for s in setup.seats}
        self._personas = {s.delegation: s.persona for s in setup.seats}
        self._lock = threading.RLock()
        self._notifier = Notifier()
        self._bots: dict[str, Bot] = {}
        self._commands: list[Command] = list(commands)
        self._records: list[CommandRecord] = list(records)
        # States after 0..n commands (immutable, sharing structure); their Progress (with the state hash, which costs
        # milliseconds on a big scenario) is computed only when needed and cached.
        self._states: list[State] = []
        self._progress_cache: dict[int, Progress] = {}
        self._last_events: tuple[GameEvent, ...] = ()
        if states is not None and len(states) == len(self._commands) + 1:
            self._states = list(states)
        else:
            self._refold(len(self._commands))
        # What the storage holds: the game row exists (created), its first `synced` commands equal ours, and it may
        # hold more commands than that which must be dropped (an undo not yet stored).
        self._storage = storage
        self._created = stored
        self._synced = len(self._commands) if stored else 0
        self._needs_truncate = False
        self._save_problem: StorageError | None = None
        self._flush()

    # ------------------------------------------------------------------------------------------ construction
    @classmethod
    def start(
        cls,
        scenario: Scenario,
        setup: SetupSpec,
        *,
        storage: GameStorage | None,
        rules: GameRules | None = None,
        game_id: str | None = None,
    ) -> Session:
        """A new game, stored at once when ``storage`` is given (a failure to store leaves it running in memory)."""
        return cls(
            rules=rules or standard_rules(),
            scenario=scenario,
            setup=setup,
            game_id=game_id or uuid.uuid4().hex,
            storage=storage,
        )

    @classmethod
    def resume(
        cls,
        storage: GameStorage,
        game_id: str,
        *,
        scenarios: ScenarioLoader | None = None,
        rules: GameRules | None = None,
    ) -> Session:
        """A stored game, replayed and checked against its checkpoints (raises ``SaveDamaged`` if it does not fit)."""
        rules = rules or standard_rules()
        if scenarios is None:
            from negotiator.model.registry import get_scenario

            scenarios = get_scenario
        loaded = load(rules, storage.load_game(game_id), scenarios)
        return cls(
            rules=rules,
            scenario=loaded.scenario,
            setup=loaded.setup,
            game_id=loaded.saved.header.game_id,
            storage=storage,
            records=loaded.saved.commands,
            commands=loaded.commands,
            states=loaded.states,
            stored=True,
        )

    @classmethod
    def from_log(
        cls,
        scenario: Scenario,
        setup: SetupSpec,
        commands: Sequence[Command],
        *,
        rules: GameRules | None = None,
        game_id: str | None = None,
    ) -> Session:
        """A game rebuilt from its commands (a simulator's record), in memory until :meth:`save_to` stores it."""
        rules = rules or standard_rules()
        states = [rules.new_game(scenario, setup)]
        records = []
        for index, command in enumerate(commands):
            record = CommandRecord(
                index=index,
                seat=rules.seat_of(command),
                round=rules.standing(states[-1]).round,
                payload=rules.encode(command),
            )
            _check_round_trip(rules, command, record)
            records.append(record)
            states.append(rules.apply(states[-1], command)[0])
        return cls(
            rules=rules,
            scenario=scenario,
            setup=setup,
            game_id=game_id or uuid.uuid4().hex,
            storage=None,
            records=records,
            commands=commands,
            states=states,
        )

    # ------------------------------------------------------------------------------------------ reading
    @property
    def game_id(self) -> str:
        return self._game_id

    @property
    def scenario(self) -> Scenario:
        return self._scenario

    @property
    def setup(self) -> SetupSpec:
        return self._setup

    @property
    def rules(self) -> GameRules:
        return self._rules

    @property
    def state(self) -> State:
        return self._states[-1]

    @property
    def commands(self) -> tuple[Command, ...]:
        with self._lock:
            return tuple(self._commands)

    @property
    def records(self) -> tuple[CommandRecord, ...]:
        with self._lock:
            return tuple(self._records)

    @property
    def progress(self) -> Progress:
        with self._lock:
            return self._progress(len(self._states) - 1)

    @property
    def last_events(self) -> tuple[GameEvent, ...]:
        return self._last_events

    def whose_turn(self) -> str | None:
        return self.progress.turn

    def controller(self, seat: str) -> str:
        try:
            return self._controllers[seat]
        except KeyError:
            raise SessionError(f"no seat {seat!r} in this game") from None

    def is_bot_turn(self) -> bool:
        turn = self.whose_turn()
        return turn is not None and self._controllers.get(turn) == BOT

    def view(self, seat: str) -> View:
        """What ``seat`` may know now (the only thing a widget or a bot should be given)."""
        self.controller(seat)
        return self._rules.view_for(self.state, seat)

    def header(self) -> GameHeader:
        return GameHeader(
            game_id=self._game_id,
            scenario_id=self._scenario.id,
            scenario_version=self._scenario.scenario.version,
            mode=self._setup.mode,
            seats=seats_summary(self._setup),
            setup=self._setup.to_dict(),
            app_version=__version__,
        )

    def subscribe(self, listener: Listener) -> Callable[[], None]:
        """Call ``listener`` with a :class:`ChangeNotice` after every change; returns the unsubscribe function."""
        return self._notifier.subscribe(listener)

    def replay(self) -> Iterator[Step]:
        """Every move again from the start, with the state before and after it (the debrief)."""
        return replay(self._rules, self._scenario, self._setup, self.commands)

    # ------------------------------------------------------------------------------------------ moves
    def submit(self, command: Command, *, expected: int | None = None) -> ChangeNotice:
        """Apply a command from a human (or later a remote) seat, store it, and notify subscribers.

        ``expected`` is the log length the command was made against; a different length means the position changed
        meanwhile and the command is refused. Illegal commands raise the rules' error and change nothing.
        """
        seat = self._rules.seat_of(command)
        if self.controller(seat) == BOT:
            raise SessionError(f"seat {seat!r} is played by a bot; its moves come from run_bot_turn()")
        return self._apply(command, expected)

    def bot_move(self) -> BotMove | None:
        """Ask the bot whose turn it is for its command, without applying it (safe on a worker thread).

        Returns ``None`` when it is no bot's turn (a human's turn, or the game is over).
        """
        with self._lock:
            seat = self.whose_turn()
            if seat is None or self._controllers.get(seat) != BOT:
                return None
            based_on = len(self._commands)
            view = self._rules.view_for(self.state, seat)
            bot = self._bot(seat)
        return BotMove(seat, bot.choose(view), based_on)

    def apply_bot_move(self, move: BotMove) -> ChangeNotice:
        """Apply a move from :meth:`bot_move` (refused as stale if the log changed since it was chosen)."""
        if self._rules.seat_of(move.command) != move.seat:
            raise SessionError(f"the bot for {move.seat!r} answered with a command for another seat")
        return self._apply(move.command, move.based_on)

    def run_bot_turn(self) -> ChangeNotice | None:
        """Let the bot whose turn it is move; ``None`` if it is no bot's turn."""
        move = self.bot_move()
        return None if move is None else self.apply_bot_move(move)

    def play_bots(self, limit: int = 100_000) -> int:
        """Run bot turns until a human is to move or the game is over; returns how many moves were made."""
        made = 0
        while made < limit and self.run_bot_turn() is not None:
            made += 1
        return made

    def _bot(self, seat: str) -> Bot:
        bot = self._bots.get(seat)
        if bot is None:
            bot = self._rules.make_bot(self._personas.get(seat), seat, self._scenario, self._setup.seed)
            self._bots[seat] = bot
        return bot

    def _apply(self, command: Command, expected: int | None) -> ChangeNotice:
        with self._lock:
            n = len(self._commands)
            if expected is not None and expected != n:
                raise SessionError(
                    f"the move was chosen at move {expected} but the game is at move {n}; choose again"
                )
            before = self._progress(n)
            state, events = self._rules.apply(self.state, command)
            record = CommandRecord(
                index=n,
                seat=self._rules.seat_of(command),
                round=self._rules.standing(self.state).round,
                payload=self._rules.encode(command),
            )
            _check_round_trip(self._rules, command, record)
            self._states.append(state)
            self._last_events = events
            self._commands.append(command)
            self._records.append(record)
            self._flush()
            notice = self._notice("applied", before, record.seat, command, events)
        self._notifier.publish(notice)
        return notice

    # ------------------------------------------------------------------------------------------ undo
    def undo_allowed(self) -> bool:
        """Whether this game's mode and setup allow undo at all."""
        return self._setup.mode in UNDO_MODES and bool(self._setup.allow_undo)

    def undo_target(self) -> int | None:
        """The log length an undo returns to: just before the last move of a non-bot seat (taking back the bots'
        replies with it, which would otherwise simply be made again). ``None`` when there is nothing to undo."""
        if not self.undo_allowed():
            return None
        with self._lock:
            for index in range(len(self._records) - 1, -1, -1):
                if self._controllers.get(self._records[index].seat) != BOT:
                    return index
        return None

    @property
    def can_undo(self) -> bool:
        return self.undo_target() is not None

    def undo(self) -> ChangeNotice:
        """Take back the last human move (and the bot moves after it): fold the log again without them."""
        if not self.undo_allowed():
            raise SessionError(f"undo is not allowed in this game (mode {self._setup.mode!r})")
        with self._lock:
            target = self.undo_target()
            if target is None:
                raise SessionError("there is no move of yours to take back")
            before = self._progress(len(self._commands))
            del self._commands[target:]
            del self._records[target:]
            # The states list is the fold's memo: folding the shorter log again gives exactly its prefix (the rules
            # are pure), so undo keeps the prefix instead of recomputing it.
            del self._states[target + 1 :]
            self._progress_cache = {k: p for k, p in self._progress_cache.items() if k <= target}
            self._last_events = ()
            self._bots.clear()  # a bot that saw the moves taken back must not remember them
            if self._synced > target:
                self._synced = target
                self._needs_truncate = True
            elif self._created:
                # The store may still hold commands we never learned were written (a write that failed after it
                # committed); dropping them is harmless and keeps the store equal to the log.
                self._needs_truncate = True
            self._flush()
            notice = self._notice("undone", before, None, None, ())
        self._notifier.publish(notice)
        return notice

    def _refold(self, length: int) -> None:
        state = self._rules.new_game(self._scenario, self._setup)
        states = [state]
        events: tuple[GameEvent, ...] = ()
        for command in self._commands[:length]:
            state, events = self._rules.apply(state, command)
            states.append(state)
        self._states = states
        self._progress_cache = {k: p for k, p in self._progress_cache.items() if k <= length}
        self._last_events = events

    def _progress(self, length: int) -> Progress:
        """Progress after the first ``length`` commands (cached: the state hash is the costly part)."""
        found = self._progress_cache.get(length)
        if found is None:
            found = progress_of(self._rules, self._states[length], length)
            self._progress_cache[length] = found
        return found

    # ------------------------------------------------------------------------------------------ saving
    @property
    def save_status(self) -> SaveStatus:
        with self._lock:
            return self._status()

    def _status(self) -> SaveStatus:
        unsaved = len(self._commands) - self._synced + (1 if self._needs_truncate else 0)
        if self._storage is None:
            return SaveStatus(
                False,
                None,
                len(self._commands) + 1,
                "this game is not being saved; choose a place to save it",
            )
        if self._save_problem is not None or not self._created:
            problem = self._save_problem
            lines = "\n".join(problem.lines()) if problem is not None else "not saved yet"
            return SaveStatus(
                False,
                self._storage.where,
                max(unsaved, 1),
                f"{lines}\nThe game goes on in memory; choose another place to save it.",
            )
        return SaveStatus(True, self._storage.where, 0, None)

    def retry_save(self) -> ChangeNotice:
        """Try storing again (the disk may have room now)."""
        with self._lock:
            self._flush()
            before = self._progress(len(self._commands))
            kind: NoticeKind = "saved" if self._status().saved else "save-failed"
            notice = self._notice(kind, before, None, None, ())
        self._notifier.publish(notice)
        return notice

    def save_to(self, storage: GameStorage) -> ChangeNotice:
        """Write the whole game to ``storage`` and keep saving there (the player picked another place).

        Raises the storage's error if that place fails too; the game then stays where it was, in memory.
        """
        with self._lock:
            self._copy_to(storage)
            self._storage = storage
            self._created = True
            self._synced = len(self._commands)
            self._needs_truncate = False
            self._save_problem = None
            before = self._progress(len(self._commands))
            notice = self._notice("moved", before, None, None, ())
        self._notifier.publish(notice)
        return notice

    def _copy_to(self, storage: GameStorage) -> None:
        checkpoints = [
            c for c in (self._checkpoint(k) for k in range(1, len(self._records) + 1)) if c is not None
        ]
        storage.write_game(self.header(), self._records, checkpoints, self._progress(len(self._records)))

    def _store_record(self, storage: GameStorage, record: CommandRecord) -> None:
        progress = self._progress(record.index + 1)
        storage.append_command(self._game_id, record, progress, self._checkpoint(record.index + 1))

    def _checkpoint(self, length: int) -> Checkpoint | None:
        now, before = (
            self._rules.standing(self._states[length]),
            self._rules.standing(self._states[length - 1]),
        )
        if length % CHECKPOINT_EVERY == 0 or now.phase != before.phase or now.finished:
            return self._progress(length).checkpoint()
        return None

    def _flush(self) -> None:
        """Bring the storage level with the log; on failure remember why and keep everything in memory."""
        storage = self._storage
        if storage is None:
            return
        try:
            if not self._created:
                storage.create_game(self.header(), self._progress(0))
                self._created, self._synced, self._needs_truncate = True, 0, False
            if self._needs_truncate:
                storage.truncate(self._game_id, self._synced, self._progress(self._synced))
                self._needs_truncate = False
            while self._synced < len(self._records):
                self._store_record(storage, self._records[self._synced])
                self._synced += 1
        except StorageError as exc:
            self._save_problem = exc
        else:
            self._save_problem = None

    def _notice(
        self,
        kind: NoticeKind,
        before: Progress,
        seat: str | None,
        command: Command | None,
        events: tuple[GameEvent, ...],
    ) -> ChangeNotice:
        after = self._progress(len(self._commands))
        changed = kind in ("applied", "undone")
        return ChangeNotice(
            kind=kind,
            commands=after.commands,
            seat=seat,
            command=command,
            events=events,
            log=changed,
            state=changed,
            turn=kind == "undone" or (changed and before.turn != after.turn),
            round=before.round != after.round,
            phase=before.phase != after.phase,
            finished=after.finished and not before.finished,
            save=self._status(),
        )


def _check_round_trip(rules: GameRules, command: Command, record: CommandRecord) -> None:
    """What is stored must load back as the same command; find out now, not when the save is opened."""
    if rules.decode(record.payload) != command:
        raise SessionError(
            f"command {command!r} does not survive saving (it decodes differently); "
            "this is a bug in the command codec"
        )
