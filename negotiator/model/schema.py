"""The scenario file format, as pydantic models.

A scenario is a TOML file a trainer can read and edit (see ``assets/scenarios/README.md`` for the format guide).
These models check every field's type and range and forbid unknown keys; :mod:`negotiator.model.checks` then checks
what one field cannot see alone (ids that must exist, schedules that must cover every option, duplicates).

Conventions:
- ids are lowercase words joined by ``-`` or ``_`` and are stable API: saves and classroom materials use them.
- points are on a 0-100 scale; priorities are relative weights (normalised when compiled).
- every number that stands for the real world names a source id from ``[[sources]]``; every number that is a design
  choice is covered by the scenario's ``design_notes``.
"""

from __future__ import annotations

from collections.abc import Mapping
from functools import cached_property
from typing import TYPE_CHECKING, Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, StringConstraints

if TYPE_CHECKING:
    from negotiator.model.localise import ScenarioTranslations

Id = Annotated[
    str, StringConstraints(pattern=r"^[a-z][a-z0-9]*([-_][a-z0-9]+)*$", min_length=1, max_length=64)
]
Text = Annotated[str, StringConstraints(min_length=1, max_length=20_000)]
ShortText = Annotated[str, StringConstraints(min_length=1, max_length=200)]
Points = Annotated[float, Field(ge=0.0, le=100.0)]
Weight = Annotated[float, Field(ge=0.0, le=100.0)]
Unit = Annotated[float, Field(ge=0.0, le=1.0)]
Signed = Annotated[float, Field(ge=-1.0, le=1.0)]

PARADIGMS: tuple[str, ...] = (
    "status-quo",
    "separation",
    "confederation",
    "one-state-equal",
    "one-state-unequal",
)
Month = Annotated[str, StringConstraints(pattern=r"^(19|20)[0-9]{2}-(0[1-9]|1[0-2])$")]
Year = Annotated[int, Field(ge=1900, le=2100)]
"""A year and month, ``YYYY-MM`` (the date of a poll's fieldwork, or of a scenario's setting)."""
Paradigm = Literal["status-quo", "separation", "confederation", "one-state-equal", "one-state-unequal"]


class Strict(BaseModel):
    """Base for every scenario model: unknown keys are errors, no silent type coercion."""

    model_config = ConfigDict(extra="forbid", strict=True, frozen=True)


class Source(Strict):
    """A published source that real-world numbers in the scenario point to."""

    id: Id
    title: ShortText
    publisher: ShortText
    year: Annotated[int, Field(ge=1900, le=2100)]
    url: ShortText | None = None
    note: Text | None = None


class Option(Strict):
    """One way an issue can be settled."""

    id: Id
    title: ShortText
    description: Text
    tags: list[Id] = Field(default_factory=list)
    excludes: list[Paradigm] = Field(default_factory=list)
    """Paradigms a package holding this option can never amount to, however the other issues vote (one land with no
    national vote for Palestinians is never "separation")."""


class Issue(Strict):
    """A question a package must settle, with 3 to 6 options."""

    id: Id
    title: ShortText
    description: Text
    options: Annotated[list[Option], Field(min_length=3, max_length=6)]
    paradigm_weight: Annotated[float, Field(ge=0.0, le=10.0)] = 0.0
    """How strongly this issue's option decides which paradigm a package amounts to (0: not at all)."""


class RedLine(Strict):
    """Options a delegation will not sign, with the reason it gives."""

    issue: Id
    options: Annotated[list[Id], Field(min_length=1)]
    why: Text
    says: ShortText | None = None
    """The words of the delegation's brief or confidential brief this red line stands for. Every sentence of a brief
    that says "cannot" must contain the ``says`` of one of the delegation's red lines, so brief and red lines cannot
    drift apart (checked on load)."""


PersonaName = Literal["hard-liner", "pragmatist", "conciliator", "reciprocator", "mediator"]


class Overlay(Strict):
    """How a persona's values differ from the brief's: a hard-liner's red lines differ from a pragmatist's. The AI
    playing this delegation with ``persona`` adds ``points`` (per option, the result kept within 0-100) to the brief's
    schedule, refuses ``red_lines`` on top of the brief's own (which hold for every persona), and moves its walk-away
    value by ``reservation_shift``. Scoring, the debrief and human players keep the brief's numbers."""

    persona: PersonaName
    why: Text
    points: dict[Id, dict[Id, Annotated[float, Field(ge=-100.0, le=100.0)]]] = Field(default_factory=dict)
    red_lines: list[RedLine] = Field(default_factory=list)
    reservation_shift: Annotated[float, Field(ge=-30.0, le=30.0)] = 0.0


class Coherence(Strict):
    """Clauses of two issues that contradict each other (a refugee quota "matching settlers who stay" with every
    settler evacuated): no AI drafts, tables or accepts a package that holds both, and ``negotiator score`` flags it."""

    when: Annotated[dict[Id, Annotated[list[Id], Field(min_length=1)]], Field(min_length=2, max_length=2)]
    why: Text


class Interaction(Strict):
    """Two options that together are worth more (or less) to a delegation than the sum of their points."""

    when: Annotated[dict[Id, Id], Field(min_length=2, max_length=2)]
    points: Annotated[float, Field(ge=-50.0, le=50.0)]
    why: Text


class Delegation(Strict):
    """A negotiating party: its public and confidential briefs and its confidential point schedule."""

    id: Id
    title: ShortText
    office: ShortText
    role: Literal["principal", "mediator", "third-party"]
    brief: Text
    confidential_brief: Text
    priorities: dict[Id, Weight]
    points: dict[Id, dict[Id, Points]]
    reservation_value: Points
    """Walk-away value: a package worth less than this (after interactions) is worse than no deal."""
    red_lines: list[RedLine] = Field(default_factory=list)
    interactions: list[Interaction] = Field(default_factory=list)
    default_persona: PersonaName = "pragmatist"
    means: list[Text] = Field(default_factory=list)
    """What a third party can offer (guarantees, funds, forces); empty for principals."""
    overlays: list[Overlay] = Field(default_factory=list)
    """Per-persona values for the AI (at most one per persona)."""

    def overlay(self, persona: str) -> Overlay | None:
        return next((o for o in self.overlays if o.persona == persona), None)

    def as_played_by(self, persona: str) -> Delegation:
        """This delegation with ``persona``'s overlay applied (points moved and kept within 0-100, red lines added,
        walk-away shifted): the values an AI with that persona bargains with. Unchanged when there is no overlay."""
        ov = self.overlay(persona)
        if ov is None:
            return self
        points = {
            issue: {o: min(max(v + ov.points.get(issue, {}).get(o, 0.0), 0.0), 100.0) for o, v in row.items()}
            for issue, row in self.points.items()
        }
        return self.model_copy(
            update={
                "points": points,
                "red_lines": [*self.red_lines, *ov.red_lines],
                "reservation_value": min(max(self.reservation_value + ov.reservation_shift, 0.0), 100.0),
            }
        )


class Sacred(Strict):
    """Options some people hold taboo: no material gain buys them off, symbolic gestures can soften them."""

    issue: Id
    options: Annotated[list[Id], Field(min_length=1)]
    share: Unit
    """Share of the constituency for whom these options are taboo."""
    softened_by: list[Annotated[str, StringConstraints(pattern=r"^[a-z0-9_-]+\.[a-z0-9_-]+$")]] = Field(
        default_factory=list
    )
    """``issue.option`` gestures (recognition, acknowledgement) that soften the taboo."""
    softening: Unit = 0.5
    """How far each gesture in ``softened_by`` turns the taboo back into an ordinary trade-off (0: not at all)."""
    compensation: list[Id] = Field(default_factory=list)
    """Issues whose material gains, offered in exchange for this taboo, backfire instead of buying it off."""


class Opinion(Strict):
    """Parameters of how a constituency judges packages; fitted by ``negotiator calibrate`` where polls allow."""

    trust_own: Unit
    trust_other: Unit
    loss_aversion: Annotated[float, Field(ge=1.0, le=5.0)]
    devaluation: Unit
    """How much an offer loses when it comes from the other side (reactive devaluation)."""
    spread: Annotated[float, Field(gt=0.0, le=5.0)]
    """How widely individual preferences scatter around the constituency's parameters."""
    undecided_band: Annotated[float, Field(ge=0.0, le=1.0)]
    """Half-width of the utility band around zero in which a person answers 'undecided'."""
    bias: Annotated[float, Field(ge=-5.0, le=5.0)] = 0.0
    """General disposition toward any agreement, beyond its parts (fitted)."""
    dovishness: Annotated[float, Field(ge=-3.0, le=3.0)] = 0.0
    """Where the public stands on average between hawks (negative) and doves (positive), in SDs of its members: doves
    warm to what the other side can accept, hawks to what it cannot."""
    paradigms: dict[Paradigm, Annotated[float, Field(ge=-5.0, le=5.0)]] = Field(default_factory=dict)
    """Extra disposition toward a package that amounts to this paradigm, beyond its terms (fitted; absent: 0)."""
    hawk_paradigms: dict[Paradigm, Annotated[float, Field(ge=-3.0, le=3.0)]] = Field(default_factory=dict)
    """How far a person's hawk-dove position bends their value of each term that makes a package amount to this
    paradigm (per unit of ``spread``, as the bend toward or away from what the other side welcomes): positive for
    a side's maximal aims, which its hawks value more and its doves less (absent: 0). A term's share of a paradigm
    is its share of the paradigm tags it carries."""
    incentives: dict[
        Annotated[str, StringConstraints(pattern=r"^[a-z0-9_-]+\.[a-z0-9_-]+$")],
        Annotated[float, Field(ge=0.0, le=3.0)],
    ] = Field(default_factory=dict)
    """``issue.option`` -> salience: an addition heard as the news of a package (regional peace, prisoners or hostages
    home, recognition) weighs this much beyond its priority in each person's judgement, so it wins over opponents
    who value it (conditional acceptance, as the joint polls' incentive questions found)."""
    periods: dict[Month, Annotated[float, Field(ge=-3.0, le=3.0)]] = Field(default_factory=dict)
    """Mood of later survey waves against the fit window's electorate (``YYYY-MM`` of a wave -> shift of the
    disposition toward an agreement, fitted on that wave's rows): the public at a date is the public of the latest
    wave on or before it (none before the first: the fitted electorate as it stands)."""


class Constituency(Strict):
    """A public that reacts to every public move and votes at ratification."""

    id: Id
    title: ShortText
    description: Text
    population: Annotated[int, Field(gt=0, le=20_000_000)]
    population_source: Id
    answers_to: Id
    groups: list[Id] = Field(default_factory=list)
    """Aggregates this constituency belongs to in polls (``israeli_jews``, ``palestinians``, ...)."""
    votes_in: Literal["knesset", "referendum", "none"]
    opinion: Opinion
    priorities: dict[Id, Weight]
    preferences: dict[Id, dict[Id, Signed]]
    """Per issue and option: how the constituency values it relative to today's situation (-1 to 1)."""
    sacred: list[Sacred] = Field(default_factory=list)
    calibration_note: Text | None = None


class Party(Strict):
    """A parliamentary bloc whose members follow their voters at ratification."""

    id: Id
    title: ShortText
    seats: Annotated[int, Field(ge=0, le=120)]
    in_coalition: bool
    voters: dict[Id, Unit]
    """Share of the bloc's voters drawn from each constituency (sums to 1)."""
    breakaway: Unit
    """Support among its voters below which the bloc votes against the deal."""


class Ratification(Strict):
    """How one delegation's side ratifies a signed deal."""

    delegation: Id
    kind: Literal["knesset", "referendum", "none"]
    majority: Annotated[float, Field(gt=0.0, lt=1.0)] = 0.5
    turnout_floor: Unit = 0.0
    """Referendum only: the vote fails if turnout is below this share."""
    parties: list[Party] = Field(default_factory=list)
    seats_source: Id | None = None


class Rules(Strict):
    """Round limit, who must sign, and how signatures are ratified."""

    rounds: Annotated[int, Field(ge=1, le=60)]
    signatories: Annotated[list[Id], Field(min_length=2)]
    ratification: list[Ratification] = Field(default_factory=list)
    events_per_round: Annotated[float, Field(ge=0.0, le=3.0)] = 0.5


class EventEffect(Strict):
    """What an event does to one constituency (or a group, or ``all``)."""

    target: Id
    mood: Annotated[float, Field(ge=-1.0, le=1.0)] = 0.0
    """Shift of general disposition toward a deal, in utility units."""
    trust_own: Annotated[float, Field(ge=-1.0, le=1.0)] = 0.0
    trust_other: Annotated[float, Field(ge=-1.0, le=1.0)] = 0.0


class Event(Strict):
    """A card in the events deck: news that shakes the room and the publics."""

    id: Id
    title: ShortText
    text: Text
    kind: Literal["attack", "settlement", "humanitarian", "coalition", "diplomatic", "economic", "other"]
    weight: Annotated[float, Field(gt=0.0, le=100.0)] = 1.0
    earliest_round: Annotated[int, Field(ge=1, le=60)] = 1
    once: bool = True
    effects: Annotated[list[EventEffect], Field(min_length=1)]


class ReferencePackage(Strict):
    """A named package (a historical plan, a poll's package, the status quo) players can load and compare."""

    id: Id
    title: ShortText
    year: Annotated[int, Field(ge=1900, le=2100)] | None = None
    description: Text
    options: dict[Id, Id]
    stand_ins: dict[Id, Text] = Field(default_factory=dict)
    """Issues the plan left open: which option stands in, and why."""
    sources: list[Id] = Field(default_factory=list)


class Meta(Strict):
    """Who, what and when of the scenario."""

    id: Id
    title: ShortText
    version: Annotated[int, Field(ge=1)]
    summary: Text
    context: Text
    context_sources: list[Id] = Field(default_factory=list)
    design_notes: Text
    map_notice: Text | None = None
    teaching: bool = False
    trainer_note: Text | None = None
    """For the trainer: learning goals, suggested timing and debrief questions (shown on the start screen)."""
    as_of: Month | None = None
    """When the scenario is set: its publics start in the mood of that date (:attr:`Opinion.periods`)."""
    fit_window: Annotated[list[Year | Month], Field(min_length=2, max_length=2)] | None = None
    """First and last fieldwork year (``1999``) or month (``"2000-09"``) of the poll rows its publics are fitted to
    (``negotiator calibrate --fit``); rows outside meet a period mood. None: 2016-2018, the joint polls' richest
    years. A scenario set in another era (2000, after the 2023 war) declares the time of its own surveys."""


class PollItem(Strict):
    """How the scenario expresses one item of the published polls (``assets/data/polls.csv``), for calibration.

    Exactly one of ``package`` (support for a whole package against today), ``component`` (one term of a permanent
    agreement asked on its own) or ``unexpressed`` (why the scenario cannot say it) is given.
    """

    item: ShortText
    """The item's text exactly as in polls.csv."""
    populations: list[Id] = Field(default_factory=list)
    """The polls.csv populations this mapping covers (empty: every population the scenario has)."""
    package: Id | None = None
    changes: dict[Id, Id] = Field(default_factory=dict)
    """With ``package``: issues settled differently from the package (a variant of it)."""
    component: Annotated[str, StringConstraints(pattern=r"^[a-z0-9_-]+\.[a-z0-9_-]+$")] | None = None
    """``issue.option``: the term asked about."""
    versus: Id = "status-quo"
    """With ``component``: what respondents weigh the term against: ``status-quo`` (today's option), ``best`` (the
    option their side would most want on that issue), or an option id of the same issue."""
    standalone: bool = False
    """With ``component``: the term was asked as a matter of its own (a wartime exchange, a normalisation treaty),
    not as part of a permanent agreement between the two peoples, so the respondent's disposition toward such an
    agreement (and the period's mood toward one) does not colour the answer."""
    unexpressed: Text | None = None
    note: Text | None = None


# ----------------------------------------------------------------------------------- learning questionnaire
Stage = Literal["before", "after"]
BOTH_STAGES: tuple[Stage, ...] = ("before", "after")


class Question(Strict):
    """One question of the optional learning questionnaire (see :mod:`negotiator.model.questionnaire`)."""

    id: Id
    text: Text
    kind: Literal["choice", "choices", "scale", "text"]
    """``choice``: one of ``options``; ``choices``: any of them; ``scale``: 1 to 5; ``text``: a short answer."""
    options: list[ShortText] = Field(default_factory=list)
    low: ShortText | None = None
    """Scale only: what 1 means."""
    high: ShortText | None = None
    """Scale only: what 5 means."""
    when: list[Stage] = Field(default_factory=lambda: list(BOTH_STAGES))
    """Before the briefing, after the debrief, or both (the same question twice shows what changed)."""


class Questionnaire(Strict):
    """A short questionnaire asked before the briefing and after the debrief, to show what students learned."""

    intro: Text | None = None
    questions: Annotated[list[Question], Field(min_length=1, max_length=20)]


class ScenarioLookups:
    """The read-only lookups the whole scenario and its public part (model.public.PublicScenario) share."""

    if (
        TYPE_CHECKING
    ):  # fields of the pydantic models that inherit this; declared here for the type checker only
        scenario: Meta
        issues: list[Issue]
        constituencies: list[Constituency]
        packages: list[ReferencePackage]

    @cached_property
    def texts(self) -> ScenarioTranslations:
        """Its texts in every language (the translation files beside the shipped scenario of this id), built once
        per scenario object and language: ``scenario.texts.text("issues.water.title", "he")``."""
        from negotiator.model.localise import (
            ScenarioTranslations,  # imported late: localise imports this module
        )

        return ScenarioTranslations(self)  # type: ignore[arg-type]  # self is a Scenario or a PublicScenario

    @property
    def id(self) -> str:
        return self.scenario.id

    def issue(self, issue_id: str) -> Issue:
        for issue in self.issues:
            if issue.id == issue_id:
                return issue
        raise KeyError(issue_id)

    def constituency(self, constituency_id: str) -> Constituency:
        for c in self.constituencies:
            if c.id == constituency_id:
                return c
        raise KeyError(constituency_id)

    def reference(self, package_id: str) -> ReferencePackage:
        for p in self.packages:
            if p.id == package_id:
                return p
        raise KeyError(package_id)


class Scenario(ScenarioLookups, Strict):
    """A whole scenario file."""

    scenario: Meta
    rules: Rules
    issues: Annotated[list[Issue], Field(min_length=1, max_length=40)]
    delegations: Annotated[list[Delegation], Field(min_length=2, max_length=10)]
    constituencies: list[Constituency] = Field(default_factory=list)
    events: list[Event] = Field(default_factory=list)
    packages: list[ReferencePackage] = Field(default_factory=list)
    sources: list[Source] = Field(default_factory=list)
    poll_items: list[PollItem] = Field(default_factory=list)
    questionnaire: Questionnaire | None = None
    coherence: list[Coherence] = Field(default_factory=list)

    # --- convenient, read-only lookups (ids are unique once checks pass; the shared ones in ScenarioLookups) ---

    def contradictions(self, package: Mapping[str, str]) -> list[Coherence]:
        """The coherence terms ``package`` breaks (both of a term's clauses chosen)."""
        return [c for c in self.coherence if all(package.get(i) in opts for i, opts in c.when.items())]

    def delegation(self, delegation_id: str) -> Delegation:
        for d in self.delegations:
            if d.id == delegation_id:
                return d
        raise KeyError(delegation_id)

    @property
    def principals(self) -> list[Delegation]:
        return [d for d in self.delegations if d.role == "principal"]
