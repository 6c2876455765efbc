"""Change notices: what one applied command changed, so a UI refreshes only that (Anki's OpChanges).

Kinds are named ``noun_did_verb``: ``proposal_did_table``, ``proposal_did_accept``, ``proposal_did_reject``,
``provisional_did_agree``, ``agreement_did_reach``, ``statement_did_make``, ``side_terms_did_offer``,
``mediator_did_get_asked``, ``message_did_send``, ``seat_did_walk_out``, ``turn_did_end``, ``round_did_end``,
``event_did_occur``, ``poll_did_update``, ``phase_did_change``, ``signature_did_add``, ``ratification_did_conclude``,
``outcome_did_settle``. A notice with an ``audience`` concerns only those seats (a private message); a UI showing one
seat should drop notices whose audience does not include it.
"""

from __future__ import annotations

from dataclasses import dataclass

EVENT_KINDS: tuple[str, ...] = (
    "proposal_did_table",
    "proposal_did_accept",
    "proposal_did_reject",
    "provisional_did_agree",
    "agreement_did_reach",
    "statement_did_make",
    "side_terms_did_offer",
    "mediator_did_get_asked",
    "message_did_send",
    "seat_did_walk_out",
    "turn_did_end",
    "round_did_end",
    "event_did_occur",
    "poll_did_update",
    "phase_did_change",
    "signature_did_add",
    "ratification_did_conclude",
    "outcome_did_settle",
)


@dataclass(frozen=True, slots=True)
class GameEvent:
    """One change: its kind, the seat that caused it (if any), and the id it concerns (proposal, event, phase...)."""

    kind: str
    seat: str = ""
    ref: str = ""
    audience: tuple[str, ...] = ()

    def visible_to(self, seat: str) -> bool:
        return not self.audience or seat in self.audience
