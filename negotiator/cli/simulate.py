"""``negotiator simulate``: AI-only games in a batch, on every core (or a Dask cluster), with a progress bar and a
summary (or JSON).

Rows come back in game order whatever the number of workers or the chunk size, and fold into the summary as they
arrive: only ``--out`` keeps every row in memory (it writes them all in one JSON file).
"""

from __future__ import annotations

import argparse
import json
import time
from pathlib import Path
from typing import Any

from negotiator.cli._common import add_json_arg, add_scenario_arg, print_json, scenario_from_args
from negotiator.cli.language import add_lang_arg, cli_language, say
from negotiator.cli.runopts import add_run_args, engine_from_args, progress_bar
from negotiator.game.errors import SetupError
from negotiator.game.setup import PERSONAS
from negotiator.model.errors import Problem
from negotiator.model.schema import Scenario
from negotiator.text import Message

HELP = "play seeded AI-only games and summarise agreements, ratification, points and distance to the frontier"


def configure(p: argparse.ArgumentParser) -> None:
    add_scenario_arg(p)
    p.add_argument("--games", "-n", type=int, default=20, metavar="N", help="number of games (default 20)")
    p.add_argument(
        "--seed",
        "-k",
        type=int,
        default=0,
        metavar="K",
        help="batch seed (game i's seed is spawned from K and i, so batches never share a game)",
    )
    p.add_argument(
        "--personas",
        metavar="SPEC",
        default="",
        help="a persona for every delegation (e.g. hard-liner), 'mix' (every pairing of the principals' personas in turn) "
        "or per delegation: "
        "israel=hard-liner,palestine=conciliator (others keep the scenario's default)",
    )
    add_run_args(p)
    add_json_arg(p)
    add_lang_arg(p, "the summary")
    p.add_argument("--out", metavar="FILE", help="also write the JSON summary and per-game rows to FILE")
    p.add_argument(
        "--rows",
        metavar="FILE",
        help="stream one JSON line per game to FILE as games finish, in game order (memory stays flat)",
    )
    p.add_argument(
        "--db",
        metavar="URL",
        help="also record every game as a save in this database (a path or URL; see `negotiator saves`)",
    )


def parse_personas(scenario: Scenario, spec: str) -> dict[str, str]:
    spec = spec.strip()
    if not spec:
        return {}
    principals = [d.id for d in scenario.principals]
    if spec == "mix":  # every pairing of the principals' personas, cycled by game index
        return dict.fromkeys(principals, "mix")
    if "=" not in spec:
        if spec not in PERSONAS:
            raise SetupError(
                [
                    Problem(
                        "--personas",
                        spec,
                        Message.of("cli.problem.not-persona"),
                        Message.of("problem.fix.use-one-of", ids=", ".join(PERSONAS)),
                    )
                ]
            )
        return dict.fromkeys(principals, spec)
    out: dict[str, str] = {}
    known = [d.id for d in scenario.delegations]
    for part in spec.split(","):
        seat, _, persona = part.partition("=")
        seat, persona = seat.strip(), persona.strip()
        if seat not in known:
            raise SetupError(
                [
                    Problem(
                        "--personas",
                        seat,
                        Message.of("cli.problem.not-delegation"),
                        Message.of("problem.fix.use-one-of", ids=", ".join(known)),
                    )
                ]
            )
        if persona not in (*PERSONAS, "mix"):
            raise SetupError(
                [
                    Problem(
                        "--personas",
                        part,
                        Message.of("cli.problem.names-no-persona"),
                        Message.of("cli.problem.fix.use-one-of-or", ids=", ".join(PERSONAS), other="mix"),
                    )
                ]
            )
        out[seat] = persona
    return out


MAX_GAMES = 100_000_000


def run(args: argparse.Namespace) -> int:
    from negotiator.ai.batch import Tally
    from negotiator.runner.batch import default_chunk_size, stream_batch

    scenario = scenario_from_args(args)
    if args.games < 1 or args.games > MAX_GAMES:
        raise SetupError(
            [
                Problem(
                    "--games",
                    str(args.games),
                    Message.of("cli.problem.from-to", least=1, most=MAX_GAMES),
                    Message.of("cli.problem.fix.example", example="--games 200"),
                )
            ]
        )
    if args.seed < 0 or args.seed > 2**62:
        raise SetupError(
            [
                Problem(
                    "--seed",
                    str(args.seed),
                    Message.of("cli.problem.whole-from", least=0),
                    Message.of("cli.problem.fix.example", example="--seed 7"),
                )
            ]
        )
    personas = parse_personas(scenario, args.personas)
    for flag, target in (("--out", args.out), ("--rows", args.rows)):  # checked before any game is played
        if target and not Path(target).resolve().parent.is_dir():
            raise SetupError(
                [
                    Problem(
                        flag,
                        target,
                        Message.of("cli.problem.no-folder"),
                        Message.of("cli.problem.fix.create-folder"),
                    )
                ]
            )
    db = None
    if args.db:  # the same games, each also saved; the database is opened (and checked) before the first game
        from negotiator.store.database import SaveDatabase
        from negotiator.store.recorder import save_log

        db = SaveDatabase.open(args.db)
    try:
        engine = engine_from_args(args)
    except BaseException:
        if db is not None:
            db.close()
        raise
    chunk_size = args.chunk_size or default_chunk_size(args.games, engine.workers)
    tally = Tally(scenario)
    rows: list[dict[str, Any]] = []
    stream = None
    start = time.perf_counter()
    try:
        if args.rows:
            try:
                stream = Path(args.rows).open("w", encoding="utf-8")  # noqa: SIM115 (closed in finally)
            except OSError as exc:
                raise SetupError(
                    [
                        Problem(
                            "--rows",
                            args.rows,
                            Message.of("cli.problem.cannot-write", why=str(exc.strerror)),
                            Message.of("cli.problem.fix.writable"),
                        )
                    ]
                ) from None
        with progress_bar(disable=args.json) as bar:
            task = bar.add_task(f"{scenario.id} on {engine.describe()}", total=args.games)
            results = stream_batch(
                engine,
                scenario,
                args.games,
                args.seed,
                personas,
                chunk_size=chunk_size,
                keep_logs=db is not None,
                on_done=lambda done: bar.advance(task, len(done)),
            )
            for result in results:
                row = result.row
                if db is not None and result.log is not None:
                    log = result.log
                    row["game_id"] = save_log(db, scenario, log.setup, log.commands, log.state_hash)
                tally.add(row)
                if stream is not None:
                    stream.write(json.dumps(row, ensure_ascii=False, separators=(",", ":")) + "\n")
                if args.out:
                    rows.append(row)
    finally:
        if stream is not None:
            stream.close()
        if db is not None:
            db.close()
        engine.close()
    summary: dict[str, Any] = tally.summary()
    summary["personas"] = personas or "scenario defaults"
    summary["seed"] = args.seed
    summary["seconds"] = round(time.perf_counter() - start, 3)
    summary["ran_on"] = engine.describe()
    summary["chunk_size"] = chunk_size
    if db is not None:
        summary["saved_to"] = db.where
    if args.out:
        Path(args.out).write_text(
            json.dumps({"summary": summary, "games": rows}, indent=2, ensure_ascii=False), encoding="utf-8"
        )
    if args.json:
        print_json(summary)
        return 0
    _print_table(summary, cli_language(args))
    return 0


def _print_table(summary: dict[str, Any], lang: str = "en") -> None:
    """The summary for a reader in ``lang`` (ids, results and clause names stay as the JSON has them)."""
    from rich.console import Console
    from rich.markup import escape
    from rich.table import Table

    def t(msgid: str, **args: Any) -> str:
        return escape(say(lang, msgid, **args))

    console = Console()
    console.print(
        t(
            "cli.simulate.head",
            scenario=summary["scenario"],
            n=summary["games"],
            seed=summary["seed"],
            personas=str(summary["personas"]),
            seconds=f"{summary['seconds']:.1f}",
            ran_on=str(summary["ran_on"]),
        )
    )
    console.print(
        t(
            "cli.simulate.rates",
            signed=f"{summary['agreement_rate']:.0%}",
            ratified=f"{summary['ratification_rate']:.0%}",
            zopa=say(lang, "cli.yes" if summary["zopa_exists"] else "cli.no"),
            results=str(summary["results"]),
        )
    )
    dist = summary["mean_distance_to_frontier"]
    console.print(
        t(
            "cli.simulate.distance",
            distance="-" if dist is None else f"{dist:.2f}",
            below=str(summary["below_walk_away"]),
        )
    )
    console.print(
        t("cli.simulate.paradigms", paradigms=str(summary["paradigms"]), rounds=str(summary["mean_rounds"]))
    )
    table = Table(title=t("cli.simulate.points"))
    table.add_column(t("cli.simulate.col.delegation"))
    table.add_column(t("cli.simulate.col.all"), justify="right")
    table.add_column(t("cli.simulate.col.signed"), justify="right")
    for d, v in summary["mean_points"].items():
        w = summary["mean_points_when_signed"][d]
        table.add_row(d, f"{v:.1f}" if v is not None else "-", f"{w:.1f}" if w is not None else "-")
    console.print(table)
    console.print(
        t(
            "cli.simulate.crossed",
            crossed=str(summary["red_lines_crossed"]),
            incoherent=str(summary["incoherent_deals"]),
        )
    )
    _print_clauses(console, summary)
    console.print(f"digest: {summary['digest']}")


def _print_clauses(console: Any, summary: dict[str, Any]) -> None:
    """Signed clauses per persona pairing of the signatories: one column per pairing (its personas' initials, in
    signatory order), one row per clause ever signed, each cell the number of signed deals holding that clause."""
    from rich.table import Table

    pairings = summary["by_pairing"]
    if not pairings:
        return
    short = {p: "".join(part.partition("=")[2][:1].upper() for part in p.split()) for p in pairings}
    console.print("pairings:")
    for p, i in pairings.items():
        console.print(f"  {short[p]} = {p}: {i['signed']}/{i['games']} signed, {i['ratified']} ratified")
    clauses = sorted({c for i in pairings.values() for c in i["clauses"]})
    if not clauses:
        console.print("no deal signed")
        return
    # as many pairing columns per table as the console's width holds, so no clause name is ever cut short
    clause_width = max(len(c) for c in clauses) + 4
    per_table = max(1, (console.width - clause_width - 1) // 6)
    names = list(pairings)
    for start in range(0, len(names), per_table):
        chunk = names[start : start + per_table]
        title = (
            "signed clauses per persona pairing (deals holding each clause)" if start == 0 else "(continued)"
        )
        table = Table(title=title)
        table.add_column("clause", no_wrap=True, min_width=clause_width - 4)
        for p in chunk:
            table.add_column(short[p], justify="right", no_wrap=True)
        table.add_row("(deals signed)", *(str(pairings[p]["signed"]) for p in chunk), end_section=True)
        for clause in clauses:
            table.add_row(clause, *(str(pairings[p]["clauses"].get(clause, 0) or "") for p in chunk))
        console.print(table)
