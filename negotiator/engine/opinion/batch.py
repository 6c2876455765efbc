"""Ratification of many packages at once: the opinion layer's vectorised path, for callers that compare texts.

:meth:`PublicOpinion.ratify <negotiator.engine.opinion.PublicOpinion.ratify>` answers for one package and takes a few
milliseconds, mostly fixed costs. A bot comparing a hundred candidate texts per move asks :class:`BatchRatifier`
instead, which gives the same answer for a whole batch in one go:

- the reactions (:meth:`BatchRatifier.verdicts`) follow :mod:`.reaction`'s formula, vectorised over packages: the
  gains and losses of every simulated person are linear in a package's one-hot encoding, so for all packages at once
  they are two matrix products, ``onehot @ max(weighted, 0)`` and ``onehot @ min(weighted, 0)``; everything the public
  mood changes (credibility, endorsement, mood, peer pressure) is a scalar per constituency; so is how much of a deal
  each person finds a package (the priority share of the changed issues they value, a third matrix product); paradigm
  mix and sacred values are vectorised over packages;
- the votes are counted by the very function the single path uses (:func:`.ratification.tally`), over voting-day
  scenarios the caller fixes (:class:`.ratification.VotingDay`: common random numbers, so forecasts are
  deterministic and comparisons between packages are not blurred by sampling noise).

**For whoever changes the opinion model**: the per-person formula lives in :mod:`.reaction` (one package) and in
:meth:`BatchRatifier.verdicts` (many). ``tests/opinion/test_batch.py`` checks that both give the same shares and that
:meth:`PublicOpinion.ratify` and :meth:`BatchRatifier.ratify` give the same probabilities for the same voting day, so a
change made in one place and not the other fails a test rather than drifting silently. The vote model itself has one
implementation (:func:`.ratification.tally`).
"""

from __future__ import annotations

from dataclasses import dataclass, replace

import numpy as np
import numpy.typing as npt

from negotiator.engine.opinion import reaction as rx
from negotiator.engine.opinion.dynamics import OpinionState, climate
from negotiator.engine.opinion.population import Population
from negotiator.engine.opinion.public import PublicOpinion
from negotiator.engine.opinion.ratification import VotingDay, tally, tally_plan
from negotiator.model.schema import PARADIGMS

FloatArray = npt.NDArray[np.float64]
F32 = npt.NDArray[np.float32]
IntArray = npt.NDArray[np.intp]
BoolArray = npt.NDArray[np.bool_]

_SQ_PARADIGM = PARADIGMS.index("status-quo")


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


@dataclass(frozen=True, slots=True)
class BatchRatification:
    """Ratification of a batch of packages (rows in the order asked) over one set of voting-day scenarios."""

    sides: tuple[str, ...]
    """Delegations whose side votes (``kind != "none"``), in the scenario's order."""
    side: FloatArray
    """(P, len(sides)) probability that each side ratifies."""
    joint: FloatArray
    """(P,) probability that every side ratifies (over the same voting-day scenarios)."""

    def of(self, delegation: str) -> FloatArray:
        """Probability for one delegation's side (1.0 when its side needs no vote)."""
        if delegation not in self.sides:
            return np.ones(self.joint.shape[0])
        return self.side[:, self.sides.index(delegation)]  # type: ignore[no-any-return]


@dataclass(frozen=True, slots=True, eq=False)
class _Group:
    readiness: F32
    """``spread * GENERAL * disposition``: each person's readiness for an agreement, as the reaction adds it."""
    taboo: F32
    """(n_sacred, n) 1.0 for people holding each sacred value."""


class BatchRatifier:
    """Reactions to and ratification of many signed packages, for one :class:`PublicOpinion`'s people (build once;
    it is immutable after construction, so one instance may serve several threads)."""

    def __init__(self, opinion: PublicOpinion) -> None:
        self.opinion = opinion
        model = opinion.model
        self.model = model
        self.scenario = opinion.scenario
        n_i, m = model.n_issues, model.max_options
        self.n_issues, self.width = n_i, m
        self.status_quo = model.status_quo
        n = opinion.people[0].size
        self.size = n
        self.groups = tuple(
            _Group(
                np.float32(g.spread * rx.GENERAL) * p.disposition,
                p.taboo.astype(np.float32),
            )
            for g, p in zip(model.groups, opinion.people, strict=True)
        )
        gs = model.groups
        # gains and losses of every person of every constituency side by side, and the priority of each term a
        # person values above today (``gained`` in the reaction): one matrix product per batch
        self._weights = np.ascontiguousarray(
            np.concatenate(
                [np.maximum(p.weighted, 0.0).reshape(n_i * m, n) for p in opinion.people]
                + [np.minimum(p.weighted, 0.0).reshape(n_i * m, n) for p in opinion.people]
                + [
                    (np.where(p.weighted > 0, np.float32(1.0), np.float32(0.0)) * g.priorities[:, None, None])
                    .astype(np.float32)
                    .reshape(n_i * m, n)
                    for g, p in zip(gs, opinion.people, strict=True)
                ],
                axis=1,
            )
        )
        # the size of each offer to each person (positive values), for compensation offered against a sacred value
        self._offers = np.ascontiguousarray(
            np.concatenate([np.maximum(p.values, 0.0).reshape(n_i * m, n) for p in opinion.people], axis=1)
        )
        self._loss_aversion = np.array([g.loss_aversion for g in gs], dtype=np.float32)
        self._priorities = np.stack([g.priorities for g in gs])
        self._bias = np.array([g.bias for g in gs])
        self._affinity = np.stack([g.paradigms for g in gs])
        self._readiness = np.stack([grp.readiness for grp in self.groups])
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
        # (G, R) which constituency each sacred value belongs to, to sum per-rule flags per constituency exactly
        self._rules_of_group = (self._rule_group[None, :] == np.arange(len(gs))[:, None]).astype(np.int64)
        # who holds which of its constituency's sacred values, as a few distinct patterns: a taboo's strength for a
        # person is then a gather from one row per pattern, not a (rules x texts x people) product and maximum.
        # Every constituency's patterns are rows of one (patterns, all rules) table (a pattern holds none of the
        # other constituencies' rules; the last row holds none at all, for constituencies without sacred values),
        # and ``_pattern_of`` gives each person of each constituency (G x n, model order) its row
        patterns: list[BoolArray] = []
        pattern_of: list[IntArray] = []
        for k, grp in enumerate(self.groups):
            if grp.taboo.shape[0]:
                held, which = np.unique(grp.taboo.T.astype(bool), axis=0, return_inverse=True)
                rows = np.zeros((held.shape[0], n_r), dtype=bool)
                rows[:, self._group_rules[k]] = held
                pattern_of.append(which.reshape(-1) + sum(q.shape[0] for q in patterns))
                patterns.append(rows)
            else:
                pattern_of.append(np.full(n, -1, dtype=np.intp))
        patterns.append(np.zeros((1, n_r), dtype=bool))
        table = np.concatenate(patterns)
        # each pattern as the indices of the rules it holds, padded with ``n_r`` (a row of zeros below the rules)
        held_most = max(1, int(table.sum(axis=1).max()))
        self._pattern_rules = np.full((table.shape[0], held_most), n_r, dtype=np.intp)
        for q, row in enumerate(table):
            self._pattern_rules[q, : row.sum()] = np.flatnonzero(row)
        self._pattern_of = np.concatenate(pattern_of)
        self._pattern_of[self._pattern_of < 0] = table.shape[0] - 1
        votes = np.zeros((n_i * m, len(PARADIGMS)))
        for i, options in enumerate(model.paradigm_votes):
            for o, pairs in enumerate(options):
                for p, w in pairs:
                    votes[i * m + o, p] += w
        votes[:, _SQ_PARADIGM] = 0.0
        self._paradigm_votes = votes
        self.sides = tuple(r.delegation for r in self.scenario.rules.ratification if r.kind != "none")
        self._plan = tally_plan(model, self.scenario)

    # ------------------------------------------------------------------ encoding
    def onehot(self, packages: IntArray) -> F32:
        x = np.atleast_2d(np.asarray(packages, dtype=np.intp))
        out = np.zeros((x.shape[0], self.n_issues * self.width), dtype=np.float32)
        out[np.arange(x.shape[0])[:, None], np.arange(self.n_issues)[None, :] * self.width + x] = 1.0
        return out

    @property
    def terms_width(self) -> int:
        """Columns of a package's :meth:`terms`."""
        return int(self._weights.shape[1])

    def terms(self, packages: IntArray) -> F32:
        """(P, 3 x G x n) what :meth:`verdicts` multiplies out of each package's one-hot encoding: every person's
        gains, losses and priority of terms gained, ``onehot(packages) @ _weights``, as the sum of the rows each
        package picks, added in issue order.

        Float32 additions in a fixed order, so a package's row does not depend on which packages are asked with it
        and may be kept and reused (a caller with many texts in several moods: the bots' forecaster). For two or
        more packages OpenBLAS's sgemm adds the picked rows in this very order (the one-hot's zeros add nothing), so
        ``verdicts(state, x, terms(x))`` equals ``verdicts(state, x)`` bit for bit
        (``tests/opinion/test_batch.py``); a single row goes through BLAS's vector path, which rounds differently."""
        x = np.atleast_2d(np.asarray(packages, dtype=np.intp))
        picked = np.arange(self.n_issues)[None, :] * self.width + x
        out: F32 = self._weights[picked[:, 0]]
        for i in range(1, self.n_issues):
            out += self._weights[picked[:, i]]
        return out

    # ------------------------------------------------------------------ votes
    def ratify(self, state: OpinionState, packages: IntArray, day: VotingDay) -> BatchRatification:
        """Each side's and the joint probability of ratifying each package (rows of option indices) as signed by
        both leaderships, with the public mood ``state``, over the voting-day scenarios ``day``."""
        return self.count(*self.verdicts(state, packages), day)

    def count(
        self, support: FloatArray, oppose: FloatArray, lean: FloatArray, day: VotingDay
    ) -> BatchRatification:
        """The votes on packages whose :meth:`verdicts` are known, over ``day`` (to read one reaction on several
        voting days without computing it again)."""
        sides: list[str] = []
        probs: list[FloatArray] = []
        joint = np.ones((support.shape[0], day.draws), dtype=bool)
        for t in tally(self.model, self.scenario, support, oppose, lean, day, self._plan):
            joint &= t.passed
            if t.kind != "none":
                sides.append(t.delegation)
                probs.append(t.passed.mean(axis=1))
        side = np.stack(probs, axis=1) if probs else np.zeros((support.shape[0], 0))
        return BatchRatification(tuple(sides), side, joint.mean(axis=1))

    # ------------------------------------------------------------------ reactions
    def verdicts(
        self, state: OpinionState, packages: IntArray, terms: F32 | None = None
    ) -> tuple[FloatArray, FloatArray, FloatArray]:
        """(support, oppose, lean_yes), each (P, n_constituencies): reactions to the packages as signed.

        ``terms``: the packages' :meth:`terms` when the caller keeps them (else the one-hot product is computed)."""
        model = self.model
        x = np.atleast_2d(np.asarray(packages, dtype=np.intp))
        oh = self.onehot(x)
        changed = x != self.status_quo[None, :]
        mix = oh.astype(np.float64) @ self._paradigm_votes
        total = mix.sum(axis=1, keepdims=True)
        mix = np.divide(mix, total, out=np.zeros_like(mix), where=total > 0)
        n_g, n, n_p = len(model.groups), self.size, x.shape[0]
        # every constituency at once: (P, G, n) arrays, with what the mood changes as one number per constituency
        factors = [rx._factors(g, "signed", climate(model, state, k)) for k, g in enumerate(model.groups)]
        gain_factor = np.array([f[0] for f in factors])
        endorse = np.array([f[1] for f in factors])
        both = oh @ self._weights if terms is None else terms
        u = both[:, : n_g * n].reshape(n_p, n_g, n) * gain_factor.astype(np.float32)[None, :, None]
        losses = both[:, n_g * n : 2 * n_g * n].reshape(n_p, n_g, n)
        gained = both[:, 2 * n_g * n :].reshape(n_p, n_g, n)
        weighed_losses = losses * self._loss_aversion[None, :, None]  # the sacred-value rule reuses it
        u += weighed_losses
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
        # how much of a deal each person finds it (rx.agreement_scope): a - gained where the person is not ready, else
        # a, as products with masks rather than np.where (the same float32 values, several times faster); a text
        # that changes nothing the constituency weighs (a = 0) is no deal and adds nothing
        scope = np.multiply(gained, ready <= 0)
        np.subtract(a[:, :, None], scope, out=scope)
        scope[a <= 0] = 0.0
        scope *= ready
        u += scope
        if self._rule_group.size:
            self._sacred(x, oh, changed, u, weighed_losses, gain_factor)
        band = self._band[None, :, None]
        mark = np.empty(u.shape, dtype=bool)
        above = np.count_nonzero(np.greater(u, band, out=mark), axis=2)
        support = above / n
        oppose = np.count_nonzero(np.less(u, -band, out=mark), axis=2) / n
        lean = (np.count_nonzero(np.greater(u, 0, out=mark), axis=2) - above) / n
        return support, oppose, lean

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
        self, x: IntArray, oh: F32, changed: BoolArray, u: F32, weighed_losses: F32, gain_factor: FloatArray
    ) -> None:
        """The reaction's sacred-value rule, every constituency and text at once, in place on ``u`` (P, G, n).

        Per person: ``u + strength * (taboo_u - u)``, the float32 operations of :func:`.reaction._sacred` in its
        order. A text that touches none of a constituency's sacred values has strength 0 for all its people, so the
        blend leaves their utility as it was (up to the sign of a zero, which no count reads); computing it there too
        is what lets one pass serve every constituency."""
        per, comp = self._taboos(x, changed)  # (R, P), (R, P, I)
        n_p, n_g, n = u.shape
        # strength = max over rules of per * taboo (taboo is 0 or 1, per >= 0): the largest ``per`` among the rules
        # a person holds, or 0; taken once per pattern of rules held and gathered per person (the same float32)
        by_pattern = np.vstack([per, np.zeros((1, n_p), dtype=np.float32)])[self._pattern_rules].max(
            axis=1
        )  # (Q, P)
        strength = by_pattern.T[:, self._pattern_of].reshape(n_p, n_g, n)
        # the gains offered as compensation for a violated taboo, per constituency on the texts that violate one
        # of its taboos (``hit``), by the very product the per-constituency rule used (the same rows, so the same
        # BLAS path and float32 sums); a constituency offered nothing on them gets zeros, as that product gives
        hits = (self._rules_of_group @ (per > 0)) > 0  # (G, P)
        offered = (self._rules_of_group @ comp.reshape(comp.shape[0], -1)).reshape(
            n_g, n_p, -1
        ) > 0  # (G, P, I)
        offered &= changed[None, :, :]
        offered &= hits[:, :, None]
        compensation = np.zeros(u.shape, dtype=np.float32)
        for k in np.flatnonzero(offered.any(axis=(1, 2))):
            hit = np.flatnonzero(hits[k])
            masked = oh[hit] * np.repeat(offered[k, hit], self.width, axis=1).astype(np.float32)
            compensation[hit, k, :] = masked @ self._offers[:, k * n : (k + 1) * n]
        backfire = np.array([rx.BACKFIRE * float(g) for g in gain_factor], dtype=np.float32)[None, :, None]
        taboo_u = (
            np.float32(-rx.SACRED_PENALTY) + weighed_losses
        )  # loss aversion x losses, as verdicts weighed them
        taboo_u -= backfire * compensation
        taboo_u -= u
        taboo_u *= strength
        u += taboo_u  # float32 throughout
