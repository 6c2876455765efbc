"""The window never freezes: a QTimer keeps ticking while a (deliberately slow) bot thinks and while a (deliberately
slow) public-reaction preview is computed, and the instant parts of the preview update in the same event-loop pass
as the click."""

from __future__ import annotations

import time
from typing import Any

from PySide6.QtCore import QElapsedTimer, QTimer
from PySide6.QtWidgets import QWidget

from negotiator.game.commands import EndTurn
from negotiator.game.setup import GameSetup, SeatSetup
from negotiator.model.registry import get_scenario
from negotiator.session.ports import MemoryStorage
from negotiator.session.session import Session
from negotiator.session.standard import StandardRules
from negotiator.ui import offer_builder
from tests.ui.helpers import Player

THINK = 0.6  # seconds a slow bot or preview takes
TICK_MS = 10


class Ticker:
    """Counts QTimer ticks and the longest gap between two of them (a frozen loop shows as a long gap)."""

    def __init__(self) -> None:
        self.timer = QTimer()
        self.timer.setInterval(TICK_MS)
        self.clock = QElapsedTimer()
        self.ticks = 0
        self.longest = 0
        self._last = 0
        self.timer.timeout.connect(self._tick)

    def start(self) -> None:
        self.clock.start()
        self._last = 0
        self.timer.start()

    def _tick(self) -> None:
        now = self.clock.elapsed()
        self.longest = max(self.longest, now - self._last)
        self._last = now
        self.ticks += 1

    def stop(self) -> None:
        self.timer.stop()


class SlowBot:
    def __init__(self, bot: Any) -> None:
        self.bot = bot
        self.seat = getattr(bot, "seat", "")
        self.thinking = 0

    def choose(self, view: Any) -> Any:
        self.thinking += 1
        time.sleep(THINK)  # a bot that thinks hard, on its worker thread
        return self.bot.choose(view)


class SlowRules(StandardRules):
    def __init__(self) -> None:
        self.bots: list[SlowBot] = []

    def make_bot(self, persona: str | None, seat: str, scenario: Any, seed: int) -> Any:
        bot = SlowBot(super().make_bot(persona, seat, scenario, seed))
        self.bots.append(bot)
        return bot


def test_event_loop_keeps_running_during_a_bot_turn(player: Player) -> None:
    w = player.w
    scenario = get_scenario("water-and-crossings")
    setup = GameSetup(
        scenario.id, (SeatSetup("israel", "human"), SeatSetup("palestine", "bot", "pragmatist")), 3, "solo"
    )
    rules = SlowRules()
    session = Session.start(scenario, setup, storage=MemoryStorage(), rules=rules)
    w.attach(session)
    player.screen("briefing")
    ticker = Ticker()
    ticker.start()
    t0 = time.monotonic()
    w.controller.submit(EndTurn("israel"))  # the bot's turn comes next: it ends its briefing, slowly
    player.until(lambda: w.controller.bot_running)
    player.my_turn()
    elapsed = time.monotonic() - t0
    ticker.stop()
    assert rules.bots and rules.bots[0].thinking >= 1
    assert elapsed >= THINK
    # The loop ran all along: many ticks, and never a gap near the bot's thinking time.
    assert ticker.ticks >= 0.5 * elapsed * 1000 / TICK_MS
    assert ticker.longest < 200, f"the event loop stalled for {ticker.longest} ms during a bot turn"
    assert player.view().round == 1


def test_preview_updates_at_once_and_slow_parts_do_not_block(player: Player, monkeypatch: Any) -> None:
    w = player.w
    real = offer_builder.compute_reaction

    def slow(*args: Any) -> Any:
        time.sleep(THINK)
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
    ticker = Ticker()
    ticker.start()
    before = b.own_bar.points
    # The click's own handler already updated points and paradigm (no event processing in between).
    b.findChild(QWidget, "opt-water-needs-based").setChecked(True)
    assert b.own_bar.points != before
    assert b.reaction_status.text() == "updating…"
    t0 = time.monotonic()
    player.until(lambda: b.reaction is not None and dict(b.reaction.package)["water"] == "needs-based")
    elapsed = time.monotonic() - t0
    ticker.stop()
    assert elapsed >= THINK * 0.9
    assert ticker.longest < 200, f"the event loop stalled for {ticker.longest} ms during a preview"
    assert ticker.ticks >= 0.5 * elapsed * 1000 / TICK_MS
    # Several quick changes: only the newest package's reaction is shown in the end.
    for option in ("today", "plus-50", "plus-25"):
        b.findChild(QWidget, f"opt-water-{option}").setChecked(True)
    player.until(lambda: b.runner.idle, timeout=20_000)
    assert dict(b.reaction.package)["water"] == "plus-25"
    b.reject()
