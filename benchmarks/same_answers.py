"""Byte-for-byte fingerprints of the opinion layer's answers, to check that a speed-up changes no game.

    PYTHONPATH=<tree> python benchmarks/same_answers.py capture calls.pkl   # forecast calls of a few AI games
    PYTHONPATH=<tree> python benchmarks/same_answers.py dump calls.pkl      # fingerprints, on any tree

``capture`` plays a few seeded AI games of four scenarios and keeps every forecast a bot asked for (the public mood
and the packages). ``dump`` replays those calls on the tree ``PYTHONPATH`` points at and prints one SHA-256 per
scenario and answer: the batch path's verdicts (fresh and from kept terms), both vote counts and the forecasts, and
for the first package of each call the single path's reaction, poll and (every fifth) ratification, with the games'
moods and proposers. Run ``dump`` on the code before and after a change and diff the outputs: any difference in any
float's last bit shows. (``simulate --json`` digests check whole games; this names the answer that moved.)
"""

from __future__ import annotations

import hashlib
import pickle
import sys
from pathlib import Path
from typing import Any

import numpy as np

from negotiator.ai import forecast as fc
from negotiator.ai.batch import play_game
from negotiator.game.runtime import ScenarioRuntime
from negotiator.model.registry import get_scenario

GAMES = (("confederation", 3), ("jerusalem", 1), ("camp-david-2000", 1), ("gaza-day-after", 1))


def capture(path: Path) -> None:
    calls: dict[str, list[tuple[Any, np.ndarray, bool]]] = {}
    ask = fc.Forecaster.forecast

    def kept(self: fc.Forecaster, state: Any, packages: Any, terms: Any = None) -> fc.Forecast:
        calls.setdefault(self.scenario.id, []).append(
            (state, np.array(packages, dtype=np.intp), terms is not None)
        )
        return ask(self, state, packages, terms)

    fc.Forecaster.forecast = kept  # type: ignore[method-assign]
    for sid, games in GAMES:
        scenario = get_scenario(sid)
        rt = ScenarioRuntime(scenario)
        for i in range(games):
            play_game(scenario, 7, i, {"israel": "hard-liner"} if i == 1 else None, rt)
    path.write_bytes(pickle.dumps(calls))
    for sid, found in calls.items():
        print(sid, len(found), "calls,", sum(len(c[1]) for c in found), "packages")


def dump(path: Path) -> None:
    calls = pickle.loads(path.read_bytes())
    for sid, found in calls.items():
        scenario = get_scenario(sid)
        rt = ScenarioRuntime(scenario)
        forecaster = fc.Forecaster(rt.opinion)
        batch = forecaster.ratifier
        h = {
            k: hashlib.sha256()
            for k in ("verdicts", "kept-terms", "counts", "forecast", "react", "poll", "ratify")
        }
        with fc.ONE_BLAS_THREAD:
            for state, x, with_terms in found:
                verdicts = batch.verdicts(state, x)
                for a in verdicts:
                    h["verdicts"].update(np.ascontiguousarray(a).tobytes())
                if len(x) > 1:
                    for a in batch.verdicts(state, x, batch.terms(x)):
                        h["kept-terms"].update(np.ascontiguousarray(a).tobytes())
                for day in (forecaster.day, forecaster.wide_day):
                    counted = batch.count(*verdicts, day)
                    h["counts"].update(counted.side.tobytes() + counted.joint.tobytes())
                f = forecaster.forecast(state, x, batch.terms(x) if with_terms else None)
                h["forecast"].update(f.side.tobytes() + f.joint.tobytes() + f.wide.tobytes())
        proposers = (None, scenario.rules.signatories[0], "+signed")
        for j, (state, x, _) in enumerate(found):
            opinion = rt.opinion.with_state(state)
            package = {i.id: i.options[int(k)].id for i, k in zip(scenario.issues, x[0], strict=True)}
            proposer = proposers[j % 3]
            h["react"].update(repr(opinion.react(package, proposer)).encode())
            h["poll"].update(repr(opinion.poll(package, proposer, rng=np.random.default_rng(j))).encode())
            if j % 5 == 0:
                h["ratify"].update(
                    repr(opinion.ratify(package, rng=np.random.default_rng(j), draws=500)).encode()
                )
        for name, digest in h.items():
            print(sid, name, digest.hexdigest()[:16])


if __name__ == "__main__":
    if len(sys.argv) != 3 or sys.argv[1] not in ("capture", "dump"):
        raise SystemExit("usage: same_answers.py capture|dump FILE.pkl")
    (capture if sys.argv[1] == "capture" else dump)(Path(sys.argv[2]))
