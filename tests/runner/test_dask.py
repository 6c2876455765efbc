"""Dask distributed as an engine (the cluster extra): a local cluster on the loopback interface gives the digest a
single process gives, even when a worker is killed mid-run; without Dask, --dask is a one-line error.

The cluster runs in a child process with a time limit, so a stuck cluster fails the test instead of hanging the
suite. ./dev test installs the cluster extra, so in CI these tests run; elsewhere they are skipped without Dask."""

from __future__ import annotations

import importlib.util
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from negotiator.ai.batch import run_batch, summarise
from negotiator.cli import main
from negotiator.model.registry import get_scenario

HERE = Path(__file__).resolve().parent
HAVE_DASK = importlib.util.find_spec("distributed") is not None
if not HAVE_DASK and os.environ.get("CI"):
    raise RuntimeError("CI must install the cluster extra (./dev test does): Dask distributed is missing")
needs_dask = pytest.mark.skipif(
    not HAVE_DASK, reason="Dask distributed is not installed (pip install -e '.[cluster]')"
)
LIMIT_S = 240


def reference(games: int) -> dict[str, object]:
    sc = get_scenario("water-and-crossings")
    return summarise(sc, run_batch(sc, games, 11, {"palestine": "hard-liner"}))


def run_child(*argv: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, *argv], capture_output=True, text=True, timeout=LIMIT_S, cwd=HERE, check=False
    )


@needs_dask
def test_a_killed_worker_does_not_change_the_result() -> None:
    done = run_child(str(HERE / "dask_kill.py"), "40", "kill")
    assert done.returncode == 0, done.stderr[-3000:]
    out = json.loads(done.stdout.strip().splitlines()[-1])
    assert out["killed"]["pid"] > 0 and out["killed"]["holding"] >= 1  # it died holding work
    assert out["summary"] == json.loads(json.dumps(reference(40)))  # (through JSON, as the child printed it)


@needs_dask
def test_simulate_on_a_local_dask_cluster_matches_one_process() -> None:
    argv = ["-m", "negotiator", "simulate", "-s", "water-and-crossings", "-n", "12", "--seed", "11"]
    argv += [
        "--personas",
        "palestine=hard-liner",
        "--json",
        "--dask",
        "local",
        "--workers",
        "2",
        "--chunk-size",
        "7",
    ]
    done = run_child(*argv)
    assert done.returncode == 0, done.stderr[-3000:]
    summary = json.loads(done.stdout)
    assert summary["ran_on"] == "a local Dask cluster (2 workers)"
    assert summary["digest"] == reference(12)["digest"]


def test_dask_missing_is_one_line(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setitem(sys.modules, "distributed", None)  # import distributed -> ImportError
    assert main(["simulate", "-s", "water-and-crossings", "-n", "2", "--dask", "local"]) == 1
    err = capsys.readouterr().err
    assert "pip install 'negotiator[cluster]'" in err and len(err.strip().splitlines()) == 1


@needs_dask
def test_an_unreachable_scheduler_is_one_line(capsys: pytest.CaptureFixture[str]) -> None:
    from negotiator.runner.cluster import DaskCluster
    from negotiator.runner.engines import RunnerError

    with pytest.raises(RunnerError, match="cannot reach a Dask scheduler") as info:
        DaskCluster("tcp://127.0.0.1:9", connect_timeout=2)
    assert "\n" not in str(info.value)


def test_the_bundle_leaves_the_cluster_engine_out() -> None:
    import ast

    spec = (HERE.parents[1] / "build_spec" / "negotiator.spec").read_text(encoding="utf-8")
    tree = ast.parse(spec)
    lists = {
        t.id: ast.literal_eval(node.value)
        for node in tree.body
        if isinstance(node, ast.Assign)
        for t in node.targets
        if isinstance(t, ast.Name) and isinstance(node.value, ast.List)
    }
    assert {"dask", "distributed"} <= set(lists["DEV_ONLY"])
    assert "excludes=QT_UNUSED + DEV_ONLY" in spec
