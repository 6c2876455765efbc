"""Opinion over the game: events, leaders' statements, inertia between rounds, social influence. Bounded swings.

The dynamic state is small on purpose (:class:`OpinionState`: a few numbers per constituency), a pure function of
the scenario, the seed and the history of public moves, so a replay folds the same commands and gets the same
opinion. Per constituency it keeps the *current* shift of mood and trust and the *target* the news points to:

- an event or a statement moves the target by its full effect but the current value by only :data:`IMMEDIATE` of it:
  publics take in news over days, not at once (inertia);
- at the end of each round the current value moves :data:`ADJUST` of the way to the target, and the target fades
  :data:`FORGET` back toward the baseline (news is forgotten, trust slowly returns to its usual level);
- shifts saturate: each push in the same direction counts for less as the shift nears :data:`MOOD_LIMIT` (or
  :data:`TRUST_LIMIT`), so a run of bad news cannot drive a public to absurd places;
- social influence (mean-field: with random mixing each person hears the group's split): each round, people's
  disposition moves toward their group's verdict on the text on the table by ``INFLUENCE * (support - oppose)``,
  at rate :data:`PEER_RATE`; it is bounded by ``INFLUENCE`` and fades when nothing is on the table.

So no single ordinary event (effects of a few hundredths of utility, as in the shipped decks) moves a group by more
than a few points, while an event written as large (say ``mood = -0.5``) can move it by tens of points.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, replace
from typing import Literal, Protocol

from negotiator.engine.opinion.population import OpinionError, OpinionModel
from negotiator.engine.opinion.reaction import Climate
from negotiator.model.schema import Event

IMMEDIATE = 0.6
"""Share of a piece of news felt at once; the rest arrives over the next round (design choice)."""
ADJUST = 0.5
"""Share of the gap between current opinion and the news' target closed each round (design choice)."""
FORGET = 0.2
"""Share of a shift forgotten each round (design choice: half-life about three rounds)."""
MOOD_LIMIT = 1.5
"""Soft bound of the mood shift, in utility units (design choice: a mood of about -1 takes the fitted 2016-2018
Israeli Jewish public to the 21 per cent support for two states published in July 2024, after the October 2023 war
began; a run of small news saturates well before the bound)."""
TRUST_LIMIT = 0.35
"""Soft bound of the trust shifts (design choice)."""
PEER_RATE = 0.3
"""Per-round rate at which social influence catches up with the group's verdict (design choice)."""
INFLUENCE = 0.1
"""Utility a unanimous group verdict adds to each member's disposition (design choice)."""
DIGITS = 9
"""State numbers are rounded so tiny float differences between machines never change a replay."""

Tone = Literal["conciliatory", "neutral", "firm", "hostile"]


class Nudge(Protocol):
    """What a public statement does: to the speaker's own publics and to the other side's (or everyone's)."""

    @property
    def own_mood(self) -> float: ...
    @property
    def own_trust_own(self) -> float: ...
    @property
    def other_mood(self) -> float: ...
    @property
    def other_trust_other(self) -> float: ...


@dataclass(frozen=True, slots=True)
class StatementEffect:
    own_mood: float
    own_trust_own: float
    other_mood: float
    other_trust_other: float


TONES: dict[str, StatementEffect] = {
    # Design choices, deliberately small: words alone should not swing a public.
    "conciliatory": StatementEffect(
        own_mood=0.02, own_trust_own=-0.01, other_mood=0.01, other_trust_other=0.03
    ),
    "neutral": StatementEffect(own_mood=0.01, own_trust_own=0.0, other_mood=0.01, other_trust_other=0.0),
    "firm": StatementEffect(own_mood=0.0, own_trust_own=0.02, other_mood=0.0, other_trust_other=-0.01),
    "hostile": StatementEffect(own_mood=-0.02, own_trust_own=0.01, other_mood=-0.02, other_trust_other=-0.04),
}


@dataclass(frozen=True, slots=True)
class OpinionState:
    """Shifts per constituency (model order) against the scenario's baseline. Hashable, tiny, replayable."""

    round: int
    mood: tuple[float, ...]
    trust_own: tuple[float, ...]
    trust_other: tuple[float, ...]
    target_mood: tuple[float, ...]
    target_trust_own: tuple[float, ...]
    target_trust_other: tuple[float, ...]
    peer: tuple[float, ...]

    def as_dict(self) -> dict[str, object]:
        return {k: getattr(self, k) for k in self.__slots__}


def initial_state(model: OpinionModel) -> OpinionState:
    zero = tuple(0.0 for _ in model.groups)
    return OpinionState(0, zero, zero, zero, zero, zero, zero, zero)


def climate(model: OpinionModel, state: OpinionState, k: int) -> Climate:
    g = model.groups[k]
    return Climate(
        mood=state.mood[k],
        trust_own=min(max(g.trust_own + state.trust_own[k], 0.0), 1.0),
        trust_other=min(max(g.trust_other + state.trust_other[k], 0.0), 1.0),
        peer=state.peer[k],
    )


def _r(x: float) -> float:
    return round(float(x), DIGITS) + 0.0


def _push(old: float, delta: float, limit: float) -> float:
    """Add ``delta``, with diminishing returns as ``old`` nears ``limit`` in the same direction."""
    if delta * old > 0:
        delta *= max(0.0, 1.0 - abs(old) / limit)
    return min(max(old + delta, -limit), limit)


def targets(model: OpinionModel, target: str) -> list[int]:
    """Constituency indices a target names: a constituency id, a group id, or ``all``."""
    if target == "all":
        return list(range(len(model.groups)))
    return sorted(model.members(target))


def apply_shifts(
    model: OpinionModel, state: OpinionState, shifts: Iterable[tuple[int, float, float, float]]
) -> OpinionState:
    """Apply (constituency index, mood, trust_own, trust_other) news shifts with inertia and saturation."""
    cur = [list(state.mood), list(state.trust_own), list(state.trust_other)]
    tgt = [list(state.target_mood), list(state.target_trust_own), list(state.target_trust_other)]
    limits = (MOOD_LIMIT, TRUST_LIMIT, TRUST_LIMIT)
    for k, *deltas in shifts:
        for j, d in enumerate(deltas):
            if d == 0.0:
                continue
            before = tgt[j][k]
            tgt[j][k] = _push(before, d, limits[j])
            applied = tgt[j][k] - before
            cur[j][k] = min(max(cur[j][k] + IMMEDIATE * applied, -limits[j]), limits[j])
    return replace(
        state,
        mood=tuple(_r(v) for v in cur[0]),
        trust_own=tuple(_r(v) for v in cur[1]),
        trust_other=tuple(_r(v) for v in cur[2]),
        target_mood=tuple(_r(v) for v in tgt[0]),
        target_trust_own=tuple(_r(v) for v in tgt[1]),
        target_trust_other=tuple(_r(v) for v in tgt[2]),
    )


def apply_event(model: OpinionModel, state: OpinionState, event: Event) -> OpinionState:
    """An event card's effects on its target constituencies (a constituency, a group, or ``all``)."""
    shifts = []
    for eff in event.effects:
        for k in targets(model, eff.target):
            shifts.append((k, eff.mood, eff.trust_own, eff.trust_other))
    return apply_shifts(model, state, shifts)


def apply_statement(
    model: OpinionModel, state: OpinionState, delegation: str, tone: Tone | str | Nudge
) -> OpinionState:
    """A leader's public statement: ``tone`` names a default effect (:data:`TONES`) or is an explicit nudge.

    The speaker's own publics take the ``own_*`` part; everyone else takes the ``other_*`` part (a third party speaks
    to every public as an outsider).
    """
    if isinstance(tone, str):
        if tone not in TONES:
            raise OpinionError(f"unknown tone {tone!r}; use one of {', '.join(TONES)}")
        effect: Nudge = TONES[tone]
    else:
        effect = tone
    shifts = []
    for k, g in enumerate(model.groups):
        if g.answers_to == delegation:
            shifts.append((k, effect.own_mood, effect.own_trust_own, 0.0))
        else:
            shifts.append((k, effect.other_mood, 0.0, effect.other_trust_other))
    return apply_shifts(model, state, shifts)


def step_round(
    model: OpinionModel, state: OpinionState, verdicts: tuple[float, ...] | None = None
) -> OpinionState:
    """End of a round: opinion catches up with the news, the news fades, peers pull toward their group's verdict.

    ``verdicts`` is (support - oppose) per constituency on the text on the table, or None when nothing is tabled.
    """

    def settle(cur: tuple[float, ...], tgt: tuple[float, ...]) -> tuple[tuple[float, ...], tuple[float, ...]]:
        new_cur = tuple(_r(c + ADJUST * (t - c)) for c, t in zip(cur, tgt, strict=True))
        new_tgt = tuple(_r(t * (1.0 - FORGET)) for t in tgt)
        return new_cur, new_tgt

    mood, t_mood = settle(state.mood, state.target_mood)
    own, t_own = settle(state.trust_own, state.target_trust_own)
    other, t_other = settle(state.trust_other, state.target_trust_other)
    if verdicts is None:
        peer = tuple(_r(p * (1.0 - PEER_RATE)) for p in state.peer)
    else:
        if len(verdicts) != len(model.groups):
            raise OpinionError("one verdict per constituency is needed")
        peer = tuple(
            _r(p + PEER_RATE * (INFLUENCE * v - p)) for p, v in zip(state.peer, verdicts, strict=True)
        )
    return OpinionState(state.round + 1, mood, own, other, t_mood, t_own, t_other, peer)
