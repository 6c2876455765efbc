"""The public scenario: what every seat, spectator and remote window may hold of a scenario.

Issues and options, the public brief of each delegation, the publics (constituencies: simulated populations whose
polls everyone sees), events, reference packages, sources and the rules. It has no field for a delegation's points,
priorities, walk-away value, confidential brief, red lines, interactions or means: a window holding it cannot show
another seat's secrets by accident, and code that tries fails at once (``AttributeError``; mypy flags it before).
A seat's own confidential material reaches it only through its own view (``negotiator.game.views.SeatView.own``).

It is a pydantic model like the scenario, so a host can send it over the wire as JSON and a client can validate it.
"""

from __future__ import annotations

from typing import Literal

from negotiator.model.schema import (
    Constituency,
    Event,
    Issue,
    Meta,
    PollItem,
    Questionnaire,
    ReferencePackage,
    Rules,
    Scenario,
    ScenarioLookups,
    Source,
    Strict,
)


class PublicDelegation(Strict):
    """What everyone knows about a delegation."""

    id: str
    title: str
    office: str
    role: Literal["principal", "mediator", "third-party"]
    brief: str
    """The public brief (the confidential one is only in the delegation's own view)."""


class PublicScenario(ScenarioLookups, Strict):
    """A scenario without any delegation's confidential material (see the module docstring)."""

    scenario: Meta
    rules: Rules
    issues: list[Issue]
    delegations: list[PublicDelegation]
    constituencies: list[Constituency]
    events: list[Event]
    packages: list[ReferencePackage]
    sources: list[Source]
    poll_items: list[PollItem]
    questionnaire: Questionnaire | None = None
    """The learning questionnaire (its questions are public: every student answers them)."""

    @classmethod
    def of(cls, scenario: Scenario) -> PublicScenario:
        return cls(
            scenario=scenario.scenario,
            rules=scenario.rules,
            issues=list(scenario.issues),
            delegations=[
                PublicDelegation(id=d.id, title=d.title, office=d.office, role=d.role, brief=d.brief)
                for d in scenario.delegations
            ],
            constituencies=list(scenario.constituencies),
            events=list(scenario.events),
            packages=list(scenario.packages),
            sources=list(scenario.sources),
            poll_items=list(scenario.poll_items),
            questionnaire=scenario.questionnaire,
        )

    # --- the same read-only lookups as Scenario ---
    def delegation(self, delegation_id: str) -> PublicDelegation:
        for d in self.delegations:
            if d.id == delegation_id:
                return d
        raise KeyError(delegation_id)

    @property
    def principals(self) -> list[PublicDelegation]:
        return [d for d in self.delegations if d.role == "principal"]
