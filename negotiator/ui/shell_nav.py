"""Which page of the main window is shown: one screen at a time in a stack (start, briefing, table, hand-over,
ratification, debrief), and where the keyboard goes when a page comes up.

A part of the main window (:mod:`negotiator.ui.shell`): the window builds the pages and hands them over; everything
that changes the page asks this part, so ``current`` is always the page on screen.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Literal

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QStackedWidget, QWidget

Page = Literal["start", "briefing", "table", "handover", "ratification", "debrief"]
PAGES: tuple[Page, ...] = ("start", "briefing", "table", "handover", "ratification", "debrief")


class Navigation(QObject):
    """The window's pages in a stack, ``current`` the one on screen. ``focus`` gives each page that has one the
    action that puts the keyboard on its first control when the page comes up."""

    screen_did_change = Signal(str)  # the page now on screen

    def __init__(
        self,
        stack: QStackedWidget,
        pages: Mapping[Page, QWidget],
        focus: Mapping[Page, Callable[[], None]],
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self.stack = stack
        self.pages = dict(pages)
        self.focus = dict(focus)
        for name in PAGES:
            stack.addWidget(self.pages[name])
        self.current: Page = "start"

    def show(self, name: Page) -> None:
        """Put ``name`` on screen, tell the listeners, and give its first control the keyboard."""
        self.stack.setCurrentWidget(self.pages[name])
        self.current = name
        self.screen_did_change.emit(name)
        put_focus = self.focus.get(name)
        if put_focus is not None:
            put_focus()
