"""Packages are checked against the scenario; paradigms follow from the options chosen."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from negotiator.model import PackageError, classify, make_package, reference_package, resolve_package
from negotiator.model.package import load_packages_file


def test_package_is_ordered_and_hashable(teaching_scenario) -> None:  # type: ignore[no-untyped-def]
    a = make_package(
        teaching_scenario,
        {"permits": "raised", "water": "today", "crossings": "civilian", "committee": "none"},
    )
    b = make_package(
        teaching_scenario,
        {"water": "today", "crossings": "civilian", "permits": "raised", "committee": "none"},
    )
    assert a == b and hash(a) == hash(b)
    assert list(a) == ["water", "crossings", "permits", "committee"]
    assert a.replace("water", "plus-25")["water"] == "plus-25"


def test_package_errors_name_each_problem(teaching_scenario) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(PackageError) as info:
        make_package(teaching_scenario, {"water": "lots", "moon": "x", "crossings": 3}, name="p.json")
    lines = info.value.lines()
    assert (
        "p.json: water: issue 'water' has no option 'lots'; use one of today, plus-25, plus-50, needs-based"
        in lines
    )
    assert any(ln.startswith("p.json: moon: no issue 'moon'") for ln in lines)
    assert any(ln.startswith("p.json: crossings: should be an option id") for ln in lines)
    assert any(ln.startswith("p.json: permits: this issue is left open") for ln in lines)


def test_partial_packages_allowed_when_asked(teaching_scenario) -> None:  # type: ignore[no-untyped-def]
    p = make_package(teaching_scenario, {"water": "plus-50"}, complete=False)
    assert len(p) == 1 and not p.is_complete(teaching_scenario)


def test_resolve_from_json_file(tmp_path: Path, teaching_scenario) -> None:  # type: ignore[no-untyped-def]
    f = tmp_path / "p.json"
    f.write_text(json.dumps(reference_package(teaching_scenario, "partnership").as_dict()))
    assert resolve_package(teaching_scenario, str(f)) == reference_package(teaching_scenario, "partnership")
    bad = tmp_path / "bad.json"
    bad.write_text("{not json")
    with pytest.raises(PackageError, match="is not valid JSON"):
        resolve_package(teaching_scenario, str(bad))
    lst = tmp_path / "l.json"
    lst.write_text(
        json.dumps([reference_package(teaching_scenario, p.id).as_dict() for p in teaching_scenario.packages])
    )
    assert len(load_packages_file(teaching_scenario, lst)) == 3


def test_paradigms_of_teaching_packages(teaching_scenario) -> None:  # type: ignore[no-untyped-def]
    expected = {"status-quo": "status-quo", "practical-deal": "separation", "partnership": "confederation"}
    for pid, paradigm in expected.items():
        assert classify(teaching_scenario, reference_package(teaching_scenario, pid)).paradigm == paradigm


def test_paradigm_follows_the_options(teaching_scenario) -> None:  # type: ignore[no-untyped-def]
    base = reference_package(teaching_scenario, "practical-deal")
    assert classify(teaching_scenario, base).paradigm == "separation"
    more = base.replace("crossings", "joint").replace("committee", "binding")
    cls = classify(teaching_scenario, more)
    assert cls.paradigm == "confederation"
    assert any("Joint" in r for r in cls.reasons["confederation"])
