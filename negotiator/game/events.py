"""Game events: what one applied command made happen, as facts of the game (a proposal was tabled, a poll came in).

They are not the change descriptor: the session turns a change into a notice per observer
(``negotiator.session.notices``), with only the events that observer may see.

Kinds are named ``noun_did_verb``: ``proposal_did_table``, ``proposal_did_accept``, ``proposal_did_reject``,
``provisional_did_agree``, ``agreement_did_reach``, ``statement_did_make``, ``side_terms_did_offer``,
``mediator_did_get_asked``, ``message_did_send``, ``seat_did_walk_out``, ``turn_did_end``, ``round_did_end``,
``event_did_occur``, ``poll_did_update``, ``phase_did_change``, ``signature_did_add``, ``ratification_did_conclude``,
``outcome_did_settle``, ``trainer_did_intervene`` (ref: the intervention's command type). An event with an ``audience`` concerns only those seats (a private message); the session
delivers it to no other seat (``visible_to``).
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
    "trainer_did_intervene",
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
