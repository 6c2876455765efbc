"""``negotiator self-test [--screenshots DIR]``: start the real window (offscreen when there is no display), play a short
solo game through it, and exit 0 only if every step worked.

The steps: open the start screen, choose a scenario and a seat, read the brief, build and table an offer, let the AI
answer, end a round, save, reload, play on to the debrief and export it; plus the hand-over, tutorial, settings and
about screens. With ``--screenshots DIR`` a PNG of every screen is written there; ``--lang he|ar`` runs it in Hebrew or Arabic
(right to left: every screen is checked for mirrored geometry and labels that do not fit), ``--lang xx-long`` in
English made 40% longer. Nothing touches the player's own
saves or settings: everything goes to a temporary folder. The PyInstaller bundle's smoke test runs this command.
"""

from __future__ import annotations

import argparse
import os
import sys

HELP = "drive a short game through the real window and check every screen (offscreen if there is no display)"


def configure(p: argparse.ArgumentParser) -> None:
    p.add_argument("--screenshots", metavar="DIR", help="write a PNG of every screen into DIR")
    p.add_argument(
        "--scenario",
        "-s",
        default="water-and-crossings",
        metavar="S",
        help="scenario to play: an id, several joined by commas, or 'all' (default: the teaching scenario, "
        "water-and-crossings); with several, screenshots are prefixed by the scenario's id",
    )
    p.add_argument(
        "--seat", default="", metavar="ID", help="delegation to play (default: the first principal)"
    )
    p.add_argument("--size", default="1440x900", metavar="WxH", help="window size for the screenshots")
    p.add_argument("--scale", type=float, default=1.0, help="font scale (1.3 shows the projector size)")
    p.add_argument(
        "--lang",
        default="en",
        choices=("en", "he", "ar", "xx-long"),
        help="language of every screen (xx-long: English 40%% longer, to find cut labels); default en",
    )
    p.add_argument("--timeout", type=float, default=120.0, help="seconds before a step counts as hung")
    p.add_argument("--quiet", action="store_true", help="print only failures and the verdict")
    p.add_argument(
        "--class",
        dest="class_room",
        action="store_true",
        help="drive a class instead: host, trainer console, two simulated tables (every console screen)",
    )


def needs_offscreen(environ: dict[str, str] | os._Environ[str], platform: str = sys.platform) -> bool:
    """Whether Qt must be told to render offscreen: a Linux machine with neither X11 nor Wayland display."""
    if environ.get("QT_QPA_PLATFORM"):
        return False
    return platform.startswith("linux") and not (environ.get("DISPLAY") or environ.get("WAYLAND_DISPLAY"))


def run(args: argparse.Namespace) -> int:
    if needs_offscreen(os.environ):
        # Before any QApplication exists, or Qt aborts the process for want of a display.
        os.environ["QT_QPA_PLATFORM"] = "offscreen"
    try:
        width, height = (int(v) for v in str(args.size).lower().split("x"))
    except ValueError:
        from negotiator.cli.language import say

        lang = args.lang if args.lang in ("he", "ar") else "en"
        print(say(lang, "cli.self-test.size", value=repr(args.size)), file=sys.stderr)
        return 2
    from negotiator.app import self_test  # Qt is imported only here
    from negotiator.ui.selftest import SelfTestOptions

    return self_test(
        SelfTestOptions(
            screenshots=args.screenshots,
            scenario=args.scenario,
            seat=args.seat,
            size=(width, height),
            scale=args.scale,
            lang=args.lang,
            timeout=args.timeout,
            quiet=args.quiet,
            class_room=args.class_room,
        )
    )
