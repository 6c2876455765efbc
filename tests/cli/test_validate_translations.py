"""``negotiator validate`` on scenario translations: one line per problem naming file, key and fix; a partial
translation says what it lacks; checking a scenario checks the translations beside it."""

from __future__ import annotations

from pathlib import Path

import pytest

from negotiator.cli import main
from negotiator.model.registry import scenarios_dir

WATER = scenarios_dir() / "water-and-crossings"


def copy(tmp_path: Path, *langs: str) -> Path:
    scenario = tmp_path / "w.toml"
    scenario.write_bytes(WATER.with_suffix(".toml").read_bytes())
    for lang in langs:
        (tmp_path / f"w.{lang}.toml").write_bytes(Path(f"{WATER}.{lang}.toml").read_bytes())
    return scenario


def test_a_broken_translation_is_one_line_per_problem(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    copy(tmp_path, "he")
    he = tmp_path / "w.he.toml"
    text = he.read_text(encoding="utf-8")
    text = text.replace("[issues.water]", "[issues.wter]").replace('title = "מעברים"', 'title = "מעברים {n}"')
    he.write_text(text, encoding="utf-8")
    assert main(["validate", str(he)]) == 1
    lines = capsys.readouterr().out.splitlines()
    assert (
        f"{he}: issues.wter: the scenario has no issue 'wter'; use one of committee, crossings, permits, water"
        in lines
    )
    assert any(line.startswith(f"{he}: issues.crossings.title: has placeholders {{n}}") for line in lines), (
        lines
    )
    assert any(line.startswith(f"{he}: issues.water.title: is not translated; ") for line in lines), lines


def test_a_partial_translation_is_ok_and_lists_what_it_lacks(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    copy(tmp_path, "ar")
    ar = tmp_path / "w.ar.toml"
    text = ar.read_text(encoding="utf-8").replace('status = "complete"', 'status = "partial"')
    text = text.replace('[events.heatwave]\ntitle = "موجة حرّ تجفّف الصنابير"\n', "[events.heatwave]\n")
    ar.write_text(text, encoding="utf-8")
    assert main(["validate", "--missing", str(ar)]) == 0
    out = capsys.readouterr().out.splitlines()
    assert out[0].startswith(f"{ar}: OK, partial: 83 of 84 required texts translated; 1 show")
    assert out[1:] == [f"{ar}: events.heatwave.title: not translated yet"]


def test_checking_a_scenario_checks_the_translations_beside_it(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    scenario = copy(tmp_path, "he", "ar")
    assert main(["validate", str(scenario)]) == 0
    out = capsys.readouterr().out.splitlines()
    assert out == [
        f"{scenario}: OK",
        f"{tmp_path / 'w.he.toml'}: OK (84 texts)",
        f"{tmp_path / 'w.ar.toml'}: OK (84 texts)",
    ]
    (tmp_path / "w.he.toml").write_text('[translation]\nscenario = "w"\n', encoding="utf-8")
    assert main(["validate", str(scenario)]) == 1
    assert "translation.language: is missing" in capsys.readouterr().out


def test_a_translation_without_its_scenario_says_so(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    lone = tmp_path / "lone.he.toml"
    lone.write_bytes(Path(f"{WATER}.he.toml").read_bytes())
    assert main(["validate", str(lone)]) == 1
    assert "lone.toml is not beside it" in capsys.readouterr().out


def test_a_translation_named_before_its_scenario_still_leaves_the_scenario_reported(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    scenario = copy(tmp_path, "ar")
    (tmp_path / "w.toml").write_text(scenario.read_text(encoding="utf-8").replace("rounds = 6", "rounds = 0"))
    ar = tmp_path / "w.ar.toml"
    assert main(["validate", str(ar), str(scenario)]) == 1  # the shell's glob puts w.ar.toml first
    out = capsys.readouterr().out
    assert f"{ar}: (file): cannot be checked while {scenario} has problems" in out
    assert f"{scenario}: rules.rounds: " in out  # the scenario's own problem is printed, not swallowed
