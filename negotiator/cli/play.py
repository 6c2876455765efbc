"""``negotiator play`` (the default): open the game window."""

from __future__ import annotations

import argparse

HELP = "open the game window (the default when no command is given)"


def configure(p: argparse.ArgumentParser) -> None:
    p.add_argument("--db", metavar="URL", help="save database URL (default: SQLite in your data folder)")
    p.add_argument("--scenario", "-s", metavar="S", help="start a new game of this scenario directly")
    p.add_argument(
        "--lang",
        choices=("en", "he", "ar", "xx-long"),
        help="language of the window, kept for next time (default: the one chosen before, else the system's)",
    )
    p.add_argument(
        "--exit-when-ready",
        action="store_true",
        help="quit as soon as the start screen is shown (to measure start-up time)",
    )


def run(args: argparse.Namespace) -> int:
    from negotiator.app import run_app  # Qt is imported only here, never by headless commands

    return run_app(args)
