"""Brief and red lines cannot drift apart; coherence terms and persona overlays load strictly; paradigm exclusions.

The brief test *reads* each shipped delegation's briefs: every sentence that says "cannot" must be quoted by one of
its red lines, and every quote must be in the brief. Mutating a brief or a red line makes the loader say so in one line.
"""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from negotiator.engine.opinion.population import compile_opinion
from negotiator.model import ScenarioError, parse_scenario
from negotiator.model.checks import brief_cannots
from negotiator.model.paradigm import classify
from negotiator.model.registry import get_scenario, scenarios_dir, shipped_scenarios
from negotiator.model.schema import PARADIGMS

TEXTS = {sid: (scenarios_dir() / f"{sid}.toml").read_text(encoding="utf-8") for sid in shipped_scenarios()}


def _problems(text: str) -> list[str]:
    try:
        parse_scenario(text.encode("utf-8"), "x.toml")
    except ScenarioError as e:
        return [str(p) for p in e.problems]
    return []


@pytest.mark.parametrize("scenario_id", sorted(TEXTS))
def test_every_cannot_in_a_brief_is_a_red_line(scenario_id: str) -> None:
    sc = get_scenario(scenario_id)
    found = 0
    for d in sc.delegations:
        quotes = [" ".join(r.says.split()) for r in d.red_lines if r.says]
        for text in (d.brief, d.confidential_brief):
            for sentence in brief_cannots(text):
                found += 1
                covered = [r for r in d.red_lines if r.says and " ".join(r.says.split()) in sentence]
                assert covered, f"{d.id}: {sentence!r} has no red line"
                assert all(r.options for r in covered)
        flat = " ".join((d.brief + " " + d.confidential_brief).split())
        assert all(q in flat for q in quotes), d.id
    assert found >= 1  # each shipped scenario has at least one "cannot": the test reads something


def test_the_palestinian_brief_rules_out_israeli_sovereignty_over_the_haram() -> None:
    pal = get_scenario("confederation").delegation("palestine")
    assert any(r.issue == "holy_sites" and "today" in r.options for r in pal.red_lines)


def test_a_cannot_without_a_red_line_is_a_load_error() -> None:
    text = TEXTS["confederation"]
    anchor = "You cannot sign a state in\nfragments surrounded by annexed land."
    assert anchor in text
    bad = text.replace(anchor, anchor + " You cannot sign a customs union.")
    problems = _problems(bad)
    assert len(problems) == 1 and "delegations[palestine].brief" in problems[0] and "cannot" in problems[0]
    assert "\n" not in problems[0]


def test_a_red_line_quoting_words_not_in_the_brief_is_a_load_error() -> None:
    text = TEXTS["confederation"]
    bad = text.replace(
        'says = "You cannot sign a state in fragments"', 'says = "You cannot sign a moon base"'
    )
    problems = _problems(bad)
    assert any("red_lines[" in p and "is not in the brief" in p for p in problems), problems


def test_coherence_terms_and_overlays_are_checked_on_load() -> None:
    text = TEXTS["confederation"]
    bad = text.replace(
        'when = { settlements = ["stay-as-residents"], residency = ["none"] }',
        'when = { settlements = ["stay-as-residents"], residency = ["nowhere"] }',
    )
    assert any("coherence[" in p and "'nowhere'" in p for p in _problems(bad))
    bad = text.replace(
        'persona = "conciliator"\nwhy = "A cabinet', 'persona = "hard-liner"\nwhy = "A cabinet', 1
    )
    assert any("overlays[hard-liner]" in p and "two overlays" in p for p in _problems(bad))


def test_a_reference_package_that_contradicts_itself_is_a_load_error() -> None:
    text = TEXTS["confederation"]
    start = text.index('id = "geneva-2003"')
    block = text[start:]
    old = block[: block.index("[[packages]]")]
    new = old.replace('residency = "none"', 'residency = "none"', 1).replace(
        'settlements = "blocs-annexed"', 'settlements = "stay-as-residents"', 1
    )
    assert new != old
    problems = _problems(text.replace(old, new))
    assert any("packages[geneva-2003].options" in p and "contradict" in p for p in problems), problems


def test_reference_packages_are_coherent_and_the_named_contradiction_is_a_term() -> None:
    sc = get_scenario("confederation")
    for ref in sc.packages:
        assert sc.contradictions(ref.options) == [], ref.id
    pkg = dict(sc.reference("essay-confederation").options)
    pkg["settlements"] = (
        "blocs-annexed"  # every settler outside the blocs evacuated, refugee quota still "matching"
    )
    assert any("settlers who stay" in t.why for t in sc.contradictions(pkg))


def test_overlays_change_values_not_the_brief() -> None:
    isr = get_scenario("confederation").delegation("israel")
    hard = isr.as_played_by("hard-liner")
    assert {r.issue for r in hard.red_lines} > {r.issue for r in isr.red_lines}
    assert hard.points["jerusalem"]["open-city-two"] < isr.points["jerusalem"]["open-city-two"]
    assert all(0 <= v <= 100 for row in hard.points.values() for v in row.values())
    assert isr.as_played_by("reciprocator") is isr  # no overlay: the brief's values
    pal = get_scenario("confederation").delegation("palestine")
    assert {tuple(r.options) for r in pal.as_played_by("hard-liner").red_lines} != {
        tuple(r.options) for r in isr.as_played_by("hard-liner").red_lines
    }


def test_one_land_without_a_national_vote_is_never_separation() -> None:
    sc = get_scenario("confederation")
    pkg = dict(sc.reference("clinton-2000").options)  # a separation package ...
    assert classify(sc, pkg).paradigm == "separation"
    pkg.update(
        territory="one-land", voting="no-national-vote"
    )  # ... with one land and no vote for Palestinians
    c = classify(sc, pkg)
    assert c.votes["separation"] > c.votes["one-state-unequal"]  # the separation clauses still outvote it
    assert c.paradigm == "one-state-unequal"


@settings(max_examples=300)
@given(st.data())
def test_one_land_or_no_national_vote_is_never_labelled_separation(data: st.DataObject) -> None:
    """Any package with no partition, or with Palestinians left without a national vote, is never labelled
    separation (nor confederation), by the paradigm classifier or by the opinion model's label; the two agree."""
    sc = get_scenario("confederation")
    model = compile_opinion(sc)
    pkg = {i.id: data.draw(st.sampled_from([o.id for o in i.options]), label=i.id) for i in sc.issues}
    which = data.draw(st.sampled_from(["territory", "voting", "both"]))
    if which in ("territory", "both"):
        pkg["territory"] = "one-land"
    if which in ("voting", "both"):
        pkg["voting"] = "no-national-vote"
    label = classify(sc, pkg).paradigm
    assert label not in ("separation", "confederation"), pkg
    x = np.array([opts.index(pkg[i]) for i, opts in zip(model.issue_ids, model.option_ids, strict=True)])
    assert PARADIGMS[model.paradigm(x)] == label
