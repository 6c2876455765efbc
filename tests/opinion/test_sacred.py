"""Sacred values on both sides (issue 18, item 5), as the experiments of Ginges, Atran, Medin and Shikaki (PNAS 2007)
found them among Israeli settlers and Palestinians: a concession over a sacred value is not bought by material
compensation (offering it *raises* opposition among those who hold the value) but a symbolic gesture by the other
side over its own sacred values (recognition, acknowledgement) softens it."""

from __future__ import annotations

import numpy as np
import pytest

from negotiator.engine.opinion import PublicOpinion
from negotiator.model.schema import Scenario

from .conftest import with_constituency


def _holders(op: PublicOpinion, cid: str, issue: str) -> np.ndarray:
    k = op.model.index(cid)
    rules = [j for j, r in enumerate(op.model.groups[k].sacred) if op.model.issue_ids[r.issue] == issue]
    assert rules, f"{cid} holds no sacred value on {issue}"
    return np.asarray(op.people[k].taboo[rules[0]])


def test_both_sides_hold_sacred_values_on_refugees_and_the_holy_sites(confed: Scenario) -> None:
    for side in ("israel", "palestine"):
        held = {
            s.issue
            for c in confed.constituencies
            if c.answers_to == side and c.votes_in != "none"
            for s in c.sacred
        }
        assert {"refugees", "holy_sites", "jerusalem"} <= held, side
    palestinians = [c for c in confed.constituencies if c.answers_to == "palestine"]
    assert all(any(s.issue == "holy_sites" for s in c.sacred) for c in palestinians)
    jews = [c for c in confed.constituencies if "israeli_jews" in c.groups]
    assert all(any(s.issue == "refugees" for s in c.sacred) for c in jews)
    # material compensation backfires wherever a sacred value is configured with it, on both sides
    assert any(s.compensation for c in jews for s in c.sacred)
    assert all(any(s.compensation for s in c.sacred if s.issue == "refugees") for c in palestinians)


@pytest.mark.parametrize(
    ("cid", "issue", "taboo", "money"),
    [
        ("settlers", "territory", {}, {"economy": "customs-union-fund"}),
        ("refugees", "refugees", {"refugees": "compensation-only"}, {"economy": "customs-union-fund"}),
        ("secular_jews", "refugees", {"refugees": "residency-in-israel"}, {"economy": "customs-union-fund"}),
    ],
)
def test_money_for_a_sacred_concession_backfires_among_its_holders(
    confed: Scenario, cid: str, issue: str, taboo: dict[str, str], money: dict[str, str]
) -> None:
    op = PublicOpinion.create(confed, seed=0, size=3000)
    base = {**confed.reference("pulse-2016").options, "economy": "today", **taboo}
    holders = _holders(op, cid, issue)
    without = op.utilities(cid, base)
    paid = op.utilities(cid, {**base, **money})
    assert paid[holders].mean() < without[holders].mean() - 0.01  # the offer insults those who hold the value
    k = op.model.index(cid)
    others = ~op.people[k].taboo.any(axis=0)  # people who hold no sacred value at all
    i = op.model.issue_ids.index("economy")
    option = op.model.option_ids[i].index(money["economy"])
    likes = others & (op.people[k].values[i, option] > 0)
    assert paid[likes].mean() > without[likes].mean()  # the rest take the money as the gain it is


@pytest.mark.parametrize(
    ("cid", "issue", "package", "gesture"),
    [
        ("settlers", "territory", {"recognition": "mutual"}, {"recognition": "homelands-end-of-claims"}),
        (
            "refugees",
            "refugees",
            {"refugees": "compensation-only", "recognition": "homelands-end-of-claims"},
            {"recognition": "narratives-acknowledged"},
        ),
        (
            "secular_jews",
            "refugees",
            {"refugees": "residency-in-israel", "recognition": "mutual"},
            {"recognition": "homelands-end-of-claims"},
        ),
    ],
)
def test_a_symbolic_gesture_softens_a_sacred_value(
    confed: Scenario, cid: str, issue: str, package: dict[str, str], gesture: dict[str, str]
) -> None:
    """The gesture helps the value's holders more than it would if it did not soften the taboo."""
    base = {**confed.reference("pulse-2016").options, **package}
    c = confed.constituency(cid)
    plain = [s.model_copy(update={"softened_by": []}) if s.issue == issue else s for s in c.sacred]
    unsoftened = with_constituency(confed, cid, sacred=plain)

    def gain(sc: Scenario) -> float:
        op = PublicOpinion.create(sc, seed=0, size=3000)
        holders = _holders(op, cid, issue)
        return float(
            op.utilities(cid, {**base, **gesture})[holders].mean() - op.utilities(cid, base)[holders].mean()
        )

    assert gain(confed) > gain(unsoftened) + 0.05
