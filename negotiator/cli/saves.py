"""``negotiator saves``: list, show, export and verify saved games.

Without ``--db`` the commands read every save file in the save folder (``saves/`` beside a checkout, else the user
data folder; ``NEGOTIATOR_DB`` names one database instead). Every database is opened read-only: these commands never
change a save. A file that cannot be read gives one line naming it and what is wrong; the other games still list.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

from negotiator.cli.language import add_lang_arg, cli_language, error_lines, say
from negotiator.model.errors import NegotiatorError
from negotiator.text import direction, isolate

if TYPE_CHECKING:
    from negotiator.session.log import LoadedGame
    from negotiator.store.transcript import Copy

HELP = "list, show, export (json/csv) and verify saved games"


def configure(p: argparse.ArgumentParser) -> None:
    sub = p.add_subparsers(dest="action", metavar="ACTION", required=True)

    def db_arg(q: argparse.ArgumentParser) -> None:
        q.add_argument(
            "--db",
            metavar="URL",
            help="a save file, a folder of save files, or a database URL (default: the save folder)",
        )

    q = sub.add_parser("list", help="every saved game, most recently played first")
    db_arg(q)
    q.add_argument("--json", action="store_true", help="print JSON instead of a table")
    add_lang_arg(q, "the table's headings and messages (the JSON stays in English ids)")
    q = sub.add_parser("show", help="one game: setup, progress and its moves")
    q.add_argument("id", help="a game id or its first characters, as `saves list` shows it")
    db_arg(q)
    q.add_argument("--json", action="store_true", help="print the public transcript as JSON")
    _lang_arg(q)
    q = sub.add_parser(
        "export", help="a transcript to grade: every move with round, seat, text, points, polls"
    )
    q.add_argument("id", help="a game id or its first characters")
    q.add_argument("--format", choices=("json", "csv"), default="json", help="file format (default json)")
    q.add_argument(
        "--copy",
        choices=("trainer", "public"),
        default="trainer",
        help="trainer: with every delegation's points and private messages (default); "
        "public: without them, to hand out",
    )
    q.add_argument("--out", "-o", metavar="FILE", help="write to FILE instead of standard output")
    _lang_arg(q)
    db_arg(q)
    q = sub.add_parser(
        "verify", help="check every save: file integrity, and every game replays to its stored hashes"
    )
    q.add_argument("id", nargs="?", help="only this game")
    db_arg(q)
    q.add_argument("--json", action="store_true", help="print JSON")
    add_lang_arg(q, "its messages (the JSON stays in English ids; problems stay in English)")


def run(args: argparse.Namespace) -> int:
    from negotiator.store.location import save_locations

    locations = save_locations(args.db)
    action: str = args.action
    lang = cli_language(args)
    if action == "list":
        return _list(locations, args.json, lang)
    if action == "show":
        return _show(locations, args.id, args.json, lang)
    if action == "export":
        return _export(locations, args.id, args.format, args.copy, args.out, lang)
    return _verify(locations, args.id, args.json, lang)


def _problem_lines(exc: NegotiatorError) -> list[str]:
    lines = exc.lines() if hasattr(exc, "lines") else [str(exc)]
    return [str(line) for line in lines]


def _print_problems(problems: list[Any], lang: str) -> None:
    for p in problems:
        for line in error_lines(p, lang):
            print(line, file=sys.stderr)


def _list(locations: list[Any], as_json: bool, lang: str = "en") -> int:
    from negotiator.store.library import list_saves

    listing = list_saves(locations)
    if as_json:
        from negotiator.cli._common import print_json

        print_json(
            {
                "games": [_listing_json(g) for g in listing.games],
                "problems": [line for p in listing.problems for line in _problem_lines(p)],
            }
        )
    else:
        several = len({g.source for g in listing.games}) > 1
        columns = ["id", "scenario", "mode", "seats", "round", "moves", "state", "last-played"]
        rows = [[say(lang, f"cli.saves.col.{c}") for c in [*columns, *(["file"] * several)]]]
        for g in listing.games:
            rows.append(
                [  # ids, codes and dates: isolated inside a right-to-left line
                    _cell(lang, cell)
                    for cell in [
                        g.game_id[:8],
                        g.scenario_id,
                        g.mode,
                        _short_seats(g.seats),
                        str(g.progress.round),
                        str(g.progress.commands),
                        g.progress.outcome or g.progress.phase,
                        g.updated_at.astimezone().strftime("%Y-%m-%d %H:%M"),
                        *([Path(g.source).name] * several),
                    ]
                ]
            )
        if listing.games:
            widths = [max(len(r[k]) for r in rows) for k in range(len(rows[0]))]
            for r in rows:
                print("  ".join(cell.ljust(w) for cell, w in zip(r, widths, strict=True)).rstrip())
        elif not listing.problems:
            print(say(lang, "cli.saves.none" if locations else "cli.saves.none-in-folder"))
    _print_problems(listing.problems, lang)
    return 1 if listing.problems else 0


def _cell(lang: str, text: str) -> str:
    """A table cell as it is in English; in Hebrew and Arabic in an isolate, so ids and dates keep their order."""
    return text if direction(lang) == "ltr" else isolate(text)


def _short_seats(seats: str) -> str:
    """``israel: human · palestine: bot (pragmatist)`` as ``israel (human), palestine``: bots are the default."""
    out = []
    for part in seats.split(" · "):
        name, _, who = part.partition(": ")
        out.append(name if who.startswith("bot") else f"{name} ({who})")
    return ", ".join(out)


def _listing_json(g: Any) -> dict[str, Any]:
    p = g.progress
    return {
        "id": g.game_id,
        "scenario": g.scenario_id,
        "mode": g.mode,
        "seats": g.seats,
        "round": p.round,
        "phase": p.phase,
        "finished": p.finished,
        "outcome": p.outcome,
        "moves": p.commands,
        "turn": p.turn,
        "created_at": g.created_at.isoformat(),
        "last_played": g.updated_at.isoformat(),
        "source": g.source,
    }


def _load(db: Any, game_id: str) -> LoadedGame:
    from negotiator.model.registry import get_scenario
    from negotiator.session.log import load
    from negotiator.session.standard import StandardRules

    return load(StandardRules(), db.load_game(game_id), get_scenario)


def _lang_arg(q: Any) -> None:
    add_lang_arg(
        q, "its messages and the transcript's sentences and bot reasons (the game itself holds no words)"
    )


def _show(locations: list[Any], prefix: str, as_json: bool, lang: str = "en") -> int:
    from negotiator.store.library import open_game
    from negotiator.store.transcript import moves, to_json

    with open_game(locations, prefix) as (db, game_id):
        game = _load(db, game_id)
    if as_json:
        from negotiator.cli._common import print_json

        print_json(to_json(game, "public", lang))
        return 0
    g, p = game.saved.header, game.progress
    print(say(lang, "cli.saves.show.game", game=g.game_id, file=str(game.saved.source)))
    setup = {"scenario": g.scenario_id, "version": f"v{g.scenario_version}", "mode": g.mode}
    print("  " + say(lang, "cli.saves.show.setup", **setup, seed=str(game.setup.seed)))
    print("  " + say(lang, "cli.saves.show.seats", seats=g.seats))
    where = {"round": str(p.round), "rounds": str(game.scenario.rules.rounds), "phase": p.phase}
    if p.outcome:
        print("  " + say(lang, "cli.saves.show.round-outcome", **where, outcome=p.outcome))
    elif p.turn:
        print("  " + say(lang, "cli.saves.show.round-turn", **where, seat=p.turn))
    else:
        print("  " + say(lang, "cli.saves.show.round", **where))
    started = f"{game.saved.created_at.astimezone():%Y-%m-%d %H:%M}"
    last = f"{game.saved.updated_at.astimezone():%Y-%m-%d %H:%M}"
    print("  " + say(lang, "cli.saves.show.dates", started=started, last=last, n=p.commands))
    for m in moves(game, "public", lang):
        reason = f"  ({m.reason})" if m.reason and m.reason not in m.text else ""
        print(f"  {m.number:>4}  r{m.round:<2} {m.seat:<16} {m.text}{reason}")
        for h in m.happened:
            print(f"  {'':>4}  {'':<3} {'':<16} - {h}")
    return 0


def _export(
    locations: list[Any], prefix: str, fmt: str, copy: Copy, out: str | None, lang: str = "en"
) -> int:
    from negotiator.store.library import open_game
    from negotiator.store.transcript import to_csv, to_json

    with open_game(locations, prefix) as (db, game_id):
        game = _load(db, game_id)
    if fmt == "json":
        text = json.dumps(to_json(game, copy, lang), indent=2, ensure_ascii=False) + "\n"
    else:
        text = to_csv(game, copy, lang)
    if out is None:
        sys.stdout.write(text)
        return 0
    try:
        Path(out).write_text(text, encoding="utf-8", newline="")
    except OSError as exc:
        why = str(exc.strerror or exc)
        print(say(lang, "cli.saves.export.unwritable", file=out, why=why), file=sys.stderr)
        return 1
    print(say(lang, f"cli.saves.export.wrote-{copy}", file=out, n=len(game.commands)), file=sys.stderr)
    return 0


def _verify(locations: list[Any], prefix: str | None, as_json: bool, lang: str = "en") -> int:
    from negotiator.model.registry import get_scenario
    from negotiator.session.errors import StorageError
    from negotiator.session.standard import StandardRules
    from negotiator.store.database import SaveDatabase
    from negotiator.store.library import Verdict, open_game, verify_database, verify_game

    rules = StandardRules()
    report: list[dict[str, Any]] = []
    failed = 0
    if prefix is not None:
        with open_game(locations, prefix) as (db, game_id):
            checks = [(db.where, db.integrity(), [verify_game(db, game_id, rules, get_scenario)])]
    else:
        checks = []
        for location in locations:
            try:
                with SaveDatabase.open(location, readonly=True) as db:
                    checks.append((db.where, *verify_database(db, rules, get_scenario)))
            except StorageError as exc:
                failed += 1
                report.append({"file": location.display, "ok": False, "problem": _problem_lines(exc)})
                if not as_json:
                    _print_problems([exc], lang)
    for where, integrity, verdicts in checks:
        intact = integrity == ["ok"]
        bad: list[Verdict] = [v for v in verdicts if not v.ok]
        failed += (not intact) + len(bad)
        report.append(
            {
                "file": where,
                "ok": intact and not bad,
                "integrity": integrity,
                "games": [
                    {
                        "id": v.game_id,
                        "ok": v.ok,
                        "moves": v.commands,
                        "checkpoints": v.checkpoints,
                        "problem": _problem_lines(v.problem) if v.problem else None,
                    }
                    for v in verdicts
                ],
            }
        )
        if not as_json:
            counts = {"file": str(where), "ok": str(len(verdicts) - len(bad)), "n": len(verdicts)}
            if intact:
                print(say(lang, "cli.saves.verify.intact", **counts))
            else:
                print(say(lang, "cli.saves.verify.damaged", **counts, problems="; ".join(integrity)))
            for v in verdicts:
                if v.ok:
                    ok = {"game": v.game_id[:8], "n": v.commands, "checked": str(v.checkpoints)}
                    print("  " + say(lang, "cli.saves.verify.ok", **ok))
            _print_problems([v.problem for v in bad], lang)
    if as_json:
        from negotiator.cli._common import print_json

        print_json({"ok": failed == 0, "files": report})
    elif not checks and not report:
        print(say(lang, "cli.saves.verify.none"))
    return 1 if failed else 0
