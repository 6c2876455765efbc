"""The analyze and bench commands: JSON shape, the frontier of `analyze --json` not beaten by sampled packages,
clear errors, and the benchmark code (tiny sizes; timings are never asserted)."""

from __future__ import annotations

import importlib.util
import json

import numpy as np
import pytest

from negotiator.cli import main
from negotiator.engine.benchsuite import (
    bench_pareto_nash,
    ours_pareto_nash,
    random_domain,
    run_benchmarks,
    same_results,
)
from negotiator.engine.compiled import compile_scenario
from negotiator.model.registry import get_scenario, shipped_scenarios

HAS_NEGMAS = importlib.util.find_spec("negmas") is not None
HAS_CONFEDERATION = "confederation" in shipped_scenarios()


def _run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


@pytest.mark.skipif(not HAS_CONFEDERATION, reason="confederation scenario not shipped yet")
def test_analyze_json_frontier_is_not_dominated_by_sampled_packages(
    capsys: pytest.CaptureFixture[str],
) -> None:
    code, out, _ = _run(capsys, "analyze", "--scenario", "confederation", "--json")
    assert code == 0
    data = json.loads(out)
    scenario = get_scenario("confederation")
    assert data["parties"] == [d.id for d in scenario.principals]
    assert data["frontier_size"] == len(data["frontier"]) > 0
    compiled = compile_scenario(scenario, data["parties"])
    assert data["outcomes"] == compiled.outcome_count
    packages = np.array([compiled.encode(p["package"]) for p in data["frontier"]])
    listed = np.array([[p["utilities"][d] for d in data["parties"]] for p in data["frontier"]])
    exact = compiled.score_reference(packages)
    np.testing.assert_allclose(listed, exact, atol=1e-4)  # JSON rounds to 4 decimals
    rng = np.random.default_rng(2)
    sample = (rng.random((200_000, compiled.n_issues)) * compiled.n_options).astype(np.intp)
    for batch in np.array_split(sample, 40):
        u = compiled.score_reference(batch)
        beats = np.all(u[:, None, :] >= exact[None, :, :] - 1e-9, axis=2) & np.any(
            u[:, None, :] > exact[None, :, :] + 1e-9, axis=2
        )
        assert not beats.any()
    for name in ("nash", "kalai_smorodinsky", "egalitarian"):
        point = data[name]
        assert point is not None and point["package"] in [p["package"] for p in data["frontier"]]
        assert all(g > 0 for g in point["gains"].values()) or name != "nash"
    assert (
        isinstance(data["zopa"]["size"], int) and data["zopa"]["size"] >= data["zopa"]["frontier_points"] > 0
    )
    assert data["seconds"] >= 0


def test_analyze_table_and_parties(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = _run(capsys, "analyze", "--scenario", "water-and-crossings", "--top", "3")
    assert code == 0
    assert "Nash" in out and "Kalai-Smorodinsky" in out and "Pareto frontier" in out
    code, out, _ = _run(
        capsys,
        "analyze",
        "-s",
        "water-and-crossings",
        "--parties",
        "palestine,israel",
        "--json",
        "--limit",
        "2",
    )
    data = json.loads(out)
    assert data["parties"] == ["palestine", "israel"] and len(data["frontier"]) == 2 < data["frontier_size"]


@pytest.mark.parametrize(
    "parties, message",
    [
        ("israel,nobody", "no delegation 'nobody'"),
        ("israel", "give 2 to 4 delegations"),
        ("israel,israel", "listed twice"),
    ],
)
def test_analyze_bad_parties_are_one_line_errors(
    capsys: pytest.CaptureFixture[str], parties: str, message: str
) -> None:
    code, out, err = _run(capsys, "analyze", "-s", "water-and-crossings", "--parties", parties)
    assert code == 1 and out == ""
    assert message in err and "Traceback" not in err and len(err.strip().splitlines()) == 1


@pytest.mark.skipif(not HAS_CONFEDERATION, reason="confederation scenario not shipped yet")
def test_score_json_carries_deal_metrics(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = _run(capsys, "score", "-s", "confederation", "-p", "geneva-2003", "--json")
    assert code == 0
    metrics = json.loads(out)["metrics"]
    assert metrics["parties"] == ["israel", "palestine"]
    assert {
        "joint_gain",
        "available_surplus",
        "efficiency",
        "equality",
        "frontier_gap",
        "on_frontier",
        "equal_gain_point",
        "nearest_frontier_point",
    } <= set(metrics)


def test_equality_check_catches_differences() -> None:
    dom = random_domain(5, 3, seed=4)
    front, nash = ours_pareto_nash(dom)
    assert nash is not None and len(front) > 2
    assert same_results(front, nash, front[::-1].copy(), [nash])
    assert not same_results(front, nash, front[1:], [nash])  # a point missing
    moved = front.copy()
    moved[1, 0] += 1e-6
    assert not same_results(front, nash, moved, [nash])  # a point moved
    assert not same_results(front, nash, front, [front[0] if not np.allclose(front[0], nash) else front[-1]])
    assert not same_results(front, nash, front, [])  # the peer found no Nash point


@pytest.mark.skipif(not HAS_NEGMAS, reason="NegMAS (bench extra) not installed")
def test_pareto_nash_bench_agrees_with_negmas_on_small_domains() -> None:
    for n_issues, n_options, seed in ((4, 3, 1), (6, 4, 2), (5, 5, 3)):
        result = bench_pareto_nash("small", n_issues, n_options, repeats=1, seed=seed)
        assert result.equal is True
        assert result.outcomes == n_options**n_issues
        assert result.details["frontier_size"] == result.details["peer_frontier_size"]


def test_bench_suite_runs_without_peer(capsys: pytest.CaptureFixture[str]) -> None:
    results = run_benchmarks(
        ["pareto-nash-1e6", "score-1e6"],
        peer=False,
        sizes={"pareto-nash-1e6": (5, 3)},
        score_n=2_000,
        repeats=1,
    )
    assert [r.name for r in results] == ["pareto-nash-1e6", "score-1e6"]
    assert results[0].peer_s is None and results[0].equal is None
    assert results[1].equal is True
    code, out, _ = _run(capsys, "bench", "--only", "pareto-nash-1e6", "--no-peer", "--json", "--repeats", "1")
    assert code == 0
    rows = json.loads(out)
    assert {"name", "outcomes", "ours_s", "peer_s", "ratio", "equal", "peak_mb"} <= set(rows[0])
    assert rows[0]["outcomes"] == 4**10


@pytest.mark.skipif(not HAS_CONFEDERATION, reason="confederation scenario not shipped yet")
def test_analyze_benchmark_runs_in_a_subprocess() -> None:
    (result,) = run_benchmarks(["analyze-confederation"], peer=False)
    assert result.equal is True and result.peak_mb is not None and result.peak_mb > 0
    assert result.details["frontier_size"] > 0
