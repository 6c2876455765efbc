"""The table screen: a QMainWindow (embedded in the shell) whose panels are dock widgets the player can move,
resize, float, close and get back (View menu); their layout is remembered between runs.

Moves are QActions with shortcuts, so the same move is one click, one key or one menu item. The screen turns the
player's choices into game commands and hands them to ``command_did_request``; it never applies them itself.
"""

from __future__ import annotations

from PySide6.QtCore import QByteArray, Qt, QTimer, Signal
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QDockWidget, QLabel, QMainWindow, QWidget

from negotiator.game.commands import Accept, EndTurn, Sign
from negotiator.game.publics import Publics
from negotiator.game.views import SeatView
from negotiator.model.public import PublicScenario
from negotiator.session.notices import Changes
from negotiator.text import Message
from negotiator.ui import language
from negotiator.ui.language import bind, tr
from negotiator.ui.mapview import MapWidget, map_state
from negotiator.ui.table.actions import ActionsPanel
from negotiator.ui.table.chat import ChatPanel
from negotiator.ui.table.history import HistoryLog
from negotiator.ui.table.issue_board import IssueBoard
from negotiator.ui.table.news import NewsPanel
from negotiator.ui.table.publics import PublicsPanel
from negotiator.ui.viewmodel import current_text, delegation_title
from negotiator.ui.workers import Pool

LAYOUT_VERSION = 4  # 4: the messages panel

ACTION_SPECS: tuple[tuple[str, str], ...] = (
    # name, shortcut; the words are catalogue entries action.<name> (with its mnemonic) and action.<name>.tip
    ("propose", "Ctrl+P"),
    ("accept", "Ctrl+Y"),
    ("reject", "Ctrl+R"),
    ("counter", "Ctrl+K"),
    ("statement", "Ctrl+T"),
    ("mediator", "Ctrl+M"),
    ("pledge", "Ctrl+L"),
    ("end_turn", "Ctrl+E"),
    ("sign", "Ctrl+G"),
    ("walk_out", "Ctrl+Shift+W"),
    ("undo", "Ctrl+Z"),
)


class TableScreen(QMainWindow):
    propose_did_request = Signal(object)  # ProposalView | None (the proposal countered)
    reject_did_request = Signal(str)  # proposal id
    statement_did_request = Signal()
    mediator_did_request = Signal()
    pledge_did_request = Signal()
    command_did_request = Signal(object)
    undo_did_request = Signal()
    walk_out_did_request = Signal()

    def __init__(self, pool: Pool | None = None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("table")
        self.setWindowFlags(Qt.WindowType.Widget)
        self.setDockNestingEnabled(True)
        self.pool = pool or Pool()
        self.scenario: PublicScenario | None = None
        self.view: SeatView | None = None
        self.bot_thinking = ""
        self.can_undo = False
        self.undo_offered = True
        """Whether this game has undo at all (a class table's moves are everyone's at once: no undo, no button)."""
        self.actions_: dict[str, QAction] = {}
        for name, key in ACTION_SPECS:
            a = QAction(self)
            bind(a, f"action.{name}")
            a.setObjectName(f"act-{name}")
            a.setShortcut(QKeySequence(key))
            a.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            bind(a, "action.tip-with-key", "setToolTip", tip=Message(f"action.{name}.tip"), key=key)
            bind(a, f"action.{name}.tip", "setStatusTip")
            self.addAction(a)
            self.actions_[name] = a
        self.actions_["propose"].triggered.connect(lambda: self.propose_did_request.emit(None))
        self.actions_["accept"].triggered.connect(self._on_accept)
        self.actions_["reject"].triggered.connect(self._on_reject)
        self.actions_["counter"].triggered.connect(self._on_counter)
        self.actions_["statement"].triggered.connect(self.statement_did_request)
        self.actions_["mediator"].triggered.connect(self.mediator_did_request)
        self.actions_["pledge"].triggered.connect(self.pledge_did_request)
        self.actions_["end_turn"].triggered.connect(self._on_end_turn)
        self.actions_["sign"].triggered.connect(self._on_sign)
        self.actions_["walk_out"].triggered.connect(self.walk_out_did_request)
        self.actions_["undo"].triggered.connect(self.undo_did_request)

        self.issue_board = IssueBoard()
        self.map = MapWidget()
        self.publics = PublicsPanel(self.pool)
        self.history = HistoryLog()
        self.news = NewsPanel()
        self.chat = ChatPanel()
        self.actions_panel = ActionsPanel(self.actions_)
        self.actions_panel.proposals.currentIndexChanged.connect(self.update_actions)
        self.docks: dict[str, QDockWidget] = {}
        placeholder = QLabel()
        placeholder.setMaximumSize(0, 0)
        self.setCentralWidget(placeholder)
        placeholder.hide()
        self._add_dock("actions", "dock.actions", self.actions_panel, Qt.DockWidgetArea.LeftDockWidgetArea)
        self._add_dock("issues", "dock.issues", self.issue_board, Qt.DockWidgetArea.LeftDockWidgetArea)
        self._add_dock("map", "dock.map", self.map, Qt.DockWidgetArea.RightDockWidgetArea)
        self._add_dock("publics", "dock.publics", self.publics, Qt.DockWidgetArea.RightDockWidgetArea)
        self._add_dock("history", "dock.history", self.history, Qt.DockWidgetArea.LeftDockWidgetArea)
        self._add_dock("news", "dock.news", self.news, Qt.DockWidgetArea.LeftDockWidgetArea)
        self._add_dock("chat", "dock.chat", self.chat, Qt.DockWidgetArea.LeftDockWidgetArea)
        self.chat.line_did_show.connect(lambda: self.docks["chat"].raise_())
        self.default_layout()
        for k, name in enumerate(("actions", "issues", "map", "publics", "history", "news", "chat"), start=1):
            a = QAction(self)
            bind(a, "table.go-to", panel=Message(f"dock.{name}"))
            a.setShortcut(QKeySequence(f"Ctrl+{k}"))
            a.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            a.triggered.connect(lambda _c=False, n=name: self.focus_panel(n))
            self.addAction(a)
        find = QAction(self)
        bind(find, "table.search-log")
        find.setShortcut(QKeySequence.StandardKey.Find)
        find.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        find.triggered.connect(self._on_find)
        self.addAction(find)
        self._default_state = self.saveState(LAYOUT_VERSION)
        language.notifier().language_did_change.connect(self._on_language_changed)
        self._sized = False
        self.restored = False

    def showEvent(self, event: object) -> None:  # type: ignore[override]
        super().showEvent(event)  # type: ignore[arg-type]
        if not self._sized:
            # Dock sizes only take once the window has its real size; a remembered layout wins over the default.
            self._sized = True
            if not self.restored:
                QTimer.singleShot(0, self.default_layout)

    def _add_dock(self, name: str, title: str, widget: QWidget, area: Qt.DockWidgetArea) -> None:
        dock = QDockWidget(self)
        bind(dock, title, "setWindowTitle")
        dock.setObjectName(f"dock-{name}")
        dock.setWidget(widget)
        dock.setFeatures(
            QDockWidget.DockWidgetFeature.DockWidgetMovable
            | QDockWidget.DockWidgetFeature.DockWidgetFloatable
            | QDockWidget.DockWidgetFeature.DockWidgetClosable
        )
        self.addDockWidget(area, dock)
        self.docks[name] = dock

    def default_layout(self) -> None:
        for d in self.docks.values():
            d.setFloating(False)
            d.show()
        # Leading side (left, or right in Hebrew and Arabic): the moves, the board, and the record (history and
        # news share a tabbed slot; news comes to the front when an event breaks). Trailing side: the map and the
        # publics, full height, as they need room to read. QMainWindow does not mirror dock areas by itself.
        lead, trail = Qt.DockWidgetArea.LeftDockWidgetArea, Qt.DockWidgetArea.RightDockWidgetArea
        if self.layoutDirection() == Qt.LayoutDirection.RightToLeft:
            lead, trail = trail, lead
        self._laid_out = self.layoutDirection()
        for name in ("actions", "issues", "history", "news", "chat"):
            self.addDockWidget(lead, self.docks[name])
        for name in ("map", "publics"):
            self.addDockWidget(trail, self.docks[name])
        self.splitDockWidget(self.docks["actions"], self.docks["issues"], Qt.Orientation.Vertical)
        self.splitDockWidget(self.docks["issues"], self.docks["history"], Qt.Orientation.Vertical)
        self.tabifyDockWidget(self.docks["history"], self.docks["news"])
        self.tabifyDockWidget(self.docks["news"], self.docks["chat"])
        self.splitDockWidget(self.docks["map"], self.docks["publics"], Qt.Orientation.Vertical)
        self.docks["history"].raise_()
        h = max(600, self.height())
        w = max(900, self.width())
        actions = self.actions_panel.sizeHint().height() + 40
        rest = h - actions
        self.resizeDocks(
            [self.docks["actions"], self.docks["issues"], self.docks["history"]],
            [actions, int(rest * 0.56), int(rest * 0.44)],
            Qt.Orientation.Vertical,
        )
        self.resizeDocks(
            [self.docks["map"], self.docks["publics"]],
            [int(h * 0.47), int(h * 0.53)],
            Qt.Orientation.Vertical,
        )
        self.resizeDocks(
            [self.docks["actions"], self.docks["map"]],
            [int(w * 0.5), int(w * 0.5)],
            Qt.Orientation.Horizontal,
        )

    def reset_layout(self) -> None:
        if self.layoutDirection() != self._laid_out:
            self.default_layout()  # the default state was saved for the other direction
            return
        self.restoreState(self._default_state, LAYOUT_VERSION)
        for d in self.docks.values():
            d.show()

    def _on_language_changed(self) -> None:
        self.chat.retranslate()
        if self.layoutDirection() != self._laid_out:
            self.default_layout()  # the whole screen mirrors: the docks change sides
            self._default_state = self.saveState(LAYOUT_VERSION)

    def layout_state(self) -> QByteArray:
        return self.saveState(LAYOUT_VERSION)

    def restore_layout(self, state: QByteArray) -> bool:
        self.restored = bool(self.restoreState(state, LAYOUT_VERSION))
        return self.restored

    def focus_panel(self, name: str) -> None:
        dock = self.docks[name]
        dock.show()
        dock.raise_()
        target = {
            "actions": self.actions_panel.proposals,
            "issues": self.issue_board.table,
            "map": self.map,
            "publics": self.publics.table,
            "history": self.history.tree,
            "news": self.news.browser,
            "chat": self.chat.field if self.chat.team_row.isVisible() else self.chat.browser,
        }[name]
        if name == "actions":
            first = next((b for b in self.actions_panel.buttons.values() if b.isEnabled()), None)
            target = first or target
        target.setFocus(Qt.FocusReason.ShortcutFocusReason)

    def _on_find(self) -> None:
        """Ctrl+F: the log's search field."""
        self.focus_panel("history")
        self.history.search.setFocus()

    # -- showing ----------------------------------------------------------------------------------------------------
    def use_publics(self, publics: Publics) -> None:
        """The game's publics, for the publics panel's trends and explanations (set when a game opens)."""
        self.publics.use_publics(publics)

    def show_view(self, scenario: PublicScenario, view: SeatView, changes: Changes | None = None) -> None:
        """Show ``view``. ``changes`` (the seat notice's flags) says which panels are stale; ``None`` redraws all
        (a new game, another seat at the keyboard, a new font size)."""
        old = self.view
        everything = changes is None or old is None or old.seat != view.seat or self.scenario is not scenario
        self.scenario, self.view = scenario, view

        def stale(*flags: str) -> bool:
            return everything or any(getattr(changes, f) for f in flags)

        self.map.show_inset = any("jerusalem" in i.id for i in scenario.issues)
        if stale("proposals", "seats", "phase"):
            self.issue_board.show_view(scenario, view)
        if stale("opinion", "proposals"):
            self.publics.show_view(scenario, view)
        if stale("transcript", "opinion", "outcome", "proposals", "round"):
            self.history.show_view(scenario, view)
        if stale("news", "proposals", "outcome"):
            self.news.show_view(scenario, view)
        if stale("transcript"):
            self.chat.show_view(scenario, view)
        self.actions_panel.show_view(scenario, view, self.bot_thinking)
        if stale("proposals"):
            text = current_text(view)
            if text is not None:
                who = delegation_title(scenario, text.by)
                self.show_on_map(dict(text.package), tr("table.map-caption", ref=text.id, who=who))
            else:
                self.show_on_map({}, tr("table.map-caption.none"))
        if old is not None and len(view.events) > len(old.events):
            self.docks["news"].raise_()
        self.update_actions()

    def show_on_map(self, package: dict[str, str], caption: str) -> None:
        if self.scenario is None:
            return
        self.map.show_state(map_state(self.scenario, package), caption)

    def set_bot_thinking(self, seat: str) -> None:
        self.bot_thinking = seat
        if self.scenario is not None and self.view is not None:
            self.actions_panel.show_view(self.scenario, self.view, seat)
        self.update_actions()

    def update_actions(self) -> None:
        v = self.view
        legal = set(v.legal) if v is not None and v.my_turn else set()
        answer = self.actions_panel.chosen_proposal() is not None
        self.actions_["propose"].setEnabled("table-proposal" in legal)
        self.actions_["accept"].setEnabled("accept" in legal and answer)
        self.actions_["reject"].setEnabled("reject" in legal and answer)
        self.actions_["counter"].setEnabled("reject" in legal and answer)
        self.actions_["statement"].setEnabled("statement" in legal)
        self.actions_["mediator"].setEnabled("ask-mediator" in legal)
        self.actions_["pledge"].setEnabled("offer-side-terms" in legal)
        # Only third parties can pledge: keep the button off a principal's panel altogether.
        third = v is not None and any(d.id == v.seat and d.role != "principal" for d in v.delegations)
        if "pledge" in self.actions_panel.buttons:
            self.actions_panel.buttons["pledge"].setVisible(third)
        self.actions_["end_turn"].setEnabled("end-turn" in legal)
        self.actions_["sign"].setEnabled("sign" in legal)
        self.actions_["walk_out"].setEnabled("walk-out" in legal)
        self.actions_["undo"].setEnabled(self.can_undo and self.undo_offered)
        self.actions_["undo"].setVisible(self.undo_offered)
        if "undo" in self.actions_panel.buttons:
            self.actions_panel.buttons["undo"].setVisible(self.undo_offered)

    # -- moves ------------------------------------------------------------------------------------------------------
    def _seat(self) -> str:
        assert self.view is not None
        return self.view.seat

    def _on_accept(self) -> None:
        pid = self.actions_panel.chosen_proposal()
        if pid and self.view is not None:
            self.command_did_request.emit(Accept(self._seat(), pid))

    def _on_reject(self) -> None:
        pid = self.actions_panel.chosen_proposal()
        if pid:
            self.reject_did_request.emit(pid)

    def _on_counter(self) -> None:
        pid = self.actions_panel.chosen_proposal()
        if pid and self.view is not None:
            self.propose_did_request.emit(self.view.proposal(pid))

    def _on_end_turn(self) -> None:
        if self.view is not None:
            self.command_did_request.emit(EndTurn(self._seat()))

    def _on_sign(self) -> None:
        if self.view is not None:
            self.command_did_request.emit(Sign(self._seat()))
