"""Crash-test launcher: imports everything once, then forks game processes for the test to kill with SIGKILL.

Protocol on stdin/stdout (one line each):
  launcher -> ``ready``                     after imports and a warm-up game in memory
  test     -> ``go SEED``                   fork a child that plays on the save database until killed
  launcher -> ``child PID``
  child    -> ``doing GAME KIND LENGTH``    before an operation that would leave the log at LENGTH
  child    -> ``done GAME LENGTH``          after that operation returned (its transaction committed)
  child    -> ``failed WHY``                if it stopped on its own (a bug: the test fails and shows why)
  test     -> ``reap``                      after killing the child
  launcher -> ``reaped PID STATUS``

Forking from a warm launcher keeps each kill cheap (a fresh interpreter would spend most of the test importing numpy
and SQLAlchemy); the child opens the database itself, after the fork, as a real game process would.
"""

from __future__ import annotations

import os
import sys

import numpy as np
from game_helpers import ScriptBot, ScriptedRules, ai_setup

from negotiator.game.runtime import Runtimes
from negotiator.model.registry import get_scenario
from negotiator.session.session import Session
from negotiator.store.database import SaveDatabase

SCENARIO = get_scenario("water-and-crossings")
RUNTIMES = Runtimes()
"""Built by the warm-up game before any fork, so every child starts with the scenario's publics built, as a game
process that has played before would."""


def say(line: str) -> None:
    os.write(1, (line + "\n").encode())  # one write() per line: atomic on a pipe, even if killed right after


def play_forever(db_path: str, seed: int) -> None:
    rng = np.random.default_rng(seed)
    db = SaveDatabase.open(db_path)
    rules = ScriptedRules(RUNTIMES)
    while True:
        unfinished = [g for g in db.list_games() if not g.progress.finished]
        if unfinished and rng.random() < 0.5:
            game_id = unfinished[int(rng.integers(len(unfinished)))].game_id
            say(f"doing {game_id} resume -1")
            session = Session.resume(db, game_id, rules=rules)
        else:
            setup = ai_setup(SCENARIO, seed=int(rng.integers(2**31)), mode="solo", humans=("israel",))
            game_id = os.urandom(16).hex()
            say(f"doing {game_id} start 0")
            session = Session.start(SCENARIO, setup, storage=db, rules=rules, game_id=game_id)
        say(f"done {game_id} {len(session.commands)}")
        human = ScriptBot("israel", SCENARIO, int(rng.integers(2**31)))
        while not session.progress.finished:
            n = len(session.commands)
            if session.can_undo and rng.random() < 0.08:
                target = session.undo_target()
                say(f"doing {game_id} undo {target}")
                session.undo()
            elif session.whose_turn() == "israel":
                say(f"doing {game_id} submit {n + 1}")
                session.submit(human.choose(session.view("israel")))
            else:
                say(f"doing {game_id} bot {n + 1}")
                session.run_bot_turn()
            assert session.save_status.saved, session.save_status
            say(f"done {game_id} {len(session.commands)}")
            if rng.random() < 0.05:
                break  # the player closes the window mid-game; another round may resume it


def main() -> None:
    db_path = sys.argv[1]
    Session.start(
        SCENARIO, ai_setup(SCENARIO, seed=0), storage=None, rules=ScriptedRules(RUNTIMES)
    ).play_bots()  # warm-up
    say("ready")
    for line in sys.stdin:
        words = line.split()
        if words[:1] == ["go"]:
            pid = os.fork()
            if pid == 0:
                try:
                    play_forever(db_path, int(words[1]))
                except BaseException as exc:  # the test waits for the child's lines: say why there are none
                    say(f"failed {type(exc).__name__}: {exc}".replace("\n", " "))
                finally:
                    os._exit(3)  # only reached if play fails; a clean child never stops on its own
            say(f"child {pid}")
        elif words[:1] == ["reap"]:
            pid, status = os.wait()
            say(f"reaped {pid} {status}")


if __name__ == "__main__":
    main()
