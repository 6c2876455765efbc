"""AI delegations and mediators: bots that read a seat's view and return a command with a plain-language reason.

``make_bot(persona, seat, scenario, seed)`` builds one. Personas: ``hard-liner``, ``pragmatist``, ``conciliator``,
``reciprocator`` (delegations; see :mod:`negotiator.ai.personas`) and ``mediator`` (a third party's single negotiating
text). A third party that is neither a signatory nor the mediator becomes a supporter whatever its persona. Bots read
views only; from the scenario they use the public parts (titles, constituencies, rules, reference packages).
"""

from __future__ import annotations

from typing import Protocol

from negotiator.ai.delegation import DelegationBot
from negotiator.ai.mediator import MediatorBot
from negotiator.ai.personas import PERSONAS, Persona
from negotiator.ai.supporter import SupporterBot
from negotiator.game.commands import Command
from negotiator.game.errors import SetupError
from negotiator.game.runtime import ScenarioRuntime
from negotiator.game.views import SeatView
from negotiator.model.errors import Problem
from negotiator.model.schema import Scenario


class Bot(Protocol):
    """Anything that can play a seat: a view in, a command out."""

    seat: str

    def choose(self, view: SeatView) -> Command: ...


def make_bot(
    persona: str, seat: str, scenario: Scenario, seed: int, runtime: ScenarioRuntime | None = None
) -> Bot:
    """A bot for ``seat`` with ``persona``; raises SetupError for an unknown persona or delegation. ``runtime`` is
    the game's (:attr:`GameState.ctx.runtime <negotiator.game.state.Context.runtime>`): pass it so the bots share
    the game's simulated publics and forecaster instead of building their own."""
    try:
        delegation = scenario.delegation(seat)
    except KeyError:
        raise SetupError(
            [Problem("setup", "seat", f"no delegation {seat!r}", "use a delegation of the scenario")]
        ) from None
    signatory = seat in scenario.rules.signatories
    if persona == "mediator" or (delegation.role == "mediator" and persona not in PERSONAS):
        return MediatorBot(seat, scenario, seed, runtime)
    if persona not in PERSONAS:
        known = ", ".join([*PERSONAS, "mediator"])
        raise SetupError([Problem("setup", "persona", f"unknown persona {persona!r}", f"use one of {known}")])
    if not signatory and delegation.role != "principal":
        return SupporterBot(seat, scenario, seed)
    return DelegationBot(PERSONAS[persona], seat, scenario, seed, runtime)


__all__ = ["PERSONAS", "Bot", "DelegationBot", "MediatorBot", "Persona", "SupporterBot", "make_bot"]
