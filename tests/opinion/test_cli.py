"""The ``poll`` and ``calibrate`` commands, and the bench entries."""

from __future__ import annotations

import json

import pytest

from negotiator.cli import main
from negotiator.engine.opinion.bench import opinion_benchmarks

REFERENCE = [
    "status-quo",
    "camp-david-2000",
    "clinton-2000",
    "geneva-2003",
    "olmert-2008",
    "peace-to-prosperity-2020",
    "holy-land-confederation-2022",
    "pulse-2016",
    "pulse-2016-regional",
    "one-state-equal-rights",
    "annexation",
]


def _json(capsys: pytest.CaptureFixture[str], *argv: str) -> dict:  # type: ignore[type-arg]
    assert main(list(argv)) == 0
    return json.loads(capsys.readouterr().out)  # type: ignore[no-any-return]


def test_poll_json_shape(capsys: pytest.CaptureFixture[str]) -> None:
    out = _json(capsys, "poll", "--scenario", "confederation", "--package", "pulse-2016", "--json")
    lines = out["constituencies"]
    for pid in (
        "israeli_jews",
        "arab_citizens",
        "all_israelis",
        "palestinians",
        "settlers",
        "west_bank",
        "gaza",
        "refugees",
        "secular_jews",
        "traditional_jews",
        "religious_jews",
        "ultra_orthodox_jews",
    ):
        line = lines[pid]
        assert set(line) >= {"support", "oppose", "undecided", "interval90"}
        lo, hi = line["interval90"]
        assert 0 <= lo <= line["support"] <= hi <= 100


def test_reference_packages_are_plausible(capsys: pytest.CaptureFixture[str]) -> None:
    """What a reader of the 2016-2018 polls would expect, loosely: pins the model's broad shape."""
    s = {}
    for pid in REFERENCE:
        # the 2016-2018 publics the structure is fitted on, not the scenario's own (post-2023) date
        out = _json(capsys, "poll", "-s", "confederation", "-p", pid, "--json", "--as-of", "fit")
        s[pid] = {k: v["support"] for k, v in out["constituencies"].items()}
    assert all(v == 0 for v in s["status-quo"].values())  # today is the reference: neither for nor against
    pulse = s["pulse-2016"]
    # Palestinians: the detailed package is never fitted since issue 18 and the model puts it at about 31 against the
    # 37-43 published in 2016-2018 (docs/fidelity.md, package level)
    assert (
        35 <= pulse["israeli_jews"] <= 60
        and 28 <= pulse["palestinians"] <= 60
        and pulse["arab_citizens"] >= 75
    )
    assert pulse["settlers"] < pulse["religious_jews"] + 10 < pulse["secular_jews"] + 10
    assert s["pulse-2016-regional"]["israeli_jews"] >= pulse["israeli_jews"]
    assert s["one-state-equal-rights"]["israeli_jews"] < 30 and s["annexation"]["palestinians"] < 10
    assert s["annexation"]["settlers"] > s["annexation"]["secular_jews"]
    assert (  # PSR 2020 found about 5 % Palestinian support; the model's 11.6 is in docs/fidelity.md's gaps
        s["peace-to-prosperity-2020"]["palestinians"] < 15
        and s["peace-to-prosperity-2020"]["arab_citizens"] < 35  # model 34: too high, see docs/fidelity.md
    )
    for pid in REFERENCE[1:]:
        assert s[pid]["arab_citizens"] >= s[pid]["settlers"] or pid in (
            "annexation",
            "peace-to-prosperity-2020",
        )


def test_poll_bad_input_is_one_clear_line(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["poll", "-s", "confederation", "-p", "nope"]) == 1
    assert main(["poll", "-s", "confederation", "-p", "pulse-2016", "--proposer", "mars"]) == 1
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 2 and "no such reference package" in err[0] and "no delegation 'mars'" in err[1]


def test_poll_explain_and_table(capsys: pytest.CaptureFixture[str]) -> None:
    out = _json(
        capsys,
        "poll",
        "-s",
        "water-and-crossings",
        "-p",
        "partnership",
        "--proposer",
        "palestine",
        "--explain",
        "israeli_public",
        "--json",
    )
    e = out["explain"]["israeli_public"]
    assert e["best_moves"][0]["issue"] == "crossings" and e["contributions"]
    assert main(["poll", "-s", "water-and-crossings", "-p", "partnership"]) == 0
    assert "israeli_public" in capsys.readouterr().out


def test_calibrate_meets_the_target(capsys: pytest.CaptureFixture[str]) -> None:
    out = _json(capsys, "calibrate", "--scenario", "confederation", "--json", "--require-target")
    s = out["summary"]
    assert s["meets_target"] and s["mae"] <= 5 and s["max_error"] <= 12
    assert s["expressed"] >= 0.8 * s["rows"]
    row = next(r for r in out["rows"] if r["status"] == "fit")
    assert {"published", "model", "figures"} <= set(row)


def test_calibrate_a_scenario_without_poll_items(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["calibrate", "-s", "water-and-crossings", "--require-target"]) == 1
    assert "0 expressed" in capsys.readouterr().out
    assert main(["calibrate", "-s", "water-and-crossings", "--write"]) == 1
    assert "--write needs --fit" in capsys.readouterr().err


def test_bench_entries() -> None:
    entries = {e["name"]: e for e in opinion_benchmarks(repeats=2)}
    assert {"opinion-react-100k", "opinion-poll-all"} <= set(entries)
    for e in entries.values():
        assert e["ours_s"] > 0
    # generous bounds: a shared test machine is slower than a bench run; the targets are 10 ms and 50 ms
    assert entries["opinion-react-100k"]["ours_s"] < 0.1 and entries["opinion-poll-all"]["ours_s"] < 0.5
