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
import numpy.typing as npt

from negotiator.engine.opinion.population import FloatArray, OpinionModel
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


def _shocks(model: OpinionModel, rng: np.random.Generator, draws: int) -> FloatArray:
    """(draws, n_constituencies) shifts of support share: side-wide plus own."""
    sides = sorted({g.answers_to for g in model.groups})
    side = rng.standard_normal((draws, len(sides))) * SIDE_SD
    own = rng.standard_normal((draws, len(model.groups))) * GROUP_SD
    idx = np.array([sides.index(g.answers_to) for g in model.groups])
    out: FloatArray = side[:, idx] + own
    return out


def _shifted(verdicts: list[GroupVerdict], shocks: FloatArray) -> tuple[FloatArray, FloatArray]:
    s = np.array([v.support for v in verdicts])
    o = np.array([v.oppose for v in verdicts])
    decided = s + o
    s_d = np.clip(s[None, :] + shocks, 0.0, decided[None, :])
    return s_d, decided[None, :] - s_d


def _knesset(
    model: OpinionModel,
    rat: Ratification,
    verdicts: list[GroupVerdict],
    shocks: FloatArray,
    party_noise: FloatArray,
) -> tuple[Vote, npt.NDArray[np.bool_]]:
    ids = model.ids
    s_d, o_d = _shifted(verdicts, shocks)
    s0 = np.array([v.support for v in verdicts])
    o0 = np.array([v.oppose for v in verdicts])
    total = sum(p.seats for p in rat.parties) or 120
    seats_for = np.zeros(shocks.shape[0])
    seats_point = 0
    coalition_for = 0
    coalition_seats = sum(p.seats for p in rat.parties if p.in_coalition)
    parties = []
    for j, p in enumerate(rat.parties):
        shares = np.zeros(len(ids))
        for cid, w in p.voters.items():
            shares[ids.index(cid)] = w
        dec = s_d @ shares + o_d @ shares
        # a bloc whose voters have no view of the deal has no reason to vote for it
        read = np.where(dec > 0, (s_d @ shares) / np.where(dec > 0, dec, 1.0), 0.0) + party_noise[:, j]
        yes = read >= p.breakaway
        seats_for += p.seats * yes
        dec0 = float(s0 @ shares + o0 @ shares)
        point = float(s0 @ shares) / dec0 if dec0 > 0 else 0.0
        if point >= p.breakaway:
            seats_point += p.seats
            coalition_for += p.seats if p.in_coalition else 0
        parties.append(PartyVote(p.id, p.seats, p.in_coalition, point, float(yes.mean())))
    passed = seats_for > rat.majority * total
    holds = coalition_for > total / 2 if coalition_seats else None
    vote = Vote(
        rat.delegation,
        "knesset",
        float(passed.mean()),
        seats_point > rat.majority * total,
        seats_point / total,
        None,
        tuple(parties),
        holds,
    )
    return vote, passed


def _referendum(
    model: OpinionModel, rat: Ratification, verdicts: list[GroupVerdict], shocks: FloatArray
) -> tuple[Vote, npt.NDArray[np.bool_]]:
    members = [
        k for k, g in enumerate(model.groups) if g.answers_to == rat.delegation and g.votes_in == "referendum"
    ]
    if not members:
        members = [k for k, g in enumerate(model.groups) if g.answers_to == rat.delegation]
    pops = np.array([model.groups[k].population for k in members], dtype=np.float64)
    s_d, o_d = _shifted(verdicts, shocks)
    u = np.array([verdicts[k].undecided for k in members])
    lean = np.array([verdicts[k].lean_yes for k in members])

    def tally(s: FloatArray, o: FloatArray) -> tuple[FloatArray, FloatArray]:
        cast = TURNOUT_DECIDED * (s + o) + TURNOUT_UNDECIDED * u
        yes = TURNOUT_DECIDED * s + TURNOUT_UNDECIDED * lean
        turnout = (cast @ pops) / pops.sum()
        share = (yes @ pops) / np.maximum(cast @ pops, 1e-12)
        return turnout, share

    turnout, share = tally(s_d[:, members], o_d[:, members])
    passed = (turnout >= rat.turnout_floor) & (share > rat.majority)
    t0, y0 = tally(
        np.array([verdicts[k].support for k in members])[None, :],
        np.array([verdicts[k].oppose for k in members])[None, :],
    )
    point = bool(t0[0] >= rat.turnout_floor and y0[0] > rat.majority)
    return Vote(rat.delegation, "referendum", float(passed.mean()), point, float(y0[0]), float(t0[0])), passed


def ratify(
    model: OpinionModel,
    scenario: Scenario,
    verdicts: list[GroupVerdict],
    rng: np.random.Generator,
    draws: int = DRAWS,
) -> RatificationResult:
    """Every side's ratification of a signed package, in the scenario's order."""
    shocks = _shocks(model, rng, draws)
    n_parties = max((len(r.parties) for r in scenario.rules.ratification), default=0)
    party_noise = rng.standard_normal((draws, max(n_parties, 1))) * PARTY_SD
    votes = []
    all_pass = np.ones(draws, dtype=np.bool_)
    for rat in scenario.rules.ratification:
        if rat.kind == "knesset":
            vote, passed = _knesset(model, rat, verdicts, shocks, party_noise)
        elif rat.kind == "referendum":
            vote, passed = _referendum(model, rat, verdicts, shocks)
        else:
            vote, passed = Vote(rat.delegation, "none", 1.0, True, 1.0), np.ones(draws, dtype=np.bool_)
        votes.append(vote)
        all_pass &= passed
    return RatificationResult(tuple(votes), float(all_pass.mean()))
