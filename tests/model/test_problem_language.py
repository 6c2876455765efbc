"""A scenario's problems read in the reader's language (issue 14): every problem the loader, the cross-field checks
and the translation checks find is a catalogue message, rendered in Hebrew or Arabic with no message id and no
English sentence left, and in English exactly as ``negotiator validate`` has always printed it."""

from __future__ import annotations

import copy
import re
import tomllib
from typing import Any

import pytest

from negotiator.model.errors import Problem, ScenarioError
from negotiator.model.loader import parse_scenario, scenario_from_dict
from negotiator.model.registry import scenario_path
from negotiator.model.translation import ScenarioTranslation, parse_translation, translation_file
from negotiator.model.translation_checks import check_translation
from negotiator.text import FSI, PDI, Message
from negotiator.text.catalogue import entries

SCRIPT = {"he": re.compile("[\u0590-\u05ff]"), "ar": re.compile("[\u0600-\u06ff]")}
WATER = scenario_path("water-and-crossings")


def _base() -> dict[str, Any]:
    return tomllib.loads(WATER.read_text(encoding="utf-8"))


def _broken() -> list[Problem]:
    """A spread of problems: file-level, type, range, length, literal, id and cross-field ones."""
    found: list[Problem] = []
    for raw in (b"", b"a = = 1\n", b"\xff\xfe", b"x\x00"):
        with pytest.raises(ScenarioError) as exc:
            parse_scenario(raw, "w.toml")
        found += exc.value.problems
    d = _base()
    d["scenario"]["id"] = "Bad Id"
    d["rules"]["rounds"] = "six"
    d["delegations"][0]["points"]["crossings"]["civilian"] = 150
    d["delegations"][0]["role"] = "king"
    d["issues"][0]["options"] = []
    d["delegations"][1]["title"] = ""
    d["bogus"] = 1
    with pytest.raises(ScenarioError) as exc:
        scenario_from_dict(d, "w.toml")
    found += exc.value.problems
    d = _base()
    d["rules"]["signatories"] = ["nobody", *d["rules"]["signatories"]]
    del d["delegations"][0]["points"][d["issues"][0]["id"]]
    d["delegations"][0]["priorities"]["nowhere"] = 1
    d["issues"][1]["options"][0]["tags"] = ["map-border-nowhere", "map-moon-1"]
    with pytest.raises(ScenarioError) as exc:
        scenario_from_dict(d, "w.toml")
    found += exc.value.problems
    return found


def _translation_problems() -> list[Problem]:
    scenario = scenario_from_dict(_base(), str(WATER))
    he = tomllib.loads(translation_file(WATER, "he").read_text(encoding="utf-8"))
    t = copy.deepcopy(he)
    first = next(iter(t["issues"]))
    t["issues"][first]["title"] = "Water {x} 1977"
    t["issues"]["moon"] = {"title": "ירח"}
    t["translation"]["scenario"] = "elsewhere"
    report = check_translation(scenario, ScenarioTranslation.model_validate(t), "w.he.toml")
    with pytest.raises(ScenarioError) as exc:
        parse_translation(b'[translation]\nlanguage = "ar"\n', "w.he.toml")
    return report.problems + list(exc.value.problems)


def test_english_lines_are_as_validate_always_printed_them() -> None:
    lines = [p.line() for p in _broken() + _translation_problems()]
    for want in (
        "w.toml: (file): is empty; start from a shipped scenario",
        "w.toml: line 1, column 5: is not valid TOML (Invalid value); fix the syntax there (quotes, brackets, "
        "'=' between key and value)",
        "w.toml: byte 0: is not UTF-8 text; save the file as UTF-8 in a text editor",
        "w.toml: scenario.id: 'Bad Id' is not a valid id; use lowercase letters and digits joined by '-' or '_', "
        "starting with a letter",
        "w.toml: rules.rounds: should be a whole number, not str; write a whole number",
        "w.toml: issues[water].options: list should have at least 3 items after validation, not 0; add or remove "
        "entries to fit",
        "w.toml: delegations[israel].points.water: this issue has no pointss; add a points for each of its options",
        "w.toml: delegations[israel].points.crossings.civilian: 150 is out of range (input should be less than or "
        "equal to 100); use a value in range",
        "w.toml: bogus: is not a known key; remove it or correct its spelling",
        "w.toml: rules.signatories: no delegation 'nobody'; use one of israel, palestine",
        "w.he.toml: translation.scenario: translates 'elsewhere' but the scenario is 'water-and-crossings'; "
        'write scenario = "water-and-crossings" or put the file beside its own scenario',
    ):
        assert want in lines, (want, lines)
    assert any("map-moon-1: not a map tag; map elements are border, blocs" in line for line in lines)
    assert any("string should have at least 1 character; correct the value" in line for line in lines)
    assert (
        "w.toml: delegations[israel].role: 'king' is not allowed; use 'principal', 'mediator' or 'third-party'"
        in lines
    )
    assert any("has placeholders {x} but the English has none" in line for line in lines)
    assert all(FSI not in line and PDI not in line for line in lines)  # no marks in an English line


@pytest.mark.parametrize("lang", ["he", "ar"])
def test_every_problem_reads_in_hebrew_and_arabic(lang: str) -> None:
    problems = _broken() + _translation_problems()
    assert len(problems) > 20
    for p in problems:
        line = p.line(lang)
        said = p.said(lang)
        assert "[problem." not in line and "[" + "cli." not in line, line  # no id rendered raw
        assert SCRIPT[lang].search(p.wrong(lang)), line
        assert SCRIPT[lang].search(said.split("; ")[-1].split("؛ ")[-1]), line  # the fix too
        assert p.message not in line and p.fix not in line, line  # the English sentences are gone
        assert line.startswith(f"{FSI}{p.file}{PDI}: "), line  # the file name keeps its order


def test_every_problem_entry_has_words_in_each_language() -> None:
    """Every ``problem.*`` entry of en.po renders in he and ar from their own catalogue (not English's)."""
    english = entries("en")
    ids = [mid for mid in english if mid.startswith("problem.")]
    assert len(ids) > 150
    for lang in ("he", "ar"):
        own = entries(lang)
        missing = [mid for mid in ids if mid not in own]
        assert not missing, (lang, missing)


def test_a_problem_with_plain_words_is_shown_as_it_is() -> None:
    p = Problem("setup", "seat", "no delegation 'x'", "use a delegation of the scenario")
    assert p.line() == "setup: seat: no delegation 'x'; use a delegation of the scenario"
    assert "no delegation 'x'" in p.line("he")
    assert Problem("f", "", Message.of("problem.empty"), Message.of("problem.fix.remove")).line() == (
        "f: (file): is empty; remove it"
    )
