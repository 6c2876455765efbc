"""Standalone runner for the engine benchmarks (the same code as ``negotiator bench``).

    python benchmarks/bench_engine.py                      # all, side by side with NegMAS (~2 minutes)
    python benchmarks/bench_engine.py --no-peer            # ours only, a few seconds
    python benchmarks/bench_engine.py --only pareto-nash-1e6 --json results.json

What each benchmark measures, and how equality with the peer is checked: :mod:`negotiator.engine.benchsuite`.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from negotiator.engine.benchsuite import BENCHMARKS, run_benchmarks


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--only", action="append", choices=list(BENCHMARKS))
    parser.add_argument("--no-peer", action="store_true")
    parser.add_argument("--repeats", type=int, default=5)
    parser.add_argument("--json", metavar="FILE", help="also write the results to FILE")
    args = parser.parse_args(argv)
    results = run_benchmarks(
        args.only,
        peer=not args.no_peer,
        repeats=args.repeats,
        progress=lambda msg: print(f"... {msg}", file=sys.stderr, flush=True),
    )
    rows = [r.to_json() for r in results]
    for r in rows:
        ratio = "-" if r["ratio"] is None else f"{r['ratio']:,.0f}x"
        peer = "-" if r["peer_s"] is None else f"{r['peer_s']:.2f} s"
        print(
            f"{r['name']:<24} {r['outcomes']:>14,}  ours {r['ours_s']:.4f} s  peer {peer:>9}  {ratio:>9}  "
            f"equal {r['equal']}  peak {r['peak_mb']:.1f} MB"
        )
    if args.json:
        Path(args.json).write_text(json.dumps(rows, indent=2) + "\n", encoding="utf-8")
    return 0 if all(r["equal"] is not False for r in rows) else 1


if __name__ == "__main__":
    raise SystemExit(main())
