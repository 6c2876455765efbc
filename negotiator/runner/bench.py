"""``negotiator bench --suite scale``: how fast games run on one core (the code as the session began vs now, in the
same run), how well that scales to every core, and whether memory stays flat over a long batch.

- ``scale-core-<scenario>``: games per second on one core, for the base code (a git ref, ``wave2-base`` by default,
  unpacked with ``git archive`` into a temporary folder) and for this code, each in a fresh process of its own with
  one BLAS thread, alternating base/new to share the machine's ups and downs; medians of ``repeats`` runs each.
  Each plays its games as a worker does: after one warm-up game, on per-scenario work built once (this code: one
  :class:`~negotiator.game.runtime.ScenarioRuntime` for all games; the base code: its module-level caches). Each code
  plays its own scenario files and opinion model, so the games differ: moves per game are reported beside the rates.
  Target: 2x.
- ``scale-cores-<scenario>``: games per second on all cores (a warm pool of one process per core) against
  cores x the one-core rate of the same engine path; target efficiency 0.9.
- ``scale-memory``: one long batch (10^4 games by default, on the small teaching scenario so it takes minutes) on all
  cores; the parent's and the workers' resident memory sampled along the way; flat means it grows less than 10% (or
  20 MB) between the first tenth and the end.

Wall-clock timings on a shared machine are noisy: each entry also reports CPU seconds and the load average, so a
reader can tell contention from slowness.
"""

from __future__ import annotations

import json
import os
import statistics
import subprocess
import sys
import tarfile
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from negotiator.ai.batch import Tally
from negotiator.model.registry import get_scenario
from negotiator.runner.batch import stream_batch
from negotiator.runner.engines import InProcess, ProcessPool, local_cores

TARGETS = {"speedup": 2.0, "efficiency": 0.9, "memory_growth": 0.10}

_TIMER = """
import json, sys, time
from threadpoolctl import threadpool_limits
threadpool_limits(1)
import negotiator
from negotiator.model.registry import get_scenario
from negotiator.game.setup import default_setup
from negotiator.ai.simulate import play_ai_game
sc = get_scenario(sys.argv[1])
games = int(sys.argv[2])
try:  # as a worker plays its games: one runtime per scenario (code before the runtime kept module-level caches)
    from negotiator.game.runtime import ScenarioRuntime
    runtime = ScenarioRuntime(sc)
    def play(setup): return play_ai_game(sc, setup, runtime)
except ImportError:
    def play(setup): return play_ai_game(sc, setup)
play(default_setup(sc, seed=10_000))
wall, cpu, moves = time.perf_counter(), time.process_time(), 0
for k in range(games):
    moves += len(play(default_setup(sc, seed=k)).commands)
print(json.dumps({"wall": time.perf_counter() - wall, "cpu": time.process_time() - cpu, "moves": moves,
                  "file": negotiator.__file__}))
"""


def repo_root() -> Path | None:
    root = Path(__file__).resolve().parents[2]
    return root if (root / ".git").exists() and (root / "negotiator").is_dir() else None


def unpack_ref(ref: str, into: Path) -> Path | None:
    """The package and assets of git ``ref`` in ``into`` (None when this is not a checkout or has no such ref)."""
    root = repo_root()
    if root is None:
        return None
    archive = into / "base.tar"
    with archive.open("wb") as f:
        done = subprocess.run(
            ["git", "-C", str(root), "archive", "--format=tar", ref, "negotiator", "assets"],
            stdout=f,
            stderr=subprocess.PIPE,
            check=False,
        )
    if done.returncode != 0:
        return None
    tree = into / "base"
    with tarfile.open(archive) as tar:
        tar.extractall(tree, filter="data")
    return tree


def _time_games(code_root: Path, scenario_id: str, games: int) -> dict[str, float]:
    env = {**os.environ, "PYTHONPATH": str(code_root), "OMP_NUM_THREADS": "1", "OPENBLAS_NUM_THREADS": "1"}
    done = subprocess.run(
        [sys.executable, "-c", _TIMER, scenario_id, str(games)],
        cwd=code_root,
        env=env,
        capture_output=True,
        text=True,
        check=False,
        timeout=3600,
    )
    if done.returncode != 0:
        raise RuntimeError(f"timing run in {code_root} failed: {done.stderr.strip().splitlines()[-1:]}")
    out: dict[str, Any] = json.loads(done.stdout.strip().splitlines()[-1])
    if not str(out["file"]).startswith(str(code_root)):
        raise RuntimeError(f"timing run imported {out['file']}, not the code in {code_root}")
    return {"wall": float(out["wall"]), "cpu": float(out["cpu"]), "moves": float(out["moves"])}


def _load() -> str:
    try:
        return "load average {:.1f} {:.1f} {:.1f}".format(*os.getloadavg())
    except OSError:
        return "load average n/a"


def _median(runs: list[dict[str, float]], key: str) -> float:
    return float(statistics.median(r[key] for r in runs))


def core_speed(scenario_id: str, games: int, repeats: int, base_ref: str) -> dict[str, Any]:
    """Games per second on one core, base code vs this code, measured side by side: ``repeats`` runs of each,
    alternating base and new (so both meet the machine's ups and downs alike), medians reported."""
    name = f"scale-core-{scenario_id}"
    here = repo_root() or Path(__file__).resolve().parents[2]
    loads = [_load()]
    with tempfile.TemporaryDirectory(prefix="negotiator-bench-") as tmp:
        base = unpack_ref(base_ref, Path(tmp))
        runs: dict[str, list[dict[str, float]]] = {"base": [], "new": []}
        for _ in range(max(1, repeats)):
            if base is not None:
                runs["base"].append(_time_games(base, scenario_id, games))
            runs["new"].append(_time_games(here, scenario_id, games))
            loads.append(_load())
    new_wall, new_cpu = _median(runs["new"], "wall"), _median(runs["new"], "cpu")
    entry: dict[str, Any] = {
        "name": name,
        "games": games,
        "new_games_per_s": round(games / new_wall, 3),
        "new_cpu_games_per_s": round(games / new_cpu, 3),
        "new_moves_per_game": round(runs["new"][0]["moves"] / games, 1),
    }
    if base is None:
        entry.update(
            target=f"{TARGETS['speedup']}x", meets_target=None, detail=f"no git ref {base_ref!r} here"
        )
        return entry
    old_wall, old_cpu = _median(runs["base"], "wall"), _median(runs["base"], "cpu")
    speedup = old_wall / new_wall
    cpu_speedup = old_cpu / new_cpu
    entry.update(
        base_ref=base_ref,
        base_games_per_s=round(games / old_wall, 3),
        base_cpu_games_per_s=round(games / old_cpu, 3),
        base_moves_per_game=round(runs["base"][0]["moves"] / games, 1),
        speedup=round(speedup, 3),
        cpu_speedup=round(cpu_speedup, 3),
        cpu_speedups=[round(b["cpu"] / n["cpu"], 3) for b, n in zip(runs["base"], runs["new"], strict=True)],
        target=f">= {TARGETS['speedup']}x",
        meets_target=speedup >= TARGETS["speedup"],
        detail=f"median of {max(1, repeats)} alternating runs of {games} games each, one process per code; "
        f"CPU-time speed-up {cpu_speedup:.2f}x; the games differ (each code plays its own scenario files "
        f"and opinion model: moves per game {entry['new_moves_per_game']} now, "
        f"{round(runs['base'][0]['moves'] / games, 1)} at {base_ref}); {' / '.join(loads)}",
    )
    return entry


def _rate(engine: Any, scenario_id: str, games: int, seed: int) -> tuple[float, float]:
    sc = get_scenario(scenario_id)
    tally = Tally(sc)
    start, cpu = time.perf_counter(), time.process_time()
    for result in stream_batch(engine, sc, games, seed, chunk_size=1):
        tally.add(result.row)
    return games / (time.perf_counter() - start), time.process_time() - cpu


def _cpu_s(pid: int) -> float | None:
    """CPU seconds (user + system) a process has used so far (None where /proc is not readable)."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
    except (OSError, ValueError, IndexError):
        return None


def _pool_cpu(pool: ProcessPool) -> float | None:
    used = [_cpu_s(p) for p in pool.worker_pids()]
    return None if not used or None in used else sum(u for u in used if u is not None)


def scaling(scenario_id: str, games_per_core: int, cores: int | None = None) -> dict[str, Any]:
    """Games per second on every core (a warm pool) against cores x one core's rate (the same engine path).

    On a shared machine the wall-clock efficiency mostly says how much of the cores the pool got, so the entry also
    reports CPU seconds per game on one core and in the pool (workers + parent: what running in parallel costs
    beyond the games themselves) and the pool's share of its cores during the run (CPU used / (wall x cores))."""
    n = cores or local_cores()
    one = InProcess()
    _rate(one, scenario_id, 1, 99)  # warm: imports, scenario caches
    single, single_cpu = _rate(one, scenario_id, games_per_core, 1)
    with ProcessPool(n) as pool:
        _rate(pool, scenario_id, n, 99)  # start the workers and warm their caches
        before = _pool_cpu(pool)
        start = time.perf_counter()
        every, parent_cpu = _rate(pool, scenario_id, games_per_core * n, 1)
        wall = time.perf_counter() - start
        after = _pool_cpu(pool)
    efficiency = every / (n * single)
    cpu: dict[str, Any] = {}
    if before is not None and after is not None:
        pool_cpu = after - before + parent_cpu
        one_per_game = single_cpu / games_per_core
        pool_per_game = pool_cpu / (games_per_core * n)
        cpu = {
            "one_core_cpu_s_per_game": round(one_per_game, 4),
            "all_cores_cpu_s_per_game": round(pool_per_game, 4),
            "cpu_efficiency": round(one_per_game / pool_per_game, 3),
            "core_share": round(pool_cpu / (wall * n), 3),
        }
    return {
        "name": f"scale-cores-{scenario_id}",
        "cores": n,
        "one_core_games_per_s": round(single, 3),
        "all_cores_games_per_s": round(every, 3),
        "efficiency": round(efficiency, 3),
        "target": f">= {TARGETS['efficiency']} x {n} x one core",
        "meets_target": efficiency >= TARGETS["efficiency"],
        "detail": f"{games_per_core} games on one core, {games_per_core * n} on {n} (warm pool); {_load()}",
        **cpu,
    }


def _rss_mb(pid: int) -> float | None:
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    except OSError:
        return None
    return None


def memory(
    scenario_id: str = "water-and-crossings",
    games: int = 10_000,
    cores: int | None = None,
    progress: Callable[[int], None] | None = None,
) -> dict[str, Any]:
    """Resident memory (parent + workers) along one long batch: flat if the end is within 10% (or 20 MB) of the
    first tenth's."""
    n = cores or local_cores()
    sc = get_scenario(scenario_id)
    tally = Tally(sc)
    samples: list[tuple[int, float]] = []
    every = max(1, games // 20)
    with ProcessPool(n) as pool:
        for k, result in enumerate(
            stream_batch(pool, sc, games, 5, chunk_size=max(1, min(50, games // (8 * n))))
        ):
            tally.add(result.row)
            if (k + 1) % every == 0 or k + 1 == games:
                rss = [_rss_mb(p) for p in [os.getpid(), *pool.worker_pids()]]
                if all(r is not None for r in rss):
                    samples.append((k + 1, round(sum(r for r in rss if r is not None), 1)))
                if progress is not None:
                    progress(k + 1)
    entry: dict[str, Any] = {
        "name": "scale-memory",
        "games": games,
        "scenario": scenario_id,
        "processes": n + 1,
    }
    if len(samples) < 2:
        entry.update(meets_target=None, detail="resident memory not readable here (/proc)")
        return entry
    first = next(mb for g, mb in samples if g >= games // 10)
    last = samples[-1][1]
    growth = last - first
    flat = growth <= max(TARGETS["memory_growth"] * first, 20.0)
    entry.update(
        rss_mb_first_tenth=first,
        rss_mb_end=last,
        growth_mb=round(growth, 1),
        samples=samples,
        target="growth <= 10% (or 20 MB) after the first tenth",
        meets_target=flat,
        detail=f"parent + {n} workers; digest {tally.summary()['digest'][:12]}",
    )
    return entry


def scale_benchmarks(
    scenario_id: str = "confederation",
    core_games: int = 6,
    repeats: int = 3,
    games_per_core: int = 8,
    memory_games: int = 10_000,
    base_ref: str = "wave2-base",
    progress: Callable[[str], None] | None = None,
) -> list[dict[str, Any]]:
    say = progress or (lambda _msg: None)
    say(f"scale: one core, {base_ref} vs now ({core_games} {scenario_id} games x {repeats})")
    out = [core_speed(scenario_id, core_games, repeats, base_ref)]
    say(f"scale: every core ({games_per_core} {scenario_id} games per core)")
    out.append(scaling(scenario_id, games_per_core))
    say(f"scale: memory over {memory_games} games")
    out.append(memory(games=memory_games, progress=lambda k: say(f"scale: memory, {k}/{memory_games} games")))
    return out
