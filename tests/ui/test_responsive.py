"""The window never freezes: a slow bot and a slow public-reaction preview can only finish if the event loop keeps
running while they work, and the instant parts of the preview update in the same event-loop pass as the click.

The proof is behavioural, not a stopwatch (a timing threshold flakes on a busy 2-core machine): the slow work waits
for a flag that only a QTimer on the GUI thread sets. Work done on the GUI thread would block that timer and never see
the flag."""

from __future__ import annotations

import threading
from typing import Any

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QWidget

from negotiator.game.commands import EndTurn
from negotiator.game.setup import GameSetup, SeatSetup
from negotiator.model.registry import get_scenario
from negotiator.session.local import LocalGame
from negotiator.session.ports import MemoryStorage
from negotiator.session.session import Session
from negotiator.session.standard import StandardRules
from negotiator.ui import offer_builder
from tests.ui.helpers import Player

TICK_MS = 10
WAIT_S = 5.0  # how long slow work waits for the event loop before it concludes the loop is frozen


class LoopProbe:
    """A QTimer on the GUI thread that answers slow work: each piece of work asks for a few ticks counted from the
    moment it started and waits for them, so it can only get its answer if the event loop runs while it works."""

    def __init__(self, ticks_needed: int = 5) -> None:
        self.timer = QTimer()
        self.timer.setInterval(TICK_MS)
        self.ticks = 0
        self.ticks_needed = ticks_needed
        self._waiting: list[tuple[int, threading.Event]] = []
        self._lock = threading.Lock()
        self.seen: list[bool] = []
        self.timer.timeout.connect(self._tick)

    def start(self) -> None:
        self.timer.start()

    def _tick(self) -> None:
        self.ticks += 1
        with self._lock:
            for since, answered in self._waiting:
                if self.ticks - since >= self.ticks_needed:
                    answered.set()

    def work(self) -> None:
        """Called by the slow work: wait (bounded) for ticks that happen after this call, and record whether they did."""
        answered = threading.Event()
        with self._lock:
            self._waiting.append((self.ticks, answered))
        self.seen.append(answered.wait(timeout=WAIT_S))

    def stop(self) -> None:
        self.timer.stop()


class SlowBot:
    def __init__(self, bot: Any, probe: LoopProbe) -> None:
        self.bot = bot
        self.probe = probe
        self.seat = getattr(bot, "seat", "")
        self.thinking = 0

    def choose(self, view: Any) -> Any:
        self.thinking += 1
        self.probe.work()  # a bot that thinks until the window has shown it is alive
        return self.bot.choose(view)


class SlowRules(StandardRules):
    def __init__(self, probe: LoopProbe) -> None:
        super().__init__()
        self.probe = probe
        self.bots: list[SlowBot] = []

    def make_bot(self, persona: str | None, seat: str, scenario: Any, seed: int) -> Any:
        bot = SlowBot(super().make_bot(persona, seat, scenario, seed), self.probe)
        self.bots.append(bot)
        return bot


def test_event_loop_keeps_running_during_a_bot_turn(player: Player) -> None:
    w = player.w
    scenario = get_scenario("water-and-crossings")
    setup = GameSetup(
        scenario.id, (SeatSetup("israel", "human"), SeatSetup("palestine", "bot", "pragmatist")), 3, "solo"
    )
    probe = LoopProbe()
    rules = SlowRules(probe)
    session = Session.start(scenario, setup, storage=MemoryStorage(), rules=rules)
    w.attach(LocalGame(session))
    player.screen("briefing")
    probe.start()
    w.controller.submit(EndTurn("israel"))  # the bot's turn comes next: it ends its briefing, slowly
    player.until(lambda: w.controller.bot_running)
    player.my_turn()
    probe.stop()
    assert rules.bots and rules.bots[0].thinking >= 1
    # Every time the bot thought, the window's event loop went on ticking meanwhile.
    assert probe.seen and all(probe.seen), f"the event loop was frozen during a bot turn: {probe.seen}"
    assert player.view().round == 1


def test_preview_updates_at_once_and_slow_parts_do_not_block(player: Player, monkeypatch: Any) -> None:
    w = player.w
    real = offer_builder.compute_reaction
    probe = LoopProbe()
    probe.start()  # the builder's first preview runs as it opens, and each one must see the loop alive

    def slow(*args: Any) -> Any:
        probe.work()  # a preview that takes as long as the window needs to show it is alive
        return real(*args)

    monkeypatch.setattr(offer_builder, "compute_reaction", slow)
    player.screen("start")
    w.start.new_game.select_scenario("water-and-crossings")
    player.click(w.start.new_game.start)
    player.screen("briefing")
    player.click(w.briefing.ready)
    player.my_turn()
    player.action("propose")
    player.until(lambda: w.builder is not None)
    b = w.builder
    player.until(lambda: b.runner.idle)
    before = b.own_bar.points
    # The click's own handler already updated points and paradigm (no event processing in between).
    b.findChild(QWidget, "opt-water-needs-based").setChecked(True)
    assert b.own_bar.points != before
    assert b.reaction_status.text() == "updating…"
    player.until(lambda: b.reaction is not None and dict(b.reaction.package)["water"] == "needs-based")
    # The slow part ran while the event loop kept ticking (it saw the flag that only the GUI thread raises).
    assert probe.seen and all(probe.seen), f"the event loop was frozen during a preview: {probe.seen}"
    # Several quick changes: only the newest package's reaction is shown in the end.
    for option in ("today", "plus-50", "plus-25"):
        b.findChild(QWidget, f"opt-water-{option}").setChecked(True)
    player.until(lambda: b.runner.idle, timeout=20_000)
    assert dict(b.reaction.package)["water"] == "plus-25"
    probe.stop()
    assert all(probe.seen)
    b.reject()
