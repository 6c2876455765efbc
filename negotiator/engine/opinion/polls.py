"""Polls: support, oppose and undecided per constituency and per aggregate, with 90% sampling intervals.

A poll is what a survey of the simulated publics would publish. The model's own shares (from thousands of simulated
people per constituency) are the "true" opinion; the interval is the one a real survey would carry: each side's
publics (the constituencies answering to one delegation) are surveyed with ``sample_size`` respondents, allocated to
constituencies in proportion to their population, as the joint polls do (about 900 Israelis and 1,200 Palestinians).
Aggregates (``israeli_jews``, ``palestinians``, ...) are population-weighted over their member constituencies and
carry the interval of their pooled sample. Intervals are Wilson score intervals (well-behaved near 0 and 100 %).

With a Generator the poll also draws its published figures with sampling noise (a multinomial per constituency), as
a real poll would report them; without one it reports the model's shares.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass, field

import numpy as np

from negotiator.engine.opinion.population import OpinionError, OpinionModel

Z90 = 1.6448536269514722
"""Two-sided 90% normal quantile."""
DEFAULT_SAMPLE = 1000
"""Respondents per side's survey (design choice, typical of the joint polls)."""
MIN_SUBSAMPLE = 30
"""Smallest subsample a pollster would report for a constituency."""


@dataclass(frozen=True, slots=True)
class Shares:
    """Shares of a population (0-1) that support, oppose, or are undecided."""

    support: float
    oppose: float
    undecided: float


@dataclass(frozen=True, slots=True)
class PollLine:
    """One population's line in a poll, in percent, with the 90% interval of support."""

    population: str
    support: float
    oppose: float
    undecided: float
    interval90: tuple[float, float]
    sample: int
    members: tuple[str, ...]

    def as_json(self) -> dict[str, object]:
        return {
            "support": round(self.support, 1),
            "oppose": round(self.oppose, 1),
            "undecided": round(self.undecided, 1),
            "interval90": [round(self.interval90[0], 1), round(self.interval90[1], 1)],
            "sample": self.sample,
        }


@dataclass(frozen=True, slots=True)
class Poll:
    """Every constituency and every aggregate the scenario defines, by id (sorted)."""

    lines: dict[str, PollLine]
    sample_size: int
    aggregates: tuple[str, ...] = field(default=())

    def __getitem__(self, population: str) -> PollLine:
        try:
            return self.lines[population]
        except KeyError:
            raise OpinionError(
                f"no population {population!r} in this poll; use one of {', '.join(self.lines)}"
            ) from None

    def as_json(self) -> dict[str, object]:
        return {
            "sample_size": self.sample_size,
            "aggregates": list(self.aggregates),
            "constituencies": {k: v.as_json() for k, v in self.lines.items()},
        }


def wilson(p: float, n: int, z: float = Z90) -> tuple[float, float]:
    """Wilson score interval of a share ``p`` observed in ``n`` respondents."""
    if n <= 0:
        return 0.0, 1.0
    denom = 1.0 + z * z / n
    centre = (p + z * z / (2 * n)) / denom
    half = z * math.sqrt(max(p * (1 - p), 0.0) / n + z * z / (4 * n * n)) / denom
    return max(0.0, centre - half), min(1.0, centre + half)


def allocate(model: OpinionModel, sample_size: int) -> list[int]:
    """Respondents per constituency: each side's survey split by population (at least :data:`MIN_SUBSAMPLE`)."""
    if sample_size < 1:
        raise OpinionError("a poll needs at least one respondent")
    side_pop: dict[str, int] = {}
    for g in model.groups:
        side_pop[g.answers_to] = side_pop.get(g.answers_to, 0) + g.population
    return [
        max(MIN_SUBSAMPLE, round(sample_size * g.population / side_pop[g.answers_to])) for g in model.groups
    ]


def make_poll(
    model: OpinionModel,
    shares: Sequence[Shares],
    sample_size: int = DEFAULT_SAMPLE,
    rng: np.random.Generator | None = None,
) -> Poll:
    """A poll from each constituency's true shares (model order)."""
    sizes = allocate(model, sample_size)
    observed: list[Shares] = []
    for sh, n in zip(shares, sizes, strict=True):
        if rng is None:
            observed.append(sh)
        else:
            p = np.array([sh.support, sh.oppose, sh.undecided], dtype=np.float64)
            counts = rng.multinomial(n, p / p.sum())
            observed.append(Shares(*(float(c) / n for c in counts)))
    lines: dict[str, PollLine] = {}
    populations = [(g.id, (k,)) for k, g in enumerate(model.groups)] + list(model.aggregates)
    for pid, members in populations:
        pops = np.array([model.groups[k].population for k in members], dtype=np.float64)
        wts = pops / pops.sum()
        s = float(sum(w * observed[k].support for w, k in zip(wts, members, strict=True)))
        o = float(sum(w * observed[k].oppose for w, k in zip(wts, members, strict=True)))
        u = max(0.0, 1.0 - s - o)
        n = sum(sizes[k] for k in members)
        lo, hi = wilson(s, n)
        lines[pid] = PollLine(
            pid,
            100 * s,
            100 * o,
            100 * u,
            (100 * lo, 100 * hi),
            n,
            tuple(model.groups[k].id for k in members),
        )
    return Poll(dict(sorted(lines.items())), sample_size, tuple(a for a, _ in model.aggregates))
