"""An open border and cross-residence lower the stakes of where the line runs (issue 18, item 7): the confederation
scenario's delegations value the contested line less when the border opens or residence is free, and the terms that
say so keep the exact analysis small (issue 18's first try coupled territory with settlements and residency: one
compound issue of 216 million options, and ``negotiator analyze`` no longer ran)."""

from __future__ import annotations

import numpy as np
import pytest

from negotiator.engine.compiled import compile_scenario
from negotiator.engine.domain import build_domain
from negotiator.model.registry import get_scenario
from negotiator.model.schema import Scenario


@pytest.fixture(scope="module")
def confed() -> Scenario:
    return get_scenario("confederation")


def _gain(sc: Scenario, delegation: str, change: dict[str, str], under: dict[str, str]) -> float:
    """How much ``delegation`` gains from ``change`` to the essay's package with ``under`` set, in points."""
    compiled = compile_scenario(sc)
    base = dict(sc.reference("essay-confederation").options) | under
    return compiled.score_one(base | change)[delegation] - compiled.score_one(base)[delegation]


@pytest.mark.parametrize(
    ("delegation", "change", "opening", "closed"),
    [
        # Israel: a line close to 1967 costs less when Israelis can still cross it
        (
            "israel",
            {"territory": "swaps-small"},
            {"border_regime": "open-after-transition"},
            {"border_regime": "regulated-crossings"},
        ),
        # Palestine: the blocs Israel keeps cost less when the border is open, or residence free in time
        (
            "palestine",
            {"territory": "swaps-blocs"},
            {"border_regime": "open-after-transition"},
            {"border_regime": "regulated-crossings"},
        ),
        (
            "palestine",
            {"settlements": "blocs-annexed"},
            {"residency": "phased-then-free"},
            {"residency": "phased-quotas"},
        ),
    ],
)
def test_an_open_border_lowers_the_stakes_of_the_line(
    confed: Scenario, delegation: str, change: dict[str, str], opening: dict[str, str], closed: dict[str, str]
) -> None:
    start = {"territory": "swaps-blocs" if change.get("territory") == "swaps-small" else "swaps-small"}
    if "settlements" in change:
        start = {"settlements": "stay-as-residents"}
    # the same move on the line is worth more (or costs less) to the delegation with the border open
    assert _gain(confed, delegation, change, start | opening) > _gain(
        confed, delegation, change, start | closed
    )


def test_the_stakes_terms_keep_the_analysis_small(confed: Scenario) -> None:
    """The two principals' interaction terms couple issues into compound issues the ZOPA count enumerates: they stay
    far below the 5 million options analyze refuses (360,000 and 600 today)."""
    compiled = compile_scenario(confed)
    domain = build_domain(compiled, ["israel", "palestine"])
    sizes = [int(np.prod([len(confed.issues[i].options) for i in group])) for group in domain.components]
    assert max(sizes) <= 400_000
    # territory and the settlements/residence cluster stay apart (coupling them made 216 million)
    ids = [i.id for i in confed.issues]
    together = next(g for g in domain.components if ids.index("territory") in g)
    assert ids.index("settlements") not in together and ids.index("residency") not in together
