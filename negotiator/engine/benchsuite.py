"""Benchmarks of the engine, measured side by side with a peer library (NegMAS 0.16) in the same run.

- ``pareto-nash-1e6`` / ``pareto-nash-1e7``: a seeded random 2-party linear additive domain (10 issues x 4 or 5
  options). Ours: :func:`negotiator.engine.make_domain` + :func:`frontier_of` + :func:`nash_point` (construction
  included in the time, best of a few runs). Peer: NegMAS's ``pareto_frontier(ufuns, issues=...)`` +
  ``nash_points(ufuns, frontier, outcome_space=...)`` on ``LinearAdditiveUtilityFunction`` s with the same weights and
  value tables (ufun construction not timed; one run: it takes seconds to a minute). Reserved values are ``-inf``, so
  NegMAS returns the whole frontier and uses each ufun's minimum as the disagreement point; ours gets the same
  minima as walk-away values. Results must match: the same frontier utility vectors (to 1e-9) and the same Nash point.
- ``analyze-confederation``: the full :func:`negotiator.engine.analyze` of the shipped scenario between its principals
  (no peer can do it), in a fresh subprocess for honest peak memory (peak resident set, ``VmHWM``: the whole process,
  interpreter and imports included) plus the analysis's own peak allocation (``tracemalloc``). ``equal`` is a self-check: no
  package among 100,000 sampled ones dominates a frontier point, and frontier utilities equal :meth:`score`.
- ``score-1e6``: :meth:`CompiledScenario.score` of 1,000,000 random packages of ``confederation`` for all
  delegations; ``equal`` compares with the plain reference implementation.

NegMAS is imported only when the peer runs (it is in the ``bench`` extra). No timing is asserted anywhere: the
tests only check that this code runs on small sizes and that the equality check catches differences.
"""

from __future__ import annotations

import json
import subprocess
import sys
import time
import tracemalloc
import warnings
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from typing import Any

import numpy as np

from negotiator.engine.compiled import FloatArray
from negotiator.engine.domain import make_domain
from negotiator.engine.pareto import frontier_of
from negotiator.engine.solutions import nash_point

Progress = Callable[[str], None]


@dataclass
class BenchResult:
    """One row of ``negotiator bench --json``."""

    name: str
    outcomes: int
    ours_s: float
    peer_s: float | None
    ratio: float | None
    """peer_s / ours_s: how many times faster ours is."""
    equal: bool | None
    peak_mb: float | None
    """Peak memory of our side in MB (see the module docstring for how each benchmark measures it)."""
    peer: str | None = None
    note: str = ""
    details: dict[str, Any] = field(default_factory=dict)

    def to_json(self) -> dict[str, Any]:
        return asdict(self)


@dataclass(frozen=True)
class RandomDomain:
    """A seeded random 2-party linear additive domain: utility = sum_i weights[p, i] * tables[p, i, option]."""

    weights: FloatArray
    """(2, n_issues), each row sums to 1."""
    tables: FloatArray
    """(2, n_issues, n_options) values in [0, 1)."""

    @property
    def outcomes(self) -> int:
        return int(self.tables.shape[2] ** self.tables.shape[1])

    def issue_values(self) -> list[FloatArray]:
        """Per issue, (n_options, 2) weighted values: exactly the products NegMAS multiplies at evaluation."""
        return [
            np.ascontiguousarray((self.weights[:, i, None] * self.tables[:, i, :]).T)
            for i in range(self.tables.shape[1])
        ]


def random_domain(n_issues: int, n_options: int, seed: int = 2024) -> RandomDomain:
    rng = np.random.default_rng(seed)
    w = rng.random((2, n_issues))
    return RandomDomain(weights=w / w.sum(axis=1, keepdims=True), tables=rng.random((2, n_issues, n_options)))


def _minima(values: list[FloatArray]) -> FloatArray:
    return np.asarray(sum(v.min(axis=0) for v in values), dtype=np.float64)


def ours_pareto_nash(dom: RandomDomain) -> tuple[FloatArray, FloatArray | None]:
    """Our frontier utilities (n, 2) and Nash point utilities."""
    values = dom.issue_values()
    domain = make_domain(values, _minima(values))
    frontier = frontier_of(domain)
    nash = nash_point(frontier)
    return frontier.utilities, (nash.utilities if nash is not None else None)


def peer_pareto_nash(dom: RandomDomain) -> tuple[FloatArray, list[FloatArray], float]:
    """NegMAS's frontier utilities, Nash points and the seconds they took (ufun construction excluded)."""
    from negmas import LinearAdditiveUtilityFunction, make_issue, make_os
    from negmas.preferences.ops import nash_points, pareto_frontier
    from negmas.preferences.value_fun import TableFun

    n_issues, n_options = dom.tables.shape[1], dom.tables.shape[2]
    names = [f"v{k}" for k in range(n_options)]
    issues = [make_issue(names, name=f"i{i}") for i in range(n_issues)]
    space = make_os(issues)
    ufuns = [
        LinearAdditiveUtilityFunction(
            values=[
                TableFun({names[k]: float(dom.tables[p, i, k]) for k in range(n_options)})
                for i in range(n_issues)
            ],
            weights=[float(x) for x in dom.weights[p]],
            outcome_space=space,
            reserved_value=float("-inf"),
        )
        for p in range(2)
    ]
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        start = time.perf_counter()
        front, _ = pareto_frontier(ufuns, issues=issues)
        nash = nash_points(ufuns, front, outcome_space=space)
        seconds = time.perf_counter() - start
    return (
        np.asarray(front, dtype=np.float64).reshape(-1, 2),
        [np.asarray(u, dtype=np.float64) for u, _ in nash],
        seconds,
    )


def same_results(
    ours_front: FloatArray,
    ours_nash: FloatArray | None,
    peer_front: FloatArray,
    peer_nash: list[FloatArray],
    tol: float = 1e-9,
) -> bool:
    """Same frontier utility vectors (as sets, to ``tol``) and our Nash point among the peer's Nash points."""
    a = np.asarray(ours_front, dtype=np.float64)
    b = np.asarray(peer_front, dtype=np.float64)
    if a.shape != b.shape:
        return False
    a = a[np.lexsort(a.T[::-1])]
    b = b[np.lexsort(b.T[::-1])]
    if not np.allclose(a, b, rtol=0.0, atol=tol):
        return False
    if ours_nash is None or not peer_nash:
        return ours_nash is None and not peer_nash
    return any(np.allclose(ours_nash, p, rtol=0.0, atol=tol) for p in peer_nash)


def _best_of(fn: Callable[[], Any], repeats: int) -> tuple[float, Any]:
    best, out = float("inf"), None
    for _ in range(repeats):
        start = time.perf_counter()
        out = fn()
        best = min(best, time.perf_counter() - start)
    return best, out


def _peak_mb(fn: Callable[[], Any]) -> float:
    tracemalloc.start()
    try:
        fn()
        return tracemalloc.get_traced_memory()[1] / 2**20
    finally:
        tracemalloc.stop()


def bench_pareto_nash(
    name: str,
    n_issues: int,
    n_options: int,
    *,
    peer: bool = True,
    repeats: int = 5,
    seed: int = 2024,
    progress: Progress | None = None,
) -> BenchResult:
    say = progress or (lambda _msg: None)
    dom = random_domain(n_issues, n_options, seed)
    say(f"{name}: ours ({dom.outcomes:,} packages, best of {repeats})")
    ours_s, (front, nash) = _best_of(lambda: ours_pareto_nash(dom), repeats)
    peak = _peak_mb(lambda: ours_pareto_nash(dom))
    details: dict[str, Any] = {
        "frontier_size": int(front.shape[0]),
        "seed": seed,
        "nash": None if nash is None else [round(float(x), 12) for x in nash],
    }
    if not peer:
        return BenchResult(
            name, dom.outcomes, ours_s, None, None, None, peak, None, "peer skipped (--no-peer)", details
        )
    say(f"{name}: NegMAS pareto_frontier + nash_points ({dom.outcomes:,} packages; this is the slow part)")
    peer_front, peer_nash, peer_s = peer_pareto_nash(dom)
    equal = same_results(front, nash, peer_front, peer_nash)
    details["peer_frontier_size"] = int(peer_front.shape[0])
    return BenchResult(
        name, dom.outcomes, ours_s, peer_s, peer_s / ours_s, equal, peak, "negmas 0.16", "", details
    )


_ANALYZE_SCRIPT = r"""
import json, resource, sys, time, tracemalloc
import numpy as np
t0 = time.perf_counter()
from negotiator.engine import analyze, compile_scenario
from negotiator.model.registry import get_scenario
scenario = get_scenario(sys.argv[1])
parties = sys.argv[2].split(",") if sys.argv[2] else None
load_s = time.perf_counter() - t0
start = time.perf_counter()
result = analyze(scenario, parties)
seconds = time.perf_counter() - start
def peak_rss_mb():
    # VmHWM belongs to this process image; ru_maxrss survives exec and may report the parent's size after fork.
    try:
        with open("/proc/self/status") as fh:
            for line in fh:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1]) / 1024
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
rss_mb = peak_rss_mb()
tracemalloc.start()
analyze(scenario, parties)
alloc_mb = tracemalloc.get_traced_memory()[1] / 2**20
tracemalloc.stop()
c = compile_scenario(scenario, result.party_ids)
rng = np.random.default_rng(7)
sample = (rng.random((100_000, c.n_issues)) * c.n_options).astype(np.intp)
f = result.frontier.q
beaten = False
for s in np.array_split(result.frontier.domain.score_q(sample), 50):
    ge = np.all(s[:, None, :] >= f[None, :, :], axis=2)
    gt = np.any(s[:, None, :] > f[None, :, :], axis=2)
    beaten |= bool(np.any(ge & gt))
consistent = bool(np.allclose(c.score(result.frontier.packages), result.frontier.utilities, rtol=0, atol=1e-9))
print(json.dumps({"seconds": seconds, "load_s": load_s, "rss_mb": rss_mb, "alloc_mb": alloc_mb,
                  "outcomes": result.outcome_count, "frontier_size": len(result.frontier),
                  "zopa_size": result.zopa.size, "parties": list(result.party_ids),
                  "ok": consistent and not beaten}))
"""


def bench_analyze(
    name: str,
    scenario: str = "confederation",
    parties: list[str] | None = None,
    progress: Progress | None = None,
) -> BenchResult:
    """Full analysis in a fresh subprocess (time, peak RSS and peak allocation)."""
    say = progress or (lambda _msg: None)
    say(f"{name}: negotiator analyze --scenario {scenario} (fresh process)")
    proc = subprocess.run(
        [sys.executable, "-c", _ANALYZE_SCRIPT, scenario, ",".join(parties or [])],
        capture_output=True,
        text=True,
        check=False,
    )
    if proc.returncode != 0:
        raise RuntimeError(f"{name} failed:\n{proc.stderr.strip()}")
    info = json.loads(proc.stdout.strip().splitlines()[-1])
    return BenchResult(
        name,
        int(info["outcomes"]),
        float(info["seconds"]),
        None,
        None,
        bool(info["ok"]),
        float(info["rss_mb"]),
        None,
        "no peer can analyse this space; peak_mb is the whole process's peak RSS; equal = self-check "
        "against 100,000 sampled packages",
        {k: info[k] for k in ("load_s", "alloc_mb", "frontier_size", "zopa_size", "parties")},
    )


def bench_score(
    name: str,
    n: int = 1_000_000,
    scenario: str = "confederation",
    repeats: int = 5,
    progress: Progress | None = None,
) -> BenchResult:
    from negotiator.engine.compiled import compile_scenario
    from negotiator.model.registry import get_scenario

    say = progress or (lambda _msg: None)
    say(f"{name}: score {n:,} packages of {scenario} for all delegations")
    compiled = compile_scenario(get_scenario(scenario))
    rng = np.random.default_rng(11)
    packages = (rng.random((n, compiled.n_issues)) * compiled.n_options).astype(np.intp)
    compiled.score(packages[:10])  # build the lookup tables once, outside the timing
    ours_s, out = _best_of(lambda: compiled.score(packages), repeats)
    ref_s, ref = _best_of(lambda: compiled.score_reference(packages), 1)
    peak = _peak_mb(lambda: compiled.score(packages))
    return BenchResult(
        name,
        n,
        ours_s,
        None,
        None,
        bool(np.allclose(out, ref, rtol=0.0, atol=1e-9)),
        peak,
        None,
        f"no peer; the plain per-issue numpy loop takes {ref_s:.3f} s",
        {"parties": list(compiled.party_ids), "reference_s": ref_s},
    )


BENCHMARKS: dict[str, str] = {
    "pareto-nash-1e6": "random 2-party linear additive domain, 10 issues x 4 options, vs NegMAS",
    "pareto-nash-1e7": "random 2-party linear additive domain, 10 issues x 5 options, vs NegMAS (~1 min)",
    "analyze-confederation": "full analysis of the confederation scenario between its principals",
    "score-1e6": "scoring 1,000,000 explicit packages of confederation for all delegations",
}


def run_benchmarks(
    only: list[str] | None = None,
    *,
    peer: bool = True,
    progress: Progress | None = None,
    sizes: dict[str, tuple[int, int]] | None = None,
    score_n: int = 1_000_000,
    repeats: int = 5,
) -> list[BenchResult]:
    """Run the named benchmarks (all by default). ``sizes`` overrides the domains (tests use small ones)."""
    dims = {"pareto-nash-1e6": (10, 4), "pareto-nash-1e7": (10, 5)}
    dims.update(sizes or {})
    names = only or list(BENCHMARKS)
    out: list[BenchResult] = []
    for name in names:
        if name in dims:
            n_issues, n_options = dims[name]
            out.append(
                bench_pareto_nash(name, n_issues, n_options, peer=peer, repeats=repeats, progress=progress)
            )
        elif name == "analyze-confederation":
            out.append(bench_analyze(name, progress=progress))
        elif name == "score-1e6":
            out.append(bench_score(name, n=score_n, repeats=repeats, progress=progress))
        else:
            raise KeyError(name)
    return out
