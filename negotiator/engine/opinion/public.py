"""``PublicOpinion``: the one object other layers hold. Immutable; every change returns a new one.

It pairs the static half (the compiled constituencies and their simulated people, a deterministic function of the
scenario, the seed and the population size) with the dynamic half (:class:`OpinionState`: a few numbers per
constituency, a deterministic function of the history of public moves). A replay rebuilds it by creating it from the
seed and folding the same events, statements and rounds; the state alone (``.state``) is what a save needs to check
a replay against.

Typical use::

    op = PublicOpinion.create(scenario, seed=7)
    op.react(package, proposer="israel")           # Reaction: shares per constituency and aggregate
    op.poll(package).as_json()                      # support / oppose / undecided with 90% intervals
    op = op.apply_event(event).apply_statement("palestine", "conciliatory").step_round(package, "israel")
    op.explain("settlers", package)                 # per-issue contributions, what would flip them
    op.ratify(package)                              # Knesset vote and referendum with probabilities
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field, replace

import numpy as np

from negotiator.engine.opinion import dynamics, ratification
from negotiator.engine.opinion.explain import Explanation
from negotiator.engine.opinion.explain import explain as _explain
from negotiator.engine.opinion.polls import DEFAULT_SAMPLE, Poll, Shares, make_poll
from negotiator.engine.opinion.population import (
    DEFAULT_SIZE,
    SCENARIO_DATE,
    F32Array,
    FloatArray,
    IntArray,
    OpinionError,
    OpinionModel,
    Population,
    compile_opinion,
    sample,
)
from negotiator.engine.opinion.reaction import shares, source_of, utilities
from negotiator.model.public import PublicScenario
from negotiator.model.schema import Event, Scenario

PackageLike = Mapping[str, str] | IntArray
SIGNED = "+signed"
"""Pass as ``proposer`` for a package both leaderships have signed (endorsed by each public's own side)."""


@dataclass(frozen=True, slots=True)
class Reaction:
    """Shares (0-1) per constituency and aggregate for one package and proposer."""

    shares: dict[str, Shares]

    def __getitem__(self, population: str) -> Shares:
        try:
            return self.shares[population]
        except KeyError:
            raise OpinionError(f"no population {population!r}; use one of {', '.join(self.shares)}") from None


REACTIONS_KEPT = 32
"""Reactions a :class:`PublicOpinion` (and every copy in another mood) remembers, the most recent: a game's end of
round polls the text on the table and then lets peers pull toward the same verdicts (:meth:`PublicOpinion.poll`,
then :meth:`PublicOpinion.step_round`), with the same mood and text; computing every simulated person's reaction once
instead of twice is a tenth of an AI game."""


class ReactionMemo:
    """Each constituency's reaction by (mood, encoded package, proposer), the last :data:`REACTIONS_KEPT` asked.

    A reaction is a pure function of those (the people never change), so the memo is shared by every copy of one
    :class:`PublicOpinion` (each mood's, the public scenario's): thread-safe, and emptied when pickled."""

    def __init__(self, kept: int = REACTIONS_KEPT) -> None:
        self.kept = kept
        self._found: OrderedDict[tuple[object, ...], tuple[Shares, ...]] = OrderedDict()
        self._lock = threading.Lock()

    def __len__(self) -> int:
        return len(self._found)

    def __getstate__(self) -> dict[str, int]:
        return {"kept": self.kept}

    def __setstate__(self, state: dict[str, int]) -> None:
        self.__init__(state["kept"])  # type: ignore[misc]

    def get(self, key: tuple[object, ...], compute: Callable[[], tuple[Shares, ...]]) -> tuple[Shares, ...]:
        """The remembered answer to ``key``, else ``compute()`` (outside the lock), remembered."""
        with self._lock:
            found = self._found.get(key)
            if found is not None:
                self._found.move_to_end(key)
                return found
        found = compute()
        with self._lock:
            self._found[key] = found
            while len(self._found) > self.kept:
                self._found.popitem(last=False)
        return found


@dataclass(frozen=True, eq=False)
class PublicOpinion:
    """Public opinion in one game (see the module docstring)."""

    scenario: Scenario | PublicScenario
    """The scenario it was built from; only public fields are read (a window's copy holds the public scenario)."""
    model: OpinionModel
    people: tuple[Population, ...]
    state: dynamics.OpinionState
    seed: int
    size: int
    reactions: ReactionMemo = field(default_factory=ReactionMemo, repr=False)
    """The last reactions asked (:class:`ReactionMemo`), shared with every copy :meth:`with_state` and
    :func:`dataclasses.replace` make (a field they pass on), so a game's moods share one memo."""

    @classmethod
    def create(
        cls,
        scenario: Scenario | PublicScenario,
        seed: int = 0,
        size: int = DEFAULT_SIZE,
        as_of: str | None = SCENARIO_DATE,
    ) -> PublicOpinion:
        """The publics of ``scenario`` as they stood at ``as_of`` (``YYYY-MM``; by default the scenario's date)."""
        model = compile_opinion(scenario, as_of)
        _, people = sample(model, seed, size)
        return cls(scenario, model, people, dynamics.initial_state(model), int(seed), int(size))

    def with_state(self, state: dynamics.OpinionState) -> PublicOpinion:
        return replace(self, state=state)

    # ------------------------------------------------------------------ asking
    def encode(self, package: PackageLike) -> IntArray:
        return self.model.encode(package)

    def utilities(self, constituency: str, package: PackageLike, proposer: str | None = None) -> np.ndarray:
        """Each simulated person's utility (float32) in one constituency; for analysis and tests."""
        k = self.model.index(constituency)
        x = self.encode(package)
        return self._utilities(k, x, proposer, self.model.paradigm_mix(x))

    def _utilities(self, k: int, x: IntArray, proposer: str | None, mix: FloatArray) -> F32Array:
        g = self.model.groups[k]
        source = "signed" if proposer == SIGNED else source_of(g, proposer, self.model.principals)
        return utilities(
            g,
            self.people[k],
            x,
            self.model.status_quo,
            mix,
            source,
            dynamics.climate(self.model, self.state, k),
        )

    def _shares(self, x: IntArray, proposer: str | None) -> tuple[Shares, ...]:
        """Each constituency's reaction (model order), remembered (:attr:`reactions`)."""

        def compute() -> tuple[Shares, ...]:
            mix = self.model.paradigm_mix(x)
            return tuple(
                Shares(*shares(self._utilities(k, x, proposer, mix), g.band))
                for k, g in enumerate(self.model.groups)
            )

        return self.reactions.get((self.state, x.tobytes(), proposer), compute)

    def react(self, package: PackageLike, proposer: str | None = None) -> Reaction:
        """How every constituency (and aggregate) reacts to ``package`` tabled by ``proposer`` (None: unattributed,
        as pollsters ask; a delegation id; or :data:`SIGNED`). Issues a partial package leaves open stay as today."""
        per = self._shares(self.encode(package), proposer)
        out = {g.id: sh for g, sh in zip(self.model.groups, per, strict=True)}
        for gid, members in self.model.aggregates:
            pops = np.array([self.model.groups[k].population for k in members], dtype=np.float64)
            w = pops / pops.sum()
            s = float(sum(wk * per[k].support for wk, k in zip(w, members, strict=True)))
            o = float(sum(wk * per[k].oppose for wk, k in zip(w, members, strict=True)))
            out[gid] = Shares(s, o, max(0.0, 1.0 - s - o))
        return Reaction(dict(sorted(out.items())))

    def poll(
        self,
        package: PackageLike,
        proposer: str | None = None,
        sample_size: int = DEFAULT_SAMPLE,
        rng: np.random.Generator | None = None,
    ) -> Poll:
        """A poll of every constituency and aggregate, in percent with 90% intervals (see :mod:`.polls`)."""
        return make_poll(self.model, self._shares(self.encode(package), proposer), sample_size, rng)

    def explain(self, constituency: str, package: PackageLike, proposer: str | None = None) -> Explanation:
        k = self.model.index(constituency)
        g = self.model.groups[k]
        source = "signed" if proposer == SIGNED else source_of(g, proposer, self.model.principals)
        return _explain(
            self.model,
            k,
            self.people[k],
            self.encode(package),
            source,
            dynamics.climate(self.model, self.state, k),
        )

    def ratify(
        self,
        package: PackageLike,
        rng: np.random.Generator | None = None,
        draws: int = ratification.DRAWS,
        day: ratification.VotingDay | None = None,
    ) -> ratification.RatificationResult:
        """Each side's ratification of ``package`` as signed by both leaderships.

        The voting-day scenarios are ``day`` if given, else ``draws`` of them drawn from ``rng``; without ``rng``
        they come from the game's seed and round, so the same state always gives the same probabilities. For many
        packages at once, :class:`negotiator.engine.opinion.batch.BatchRatifier` gives the same answers."""
        x = self.encode(package)
        verdicts = []
        mix = self.model.paradigm_mix(x)
        for k, g in enumerate(self.model.groups):
            u = self._utilities(k, x, SIGNED, mix)
            s, o, d = shares(u, g.band)
            lean = float(np.count_nonzero((u > 0) & (u <= g.band))) / u.shape[0]
            verdicts.append(ratification.GroupVerdict(s, o, d, lean))
        if rng is None:
            rng = np.random.default_rng(np.random.SeedSequence([self.seed, self.state.round, 0x7A71F1]))
        return ratification.ratify(self.model, self.scenario, verdicts, rng, draws, day)

    # ------------------------------------------------------------------ changing
    def apply_event(self, event: Event | str) -> PublicOpinion:
        """An event card (or its id in the scenario's deck) hits the publics it targets."""
        if isinstance(event, str):
            found = next((e for e in self.scenario.events if e.id == event), None)
            if found is None:
                raise OpinionError(f"no event {event!r} in scenario {self.scenario.id!r}")
            event = found
        return self.with_state(dynamics.apply_event(self.model, self.state, event))

    def apply_statement(self, delegation: str, tone: dynamics.Tone | str | dynamics.Nudge) -> PublicOpinion:
        """A delegation's public statement with a tone (``conciliatory``, ``neutral``, ``firm``, ``hostile``) or
        an explicit nudge (any object with ``own_mood``, ``own_trust_own``, ``other_mood``, ``other_trust_other``)."""
        return self.with_state(dynamics.apply_statement(self.model, self.state, delegation, tone))

    def apply_shift(
        self, target: str, mood: float = 0.0, trust_own: float = 0.0, trust_other: float = 0.0
    ) -> PublicOpinion:
        """Any other public news (a guarantee, a payment) for a constituency, a group, or ``all``."""
        shifts = [(k, mood, trust_own, trust_other) for k in dynamics.targets(self.model, target)]
        return self.with_state(dynamics.apply_shifts(self.model, self.state, shifts))

    def step_round(self, package: PackageLike | None = None, proposer: str | None = None) -> PublicOpinion:
        """End of a round: inertia settles the news, news fades, and (if a text is on the table) peers pull each
        group toward its verdict on it."""
        verdicts = None
        if package is not None:
            verdicts = tuple(s.support - s.oppose for s in self._shares(self.encode(package), proposer))
        return self.with_state(dynamics.step_round(self.model, self.state, verdicts))
