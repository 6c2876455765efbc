"""``negotiator validate FILE...``: check scenario files and print OK or one line per problem."""

from __future__ import annotations

import argparse

from negotiator.model.errors import ScenarioError
from negotiator.model.loader import load_scenario

HELP = "check scenario files: prints 'FILE: OK' or one line per problem (exit 1 if any file has problems)"


def configure(p: argparse.ArgumentParser) -> None:
    p.add_argument("files", nargs="+", metavar="FILE", help="scenario .toml files")


def run(args: argparse.Namespace) -> int:
    bad = 0
    for f in args.files:
        try:
            load_scenario(f)
        except ScenarioError as exc:
            bad += 1
            for line in exc.lines():
                print(line)
        else:
            print(f"{f}: OK")
    return 1 if bad else 0
