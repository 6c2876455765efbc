"""``negotiator report``: printable reports of a saved game, headless.

``--pdf FILE`` writes the game debrief (the trainer's copy, charts included), or with ``--seat S`` the report of one
delegation holding only its own material. ``--csv FILE`` writes the scores CSV and ``--answers-csv FILE`` the
learning questionnaire's answers before and after (every game in the database when no ``--game`` is given). The PDF
is drawn by Qt offscreen (started lazily here, through the ui layer); the CSVs need no Qt. Games are replayed and
verified before anything is written.
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path
from typing import Any

from negotiator.model.errors import NegotiatorError

HELP = "printable reports of a saved game: the debrief or one delegation's report as PDF, the scores as CSV"


def configure(p: argparse.ArgumentParser) -> None:
    p.add_argument(
        "--db",
        metavar="URL",
        help="a save file, a folder of save files, or a database URL (default: the save folder)",
    )
    p.add_argument("--game", metavar="ID", help="a game id or its first characters, as `saves list` shows it")
    p.add_argument(
        "--seat",
        metavar="S",
        help="a delegation id: its own report, with none of the other delegations' confidential material",
    )
    p.add_argument(
        "--pdf", metavar="FILE", help="write the debrief (or with --seat, the delegation's report)"
    )
    p.add_argument("--csv", metavar="FILE", help="write the scores CSV (every game when --game is not given)")
    p.add_argument(
        "--answers-csv",
        metavar="FILE",
        help="write the learning questionnaire's answers before and after each game (every game when --game is "
        "not given)",
    )


def run(args: argparse.Namespace) -> int:
    if not args.pdf and not args.csv and not args.answers_csv:
        print("report: nothing to write; give --pdf FILE, --csv FILE or --answers-csv FILE", file=sys.stderr)
        return 2
    if args.pdf and not args.game:
        print("report: --pdf needs --game ID (see `negotiator saves list`)", file=sys.stderr)
        return 2
    try:
        return _run(args)
    except NegotiatorError as exc:
        lines = exc.lines() if hasattr(exc, "lines") else [str(exc)]
        for line in lines:
            print(str(line), file=sys.stderr)
        return 1


def _load_all(db: Any) -> list[tuple[Any, list[tuple[str, str, str, str]]]]:
    from negotiator.cli.saves import _load

    return [(_load(db, g.game_id), db.load_answers(g.game_id)) for g in db.list_games()]


def _run(args: argparse.Namespace) -> int:
    from negotiator.cli.saves import _load
    from negotiator.store.database import SaveDatabase
    from negotiator.store.library import open_game
    from negotiator.store.location import save_locations

    locations = save_locations(args.db)
    loaded: list[tuple[Any, list[tuple[str, str, str, str]]]] = []
    if args.game:
        with open_game(locations, args.game) as (db, game_id):
            loaded = [(_load(db, game_id), db.load_answers(game_id))]
    else:
        for location in locations:
            with SaveDatabase.open(location, readonly=True) as db:
                loaded.extend(_load_all(db))
    games = [game for game, _ in loaded]
    if args.seat and games and args.seat not in games[0].setup.seat_ids:
        seats = ", ".join(games[0].setup.seat_ids)
        print(f"--seat: {args.seat!r} has no seat in this game; choose one of {seats}", file=sys.stderr)
        return 2
    if args.csv:
        from negotiator.ui.report_scores import scores_csv

        if not _write_text(args.csv, scores_csv(games)):
            return 1
        print(f"wrote {args.csv} ({len(games)} game(s))", file=sys.stderr)
    if args.answers_csv:
        from negotiator.ui.report_answers import answers_csv

        if not _write_text(args.answers_csv, answers_csv(loaded)):
            return 1
        print(f"wrote {args.answers_csv} ({len(games)} game(s))", file=sys.stderr)
    if args.pdf:
        written = _pdf(games[0], args.seat, args.pdf)
        if written is None:
            return 1
        print(f"wrote {written}", file=sys.stderr)
    return 0


def _write_text(path: str, text: str) -> bool:
    try:
        Path(path).write_text(text, encoding="utf-8", newline="")
    except OSError as exc:
        print(f"{path}: cannot be written ({exc.strerror or exc}); choose another file", file=sys.stderr)
        return False
    return True


def _pdf(game: Any, seat: str | None, path: str) -> str | None:
    from negotiator.cli.self_test import needs_offscreen

    if needs_offscreen(os.environ):
        os.environ["QT_QPA_PLATFORM"] = "offscreen"  # before any QApplication exists
    os.environ.setdefault("QT_SCALE_FACTOR", "2")  # charts drawn at twice the pixels: sharp when printed
    from negotiator.ui.report import debrief_document, delegation_document, ensure_app, write_pdf

    ensure_app()
    doc = delegation_document(game, seat) if seat else debrief_document(game)
    title = doc.metaInformation(doc.MetaInformation.DocumentTitle)
    target = Path(path)
    try:
        with open(target, "ab"):
            pass
    except OSError as exc:
        print(f"{path}: cannot be written ({exc.strerror or exc}); choose another file", file=sys.stderr)
        return None
    return str(write_pdf(doc, target, title))
