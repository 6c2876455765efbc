"""Ratification at home: a Knesset vote and a Palestinian referendum, from the same simulated publics.

Both are decided by the constituencies' reaction to the *signed* package (both leaderships endorse it), and both
carry the uncertainty a leader faces on the eve of the vote: how far the model's reading of each public may be off.
That uncertainty is drawn by Monte Carlo with common random numbers (the same draws for every package), so
probabilities are deterministic for a seed and rise monotonically with support:

- a shock common to one side's publics (SD :data:`SIDE_SD`; campaigns and news move a side together) plus one per
  constituency (SD :data:`GROUP_SD`), moving people between support and opposition (undecided stay undecided);
  together about the calibration error of the model (a few points).

**Knesset**: each party (bloc) reads its voters, the scenario's shares of constituencies, as support among the
decided, with its own reading error (SD :data:`PARTY_SD`), and votes for the deal when that reaches its ``breakaway``
threshold (for a coalition party: the point below which it breaks away; for an opposition party: the point from which
it crosses the floor). The deal passes with more than ``majority`` of the seats. Coalition parties voting against
are reported: the government may fall even if the deal passes with opposition votes.

**Referendum**: the voters are the delegation's constituencies that vote in a referendum (``votes_in``). Decided
people turn out at :data:`TURNOUT_DECIDED`, undecided ones at :data:`TURNOUT_UNDECIDED` and then lean by the sign of
their utility. The deal passes when turnout reaches ``turnout_floor`` and the yes share exceeds ``majority``.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from negotiator.engine.opinion.population import BoolArray, FloatArray, IntArray, OpinionModel
from negotiator.model.public import PublicScenario
from negotiator.model.schema import Ratification, Scenario

SIDE_SD = 0.04
GROUP_SD = 0.03
PARTY_SD = 0.03
"""Uncertainty of opinion on voting day, in shares (design choices, about the model's calibration error)."""
TURNOUT_DECIDED = 0.8
TURNOUT_UNDECIDED = 0.4
"""Turnout of decided and undecided voters (design choice; Palestinian turnout was about 77 % in 2006)."""
DRAWS = 4000
"""Monte Carlo draws per ratification (the probability's own error is then under one point)."""


@dataclass(frozen=True, slots=True)
class GroupVerdict:
    """A constituency's reaction to the signed package: shares and the undecided who lean toward yes."""

    support: float
    oppose: float
    undecided: float
    lean_yes: float
    """Share of the whole constituency that is undecided but leans toward yes."""


@dataclass(frozen=True, slots=True)
class PartyVote:
    id: str
    seats: int
    in_coalition: bool
    voter_support: float
    """Support among the party's decided voters (0-1), at the model's point estimate."""
    probability_for: float


@dataclass(frozen=True, slots=True)
class Vote:
    """One side's ratification: probability it passes, and the result at the model's point estimate."""

    delegation: str
    kind: str
    probability: float
    passes: bool
    share_for: float
    """Share of seats (Knesset) or of votes cast (referendum) for the deal, at the point estimate."""
    turnout: float | None = None
    parties: tuple[PartyVote, ...] = ()
    coalition_holds: bool | None = None
    """Knesset: whether the coalition parties voting for still hold a majority, at the point estimate."""


@dataclass(frozen=True, slots=True)
class RatificationResult:
    votes: tuple[Vote, ...]
    probability: float
    """Probability that every side ratifies (joint over the same draws)."""

    def vote(self, delegation: str) -> Vote:
        return next(v for v in self.votes if v.delegation == delegation)


@dataclass(frozen=True, slots=True)
class VotingDay:
    """The uncertainty of voting day as fixed draws (common random numbers): ``shocks`` (draws, n_constituencies)
    shifts of support share, ``party_noise`` (draws, most parties of any side) each party's reading error."""

    shocks: FloatArray
    party_noise: FloatArray

    @property
    def draws(self) -> int:
        return int(self.shocks.shape[0])

    def scaled(self, factor: float, draws: int | None = None) -> VotingDay:
        """The first ``draws`` scenarios with every deviation ``factor`` times larger (a wider uncertainty)."""
        few = slice(0, draws)
        return VotingDay(factor * self.shocks[few], factor * self.party_noise[few])


def voting_day(
    model: OpinionModel, scenario: Scenario | PublicScenario, rng: np.random.Generator, draws: int = DRAWS
) -> VotingDay:
    """``draws`` voting-day scenarios drawn from ``rng``: side-wide plus own shocks, then every party's error."""
    shocks = _shocks(model, rng, draws)
    n_parties = max((len(r.parties) for r in scenario.rules.ratification), default=0)
    party_noise = rng.standard_normal((draws, max(n_parties, 1))) * PARTY_SD
    return VotingDay(shocks, party_noise)


def _shocks(model: OpinionModel, rng: np.random.Generator, draws: int) -> FloatArray:
    """(draws, n_constituencies) shifts of support share: side-wide plus own."""
    sides = sorted({g.answers_to for g in model.groups})
    side = rng.standard_normal((draws, len(sides))) * SIDE_SD
    own = rng.standard_normal((draws, len(model.groups))) * GROUP_SD
    idx = np.array([sides.index(g.answers_to) for g in model.groups])
    out: FloatArray = side[:, idx] + own
    return out


@dataclass(frozen=True, slots=True)
class SideTally:
    """One side's vote on a batch of packages over a set of voting-day scenarios (arrays are (P, draws))."""

    delegation: str
    kind: str
    passed: BoolArray
    share_for: FloatArray
    """Share of seats (Knesset) or of votes cast (referendum) for the deal."""
    turnout: FloatArray | None = None
    party_read: FloatArray | None = None
    """Knesset: (P, draws, parties) each party's reading of support among its decided voters (noise included)."""
    party_yes: BoolArray | None = None
    """Knesset: (P, draws, parties) whether each party votes for the deal."""


@dataclass(frozen=True, slots=True, eq=False)
class _Side:
    """What the vote count reads of one side's ratification rule, as arrays (see :class:`TallyPlan`)."""

    rule: Ratification
    voters: FloatArray
    """Knesset: (constituencies, parties) each party's voters' share of each constituency."""
    breakaway: FloatArray
    seats: FloatArray
    total: int
    members: IntArray
    """Referendum: the constituencies that vote in it (model order)."""
    pops: FloatArray


@dataclass(frozen=True, slots=True, eq=False)
class TallyPlan:
    """A scenario's ratification rules as the arrays :func:`tally` counts with, built once (:func:`tally_plan`) by
    whoever counts many times (the batch path: twice per forecast) instead of on every count."""

    sides: tuple[_Side, ...]


def tally_plan(model: OpinionModel, scenario: Scenario | PublicScenario) -> TallyPlan:
    """The arrays of every side's ratification rule (scenario order)."""
    sides = []
    for rat in scenario.rules.ratification:
        voters = np.zeros((len(model.ids), len(rat.parties)))
        for j, p in enumerate(rat.parties):
            for cid, w in p.voters.items():
                voters[model.ids.index(cid), j] = w
        members = [
            k
            for k, g in enumerate(model.groups)
            if g.answers_to == rat.delegation and g.votes_in == "referendum"
        ]
        if not members:
            members = [k for k, g in enumerate(model.groups) if g.answers_to == rat.delegation]
        sides.append(
            _Side(
                rat,
                voters,
                np.array([p.breakaway for p in rat.parties]),
                np.array([p.seats for p in rat.parties], dtype=np.float64),
                sum(p.seats for p in rat.parties) or 120,
                np.array(members, dtype=np.intp),
                np.array([model.groups[k].population for k in members], dtype=np.float64),
            )
        )
    return TallyPlan(tuple(sides))


def tally(
    model: OpinionModel,
    scenario: Scenario | PublicScenario,
    support: FloatArray,
    oppose: FloatArray,
    lean_yes: FloatArray,
    day: VotingDay,
    plan: TallyPlan | None = None,
) -> tuple[SideTally, ...]:
    """Every side's vote (scenario order) on P packages: ``support``, ``oppose`` and ``lean_yes`` are (P,
    n_constituencies) reactions to the signed packages; the votes are counted in every scenario of ``day``.
    ``plan``: :func:`tally_plan` of the same model and scenario, when the caller keeps it.

    This is the one definition of the votes: :func:`ratify` (one package) and the batch path
    (:class:`negotiator.engine.opinion.batch.BatchRatifier`) both count through it."""
    plan = plan if plan is not None else tally_plan(model, scenario)
    s = np.atleast_2d(np.asarray(support, dtype=np.float64))
    o = np.atleast_2d(np.asarray(oppose, dtype=np.float64))
    lean = np.atleast_2d(np.asarray(lean_yes, dtype=np.float64))
    decided = s + o
    # shocks move people between support and opposition, never out of the decided (np.clip's very values: the
    # larger of the share and 0, then the smaller of that and the decided; its wrapper costs more than the work)
    s_d = np.add(s[:, None, :], day.shocks[None, :, :])  # (P, D, G)
    np.maximum(s_d, 0.0, out=s_d)
    np.minimum(s_d, decided[:, None, :], out=s_d)
    o_d = decided[:, None, :] - s_d
    n_p, draws = s.shape[0], day.draws
    out: list[SideTally] = []
    for side in plan.sides:
        rat = side.rule
        if rat.kind == "knesset":
            out.append(_knesset_tally(side, s_d, o_d, day.party_noise))
        elif rat.kind == "referendum":
            out.append(_referendum_tally(side, s_d, o_d, 1.0 - decided, lean))
        else:
            out.append(
                SideTally(rat.delegation, "none", np.ones((n_p, draws), dtype=bool), np.ones((n_p, draws)))
            )
    return tuple(out)


def _knesset_tally(side: _Side, s_d: FloatArray, o_d: FloatArray, party_noise: FloatArray) -> SideTally:
    rat = side.rule
    yes_v = s_d @ side.voters  # (P, D, parties)
    dec = yes_v + o_d @ side.voters
    # a bloc whose voters have no view of the deal has no reason to vote for it
    heard = dec > 0
    read = np.where(heard, yes_v / np.where(heard, dec, 1.0), 0.0) + party_noise[None, :, : len(rat.parties)]
    yes = read >= side.breakaway
    seats_for = yes @ side.seats
    return SideTally(
        rat.delegation,
        "knesset",
        seats_for > rat.majority * side.total,
        seats_for / side.total,
        None,
        read,
        yes,
    )


def _referendum_tally(
    side: _Side, s_d: FloatArray, o_d: FloatArray, undecided: FloatArray, lean: FloatArray
) -> SideTally:
    rat, members, pops = side.rule, side.members, side.pops
    s, o = s_d[:, :, members], o_d[:, :, members]
    cast = TURNOUT_DECIDED * (s + o) + TURNOUT_UNDECIDED * undecided[:, None, members]
    yes = TURNOUT_DECIDED * s + TURNOUT_UNDECIDED * lean[:, None, members]
    turnout = (cast @ pops) / pops.sum()
    share = (yes @ pops) / np.maximum(cast @ pops, 1e-12)
    passed = (turnout >= rat.turnout_floor) & (share > rat.majority)
    return SideTally(rat.delegation, "referendum", passed, share, turnout)


def _arrays(verdicts: list[GroupVerdict]) -> tuple[FloatArray, FloatArray, FloatArray]:
    return (
        np.array([[v.support for v in verdicts]]),
        np.array([[v.oppose for v in verdicts]]),
        np.array([[v.lean_yes for v in verdicts]]),
    )


def ratify(
    model: OpinionModel,
    scenario: Scenario | PublicScenario,
    verdicts: list[GroupVerdict],
    rng: np.random.Generator,
    draws: int = DRAWS,
    day: VotingDay | None = None,
) -> RatificationResult:
    """Every side's ratification of a signed package, in the scenario's order: probabilities over the voting-day
    scenarios (``day``, else ``draws`` of them drawn from ``rng``), results at the point estimate (no shock)."""
    day = day if day is not None else voting_day(model, scenario, rng, draws)
    s, o, lean = _arrays(verdicts)
    plan = tally_plan(model, scenario)
    drawn = tally(model, scenario, s, o, lean, day, plan)
    calm = VotingDay(np.zeros((1, day.shocks.shape[1])), np.zeros((1, day.party_noise.shape[1])))
    point = tally(model, scenario, s, o, lean, calm, plan)
    votes = []
    all_pass = np.ones(day.draws, dtype=np.bool_)
    for rat, t, p in zip(scenario.rules.ratification, drawn, point, strict=True):
        all_pass &= t.passed[0]
        probability = float(t.passed[0].mean())
        if t.kind == "knesset":
            assert t.party_yes is not None and p.party_yes is not None and p.party_read is not None
            total = sum(q.seats for q in rat.parties) or 120
            yes_point = p.party_yes[0, 0]
            parties = tuple(
                PartyVote(
                    q.id,
                    q.seats,
                    q.in_coalition,
                    float(p.party_read[0, 0, j]),
                    float(t.party_yes[0, :, j].mean()),
                )
                for j, q in enumerate(rat.parties)
            )
            coalition_for = sum(q.seats for j, q in enumerate(rat.parties) if q.in_coalition and yes_point[j])
            holds = coalition_for > total / 2 if any(q.in_coalition for q in rat.parties) else None
            votes.append(
                Vote(
                    rat.delegation,
                    "knesset",
                    probability,
                    bool(p.passed[0, 0]),
                    float(p.share_for[0, 0]),
                    None,
                    parties,
                    holds,
                )
            )
        elif t.kind == "referendum":
            assert p.turnout is not None
            votes.append(
                Vote(
                    rat.delegation,
                    "referendum",
                    probability,
                    bool(p.passed[0, 0]),
                    float(p.share_for[0, 0]),
                    float(p.turnout[0, 0]),
                )
            )
        else:
            votes.append(Vote(rat.delegation, "none", 1.0, True, 1.0))
    return RatificationResult(tuple(votes), float(all_pass.mean()))
