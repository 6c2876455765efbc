"""The text on the table: the one package the talks revolve around at any moment.

One definition for everyone who asks: the rules poll the publics on it at the end of each round and pull their mood
toward it; the window shows it on the issue board, the map and the news; a seat's view and the full state answer the
same way because both carry the proposals and the agreed text's id.

The agreed text once there is one (from then on it is what is signed and ratified); before that the newest full
proposal still open; else the newest full proposal tabled (rejected texts stay the reference until a new one comes).
Partial proposals are never the text on the table: they settle issues, they are not a text the publics can judge.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Protocol, TypeVar


class Tabled(Protocol):
    """What the definition reads of a proposal (a state's :class:`~negotiator.game.state.Proposal` or a view's
    :class:`~negotiator.game.views.ProposalView`)."""

    @property
    def id(self) -> str: ...

    @property
    def partial(self) -> bool: ...

    @property
    def status(self) -> str: ...


P = TypeVar("P", bound=Tabled)


def text_on_table(proposals: Sequence[P], agreed: str = "") -> P | None:
    """The text on the table among ``proposals`` (in the order tabled), ``agreed`` being the agreed text's id or
    ``""`` (see the module docstring)."""
    if agreed:
        found = next((p for p in proposals if p.id == agreed), None)
        if found is not None:
            return found
    full = [p for p in proposals if not p.partial]
    open_full = [p for p in full if p.status == "open"]
    if open_full:
        return open_full[-1]
    return full[-1] if full else None
