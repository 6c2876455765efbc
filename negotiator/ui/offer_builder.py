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
from negotiator.game.views import ProposalView, SeatView
from negotiator.model.paradigm import classify
from negotiator.model.public import PublicScenario
from negotiator.model.schema import Scenario
from negotiator.ui import style, words
from negotiator.ui.estimate import OtherEstimate, estimates
from negotiator.ui.language import tr
from negotiator.ui.publics_model import group_title, preview, status_quo
from negotiator.ui.table.publics import SupportBar
from negotiator.ui.viewmodel import current_text, delegation_title, issue_title, last_by, option_title
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


def vote_words(kind: str) -> str:
    return tr(f"vote.{kind}.the") if kind in ("knesset", "referendum") else kind


def home_vote(scenario: Scenario | PublicScenario, seat: str) -> str | None:
    """The vote the seat's side must win at home (``knesset``, ``referendum``), or ``None`` when it has none."""
    kinds = [r.kind for r in scenario.rules.ratification if r.delegation == seat and r.kind != "none"]
    return kinds[0] if kinds else None


def ratification_words(scenario: PublicScenario, seat: str, chance: float | None) -> tuple[str, str]:
    """(line under the preview, its tooltip): the chance of the seat's vote at home, or why there is none."""
    kind = home_vote(scenario, seat)
    if kind is None:
        if not any(r.kind != "none" for r in scenario.rules.ratification):
            return tr("builder.no-vote"), tr("builder.no-vote.tip")
        return tr("builder.no-home-vote"), tr("builder.no-home-vote.tip")
    if chance is None:
        return "", ""
    return (
        tr("builder.chance", vote=vote_words(kind), chance=f"{100 * chance:.0f}"),
        tr("builder.chance.tip", vote=vote_words(kind)),
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
        self.publics = publics if publics is not None else Publics.opening(scenario)
        self.setWindowTitle(tr("builder.title.counter" if answering else "builder.title.propose"))
        self.layout_ = Layout.of(scenario)
        self.own = own_valuation(self.layout_, view.own.priorities, view.own.points, view.own.interactions)
        self.own_points = {i: dict(o) for i, o in view.own.points}
        self.walk_away = view.own.reservation_value
        mine = words.own(scenario, view)  # the reasons in the window's language
        self.red_lines = {
            i: (set(opts), why)
            for (i, opts, _english), why in zip(view.own.red_lines, mine.red_lines, strict=True)
        }
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
        start_label = QLabel(tr("builder.start-from"))
        self.start_from = QComboBox()
        self.start_from.setObjectName("start-from")
        start_label.setBuddy(self.start_from)
        self._fill_start_options()
        load = button(tr("builder.load"), tr("builder.load.tip"), name="load-package")
        load.clicked.connect(self._on_load)
        self.partial = QCheckBox(tr("builder.partial"))
        self.partial.setObjectName("partial")
        self.partial.setToolTip(tr("builder.partial.tip"))
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
        reason_label = QLabel(tr("builder.reason"))
        self.reason = QLineEdit()
        self.reason.setObjectName("reason")
        self.reason.setMaxLength(300)
        self.reason.setPlaceholderText(tr("builder.reason.hint"))
        reason_label.setBuddy(self.reason)
        self.table_button = button(
            tr("builder.table" if not answering else "builder.counter"),
            tr("builder.table.tip"),
            primary=True,
            name="table-it",
        )
        cancel = button(tr("builder.cancel"), tr("builder.cancel.tip"), name="cancel")
        self.table_button.clicked.connect(self._on_accept)
        cancel.clicked.connect(self.reject)
        QShortcut(QKeySequence("Ctrl+Return"), self, self._on_accept)
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
                tr("builder.from.answer", ref=self.answering.id), f"proposal:{self.answering.id}"
            )
        if text is not None and not text.partial:
            self.start_from.addItem(tr("builder.from.table", ref=text.id), f"proposal:{text.id}")
        mine = last_by(v, {v.seat})
        if mine is not None and not mine.partial:
            self.start_from.addItem(tr("builder.from.mine", ref=mine.id), f"proposal:{mine.id}")
        for ref in self.scenario.packages:
            year = f" ({ref.year})" if ref.year else ""
            title = words.text(self.scenario, f"packages.{ref.id}.title", ref.title)
            self.start_from.addItem(f"{title}{year}", f"reference:{ref.id}")
            desc = words.text(self.scenario, f"packages.{ref.id}.description", ref.description)
            self.start_from.setItemData(
                self.start_from.count() - 1, desc.strip(), Qt.ItemDataRole.ToolTipRole
            )
        self.start_from.addItem(tr("builder.from.best"), "best:")

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
        grid.addWidget(para(tr("builder.points-note"), role="muted"))
        for issue in self.scenario.issues:
            box = QGroupBox(issue_title(self.scenario, issue.id))
            box.setObjectName(f"issue-{issue.id}")
            box.setToolTip(words.text(self.scenario, f"issues.{issue.id}.description", issue.description))
            inner = QGridLayout(box)
            include = QCheckBox(tr("builder.include"))
            include.setChecked(True)
            include.setToolTip(tr("builder.include.tip"))
            include.toggled.connect(self._on_changed)
            self.include[issue.id] = include
            inner.addWidget(include, 0, 1, Qt.AlignmentFlag.AlignRight)
            group = QButtonGroup(box)
            group.setExclusive(True)
            for k, opt in enumerate(issue.options):
                pts = self.own_points.get(issue.id, {}).get(opt.id)
                red = opt.id in self.red_lines.get(issue.id, (set(), ""))[0]
                label = option_title(self.scenario, issue.id, opt.id)
                if pts is not None:
                    label += f"   · {words.iso(f'{pts:.0f}')}"
                if red:
                    label += "   " + tr("builder.red-line")
                rb = QRadioButton(label)
                rb.setObjectName(f"opt-{issue.id}-{opt.id}")
                tip = words.text(
                    self.scenario, f"issues.{issue.id}.options.{opt.id}.description", opt.description
                )
                if pts is not None:
                    tip += "\n\n" + tr("board.worth", points=f"{pts:.0f}")
                if red:
                    tip += "\n\n" + tr("builder.red-line.tip", why=self.red_lines[issue.id][1])
                rb.setToolTip(tip)
                group.addButton(rb, k)
                inner.addWidget(rb, 1 + k, 0, 1, 2)
            chosen = para("", role="muted")
            chosen.setObjectName(f"chosen-{issue.id}")
            inner.addWidget(chosen, 1 + len(issue.options), 0, 1, 2)
            self.chosen_words[issue.id] = chosen
            group.idToggled.connect(lambda _id, checked: self._on_changed() if checked else None)
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
        lay.addWidget(heading(tr("builder.preview")))
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
            lay.addWidget(para(tr("builder.estimates"), role="muted"))
        for est in self.others:
            bar = PointsBar()
            bar.setObjectName(f"estimate-{est.delegation}")
            self.other_bars[est.delegation] = bar
            lay.addWidget(bar)
        self.paradigm = para("")
        self.paradigm.setObjectName("paradigm")
        lay.addWidget(self.paradigm)
        lay.addWidget(heading(tr("builder.reaction")))
        self.reaction_status = para("", role="muted")
        lay.addWidget(self.reaction_status)
        self.reaction_grid = QGridLayout()
        self.reaction_grid.setColumnStretch(1, 1)
        self.reaction_rows: dict[str, tuple[QLabel, SupportBar, QLabel]] = {}
        for k, c in enumerate(self.scenario.constituencies):
            name = QLabel(group_title(self.scenario, c.id))
            name.setWordWrap(True)
            name.setMaximumWidth(int(style.font().pointSizeF() * 22))
            name.setToolTip(words.text(self.scenario, f"constituencies.{c.id}.description", c.description))
            support = SupportBar()
            num = QLabel("…")
            num.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            self.reaction_grid.addWidget(name, k, 0)
            self.reaction_grid.addWidget(support, k, 1)
            self.reaction_grid.addWidget(num, k, 2)
            self.reaction_rows[c.id] = (name, support, num)
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
                opt = issue.options[k]
                desc = words.text(
                    self.scenario, f"issues.{issue.id}.options.{opt.id}.description", opt.description
                )
                self.chosen_words[issue.id].setText(" ".join(desc.split()))
        self.preview_count += 1
        complete = len(pkg) == len(self.scenario.issues)
        if complete:
            x = self.layout_.encode(tuple(pkg.items()))
            pts = self.own.score_one(x)
            self.own_bar.set_value(pts, self.walk_away, tr("builder.your-points"))
            margin = pts - self.walk_away
            self.own_words.setText(
                tr(
                    "builder.worth.above" if margin >= 0 else "builder.worth.below",
                    points=f"{pts:.1f}",
                    margin=f"{abs(margin):.1f}",
                    walk=f"{self.walk_away:.0f}",
                )
            )
        else:
            self.own_bar.set_value(None, self.walk_away, tr("builder.your-points.partial"))
            self.own_words.setText(tr("builder.partial.none"))
        self.own_words.setToolTip(tr("builder.points.tip"))
        crossed = [
            f"{issue_title(self.scenario, i)}: {why}"
            for i, o in pkg.items()
            if o in self.red_lines.get(i, (set(), ""))[0]
            for why in [self.red_lines[i][1]]
        ]
        self.red_words.setText(tr("builder.crosses", lines=" · ".join(crossed)) if crossed else "")
        for est in self.others:
            est_pts = est.points(self.layout_, pkg)
            who = delegation_title(self.scenario, est.delegation)
            seen = tr("builder.seen", n=est.offers_seen) if est.offers_seen else tr("builder.seen.none")
            self.other_bars[est.delegation].set_value(
                est_pts, None, tr("builder.estimate", who=who, seen=seen), uncertain=True
            )
        cls = classify(self.scenario, pkg)
        reasons = "; ".join(cls.reasons.get(cls.paradigm, [])[:4])
        self.paradigm.setText(tr("builder.paradigm", label=tr(f"paradigm.{cls.paradigm}")))
        self.paradigm.setToolTip(
            tr(
                "builder.paradigm.tip",
                reasons=reasons or tr("builder.paradigm.none"),
                votes=", ".join(f"{tr('paradigm.' + k)} {v:g}" for k, v in cls.votes.items() if v),
            )
        )
        self.package_did_change.emit(pkg)
        self.reaction_status.setText(tr("builder.updating"))
        publics, view = self.publics, self.view
        self.runner.request(
            lambda: compute_reaction(publics, view, pkg), self._show_reaction, self._reaction_failed
        )

    def _reaction_failed(self, exc: BaseException) -> None:
        self.reaction_status.setText(tr("builder.reaction.failed", problem=f"{type(exc).__name__}: {exc}"))

    def _show_reaction(self, reaction: Reaction) -> None:
        self.reaction = reaction
        rows = {r.group: r for r in reaction.rows}
        for cid, (_name, bar, num) in self.reaction_rows.items():
            row = rows.get(cid)
            bar.row = row
            if row is not None:
                from negotiator.ui.table.publics import support_tooltip

                bar.setToolTip(support_tooltip(row))
                num.setText(words.iso(f"{row.support:.0f}%"))
                num.setToolTip(support_tooltip(row))
            bar.update()
        self.reaction_status.setText(tr("builder.reaction.now"))
        said, tip = ratification_words(self.scenario, self.view.seat, reaction.ratify)
        self.ratify_words.setText(said)
        self.ratify_words.setToolTip(tip)

    def _on_accept(self) -> None:
        pkg = self.package()
        if not pkg:
            self.red_words.setText(tr("builder.tick"))
            return
        self.accept()

    def group_titles(self) -> list[str]:
        return [group_title(self.scenario, c.id) for c in self.scenario.constituencies]

    def reaction_texts(self) -> dict[str, Any]:
        return {cid: num.text() for cid, (_n, _b, num) in self.reaction_rows.items()}
