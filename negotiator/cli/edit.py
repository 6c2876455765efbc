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
    if needs_offscreen(os.environ):
        os.environ["QT_QPA_PLATFORM"] = "offscreen"
    from negotiator.ui.editor.window import run_editor  # Qt is imported only here

    return run_editor(doc, exit_when_ready=args.exit_when_ready)
