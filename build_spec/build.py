"""Build the PyInstaller bundle and smoke-test it: ``./dev bundle [--no-smoke] [--onefile]``.

Writes build information (commit, date) into ``negotiator/_build.json`` for ``--version`` and the About screen, runs
PyInstaller on ``build_spec/negotiator.spec``, then runs the frozen ``negotiator self-test`` offscreen and reports the
bundle's size and its start time. Exits non-zero if the build or the smoke test fails.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def _commit() -> str:
    try:
        return subprocess.run(
            ["git", "rev-parse", "HEAD"], cwd=ROOT, capture_output=True, text=True, check=True
        ).stdout.strip()
    except (OSError, subprocess.CalledProcessError):
        return "unknown"


def _size_mb(path: Path) -> float:
    if path.is_file():
        return path.stat().st_size / 1e6
    return sum(f.stat().st_size for f in path.rglob("*") if f.is_file() and not f.is_symlink()) / 1e6


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--no-smoke", action="store_true", help="build only")
    ap.add_argument("--onefile", action="store_true", help="build a single executable instead of a folder")
    args = ap.parse_args()
    build_json = ROOT / "negotiator" / "_build.json"
    build_json.write_text(
        json.dumps(
            {
                "commit": _commit(),
                "built": dt.datetime.now(dt.UTC).strftime("%Y-%m-%d %H:%M UTC"),
            }
        )
    )
    env = dict(os.environ)
    if args.onefile:
        env["NEGOTIATOR_ONEFILE"] = "1"
    t0 = time.perf_counter()
    try:
        subprocess.run(
            [
                sys.executable,
                "-m",
                "PyInstaller",
                "--noconfirm",
                "--clean",
                "--log-level",
                "WARN",
                "--distpath",
                str(ROOT / "dist"),
                "--workpath",
                str(ROOT / "build"),
                str(ROOT / "build_spec" / "negotiator.spec"),
            ],
            cwd=ROOT,
            env=env,
            check=True,
        )
    finally:
        build_json.unlink(missing_ok=True)
    built = ROOT / "dist" / "negotiator"
    exe = built if args.onefile else built / ("negotiator.exe" if os.name == "nt" else "negotiator")
    print(f"built {exe} in {time.perf_counter() - t0:.0f} s; size {_size_mb(built):.0f} MB")
    if args.no_smoke:
        return 0
    return smoke(exe)


def smoke(exe: Path) -> int:
    """Run the frozen app's self-test offscreen; fail loudly on any problem."""
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    version = subprocess.run([str(exe), "--version"], capture_output=True, text=True, env=env, timeout=60)
    print(version.stdout.strip())
    if version.returncode != 0 or "bundle" not in version.stdout:
        print(version.stderr, file=sys.stderr)
        return 1
    starts = []
    for _ in range(3):
        t0 = time.perf_counter()
        ready = subprocess.run(
            [str(exe), "play", "--exit-when-ready"], env=env, timeout=120, capture_output=True, text=True
        )
        starts.append(time.perf_counter() - t0)
        if ready.returncode != 0:
            print(ready.stderr, file=sys.stderr)
            return 1
    print(f"frozen start to the start screen: median {sorted(starts)[1]:.2f} s over 3 runs")
    shots = ROOT / "build" / "smoke-screenshots"
    t0 = time.perf_counter()
    res = subprocess.run([str(exe), "self-test", "--screenshots", str(shots)], env=env, timeout=300)
    took = time.perf_counter() - t0
    print(f"frozen self-test: exit {res.returncode} in {took:.1f} s; screenshots in {shots}")
    return res.returncode


if __name__ == "__main__":
    raise SystemExit(main())
