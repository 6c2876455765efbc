"""Helper for test_dask.py, run in its own process (so a hung cluster cannot hang the test run): play a batch on a
local Dask cluster of two workers on the loopback interface and, when asked, SIGKILL the busiest worker as soon as
the first chunk is back. Prints one JSON line: the summary, and what was killed while holding how many chunks."""

from __future__ import annotations

import json
import os
import signal
import sys
from typing import Any

from negotiator.ai.batch import Tally
from negotiator.model.registry import get_scenario
from negotiator.runner.batch import stream_batch
from negotiator.runner.cluster import DaskCluster
from negotiator.runner.work import GameResult


def main(games: int, kill: bool) -> None:
    sc = get_scenario("water-and-crossings")
    engine = DaskCluster("local", workers=2)
    killed: dict[str, Any] = {}

    def on_done(_results: list[GameResult]) -> None:
        if not kill or killed:
            return
        processing = engine.client.processing()  # worker address -> keys it holds
        address = max(sorted(processing), key=lambda a: len(processing[a]))
        pid = engine.client.run(os.getpid, workers=[address])[address]
        killed.update(address=address, pid=pid, holding=len(processing[address]))
        os.kill(pid, signal.SIGKILL)

    tally = Tally(sc)
    try:
        for result in stream_batch(
            engine, sc, games, 11, {"palestine": "hard-liner"}, chunk_size=1, on_done=on_done
        ):
            tally.add(result.row)
    finally:
        engine.close()
    print(json.dumps({"summary": tally.summary(), "killed": killed}))


if __name__ == "__main__":
    main(int(sys.argv[1]), sys.argv[2] == "kill")
