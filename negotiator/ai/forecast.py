"""Ratification forecasts for many packages at once: a leader's own pollster, fast enough to ask every move.

A bot weighing whether its government survives a package asks what :meth:`PublicOpinion.ratify
<negotiator.engine.opinion.PublicOpinion.ratify>` would answer: each constituency's reaction to the package as signed,
then the Knesset vote and the referendum with the uncertainty of voting day. That call takes a few milliseconds
(mostly fixed costs per package), and a bot comparing a hundred candidate texts per move cannot afford it a hundred
times. This module answers the same question for a whole batch of packages in one go, by the same formulas:

- the gains and losses of every simulated person are linear in a package's one-hot encoding, so for all packages at
  once they are two matrix products, ``onehot @ max(weighted, 0)`` and ``onehot @ min(weighted, 0)``;
- everything the public mood changes (credibility, endorsement, mood, peer pressure) is a scalar per constituency;
- paradigm mix, stance toward the other side's publics, sacred values and the Monte Carlo votes are vectorised over
  packages, with common random numbers (one fixed set of voting-day shocks for every package and every state, so
  forecasts are deterministic and comparisons between packages are not blurred by sampling noise).

It reads the opinion layer's own arrays and constants (never a copy of its parameters), and
``tests/ai/test_forecast.py`` checks it against ``PublicOpinion.ratify`` given the same shocks, so a change there that
is not mirrored here fails a test rather than drifting silently.

Everything used is public: the simulated publics stand for what polls tell anyone. No delegation's points are read.
"""

from __future__ import annotations

from contextlib import AbstractContextManager
from dataclasses import dataclass, replace

import numpy as np
import numpy.typing as npt
from threadpoolctl import ThreadpoolController

from negotiator.engine.opinion import OpinionState, PublicOpinion
from negotiator.engine.opinion import ratification as rat_mod
from negotiator.engine.opinion import reaction as rx
from negotiator.engine.opinion.dynamics import climate
from negotiator.engine.opinion.population import GroupParams, Population
from negotiator.game.publics import opinion_for
from negotiator.model.schema import PARADIGMS, Scenario

FloatArray = npt.NDArray[np.float64]
F32 = npt.NDArray[np.float32]
IntArray = npt.NDArray[np.intp]
BoolArray = npt.NDArray[np.bool_]

SIZE = 500
"""Simulated people per constituency in a bot's forecast: a sample of the game's own publics balanced from hawks to
doves (:func:`balanced_sample`). Measured on confederation, 300 texts near the frontier, against the game's own 5,000
people and 4,000 draws: this sample's joint probability errs by 0.9 points on average (2.2 where the truth is above
5 %), correlation 0.991; a freshly drawn 1,000 people err by 2.3 (6.4) and, worse, a bot picking the texts its sample
likes best picks those its sample overrates (the 15 best: forecast 20 %, truth 30 %; with 500 fresh people bots'
signed deals were ratified 30 % of the time instead of 56 %). The balanced 500 show no such bias (28 % vs 29 %)."""
DRAWS = 300
"""Voting-day scenarios per forecast (a probability's sampling error is then about 3 points; the same scenarios are
used for every package, so differences between packages are much sharper than that)."""
WIDE = 3.0
WIDE_DRAWS = 100
SHOCK_SEED = 0x5EED_F0CA
_SQ_PARADIGM = PARADIGMS.index("status-quo")
_THREADS: list[ThreadpoolController] = []


def _one_blas_thread() -> AbstractContextManager[object]:
    """A context with BLAS on one thread: the products here are small, and on a busy two-core machine OpenBLAS's
    worker threads spin for longer than they save (measured: a confederation game took 3x the CPU time)."""
    if not _THREADS:
        _THREADS.append(ThreadpoolController())
    return _THREADS[0].limit(limits=1, user_api="blas")  # type: ignore[no-any-return]


@dataclass(frozen=True, slots=True)
class Forecast:
    """Ratification forecasts of a batch of packages (rows in the order asked)."""

    sides: tuple[str, ...]
    """Delegations whose side votes (``kind != "none"``), in the scenario's order."""
    side: FloatArray
    """(P, len(sides)) probability that each side ratifies."""
    joint: FloatArray
    """(P,) probability that every side ratifies (over the same voting-day scenarios)."""
    wide: FloatArray
    """(P,) the same with voting-day uncertainty :data:`WIDE` times larger: still above zero for texts far from
    passing, so a search can tell a near miss from a rout."""

    def of(self, delegation: str) -> FloatArray:
        """Probability for one delegation's side (1.0 when its side needs no vote)."""
        if delegation not in self.sides:
            return np.ones(self.joint.shape[0])
        return self.side[:, self.sides.index(delegation)]  # type: ignore[no-any-return]


def balanced_sample(opinion: PublicOpinion, size: int) -> PublicOpinion:
    """``size`` people of each constituency, taken at even steps along the hawk-dove scale (systematic sampling
    stratified on ideology, the trait that most divides reactions to a peace deal), so the sample's hawks, doves and
    holders of sacred values stand in the same proportions as the whole population's."""
    people = []
    for p in opinion.people:
        if p.size <= size:
            people.append(p)
            continue
        order = np.argsort(p.ideology, kind="stable")
        step = p.size / size
        idx = np.sort(order[(np.arange(size) * step + step / 2).astype(np.intp)])
        people.append(
            Population(
                p.weights[:, idx],
                p.values[:, :, idx],
                p.weighted[:, :, idx],
                p.disposition[idx],
                p.ideology[idx],
                p.taboo[:, idx],
            )
        )
    return replace(opinion, people=tuple(people), size=min(size, opinion.size))


@dataclass(frozen=True, slots=True, eq=False)
class _Group:
    readiness: F32
    """``spread * GENERAL * disposition``: each person's readiness for an agreement, as the reaction adds it."""
    ideology: F32
    """``ideology + dovishness``: each person's place between hawk and dove, as the reaction scales it."""
    taboo: F32
    """(n_sacred, n) 1.0 for people holding each sacred value."""


class Forecaster:
    """Batch ratification forecasts for one scenario (build once per bot; ask :meth:`forecast` each move)."""

    def __init__(
        self,
        scenario: Scenario,
        size: int = SIZE,
        draws: int = DRAWS,
        opinion: PublicOpinion | None = None,
        shocks_rng: np.random.Generator | None = None,
    ) -> None:
        # a balanced sample of the very people the game's publics are made of (same seed, same people)
        self.opinion = opinion if opinion is not None else balanced_sample(opinion_for(scenario), size)
        model = self.opinion.model
        self.model = model
        self.scenario = scenario
        n_i, m = model.n_issues, model.max_options
        self.n_issues, self.width = n_i, m
        self.status_quo = model.status_quo
        self._flat_sq = np.arange(n_i) * m + self.status_quo
        n = self.opinion.people[0].size
        self.size = n
        self.groups = tuple(
            _Group(
                np.float32(g.spread * rx.GENERAL) * p.disposition,
                p.ideology + np.float32(g.dovishness),
                p.taboo.astype(np.float32),
            )
            for g, p in zip(model.groups, self.opinion.people, strict=True)
        )
        # gains and losses of every person of every constituency side by side: one matrix product per batch
        self._weights = np.ascontiguousarray(
            np.concatenate(
                [np.maximum(p.weighted, 0.0).reshape(n_i * m, n) for p in self.opinion.people]
                + [np.minimum(p.weighted, 0.0).reshape(n_i * m, n) for p in self.opinion.people],
                axis=1,
            )
        )
        gs = model.groups
        self._loss_aversion = np.array([g.loss_aversion for g in gs], dtype=np.float32)
        self._priorities = np.stack([g.priorities for g in gs])
        self._bias = np.array([g.bias for g in gs])
        self._affinity = np.stack([g.paradigms for g in gs])
        self._readiness = np.stack([grp.readiness for grp in self.groups])
        self._ideology = np.stack([grp.ideology for grp in self.groups])
        self._ideology_scale = np.array([g.spread * rx.IDEOLOGY for g in gs])
        self._band = np.array([g.band for g in gs], dtype=np.float32)
        # every sacred value of every constituency as arrays, so a batch of texts is checked against all at once
        rules = [(k, rule) for k, g in enumerate(gs) for rule in g.sacred]
        n_r = len(rules)
        most = max((len(r.gestures) for _, r in rules), default=0)
        self._rule_group = np.array([k for k, _ in rules], dtype=np.intp)
        self._rule_issue = np.array([r.issue for _, r in rules], dtype=np.intp)
        self._rule_options = np.array([r.options for _, r in rules], dtype=bool).reshape(n_r, m)
        self._rule_softening = np.array([r.softening for _, r in rules])
        self._gesture_issue = np.zeros((n_r, most), dtype=np.intp)
        self._gesture_option = np.full((n_r, most), -1, dtype=np.intp)  # -1: no gesture in this slot
        self._rule_compensation = np.zeros((n_r, n_i), dtype=np.int64)
        for j, (_, r) in enumerate(rules):
            for slot, (gi, go) in enumerate(r.gestures):
                self._gesture_issue[j, slot], self._gesture_option[j, slot] = gi, go
            self._rule_compensation[j, list(r.compensation)] = 1
        self._group_rules = tuple(np.flatnonzero(self._rule_group == k) for k in range(len(gs)))
        votes = np.zeros((n_i * m, len(PARADIGMS)))
        for i, options in enumerate(model.paradigm_votes):
            for o, pairs in enumerate(options):
                for p, w in pairs:
                    votes[i * m + o, p] += w
        votes[:, _SQ_PARADIGM] = 0.0
        self._paradigm_votes = votes
        rows = np.arange(n_i)
        self._pref_diff = np.stack(
            [
                (g.preferences - g.preferences[rows, self.status_quo][:, None]).reshape(-1)
                for g in model.groups
            ]
        )
        self._pops = np.array([g.population for g in model.groups], dtype=np.float64)
        self._others = rx._other_sides(model.groups, model.principals)
        rng = shocks_rng if shocks_rng is not None else np.random.default_rng(SHOCK_SEED)
        self.draws = draws
        self._shocks = rat_mod._shocks(model, rng, draws)
        n_parties = max((len(r.parties) for r in scenario.rules.ratification), default=0)
        self._party_noise = rng.standard_normal((draws, max(n_parties, 1))) * rat_mod.PARTY_SD
        self.sides = tuple(r.delegation for r in scenario.rules.ratification if r.kind != "none")

    # ------------------------------------------------------------------ encoding
    def onehot(self, packages: IntArray) -> F32:
        x = np.atleast_2d(np.asarray(packages, dtype=np.intp))
        out = np.zeros((x.shape[0], self.n_issues * self.width), dtype=np.float32)
        out[np.arange(x.shape[0])[:, None], np.arange(self.n_issues)[None, :] * self.width + x] = 1.0
        return out

    # ------------------------------------------------------------------ reactions
    def verdicts(self, state: OpinionState, packages: IntArray) -> tuple[FloatArray, FloatArray, FloatArray]:
        """(support, oppose, lean_yes), each (P, n_constituencies): reactions to the packages as signed."""
        model = self.model
        x = np.atleast_2d(np.asarray(packages, dtype=np.intp))
        oh = self.onehot(x)
        changed = x != self.status_quo[None, :]
        mix = oh.astype(np.float64) @ self._paradigm_votes
        total = mix.sum(axis=1, keepdims=True)
        mix = np.divide(mix, total, out=np.zeros_like(mix), where=total > 0)
        stance = self._stances(x, changed, mix)
        n_g, n, n_p = len(model.groups), self.size, x.shape[0]
        # every constituency at once: (P, G, n) arrays, with what the mood changes as one number per constituency
        factors = [rx._factors(g, "signed", climate(model, state, k)) for k, g in enumerate(model.groups)]
        gain_factor = np.array([f[0] for f in factors])
        endorse = np.array([f[1] for f in factors])
        both = oh @ self._weights
        u = both[:, : n_g * n].reshape(n_p, n_g, n) * gain_factor.astype(np.float32)[None, :, None]
        losses = both[:, n_g * n :].reshape(n_p, n_g, n)
        u += losses * self._loss_aversion[None, :, None]
        a = (changed @ self._priorities.T).astype(
            np.float32
        )  # (P, G): how much of an agreement, per constituency
        shift = (
            self._bias[None, :]
            + mix @ self._affinity.T
            + np.asarray(state.mood)[None, :]
            + np.asarray(state.peer)[None, :]
            + endorse[None, :]
        ).astype(np.float32)
        ready = shift[:, :, None] + self._readiness[None, :, :]
        ready *= a[:, :, None]
        u += ready
        st = (self._ideology_scale[None, :] * stance).astype(np.float32)
        u += st[:, :, None] * self._ideology[None, :, :]
        if self._rule_group.size:
            per, comp = self._taboos(x, changed)
            for k, (params, grp) in enumerate(zip(model.groups, self.groups, strict=True)):
                if params.sacred:
                    u[:, k, :] = self._sacred(
                        params,
                        grp,
                        k,
                        oh,
                        changed,
                        u[:, k, :],
                        losses[:, k, :],
                        float(gain_factor[k]),
                        per,
                        comp,
                    )
        band = self._band[None, :, None]
        above = np.count_nonzero(u > band, axis=2)
        support = above / n
        oppose = np.count_nonzero(u < -band, axis=2) / n
        lean = (np.count_nonzero(u > 0, axis=2) - above) / n
        return support, oppose, lean

    def _stances(self, x: IntArray, changed: BoolArray, mix: FloatArray) -> FloatArray:
        """(P, n_constituencies): how acceptable each package is to the other side's publics (as ``rx.stances``)."""
        model = self.model
        flat = np.arange(self.n_issues)[None, :] * self.width + x
        means = np.zeros((x.shape[0], len(model.groups)))
        for k, g in enumerate(model.groups):
            v = self._pref_diff[k][flat]
            credibility = 1.0 - rx.CREDIBILITY_WEIGHT * (1.0 - g.trust_other)
            terms = np.where(v > 0, credibility * v, g.loss_aversion * v) @ g.priorities
            means[:, k] = terms + (changed @ g.priorities) * (g.bias + mix @ g.paradigms)
        out = np.zeros_like(means)
        for k, others in enumerate(self._others):
            if others:
                w = self._pops[others] / self._pops[others].sum()
                out[:, k] = np.tanh((means[:, others] @ w) / rx.STANCE_SCALE)
        return out

    def _taboos(self, x: IntArray, changed: BoolArray) -> tuple[F32, npt.NDArray[np.int64]]:
        """For every sacred value (all constituencies') and text: how much of the taboo the text violates (0, or 1
        softened by each gesture it makes), and (per rule, text, issue) whether that issue's gains are offered as
        compensation for it."""
        n_p = x.shape[0]
        any_change = np.asarray(changed.any(axis=1), dtype=bool)
        active = self._rule_options[np.arange(self._rule_issue.size)[:, None], x[:, self._rule_issue].T]
        active &= any_change[None, :]  # no agreement signs anything away, not even today's arrangement
        kept = np.ones((self._rule_issue.size, n_p))
        for slot in range(self._gesture_issue.shape[1]):
            made = self._gesture_option[:, slot][:, None] == x[:, self._gesture_issue[:, slot]].T
            kept = np.where(made, kept * (1.0 - self._rule_softening)[:, None], kept)
        per = np.where(active, kept, 0.0).astype(np.float32)
        comp = active[:, :, None].astype(np.int64) * self._rule_compensation[:, None, :]  # (R, P, I)
        return per, comp

    def _sacred(
        self,
        params: GroupParams,
        grp: _Group,
        k_group: int,
        oh: F32,
        changed: BoolArray,
        u: F32,
        losses: F32,
        gain_factor: float,
        per_all: F32,
        comp_all: npt.NDArray[np.int64],
    ) -> F32:
        """The reaction's sacred-value rule for one constituency, on the texts that violate one of its taboos."""
        rules = self._group_rules[k_group]
        per = per_all[rules]
        hit = np.flatnonzero(per.any(axis=0))
        if hit.size == 0:
            return u
        # only texts that touch a sacred value are re-scored, as the reaction does person by person
        strength = (per[:, hit, None] * grp.taboo[:, None, :]).max(axis=0)
        mask = (comp_all[rules][:, hit, :].sum(axis=0) > 0) & changed[hit]
        masked = oh[hit] * np.repeat(mask, self.width, axis=1).astype(np.float32)
        n = self.size
        compensation = masked @ self._weights[:, k_group * n : (k_group + 1) * n]
        taboo_u = (
            np.float32(-rx.SACRED_PENALTY)
            + np.float32(params.loss_aversion) * losses[hit]
            - np.float32(rx.BACKFIRE * gain_factor) * compensation
        )
        sub = u[hit]
        u[hit] = (sub + strength * (taboo_u - sub)).astype(np.float32)
        return u

    # ------------------------------------------------------------------ votes
    def forecast(self, state: OpinionState, packages: IntArray) -> Forecast:
        """Each side's and the joint probability of ratifying each package (rows of option indices)."""
        with _one_blas_thread():
            support, oppose, lean = self.verdicts(state, packages)
            sides, side, joint = self.votes(support, oppose, lean, self._shocks, self._party_noise)
            few = slice(0, WIDE_DRAWS)  # a coarse reading is enough to tell near misses from routs
            _, _, wide = self.votes(
                support, oppose, lean, WIDE * self._shocks[few], WIDE * self._party_noise[few]
            )
        return Forecast(sides, side, joint, wide)

    def votes(
        self,
        support: FloatArray,
        oppose: FloatArray,
        lean: FloatArray,
        shocks: FloatArray,
        party_noise: FloatArray,
    ) -> tuple[tuple[str, ...], FloatArray, FloatArray]:
        """(sides, (P, sides) probabilities, (P,) joint) over the given voting-day scenarios."""
        model = self.model
        decided = support + oppose
        s_d = np.clip(support[:, None, :] + shocks[None, :, :], 0.0, decided[:, None, :])  # (P, D, G)
        undecided = 1.0 - decided
        n_p = support.shape[0]
        sides: list[str] = []
        probs: list[FloatArray] = []
        draws = shocks.shape[0]
        joint = np.ones((n_p, draws), dtype=bool)
        ids = model.ids
        for r in self.scenario.rules.ratification:
            if r.kind == "knesset":
                total = sum(p.seats for p in r.parties) or 120
                voters = np.zeros((len(ids), len(r.parties)))
                for j, party in enumerate(r.parties):
                    for cid, w in party.voters.items():
                        voters[ids.index(cid), j] = w
                dec = (
                    decided @ voters
                )  # (P, parties): shocks move people between sides, never out of the decided
                read = np.where(
                    dec[:, None, :] > 0, (s_d @ voters) / np.where(dec > 0, dec, 1.0)[:, None, :], 0.0
                )
                n_parties = len(r.parties)
                for_deal = read + party_noise[None, :, :n_parties] >= np.array(
                    [p.breakaway for p in r.parties]
                )
                passed = (
                    for_deal @ np.array([p.seats for p in r.parties], dtype=np.float64) > r.majority * total
                )
            elif r.kind == "referendum":
                members = [
                    k
                    for k, g in enumerate(model.groups)
                    if g.answers_to == r.delegation and g.votes_in == "referendum"
                ]
                if not members:
                    members = [k for k, g in enumerate(model.groups) if g.answers_to == r.delegation]
                pops = self._pops[members]
                cast = (
                    rat_mod.TURNOUT_DECIDED * decided[:, members]
                    + rat_mod.TURNOUT_UNDECIDED * undecided[:, members]
                ) @ pops
                turnout = cast / pops.sum()
                yes = (
                    rat_mod.TURNOUT_DECIDED * s_d[:, :, members]
                    + rat_mod.TURNOUT_UNDECIDED * lean[:, None, members]
                ) @ pops
                share = yes / np.maximum(cast, 1e-12)[:, None]
                passed = (turnout >= r.turnout_floor)[:, None] & (share > r.majority)
            else:
                continue
            sides.append(r.delegation)
            probs.append(passed.mean(axis=1))
            joint &= passed
        side = np.stack(probs, axis=1) if probs else np.zeros((n_p, 0))
        return tuple(sides), side, joint.mean(axis=1)


_SHARED: dict[int, tuple[Scenario, Forecaster]] = {}
CACHE_LIMIT = 20_000


def forecaster_for(scenario: Scenario) -> Forecaster:
    """One forecaster per scenario object, shared by every bot (the answers are public: polls anyone can read)."""
    hit = _SHARED.get(id(scenario))
    if hit is not None and hit[0] is scenario:
        return hit[1]
    if len(_SHARED) >= 8:
        _SHARED.pop(next(iter(_SHARED)))
    fc = Forecaster(scenario)
    _SHARED[id(scenario)] = (scenario, fc)
    return fc


class ForecastMemo:
    """Memoised forecasts by (public mood, package): within a round the mood rarely changes and bots ask about the
    same texts again and again. Calling it returns (probability per side, joint) for each package; a pure function
    of its arguments, so sharing it between seats leaks nothing."""

    def __init__(self, forecaster: Forecaster) -> None:
        self.forecaster = forecaster
        self._memo: dict[OpinionState, dict[bytes, tuple[FloatArray, float, float]]] = {}
        self._size = 0

    def __call__(self, state: OpinionState, packages: IntArray) -> tuple[FloatArray, FloatArray]:
        side, joint, _ = self.full(state, packages)
        return side, joint

    def full(self, state: OpinionState, packages: IntArray) -> tuple[FloatArray, FloatArray, FloatArray]:
        """(P, sides) per-side probabilities, (P,) joint and (P,) joint under wide uncertainty."""
        x = np.atleast_2d(np.asarray(packages, dtype=np.intp))
        keys = [row.tobytes() for row in x]
        memo = self._memo.get(state)
        if memo is None:
            if self._size > CACHE_LIMIT:
                self._memo.clear()
                self._size = 0
            memo = self._memo[state] = {}
        found = {key: memo[key] for key in keys if key in memo}
        missing = [k for k, key in enumerate(keys) if key not in found]
        if missing:
            f = self.forecaster.forecast(state, x[missing])
            for j, k in enumerate(missing):
                found[keys[k]] = memo[keys[k]] = (f.side[j].copy(), float(f.joint[j]), float(f.wide[j]))
            self._size += len(missing)
        side = np.stack([found[key][0] for key in keys])
        joint = np.array([found[key][1] for key in keys])
        wide = np.array([found[key][2] for key in keys])
        return side, joint, wide

    @property
    def sides(self) -> tuple[str, ...]:
        return self.forecaster.sides


_MEMOS: dict[int, tuple[Forecaster, ForecastMemo]] = {}


def memo_for(scenario: Scenario) -> ForecastMemo:
    fc = forecaster_for(scenario)
    hit = _MEMOS.get(id(fc))
    if hit is not None and hit[0] is fc:
        return hit[1]
    if len(_MEMOS) >= 8:
        _MEMOS.pop(next(iter(_MEMOS)))
    memo = ForecastMemo(fc)
    _MEMOS[id(fc)] = (fc, memo)
    return memo
