"""The game state: immutable records of everything that has happened, and its canonical hash.

A :class:`GameState` is produced only by :func:`negotiator.game.rules.new_game` and
:func:`negotiator.game.rules.apply`; it is never mutated. It holds a :class:`Context` (the scenario, its compiled
arrays and the publics adapter) that is not part of its value: two states are equal, and hash equal, when their
records are, whatever object the scenario was loaded into.

:func:`state_hash` is sha256 over a canonical JSON form (sorted keys, floats rounded to 6 decimals, -0.0 folded to
0.0), so it is identical on every machine and Python version.
"""

from __future__ import annotations

import dataclasses
import hashlib
from dataclasses import dataclass, field
from typing import Any

from negotiator.engine.compiled import CompiledScenario
from negotiator.engine.opinion import OpinionState
from negotiator.game.commands import PackagePairs
from negotiator.game.publics import PollRow, Publics, VoteResult
from negotiator.game.runtime import ScenarioRuntime
from negotiator.game.setup import GameSetup
from negotiator.model.canonical import canonical_json
from negotiator.model.schema import Scenario
from negotiator.text import Message

PHASES: tuple[str, ...] = ("briefing", "rounds", "signature", "ratification", "outcome")
PROPOSAL_STATUSES: tuple[str, ...] = ("open", "agreed", "agreed-in-part", "rejected", "superseded", "expired")


@dataclass(frozen=True, eq=False)
class Context:
    """What the rules need besides the records: the scenario and things derived from it (not part of the value)."""

    scenario: Scenario
    runtime: ScenarioRuntime
    """The scenario's derived parts, shared by every fold of this game's log, its bots and its previews."""
    compiled: CompiledScenario
    publics: Publics
    signatories: tuple[str, ...]
    mediators: tuple[str, ...]
    third_parties: tuple[str, ...]
    memo: dict[tuple[str, object], Any] = field(default_factory=dict)
    """Answers kept for the views: those that depend only on the scenario (a seat's brief, its points for a package)
    and each seat's last proposal views and readable lines (``negotiator.game.views``: reused while unchanged)."""


@dataclass(frozen=True, slots=True)
class Proposal:
    """A package on the table and the responses to it (all public)."""

    id: str
    by: str
    package: PackagePairs
    partial: bool
    round: int
    status: str
    accepted_by: tuple[str, ...] = ()
    rejected_by: tuple[tuple[str, tuple[str, ...]], ...] = ()
    """(seat, issue ids it objected to)."""

    def as_dict(self) -> dict[str, str]:
        return dict(self.package)


@dataclass(frozen=True, slots=True)
class Entry:
    """One line of the talks' record. ``audience`` empty means public; otherwise only those seats may see it.

    ``reason`` is a bot's message (rendered when shown, in the reader's language) or a person's own words."""

    index: int
    round: int
    seat: str
    kind: str
    ref: str
    reason: str | Message
    audience: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class SideTerm:
    """A third party's pledge: paid to ``beneficiary`` when the deal it is tied to is ratified."""

    id: str
    by: str
    kind: str
    beneficiary: str
    points: float
    proposal_id: str
    round: int


@dataclass(frozen=True, slots=True)
class Poll:
    """Public reaction to the current negotiating text at the end of a round."""

    round: int
    subject: str
    """The proposal polled (its id)."""
    rows: tuple[PollRow, ...]


@dataclass(frozen=True, slots=True)
class Outcome:
    """How the game ended. Points are each seated delegation's (confidential: a view shows a seat only its own)."""

    result: str
    """``ratified``, ``rejected-at-home``, ``deadline`` or ``walkout``."""
    proposal_id: str
    package: PackagePairs
    paradigm: str
    points: tuple[tuple[str, float], ...]
    """Points each delegation ends with: the package's points plus side terms if ratified, else its walk-away."""
    package_points: tuple[tuple[str, float], ...]
    """The signed package's points alone (empty when nothing was signed)."""
    side_terms: tuple[tuple[str, float], ...]
    verdict: tuple[PollRow, ...]
    """The publics' verdict on the signed package (empty when nothing was signed)."""


@dataclass(frozen=True, slots=True)
class TrainerAction:
    """One intervention in the trainer's record (never rolled back): the log position of its command, the round it
    was made in, its command type, whom it concerned (a seat, or empty for the table) and a detail."""

    move: int
    round: int
    kind: str
    target: str
    detail: str


@dataclass(frozen=True, slots=True)
class Classroom:
    """What a trainer has done to a table. Not the talks' record: a rollback leaves it as it was (and adds to it)."""

    paused: bool = False
    timer: int = 0
    """Seconds a turn may take (0: no timer); the host keeps the clock, the rules keep the setting."""
    warn: int = 0
    stand_ins: tuple[tuple[str, str], ...] = ()
    """(delegation, persona) of the students' seats the AI plays now."""
    actions: tuple[TrainerAction, ...] = ()
    undone: tuple[tuple[int, int], ...] = ()
    """(rollback's log position, the position it went back to): the commands between stop counting."""


NO_CLASSROOM = Classroom()


@dataclass(frozen=True, slots=True, eq=False)
class Trail:
    """The commands applied so far, newest first (a linked list: appending is free). A rollback folds a prefix of
    them again; the trail is how a state remembers them without being part of its value. Compared by identity: a
    long game's trail is thousands deep, and nothing should walk it but :func:`~negotiator.game.interventions.trail_commands`."""

    command: object
    before: Trail | None


@dataclass(frozen=True, slots=True)
class GameState:
    setup: GameSetup
    phase: str
    round: int
    active: tuple[str, ...]
    """Seats still at the table, in seating order."""
    done: tuple[str, ...]
    """Seats that have finished their turn this round (or are ready, in the briefing)."""
    turn_used: tuple[str, ...]
    """Free actions the seat whose turn it is has used this turn (statement, side terms, ...)."""
    proposals: tuple[Proposal, ...]
    transcript: tuple[Entry, ...]
    side_terms: tuple[SideTerm, ...]
    events: tuple[tuple[int, str], ...]
    """(round, event id) drawn from the scenario's deck."""
    polls: tuple[Poll, ...]
    opinion: OpinionState
    provisional: PackagePairs
    agreed: str
    signatures: tuple[str, ...]
    ratification: tuple[VoteResult, ...]
    outcome: Outcome | None
    moves: int
    """Commands applied so far (the index of the next command, which seeds its chance)."""
    ctx: Context = field(compare=False, repr=False)
    classroom: Classroom = NO_CLASSROOM
    """The trainer's interventions (absent from the hash while there are none, so games without a trainer hash as
    they always did)."""
    trail: Trail | None = field(default=None, compare=False, repr=False)

    @property
    def scenario(self) -> Scenario:
        return self.ctx.scenario

    def proposal(self, proposal_id: str) -> Proposal:
        for p in self.proposals:
            if p.id == proposal_id:
                return p
        raise KeyError(proposal_id)

    def open_proposals(self) -> tuple[Proposal, ...]:
        return tuple(p for p in self.proposals if p.status == "open")


def to_plain(obj: Any) -> Any:
    """A JSON-safe canonical form of records (dataclasses, tuples, floats rounded), skipping the context."""
    if dataclasses.is_dataclass(obj) and not isinstance(obj, type):
        if isinstance(obj, Context):
            return None
        return {
            f.name: to_plain(getattr(obj, f.name))
            for f in dataclasses.fields(obj)
            if f.name not in ("ctx", "trail")
            and not (f.name == "classroom" and obj.classroom == NO_CLASSROOM)  # type: ignore[attr-defined]
        }
    if isinstance(obj, tuple | list):
        return [to_plain(x) for x in obj]
    if isinstance(obj, dict):
        return {str(k): to_plain(v) for k, v in sorted(obj.items())}
    if isinstance(obj, bool) or obj is None or isinstance(obj, int | str):
        return obj
    if isinstance(obj, float):
        return round(obj, 6) + 0.0
    raise TypeError(f"cannot serialise {type(obj).__name__}")


def state_hash(state: GameState) -> str:
    """sha256 hex digest of the state's plain form in the canonical JSON spelling: identical on every machine."""
    return hashlib.sha256(canonical_json(to_plain(state)).encode("ascii")).hexdigest()
