"""``negotiator self-test --class``: a class driven through the real trainer console, offscreen.

A host with two tables starts from the console's setup page; simulated students (AI bots behind real
:class:`~negotiator.net.client.RemoteSeat` connections over 127.0.0.1) play both tables; the console pauses, posts
news, messages a seat, injects an event, hands a seat to the AI, rolls a table back and ends it, and shows the class
debrief and writes its PDFs. A failed check stops the run with a message naming the step; with ``--screenshots DIR``
every console screen is saved there.
"""

from __future__ import annotations

import sys
import tempfile
import time
import traceback
from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtWidgets import QApplication, QWidget

from negotiator.game.commands import TRAINER, PauseTable, ResumeTable
from negotiator.net.client import RemoteSeat
from negotiator.session.ports import Bot
from negotiator.ui import style
from negotiator.ui.console.overview import select_row
from negotiator.ui.console.run import RunningClass
from negotiator.ui.console.window import ConsoleWindow
from negotiator.ui.selftest import passed_line, verdict


class ClassSelfTestFailure(Exception):
    pass


def _check(condition: object, message: str) -> None:
    if not condition:
        raise ClassSelfTestFailure(message)


class ClassDriver:
    """Drives the console like a trainer and the students' laptops like students (bots choosing their moves)."""

    def __init__(self, app: QApplication, window: ConsoleWindow, shots: Path | None, timeout: float) -> None:
        self.app, self.w, self.shots, self.timeout = app, window, shots, timeout
        self.taken: list[str] = []
        self.size = (window.width(), window.height())
        self.students: list[tuple[RemoteSeat, Bot]] = []

    def pump(self, seconds: float = 0.05) -> None:
        end = time.monotonic() + seconds
        while True:
            self.app.processEvents()
            if time.monotonic() >= end:
                break
            time.sleep(0.005)

    def wait(self, condition: Callable[[], object], what: str) -> None:
        limit = time.monotonic() + self.timeout
        while not condition():
            if time.monotonic() > limit:
                raise ClassSelfTestFailure(f"timed out waiting for {what}")
            self.play_students()
            self.pump(0.02)

    def shot(self, name: str, widget: QWidget | None = None) -> None:
        self.w.refresh()
        self.pump(0.1)
        want = self.size
        _check(
            self.w.width() <= want[0] and self.w.height() <= want[1],
            f"{name}: the console grew to {self.w.width()}x{self.w.height()}, beyond {want[0]}x{want[1]}",
        )
        if self.shots is not None:
            path = self.shots / f"{name}.png"
            _check((widget or self.w).grab().save(str(path)), f"could not write {path}")
            self.taken.append(path.name)

    def play_students(self) -> int:
        """Each student whose turn it is makes its bot's move (at most one move per seat per call)."""
        made = 0
        for seat, bot in self.students:
            view = seat.view()
            if view is None or not view.my_turn:
                continue
            try:
                seat.submit(bot.choose(view), based_on=view.move, timeout=10)
                made += 1
            except Exception:  # stale or refused (paused, handed over): the next call looks again
                continue
        return made

    def close(self) -> None:
        for seat, _ in self.students:
            seat.close()


def drive(d: ClassDriver, tmp: Path) -> None:
    w = d.w
    setup = w.setup
    _check(setup is not None, "the console opens on its setup page")
    assert setup is not None
    setup.scenario.setCurrentIndex(max(setup.scenario.findData("water-and-crossings"), 0))
    setup.tables.setValue(2)
    class_list = tmp / "class.csv"
    class_list.write_text(
        "name,table,delegation\nDana,1,israel\nLina,1,palestine\nOmar,2,israel\nSara,2,palestine\n"
    )
    _check(setup.load_class_list(str(class_list)), f"the class list is read ({setup.problem.text()})")
    setup.timer.setValue(180)
    d.shot("console-1-setup")
    setup.open_button.click()
    d.pump(0.2)
    running = w.running
    _check(running is not None, f"the class opens ({w.problem.text()})")
    assert isinstance(running, RunningClass)
    _check(not running.console.read_only, "the console holds control")
    cards = w.write_seat_cards(tmp / "cards.pdf")
    _check(cards.stat().st_size > 1000, "the seat cards are written")
    d.shot("console-2-overview-waiting")
    from negotiator.ai import make_bot

    scenario = running.host.tables[1].session.scenario
    for t in running.room.tables:
        for seat_id, token in t.seats.items():
            seat = RemoteSeat(running.host.url, token, f"student {t.number}{seat_id[0]}").connect()
            d.students.append(
                (
                    seat,
                    make_bot(scenario.delegation(seat_id).default_persona, seat_id, scenario, 100 + t.number),
                )
            )
    sessions = {n: t.session for n, t in running.host.tables.items()}
    d.wait(lambda: sessions[1].state.round >= 2, "table 1 to reach round 2")
    # table 1 holds still while the trainer reads and works on it (a move would redraw the publics' why)
    paused = running.console.intervene(PauseTable(TRAINER), 1)
    _check(all(o.move is not None for o in paused), f"pause table 1: {paused}")
    d.wait(lambda: sessions[2].state.round >= 2, "table 2 to reach round 2")
    d.shot("console-3-overview")
    # table 1 in depth, every tab
    w.show_table(1)
    page = w.table
    assert page is not None
    tabs = ("record", "briefs", "dance", "publics", "log")
    for k, name in enumerate(tabs):
        page.tabs.setCurrentIndex(k)
        if name == "publics" and page.publics.table.rowCount():
            select_row(page.publics.table, 0)  # selectRow selects nothing right to left: no why in he/ar
            end = time.monotonic() + 15  # shown when it is ready; the screenshot is taken either way
            while page.publics.last_why is None and not page.publics.why_error and time.monotonic() < end:
                d.pump(0.05)
        d.shot(f"console-4-table-{name}")
    page.tabs.setCurrentIndex(0)
    # interventions at table 1 (paused)
    page.news.setText("The donors' conference moves to next week.")
    page.news_button.click()
    page.message_to.setCurrentIndex(page.message_to.findData("israel"))
    page.message.setText("Your cabinet meets tonight: check your red lines.")
    page.message_button.click()
    drawn = {e for _, e in sessions[1].state.events}
    free = [i for i in range(page.event_choice.count()) if page.event_choice.itemData(i) not in drawn]
    if free:
        page.event_choice.setCurrentIndex(free[0])
        page.inject_button.click()
        _check(page.last_outcomes and page.last_outcomes[0].move is not None, f"inject: {page.answer.text()}")
    page.seat.setCurrentIndex(page.seat.findData("palestine"))
    page.to_ai_button.click()
    _check("palestine" in running.host.tables[1].stand_ins, f"hand palestine to the AI: {page.answer.text()}")
    running.console.intervene(ResumeTable(TRAINER), 1)
    d.wait(lambda: sessions[1].whose_turn() is not None, "table 1 to go on")
    d.shot("console-5-table-interventions")
    page.confirm = lambda _question: True
    page.rollback_to.setValue(max(len(sessions[1].records) - 6, 1))
    page.rollback_button.click()
    _check(sessions[1].state.classroom.undone, f"roll back table 1: {page.answer.text()}")
    page.tabs.setCurrentIndex(4)
    d.shot("console-6-table-rollback-log")
    page.tabs.setCurrentIndex(0)
    page.end_button.click()
    _check(sessions[1].state.phase == "outcome", f"end table 1: {page.answer.text()}")
    d.wait(lambda: sessions[2].state.phase == "outcome", "table 2 to finish")
    w.show_overview()
    d.shot("console-7-overview-finished")
    w.show_debrief()
    debrief = w.debrief
    assert debrief is not None
    _check(debrief.summary.rowCount() == 2, "the class debrief shows both tables")
    d.shot("console-8-debrief")
    report = debrief.write_class_report(tmp / "class.pdf")
    _check(report.stat().st_size > 5000, "the class report is written")
    written = debrief.write_delegation_reports(tmp / "delegations")
    _check(len(written) >= 4, "a report per delegation per table")


def run_class_self_test(
    screenshots: str | None,
    size: tuple[int, int],
    scale: float,
    timeout: float,
    quiet: bool,
    lang: str = "en",
) -> int:
    app: Any = QApplication.instance() or QApplication(sys.argv[:1])
    shots = Path(screenshots) if screenshots else None
    if shots is not None:
        shots.mkdir(parents=True, exist_ok=True)
    started = time.monotonic()
    style.apply_style(app, scale)
    from negotiator.ui import language

    language.set_language(lang, app)  # the panels the console shares with the players' window follow it too
    window = ConsoleWindow(lang=language.catalogue_language())
    window.resize(*size)
    window.show()
    driver = ClassDriver(app, window, shots, timeout)
    try:
        with tempfile.TemporaryDirectory(prefix="negotiator-class-selftest-") as tmp:
            drive(driver, Path(tmp))
    except ClassSelfTestFailure as exc:
        print(verdict(lang, "selftest.class-failed", reason=str(exc)), file=sys.stderr)
        if shots is not None:
            window.grab().save(str(shots / "failure.png"))
        return 1
    except Exception:
        print(verdict(lang, "selftest.class-error"), file=sys.stderr)
        traceback.print_exc()
        return 1
    finally:
        driver.close()
        window.close()
        window.deleteLater()
        driver.pump(0.05)
    if not quiet:
        print(passed_line(lang, "selftest.class-passed", time.monotonic() - started, driver.taken, shots))
    return 0
