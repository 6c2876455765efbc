"""The classroom benchmark (``negotiator bench --suite net``): a host and 40 clients on 8 tables over loopback.

The host runs in this process; the 40 clients run in a child process (so the host's CPU time and memory are its
own), every seat human so no AI thinking is timed. Measured:

- ``net-latency-p50/p95/max``: from just before a client submits a move to the moment every client at that table
  holds the new view (frame received, parsed and rebuilt into a view), all 8 tables moving at once, one move every
  :data:`PERIOD` at each; targets p95 <= 25 ms, max <= 250 ms;
- the same with two stalled clients (joined, then never reading) at two of the tables;
- ``net-reconnect-storm``: the host drops all 40 links at once; time until every client is back and holds the
  current view; target 2 s;
- ``net-host-cpu-per-move``: the host process's CPU time over the moves of the first phase, per move, and (on
  Linux) how it splits between the host's threads: the tables' threads and the host's event loop are the work
  between a move's submission and its views leaving the host; the session writers (the state hash) and the class
  store (the SQLite write) come after (a load-independent measure: CPU time, not wall time);
- ``net-memory-per-connection``: the host process's resident memory growth when the 40 clients join, per client.

Wall times come from ``time.perf_counter`` (CLOCK_MONOTONIC on Linux, the same clock in both processes).
Entries have the shape of the other suites: ``{name, ours_s, target_s, meets_target, detail}``.
"""

from __future__ import annotations

import multiprocessing as mp
import statistics
import threading
import time
from collections.abc import Callable
from multiprocessing.connection import Connection
from typing import Any

from negotiator.game.commands import EndTurn
from negotiator.model.registry import get_scenario
from negotiator.net.classroom import make_tables, new_room
from negotiator.net.client import ClientLoop, RemoteNotice, RemoteSeat
from negotiator.net.host import ClassHost
from negotiator.net.storage import WriteBehind
from negotiator.session.ports import GameStorage, MemoryStorage

TARGETS = {"p95": 0.025, "max": 0.250, "reconnect": 2.0}

PERIOD = 0.5
"""Seconds between one table's moves, every table moving at the same instants (design choice: a table makes a move
every few seconds in class, so this is several times a class's pace, with the worst alignment: 16 moves a second
across 8 tables). A fixed pace offers every code measured the same load: timing each move from the previous one's
acknowledgement instead let a slower acknowledgement (an fsync, a write-behind settle) lower the load and flatter
the latency. At 0.1 s (80 moves a second) the host saturated on the loaded 2-core machine and the figures measured
its queue, not a move's way to the students."""


def net_benchmarks(
    storage: GameStorage | None = None,
    *,
    tables: int = 8,
    moves_per_table: int = 30,
    scenario_id: str = "confederation",
    progress: Callable[[str], None] | None = None,
) -> list[dict[str, Any]]:
    say = progress or (lambda _: None)
    scenario = get_scenario(scenario_id)
    store = WriteBehind(storage or MemoryStorage())
    room, sessions = new_room(scenario, tables, store, seed=2026)
    store.flush()
    host = ClassHost(room, make_tables(room, sessions, store))
    host.start()
    ctx = mp.get_context("spawn")
    parent, child = ctx.Pipe()
    seats = [(t.number, seat, token) for t in room.tables for seat, token in t.seats.items()]
    proc = ctx.Process(target=_clients_main, args=(child, host.url, seats), daemon=True)
    try:
        rss0 = _rss()
        proc.start()
        say(f"net: {len(seats)} clients joining {tables} tables")
        parent.send(("join",))
        joined = parent.recv()
        rss1 = _rss()
        say("net: every table moving at once")
        cpu0, wall0, threads0 = time.process_time(), time.perf_counter(), _thread_cpu()
        parent.send(("play", moves_per_table, 0))
        normal = parent.recv()
        cpu = time.process_time() - cpu0
        wall = time.perf_counter() - wall0
        threads = {k: v - threads0.get(k, 0.0) for k, v in _thread_cpu().items()}
        say("net: again with two stalled clients")
        parent.send(("play", moves_per_table, 2))
        stalled = parent.recv()
        say("net: reconnect storm")
        parent.send(("expect-storm",))
        parent.recv()
        dropped_at = time.perf_counter()
        host.drop_all_links()
        back = parent.recv()
        parent.send(("quit",))
    finally:
        proc.join(30)
        if proc.is_alive():
            proc.kill()
        host.stop()
        store.close()
    entries = []
    n_moves = len(normal["latencies"])
    timings = [t for table in host.tables.values() for t in table.timings]
    store_p95 = _pct(sorted(a for a, _ in timings), 95) if timings else 0.0
    render_p95 = _pct(sorted(r for _, r in timings), 95) if timings else 0.0
    phases = (("", normal, 1), ("-2-stalled", stalled, moves_per_table + 1))
    for label, result, first in phases:
        lat = sorted(result["latencies"])
        if not lat:
            continue
        detail = (
            f"{len(lat)} moves (moves {first}-{first + moves_per_table - 1} of each game), {tables} tables x "
            f"{len(seats) // tables} clients, all tables at once every {PERIOD:.1f} s; host side p95 over both "
            "phases: apply "
            f"{store_p95 * 1000:.1f} ms, render {render_p95 * 1000:.1f} ms"
        )
        entries.append(_entry(f"net-latency-p50{label}", _pct(lat, 50), None, detail))
        entries.append(_entry(f"net-latency-p95{label}", _pct(lat, 95), TARGETS["p95"], detail))
        entries.append(_entry(f"net-latency-max{label}", lat[-1], TARGETS["max"], detail))
    storm = max(back["at"]) - dropped_at
    entries.append(
        _entry(
            "net-reconnect-storm",
            storm,
            TARGETS["reconnect"],
            f"{len(back['at'])} clients back at the current view after the host dropped every link "
            f"(median {statistics.median(back['at']) - dropped_at:.3f} s)",
        )
    )
    split = ", ".join(
        f"{name} {seconds / max(1, n_moves) * 1000:.2f}"
        for name, seconds in sorted(threads.items(), key=lambda kv: -kv[1])
        if seconds > 0
    )
    entries.append(
        _entry(
            "net-host-cpu-per-move",
            cpu / max(1, n_moves),
            None,
            f"host process CPU {cpu:.2f} s over {n_moves} moves in {wall:.2f} s wall (views for 5 seats + trainer "
            "rendered and each move stored)" + (f"; ms per move by thread: {split}" if split else ""),
        )
    )
    per_conn = (rss1 - rss0) / max(1, joined["count"])
    entries.append(
        {
            "name": "net-memory-per-connection",
            "ours_s": None,
            "target_s": None,
            "meets_target": None,
            "detail": f"{per_conn / 1024:.0f} KiB resident per client ({joined['count']} clients; RSS "
            f"{rss0 / 2**20:.0f} -> {rss1 / 2**20:.0f} MiB)",
            "bytes": round(per_conn),
        }
    )
    return entries


def _entry(name: str, ours: float, target: float | None, detail: str) -> dict[str, Any]:
    return {
        "name": name,
        "ours_s": round(ours, 5),
        "target_s": target,
        "meets_target": None if target is None else ours <= target,
        "detail": detail,
    }


def _pct(sorted_values: list[float], q: float) -> float:
    k = min(len(sorted_values) - 1, max(0, round(q / 100 * (len(sorted_values) - 1))))
    return sorted_values[k]


def _thread_cpu() -> dict[str, float]:
    """CPU seconds of this process's threads so far, by kind (Linux /proc; elsewhere nothing): ``tables`` (each
    table's thread), ``loop`` (the host's event loop), ``writers`` (the sessions' write-behind: the state hash),
    ``store`` (the class store's SQLite writer), ``other``. Threads that ended are not counted."""
    import os

    try:
        tick = os.sysconf("SC_CLK_TCK")
    except (AttributeError, ValueError, OSError):
        return {}
    kinds = {"class-host": "loop", "class-store": "store"}
    out: dict[str, float] = {}
    for thread in threading.enumerate():
        try:
            with open(f"/proc/self/task/{thread.native_id}/stat") as f:
                fields = f.read().rsplit(")", 1)[1].split()
        except (OSError, IndexError):
            continue
        name = thread.name
        if name.startswith("table-"):
            kind = "ai" if name.endswith("-ai") else "tables"
        elif name.startswith("save-"):
            kind = "writers"
        else:
            kind = kinds.get(name, "other")
        out[kind] = out.get(kind, 0.0) + (int(fields[11]) + int(fields[12])) / tick
    return out


def _rss() -> int:
    """Resident memory of this process in bytes (Linux /proc; elsewhere the peak from getrusage)."""
    try:
        with open("/proc/self/statm") as f:
            import os

            return int(f.read().split()[1]) * os.sysconf("SC_PAGE_SIZE")
    except OSError:
        import resource
        import sys

        peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
        return int(peak if sys.platform == "darwin" else peak * 1024)


# ---------------------------------------------------------------------------------------------- the client process
def _clients_main(pipe: Connection, url: str, seats: list[tuple[int, str, str]]) -> None:
    loop = ClientLoop.shared()
    clients: dict[tuple[int, str], RemoteSeat] = {}
    arrivals: dict[tuple[int, str], dict[int, float]] = {}
    stalled: list[Any] = []
    # One condition per table: a view arriving wakes only the thread timing that table (one shared condition woke
    # all eight for each of the 40 views of a round, and their checks competed with the clients for this process).
    tables = {number: threading.Condition() for number, _, _ in seats}

    def listen(key: tuple[int, str]) -> Callable[[RemoteNotice], None]:
        cond = tables[key[0]]

        def on(notice: RemoteNotice) -> None:
            if notice.kind in ("update", "welcome"):
                with cond:
                    arrivals[key][notice.move] = time.perf_counter()
                    cond.notify_all()

        return on

    while True:
        order = pipe.recv()
        if order[0] == "join":
            for number, seat, token in seats:
                client = RemoteSeat(url, token, f"{number}-{seat}", loop=loop)
                arrivals[(number, seat)] = {}
                client.subscribe_events(listen((number, seat)))
                clients[(number, seat)] = client.connect(30)
            pipe.send({"count": len(clients)})
        elif order[0] == "play":
            _, moves, n_stalled = order
            for k in range(n_stalled):
                stalled.append(_stalled_link(url, seats[k * 5 + 1][2]))
            pipe.send({"latencies": _play(clients, arrivals, tables, moves)})
        elif order[0] == "expect-storm":
            before = {key: c.connects for key, c in clients.items()}
            target = {key: c.move for key, c in clients.items()}
            pipe.send(("ready",))
            deadline = time.perf_counter() + 30
            back: dict[tuple[int, str], float] = {}
            while len(back) < len(clients) and time.perf_counter() < deadline:
                for key, c in clients.items():
                    if key not in back and c.connects > before[key] and c.connected and c.move >= target[key]:
                        back[key] = arrivals[key].get(c.move, time.perf_counter())
                time.sleep(0.002)
            pipe.send({"at": list(back.values())})
        elif order[0] == "quit":
            for c in clients.values():
                c.close()
            for s in stalled:
                s.close()
            return


def _stalled_link(url: str, token: str) -> Any:
    """A connection that joins a seat and then never reads (a laptop asleep with its socket open)."""
    import json
    import socket
    from urllib.parse import urlparse

    from websockets.sync.client import connect

    parsed = urlparse(url)
    sock = socket.create_connection((parsed.hostname, parsed.port))
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 4096)
    ws = connect(url, sock=sock, proxy=None, max_size=None)
    ws.send(json.dumps({"type": "join", "token": token, "protocol": 1, "name": "asleep"}))
    return ws  # never read again


def _play(
    clients: dict[tuple[int, str], RemoteSeat],
    arrivals: dict[tuple[int, str], dict[int, float]],
    conditions: dict[int, threading.Condition],
    moves: int,
) -> list[float]:
    latencies: list[float] = []
    tables = sorted({number for number, _ in clients})

    def table(number: int) -> None:
        mine = {seat: c for (n, seat), c in clients.items() if n == number}
        lock = conditions[number]
        acks = []
        start = time.perf_counter()
        for k in range(moves):
            turn = next(iter(mine.values())).view().whose_turn
            if turn is None:
                break
            mover = mine[turn]
            based_on = mover.move  # every client holds the last move's view (waited for below)
            move = based_on + 1
            t0 = time.perf_counter()
            acks.append(mover.submit_async(EndTurn(turn), based_on))
            with lock:  # a view may arrive already newer than `move` (coalesced): its arrival counts
                lock.wait_for(
                    lambda move=move: all(any(m >= move for m in arrivals[(number, seat)]) for seat in mine),  # type: ignore[misc]
                    60,
                )
                done = max(min(t for m, t in arrivals[(number, seat)].items() if m >= move) for seat in mine)
            latencies.append(done - t0)
            pause = start + (k + 1) * PERIOD - time.perf_counter()
            if pause > 0:
                time.sleep(pause)
        for ack in acks:  # every move was applied (and stored) before the phase ends
            ack.result(60)

    threads = [threading.Thread(target=table, args=(n,)) for n in tables]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return latencies
