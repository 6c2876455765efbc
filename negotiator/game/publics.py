"""The game's window on public opinion: polls each round, reactions to events and statements, ratification.

This is a thin adapter. The public-reaction layer (:class:`negotiator.engine.opinion.PublicOpinion`: calibrated
populations, dynamics, polls, Knesset vote, referendum) does the modelling; this module turns its answers into the
small frozen records the game state keeps (:class:`PollRow`, :class:`VoteResult`), and the state keeps that layer's
own small, hashable :class:`~negotiator.engine.opinion.OpinionState` so a replay folds to the same publics.

Everything here is a function of public data (the scenario's constituencies and events, public statements and
packages); no delegation's confidential points are read, which keeps the views' confidentiality proof simple.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, replace

import numpy as np

from negotiator.engine.opinion import DEFAULT_SIZE, OpinionState, PublicOpinion
from negotiator.engine.opinion.polls import DEFAULT_SAMPLE
from negotiator.game.statements import StatementText
from negotiator.model.public import PublicScenario
from negotiator.model.schema import Event, Scenario

POPULATION_SEED = 0
"""The simulated people are the same in every game of a scenario (drawn once from this seed, as calibrated); what
varies between seeded games is the news, the polls' sampling and the votes' uncertainty."""


def opening_opinion(scenario: Scenario | PublicScenario) -> PublicOpinion:
    """The scenario's simulated people at the talks' opening: the same people for every game of the scenario, drawn
    from its public data only (a game's runtime holds them; a window holding the public scenario draws the same)."""
    return PublicOpinion.create(scenario, seed=POPULATION_SEED, size=DEFAULT_SIZE)


@dataclass(frozen=True, slots=True)
class PollRow:
    """Support, oppose and undecided in percent for a constituency or group, with the 90% interval of support."""

    group: str
    support: float
    oppose: float
    undecided: float
    low: float
    high: float


@dataclass(frozen=True, slots=True)
class VoteResult:
    """The result of one side's ratification: a Knesset vote, a referendum, or none needed."""

    delegation: str
    kind: str
    passed: bool
    share_for: float
    """Seats for (Knesset) or votes for among those cast (referendum), at the opinion model's point estimate."""
    probability: float
    """Probability the vote passes, given the publics' support and its uncertainty."""
    detail: tuple[tuple[str, float], ...] = ()


def _r(x: float) -> float:
    """Rounded so tiny float differences between machines never change a stored record or a later decision."""
    return round(float(x), 6) + 0.0


class Publics:
    """Opinion answers for one scenario's simulated people (a game's runtime holds one: ``runtime.publics``)."""

    def __init__(self, opinion: PublicOpinion) -> None:
        scenario = opinion.scenario
        self.scenario = scenario
        self._base = opinion
        self._answering: dict[str, tuple[str, ...]] = {}
        for c in scenario.constituencies:
            self._answering[c.answers_to] = (*self._answering.get(c.answers_to, ()), c.id)
        self._votes = {r.delegation for r in scenario.rules.ratification if r.kind != "none"}

    @classmethod
    def opening(cls, scenario: Scenario | PublicScenario) -> Publics:
        """Publics on :func:`opening_opinion`'s people, for a panel shown a scenario without its game (a test, a
        preview); a game's own come from its runtime (``runtime.publics``)."""
        return cls(opening_opinion(scenario))

    def in_public(self, public: PublicScenario) -> Publics:
        """The same simulated people holding only the public scenario: what a window may hold."""
        return Publics(replace(self._base, scenario=public))

    @property
    def opinion(self) -> PublicOpinion:
        """The simulated people at the talks' opening."""
        return self._base

    def _at(self, state: OpinionState) -> PublicOpinion:
        return self._base.with_state(state)

    # ------------------------------------------------------------------ dynamics
    def initial(self) -> OpinionState:
        return self._base.state

    def after_event(self, state: OpinionState, event: Event) -> OpinionState:
        return self._at(state).apply_event(event).state

    def after_statement(self, state: OpinionState, speaker: str, text: StatementText) -> OpinionState:
        return self._at(state).apply_statement(speaker, text).state

    def after_guarantee(self, state: OpinionState, beneficiary: str, points: float) -> OpinionState:
        """A third party's guarantee or payment reassures the beneficiary's publics a little (design choice)."""
        op = self._at(state)
        bump = min(points, 10.0) * 0.002
        for cid in self._answering.get(beneficiary, ()):
            op = op.apply_shift(cid, mood=bump, trust_other=bump)
        return op.state

    def after_round(
        self, state: OpinionState, package: Mapping[str, str] | None = None, proposer: str | None = None
    ) -> OpinionState:
        # the poll of this round asked for the same reactions (the opinion layer remembers them)
        return self._at(state).step_round(package, proposer).state

    # ------------------------------------------------------------------ polls
    def poll(
        self,
        state: OpinionState,
        package: Mapping[str, str],
        proposer: str | None = None,
        rng: np.random.Generator | None = None,
    ) -> tuple[PollRow, ...]:
        """Every constituency and aggregate, sorted by id; percentages with the 90% interval of support."""
        poll = self._at(state).poll(package, proposer, DEFAULT_SAMPLE, rng)
        return tuple(
            PollRow(
                gid,
                _r(line.support),
                _r(line.oppose),
                _r(line.undecided),
                _r(line.interval90[0]),
                _r(line.interval90[1]),
            )
            for gid, line in sorted(poll.lines.items())
        )

    # ------------------------------------------------------------------ ratification
    def ratify(
        self, state: OpinionState, package: Mapping[str, str], rng: np.random.Generator
    ) -> tuple[VoteResult, ...]:
        """Each side's vote on a signed package: it passes with the probability the opinion layer gives it."""
        result = self._at(state).ratify(package, rng=np.random.default_rng(int(rng.integers(2**62))))
        out = []
        for v in result.votes:
            passed = bool(rng.random() < v.probability)
            detail: list[tuple[str, float]] = []
            if v.turnout is not None:
                detail.append(("turnout", _r(v.turnout)))
            if v.coalition_holds is not None:
                detail.append(("coalition_holds", 1.0 if v.coalition_holds else 0.0))
            detail.extend((p.id, _r(p.probability_for)) for p in v.parties)
            out.append(
                VoteResult(v.delegation, v.kind, passed, _r(v.share_for), _r(v.probability), tuple(detail))
            )
        return tuple(out)

    def predicted_pass(
        self, state: OpinionState, package: Mapping[str, str], delegation: str, draws: int = 400
    ) -> float:
        """Probability that ``delegation``'s side ratifies ``package`` (1.0 when it needs no vote)."""
        if delegation not in self._votes:
            return 1.0
        return float(self._at(state).ratify(package, draws=draws).vote(delegation).probability)
