"""The self-test driver: plays a short solo game through the real window, screen by screen, with checks.

Each step is a function that drives widgets the way a player would (clicks, key presses, dialog buttons) and checks
both the game (through the session's views) and what the screen shows; a failed check stops the run with a message
naming the step. Work runs through the real event loop, so bots move on their worker threads as in play.
"""

from __future__ import annotations

import sys
import tempfile
import time
import traceback
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Protocol, TypeVar

from PySide6.QtCore import QMessageLogContext, QtMsgType, qInstallMessageHandler
from PySide6.QtWidgets import QAbstractButton, QApplication, QDialog, QLabel, QTextBrowser, QWidget

from negotiator.game.setup import GameSetup
from negotiator.game.views import SeatView
from negotiator.model.registry import get_scenario, shipped_scenarios
from negotiator.model.schema import Scenario
from negotiator.text import LANGUAGES, SOURCE, Message, direction, render
from negotiator.ui import language, style
from negotiator.ui import words as words_
from negotiator.ui.layout_check import cut_tables, cut_words, unmirrored
from negotiator.ui.settings import AppSettings

if TYPE_CHECKING:
    from negotiator.ui.controller import GameController
    from negotiator.ui.offer_builder import OfferBuilder
    from negotiator.ui.shell import MainWindow

W = TypeVar("W", bound=QWidget)


class SelfTestFailure(Exception):
    pass


@dataclass(frozen=True)
class SelfTestOptions:
    screenshots: str | None = None
    scenario: str = "water-and-crossings"
    seat: str = ""
    size: tuple[int, int] = (1440, 900)
    scale: float = 1.0
    lang: str = "en"
    timeout: float = 120.0
    quiet: bool = False
    class_room: bool = False
    """``--class``: drive a class (host, trainer console, two simulated tables) instead of a solo game."""


def check(condition: object, message: str) -> None:
    if not condition:
        raise SelfTestFailure(message)


class MakeWindow(Protocol):
    """How the composition root builds the window the self-test drives (``negotiator.app.make_window``)."""

    def __call__(
        self, settings: AppSettings, db: str | None = None, *, bot_delay_ms: int = ..., animate: bool = ...
    ) -> MainWindow: ...


class Driver:
    """Drives a :class:`MainWindow` like a player, with waits that keep the event loop running."""

    def __init__(
        self,
        app: QApplication,
        window: MainWindow,
        options: SelfTestOptions,
        shots: Path | None,
        tmp: Path | None = None,
    ) -> None:
        self.app = app
        self.w = window
        self.options = options
        self.shots = shots
        self.tmp = tmp or Path(tempfile.gettempdir())
        self.taken: list[str] = []
        self.layout_problems: list[str] = []
        self.prefix = ""
        """Put before each screenshot's name: the scenario's id when one run plays several scenarios."""

    # -- plumbing ---------------------------------------------------------------------------------------------------
    def pump(self, seconds: float = 0.05) -> None:
        end = time.monotonic() + seconds
        while True:
            self.app.processEvents()
            if time.monotonic() >= end:
                break
            time.sleep(0.005)

    def wait(self, condition: Callable[[], object], what: str, timeout: float | None = None) -> None:
        limit = time.monotonic() + (timeout or self.options.timeout)
        while not condition():
            if time.monotonic() > limit:
                raise SelfTestFailure(f"timed out waiting for {what}")
            self.pump(0.02)

    def idle(self) -> None:
        """Wait until no bot is thinking and no background job (preview, analysis) is running."""
        self.wait(
            lambda: not self.w.pool.busy and not (self.w.controller and self.w.controller.bot_running),
            "the background work to finish",
        )
        self.pump(0.05)

    def shot(self, name: str, widget: QWidget | None = None) -> None:
        self.pump(0.05)
        target = widget or self.w
        self.check_layout(name, target)
        if self.shots is not None:
            path = self.shots / f"{self.prefix}{name}.png"
            check(target.grab().save(str(path)), f"could not write {path}")
            self.taken.append(path.name)

    def check_layout(self, name: str, target: QWidget) -> None:
        """Every screen photographed is also read for layout faults: widgets not in the language's direction, rows
        that did not mirror, words that do not fit, tables wider than their place or with cut cells (in every language,
        the pseudo-locale included)."""
        problems = (
            language.widget_language_problems(target)
            + unmirrored(target)
            + cut_words(target)
            + cut_tables(target)
        )
        self.layout_problems += [f"{self.prefix}{name}: {p}" for p in problems]

    def game(self) -> GameController:
        """The controller of the game in play (a failed check if there is none)."""
        c = self.w.controller
        check(c is not None, "no game is running")
        assert c is not None
        return c

    def child(self, parent: QWidget, kind: type[W], name: str) -> W:
        """The widget of ``kind`` called ``name`` inside ``parent`` (a failed check if it is missing)."""
        found = parent.findChild(kind, name)
        check(isinstance(found, kind), f"{name} is not on the screen")
        assert isinstance(found, kind)
        return found

    def dialog(self) -> QDialog:
        """The dialog the window opened last (a failed check if none is open)."""
        dlg = self.w.dialog
        check(isinstance(dlg, QDialog) and dlg.isVisible(), "no dialog is open")
        assert isinstance(dlg, QDialog)
        return dlg

    def view(self) -> SeatView:
        c = self.game()
        v = c.view()
        check(v is not None, "no seat is on screen")
        assert v is not None
        return v

    def my_turn(self) -> bool:
        c = self.w.controller
        v = c.view() if c else None
        return bool(
            c is not None
            and v is not None
            and (v.my_turn or v.phase in ("ratification", "outcome"))
            and not c.bot_running
        )

    def wait_my_turn(self) -> None:
        self.wait(self.my_turn, "your turn to come back")
        self.idle()

    def click(self, widget: QWidget) -> None:
        """Press a button as a player would (it must be visible and enabled). QAbstractButton.click() runs the same
        press-release-clicked path as the mouse, without QtTest, which the bundle leaves out."""
        check(widget.isVisible(), f"{widget.objectName() or widget} is not visible")
        check(widget.isEnabled(), f"{widget.objectName() or widget} is not enabled")
        check(isinstance(widget, QAbstractButton), f"{widget.objectName() or widget} is not a button")
        assert isinstance(widget, QAbstractButton)
        widget.click()
        self.pump()

    def trigger(self, name: str) -> None:
        action = self.w.table.actions_[name]
        check(action.isEnabled(), f"the {name} action is not available now")
        button = self.w.table.actions_panel.buttons.get(name)
        if button is not None and button.isVisible():
            self.click(button)
        else:
            action.trigger()
        self.pump()


def counter(d: Driver, b: OfferBuilder, v: SeatView, theirs: dict[str, str], margin: float = 3.0) -> None:
    """A sensible counter-proposal, made in the builder: start from their package and take back, issue by issue from
    the one you care most about, your best option, until the preview shows you clear of your walk-away value."""
    b.set_package(theirs)
    points = {i: dict(o) for i, o in v.own.points}
    for issue, _weight in sorted(v.own.priorities, key=lambda kv: -kv[1]):
        if b.own_bar.points is not None and b.own_bar.points >= v.own.reservation_value + margin:
            break
        best = max(points[issue], key=lambda o: points[issue][o])
        if points[issue][best] > points[issue][b.package()[issue]]:
            b.choose(issue, best)
    check(
        b.own_bar.points is not None and b.own_bar.points >= v.own.reservation_value,
        "the counter-proposal built is below your walk-away value",
    )
    d.wait(lambda: b.runner.idle, "the counter-proposal preview")


def scenarios_to_play(option: str, shipped: list[str]) -> list[str]:
    """The scenarios one run plays: an id, several joined by commas, or ``all`` (every shipped scenario)."""
    if option.strip() == "all":
        return list(shipped)
    ids = [s.strip() for s in option.split(",") if s.strip()]
    return ids or ["water-and-crossings"]


def play(d: Driver, scenario_id: str, last: bool = True) -> None:
    """Play a game of ``scenario_id``; on the ``last`` scenario of the run, visit the other screens too."""
    o = d.options
    several = len(scenarios_to_play(o.scenario, shipped_scenarios())) > 1
    # --seat names a delegation of one scenario; when several are played, the others use their first principal
    seat = o.seat if not several or o.seat in _delegation_ids(scenario_id) else ""
    play_game(d, scenario_id, seat)
    if last:
        other_screens(d, scenario_id)


def _delegation_ids(scenario_id: str) -> set[str]:
    return {x.id for x in get_scenario(scenario_id).delegations}


def play_game(d: Driver, scenario_id: str, seat_id: str = "") -> None:
    w = d.w

    # 1. The start screen.
    d.wait(lambda: w.current_screen == "start", "the start screen")
    check(w.start.new_game.scenario_list.count() >= 1, "the start screen lists no scenario")
    d.shot("start")

    # 2. Choose a scenario, a seat and the mode; start.
    ng = w.start.new_game
    ng.select_scenario(scenario_id)
    check(
        ng.scenario is not None and ng.scenario.id == scenario_id, f"scenario {scenario_id!r} is not offered"
    )
    assert ng.scenario is not None
    check(
        scenario_id.split("-")[0].lower() in ng.description.toPlainText().lower()
        or _shown_title(ng.scenario).split()[0] in ng.description.toPlainText(),
        "the scenario description is not shown",
    )
    note = ng.scenario.scenario.trainer_note
    check(
        note is None or "For the trainer" in ng.description.toPlainText(),
        "the scenario's trainer's note is not shown",
    )
    d.shot("start-chosen")
    if seat_id:
        idx = ng.you.findData(seat_id)
        check(idx >= 0, f"seat {seat_id!r} cannot be played")
        ng.you.setCurrentIndex(idx)
    seat = str(ng.you.currentData())
    setup = ng.build_setup()
    check(
        isinstance(setup, GameSetup) and setup.mode == "solo",
        f"the new-game panel gave no solo setup: {setup}",
    )
    d.click(ng.start)
    d.wait(lambda: w.current_screen == "briefing", "the briefing")

    # 3. The briefing: the seat's own confidential brief, priorities, red lines, walk-away in words.
    v = d.view()
    check(v.seat == seat, f"the briefing shows {v.seat}, not {seat}")
    brief = w.briefing.brief
    c = w.controller
    check(
        brief is not None
        and c is not None
        and brief.confidential.strip()[:20] in words_.own(c.scenario, v).confidential_brief,
        "the confidential brief shown is not the seat's own",
    )
    words = w.findChild(QLabel, "walk-away-words")
    check(
        words is not None
        and language.tr("brief.walk-away.heading")
        and f"{v.own.reservation_value:.0f}" in words.text(),
        "the walk-away value is not explained",
    )
    d.shot("briefing")
    d.click(w.briefing.ready)
    d.wait(lambda: w.current_screen == "table", "the table")
    d.wait_my_turn()
    v = d.view()
    check(v.phase == "rounds" and v.round == 1, f"the talks did not begin (phase {v.phase}, round {v.round})")
    check(
        language.tr("actions.round", round=1, total=v.rounds_total)
        in w.table.actions_panel.round_label.text(),
        "round and deadline not shown",
    )
    check(
        w.table.issue_board.table.rowCount() == len(d.game().scenario.issues),
        "the issue board misses issues",
    )
    d.shot("table-start")

    # 4. Build an offer in the offer builder and table it.
    d.trigger("propose")
    d.wait(lambda: w.builder is not None and w.builder.isVisible(), "the offer builder")
    b = w.builder
    assert b is not None
    start = b.start_from.findData("best:")
    check(start >= 0, "the offer builder cannot start from your best package")
    b.start_from.setCurrentIndex(start)
    d.child(b, QAbstractButton, "load-package").click()
    d.wait(lambda: b.runner.idle and b.reaction is not None, "the public-reaction preview")
    assert b.reaction is not None
    check(
        b.own_bar.points is not None and b.own_bar.points > v.own.reservation_value,
        "the preview does not show your points above your walk-away for your best package",
    )
    check(any(r.support > 0 or r.oppose > 0 for r in b.reaction.rows), "the preview shows no public reaction")
    check(
        language.tr("builder.paradigm", label="").split(":")[0] in b.paradigm.text(),
        "the preview shows no paradigm",
    )
    # A more moderate first offer: meet the other side on the issue you care least about.
    least = min(v.own.priorities, key=lambda kv: kv[1])[0]
    options = [o_ for o_, _ in dict(v.own.points)[least]]
    b.choose(least, options[len(options) // 2])
    d.wait(
        lambda: (
            b.runner.idle
            and b.reaction is not None
            and dict(b.reaction.package).get(least) == options[len(options) // 2]
        ),
        "the preview to follow the change",
    )
    b.reason.setText("A first offer: we can move on the issues that matter less to us.")
    d.shot("offer-builder", b)
    drafted = b.draft().package
    d.click(b.table_button)
    d.wait(lambda: w.builder is None, "the offer builder to close")

    # 5. Let the AI answer.
    d.wait_my_turn()
    v = d.view()
    mine = [p for p in v.proposals if p.by == seat]
    check(mine and mine[0].package == drafted, "the package tabled is not the one built")
    answered = [p for p in v.proposals if p.by != seat] or [
        p for p in mine if p.rejected_by or len(p.accepted_by) > 1
    ]
    check(answered or v.phase != "rounds", "the AI did not answer the offer")
    check(
        any(mine[0].id in t for t in w.table.history.visible_texts()),
        "the history log does not show the offer",
    )

    # 6. End the round: a poll appears; select a public and read why.
    start_round = v.round
    if v.phase == "rounds":
        check(start_round >= 2 or d.view().polls, "no poll after the first round")
    v = d.view()
    if v.phase == "rounds" and v.polls:
        w.table.focus_panel("publics")
        group = d.game().scenario.constituencies[0].id
        w.table.publics.select_group(group)
        d.wait(
            lambda: w.table.publics.last_why is not None or w.table.publics.why_error,
            "the explanation of a public",
        )
        check(not w.table.publics.why_error, f"explaining a public failed: {w.table.publics.why_error}")
        check(
            language.tr("publics.why.parts")[:20] in w.table.publics.why.toPlainText(),
            "the why panel is empty",
        )
    d.shot("table")
    d.shot("map", w.table.docks["map"])
    d.shot("publics", w.table.docks["publics"])
    w.table.focus_panel("news")
    d.shot("news", w.table.docks["news"])
    w.table.focus_panel("history")
    # the offer's id, not a word: ids read the same in every language
    w.table.history.search.setText(mine[0].id)
    d.pump()
    check(
        w.table.history.visible_texts()
        and all(mine[0].id in t.lower() for t in w.table.history.visible_texts()),
        "searching the history log does not filter it",
    )
    d.shot("history", w.table.docks["history"])
    w.table.history.search.setText("")

    # 7. Save a copy, then reload the game from the save.
    c = w.controller
    assert c is not None
    game_id = c.game.game_id
    n_commands = d.view().move
    check(c.save_status.saved, f"the game is not saved: {c.save_status.problem}")
    copy = d.tmp / "copy.db"
    w.save_to(str(copy))
    check(copy.exists() and copy.stat().st_size > 0, "saving a copy wrote nothing")
    w.go_start()
    d.wait(lambda: w.current_screen == "start", "the start screen after leaving the game")
    check(w.start.continue_button.isEnabled(), "Continue is not offered after a game")
    d.click(w.start.continue_button)
    d.wait(lambda: w.controller is not None and w.current_screen == "table", "the reloaded game")
    d.wait_my_turn()
    check(d.game().game.game_id == game_id, "Continue opened another game")
    check(d.view().move >= n_commands, "the reloaded game lost moves")
    d.shot("reloaded")

    # 8. Play on to the end: accept what clears the walk-away, else table your best package still acceptable.
    later_publics = False
    for _ in range(60):
        v = d.view()
        if v.phase in ("ratification", "outcome"):
            break
        if not later_publics and len(v.polls) >= 3 and w.current_screen == "table":
            # Later polls show the trends (a change only against a poll on the same text).
            later_publics = True
            panel = w.table.publics
            check(
                panel.trends is not None and set(panel.trends.rows) == {r.group for r in v.polls[-1].rows},
                "the publics panel shows no trend for the latest poll",
            )
            d.shot("publics-later", w.table.docks["publics"])
        if v.phase == "signature":
            d.trigger("sign")
            d.wait_my_turn()
            continue
        prop = w.table.actions_panel.chosen_proposal()
        p = v.proposal(prop) if prop else None
        if p is not None and p.own_points is not None and p.own_points >= v.own.reservation_value:
            d.trigger("accept")
        elif v.round >= v.rounds_total - 1 and p is not None and p.own_points is not None:
            d.trigger("counter")
            d.wait(lambda: w.builder is not None, "the counter-proposal builder")
            bb = w.builder
            assert bb is not None
            counter(d, bb, v, dict(p.package))
            d.click(bb.table_button)
        else:
            d.trigger("end_turn")
        d.wait_my_turn()
    v = d.view()
    check(v.phase in ("ratification", "outcome"), f"the game did not end (phase {v.phase})")
    if v.ratification:
        d.wait(lambda: w.current_screen == "ratification", "the ratification screen")
        d.pump(0.1)
        d.shot("ratification")
        d.click(w.ratification.next)
    d.wait(lambda: w.current_screen == "debrief" and w.debrief_data is not None, "the debrief")
    d.idle()
    data = w.debrief_data
    assert data is not None
    check(len(data.frontier) > 0, "the debrief has no Pareto frontier")
    check(data.nash is not None, "the debrief has no Nash point")
    d.shot("debrief")
    bar = w.debrief.scroller.verticalScrollBar()
    bar.setValue(d.child(w.debrief, QWidget, "debrief-opinion").y())
    d.shot("debrief-charts")
    bar.setValue(0)
    out_dir = d.shots or d.tmp
    written = Path(w.export_debrief_to(str(out_dir / f"{d.prefix}debrief.html")))
    text = written.read_text(encoding="utf-8")
    lang = words_.catalogue_language()
    check(
        "<img" in text and "<ol>" in text and f"<html lang='{lang}' dir='{direction(lang)}'>" in text,
        "the exported debrief is incomplete (charts, transcript, or the page's language and direction)",
    )


def other_screens(d: Driver, scenario_id: str) -> None:
    w = d.w
    d.prefix = ""

    # 9. The other screens: hot-seat hand-over, tutorial, settings, about.
    w.go_start()
    ng = w.start.new_game
    ng.select_scenario(scenario_id)
    d.click(ng.hotseat)
    setup = ng.build_setup()
    check(isinstance(setup, GameSetup) and setup.mode == "hotseat", "hot-seat setup not built")
    d.click(ng.start)
    d.wait(lambda: w.current_screen == "handover", "the hand-over screen")
    first = d.game().pending_viewer
    check(first is not None, "the hand-over names nobody")
    assert first is not None
    conf = d.game().game.seat(first).view().own.confidential_brief.strip()[:40]
    shown = " ".join(
        x.text()
        for x in w.handover.findChildren(QWidget)
        if hasattr(x, "text") and callable(x.text) and isinstance(x.text(), str)
    )
    check(conf not in shown, "the hand-over screen shows a confidential brief")
    d.shot("handover")
    d.click(w.handover.ready)
    d.wait(lambda: w.current_screen == "briefing", "the first hot-seat briefing")
    d.click(w.briefing.ready)
    d.wait(lambda: w.current_screen == "handover", "the hand-over to the second person")
    check(d.game().pending_viewer != first, "the hand-over did not pass to the next person")
    w.start_tutorial()
    d.wait(
        lambda: w.current_screen == "briefing" and w.tutorial is not None and w.tutorial.coach.isVisible(),
        "the tutorial",
    )
    assert w.tutorial is not None
    d.shot("tutorial")
    w.tutorial.close()
    w.settings_dialog()
    d.pump(0.1)
    settings = d.dialog()
    d.shot("settings", settings)
    settings.reject()
    w.about_dialog(1)
    d.pump(0.1)
    about = d.dialog()
    sources = d.child(about, QTextBrowser, "sources")
    scenario = d.game().scenario
    check(
        all(src.title[:30] in sources.toPlainText() for src in scenario.sources),
        "About does not list every source",
    )
    check(
        "ODbL" in d.child(about, QTextBrowser, "about-text").toPlainText(),
        "About does not carry the map notice",
    )
    d.shot("about", about)
    about.reject()


def _shown_title(scenario: Scenario) -> str:
    """The scenario's title as the window shows it in the current language."""
    from negotiator.text.scenario import scenario_text

    return scenario_text(scenario, "scenario.title", scenario.scenario.title, language.catalogue_language())


def verdict(lang: str, msgid: str, **args: object) -> str:
    """A line the self-test prints (passed, failed, the screen at the failure) in the language it ran in (the
    pseudo-locale's run prints English); names, paths and numbers in isolates in a right-to-left line."""
    return render(Message.of(msgid, **args), lang if lang in LANGUAGES else SOURCE)  # type: ignore[arg-type]


def passed_line(lang: str, msgid: str, seconds: float, taken: list[str], shots: Path | None) -> str:
    """'self-test passed in 12.3 s; 14 screenshots into DIR: a.png, b.png'."""
    if shots is None:
        return verdict(lang, msgid, seconds=round(seconds, 1), n=len(taken), names=", ".join(taken))
    return verdict(
        lang,
        f"{msgid}-into",
        seconds=round(seconds, 1),
        n=len(taken),
        folder=str(shots),
        names=", ".join(taken),
    )


def _quiet_qt(mode: QtMsgType, context: QMessageLogContext, message: str) -> None:
    # The offscreen platform warns that it cannot resize native windows; that is expected and says nothing.
    if "propagateSizeHints" in message or "does not support raise()" in message:
        return
    print(message, file=sys.stderr)


def run_self_test(options: SelfTestOptions, make_window: MakeWindow) -> int:
    """Run the self-test on a window built by ``make_window(settings, db, bot_delay_ms=, animate=)`` (the
    composition root passes its own, so this module needs nothing above the UI layer)."""
    qInstallMessageHandler(_quiet_qt)
    if options.class_room:
        from negotiator.ui.console.selftest import run_class_self_test

        return run_class_self_test(
            options.screenshots, options.size, options.scale, options.timeout, options.quiet, options.lang
        )
    app = QApplication.instance() or QApplication(sys.argv[:1])
    assert isinstance(app, QApplication)
    shots = Path(options.screenshots) if options.screenshots else None
    if shots is not None:
        shots.mkdir(parents=True, exist_ok=True)
    started = time.monotonic()
    ids = scenarios_to_play(options.scenario, shipped_scenarios())
    taken: list[str] = []
    layout_problems: list[str] = []
    for k, sid in enumerate(ids):
        # a fresh window, settings and save folder per scenario: each game starts as a player's first would
        with tempfile.TemporaryDirectory(prefix="negotiator-selftest-") as tmp:
            settings = AppSettings(Path(tmp) / "settings.ini")
            settings.font_scale = options.scale
            settings.language = options.lang
            style.apply_style(app, options.scale)
            language.set_language(options.lang, app)
            window = make_window(settings, str(Path(tmp) / "saves.db"), bot_delay_ms=0, animate=False)
            window.resize(*options.size)
            window.show()
            driver = Driver(app, window, options, shots, Path(tmp))
            driver.prefix = f"{sid}-" if len(ids) > 1 else ""
            try:
                play(driver, sid, last=k == len(ids) - 1)
            except SelfTestFailure as exc:
                print(
                    verdict(options.lang, "selftest.failed", scenario=sid, reason=str(exc)), file=sys.stderr
                )
                _last_shot(driver)
                return 1
            except Exception:
                print(verdict(options.lang, "selftest.error", scenario=sid), file=sys.stderr)
                traceback.print_exc()
                _last_shot(driver)
                return 1
            finally:
                window.close()
                window.deleteLater()
                driver.pump(0.05)
            taken += driver.taken
            layout_problems += driver.layout_problems
    if layout_problems:
        # after the whole game, so one run lists every screen's faults (a translation that is too long shows
        # up on each screen it is used on)
        print(verdict(options.lang, "selftest.layout", n=len(layout_problems)), file=sys.stderr)
        for line in layout_problems:
            print(f"  {line}", file=sys.stderr)
        return 1
    if not options.quiet:
        print(passed_line(options.lang, "selftest.passed", time.monotonic() - started, taken, shots))
    return 0


def _last_shot(d: Driver) -> None:
    if d.shots is not None:
        try:
            d.w.grab().save(str(d.shots / "failure.png"))
            print(
                verdict(d.options.lang, "selftest.failure-shot", path=str(d.shots / "failure.png")),
                file=sys.stderr,
            )
        except Exception:
            pass
