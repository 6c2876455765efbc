"""The game's window on public opinion: polls each round, reactions to events and statements, ratification.

This is a thin adapter. The public-reaction layer (``negotiator.engine.opinion``: calibrated populations, dynamics,
Knesset vote, referendum) does the modelling; this module turns its answers into the small frozen records the game
state keeps (:class:`PollRow`, :class:`VoteResult`) and keeps the public mood as plain tuples so the state stays
hashable and replayable. Until that layer is importable, a closed-form stand-in below gives the same kinds of answers
from the scenario's constituency parameters (mean utility against the status quo with loss aversion, reactive
devaluation, sacred values, trust and mood), so the rules and the bots never need to know which one is in use.

Everything here is a pure function of public data (the scenario's constituencies and events, public statements and
packages); no delegation's confidential points are read, which keeps the views' confidentiality proof simple.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass

import numpy as np

from negotiator.game.statements import StatementText
from negotiator.model.schema import Constituency, Event, Scenario

INERTIA = 0.85
"""Share of a mood or trust shift that survives into the next round (design choice: events fade, slowly)."""
SAMPLE = 1000
"""Respondents in a published poll, for the 90% interval (design choice, typical of the joint polls)."""


@dataclass(frozen=True, slots=True)
class OpinionState:
    """Shifts of each constituency's mood and trust since the talks began (public: caused by public moves)."""

    shifts: tuple[tuple[str, float, float, float], ...]
    """(constituency id, mood, trust_own, trust_other), in scenario order."""

    def shift(self, constituency_id: str) -> tuple[float, float, float]:
        for cid, mood, t_own, t_other in self.shifts:
            if cid == constituency_id:
                return mood, t_own, t_other
        return 0.0, 0.0, 0.0


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
    """Seats for (Knesset) or votes for among those cast (referendum), as a share."""
    probability: float
    """Probability the vote passes, given the publics' support and its uncertainty."""
    detail: tuple[tuple[str, float], ...] = ()


def _r(x: float) -> float:
    """Rounded so tiny float differences between machines never change a stored record or a later decision."""
    return round(float(x), 6) + 0.0


def _cdf(x: float) -> float:
    return 0.5 * (1.0 + math.erf(x / math.sqrt(2.0)))


class Publics:
    """Opinion answers for one scenario (cheap to build; the rules keep one per game context)."""

    def __init__(self, scenario: Scenario) -> None:
        self.scenario = scenario
        self.constituencies: tuple[Constituency, ...] = tuple(scenario.constituencies)
        self.principals = tuple(d.id for d in scenario.principals)
        self._groups: dict[str, list[str]] = {}
        for c in self.constituencies:
            for g in c.groups:
                self._groups.setdefault(g, []).append(c.id)

    # ------------------------------------------------------------------ dynamics
    def initial(self) -> OpinionState:
        return OpinionState(tuple((c.id, 0.0, 0.0, 0.0) for c in self.constituencies))

    def _targets(self, target: str) -> set[str]:
        if target == "all":
            return {c.id for c in self.constituencies}
        if target in self._groups:
            return set(self._groups[target])
        return {target}

    def after_event(self, state: OpinionState, event: Event) -> OpinionState:
        shifts = {cid: [m, a, b] for cid, m, a, b in state.shifts}
        for eff in event.effects:
            for cid in sorted(self._targets(eff.target)):
                if cid in shifts:
                    shifts[cid][0] += eff.mood
                    shifts[cid][1] += eff.trust_own
                    shifts[cid][2] += eff.trust_other
        return OpinionState(tuple((cid, _r(m), _r(a), _r(b)) for cid, (m, a, b) in shifts.items()))

    def after_statement(self, state: OpinionState, speaker: str, text: StatementText) -> OpinionState:
        out = []
        for cid, m, a, b in state.shifts:
            c = self.scenario.constituency(cid)
            if c.answers_to == speaker:
                m, a = m + text.own_mood, a + text.own_trust_own
            elif speaker in self.principals:
                m, b = m + text.other_mood, b + text.other_trust_other
            else:  # a third party speaks to everyone
                m, b = m + text.other_mood, b + text.other_trust_other
            out.append((cid, _r(m), _r(a), _r(b)))
        return OpinionState(tuple(out))

    def after_guarantee(self, state: OpinionState, beneficiary: str, points: float) -> OpinionState:
        """A third party's guarantee or payment reassures the beneficiary's public a little (trust in the deal)."""
        bump = min(points, 10.0) * 0.003
        return OpinionState(tuple(
            (cid, _r(m + (bump if self.scenario.constituency(cid).answers_to == beneficiary else 0.0)), a, b)
            for cid, m, a, b in state.shifts
        ))

    def after_round(self, state: OpinionState) -> OpinionState:
        return OpinionState(tuple((cid, _r(m * INERTIA), _r(a * INERTIA), _r(b * INERTIA))
                                  for cid, m, a, b in state.shifts))

    # ------------------------------------------------------------------ polls
    def _support(self, c: Constituency, state: OpinionState, package: Mapping[str, str],
                 proposer: str | None) -> tuple[float, float, float]:
        """Shares (support, oppose, undecided) of a constituency for a (possibly partial) package."""
        mood, t_own, t_other = state.shift(c.id)
        o = c.opinion
        total_w = sum(c.priorities.values()) or 1.0
        u = 0.0
        for issue_id, option_id in package.items():
            pref = c.preferences.get(issue_id, {}).get(option_id, 0.0)
            w = c.priorities.get(issue_id, 0.0) / total_w
            u += w * (pref if pref >= 0 else o.loss_aversion * pref)
        trust_own = min(max(o.trust_own + t_own, 0.0), 1.0)
        trust_other = min(max(o.trust_other + t_other, 0.0), 1.0)
        u += o.bias * 0.1 + mood + 0.1 * (trust_own - 0.5) + 0.1 * (trust_other - 0.3)
        if proposer is not None and proposer != c.answers_to and proposer in self.principals:
            u -= o.devaluation * (0.05 + 0.3 * abs(u))  # the same offer, liked less from the other side
        taboo = 0.0
        for s in c.sacred:
            if package.get(s.issue) in s.options:
                soft = any(package.get(g.split(".")[0]) == g.split(".")[1] for g in s.softened_by)
                taboo = max(taboo, s.share * (0.6 if soft else 1.0))
        sd = max(0.5 * o.spread, 1e-6)
        band = o.undecided_band * 0.5
        support = (1.0 - taboo) * (1.0 - _cdf((band - u) / sd))
        oppose = taboo + (1.0 - taboo) * _cdf((-band - u) / sd)
        undecided = max(0.0, 1.0 - support - oppose)
        return support, oppose, undecided

    def poll(self, state: OpinionState, package: Mapping[str, str], proposer: str | None = None) -> tuple[PollRow, ...]:
        """Every constituency and every group (population-weighted), sorted by id; percentages."""
        shares: dict[str, tuple[float, float, float]] = {}
        for c in self.constituencies:
            shares[c.id] = self._support(c, state, package, proposer)
        rows: dict[str, tuple[float, float, float]] = dict(shares)
        for g, members in self._groups.items():
            pops = np.array([self.scenario.constituency(m).population for m in members], dtype=float)
            vals = np.array([shares[m] for m in members])
            rows[g] = tuple(float(x) for x in (pops @ vals) / pops.sum())  # type: ignore[assignment]
        out = []
        for gid in sorted(rows):
            s, o, u = rows[gid]
            half = 1.645 * math.sqrt(max(s * (1 - s), 1e-9) / SAMPLE)
            out.append(PollRow(gid, _r(100 * s), _r(100 * o), _r(100 * u),
                               _r(100 * max(0.0, s - half)), _r(100 * min(1.0, s + half))))
        return tuple(out)

    # ------------------------------------------------------------------ ratification
    def ratify(self, state: OpinionState, package: Mapping[str, str],
               rng: np.random.Generator) -> tuple[VoteResult, ...]:
        """Each side's vote on a signed package, in the scenario's ratification order."""
        shares = {c.id: self._support(c, state, package, None) for c in self.constituencies}
        results = []
        for rat in self.scenario.rules.ratification:
            if rat.kind == "knesset":
                results.append(self._knesset(rat.delegation, rat.parties, rat.majority, shares, rng))
            elif rat.kind == "referendum":
                results.append(self._referendum(rat.delegation, rat.majority, rat.turnout_floor, shares, rng))
            else:
                results.append(VoteResult(rat.delegation, "none", True, 1.0, 1.0))
        return tuple(results)

    def _knesset(self, delegation: str, parties: list, majority: float,  # type: ignore[type-arg]
                 shares: dict[str, tuple[float, float, float]], rng: np.random.Generator) -> VoteResult:
        seats_for = 0.0
        p_each = []
        detail = []
        total = sum(p.seats for p in parties) or 120
        for p in parties:
            support = sum(share * shares.get(cid, (0.0, 0.0, 0.0))[0] for cid, share in p.voters.items())
            decided = sum(share * (shares.get(cid, (0, 0, 0))[0] + shares.get(cid, (0, 0, 0))[1])
                          for cid, share in p.voters.items()) or 1.0
            margin = support / decided - p.breakaway
            prob = _cdf(margin / 0.05)  # a bloc's reading of its voters is uncertain by a few points
            votes_for = bool(rng.random() < prob)
            p_each.append((p.seats, prob))
            seats_for += p.seats if votes_for else 0
            detail.append((p.id, 1.0 if votes_for else 0.0))
        mean = sum(s * q for s, q in p_each)
        var = sum(s * s * q * (1 - q) for s, q in p_each)
        need = majority * total
        probability = _cdf((mean - need) / math.sqrt(var)) if var > 0 else float(mean > need)
        share = seats_for / total
        return VoteResult(delegation, "knesset", share > majority, _r(share), _r(probability), tuple(detail))

    def _referendum(self, delegation: str, majority: float, turnout_floor: float,
                    shares: dict[str, tuple[float, float, float]], rng: np.random.Generator) -> VoteResult:
        voters = [c for c in self.constituencies if c.votes_in == "referendum" and c.answers_to == delegation]
        if not voters:
            voters = [c for c in self.constituencies if c.answers_to == delegation]
        pops = np.array([c.population for c in voters], dtype=float)
        s = np.array([shares[c.id][0] for c in voters])
        o = np.array([shares[c.id][1] for c in voters])
        u = np.array([shares[c.id][2] for c in voters])
        turnout = float(pops @ (s + o + 0.3 * u) / pops.sum()) if pops.size else 0.0
        yes = float(pops @ (s + 0.5 * 0.3 * u)) / max(float(pops @ (s + o + 0.3 * u)), 1e-9) if pops.size else 0.0
        noise = float(rng.normal(0.0, 0.02))  # campaign swings in the last weeks
        yes_final = yes + noise
        probability = _cdf((yes - majority) / 0.02) if turnout >= turnout_floor else 0.0
        passed = yes_final > majority and turnout >= turnout_floor
        return VoteResult(delegation, "referendum", passed, _r(yes_final), _r(probability),
                          (("turnout", _r(turnout)),))

    def predicted_pass(self, state: OpinionState, package: Mapping[str, str], delegation: str) -> float:
        """Probability that ``delegation``'s side ratifies ``package`` (1.0 when it needs no vote)."""
        shares = {c.id: self._support(c, state, package, None) for c in self.constituencies}
        rng = np.random.default_rng(0)
        for rat in self.scenario.rules.ratification:
            if rat.delegation != delegation:
                continue
            if rat.kind == "knesset":
                return self._knesset(delegation, rat.parties, rat.majority, shares, rng).probability
            if rat.kind == "referendum":
                return self._referendum(delegation, rat.majority, rat.turnout_floor, shares, rng).probability
        return 1.0
