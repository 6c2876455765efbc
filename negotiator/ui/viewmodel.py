"""Plain-Python readings of a seat's view for the widgets: the issue board's rows, the log's sentences.

Poll trends live in :mod:`negotiator.ui.publics_model` (they compare polls on the same text only).

No Qt here, so every rule about what the screen says (when an issue counts as agreed or blocked, how a move is worded)
is testable on its own.
"""

from __future__ import annotations

from dataclasses import dataclass

from negotiator.game.sentences import OUTCOMES, entry_message, outcome_message
from negotiator.game.table import text_on_table
from negotiator.game.views import ProposalView, SeatView
from negotiator.model.names import ScenarioNames
from negotiator.model.public import PublicScenario
from negotiator.model.schema import Scenario
from negotiator.text import Message, delegation, render
from negotiator.text import issue as issue_ref
from negotiator.text import option as option_ref
from negotiator.ui import words


@dataclass(frozen=True)
class IssueRow:
    issue_id: str
    title: str
    on_table: str
    on_table_id: str | None
    mine: str
    mine_id: str | None
    theirs: str
    theirs_id: str | None
    state: str  # agreed | open | blocked
    why: str


def option_title(scenario: Scenario | PublicScenario, issue_id: str, option_id: str | None) -> str:
    """The option's title in the window's language."""
    if option_id is None:
        return "—"
    return words.name(scenario, option_ref(issue_id, option_id))


def issue_title(scenario: Scenario | PublicScenario, issue_id: str) -> str:
    return words.name(scenario, issue_ref(issue_id))


def delegation_title(scenario: Scenario | PublicScenario, seat: str) -> str:
    if not seat:
        return "—"
    return words.name(scenario, delegation(seat))


def current_text(view: SeatView) -> ProposalView | None:
    """The text on the table as this seat sees it: the game's one definition (:func:`negotiator.game.table.text_on_table`)."""
    return text_on_table(view.proposals, view.agreed)


def last_by(view: SeatView, seats: set[str]) -> ProposalView | None:
    for p in reversed(view.proposals):
        if p.by in seats:
            return p
    return None


def answerable(view: SeatView) -> list[ProposalView]:
    """Open proposals this seat may accept, reject or counter now."""
    if not view.my_turn or "accept" not in view.legal:
        return []
    return [
        p
        for p in view.proposals
        if p.status == "open"
        and p.by != view.seat
        and view.seat not in p.accepted_by
        and all(s != view.seat for s, _ in p.rejected_by)
    ]


def issue_rows(scenario: Scenario | PublicScenario, view: SeatView) -> list[IssueRow]:
    text = current_text(view)
    text_pkg = dict(text.package) if text else {}
    provisional = dict(view.provisional)
    mine = last_by(view, {view.seat})
    others = {d.id for d in view.delegations if d.id != view.seat}
    theirs = last_by(view, others)
    blocked: dict[str, str] = {}
    for p in view.proposals[-4:]:
        for seat, reasons in p.rejected_by:
            for r in reasons:
                blocked[r] = words.tr("board.why.blocked", who=delegation_title(scenario, seat), ref=p.id)
    rows = []
    for issue in scenario.issues:
        on_id = provisional.get(issue.id) or text_pkg.get(issue.id)
        mine_id = dict(mine.package).get(issue.id) if mine else None
        theirs_id = dict(theirs.package).get(issue.id) if theirs else None
        if view.agreed or issue.id in provisional:
            state, why = "agreed", words.tr("board.why.settled")
        elif mine_id is not None and theirs_id is not None and mine_id == theirs_id:
            state, why = "agreed", words.tr("board.why.same")
        elif issue.id in blocked:
            state, why = "blocked", blocked[issue.id]
        else:
            state, why = "open", words.tr("board.why.open")
        rows.append(
            IssueRow(
                issue.id,
                issue_title(scenario, issue.id),
                option_title(scenario, issue.id, on_id),
                on_id,
                option_title(scenario, issue.id, mine_id),
                mine_id,
                option_title(scenario, issue.id, theirs_id),
                theirs_id,
                state,
                why,
            )
        )
    return rows


def entry_sentence(
    scenario: Scenario | PublicScenario,
    kind: str,
    seat: str,
    ref: str,
    reason: str | Message,
    lang: str | None = None,
) -> str:
    """One line of the record in ``lang`` (default: the window's; the words and their order are the catalogue's:
    ``log.*``)."""
    if lang is None:
        return words.say(entry_message(kind, seat, ref, reason), ScenarioNames(scenario))
    return render(entry_message(kind, seat, ref, reason), lang, ScenarioNames(scenario))


OUTCOME_WORDS = {result: render(outcome_message(result)) for result in OUTCOMES}


def package_summary(scenario: Scenario | PublicScenario, package: tuple[tuple[str, str], ...]) -> str:
    return "; ".join(f"{issue_title(scenario, i)}: {option_title(scenario, i, o)}" for i, o in package)
