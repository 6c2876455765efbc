"""Plain-language reasons for bot moves, as messages: an id and refs to public titles, never a confidential number.

Every bot command carries one reason a player can read ("We can accept an open city if security is joint."). It is
stored as a :class:`~negotiator.text.Message` and rendered in each reader's language when shown, so the command log,
the state hash and a saved game are the same whatever language anyone plays in. The words are in the catalogues
(``assets/locale/*.po``, ids ``bot.*``).
"""

from __future__ import annotations

from negotiator.game.statements import statement as statement_text
from negotiator.text import Message, delegation, issue, option

Pair = tuple[str, str]


def said(message_id: str) -> Message:
    """A fixed sentence (no arguments)."""
    return Message(message_id)


def trade(give: Pair | None, hold: Pair | None) -> Message:
    """Name a trade: what our text gives on one issue, for what it holds on the one we value most."""
    if give and hold:
        return Message.of(
            "bot.trade.give-and-hold",
            give_issue=issue(give[0]),
            give_option=option(*give),
            hold_issue=issue(hold[0]),
            hold_option=option(*hold),
        )
    if hold:
        return Message.of("bot.trade.hold", issue=issue(hold[0]), option=option(*hold))
    return Message("bot.trade.open")


def objection(issue_id: str, option_id: str) -> Message:
    return Message.of("bot.objection", issue=issue(issue_id), option=option(issue_id, option_id))


def acceptance(issue_id: str | None, option_id: str | None, late: bool) -> Message:
    if issue_id and option_id:
        return Message.of(
            "bot.accept.gives-late" if late else "bot.accept.gives",
            issue=issue(issue_id),
            option=option(issue_id, option_id),
        )
    return Message("bot.accept.needs-late" if late else "bot.accept.needs")


def ask_mediator(issue_id: str) -> Message:
    return Message.of("bot.delegation.ask-mediator", issue=issue(issue_id))


def pledge(message_id: str, beneficiary: str) -> Message:
    return Message.of(message_id, delegation=delegation(beneficiary))


def mediator_text(hardest: Pair | None) -> Message:
    if hardest is None:
        return Message("bot.mediator.text")
    return Message.of("bot.mediator.text-hardest", issue=issue(hardest[0]), option=option(*hardest))


def statement(text_id: str) -> Message:
    """A bot's public statement gives the statement itself as its reason."""
    return statement_text(text_id).message
