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
import time
import uuid
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from functools import partial

from negotiator import __version__
from negotiator.game.commands import TRAINER, Command, Intervention, Rollback
from negotiator.game.events import GameEvent
from negotiator.game.setup import GameSetup
from negotiator.game.state import GameState
from negotiator.game.views import PublicView, SeatView, TrainerView
from negotiator.model.schema import Scenario
from negotiator.session.errors import SessionError, StaleMove, StorageError
from negotiator.session.log import ScenarioLoader, Step, load, progress_of, replay
from negotiator.session.notices import (
    ChangeNotice,
    Changes,
    Listener,
    NoticeKind,
    Notifier,
    SaveStatus,
    SeatNotice,
    SpectatorNotice,
)
from negotiator.session.ports import (
    Bot,
    Checkpoint,
    CommandRecord,
    GameHeader,
    GameRules,
    GameStorage,
    Progress,
)
from negotiator.session.standard import StandardRules

CHECKPOINT_EVERY = 10
"""A checkpoint (state hash) is stored every this many commands, and at every phase change and the end."""

WRITE_BEHIND_DELAY_S = 0.05
"""How long the writer thread lets a move settle before hashing and storing it (design choice): the thread that made
the move (the GUI thread) draws the new view meanwhile without competing for the GIL; a person does not move again
that fast, and a crash in that time loses at most that move, as it would mid-write."""

UNDO_MODES = frozenset({"solo", "hotseat"})
"""Modes in which undo may be allowed at all (the setup's ``allow_undo`` decides within them)."""

BOT = "bot"


@dataclass(frozen=True, slots=True)
class _Where:
    """Where the game stands, without the state hash (cheap: what a notice's flags compare)."""

    turn: str | None
    round: int
    phase: str
    finished: bool


@dataclass(frozen=True, slots=True)
class BotMove:
    """A bot's chosen command and the log length it was chosen for (see :meth:`Session.bot_move`)."""

    seat: str
    command: Command
    based_on: int


def seats_summary(setup: GameSetup) -> str:
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
        setup: GameSetup,
        game_id: str,
        storage: GameStorage | None,
        records: Sequence[CommandRecord] = (),
        commands: Sequence[Command] = (),
        states: Sequence[GameState] | None = None,
        stored: bool = False,
        write_behind: bool = False,
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
        self._notifier: Notifier[ChangeNotice] = Notifier()
        # Per-seat and spectator subscriptions, and the view each was last sent (their flags compare with it).
        self._seat_notifiers: dict[str, Notifier[SeatNotice]] = {}
        self._seat_last: dict[str, SeatView] = {}
        self._spectators: Notifier[SpectatorNotice] = Notifier()
        self._spectator_last: PublicView | None = None
        self._bots: dict[str, Bot] = {}
        self._commands: list[Command] = list(commands)
        self._records: list[CommandRecord] = list(records)
        # States after 0..n commands (immutable, sharing structure); their Progress (with the state hash, which costs
        # milliseconds on a big scenario) is computed only when needed and cached.
        self._states: list[GameState] = []
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
        # Write-behind (the window's games): moves are stored by one writer thread, so the thread that made a move
        # (the GUI thread, for a person) never waits for the state hash and the fsync. ``_write_lock`` lets only one
        # writer at a time touch the storage; it is always taken before ``_lock``, never after.
        self._write_behind = write_behind
        self._write_lock = threading.Lock()
        self._writer: ThreadPoolExecutor | None = None
        self._write_queued = False
        self._undos = 0  # counts undos, so a write that raced one knows what it wrote is no longer the log
        self._flush()

    # ------------------------------------------------------------------------------------------ construction
    @classmethod
    def start(
        cls,
        scenario: Scenario,
        setup: GameSetup,
        *,
        storage: GameStorage | None,
        rules: GameRules | None = None,
        game_id: str | None = None,
        write_behind: bool = False,
    ) -> Session:
        """A new game, stored at once when ``storage`` is given (a failure to store leaves it running in memory).

        ``write_behind``: later moves are stored by a writer thread (see :meth:`wait_saved`): the thread that made a
        move does not wait for the fsync; the save status keeps saying "saved" while a write is queued (milliseconds)
        and turns to "not saved" with a ``save-failed`` notice if the write fails."""
        return cls(
            rules=rules or StandardRules(),
            scenario=scenario,
            setup=setup,
            game_id=game_id or uuid.uuid4().hex,
            storage=storage,
            write_behind=write_behind,
        )

    @classmethod
    def resume(
        cls,
        storage: GameStorage,
        game_id: str,
        *,
        scenarios: ScenarioLoader | None = None,
        rules: GameRules | None = None,
        write_behind: bool = False,
    ) -> Session:
        """A stored game, replayed and checked against its checkpoints (raises ``SaveDamaged`` if it does not fit)."""
        rules = rules or StandardRules()
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
            write_behind=write_behind,
        )

    @classmethod
    def from_log(
        cls,
        scenario: Scenario,
        setup: GameSetup,
        commands: Sequence[Command],
        *,
        rules: GameRules | None = None,
        game_id: str | None = None,
    ) -> Session:
        """A game rebuilt from its commands (a simulator's record), in memory until :meth:`save_to` stores it."""
        rules = rules or StandardRules()
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
    def setup(self) -> GameSetup:
        return self._setup

    @property
    def rules(self) -> GameRules:
        return self._rules

    @property
    def state(self) -> GameState:
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
        # From the rules, not from progress: progress carries the state hash, the costly part of a move (about 3 ms
        # for a confederation game), which the writer thread computes after the move has settled.
        return self._rules.whose_turn(self.state)

    def controller(self, seat: str) -> str:
        try:
            return self._controllers[seat]
        except KeyError:
            raise SessionError(f"no seat {seat!r} in this game") from None

    def is_bot_turn(self) -> bool:
        turn = self.whose_turn()
        return turn is not None and self._controllers.get(turn) == BOT

    def view(self, seat: str) -> SeatView:
        """What ``seat`` may know now (the only thing a widget or a bot should be given)."""
        self.controller(seat)
        with self._lock:
            return self._rules.view_for(self.state, seat)

    def trainer_view(self) -> TrainerView:
        """Everything, for the trainer: every seat's view and every private line."""
        with self._lock:
            return self._rules.trainer_view(self.state)

    def public_view(self) -> PublicView:
        """What a spectator may know now: the public record only."""
        with self._lock:
            return self._rules.public_view(self.state)

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
        """Call ``listener`` with the host's :class:`ChangeNotice` (every event) after every change; returns the
        unsubscribe function. Only the host side (trainer, store, tests) subscribes here; a seat subscribes through
        :meth:`subscribe_seat`."""
        return self._notifier.subscribe(listener)

    def subscribe_seat(self, seat: str, listener: Callable[[SeatNotice], None]) -> Callable[[], None]:
        """Call ``listener`` with ``seat``'s :class:`SeatNotice` after every change: its new view, the flags of what
        changed in it, and only the events it may see."""
        self.controller(seat)
        with self._lock:
            notifier = self._seat_notifiers.setdefault(seat, Notifier())
            self._seat_last.setdefault(seat, self._rules.view_for(self.state, seat))
            return notifier.subscribe(listener)

    def subscribe_spectator(self, listener: Callable[[SpectatorNotice], None]) -> Callable[[], None]:
        """Call ``listener`` with the public view and the public events after every change."""
        with self._lock:
            if self._spectator_last is None:
                self._spectator_last = self._rules.public_view(self.state)
            return self._spectators.subscribe(listener)

    def replay(self) -> Iterator[Step]:
        """Every move again from the start, with the state before and after it (the debrief)."""
        return replay(self._rules, self._scenario, self._setup, self.commands)

    # ------------------------------------------------------------------------------------------ moves
    def submit(self, command: Command, *, based_on: int | None = None) -> ChangeNotice:
        """Apply a command from a human (or remote) seat, store it, and notify subscribers.

        ``based_on`` is the move the command was chosen at (``view.move``); if the game has moved on since, the
        command is refused with :class:`StaleMove`, which carries the seat's view now. ``None`` is for the host
        itself (tests, scripted games), which knows the position. Illegal commands raise the rules' error and change
        nothing.
        """
        return self._submit(command, based_on)[0]

    def submit_as_seat(self, seat: str, command: Command, *, based_on: int) -> SeatNotice:
        """Apply ``command`` for ``seat`` (its seat channel); returns the seat's notice for this change."""
        if self._rules.seat_of(command) != seat:
            raise SessionError(
                f"a command for {self._rules.seat_of(command)!r} was sent through the seat of {seat!r}; "
                "each seat moves only for itself"
            )
        return self._submit(command, based_on, seat)[1][seat]

    def _submit(
        self, command: Command, based_on: int | None, want: str | None = None
    ) -> tuple[ChangeNotice, dict[str, SeatNotice]]:
        seat = self._rules.seat_of(command)
        if self.controller(seat) == BOT:
            raise SessionError(f"seat {seat!r} is played by a bot; its moves come from run_bot_turn()")
        return self._apply(command, based_on, want)

    def intervene(self, command: Intervention, *, based_on: int | None = None) -> ChangeNotice:
        """Apply the trainer's intervention (:mod:`negotiator.game.interventions`): logged, stored and notified like
        any move. A rollback also makes the bots forget the moves it undid."""
        if not isinstance(command, Intervention) or self._rules.seat_of(command) != TRAINER:
            raise SessionError("only the trainer's interventions go through intervene()")
        notice = self._apply(command, based_on)[0]
        if isinstance(command, Rollback):
            with self._lock:
                self._bots.clear()
        return notice

    def bot_move(self) -> BotMove | None:
        """Ask the bot whose turn it is for its command, without applying it (safe on a worker thread).

        Returns ``None`` when it is no bot's turn (a human's turn, or the game is over).
        """
        with self._lock:
            seat = self.whose_turn()
            if seat is None or self._controllers.get(seat) != BOT:
                return None
            view = self._rules.view_for(self.state, seat)
            bot = self._bot(seat)
        return BotMove(seat, bot.choose(view), view.move)

    def apply_bot_move(self, move: BotMove) -> ChangeNotice:
        """Apply a move from :meth:`bot_move` (refused with :class:`StaleMove` if the game moved on since it was
        chosen, exactly like a human's)."""
        if self._rules.seat_of(move.command) != move.seat:
            raise SessionError(f"the bot for {move.seat!r} answered with a command for another seat")
        return self._apply(move.command, move.based_on)[0]

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

    def _apply(
        self, command: Command, based_on: int | None, want: str | None = None
    ) -> tuple[ChangeNotice, dict[str, SeatNotice]]:
        with self._lock:
            n = len(self._commands)
            if based_on is not None and based_on != n:
                seat = self._rules.seat_of(command)
                fresh = self._rules.view_for(self.state, seat) if seat in self._controllers else None
                raise StaleMove(based_on, n, fresh)
            before = self._where()
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
            deferred = self._store_or_defer()
            notices = self._notice("applied", before, record.seat, events, want)
        try:
            self._publish(notices)
        finally:
            if deferred:
                self._queue_write()
        return notices[0], notices[1]

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
            before = self._where()
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
            self._undos += 1
            deferred = self._store_or_defer()
            notices = self._notice("undone", before, None, ())
        try:
            self._publish(notices)
        finally:
            if deferred:
                self._queue_write()
        return notices[0]

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

    def _where(self) -> _Where:
        standing = self._rules.standing(self.state)
        return _Where(self._rules.whose_turn(self.state), standing.round, standing.phase, standing.finished)

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
        with self._write_lock, self._lock:
            self._flush()
            before = self._where()
            kind: NoticeKind = "saved" if self._status().saved else "save-failed"
            notices = self._notice(kind, before, None, ())
        self._publish(notices)
        return notices[0]

    def save_to(self, storage: GameStorage) -> ChangeNotice:
        """Write the whole game to ``storage`` and keep saving there (the player picked another place).

        Raises the storage's error if that place fails too; the game then stays where it was, in memory.
        """
        with self._write_lock, self._lock:
            self._copy_to(storage)
            self._storage = storage
            self._created = True
            self._synced = len(self._commands)
            self._needs_truncate = False
            self._save_problem = None
            before = self._where()
            notices = self._notice("moved", before, None, ())
        self._publish(notices)
        return notices[0]

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

    def _store_or_defer(self) -> bool:
        """Store what the log gained or lost now (the default), or say it is to be queued for the writer thread
        (write-behind) once the mover has delivered its notices, so the writer does not compete with it."""
        if not self._write_behind or self._storage is None:
            self._flush()
            return False
        return True

    def _queue_write(self) -> None:
        with self._lock:
            self._save_soon()

    def _save_soon(self) -> None:
        """Queue a write on the writer thread (write-behind; called under the lock)."""
        if self._write_queued:
            return  # the queued write will store this too: it reads the log when it runs
        self._write_queued = True
        if self._writer is None:
            self._writer = ThreadPoolExecutor(max_workers=1, thread_name_prefix=f"save-{self._game_id[:8]}")
        self._writer.submit(self._write_behind_now)

    def wait_saved(self) -> SaveStatus:
        """Wait until every write queued so far is done (a window closing, a test checking the file)."""
        if self._writer is not None:
            self._writer.submit(lambda: None).result()
        return self.save_status

    def close(self) -> None:
        """Finish the queued writes and stop the writer thread (it starts again if the game goes on)."""
        writer, self._writer = self._writer, None
        if writer is not None:
            writer.shutdown(wait=True)

    def _write_behind_now(self) -> None:
        """The writer thread: bring the storage level with the log, hashing and writing outside the session lock."""
        failed: StorageError | None = None
        time.sleep(WRITE_BEHIND_DELAY_S)  # sleeping releases the GIL: the mover finishes drawing first
        with self._write_lock:
            with self._lock:
                self._write_queued = False
                storage = self._storage
                if storage is None:
                    return
                created, synced, truncate = self._created, self._synced, self._needs_truncate
                records, states, undos = list(self._records), list(self._states), self._undos
                header = self.header()
            done = synced if created else 0
            try:
                if not created:
                    storage.create_game(header, progress_of(self._rules, states[0], 0))
                    created, truncate = True, False
                if truncate:
                    storage.truncate(self._game_id, done, self._progress_of(states, done))
                    truncate = False
                while done < len(records):
                    length = done + 1
                    storage.append_command(
                        self._game_id,
                        records[done],
                        self._progress_of(states, length),
                        self._checkpoint_of(states, length),
                    )
                    done = length
            except StorageError as exc:
                failed = exc
            with self._lock:
                self._created = self._created or created
                if self._undos == undos:
                    self._synced, self._needs_truncate = done, truncate
                else:
                    # An undo came in while we wrote: only the part of what we wrote that is still the log counts,
                    # and the rest must be dropped from the store on the next write.
                    same = next(
                        (
                            k
                            for k in range(min(done, len(self._records)))
                            if self._records[k] is not records[k]
                        ),
                        min(done, len(self._records)),
                    )
                    self._synced, self._needs_truncate = same, True
                    self._save_soon()
                was_failing = self._save_problem is not None
                self._save_problem = failed
                notices = None
                if failed is not None or was_failing:
                    kind: NoticeKind = "save-failed" if failed is not None else "saved"
                    notices = self._notice(kind, self._where(), None, ())
        if notices is not None:
            self._publish(notices)

    def _progress_of(self, states: Sequence[GameState], length: int) -> Progress:
        """Progress after ``length`` commands of a snapshot of the states (cached while it is still the log's)."""
        with self._lock:
            found = self._progress_cache.get(length)
            if found is not None and length < len(self._states) and self._states[length] is states[length]:
                return found
        found = progress_of(self._rules, states[length], length)
        with self._lock:
            if length < len(self._states) and self._states[length] is states[length]:
                self._progress_cache[length] = found
        return found

    def _checkpoint_of(self, states: Sequence[GameState], length: int) -> Checkpoint | None:
        now, before = self._rules.standing(states[length]), self._rules.standing(states[length - 1])
        if length % CHECKPOINT_EVERY == 0 or now.phase != before.phase or now.finished:
            return self._progress_of(states, length).checkpoint()
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
        before: _Where,
        seat: str | None,
        events: tuple[GameEvent, ...],
        want: str | None = None,
    ) -> tuple[ChangeNotice, dict[str, SeatNotice], SpectatorNotice | None]:
        """The host's notice, one notice per subscribed seat (and ``want``), and the spectators' (under the lock)."""
        after = self._where()
        changed = kind in ("applied", "undone")
        save = self._status()
        host = ChangeNotice(
            Changes.of_host(
                kind,
                len(self._commands),
                changed=changed,
                turn=kind == "undone" or (changed and before.turn != after.turn),
                round=before.round != after.round,
                phase=before.phase != after.phase,
                finished=after.finished and not before.finished,
                save=save,
            ),
            seat,
            events,
        )
        seats: dict[str, SeatNotice] = {}
        wanted = {s for s, n in self._seat_notifiers.items() if n}
        if want is not None:
            wanted.add(want)
        for s in sorted(wanted):
            view = self._rules.view_for(self.state, s)
            seats[s] = SeatNotice(
                s,
                Changes.between(kind, self._seat_last.get(s), view, save),
                view,
                tuple(e for e in events if e.visible_to(s)),
            )
            if s in self._seat_notifiers:
                self._seat_last[s] = view
        spectator = None
        if self._spectators:
            public = self._rules.public_view(self.state)
            spectator = SpectatorNotice(
                Changes.between(kind, self._spectator_last, public, save),
                public,
                tuple(e for e in events if not e.audience),
            )
            self._spectator_last = public
        return host, seats, spectator

    def _publish(self, notices: tuple[ChangeNotice, dict[str, SeatNotice], SpectatorNotice | None]) -> None:
        """Deliver outside the lock (a listener may read the session). Every listener is called even if one fails;
        the first failure is raised afterwards, so the bug is still seen."""
        host, seats, spectator = notices
        first: BaseException | None = None
        deliveries: list[Callable[[], None]] = [lambda: self._notifier.publish(host)]
        for s, n in seats.items():
            notifier = self._seat_notifiers.get(s)
            if notifier is not None:
                deliveries.append(partial(notifier.publish, n))
        if spectator is not None:
            deliveries.append(lambda: self._spectators.publish(spectator))
        for deliver in deliveries:
            try:
                deliver()
            except Exception as exc:
                if first is None:
                    first = exc
        if first is not None:
            raise first


def _check_round_trip(rules: GameRules, command: Command, record: CommandRecord) -> None:
    """What is stored must load back as the same command; find out now, not when the save is opened."""
    if rules.decode(record.payload) != command:
        raise SessionError(
            f"command {command!r} does not survive saving (it decodes differently); "
            "this is a bug in the command codec"
        )
