"""``negotiator report``: printable reports of a saved game, headless.

``--pdf FILE`` writes the game debrief (the trainer's copy, charts included), or with ``--seat S`` the report of one
delegation holding only its own material. ``--csv FILE`` writes the scores CSV and ``--answers-csv FILE`` the
learning questionnaire's answers before and after (every game in the database when no ``--game`` is given). The PDF
is drawn by Qt offscreen (started lazily here, through the ui layer); the CSVs need no Qt. Games are replayed and
verified before anything is written. ``--lang he|ar`` writes the PDF in Hebrew or Arabic (right to left, shaped, the
fonts embedded) and prints the command's messages in that language (default: the system's, see
:mod:`negotiator.cli.language`); the CSVs keep their English column names and ids, for spreadsheets and scripts.
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path
from typing import Any

from negotiator.cli.language import add_lang_arg, cli_language, error_lines, say
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
    add_lang_arg(p, "the PDF and the messages")


def run(args: argparse.Namespace) -> int:
    lang = cli_language(args)
    if not args.pdf and not args.csv and not args.answers_csv:
        print(say(lang, "cli.report.nothing"), file=sys.stderr)
        return 2
    if args.pdf and not args.game:
        print(say(lang, "cli.report.pdf-needs-game"), file=sys.stderr)
        return 2
    try:
        return _run(args)
    except NegotiatorError as exc:
        for line in error_lines(exc, lang):
            print(line, file=sys.stderr)
        return 1


def _load_all(db: Any) -> list[tuple[Any, list[tuple[str, str, str, str]]]]:
    from negotiator.cli.saves import _load

    return [(_load(db, g.game_id), db.load_answers(g.game_id)) for g in db.list_games()]


def _run(args: argparse.Namespace) -> int:
    from negotiator.cli.saves import _load
    from negotiator.store.database import SaveDatabase
    from negotiator.store.library import open_game
    from negotiator.store.location import save_locations

    lang = cli_language(args)
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
        print(say(lang, "cli.report.no-seat", seat=args.seat, seats=seats), file=sys.stderr)
        return 2
    if args.csv:
        from negotiator.ui.report_scores import scores_csv

        if not _write_text(args.csv, scores_csv(games), lang):
            return 1
        print(say(lang, "cli.report.wrote-games", path=args.csv, n=len(games)), file=sys.stderr)
    if args.answers_csv:
        from negotiator.ui.report_answers import answers_csv

        if not _write_text(args.answers_csv, answers_csv(loaded), lang):
            return 1
        print(say(lang, "cli.report.wrote-games", path=args.answers_csv, n=len(games)), file=sys.stderr)
    if args.pdf:
        written = _pdf(games[0], args.seat, args.pdf, lang)
        if written is None:
            return 1
        print(say(lang, "cli.report.wrote", path=written), file=sys.stderr)
    return 0


def _write_text(path: str, text: str, lang: str = "en") -> bool:
    try:
        Path(path).write_text(text, encoding="utf-8", newline="")
    except OSError as exc:
        print(say(lang, "cli.cannot-write", path=path, why=str(exc.strerror or exc)), file=sys.stderr)
        return False
    return True


def _pdf(game: Any, seat: str | None, path: str, lang: str = "en") -> str | None:
    from negotiator.cli.self_test import needs_offscreen

    if needs_offscreen(os.environ):
        os.environ["QT_QPA_PLATFORM"] = "offscreen"  # before any QApplication exists
    os.environ.setdefault("QT_SCALE_FACTOR", "2")  # charts drawn at twice the pixels: sharp when printed
    from negotiator.ui.report import debrief_document, delegation_document, ensure_app, write_pdf

    ensure_app()
    doc = delegation_document(game, seat, lang=lang) if seat else debrief_document(game, lang=lang)
    title = doc.metaInformation(doc.MetaInformation.DocumentTitle)
    target = Path(path)
    try:
        with open(target, "ab"):
            pass
    except OSError as exc:
        print(say(lang, "cli.cannot-write", path=path, why=str(exc.strerror or exc)), file=sys.stderr)
        return None
    return str(write_pdf(doc, target, title))
