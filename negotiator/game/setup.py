"""Who sits where, which scenario, which seed: the setup a game starts from.

A seat is identified by its delegation id. A setup is plain data (JSON-safe through :meth:`GameSetup.to_dict`), so a
save or a classroom host can hand it around; :meth:`GameSetup.from_dict` checks every field and raises only
:class:`~negotiator.game.errors.SetupError` whatever it is given. :func:`check_setup` then checks the setup against a
scenario (delegations exist, every signatory is seated).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any, Literal, cast

from negotiator.game.errors import SetupError
from negotiator.model.errors import Problem
from negotiator.model.schema import Scenario

PERSONAS: tuple[str, ...] = ("hard-liner", "pragmatist", "conciliator", "reciprocator", "mediator")
"""Bot personas a seat can be given (``mediator`` only suits a mediator or third-party delegation)."""
MODES: tuple[str, ...] = ("solo", "hotseat", "ai")
CONTROLLERS: tuple[str, ...] = ("human", "bot")
MAX_SEED = 2**63 - 1
_ID = re.compile(r"^[a-z][a-z0-9]*([-_][a-z0-9]+)*$")


@dataclass(frozen=True, slots=True)
class SeatSetup:
    """One delegation at the table and who plays it (a bot needs a persona; ``None`` means the scenario default)."""

    delegation: str
    controller: Literal["human", "bot"]
    persona: str | None = None

    def to_dict(self) -> dict[str, Any]:
        return {"delegation": self.delegation, "controller": self.controller, "persona": self.persona}


@dataclass(frozen=True, slots=True)
class GameSetup:
    """Everything a game needs besides the scenario file and the commands: replaying it needs only this."""

    scenario_id: str
    seats: tuple[SeatSetup, ...]
    seed: int
    mode: Literal["solo", "hotseat", "ai"]
    allow_undo: bool = True

    @property
    def seat_ids(self) -> tuple[str, ...]:
        return tuple(s.delegation for s in self.seats)

    def seat(self, delegation: str) -> SeatSetup:
        for s in self.seats:
            if s.delegation == delegation:
                return s
        raise KeyError(delegation)

    def to_dict(self) -> dict[str, Any]:
        return {
            "scenario_id": self.scenario_id,
            "seats": [s.to_dict() for s in self.seats],
            "seed": self.seed,
            "mode": self.mode,
            "allow_undo": self.allow_undo,
        }

    @classmethod
    def from_dict(cls, data: object) -> GameSetup:
        """Parse and check a setup; raises :class:`SetupError` naming every problem, never anything else."""
        where = "setup"
        problems: list[Problem] = []

        def bad(path: str, message: str, fix: str) -> None:
            problems.append(Problem(where, path, message, fix))

        if not isinstance(data, dict):
            raise SetupError(
                [
                    Problem(
                        where,
                        "",
                        f"should be an object, not {type(data).__name__}",
                        "write {scenario_id, seats, seed, mode, allow_undo}",
                    )
                ]
            )
        known = {"scenario_id", "seats", "seed", "mode", "allow_undo"}
        for key in data:
            if key not in known:
                bad(str(key)[:64], "is not a setup field", f"use only {', '.join(sorted(known))}")
        scenario_id = data.get("scenario_id")
        if not isinstance(scenario_id, str) or not _ID.match(scenario_id) or len(scenario_id) > 64:
            bad(
                "scenario_id",
                "should be a scenario id (lowercase words joined by - or _)",
                "e.g. confederation",
            )
        seed = data.get("seed")
        if isinstance(seed, bool) or not isinstance(seed, int) or not 0 <= seed <= MAX_SEED:
            bad("seed", "should be a whole number from 0 to 2**63-1", "e.g. 42")
        mode = data.get("mode")
        if not isinstance(mode, str) or mode not in MODES:
            bad("mode", f"should be one of {', '.join(MODES)}", "e.g. solo")
        allow_undo = data.get("allow_undo", True)
        if not isinstance(allow_undo, bool):
            bad("allow_undo", "should be true or false", "write true or false")
        raw_seats = data.get("seats")
        seats: list[SeatSetup] = []
        if not isinstance(raw_seats, list) or not raw_seats or len(raw_seats) > 10:
            bad(
                "seats",
                "should be a list of 1 to 10 seats",
                'write [{"delegation": "israel", "controller": "human"}]',
            )
        else:
            for k, raw in enumerate(raw_seats):
                seat = _parse_seat(raw, f"seats[{k}]", bad)
                if seat is not None:
                    seats.append(seat)
            ids = [s.delegation for s in seats]
            for d in sorted({d for d in ids if ids.count(d) > 1}):
                bad("seats", f"delegation {d!r} is seated twice", "seat each delegation once")
        if problems:
            raise SetupError(problems)
        return cls(
            scenario_id=cast(str, scenario_id),
            seats=tuple(seats),
            seed=cast(int, seed),
            mode=cast(Literal["solo", "hotseat", "ai"], mode),
            allow_undo=cast(bool, allow_undo),
        )


def _parse_seat(raw: object, path: str, bad: Any) -> SeatSetup | None:
    if not isinstance(raw, dict):
        bad(path, f"should be an object, not {type(raw).__name__}", "write {delegation, controller, persona}")
        return None
    ok = True
    for key in raw:
        if key not in ("delegation", "controller", "persona"):
            bad(f"{path}.{str(key)[:64]}", "is not a seat field", "use delegation, controller, persona")
            ok = False
    delegation = raw.get("delegation")
    if not isinstance(delegation, str) or not _ID.match(delegation) or len(delegation) > 64:
        bad(f"{path}.delegation", "should be a delegation id", "e.g. israel")
        ok = False
    controller = raw.get("controller")
    if not isinstance(controller, str) or controller not in CONTROLLERS:
        bad(f"{path}.controller", "should be human or bot", "write human or bot")
        ok = False
    persona = raw.get("persona")
    if persona is not None and (not isinstance(persona, str) or persona not in PERSONAS):
        bad(f"{path}.persona", f"should be one of {', '.join(PERSONAS)} or null", "e.g. pragmatist")
        ok = False
    if not ok:
        return None
    return SeatSetup(
        cast(str, delegation), cast(Literal["human", "bot"], controller), cast("str | None", persona)
    )


def check_setup(scenario: Scenario, setup: GameSetup) -> None:
    """Raise :class:`SetupError` unless ``setup`` fits ``scenario``."""
    where = "setup"
    problems: list[Problem] = []
    if setup.scenario_id != scenario.id:
        problems.append(
            Problem(
                where,
                "scenario_id",
                f"is {setup.scenario_id!r} but the scenario is {scenario.id!r}",
                "load the scenario the setup names",
            )
        )
    known = [d.id for d in scenario.delegations]
    for k, seat in enumerate(setup.seats):
        if seat.delegation not in known:
            problems.append(
                Problem(
                    where,
                    f"seats[{k}].delegation",
                    f"no delegation {seat.delegation!r}",
                    f"use one of {', '.join(known)}",
                )
            )
        if seat.persona is not None and seat.persona not in PERSONAS:
            problems.append(
                Problem(
                    where,
                    f"seats[{k}].persona",
                    f"unknown persona {seat.persona!r}",
                    f"use one of {', '.join(PERSONAS)}",
                )
            )
    seated = set(setup.seat_ids)
    for sig in scenario.rules.signatories:
        if sig not in seated:
            problems.append(
                Problem(
                    where, "seats", f"signatory {sig!r} has no seat", "seat every delegation that must sign"
                )
            )
    if len(set(setup.seat_ids)) != len(setup.seat_ids):
        problems.append(Problem(where, "seats", "a delegation is seated twice", "seat each delegation once"))
    if problems:
        raise SetupError(problems)


def default_setup(
    scenario: Scenario,
    seed: int = 0,
    personas: dict[str, str] | None = None,
    mode: Literal["solo", "hotseat", "ai"] = "ai",
) -> GameSetup:
    """Every delegation seated as a bot with its scenario persona (or the one given): the AI-only game."""
    personas = personas or {}
    seats = tuple(SeatSetup(d.id, "bot", personas.get(d.id, d.default_persona)) for d in scenario.delegations)
    return GameSetup(scenario.id, seats, seed, mode)
