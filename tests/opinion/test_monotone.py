"""No sign reversals: a term every member of a constituency values can only help a package with that constituency.

For every constituency of the shipped scenarios, over random packages and every pair of options of an issue where the
better one is not today's (adding a valued term, or trading a term for a more valued one): among the members who value
one option above the other, the better option never lowers support and never raises opposition. A member's value of
a term is what it is worth to them in a package (``Population.weighted``: their own taste, bent by their hawk-dove
position, times their priority plus the term's salience as an incentive); with personal tastes no option is unanimous
in a whole constituency, so the test takes the members who agree as the constituency. Removing a disliked term back
to today is not checked: it may cost a ready person's support, since the deal becomes less of a deal.

Issue 18 found the opposite: Gaza and refugees abroad liked a deal more when Palestinians lost their national vote,
and Israeli Jews liked it less when it returned the hostages, because a separate package-level "stance" term rewarded
whatever the other side liked even where one's own side disliked it (test_the_reversals_issue_18_found_are_gone fails
on that model).

Two designed exceptions are left out. The idea a package amounts to is part of what respondents hear (a term that
makes a package an annexation costs support among those whose public rejects annexation, even those who like the
term), so the property is checked with every paradigm affinity set to zero. And sacred values: material compensation
offered for a violated taboo backfires among its holders (Ginges, Atran et al. 2007), so packages that violate a taboo
of the constituency are left out here and tested in test_sacred.py.
"""

from __future__ import annotations

import numpy as np
import pytest

from negotiator.engine.opinion import PublicOpinion
from negotiator.engine.opinion.reaction import shares, utilities
from negotiator.model.registry import get_scenario

from .conftest import with_constituency

PACKAGES = 12
MIN_MEMBERS = 30


def _violates_taboo(op: PublicOpinion, k: int, x: np.ndarray) -> bool:
    changed = bool((x != op.model.status_quo).any())
    return changed and any(rule.options[x[rule.issue]] for rule in op.model.groups[k].sacred)


def _support(op: PublicOpinion, k: int, x: np.ndarray, members: np.ndarray) -> tuple[float, float]:
    g = op.model.groups[k]
    u = utilities(g, op.people[k], x, op.model.status_quo, op.model.paradigm_mix(x))[members]
    s, o, _ = shares(u, g.band)
    return s, o


def _pairs(op: PublicOpinion, k: int) -> list[tuple[int, int, int, np.ndarray]]:
    """(issue, better, worse, members): option pairs and the members who value ``better`` above ``worse``."""
    out = []
    values = op.people[
        k
    ].weighted  # what the term is worth to each person in a package (incentives weigh more)
    for i, opts in enumerate(op.model.option_ids):
        for a in range(len(opts)):
            for b in range(len(opts)):
                members = np.flatnonzero(values[i, a] > values[i, b])
                if a != b and a != op.model.status_quo[i] and members.size >= MIN_MEMBERS:
                    out.append((i, a, b, members))
    return out


@pytest.mark.parametrize("scenario_id", ["confederation", "water-and-crossings"])
def test_a_term_every_member_values_never_costs_support(scenario_id: str) -> None:
    sc = get_scenario(scenario_id)
    for c in sc.constituencies:
        sc = with_constituency(sc, c.id, opinion__paradigms={})
    op = PublicOpinion.create(sc, seed=0, size=400)
    rng = np.random.default_rng(18)
    n_opts = np.array([len(o) for o in op.model.option_ids])
    checked = 0
    for k, g in enumerate(op.model.groups):
        pairs = _pairs(op, k)
        assert pairs, f"{g.id}: no option that members prefer to another (the test would be empty)"
        for _ in range(PACKAGES):
            x = (rng.random(n_opts.size) * n_opts).astype(np.intp)
            for i, better, worse, members in pairs:
                with_better, with_worse = x.copy(), x.copy()
                with_better[i], with_worse[i] = better, worse
                if _violates_taboo(op, k, with_better) or _violates_taboo(op, k, with_worse):
                    continue
                s_better, o_better = _support(op, k, with_better, members)
                s_worse, o_worse = _support(op, k, with_worse, members)
                issue = op.model.issue_ids[i]
                what = f"{g.id}: {issue} {op.model.option_ids[i][worse]} -> {op.model.option_ids[i][better]}"
                assert s_better >= s_worse, f"{what} lowers support {s_worse:.3f} -> {s_better:.3f}"
                assert o_better <= o_worse, f"{what} raises opposition {o_worse:.3f} -> {o_better:.3f}"
                checked += 1
    assert checked > 100


def test_the_reversals_issue_18_found_are_gone() -> None:
    """The two cases named in the issue, on the full game publics: hostages home raise Israeli Jewish support, and
    a Palestinian national vote raises support in Gaza and among refugees abroad."""
    sc = get_scenario("confederation")
    op = PublicOpinion.create(sc, seed=0)
    base = dict(sc.reference("pulse-2016").options)
    hostages = op.react({**base, "prisoners": "exchange"})["israeli_jews"].support
    no_hostages = op.react({**base, "prisoners": "none"})["israeli_jews"].support
    assert hostages > no_hostages
    vote = op.react({**base, "voting": "by-citizenship"})
    no_vote = op.react({**base, "voting": "no-national-vote"})
    for cid in ("gaza", "refugees"):
        assert vote[cid].support > no_vote[cid].support, cid
