"""The ``negotiator`` command line: headless commands, and the game window when run with no command.

Each command lives in its own module under ``negotiator.cli`` exposing ``HELP``, ``configure(parser)`` and
``run(args) -> int``. Modules are imported lazily, so ``negotiator validate`` never pays for Qt or numpy-heavy
imports it does not need. Bad input of any kind ends in clear one-line errors and exit code 1 (2 for wrong flags,
as argparse does), never a traceback.
"""

from __future__ import annotations

import argparse
import importlib
import importlib.util
import sys
from collections.abc import Sequence

from negotiator.model.errors import NegotiatorError

# Order is the order shown in --help.
COMMANDS: dict[str, str] = {
    "play": "negotiator.cli.play",
    "validate": "negotiator.cli.validate",
    "score": "negotiator.cli.score",
    "analyze": "negotiator.cli.analyze",
    "poll": "negotiator.cli.poll",
    "calibrate": "negotiator.cli.calibrate",
    "simulate": "negotiator.cli.simulate",
    "sweep": "negotiator.cli.sweep",
    "saves": "negotiator.cli.saves",
    "report": "negotiator.cli.report",
    "edit": "negotiator.cli.edit",
    "host": "negotiator.cli.host",
    "bench": "negotiator.cli.bench",
    "self-test": "negotiator.cli.self_test",
}


def _available() -> dict[str, str]:
    """Commands whose module exists in this build."""
    found: dict[str, str] = {}
    for name, module in COMMANDS.items():
        if importlib.util.find_spec(module) is not None:
            found[name] = module
    return found


def build_parser(only: str | None = None, lang: str = "en") -> argparse.ArgumentParser:
    """The argument parser; with ``only``, just that command is imported and configured (the common case: a
    command named on the command line), so each command pays only for its own imports. Its descriptions and helps
    in ``lang`` (:mod:`negotiator.cli.helptext`; argparse's own words need :func:`~negotiator.cli.helptext.argparse_words`
    around the building and the parsing)."""
    parser = argparse.ArgumentParser(
        prog="negotiator",
        description="Negotiator: a negotiation-simulation game. Run with no command to open the game window.",
    )
    parser.add_argument("--version", action="version", version=version_text())
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    for name, module_name in _available().items():
        if only is not None and name != only:
            continue
        module = importlib.import_module(module_name)
        # argparse %-formats help strings ("90% interval"), not descriptions
        p = sub.add_parser(name, help=module.HELP.replace("%", "%%"), description=module.HELP)
        module.configure(p)
        p.set_defaults(_run=module.run)
    if lang != "en":
        from negotiator.cli.helptext import translate_parser

        translate_parser(parser, lang)
    return parser


def version_text() -> str:
    from negotiator.buildinfo import build_info

    return build_info().one_line()


def main(argv: Sequence[str] | None = None) -> int:
    args_list = list(sys.argv[1:] if argv is None else argv)
    if args_list == ["--version"]:  # printed whole: argparse's version action would wrap it at 80 columns
        print(version_text())
        return 0
    if not args_list or (args_list[0].startswith("-") and args_list[0] not in ("-h", "--help", "--version")):
        args_list = ["play", *args_list]
    from negotiator.cli.helptext import argparse_words, help_language

    lang = help_language(args_list)
    with argparse_words(lang):
        parser = build_parser(args_list[0] if args_list[0] in COMMANDS else None, lang)
        args = parser.parse_args(args_list)
    try:
        code: int = args._run(args)
    except NegotiatorError as exc:
        from negotiator.cli.language import error_lines

        for line in error_lines(exc, getattr(args, "lang", None) or lang):
            print(line, file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print("interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:
        return 0
    return code


if __name__ == "__main__":  # pragma: no cover
    raise SystemExit(main())
