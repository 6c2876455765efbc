"""Standalone runner for the scale suite (the same code as ``negotiator bench --suite scale``).

    python benchmarks/bench_scale.py                         # one core vs wave2-base, every core, memory over 10^4
    python benchmarks/bench_scale.py --memory-games 2000 --core-games 4 --json scale.json

What each entry measures: :mod:`negotiator.runner.bench`.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from negotiator.runner.bench import scale_benchmarks


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scenario", default="confederation", help="scenario of the speed runs")
    parser.add_argument("--core-games", type=int, default=6, help="games per one-core timing run")
    parser.add_argument(
        "--repeats", type=int, default=3, help="one-core runs per code, alternating (medians kept)"
    )
    parser.add_argument("--games-per-core", type=int, default=8, help="games per core in the scaling run")
    parser.add_argument("--memory-games", type=int, default=10_000, help="games of the memory run")
    parser.add_argument("--base", default="wave2-base", help="git ref to compare one core's speed with")
    parser.add_argument("--json", metavar="FILE", help="also write the results to FILE")
    args = parser.parse_args(argv)
    entries = scale_benchmarks(
        args.scenario,
        core_games=args.core_games,
        repeats=args.repeats,
        games_per_core=args.games_per_core,
        memory_games=args.memory_games,
        base_ref=args.base,
        progress=lambda msg: print(msg, file=sys.stderr),
    )
    for e in entries:
        print(json.dumps({k: v for k, v in e.items() if k != "samples"}))
    if args.json:
        Path(args.json).write_text(json.dumps(entries, indent=2), encoding="utf-8")
    return 0 if all(e.get("meets_target") is not False for e in entries) else 1


if __name__ == "__main__":
    raise SystemExit(main())
