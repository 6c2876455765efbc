"""Ratification forecasts for many packages at once: a leader's own pollster, fast enough to ask every move.

A bot weighing whether its government survives a package asks what :meth:`PublicOpinion.ratify
<negotiator.engine.opinion.PublicOpinion.ratify>` would answer: each constituency's reaction to the package as signed,
then the Knesset vote and the referendum with the uncertainty of voting day. A bot comparing a hundred candidate texts
per move asks the opinion layer's batch path (:class:`~negotiator.engine.opinion.batch.BatchRatifier`), which gives
the same answers for a whole batch in one go. This module only makes the pollster's choices: whom it asks (a sample
of the game's own publics balanced from hawks to doves), how many voting days it imagines (fixed ones: common random
numbers, so forecasts are deterministic and comparisons between packages are sharp) and a second, wider reading that
tells a near miss from a rout. It computes nothing about opinion itself.

Everything used is public: the simulated publics stand for what polls tell anyone. No delegation's points are read.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from dataclasses import dataclass
from types import TracebackType

import numpy as np
import numpy.typing as npt
from threadpoolctl import ThreadpoolController

from negotiator.engine.opinion import OpinionState, PublicOpinion
from negotiator.engine.opinion.batch import BatchRatifier, balanced_sample
from negotiator.engine.opinion.ratification import VotingDay, voting_day
from negotiator.game.runtime import ScenarioRuntime

FloatArray = npt.NDArray[np.float64]
F32Array = npt.NDArray[np.float32]
IntArray = npt.NDArray[np.intp]

SIZE = 500
"""Simulated people per constituency in a bot's forecast: a sample of the game's own publics balanced from hawks to
doves (:func:`balanced_sample`). Measured on confederation, 300 texts near the frontier, against the game's own 5,000
people and 4,000 draws: this sample's joint probability errs by 0.9 points on average (2.2 where the truth is above
5 %), correlation 0.991; a freshly drawn 1,000 people err by 2.3 (6.4) and, worse, a bot picking the texts its sample
likes best picks those its sample overrates (the 15 best: forecast 20 %, truth 30 %; with 500 fresh people bots'
signed deals were ratified 30 % of the time instead of 56 %). The balanced 500 show no such bias (28 % vs 29 %)."""
DRAWS = 300
"""Voting-day scenarios per forecast (a probability's sampling error is then about 3 points; the same scenarios are
used for every package, so differences between packages are much sharper than that)."""
WIDE = 3.0
WIDE_DRAWS = 100
SHOCK_SEED = 0x5EED_F0CA


class _OneBlasThread:
    """BLAS on one thread while inside: the products here are small, and on a busy two-core machine OpenBLAS's worker
    threads spin for longer than they save (measured: a confederation game took 3x the CPU time).

    BLAS's thread count belongs to the whole process, so one guard serves every thread: entries are counted and the
    original limit comes back only when the last one leaves (a bare ``limit()`` per call would let one thread lift
    the limit while another is still inside)."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._inside = 0
        self._controller: ThreadpoolController | None = None
        self._limiter: object | None = None

    def __enter__(self) -> None:
        with self._lock:
            if self._inside == 0:
                if self._controller is None:
                    self._controller = ThreadpoolController()
                self._limiter = self._controller.limit(limits=1, user_api="blas")
            self._inside += 1

    def __exit__(
        self, kind: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        with self._lock:
            self._inside -= 1
            if self._inside == 0 and self._limiter is not None:
                self._limiter.restore_original_limits()  # type: ignore[attr-defined]
                self._limiter = None


ONE_BLAS_THREAD = _OneBlasThread()
"""The process's one guard (process-wide state by nature: see :class:`_OneBlasThread`)."""


@dataclass(frozen=True, slots=True)
class Forecast:
    """Ratification forecasts of a batch of packages (rows in the order asked)."""

    sides: tuple[str, ...]
    """Delegations whose side votes (``kind != "none"``), in the scenario's order."""
    side: FloatArray
    """(P, len(sides)) probability that each side ratifies."""
    joint: FloatArray
    """(P,) probability that every side ratifies (over the same voting-day scenarios)."""
    wide: FloatArray
    """(P,) the same with voting-day uncertainty :data:`WIDE` times larger: still above zero for texts far from
    passing, so a search can tell a near miss from a rout."""

    def of(self, delegation: str) -> FloatArray:
        """Probability for one delegation's side (1.0 when its side needs no vote)."""
        if delegation not in self.sides:
            return np.ones(self.joint.shape[0])
        return self.side[:, self.sides.index(delegation)]  # type: ignore[no-any-return]


class Forecaster:
    """Batch ratification forecasts for one game's publics (build once per game; ask :meth:`forecast` each move).
    Immutable after construction, so the bots of a game may share it across threads."""

    def __init__(
        self,
        opinion: PublicOpinion,
        size: int = SIZE,
        draws: int = DRAWS,
        shocks_rng: np.random.Generator | None = None,
    ) -> None:
        # a balanced sample of the very people the game's publics are made of (same seed, same people)
        self.opinion = balanced_sample(opinion, size)
        self.scenario = opinion.scenario
        self.ratifier = BatchRatifier(self.opinion)
        self.size = self.ratifier.size
        rng = shocks_rng if shocks_rng is not None else np.random.default_rng(SHOCK_SEED)
        self.draws = draws
        self.day: VotingDay = voting_day(self.opinion.model, self.scenario, rng, draws)
        # a coarse reading is enough to tell near misses from routs
        self.wide_day: VotingDay = self.day.scaled(WIDE, WIDE_DRAWS)
        self.sides = self.ratifier.sides

    def forecast(self, state: OpinionState, packages: IntArray, terms: F32Array | None = None) -> Forecast:
        """Each side's and the joint probability of ratifying each package (rows of option indices).

        ``terms``: the packages' :meth:`BatchRatifier.terms` when the caller keeps them (:class:`ForecastMemo`)."""
        with ONE_BLAS_THREAD:
            verdicts = self.ratifier.verdicts(state, packages, terms)
            narrow = self.ratifier.count(*verdicts, self.day)
            wide = self.ratifier.count(*verdicts, self.wide_day)
        return Forecast(narrow.sides, narrow.side, narrow.joint, wide.joint)


CACHE_LIMIT = 20_000
TERMS_BYTES = 48 * 2**20
"""Memory for the packages' kept :meth:`BatchRatifier.terms` (the most recently asked; 54 KB a confederation
package, so about 900 of them). Over 4 confederation games 56 % of the packages a forecast is asked about were asked
before in another mood; keeping the last 900 finds about 55 % of them (256: 48 %)."""


class ForecastMemo:
    """Memoised forecasts by (public mood, package): within a round the mood rarely changes and bots ask about the
    same texts again and again. Calling it returns (probability per side, joint) for each package; a pure function
    of its arguments, so sharing it between seats leaks nothing.

    Across moods it keeps what does not depend on the mood: each package's :meth:`BatchRatifier.terms` (every
    simulated person's gains and losses), the costliest part of a forecast, as most texts are asked about again
    after the news, a statement or a round has moved the publics."""

    def __init__(self, forecaster: Forecaster) -> None:
        self.forecaster = forecaster
        self._memo: dict[OpinionState, dict[bytes, tuple[FloatArray, float, float]]] = {}
        self._size = 0
        self._terms: OrderedDict[bytes, F32Array] = OrderedDict()
        self._terms_kept = max(1, TERMS_BYTES // (4 * forecaster.ratifier.terms_width))
        self._lock = threading.Lock()
        """Guards the memos: bots of several games may ask at once (the forecast itself runs outside the lock)."""

    def _terms_of(self, keys: list[bytes], x: IntArray) -> F32Array:
        """The rows' terms, kept ones reused and the others computed (and kept, the oldest dropped)."""
        with self._lock:
            kept = {}
            for key in keys:
                row = self._terms.get(key)
                if row is not None:
                    self._terms.move_to_end(key)
                    kept[key] = row
        new = [k for k, key in enumerate(keys) if key not in kept]
        out = np.empty((len(keys), self.forecaster.ratifier.terms_width), dtype=np.float32)
        if new:
            out[new] = self.forecaster.ratifier.terms(x[new])
        for k, key in enumerate(keys):
            if key in kept:
                out[k] = kept[key]
        with self._lock:
            for k in new:
                self._terms[keys[k]] = out[k].copy()
            while len(self._terms) > self._terms_kept:
                self._terms.popitem(last=False)
        return out

    def __call__(self, state: OpinionState, packages: IntArray) -> tuple[FloatArray, FloatArray]:
        side, joint, _ = self.full(state, packages)
        return side, joint

    def full(self, state: OpinionState, packages: IntArray) -> tuple[FloatArray, FloatArray, FloatArray]:
        """(P, sides) per-side probabilities, (P,) joint and (P,) joint under wide uncertainty."""
        x = np.atleast_2d(np.asarray(packages, dtype=np.intp))
        keys = [row.tobytes() for row in x]
        with self._lock:
            memo = self._memo.get(state, {})
            found = {key: memo[key] for key in keys if key in memo}
        missing = [k for k, key in enumerate(keys) if key not in found]
        if missing:
            # one text alone goes the way it always did (BLAS's single-row product rounds otherwise than the
            # kept terms, and forecasts must not change); two or more reuse the kept terms (the same float32 values)
            terms = self._terms_of([keys[k] for k in missing], x[missing]) if len(missing) > 1 else None
            f = self.forecaster.forecast(state, x[missing], terms)
            fresh = {
                keys[k]: (f.side[j].copy(), float(f.joint[j]), float(f.wide[j]))
                for j, k in enumerate(missing)
            }
            found.update(fresh)
            with self._lock:
                if self._size > CACHE_LIMIT:
                    self._memo.clear()
                    self._size = 0
                self._memo.setdefault(state, {}).update(fresh)
                self._size += len(fresh)
        side = np.stack([found[key][0] for key in keys])
        joint = np.array([found[key][1] for key in keys])
        wide = np.array([found[key][2] for key in keys])
        return side, joint, wide

    @property
    def sides(self) -> tuple[str, ...]:
        return self.forecaster.sides


def forecast_memo(runtime: ScenarioRuntime) -> ForecastMemo:
    """The game's pollster: one forecaster and memo per runtime, shared by every bot of the game (the answers are
    public: polls anyone can read)."""
    return runtime.derived("ai.forecast", lambda: ForecastMemo(Forecaster(runtime.opinion)))
