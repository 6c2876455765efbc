"""The offer builder: pick an option per issue (or start from a known package) with a live preview.

The preview shows your points against your walk-away, your estimate of the others' points (from what you have seen),
the paradigm the package amounts to, red lines it crosses, and the predicted public reaction per constituency.
Points, estimates and paradigm are instant (a few microseconds of numpy) and update in the same event-loop pass as the
click; the public reaction is computed on a worker thread and replaces the previous one when ready (newest wins), so
the dialog never stalls however slow the opinion model is.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import numpy as np
from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QButtonGroup,
    QCheckBox,
    QComboBox,
    QDialog,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QRadioButton,
    QScrollArea,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from negotiator.ai.valuation import Layout, own_valuation
from negotiator.game.publics import PollRow, Publics
from negotiator.game.runtime import ScenarioRuntime
from negotiator.game.views import ProposalView, SeatView
from negotiator.model.paradigm import classify
from negotiator.model.public import PublicScenario
from negotiator.ui import style
from negotiator.ui.estimate import OtherEstimate, estimates
from negotiator.ui.publics_model import group_title, preview, status_quo
from negotiator.ui.table.publics import SupportBar
from negotiator.ui.viewmodel import current_text, delegation_title, last_by
from negotiator.ui.widgets import PointsBar, button, heading, para
from negotiator.ui.workers import LatestOnly, Pool


@dataclass(frozen=True)
class Draft:
    """What the builder returns: the package (in scenario order), whether it is partial, and the one-line reason."""

    package: tuple[tuple[str, str], ...]
    partial: bool
    reason: str


@dataclass(frozen=True)
class Reaction:
    rows: tuple[PollRow, ...]
    ratify: float | None
    package: tuple[tuple[str, str], ...]


VOTE_WORDS = {"knesset": "the Knesset vote", "referendum": "the referendum"}


def home_vote(scenario: PublicScenario, seat: str) -> str | None:
    """The vote the seat's side must win at home (``knesset``, ``referendum``), or ``None`` when it has none."""
    kinds = [r.kind for r in scenario.rules.ratification if r.delegation == seat and r.kind != "none"]
    return kinds[0] if kinds else None


def ratification_words(scenario: PublicScenario, seat: str, chance: float | None) -> tuple[str, str]:
    """(line under the preview, its tooltip): the chance of the seat's vote at home, or why there is none."""
    kind = home_vote(scenario, seat)
    if kind is None:
        if not any(r.kind != "none" for r in scenario.rules.ratification):
            return (
                "No ratification vote in this scenario: a signed deal takes effect as signed.",
                "This scenario has no Knesset vote or referendum after signature.",
            )
        return (
            "Your side holds no ratification vote at home.",
            "Only the sides with a Knesset vote or a referendum must ratify a signed deal; yours has none.",
        )
    if chance is None:
        return "", ""
    return (
        f"Chance your side ratifies it at home ({VOTE_WORDS.get(kind, kind)}): <b>{100 * chance:.0f}%</b>",
        f"From the model of {VOTE_WORDS.get(kind, kind)} on today's public mood; a partial package cannot be "
        "put to a vote.",
    )


def compute_reaction(publics: Publics, view: SeatView, package: Mapping[str, str]) -> Reaction:
    """Predicted polls for ``package`` tabled by the seat, and its side's chance of ratifying it (off-thread)."""
    scenario = publics.scenario
    rows = preview(publics, view.opinion, package, view.seat)
    ratify = None
    if len(package) == len(scenario.issues) and home_vote(scenario, view.seat) is not None:
        ratify = publics.predicted_pass(view.opinion, dict(package), view.seat)
    return Reaction(rows, ratify, tuple(package.items()))


class OfferBuilder(QDialog):
    package_did_change = Signal(object)  # dict issue -> option (for the map)

    def __init__(
        self,
        scenario: PublicScenario,
        view: SeatView,
        *,
        answering: ProposalView | None = None,
        pool: Pool | None = None,
        parent: QWidget | None = None,
        publics: Publics | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("offer-builder")
        self.scenario, self.view, self.answering = scenario, view, answering
        # the game's publics (its runtime's people); a builder opened without them (a test) builds its own
        self.publics = publics if publics is not None else ScenarioRuntime(scenario).publics
        self.setWindowTitle("Counter-proposal" if answering else "Propose a package")
        self.layout_ = Layout.of(scenario)
        self.own = own_valuation(self.layout_, view.own.priorities, view.own.points, view.own.interactions)
        self.own_points = {i: dict(o) for i, o in view.own.points}
        self.walk_away = view.own.reservation_value
        self.red_lines = {i: (set(opts), why) for i, opts, why in view.own.red_lines}
        self.others: list[OtherEstimate] = estimates(scenario, view)
        self.runner = LatestOnly(pool or Pool())
        self.groups: dict[str, QButtonGroup] = {}
        self.include: dict[str, QCheckBox] = {}
        self.chosen_words: dict[str, QLabel] = {}
        self.reaction: Reaction | None = None
        self.preview_count = 0

        outer = QVBoxLayout(self)
        self.coach = QLabel("")
        self.coach.setObjectName("builder-coach")
        self.coach.setWordWrap(True)
        self.coach.setStyleSheet(
            f"background: #FFF8E6; border: 3px solid {style.ORANGE}; border-radius: 6px; padding: 8px;"
        )
        self.coach.hide()
        outer.addWidget(self.coach)
        top = QHBoxLayout()
        start_label = QLabel("Start &from:")
        self.start_from = QComboBox()
        self.start_from.setObjectName("start-from")
        start_label.setBuddy(self.start_from)
        self._fill_start_options()
        load = button("&Load", "Fill every issue from the chosen package", name="load-package")
        load.clicked.connect(self._on_load)
        self.partial = QCheckBox("P&artial: settle only the ticked issues")
        self.partial.setObjectName("partial")
        self.partial.setToolTip(
            "A partial package settles some issues provisionally: nothing is agreed until "
            "everything is agreed."
        )
        top.addWidget(start_label)
        top.addWidget(self.start_from, 1)
        top.addWidget(load)
        top.addSpacing(12)
        top.addWidget(self.partial)
        outer.addLayout(top)

        split = QSplitter(Qt.Orientation.Horizontal)
        split.addWidget(self._build_issues())
        split.addWidget(self._build_preview())
        split.setSizes([620, 560])
        split.setChildrenCollapsible(False)
        outer.addWidget(split, 1)

        bottom = QHBoxLayout()
        reason_label = QLabel("&Say why (optional):")
        self.reason = QLineEdit()
        self.reason.setObjectName("reason")
        self.reason.setMaxLength(300)
        self.reason.setPlaceholderText("One line the other delegations will read")
        reason_label.setBuddy(self.reason)
        self.table_button = button(
            "&Table it ▶" if not answering else "&Counter-propose ▶",
            "Put this package on the table (Ctrl+Enter)",
            primary=True,
            name="table-it",
        )
        cancel = button("Cancel", "Close without tabling anything (Esc)", name="cancel")
        self.table_button.clicked.connect(self._on_accept)
        cancel.clicked.connect(self.reject)
        QShortcut(QKeySequence("Ctrl+Return"), self, activated=self._on_accept)
        bottom.addWidget(reason_label)
        bottom.addWidget(self.reason, 1)
        bottom.addWidget(cancel)
        bottom.addWidget(self.table_button)
        outer.addLayout(bottom)

        self.partial.toggled.connect(self._on_partial)
        self._on_partial(False)
        initial = self._initial_package()
        self.set_package(initial)
        self.resize(1240, 800)

    # -- building ---------------------------------------------------------------------------------------------------
    def _fill_start_options(self) -> None:
        v = self.view
        text = current_text(v)
        if self.answering is not None:
            self.start_from.addItem(
                f"The proposal you answer ({self.answering.id})", f"proposal:{self.answering.id}"
            )
        if text is not None and not text.partial:
            self.start_from.addItem(f"The text on the table ({text.id})", f"proposal:{text.id}")
        mine = last_by(v, {v.seat})
        if mine is not None and not mine.partial:
            self.start_from.addItem(f"Your last offer ({mine.id})", f"proposal:{mine.id}")
        for ref in self.scenario.packages:
            year = f" ({ref.year})" if ref.year else ""
            self.start_from.addItem(f"{ref.title}{year}", f"reference:{ref.id}")
            self.start_from.setItemData(
                self.start_from.count() - 1, ref.description.strip(), Qt.ItemDataRole.ToolTipRole
            )
        self.start_from.addItem("Your best package (everything you want)", "best:")

    def _package_for(self, kind: str, ref: str) -> dict[str, str]:
        if kind == "proposal":
            p = self.view.proposal(ref)
            base = status_quo(self.scenario)
            base.update(dict(p.package))
            return base
        if kind == "reference":
            return dict(self.scenario.reference(ref).options)
        best = np.argmax(np.where(self.layout_.valid, self.own.values, -np.inf), axis=1)
        return dict(self.layout_.decode(best))

    def _initial_package(self) -> dict[str, str]:
        data = self.start_from.itemData(0)
        return self._package_for(*str(data).split(":", 1)) if data else status_quo(self.scenario)

    def _build_issues(self) -> QWidget:
        holder = QWidget()
        grid = QVBoxLayout(holder)
        grid.setSpacing(8)
        grid.addWidget(
            para(
                "The number after each option is what it is worth to you on that issue (0-100, "
                "confidential); issues weigh by your priorities.",
                role="muted",
            )
        )
        for issue in self.scenario.issues:
            box = QGroupBox(issue.title)
            box.setObjectName(f"issue-{issue.id}")
            box.setToolTip(issue.description)
            inner = QGridLayout(box)
            include = QCheckBox("include")
            include.setChecked(True)
            include.setToolTip("Part of a partial package")
            include.toggled.connect(self._on_changed)
            self.include[issue.id] = include
            inner.addWidget(include, 0, 1, Qt.AlignmentFlag.AlignRight)
            group = QButtonGroup(box)
            group.setExclusive(True)
            for k, opt in enumerate(issue.options):
                pts = self.own_points.get(issue.id, {}).get(opt.id)
                red = opt.id in self.red_lines.get(issue.id, (set(), ""))[0]
                label = f"{opt.title}"
                if pts is not None:
                    label += f"   · {pts:.0f}"
                if red:
                    label += "   ✖ red line"
                rb = QRadioButton(label)
                rb.setObjectName(f"opt-{issue.id}-{opt.id}")
                tip = opt.description
                if pts is not None:
                    tip += f"\n\nWorth {pts:.0f} of 100 points on this issue to you (confidential)."
                if red:
                    tip += f"\n\nYOUR RED LINE: {self.red_lines[issue.id][1]}"
                rb.setToolTip(tip)
                group.addButton(rb, k)
                inner.addWidget(rb, 1 + k, 0, 1, 2)
            chosen = para("", role="muted")
            chosen.setObjectName(f"chosen-{issue.id}")
            inner.addWidget(chosen, 1 + len(issue.options), 0, 1, 2)
            self.chosen_words[issue.id] = chosen
            group.idToggled.connect(lambda _id, checked: checked and self._on_changed())
            self.groups[issue.id] = group
            grid.addWidget(box)
        grid.addStretch(1)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setWidget(holder)
        scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        scroll.setMinimumWidth(420)
        return scroll

    def _build_preview(self) -> QWidget:
        w = QWidget()
        w.setObjectName("preview")
        lay = QVBoxLayout(w)
        lay.addWidget(heading("Preview"))
        self.own_bar = PointsBar()
        self.own_bar.setObjectName("own-points")
        lay.addWidget(self.own_bar)
        self.own_words = para("")
        self.own_words.setObjectName("own-words")
        lay.addWidget(self.own_words)
        self.red_words = para("")
        self.red_words.setObjectName("red-line-warning")
        self.red_words.setStyleSheet(f"color: {style.BAD}; font-weight: bold;")
        lay.addWidget(self.red_words)
        self.other_bars: dict[str, PointsBar] = {}
        if self.others:
            lay.addWidget(
                para(
                    "Your estimate of the others' points (from their offers and their publics; not their "
                    "real numbers):",
                    role="muted",
                )
            )
        for est in self.others:
            bar = PointsBar()
            bar.setObjectName(f"estimate-{est.delegation}")
            self.other_bars[est.delegation] = bar
            lay.addWidget(bar)
        self.paradigm = para("")
        self.paradigm.setObjectName("paradigm")
        lay.addWidget(self.paradigm)
        lay.addWidget(heading("Predicted public reaction"))
        self.reaction_status = para("", role="muted")
        lay.addWidget(self.reaction_status)
        self.reaction_grid = QGridLayout()
        self.reaction_grid.setColumnStretch(1, 1)
        self.reaction_rows: dict[str, tuple[QLabel, SupportBar, QLabel]] = {}
        for k, c in enumerate(self.scenario.constituencies):
            name = QLabel(c.title)
            name.setWordWrap(True)
            name.setMaximumWidth(int(style.font().pointSizeF() * 22))
            name.setToolTip(c.description)
            bar = SupportBar()
            num = QLabel("…")
            num.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            self.reaction_grid.addWidget(name, k, 0)
            self.reaction_grid.addWidget(bar, k, 1)
            self.reaction_grid.addWidget(num, k, 2)
            self.reaction_rows[c.id] = (name, bar, num)
        lay.addLayout(self.reaction_grid)
        self.ratify_words = para("")
        self.ratify_words.setObjectName("ratify-words")
        lay.addWidget(self.ratify_words)
        lay.addStretch(1)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setWidget(w)
        scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        scroll.setMinimumWidth(440)
        return scroll

    # -- state ------------------------------------------------------------------------------------------------------
    def set_package(self, package: Mapping[str, str]) -> None:
        for issue in self.scenario.issues:
            group = self.groups[issue.id]
            ids = [o.id for o in issue.options]
            option = package.get(issue.id, ids[0])
            b = group.button(ids.index(option))
            b.blockSignals(True)
            b.setChecked(True)
            b.blockSignals(False)
        self._on_changed()

    def focus_first_option(self) -> None:
        first = self.scenario.issues[0].id
        checked = self.groups[first].checkedButton()
        if checked is not None:
            checked.setFocus(Qt.FocusReason.OtherFocusReason)

    def choose(self, issue_id: str, option_id: str) -> None:
        ids = [o.id for o in self.scenario.issue(issue_id).options]
        self.groups[issue_id].button(ids.index(option_id)).setChecked(True)

    def package(self) -> dict[str, str]:
        out = {}
        for issue in self.scenario.issues:
            if self.partial.isChecked() and not self.include[issue.id].isChecked():
                continue
            k = self.groups[issue.id].checkedId()
            out[issue.id] = issue.options[max(k, 0)].id
        return out

    def draft(self) -> Draft:
        pkg = self.package()
        return Draft(tuple(pkg.items()), self.partial.isChecked(), self.reason.text().strip())

    # -- preview ----------------------------------------------------------------------------------------------------
    def _on_partial(self, on: bool) -> None:
        for cb in self.include.values():
            cb.setVisible(on)
        self._on_changed()

    def _on_load(self) -> None:
        data = self.start_from.currentData()
        if data:
            self.set_package(self._package_for(*str(data).split(":", 1)))

    def _on_changed(self) -> None:
        pkg = self.package()
        for issue in self.scenario.issues:
            k = self.groups[issue.id].checkedId()
            if k >= 0:
                self.chosen_words[issue.id].setText(" ".join(issue.options[k].description.split()))
        self.preview_count += 1
        complete = len(pkg) == len(self.scenario.issues)
        if complete:
            x = self.layout_.encode(tuple(pkg.items()))
            pts = self.own.score_one(x)
            self.own_bar.set_value(pts, self.walk_away, "Your points")
            margin = pts - self.walk_away
            self.own_words.setText(
                f"Worth <b>{pts:.1f}</b> points to you: {abs(margin):.1f} "
                f"{'above' if margin >= 0 else 'BELOW'} your walk-away value of {self.walk_away:.0f}."
                + ("" if margin >= 0 else " Signing it would leave you worse off than no deal.")
            )
        else:
            self.own_bar.set_value(None, self.walk_away, "Your points (partial package)")
            self.own_words.setText("A partial package has no total: it settles only the ticked issues.")
        self.own_words.setToolTip("Your confidential points for this package (0-100), interactions included.")
        crossed = [
            f"{self.scenario.issue(i).title}: {why}"
            for i, o in pkg.items()
            if o in self.red_lines.get(i, (set(), ""))[0]
            for why in [self.red_lines[i][1]]
        ]
        self.red_words.setText(("✖ Crosses your red line — " + " · ".join(crossed)) if crossed else "")
        for est in self.others:
            est_pts = est.points(self.layout_, pkg)
            who = delegation_title(self.scenario, est.delegation)
            seen = f"{est.offers_seen} offer(s) seen" if est.offers_seen else "no offers seen yet"
            self.other_bars[est.delegation].set_value(est_pts, None, f"{who} (≈, {seen})", uncertain=True)
        cls = classify(self.scenario, pkg)
        reasons = "; ".join(cls.reasons.get(cls.paradigm, [])[:4])
        self.paradigm.setText(f"Paradigm: <b>{cls.label}</b>")
        self.paradigm.setToolTip(
            "Which kind of settlement this package amounts to, from its options: "
            + (reasons or "no option decides it")
            + ". Votes: "
            + ", ".join(f"{k} {v:g}" for k, v in cls.votes.items() if v)
        )
        self.package_did_change.emit(pkg)
        self.reaction_status.setText("updating…")
        publics, view = self.publics, self.view
        self.runner.request(
            lambda: compute_reaction(publics, view, pkg), self._show_reaction, self._reaction_failed
        )

    def _reaction_failed(self, exc: BaseException) -> None:
        self.reaction_status.setText(
            f"The public reaction could not be predicted ({type(exc).__name__}: {exc})."
        )

    def _show_reaction(self, reaction: Reaction) -> None:
        self.reaction = reaction
        rows = {r.group: r for r in reaction.rows}
        for cid, (_name, bar, num) in self.reaction_rows.items():
            row = rows.get(cid)
            bar.row = row
            if row is not None:
                from negotiator.ui.table.publics import support_tooltip

                bar.setToolTip(support_tooltip(row))
                num.setText(f"{row.support:.0f}%")
                num.setToolTip(support_tooltip(row))
            bar.update()
        self.reaction_status.setText("If you tabled it now, polls would read (support · undecided · oppose):")
        words, tip = ratification_words(self.scenario, self.view.seat, reaction.ratify)
        self.ratify_words.setText(words)
        self.ratify_words.setToolTip(tip)

    def _on_accept(self) -> None:
        pkg = self.package()
        if not pkg:
            self.red_words.setText("Tick at least one issue for a partial package.")
            return
        self.accept()

    def group_titles(self) -> list[str]:
        return [group_title(self.scenario, c.id) for c in self.scenario.constituencies]

    def reaction_texts(self) -> dict[str, Any]:
        return {cid: num.text() for cid, (_n, _b, num) in self.reaction_rows.items()}
