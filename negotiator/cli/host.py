"""``negotiator host``: run a class over the LAN, headless (a trainer's laptop or a school server).

Starts N tables of one scenario, each an ordinary stored game, and serves them over WebSockets until SIGINT or
SIGTERM. With ``--json`` it prints exactly one JSON line once it is listening (the address, the room code, the
trainer's token and every seat's token) and nothing else on standard output. The room (its code, tokens and games)
is kept in a room file, so ``negotiator host --resume FILE`` after a crash or a reboot brings every table back as
it was stored, with the same tokens: students' apps reconnect by themselves.
"""

from __future__ import annotations

import argparse
import json
import signal
import sys
import threading
from pathlib import Path
from typing import Any

from negotiator.cli._common import add_scenario_arg
from negotiator.cli.language import add_lang_arg, cli_language, say
from negotiator.model.errors import NegotiatorError

HELP = "host a class over the LAN: several tables, one token per seat, AI in the empty seats"

DEFAULT_PORT = 47800


def configure(p: argparse.ArgumentParser) -> None:
    add_scenario_arg(p, required=False)
    p.add_argument("--tables", "-n", type=int, default=1, metavar="N", help="number of tables (default 1)")
    p.add_argument(
        "--human",
        metavar="SEATS",
        default="all",
        help="delegations played by students, comma-separated (default: all; 'none' for an AI-only class to "
        "watch); the other seats are played by AI",
    )
    p.add_argument(
        "--personas",
        metavar="SPEC",
        default="",
        help="AI persona for the AI seats: one for all (e.g. pragmatist) or israel=hard-liner,palestine=conciliator",
    )
    p.add_argument("--seed", type=int, metavar="K", help="seed of table 1 (table k: K+k-1); default random")
    p.add_argument(
        "--port", type=int, default=DEFAULT_PORT, metavar="P", help=f"port (default {DEFAULT_PORT}; 0: any)"
    )
    p.add_argument(
        "--bind",
        default="0.0.0.0",
        metavar="ADDR",
        help="address to listen on (default 0.0.0.0: every network of this computer; 127.0.0.1: this one only)",
    )
    p.add_argument(
        "--advertise",
        metavar="HOST",
        help="host name or address students use (default: this computer's LAN address)",
    )
    p.add_argument(
        "--db", metavar="URL", help="save database, a path or URL (default: the usual save file; see saves)"
    )
    p.add_argument(
        "--room", metavar="FILE", help="where to keep the room file (default: classes/ by the saves)"
    )
    p.add_argument("--resume", metavar="FILE", help="start again the class in this room file (after a crash)")
    p.add_argument(
        "--hand-to-ai-after",
        type=float,
        metavar="SECONDS",
        help="let the AI play a students' seat left empty this long on its turn (until a student is back); "
        "default: never",
    )
    p.add_argument("--json", action="store_true", help="print one JSON line once listening, nothing else")
    add_lang_arg(p, "what it prints for the trainer")


def run(args: argparse.Namespace) -> int:
    from negotiator.cli.simulate import parse_personas
    from negotiator.model.registry import get_scenario
    from negotiator.net.classroom import default_room_file, make_tables, new_room, resume_room
    from negotiator.net.host import ClassHost, HostLimits, lan_address
    from negotiator.net.room import Room, RoomError
    from negotiator.net.storage import WriteBehind
    from negotiator.store.database import SaveDatabase
    from negotiator.store.location import default_location, default_saves_dir

    if not 0 <= args.port <= 65535:
        raise RoomError.of("cli.error.port", flag="--port", port=args.port)
    db = SaveDatabase.open(args.db) if args.db else SaveDatabase.open(default_location())
    store = WriteBehind(db)
    try:
        if args.resume:
            room_file = Path(args.resume)
            room = Room.load(room_file)
            if args.scenario and get_scenario(args.scenario).id != room.scenario_id:
                raise RoomError.of(
                    "cli.error.room-scenario",
                    flag="--scenario",
                    scenario=args.scenario,
                    file=str(room_file),
                    plays=room.scenario_id,
                )
            sessions = resume_room(room, store)
        else:
            if not args.scenario:
                raise RoomError.of("cli.error.room-no-scenario", flag="--scenario", resume="--resume")
            scenario = get_scenario(args.scenario)
            human = _human_seats(args.human, [d.id for d in scenario.delegations])
            personas = parse_personas(scenario, args.personas)
            room, sessions = new_room(
                scenario, args.tables, store, human=human, personas=personas, seed=args.seed
            )
            room_file = Path(args.room) if args.room else default_room_file(default_saves_dir(), room)
        room.save(room_file)
        advertise = args.advertise or (lan_address() if args.bind in ("0.0.0.0", "::", "") else args.bind)
        if args.hand_to_ai_after is not None and args.hand_to_ai_after <= 0:
            raise RoomError.of("cli.error.hand-to-ai", flag="--hand-to-ai-after", value=args.hand_to_ai_after)
        host = ClassHost(
            room,
            make_tables(room, sessions, store),
            bind=args.bind,
            port=args.port,
            advertise=advertise,
            limits=HostLimits(hand_to_ai_after=args.hand_to_ai_after),
            room_file=room_file,
        )
        stop = threading.Event()
        for sig in (signal.SIGINT, signal.SIGTERM):
            signal.signal(sig, lambda *_: stop.set())
        try:
            host.start()
        except OSError as exc:
            raise RoomError.of(
                "cli.error.listen",
                address=f"{args.bind}:{args.port}",
                why=str(exc.strerror),
                flag="--port",
            ) from None
        summary = contract(host, room, room_file)
        if args.json:
            sys.stdout.write(json.dumps(summary, separators=(",", ":")) + "\n")
            sys.stdout.flush()
        else:
            _print_human(summary, cli_language(args))
        while not stop.wait(0.5):
            pass
        host.stop()
        if not store.close():
            print(
                say(cli_language(args), "cli.host.not-stored", where=db.where, problem=str(store.problem)),
                file=sys.stderr,
            )
            return 1
        print(
            say(cli_language(args), "cli.host.closed", room=room.code, n=len(host.tables), where=db.where),
            file=sys.stderr,
        )
        return 0
    finally:
        store.close(5)
        db.close()


def contract(host: Any, room: Any, room_file: Path) -> dict[str, Any]:
    """The one JSON line tooling reads (documented in docs/protocol.md)."""
    return {
        "url": host.url,
        "room": room.code,
        "trainer": room.trainer,
        "tables": [{"table": t.number, "game_id": t.game_id, "seats": dict(t.seats)} for t in room.tables],
        "room_file": str(room_file),
    }


def _human_seats(spec: str, known: list[str]) -> list[str]:
    spec = spec.strip().lower()
    if spec in ("", "all"):
        return known
    if spec == "none":
        return []
    seats = [s.strip() for s in spec.split(",") if s.strip()]
    unknown = [s for s in seats if s not in known]
    if unknown:
        raise NegotiatorError.of(
            "cli.error.human-unknown", flag="--human", names=", ".join(unknown), known=", ".join(known)
        )
    return seats


def _print_human(summary: dict[str, Any], lang: str = "en") -> None:
    """What the trainer reads in the terminal, in ``lang``: codes, tokens and addresses in isolates."""
    print(say(lang, "cli.host.open", room=summary["room"], url=summary["url"]))
    print(say(lang, "cli.host.token", token=summary["trainer"]))
    for t in summary["tables"]:
        seats = say(lang, "report.list").join(
            say(lang, "cli.host.seat", seat=seat, token=token) for seat, token in t["seats"].items()
        ) or say(lang, "cli.host.ai-only")
        print("  " + say(lang, "cli.host.table", table=t["table"], seats=seats))
    print(say(lang, "cli.host.room-file", path=summary["room_file"]))
    print(say(lang, "cli.host.ctrl-c"))
    sys.stdout.flush()
