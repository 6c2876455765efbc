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
from negotiator.text import Message, render


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


def option_title(scenario: Scenario, issue_id: str, option_id: str | None) -> str:
    if option_id is None:
        return "—"
    issue = scenario.issue(issue_id)
    return next((o.title for o in issue.options if o.id == option_id), option_id)


def delegation_title(scenario: Scenario, seat: str) -> str:
    try:
        return scenario.delegation(seat).title
    except KeyError:
        return seat or "—"


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


def issue_rows(scenario: Scenario, view: SeatView) -> list[IssueRow]:
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
                blocked[r] = f"{delegation_title(scenario, seat)} objected to it when rejecting {p.id}"
    rows = []
    for issue in scenario.issues:
        on_id = provisional.get(issue.id) or text_pkg.get(issue.id)
        mine_id = dict(mine.package).get(issue.id) if mine else None
        theirs_id = dict(theirs.package).get(issue.id) if theirs else None
        if view.agreed or issue.id in provisional:
            state, why = "agreed", "settled: every signatory accepted it"
        elif mine_id is not None and theirs_id is not None and mine_id == theirs_id:
            state, why = (
                "agreed",
                "both your last offer and theirs say the same (not yet accepted as a package)",
            )
        elif issue.id in blocked:
            state, why = "blocked", blocked[issue.id]
        else:
            state, why = "open", "still being negotiated"
        rows.append(
            IssueRow(
                issue.id,
                issue.title,
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
    lang: str = "en",
) -> str:
    """One line of the record in ``lang`` (the words and their order are the catalogue's: ``log.*``)."""
    return render(entry_message(kind, seat, ref, reason), lang, ScenarioNames(scenario))


OUTCOME_WORDS = {result: render(outcome_message(result)) for result in OUTCOMES}


def package_summary(scenario: Scenario, package: tuple[tuple[str, str], ...]) -> str:
    return "; ".join(f"{scenario.issue(i).title}: {option_title(scenario, i, o)}" for i, o in package)
