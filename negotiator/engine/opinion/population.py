"""Simulated people: each constituency as numpy arrays sampled around its parameters with a numpy Generator.

A constituency's parameters (scenario ``[[constituencies]]``) are compiled to :class:`GroupParams`; its people to a
:class:`Population` of ``n`` persons:

- ``weights`` (n_issues, n): each person's issue priorities, Gamma draws around the constituency's priorities
  (a Dirichlet with concentration :data:`PRIORITY_CONCENTRATION`), normalised to sum to 1.
- ``values`` (n_issues, max_options, n): how much each option is worth to each person *relative to today's option on
  that issue* (so today's option is exactly 0 for everyone: people judge change, not absolute levels). The
  constituency's preference difference plus a personal taste noise of SD ``TASTE_SHARE * spread``.
- ``disposition`` (n,): a standard-normal latent "how ready am I for an agreement at all", and ``ideology`` (n,):
  a standard-normal latent "dove or hawk" around the public's ``dovishness``. Readiness is scaled by ``spread`` at
  reaction time (see :mod:`.reaction`); ideology bends each of the person's values toward (dove) or away from (hawk)
  what the other side's publics think of the option (:attr:`GroupParams.loading`). They make one person's answers to
  different packages hang together: the same dove backs a compromise and rejects an annexation.
- ``taboo`` (n_sacred, n): who holds each sacred value. Holders are drawn mostly from the hawkish end (correlation
  :data:`TABOO_CORRELATION`), as studies of sacred values among hard-liners find.

The random draws are kept apart from the parameters (:class:`Draws`), so calibration can change parameters and
rebuild people from the same draws (common random numbers) and every result is a deterministic function of the seed.
Each constituency draws from its own child stream of the seed, so adding a constituency changes no one else.
"""

from __future__ import annotations

import threading
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from statistics import NormalDist

import numpy as np
import numpy.typing as npt

from negotiator.model.errors import NegotiatorError
from negotiator.model.paradigm import TIE_ORDER
from negotiator.model.public import PublicScenario
from negotiator.model.schema import PARADIGMS, Constituency, Scenario

FloatArray = npt.NDArray[np.float64]
F32Array = npt.NDArray[np.float32]
IntArray = npt.NDArray[np.intp]
BoolArray = npt.NDArray[np.bool_]

DEFAULT_SIZE = 5000
"""Simulated people per constituency in a game (enough that simulation noise, ~0.7 points, sits well inside a real
poll's sampling error of about 3 points)."""
PRIORITY_CONCENTRATION = 25.0
"""Dirichlet concentration of personal priorities around the constituency's (design choice: a person's weights
differ from the group's by about a fifth)."""
TASTE_SHARE = 0.25
"""Personal taste noise on each option, as a share of ``spread`` (design choice: people differ on each term, but
with loss aversion a wide taste noise would make every change look like a loss on average)."""
TABOO_CORRELATION = 0.7
"""Correlation between holding a sacred value and a hawkish ideology (design choice)."""
IDEOLOGY = 0.75**0.5
"""How far a person's hawk-dove position bends each of their values, per standard deviation of ideology and per unit of
``spread``, toward (dove) or away from (hawk) what the other side's publics think of the option (design choice, the
weight the earlier package-level ``stance`` term had: readiness and ideology share a person's disposition as
GENERAL^2 + IDEOLOGY^2 = 1)."""
LOADING_SCALE = 0.5
"""Worth of an option to the other side's publics, as part of a deal, at which it reads as clearly welcome or clearly
unwelcome to them: the loading is ``tanh(worth / LOADING_SCALE)`` (design choice)."""
TERM_SCALE = 0.15
"""Preference (against today) of the other side's publics at which a term asked on its own reads as clearly welcome
or unwelcome to them: ``term_loading = tanh(preference / TERM_SCALE)`` (design choice: asked alone, a term is judged
by what it gives or takes, without the agreement around it)."""
PACKAGE_IDEOLOGY = 1.0
"""How much more the hawk-dove bend weighs in a person's values than :data:`IDEOLOGY`, so that summed over a package
(whose terms weigh by priority, about a third of the whole for a typical contested set) it parts hawks from doves
as much as the earlier package-level term did; a single term asked on its own takes only ``1/PACKAGE_IDEOLOGY`` of
it (:func:`~.reaction.component_utilities`), as that term did for components (design choice)."""
CREDIBILITY_WEIGHT = 0.5
"""Share of a deal's gains that hangs on the other side keeping its word when trust in it is nil (design choice)."""


class OpinionError(NegotiatorError):
    """The opinion model cannot be built or asked (e.g. a scenario with no status quo, an unknown constituency)."""


@dataclass(frozen=True, slots=True)
class SacredRule:
    """A compiled sacred value: the taboo options of one issue, who softens it, what cannot buy it."""

    issue: int
    options: BoolArray
    """(max_options,) True for taboo options."""
    share: float
    gestures: tuple[tuple[int, int], ...]
    """(issue, option) pairs that soften it."""
    softening: float
    compensation: tuple[int, ...]


@dataclass(frozen=True, slots=True, eq=False)
class GroupParams:
    """One constituency's parameters as numbers and arrays."""

    id: str
    answers_to: str
    population: int
    groups: tuple[str, ...]
    votes_in: str
    priorities: FloatArray
    """(n_issues,) normalised to sum to 1."""
    preferences: FloatArray
    """(n_issues, max_options); padding slots are 0 and never chosen."""
    loss_aversion: float
    devaluation: float
    spread: float
    band: float
    bias: float
    trust_own: float
    trust_other: float
    sacred: tuple[SacredRule, ...]
    dovishness: float
    paradigms: FloatArray
    """(len(PARADIGMS),) extra disposition toward a package amounting to each paradigm (order of ``PARADIGMS``),
    weighted by how much a package amounts to it (:meth:`OpinionModel.paradigm_mix`)."""
    salience: FloatArray | None = None
    """(n_issues, max_options) extra weight of incentive options in each person's judgement
    (:attr:`~negotiator.model.schema.Opinion.incentives`); None: none."""
    periods: tuple[tuple[str, float], ...] = ()
    """(``YYYY-MM``, mood) of later survey waves, sorted (:attr:`~negotiator.model.schema.Opinion.periods`)."""
    loading: FloatArray | None = None
    """(n_issues, max_options) how welcome each option is to the other side's publics, in (-1, 1) (``tanh`` of its
    population-weighted worth to them as part of a deal over :data:`LOADING_SCALE`: its value against today with
    their loss aversion and trust, plus their disposition toward an agreement); 0 for a term both sides want against
    today, for today's option, and for publics with no other side; minus :attr:`hawk_tilt` (the public's maximal
    aims), so it may leave (-1, 1). A person's ideology bends their own values along it (:func:`build`). Set by
    :func:`with_loadings`; None: no bend."""
    hawk_tilt: FloatArray | None = None
    """(n_issues, max_options) how much each option stands for the public's maximal aims
    (:attr:`~negotiator.model.schema.Opinion.hawk_paradigms` over the option's paradigm tags): hawks value it more
    and doves less, on top of the bend along :attr:`loading` (:func:`with_loadings` folds it in); None: none."""
    term_loading: FloatArray | None = None
    """(n_issues, max_options) the same for a term asked on its own (poll items about one term): the other side's
    preference against today, ``tanh`` over :data:`TERM_SCALE`, without their disposition toward a deal."""

    def with_(self, **changes: object) -> GroupParams:
        return replace(self, **changes)  # type: ignore[arg-type]


@dataclass(frozen=True, slots=True, eq=False)
class OpinionModel:
    """The static half of public opinion: the scenario's issues and constituencies compiled to arrays."""

    scenario_id: str
    issue_ids: tuple[str, ...]
    option_ids: tuple[tuple[str, ...], ...]
    status_quo: IntArray
    """(n_issues,) index of today's option on each issue."""
    groups: tuple[GroupParams, ...]
    aggregates: tuple[tuple[str, tuple[int, ...]], ...]
    """(group id, member constituency indices), sorted by group id."""
    principals: tuple[str, ...]
    third_parties: tuple[str, ...]
    paradigm_votes: tuple[tuple[tuple[tuple[int, float], ...], ...], ...]
    """Per issue and option: (paradigm index, weight) votes it casts, as :func:`negotiator.model.paradigm.classify`."""
    paradigm_excludes: tuple[tuple[tuple[int, ...], ...], ...] = ()
    as_of: str | None = None
    """The date (``YYYY-MM``) whose publics these are; None: the fit window's electorate (no period mood)."""
    """Per issue and option: paradigm indices a package holding it can never be labelled (``Option.excludes``)."""

    def paradigm_mix(self, x: IntArray) -> FloatArray:
        """How much package ``x`` amounts to each paradigm: the classifier's weighted votes as shares (order of
        ``PARADIGMS``), status-quo votes left out (what stays as today carries no idea); zeros if none."""
        votes = np.zeros(len(PARADIGMS))
        for i, options in enumerate(self.paradigm_votes):
            for p, w in options[int(x[i])]:
                votes[p] += w
        votes[PARADIGMS.index("status-quo")] = 0.0
        total = votes.sum()
        out: FloatArray = votes / total if total > 0 else votes
        return out

    def paradigm(self, x: IntArray) -> int:
        """Index in ``PARADIGMS`` of the paradigm package ``x`` amounts to (same rule and float sums as classify)."""
        votes = [0.0] * len(PARADIGMS)
        for i, options in enumerate(self.paradigm_votes):
            for p, w in options[int(x[i])]:
                votes[p] += w
        excluded = {p for i, options in enumerate(self.paradigm_excludes) for p in options[int(x[i])]}
        eligible = [p for p in TIE_ORDER if PARADIGMS.index(p) not in excluded] or list(TIE_ORDER)
        best = max(votes[PARADIGMS.index(p)] for p in eligible)
        if best <= 0:
            return PARADIGMS.index("status-quo" if "status-quo" in eligible else eligible[0])
        return next(PARADIGMS.index(p) for p in eligible if votes[PARADIGMS.index(p)] == best)

    @property
    def n_issues(self) -> int:
        return len(self.issue_ids)

    @property
    def max_options(self) -> int:
        return max(len(o) for o in self.option_ids)

    @property
    def ids(self) -> tuple[str, ...]:
        return tuple(g.id for g in self.groups)

    def index(self, constituency_id: str) -> int:
        for k, g in enumerate(self.groups):
            if g.id == constituency_id:
                return k
        raise OpinionError(
            f"no constituency {constituency_id!r} in scenario {self.scenario_id!r}; "
            f"use one of {', '.join(self.ids)}"
        )

    def members(self, population_id: str) -> tuple[int, ...]:
        """Constituency indices of a constituency id or a group id."""
        for gid, members in self.aggregates:
            if gid == population_id:
                return members
        return (self.index(population_id),)

    def encode(self, package: object) -> IntArray:
        """A (possibly partial) package as option indices; issues it leaves open stay as today."""
        if isinstance(package, np.ndarray):
            return np.asarray(package, dtype=np.intp)
        from collections.abc import Mapping

        if not isinstance(package, Mapping):
            raise OpinionError(f"a package is a mapping issue -> option, not {type(package).__name__}")
        x = self.status_quo.copy()
        for i, issue in enumerate(self.issue_ids):
            if issue in package:
                try:
                    x[i] = self.option_ids[i].index(package[issue])
                except ValueError:
                    raise OpinionError(f"issue {issue!r} has no option {package[issue]!r}") from None
        unknown = [k for k in package if k not in self.issue_ids]
        if unknown:
            raise OpinionError(f"no issue {unknown[0]!r} in scenario {self.scenario_id!r}")
        return x

    def decode(self, x: IntArray) -> dict[str, str]:
        return {issue: self.option_ids[i][int(x[i])] for i, issue in enumerate(self.issue_ids)}


@dataclass(frozen=True, slots=True, eq=False)
class Draws:
    """Standard random numbers for one constituency's people (parameter-free; see the module docstring)."""

    gamma: F32Array
    """(n_issues, n) unnormalised priority draws."""
    taste: F32Array
    """(n_issues, max_options, n) standard normal."""
    disposition: F32Array
    """(n,) standard normal."""
    ideology: F32Array
    """(n,) standard normal: positive for doves."""
    taboo_latent: F32Array
    """(n_sacred, n) standard normal, correlated with ideology: a value below the cut holds the taboo, so hawks do."""

    @property
    def size(self) -> int:
        return int(self.disposition.shape[0])


MAX_TERM_KEYS = 4
"""Most sets of priorities a population keeps :class:`TermRows` for (a game's populations use one)."""


class TermRows:
    """Per option, what a reaction adds up for it, kept as it is first asked for: the gain (``max(weighted, 0)``),
    the loss (``min(weighted, 0)``) and the priority share it brings when the person values it above today
    (``priority * [weighted > 0]``), side by side as one (3, n) float32 block, so a reaction adds one block per
    changed issue instead of computing the three again (the same float32 values, added in the same order).

    Rows are filled on first use (a population asked once, as in a calibration trial, pays no more than before and
    allocates untouched pages only); filling is under a lock and a row is marked ready only once written, so
    several threads may share the populations of one game."""

    __slots__ = ("_lock", "_priorities", "_ready", "_rows", "_weighted", "_width")

    def __init__(self, weighted: F32Array, priorities: FloatArray) -> None:
        n_i, width, n = weighted.shape
        self._weighted = weighted
        self._priorities = priorities
        self._width = width
        self._rows = np.empty((n_i * width, 3, n), dtype=np.float32)
        self._ready = np.zeros(n_i * width, dtype=bool)
        self._lock = threading.Lock()

    def row(self, issue: int, option: int) -> F32Array:
        """The (3, n) block of ``option`` on ``issue``: gains, losses, priority share where valued."""
        r = issue * self._width + option
        if not self._ready[r]:
            with self._lock:
                if not self._ready[r]:
                    w = self._weighted[issue, option]
                    block = self._rows[r]
                    np.maximum(w, 0.0, out=block[0])
                    np.minimum(w, 0.0, out=block[1])
                    np.multiply(w > 0, np.float32(self._priorities[issue]), out=block[2])
                    self._ready[r] = True
        out: F32Array = self._rows[r]
        return out


@dataclass(frozen=True, slots=True, eq=False)
class Population:
    """One constituency's simulated people (read-only arrays; see the module docstring)."""

    weights: F32Array
    values: F32Array
    weighted: F32Array
    """``weights * values``, precomputed: a reaction then sums one contiguous row per changed issue."""
    disposition: F32Array
    ideology: F32Array
    taboo: BoolArray
    _terms: dict[bytes, TermRows] = field(default_factory=dict, init=False, repr=False, compare=False)
    """:class:`TermRows` by the priorities they weigh ``gained`` with (one entry in practice: a population's own); not
    copied by ``replace``, so a population with other arrays never reads another's rows."""

    @property
    def size(self) -> int:
        return int(self.disposition.shape[0])

    def terms(self, priorities: FloatArray) -> TermRows:
        """The reaction's per-option blocks of these people for a constituency's ``priorities`` (built on first
        use, then kept with the population: a game asks the same people about many packages)."""
        key = np.asarray(priorities, dtype=np.float64).tobytes()
        found = self._terms.get(key)
        if found is None:
            if len(self._terms) >= MAX_TERM_KEYS:  # priorities varied on the same people: keep memory bounded
                self._terms.clear()
            # two threads may both build one; setdefault keeps the first, so every caller shares one
            found = self._terms.setdefault(key, TermRows(self.weighted, priorities))
        return found


def status_quo_indices(scenario: Scenario | PublicScenario) -> IntArray:
    """Today's option per issue: the ``status-quo`` reference package, else the first option tagged status-quo."""
    ref = next((p for p in scenario.packages if p.id == "status-quo"), None)
    out = np.zeros(len(scenario.issues), dtype=np.intp)
    for i, issue in enumerate(scenario.issues):
        ids = [o.id for o in issue.options]
        if ref is not None and issue.id in ref.options:
            out[i] = ids.index(ref.options[issue.id])
            continue
        tagged = [k for k, o in enumerate(issue.options) if "status-quo" in o.tags]
        if not tagged:
            raise OpinionError(
                f"issue {issue.id!r} has no status-quo option: add a 'status-quo' package "
                "or tag today's option 'status-quo'"
            )
        out[i] = tagged[0]
    return out


SCENARIO_DATE = "scenario"
"""``as_of`` meaning: the date the scenario is set (``scenario.as_of``)."""


def period_mood(periods: Sequence[tuple[str, float]], month: str | None) -> float:
    """The mood of the latest wave on or before ``month`` (``YYYY-MM``; 0 before the first wave or for None)."""
    if month is None:
        return 0.0
    out = 0.0
    for key, mood in periods:
        if key <= month:
            out = mood
    return out


def compile_group(
    scenario: Scenario | PublicScenario,
    c: Constituency,
    issue_ids: Sequence[str],
    option_ids: Sequence[Sequence[str]],
    as_of: str | None = None,
) -> GroupParams:
    """One constituency's parameters; with ``as_of`` (``YYYY-MM``) its disposition toward an agreement is that of the
    public at the date (:func:`period_mood`), else that of the fit window's electorate."""
    max_o = max(len(o) for o in option_ids)
    pri = np.array([c.priorities.get(i, 0.0) for i in issue_ids], dtype=np.float64)
    pri = pri / pri.sum() if pri.sum() > 0 else np.full(len(issue_ids), 1.0 / len(issue_ids))
    prefs = np.zeros((len(issue_ids), max_o))
    for i, issue in enumerate(issue_ids):
        for k, option in enumerate(option_ids[i]):
            prefs[i, k] = c.preferences.get(issue, {}).get(option, 0.0)
    rules = []
    for s in c.sacred:
        i = list(issue_ids).index(s.issue)
        mask = np.zeros(max_o, dtype=np.bool_)
        for opt in s.options:
            mask[list(option_ids[i]).index(opt)] = True
        gestures = []
        for g in s.softened_by:
            gi, _, go = g.partition(".")
            j = list(issue_ids).index(gi)
            gestures.append((j, list(option_ids[j]).index(go)))
        comp = tuple(list(issue_ids).index(x) for x in s.compensation)
        rules.append(SacredRule(i, mask, float(s.share), tuple(gestures), float(s.softening), comp))
    o = c.opinion
    salience = np.zeros((len(issue_ids), max_o))
    for key, weight in o.incentives.items():
        issue, _, option = key.partition(".")
        if issue not in issue_ids or option not in option_ids[list(issue_ids).index(issue)]:
            raise OpinionError(
                f"constituency {c.id!r}: incentive {key!r} names no option of the scenario; write issue.option"
            )
        i = list(issue_ids).index(issue)
        salience[i, list(option_ids[i]).index(option)] = weight
    tilt = np.zeros((len(issue_ids), max_o))
    if o.hawk_paradigms:
        for i, issue_def in enumerate(scenario.issues):
            if issue_def.paradigm_weight <= 0:
                continue
            for k, choice in enumerate(issue_def.options):
                tags = [t for t in choice.tags if t in PARADIGMS]
                tilt[i, k] = sum(o.hawk_paradigms.get(t, 0.0) for t in tags) / max(len(tags), 1)  # type: ignore[call-overload]
    return GroupParams(
        id=c.id,
        answers_to=c.answers_to,
        population=c.population,
        groups=tuple(c.groups),
        votes_in=c.votes_in,
        priorities=pri,
        preferences=prefs,
        loss_aversion=o.loss_aversion,
        devaluation=o.devaluation,
        spread=o.spread,
        band=o.undecided_band,
        bias=o.bias + period_mood(sorted(o.periods.items()), as_of),
        trust_own=o.trust_own,
        trust_other=o.trust_other,
        sacred=tuple(rules),
        dovishness=o.dovishness,
        paradigms=np.array([o.paradigms.get(p, 0.0) for p in PARADIGMS], dtype=np.float64),  # type: ignore[call-overload]
        periods=tuple(sorted(o.periods.items())),
        salience=salience if salience.any() else None,
        hawk_tilt=tilt if tilt.any() else None,
    )


def other_sides(groups: Sequence[GroupParams], principals: Sequence[str]) -> list[list[int]]:
    """Per constituency: the indices of the other principal side's constituencies (empty for third parties)."""
    out: list[list[int]] = []
    for g in groups:
        if g.answers_to not in principals:
            out.append([])
            continue
        out.append(
            [j for j, h in enumerate(groups) if h.answers_to in principals and h.answers_to != g.answers_to]
        )
    return out


def with_loadings(
    groups: Sequence[GroupParams], principals: Sequence[str], status_quo: IntArray
) -> tuple[GroupParams, ...]:
    """The constituencies with :attr:`GroupParams.loading` computed from the other side's current preferences (call
    again whenever preferences change, as the fit does)."""
    rows = np.arange(len(status_quo))
    diffs = [g.preferences - g.preferences[rows, status_quo][:, None] for g in groups]
    worth = []
    for g, d in zip(groups, diffs, strict=True):
        # what the option is worth to that public as part of a deal: its value against today (gains discounted by
        # their trust in us, losses weighed by their loss aversion) plus its share of their disposition toward an
        # agreement (their bias spreads over the issues a deal changes), as a package's mean utility adds up
        credibility = 1.0 - CREDIBILITY_WEIGHT * (1.0 - g.trust_other)
        w = np.where(d > 0, credibility * d, g.loss_aversion * d) + g.bias
        w[rows, status_quo] = 0.0
        worth.append(w)
    out = []
    for g, others in zip(groups, other_sides(groups, principals), strict=True):
        if not others:
            none = np.zeros_like(g.preferences)
            out.append(g.with_(loading=none, term_loading=none))
            continue
        pops = np.array([groups[j].population for j in others], dtype=np.float64)
        w = pops / pops.sum()
        welcome = np.tanh(np.tensordot(w, np.stack([worth[j] for j in others]), axes=1) / LOADING_SCALE)
        # a term both sides want against today (the hostages home and prisoners freed, regional peace) is no
        # concession to anyone: hawks and doves do not part over it
        theirs = np.tensordot(w, np.stack([diffs[j] for j in others]), axes=1)
        both_want = (diffs[groups.index(g)] > 0) & (theirs > 0)
        # a public's maximal aims: its hawks value those terms more, its doves less, however the other side's
        # publics see each term alone (a term-by-term reading cannot tell that a package of terms the other side
        # only mildly dislikes, each offset by its readiness for a deal, is the outcome it rejects most)
        tilt = np.zeros_like(g.preferences) if g.hawk_tilt is None else g.hawk_tilt.copy()
        tilt[rows, status_quo] = 0.0  # values are judged against today, which no one's position bends
        out.append(
            g.with_(
                loading=np.where(both_want, 0.0, welcome) - tilt,
                term_loading=np.where(both_want, 0.0, np.tanh(theirs / TERM_SCALE)),
            )
        )
    return tuple(out)


def compile_opinion(scenario: Scenario | PublicScenario, as_of: str | None = SCENARIO_DATE) -> OpinionModel:
    """Compile a scenario's constituencies (the static half of public opinion) as the publics stood at ``as_of``
    (``YYYY-MM``; by default the scenario's own date; None: the fit window's electorate, as calibration sees it)."""
    if as_of == SCENARIO_DATE:
        as_of = scenario.scenario.as_of
    if not scenario.constituencies:
        raise OpinionError(f"scenario {scenario.id!r} has no constituencies, so no public to poll")
    issue_ids = tuple(i.id for i in scenario.issues)
    option_ids = tuple(tuple(o.id for o in i.options) for i in scenario.issues)
    principals = tuple(d.id for d in scenario.delegations if d.role == "principal")
    status_quo = status_quo_indices(scenario)
    # how welcome an option is to the other side is a trait of the fitted electorates, not of the day's mood: a
    # public in a sour mood does not make the other side's hawks like the same terms more
    fitted = with_loadings(
        [compile_group(scenario, c, issue_ids, option_ids) for c in scenario.constituencies],
        principals,
        status_quo,
    )
    groups = tuple(g.with_(bias=g.bias + period_mood(g.periods, as_of)) for g in fitted)
    agg: dict[str, list[int]] = {}
    for k, g in enumerate(groups):
        for gid in g.groups:
            agg.setdefault(gid, []).append(k)
    return OpinionModel(
        scenario_id=scenario.id,
        as_of=as_of,
        issue_ids=issue_ids,
        option_ids=option_ids,
        status_quo=status_quo,
        groups=groups,
        aggregates=tuple((gid, tuple(agg[gid])) for gid in sorted(agg)),
        principals=principals,
        third_parties=tuple(d.id for d in scenario.delegations if d.role != "principal"),
        paradigm_votes=tuple(
            tuple(
                tuple((PARADIGMS.index(t), issue.paradigm_weight) for t in o.tags if t in PARADIGMS)
                if issue.paradigm_weight > 0
                else ()
                for o in issue.options
            )
            for issue in scenario.issues
        ),
        paradigm_excludes=tuple(
            tuple(tuple(PARADIGMS.index(p) for p in o.excludes) for o in issue.options)
            for issue in scenario.issues
        ),
    )


def draw(params: GroupParams, n_options: Sequence[int], rng: np.random.Generator, size: int) -> Draws:
    """Standard random numbers for ``size`` people of one constituency."""
    if size < 1:
        raise OpinionError("a population needs at least one person")
    n_i, max_o = params.preferences.shape
    shape = np.maximum(params.priorities * PRIORITY_CONCENTRATION, 0.0)
    gamma = rng.standard_gamma(np.repeat(shape[:, None], size, axis=1)).astype(np.float32)
    taste = rng.standard_normal((n_i, max_o, size), dtype=np.float32)
    for i, n in enumerate(n_options):  # padding slots carry no taste
        taste[i, n:, :] = 0.0
    disposition = rng.standard_normal(size, dtype=np.float32)
    ideology = rng.standard_normal(size, dtype=np.float32)
    noise = rng.standard_normal((len(params.sacred), size), dtype=np.float32)
    rho = TABOO_CORRELATION
    taboo_latent = (rho * ideology[None, :] + np.sqrt(1 - rho * rho) * noise).astype(np.float32)  # hawks: low
    return Draws(gamma, taste, disposition, ideology, taboo_latent)


def lean(params: GroupParams, ideology: F32Array) -> F32Array:
    """Each person's hawk (negative) to dove (positive) position, saturating: ``tanh(ideology + dovishness)``, so a
    public whose average member is already a dove (Arab citizens) does not bend its values without bound."""
    out: F32Array = np.tanh(ideology + np.float32(params.dovishness)).astype(np.float32)
    return out


def bend(params: GroupParams, ideology: F32Array) -> F32Array:
    """(n_issues, max_options, n): how each person's hawk-dove position bends their value of each option (toward
    what the other side welcomes for doves, away from it for hawks)."""
    assert params.loading is not None
    scale = np.float32(PACKAGE_IDEOLOGY * IDEOLOGY * params.spread)
    out: F32Array = (
        params.loading.astype(np.float32)[:, :, None] * (scale * lean(params, ideology))[None, None, :]
    )
    return out


def build(params: GroupParams, draws: Draws, status_quo: IntArray) -> Population:
    """People from parameters and draws (cheap; calibration calls it for every trial of the parameters)."""
    g = draws.gamma.astype(np.float64)
    total = g.sum(axis=0, keepdims=True)
    weights = np.where(total > 0, g / np.where(total > 0, total, 1.0), 1.0 / g.shape[0]).astype(np.float32)
    n_i = params.preferences.shape[0]
    rows = np.arange(n_i)
    base = params.preferences - params.preferences[rows, status_quo][:, None]  # (n_i, max_o): vs today
    taste = draws.taste
    tau = np.float32(TASTE_SHARE * params.spread)
    values = base.astype(np.float32)[:, :, None] + tau * (taste - taste[rows, status_quo][:, None, :])
    if params.loading is not None:
        # ideology works term by term, inside the values: doves warm to what the other side welcomes, hawks cool to
        # it, option by option. Because it is part of each person's values (never a term beside them), a change a
        # person values can only raise their utility (tests/opinion/test_monotone.py)
        values += bend(params, draws.ideology)
    values[rows, status_quo, :] = 0.0
    weighted = weights[:, None, :] * values
    if params.salience is not None:
        # an incentive counts beyond its priority, by the person's own value of it (so it can only win over those
        # who value it, and cost those who do not)
        weighted += params.salience.astype(np.float32)[:, :, None] * values
    taboo = np.zeros((len(params.sacred), draws.size), dtype=np.bool_)
    for k, rule in enumerate(params.sacred):
        if rule.share > 0:
            cut = NormalDist().inv_cdf(min(max(rule.share, 1e-12), 1.0 - 1e-12))
            taboo[k] = draws.taboo_latent[k] < cut
    for arr in (weights, values, weighted, taboo):
        arr.flags.writeable = False
    return Population(weights, values, weighted, draws.disposition, draws.ideology, taboo)


def child_rngs(seed: int | np.random.Generator, n: int) -> list[np.random.Generator]:
    """One independent stream per constituency, derived from ``seed`` (an int or a Generator)."""
    if isinstance(seed, np.random.Generator):
        return list(seed.spawn(n))
    return [np.random.default_rng(s) for s in np.random.SeedSequence(int(seed)).spawn(n)]


def sample(
    model: OpinionModel, seed: int | np.random.Generator = 0, size: int = DEFAULT_SIZE
) -> tuple[tuple[Draws, ...], tuple[Population, ...]]:
    """Draw and build every constituency's people. Deterministic for an int seed."""
    n_options = [len(o) for o in model.option_ids]
    rngs = child_rngs(seed, len(model.groups))
    draws = tuple(draw(g, n_options, r, size) for g, r in zip(model.groups, rngs, strict=True))
    people = tuple(build(g, d, model.status_quo) for g, d in zip(model.groups, draws, strict=True))
    return draws, people
