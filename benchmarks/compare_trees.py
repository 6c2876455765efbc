"""``negotiator bench`` for two versions of the code side by side, in one run: medians of alternating runs.

    python benchmarks/compare_trees.py                                   # wave2-base vs this tree, 5 rounds
    python benchmarks/compare_trees.py --base wave2-base --new . --rounds 7 \\
        --bench "--suite opinion" --bench "--only analyze-confederation"
    python benchmarks/compare_trees.py --base /path/to/old/checkout --json compare.json

Each version is a source tree (a folder holding ``negotiator/``) or a git ref of this repository (unpacked with
``git archive`` into a temporary folder). Every round runs each ``--bench`` argument list once per version, the
versions alternating (base, new, new, base, ...), each as ``python -m negotiator bench ... --json`` in a fresh
process with ``PYTHONPATH`` set to that version's tree and a working directory outside any checkout, so the
tree decides which code runs. Every timing entry of the JSON is collected; the table gives each entry's median over
the rounds for both versions and their ratio (new / base: below 1 is faster), with the load average before and
after, since on a shared machine a ratio from one run is only as good as its load.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shlex
import statistics
import subprocess
import sys
import tarfile
import tempfile
from collections.abc import Sequence
from pathlib import Path

DEFAULT_BENCHES = (
    "--suite game --suite opinion --games 3 --no-peer",
    "--only analyze-confederation",
)
"""The figures issue 11 holds to wave2-base's: AI move p95 and full game, opinion reaction, analyze."""
REPO = Path(__file__).resolve().parent.parent
CPU_IN_DETAIL = re.compile(r"CPU ([0-9.]+) s")


def tree_of(spec: str, scratch: Path) -> Path:
    """A folder holding ``negotiator/`` for a tree path or a git ref of this repository."""
    path = Path(spec)
    if (path / "negotiator").is_dir():
        return path.resolve()
    target = scratch / spec.replace("/", "_")
    target.mkdir(parents=True, exist_ok=True)
    archive = subprocess.run(
        ["git", "-C", str(REPO), "archive", spec, "negotiator"], capture_output=True, check=False
    )
    if archive.returncode != 0:
        raise SystemExit(f"{spec!r} is neither a folder holding negotiator/ nor a git ref of {REPO}")
    archive_path = scratch / f"{target.name}.tar"
    archive_path.write_bytes(archive.stdout)
    with tarfile.open(archive_path) as tar:
        tar.extractall(target, filter="data")
    return target


def figures(entries: list[dict[str, object]]) -> dict[str, float]:
    """Every timing of one bench JSON, by entry name (``name`` or ``name:field`` for extra timings)."""
    out: dict[str, float] = {}
    for e in entries:
        name = str(e.get("name"))
        cpu = CPU_IN_DETAIL.search(str(e.get("detail", "")))
        if cpu:  # the game suite's process CPU time, which a busy machine inflates far less than wall time
            out[f"{name}:cpu_s"] = float(cpu.group(1))
        for key, value in e.items():
            if isinstance(value, bool) or not isinstance(value, int | float):
                continue
            if key == "ours_s":
                out[name] = float(value)
            elif key.endswith(("_s", "_ms")) and key not in ("target_s", "peer_s"):
                out[f"{name}:{key}"] = float(value)
    return out


def run_bench(tree: Path, args: Sequence[str], cwd: Path) -> dict[str, float]:
    env = dict(os.environ, PYTHONPATH=str(tree))
    proc = subprocess.run(
        [sys.executable, "-m", "negotiator", "bench", *args, "--json"],
        capture_output=True,
        text=True,
        cwd=cwd,
        env=env,
        check=False,
    )
    if proc.returncode != 0:
        raise SystemExit(f"bench {' '.join(args)} failed for {tree}:\n{proc.stderr[-2000:]}")
    return figures(json.loads(proc.stdout))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--base", default="wave2-base", help="old code: a tree or a git ref (default wave2-base)"
    )
    parser.add_argument("--new", default=str(REPO), help="new code: a tree or a git ref (default this tree)")
    parser.add_argument("--rounds", type=int, default=5, help="alternating runs of each version (default 5)")
    parser.add_argument(
        "--bench",
        action="append",
        metavar="ARGS",
        help=f"arguments of one bench command (repeatable; default: {' and '.join(map(repr, DEFAULT_BENCHES))})",
    )
    parser.add_argument("--json", metavar="FILE", help="also write every run's figures to FILE")
    args = parser.parse_args(argv)
    benches = [shlex.split(b) for b in (args.bench or DEFAULT_BENCHES)]
    with tempfile.TemporaryDirectory(prefix="negotiator-compare-") as scratch_name:
        scratch = Path(scratch_name)
        trees = {"base": tree_of(args.base, scratch / "trees"), "new": tree_of(args.new, scratch / "trees")}
        cwd = scratch / "cwd"
        cwd.mkdir()
        load_before = os.getloadavg()
        runs: dict[str, list[dict[str, float]]] = {"base": [], "new": []}
        for r in range(max(1, args.rounds)):
            order = ("base", "new") if r % 2 == 0 else ("new", "base")
            for version in order:
                merged: dict[str, float] = {}
                for bench in benches:
                    merged.update(run_bench(trees[version], bench, cwd))
                runs[version].append(merged)
                print(f"round {r + 1} {version} done", file=sys.stderr)
        load_after = os.getloadavg()
    names = sorted(set(runs["base"][0]) | set(runs["new"][0]))
    print(f"base: {args.base}   new: {args.new}   rounds: {args.rounds}")
    print(
        f"load average before {load_before[0]:.2f} {load_before[1]:.2f}, after {load_after[0]:.2f} {load_after[1]:.2f}"
    )
    print(f"{'figure':44} {'base median':>12} {'new median':>12} {'new/base':>9}")
    summary = {}
    for name in names:
        b = [run[name] for run in runs["base"] if name in run]
        n = [run[name] for run in runs["new"] if name in run]
        mb = statistics.median(b) if b else float("nan")
        mn = statistics.median(n) if n else float("nan")
        ratio = mn / mb if b and n and mb > 0 else float("nan")
        summary[name] = {"base": mb, "new": mn, "ratio": ratio}
        print(f"{name:44} {mb:12.5f} {mn:12.5f} {ratio:9.2f}")
    if args.json:
        Path(args.json).write_text(
            json.dumps(
                {
                    "base": args.base,
                    "new": args.new,
                    "load": [load_before, load_after],
                    "runs": runs,
                    "median": summary,
                },
                indent=1,
            )
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
