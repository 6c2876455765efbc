"""Helpers shared by the CLI commands: loading scenarios and packages from flags, printing JSON."""

from __future__ import annotations

import argparse
import json
import sys
from typing import Any

from negotiator.model.registry import get_scenario, shipped_scenarios
from negotiator.model.schema import Scenario


def add_scenario_arg(p: argparse.ArgumentParser, required: bool = True) -> None:
    ids = ", ".join(shipped_scenarios()) or "none"
    p.add_argument(
        "--scenario",
        "-s",
        required=required,
        metavar="S",
        help=f"a shipped scenario id ({ids}) or the path of a .toml scenario file",
    )


def add_json_arg(p: argparse.ArgumentParser) -> None:
    p.add_argument("--json", action="store_true", help="print machine-readable JSON instead of a table")


def scenario_from_args(args: argparse.Namespace) -> Scenario:
    return get_scenario(args.scenario)


def print_json(obj: Any) -> None:
    json.dump(obj, sys.stdout, indent=2, ensure_ascii=False)
    sys.stdout.write("\n")
