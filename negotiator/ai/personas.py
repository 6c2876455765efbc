"""Personas: how a delegation bot bargains. Parameters are design choices, named after the literature they come from.

- ``concession``: the exponent ``e`` of the time-dependent tactic of Faratin, Sierra and Jennings (1998): the target
  falls from the best package toward the floor as ``1 - t**(1/e)``; ``e < 1`` is Boulware (holds, then concedes at the
  deadline), ``e > 1`` is Conceder (gives early).
- ``floor_points``: points above its walk-away value it will not give up, even at the deadline (in points, not as a
  share of its hopes, so two sides with the same persona hold the same margin however inflated their best package).
- ``reciprocity``: how far it mirrors the other side's concessions (Faratin's relative tit-for-tat: the share of the
  way toward us their offers have come is the share of the way toward our floor we concede); the time curve still
  applies, so a reciprocator facing a wall concedes at the end.
- ``public_caution``: the least forecast probability that its own side ratifies a package for it to agree to it
  (it will not sign what brings down its government), unless pressed (last round) when the bar is halved; hard-liners
  are never pressed.
- ``joint_caution``: the same for the probability that *every* side ratifies (a deal that fails at home leaves
  everyone at their walk-away, so agreeing to it wastes the talks); also the bar its own offers must clear when any
  text it would table does.
- ``public_weight``: the exponent on a text's chance of ratification in its offer score (0: ignores the publics).

Expected direction (a negotiation scholar's, checked by ``negotiator simulate --personas``): against a pragmatist, a
hard-liner reaches fewer agreements but a larger share when it does; a conciliator more agreements and a smaller
share; a reciprocator mirrors what it meets.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Persona:
    name: str
    concession: float
    floor_points: float
    reciprocity: float
    public_caution: float
    joint_caution: float
    public_weight: float
    opening: tuple[str, ...]
    """Statement ids it may open the talks with."""
    closing: tuple[str, ...]
    """Statement ids it may use in the last round."""
    presses_when_late: bool


PERSONAS: dict[str, Persona] = {
    "hard-liner": Persona(
        "hard-liner",
        concession=0.25,
        floor_points=4.0,
        reciprocity=0.0,
        public_caution=0.5,
        joint_caution=0.3,
        public_weight=0.5,
        opening=("security-first", "rights-not-for-sale"),
        closing=("time-running-out",),
        presses_when_late=False,
    ),
    "pragmatist": Persona(
        "pragmatist",
        concession=1.0,
        floor_points=1.5,
        reciprocity=0.0,
        public_caution=0.35,
        joint_caution=0.25,
        public_weight=0.5,
        opening=("progress-made",),
        closing=("progress-made",),
        presses_when_late=True,
    ),
    "conciliator": Persona(
        "conciliator",
        concession=2.5,
        floor_points=0.0,
        reciprocity=0.0,
        public_caution=0.25,
        joint_caution=0.15,
        public_weight=0.5,
        opening=("ready-for-hard-choices", "acknowledge-suffering"),
        closing=("ready-for-hard-choices",),
        presses_when_late=True,
    ),
    "reciprocator": Persona(
        "reciprocator",
        concession=0.5,
        floor_points=1.5,
        reciprocity=1.0,
        public_caution=0.35,
        joint_caution=0.25,
        public_weight=0.5,
        opening=("progress-made",),
        closing=("time-running-out",),
        presses_when_late=True,
    ),
}
