"""The validate and score commands: exact output lines, exit codes, no tracebacks on bad input."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from negotiator.cli import main
from negotiator.model.registry import scenarios_dir, shipped_scenarios


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_validate_ok_for_every_shipped_scenario(capsys: pytest.CaptureFixture[str]) -> None:
    files = [str(scenarios_dir() / f"{s}.toml") for s in shipped_scenarios()]
    code, out, _ = run(capsys, "validate", *files)
    assert code == 0
    lines = out.splitlines()
    assert [line for line in lines if ".toml: OK" in line and line.endswith(": OK")] == [
        f"{f}: OK" for f in files
    ]
    # the translations beside each scenario are checked with it (model/translation_checks.py)
    others = [line for line in lines if not line.endswith(": OK")]
    assert others and all(line.split(": ")[1].startswith("OK") for line in others), others


def test_validate_reports_each_problem_on_one_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    good = scenarios_dir() / "water-and-crossings.toml"
    bad = tmp_path / "bad.toml"
    bad.write_text(
        good.read_text().replace("rounds = 6", "rounds = 0").replace('kind = "attack"', 'kind = "war"')
    )
    code, out, _ = run(capsys, "validate", str(good), str(bad))
    assert code == 1
    lines = out.splitlines()
    assert lines[0] == f"{good}: OK"
    assert (
        f"{bad}: rules.rounds: 0 is out of range (input should be greater than or equal to 1); use a value in range"
        in lines
    )
    assert any(
        ln.startswith(f"{bad}: events[crossing-incident].kind: 'war' is not allowed; use ") for ln in lines
    )


@pytest.mark.parametrize("content", [b"\x89PNG\r\n\x1a\n\x00\x00", b"[scenario\nid=", b"", b"\xff\xfe\xfa"])
def test_validate_never_tracebacks(tmp_path: Path, content: bytes) -> None:
    f = tmp_path / "x.toml"
    f.write_bytes(content)
    result = subprocess.run(
        [sys.executable, "-m", "negotiator", "validate", str(f)], capture_output=True, text=True, timeout=60
    )
    assert result.returncode == 1
    assert "Traceback" not in result.stderr + result.stdout
    assert result.stdout.startswith(f"{f}: ")


def test_score_json_for_reference_packages(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(
        capsys, "score", "--scenario", "water-and-crossings", "--package", "practical-deal", "--json"
    )
    assert code == 0
    rep = json.loads(out)
    assert rep["paradigm"] == "separation"
    # israel: 0.25*100 + 0.40*100 + 0.15*100 + 0.20*100 = 100
    assert rep["delegations"]["israel"]["points"] == pytest.approx(100.0)
    assert rep["delegations"]["israel"]["clears_walk_away"] is True
    assert rep["delegations"]["palestine"]["surplus"] == pytest.approx(
        rep["delegations"]["palestine"]["points"] - 40.0
    )


def test_score_interaction_terms_count(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    f = tmp_path / "p.json"
    f.write_text(
        json.dumps(
            {"water": "needs-based", "crossings": "joint", "permits": "open-market", "committee": "binding"}
        )
    )
    code, out, _ = run(capsys, "score", "-s", "water-and-crossings", "-p", str(f), "--json")
    rep = json.loads(out)
    # palestine: all options at 100 plus the +8 interaction; israel: 0.25*15+0+0.15*55+0.2*20 - 10
    assert rep["delegations"]["palestine"]["points"] == pytest.approx(108.0)
    assert rep["delegations"]["israel"]["points"] == pytest.approx(3.75 + 8.25 + 4 - 10)
    assert rep["delegations"]["israel"]["clears_walk_away"] is False


def test_score_bad_package_gives_clear_errors(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    code, out, err = run(capsys, "score", "-s", "water-and-crossings", "-p", "nonesuch")
    assert code == 1 and "no such reference package" in err and "Traceback" not in err
    f = tmp_path / "l.json"
    f.write_text(json.dumps([{"water": "today"}]))
    code, out, err = run(capsys, "score", "-s", "water-and-crossings", "--packages", str(f))
    assert code == 1
    assert f"{f}[0]: crossings: this issue is left open" in err


def test_unknown_scenario_and_flag(capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = run(capsys, "score", "-s", "atlantis", "-p", "x")
    assert code == 1 and "is neither a shipped scenario id nor a file" in err
    with pytest.raises(SystemExit) as info:
        main(["score", "--frobnicate"])
    assert info.value.code == 2


@pytest.mark.parametrize(
    "argv",
    [
        ["--help"],
        *[
            [c, "--help"]
            for c in (
                "validate",
                "score",
                "analyze",
                "poll",
                "calibrate",
                "simulate",
                "saves",
                "bench",
                "self-test",
                "play",
            )
        ],
    ],
)
def test_every_help_page_prints(argv: list[str], capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as info:
        main(argv)
    assert info.value.code == 0
    out = capsys.readouterr().out
    assert out.startswith("usage: negotiator")
    if argv == ["--help"]:
        assert "90% interval" in out  # a '%' in a command's help must not break the listing


def test_a_named_command_imports_only_itself() -> None:
    code = (
        "import sys; from negotiator.cli import main; main(['validate', sys.argv[1]]); "
        "print(sorted(m for m in ('negotiator.engine.opinion', 'negotiator.game', 'negotiator.ai') "
        "if m in sys.modules))"
    )
    result = subprocess.run(
        [sys.executable, "-c", code, str(scenarios_dir() / "water-and-crossings.toml")],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip().splitlines()[-1] == "[]"


def test_version_is_one_line(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--version"]) == 0
    out = capsys.readouterr().out
    assert out.startswith("negotiator ") and out.count("\n") == 1 and "Python" in out
