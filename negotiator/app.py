"""Composition root: the only module that wires every layer (store, session, game, ai, ui) and starts Qt."""

from __future__ import annotations

import argparse


def run_app(args: argparse.Namespace) -> int:
    from negotiator.ui import main_window  # noqa: F401  (the UI layer is being built)

    return 0
