"""``negotiator edit FILE``: the scenario editor window (a shipped scenario id or file opens as a copy).

Forms over the scenario with live checking (the same one-line problems as ``validate``) and live analysis (is the
exercise still winnable for both sides?); saving is atomic with a backup and never overwrites a shipped scenario.
"""

from __future__ import annotations

import argparse
import os
import sys

HELP = "edit a scenario in forms, with live checking and analysis (a shipped scenario opens as a copy)"


def configure(p: argparse.ArgumentParser) -> None:
    p.add_argument(
        "file", metavar="FILE", help="a scenario file, or a shipped scenario id to start from a copy"
    )
    p.add_argument(
        "--exit-when-ready", action="store_true", help="open the editor, then close it at once (a smoke test)"
    )
    p.add_argument(
        "--screenshots",
        metavar="DIR",
        help="save every tab as a PNG in DIR, then close (offscreen if no display)",
    )
    p.add_argument(
        "--size", default="1280x800", help="window size for --screenshots, WIDTHxHEIGHT (1280x800)"
    )
    p.add_argument("--font-scale", type=float, default=1.0, help="text size factor for --screenshots (1.0)")
    p.add_argument("--lang", default="en", choices=("en", "he", "ar"), help="language of the window (en)")


def run(args: argparse.Namespace) -> int:
    from negotiator.model.errors import NegotiatorError
    from negotiator.model.registry import scenario_path

    path = args.file
    if not path.endswith(".toml") and os.sep not in path:
        try:
            path = str(scenario_path(path))
        except NegotiatorError as exc:
            lines = exc.lines() if hasattr(exc, "lines") else [str(exc)]
            for line in lines:
                print(str(line), file=sys.stderr)
            return 1
    from negotiator.cli.self_test import needs_offscreen
    from negotiator.ui.editor.document import EditorError, ScenarioDocument

    try:
        doc = ScenarioDocument.open(path)
    except EditorError as exc:
        print(str(exc), file=sys.stderr)
        return 1
    size = _size(args.size)
    if size is None:
        print(f"--size {args.size}: give WIDTHxHEIGHT, e.g. 1280x800", file=sys.stderr)
        return 2
    if needs_offscreen(os.environ) or args.screenshots:
        os.environ["QT_QPA_PLATFORM"] = "offscreen"
    from pathlib import Path

    from negotiator.ui.editor.window import run_editor  # Qt is imported only here

    return run_editor(
        doc,
        exit_when_ready=args.exit_when_ready,
        shots=Path(args.screenshots) if args.screenshots else None,
        size=size,
        scale=args.font_scale,
        lang=args.lang,
    )


def _size(text: str) -> tuple[int, int] | None:
    w, _, h = text.lower().partition("x")
    if not (w.isdigit() and h.isdigit()) or int(w) < 320 or int(h) < 240:
        return None
    return int(w), int(h)
