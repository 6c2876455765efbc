"""Batches of seeded AI games and their summary: what ``negotiator simulate`` prints and what trainers compare.

Game ``k`` of a batch with seed ``K`` has the seed :func:`game_seed` ``(K, k)``: numpy's ``SeedSequence(K)`` spawned
child ``k`` (reduced to the 63 bits a :class:`~negotiator.game.setup.GameSetup` carries), so two batch seeds never
share a game and a game's seed does not depend on how a batch is split between processes. Personas may be fixed per
delegation, left to the scenario's defaults, or ``mix``ed: the principals' personas then cycle through every pairing
by game index (:func:`personas_for_game`), so a batch shows what each pairing of values and tactics signs.

A row carries the signed package (issue -> option), each side's ratification chance, and the red lines and coherence
terms the signed text crosses (always empty unless a bot is broken: a trainer can check); the summary counts, per
persona pairing of the signatories, how often each clause was signed.

This module is the per-game logic only (play one game, make its row, fold rows into a summary); how games are spread
over processes or a cluster lives in :mod:`negotiator.runner`. The summary's ``digest`` is sha256 over every game's
transcript digest in game order, so the same batch gives the same digest on every machine, with any number of workers.
"""

from __future__ import annotations

import hashlib
from collections import Counter
from collections.abc import Callable, Iterable, Mapping
from typing import Any

import numpy as np

from negotiator.ai.simulate import play_ai_game
from negotiator.game.replay import GameRecord, transcript_digest
from negotiator.game.runtime import ScenarioRuntime
from negotiator.game.setup import MAX_SEED, default_setup
from negotiator.model.schema import Scenario


def game_seed(batch_seed: int, index: int) -> int:
    """The seed of game ``index`` of the batch with seed ``batch_seed``.

    Equal to ``np.random.SeedSequence(batch_seed).spawn(index + 1)[index]`` (built directly, in constant time), whose
    first 64 bits of state are masked to 63 bits. Spawned sequences are independent streams for any two (batch seed,
    index) pairs, unlike the old ``batch_seed + index``, where batches 1 and 2 shared all games but one."""
    child = np.random.SeedSequence(batch_seed, spawn_key=(index,))
    return int(child.generate_state(1, np.uint64)[0]) & MAX_SEED


MIX = "mix"
MIX_CYCLE: tuple[str, ...] = ("hard-liner", "pragmatist", "conciliator", "reciprocator")
"""Personas a ``mix`` cycles through: the first mixed delegation fastest, then the next (4 x 4 pairings for two)."""


def personas_for_game(personas: Mapping[str, str], index: int) -> dict[str, str]:
    """The personas of game ``index``: fixed ones as given, ``mix`` ones cycled by game index (deterministic, so the
    same game gets the same pairing however the batch is split)."""
    out, k = {}, index
    for seat in sorted(personas):
        if personas[seat] == MIX:
            out[seat] = MIX_CYCLE[k % len(MIX_CYCLE)]
            k //= len(MIX_CYCLE)
        else:
            out[seat] = personas[seat]
    return out


def pairing(scenario: Scenario, personas: Mapping[str, str | None]) -> str:
    """``israel=pragmatist palestine=hard-liner``: the signatories' personas (scenario defaults filled in)."""
    return " ".join(
        f"{s}={personas.get(s) or scenario.delegation(s).default_persona}" for s in scenario.rules.signatories
    )


def crossed_red_lines(
    scenario: Scenario, package: Mapping[str, str], personas: Mapping[str, str | None]
) -> list[str]:
    """``delegation: issue=option`` for every signatory red line (its brief's, and its persona's overlay) that
    ``package`` crosses."""
    out = []
    for s in scenario.rules.signatories:
        played = scenario.delegation(s).as_played_by(
            personas.get(s) or scenario.delegation(s).default_persona
        )
        for line in played.red_lines:
            if package.get(line.issue) in line.options:
                out.append(f"{s}: {line.issue}={package[line.issue]}")
    return out


def _below(
    scenario: Scenario, seat: str, package: Mapping[str, str], personas: Mapping[str, str | None]
) -> bool:
    """Whether ``package`` leaves ``seat`` below its walk-away on its persona's values (overlay applied)."""
    d = scenario.delegation(seat)
    d = d.as_played_by(personas.get(seat) or d.default_persona)
    total = sum(d.priorities.values()) or 1.0
    value = sum(d.priorities[i] / total * d.points[i][o] for i, o in package.items())
    value += sum(x.points for x in d.interactions if all(package.get(i) == o for i, o in x.when.items()))
    return value < d.reservation_value - 1e-9


def game_row(scenario: Scenario, record: GameRecord) -> dict[str, Any]:
    """The facts of one game a summary needs (points are the confidential debrief: for trainers, not players)."""
    state = record.final_state
    o = state.outcome
    assert o is not None
    info = state.ctx.runtime.frontier()
    signed = bool(o.package)
    pkg_points = dict(o.package_points)
    package = dict(o.package)
    personas = {s.delegation: s.persona for s in record.setup.seats}
    row: dict[str, Any] = {
        "seed": record.setup.seed,
        "personas": {s.delegation: s.persona for s in record.setup.seats},
        "result": o.result,
        "signed": signed,
        "ratified": o.result == "ratified",
        "paradigm": o.paradigm,
        "rounds": state.round,
        "points": dict(o.points),
        "package_points": pkg_points,
        "distance": info.distance(pkg_points) if signed else None,
        # on the values the AI bargained with (its persona's overlay); the brief's own schedule is reported beside
        "below_walk_away": [
            s for s in scenario.rules.signatories if signed and _below(scenario, s, package, personas)
        ],
        "below_brief_walk_away": [
            d.id
            for d in scenario.delegations
            if signed and d.id in scenario.rules.signatories and pkg_points[d.id] < d.reservation_value - 1e-9
        ],
        "ratification": {
            v.delegation: v.probability for v in state.ratification
        },  # each side's chance to pass
        "pairing": pairing(scenario, personas),
        "package": package if signed else None,
        "red_lines_crossed": crossed_red_lines(scenario, package, personas) if signed else [],
        "incoherent": [t.why for t in scenario.contradictions(package)] if signed else [],
        "digest": transcript_digest(record),
        "commands": len(record.commands),
    }
    return row


def play_game(
    scenario: Scenario,
    batch_seed: int,
    index: int,
    personas: Mapping[str, str] | None = None,
    runtime: ScenarioRuntime | None = None,
) -> tuple[GameRecord, dict[str, Any]]:
    """Play game ``index`` of a batch: its record and its row (the row starts with ``game``, the index).

    ``runtime``: the scenario's, shared by every game of the batch (built here when not given)."""
    setup = default_setup(
        scenario, seed=game_seed(batch_seed, index), personas=personas_for_game(personas or {}, index)
    )
    record = play_ai_game(scenario, setup, runtime)
    return record, {"game": index, **game_row(scenario, record)}


def run_batch(
    scenario: Scenario,
    games: int,
    seed: int,
    personas: Mapping[str, str] | None = None,
    progress: Callable[[int], None] | None = None,
    on_record: Callable[[GameRecord, dict[str, Any]], None] | None = None,
) -> list[dict[str, Any]]:
    """Play ``games`` seeded AI games in this process, one after the other, and return one row per game.

    ``on_record(record, row)`` is called after each game, before ``progress``: it may store the record and add
    fields to the row (the save recorder adds ``game_id``). :mod:`negotiator.runner` plays the same games (same
    rows, same digest) on every core."""
    rows = []
    runtime = ScenarioRuntime(
        scenario
    )  # one for the batch: every game of it meets the same simulated publics
    for k in range(games):
        record, row = play_game(scenario, seed, k, personas, runtime)
        if on_record is not None:
            on_record(record, row)
        rows.append(row)
        if progress is not None:
            progress(1)
    return rows


class Tally:
    """A batch summary folded one row at a time, in game order: memory stays flat however many games stream by."""

    def __init__(self, scenario: Scenario, runtime: ScenarioRuntime | None = None) -> None:
        self.scenario_id = scenario.id
        self.seated = [d.id for d in scenario.delegations]
        self.zopa_exists = (
            (runtime if runtime is not None else ScenarioRuntime(scenario)).frontier().zopa_exists
        )
        self.games = 0
        self.signed = 0
        self.ratified = 0
        self.below_walk_away = 0
        self.results: Counter[str] = Counter()
        self.paradigms: Counter[str] = Counter()
        self.rounds: Counter[int] = Counter()
        self.points = dict.fromkeys(self.seated, 0.0)
        self.points_signed = dict.fromkeys(self.seated, 0.0)
        self.distance_sum = 0.0
        self.distance_max: float | None = None
        self.red_lines_crossed = 0
        self.incoherent = 0
        self.pairings: dict[str, list[int]] = {}
        """pairing -> [games, signed, ratified]"""
        self.clauses: dict[str, Counter[str]] = {}
        """pairing -> Counter of 'issue=option' over its signed deals"""
        self._digest = hashlib.sha256()

    def add(self, row: Mapping[str, Any]) -> None:
        self.games += 1
        self._digest.update(row["digest"].encode("ascii"))
        self.results[row["result"]] += 1
        self.paradigms[row["paradigm"]] += 1
        self.rounds[row["rounds"]] += 1
        self.ratified += bool(row["ratified"])
        self.below_walk_away += bool(row["below_walk_away"])
        for d in self.seated:
            self.points[d] += row["points"][d]
        counts = self.pairings.setdefault(row["pairing"], [0, 0, 0])
        counts[0] += 1
        counts[1] += bool(row["signed"])
        counts[2] += bool(row["ratified"])
        self.red_lines_crossed += bool(row["red_lines_crossed"])
        self.incoherent += bool(row["incoherent"])
        if row["signed"]:
            self.clauses.setdefault(row["pairing"], Counter()).update(
                f"{i}={o}" for i, o in row["package"].items()
            )
            self.signed += 1
            for d in self.seated:
                self.points_signed[d] += row["package_points"][d]
            dist = float(row["distance"])
            self.distance_sum += dist
            self.distance_max = dist if self.distance_max is None else max(self.distance_max, dist)

    def summary(self) -> dict[str, Any]:
        n, s = self.games, self.signed

        def mean(total: float, count: int) -> float | None:
            return round(total / count, 3) if count else None

        return {
            "scenario": self.scenario_id,
            "games": n,
            "zopa_exists": self.zopa_exists,
            "agreement_rate": round(s / n, 4) if n else 0.0,
            "ratification_rate": round(self.ratified / n, 4) if n else 0.0,
            "results": dict(sorted(self.results.items())),
            "mean_points": {d: mean(self.points[d], n) for d in self.seated},
            "mean_points_when_signed": {d: mean(self.points_signed[d], s) for d in self.seated},
            "mean_distance_to_frontier": mean(self.distance_sum, s),
            "max_distance_to_frontier": None if self.distance_max is None else round(self.distance_max, 3),
            "below_walk_away": self.below_walk_away,
            "paradigms": dict(sorted(self.paradigms.items())),
            "mean_rounds": mean(sum(r * c for r, c in self.rounds.items()), n),
            "rounds_used": dict(sorted(self.rounds.items())),
            "red_lines_crossed": self.red_lines_crossed,
            "incoherent_deals": self.incoherent,
            "by_pairing": {
                p: {
                    "games": g,
                    "signed": sg,
                    "ratified": rt,
                    "clauses": dict(sorted(self.clauses.get(p, Counter()).items())),
                }
                for p, (g, sg, rt) in sorted(self.pairings.items())
            },
            "digest": self._digest.hexdigest(),
        }


def summarise(scenario: Scenario, rows: Iterable[Mapping[str, Any]]) -> dict[str, Any]:
    """The summary of a batch's rows (in game order: the digest depends on it)."""
    tally = Tally(scenario)
    for row in rows:
        tally.add(row)
    return tally.summary()
