"""Random legal play for property tests: any legal command, random packages, private messages with secrets."""

from __future__ import annotations

import numpy as np

from negotiator.game import (
    Command,
    CounterPropose,
    GameState,
    OfferSideTerms,
    PrivateMessage,
    TableProposal,
    legal_commands,
    legal_kinds,
    whose_turn,
)
from negotiator.game.rules import side_terms_left


def random_package(state: GameState, rng: np.random.Generator, partial: bool) -> tuple[tuple[str, str], ...]:
    issues = state.scenario.issues
    chosen = [i for i in issues if not partial or rng.random() < 0.4] or [issues[0]]
    return tuple((i.id, i.options[int(rng.integers(len(i.options)))].id) for i in chosen)


def random_command(state: GameState, rng: np.random.Generator) -> Command | None:
    seat = whose_turn(state)
    if seat is None:
        return None
    options = legal_commands(state, seat)
    kinds = legal_kinds(state, seat)
    roll = rng.random()
    if "table-proposal" in kinds and roll < 0.25:
        partial = bool(rng.random() < 0.3)
        return TableProposal(seat, random_package(state, rng, partial), partial=partial, reason="random")
    if "counter-propose" in kinds and roll < 0.35:
        open_ids = [
            p.id
            for p in state.open_proposals()
            if p.by != seat and seat not in p.accepted_by and all(s != seat for s, _ in p.rejected_by)
        ]
        if open_ids:
            return CounterPropose(
                seat,
                open_ids[int(rng.integers(len(open_ids)))],
                random_package(state, rng, False),
                reasons=("water",) if "water" in {i.id for i in state.scenario.issues} else (),
            )
    cmd = options[int(rng.integers(len(options)))]
    if isinstance(cmd, PrivateMessage):
        return PrivateMessage(seat, cmd.to, f"SECRET-{seat}-TO-{cmd.to}-{int(rng.integers(10**6))}")
    if isinstance(cmd, OfferSideTerms):
        # A pledge of 1-3 points, never more than the seat's means left (the rules refuse that, rightly).
        points = min(float(rng.integers(1, 4)), side_terms_left(state, seat))
        return OfferSideTerms(seat, cmd.kind, cmd.beneficiary, points)
    return cmd
