"""The seat channel: numbered moves, stale moves refused with the fresh view, seat-scoped notices, observers.

These use the real game; the property test plays random games (random legal commands, private messages and requests
to the mediator carrying secrets) through every seat's channel at once and checks what each channel delivered.
"""

from __future__ import annotations

import sys
from pathlib import Path

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from negotiator.game import AskMediator, Command, EndTurn, PrivateMessage, Statement, TableProposal
from negotiator.game.setup import GameSetup, SeatSetup
from negotiator.game.views import SeatView, own_brief, render_view_text
from negotiator.model.public import PublicScenario
from negotiator.model.registry import get_scenario
from negotiator.model.schema import Scenario
from negotiator.session.errors import SessionError, StaleMove
from negotiator.session.notices import SeatNotice, SpectatorNotice
from negotiator.session.ports import MemoryStorage
from negotiator.session.seat import LocalSeat, LocalSpectator, LocalTrainer, TrainerNotice, bot_turn
from negotiator.session.session import Session
from negotiator.session.standard import StandardRules

sys.path.insert(0, str(Path(__file__).parent.parent / "game"))
from randomplay import random_command


def humans(scenario: Scenario, seed: int = 3) -> Session:
    seats = tuple(SeatSetup(d.id, "human") for d in scenario.delegations)
    setup = GameSetup(scenario.id, seats, seed, "hotseat", True)
    return Session.start(scenario, setup, storage=MemoryStorage(), rules=StandardRules())


def through_briefing(session: Session) -> None:
    while session.progress.phase == "briefing":
        seat = session.whose_turn()
        assert seat is not None
        session.submit(EndTurn(seat))


@pytest.fixture(scope="module")
def confederation() -> Scenario:
    return get_scenario("confederation")


def test_every_view_carries_the_move_it_shows(teaching_scenario: Scenario) -> None:
    session = humans(teaching_scenario)
    seat = LocalSeat(session, "israel")
    assert seat.view().move == 0
    notice = seat.submit(EndTurn("israel"), based_on=0)
    assert notice.view.move == 1 == notice.changes.move and seat.view().move == 1
    assert LocalSeat(session, "palestine").view().move == 1


def test_a_stale_move_is_refused_with_the_fresh_view(teaching_scenario: Scenario) -> None:
    session = humans(teaching_scenario)
    israel, palestine = LocalSeat(session, "israel"), LocalSeat(session, "palestine")
    through_briefing(session)
    chosen_at = israel.view()  # israel looks at the table, and chooses...
    israel.submit(
        Statement("israel", "conciliatory", "ready-for-hard-choices"), based_on=chosen_at.move
    )  # a free action first
    with pytest.raises(StaleMove) as stale:  # ...then a move chosen against the old position
        israel.submit(EndTurn("israel"), based_on=chosen_at.move)
    err = stale.value
    assert err.based_on == chosen_at.move and err.now == chosen_at.move + 1
    assert err.view is not None and err.view.seat == "israel" and err.view.move == err.now
    assert len(session.commands) == err.now  # nothing was applied
    palestine_view = palestine.view()
    israel.submit(EndTurn("israel"), based_on=err.view.move)  # chosen again from the fresh view: it applies
    with pytest.raises(StaleMove):
        palestine.submit(EndTurn("palestine"), based_on=palestine_view.move)


def test_a_seat_moves_only_for_itself(teaching_scenario: Scenario) -> None:
    session = humans(teaching_scenario)
    with pytest.raises(SessionError, match="each seat moves only for itself"):
        LocalSeat(session, "palestine").submit(EndTurn("israel"), based_on=0)
    assert session.commands == ()
    with pytest.raises(SessionError, match="no seat"):
        LocalSeat(session, "nobody")


def test_a_bot_moves_through_the_same_channel_and_rechooses_when_stale(teaching_scenario: Scenario) -> None:
    session = humans(teaching_scenario)
    seat = LocalSeat(session, "israel")
    calls: list[int] = []

    def choose(view: SeatView) -> Command:
        calls.append(view.move)
        if len(calls) == 1:
            session.submit(EndTurn("israel"))  # the game moves on while the bot "thinks"
            session.submit(EndTurn("palestine"))
        return (
            EndTurn("israel")
            if len(calls) == 1
            else Statement("israel", "conciliatory", "ready-for-hard-choices")
        )  # type: ignore[return-value]

    notice = bot_turn(seat, choose)
    assert calls == [0, 2] and notice.view.move == 3


def test_notices_carry_the_view_and_flag_only_what_changed(confederation: Scenario) -> None:
    session = humans(confederation)
    through_briefing(session)
    got: dict[str, list[SeatNotice]] = {s: [] for s in ("israel", "palestine", "european-union")}
    for s, seen in got.items():
        LocalSeat(session, s).subscribe(seen.append)
    session.submit(Statement("israel", "conciliatory", "ready-for-hard-choices"))
    for s, seen in got.items():
        (n,) = seen
        assert n.seat == s and n.view == session.view(s) and n.view.move == len(session.commands)
        assert n.changes.transcript and n.changes.log and not n.changes.proposals and not n.changes.round
    package = tuple((i.id, i.options[0].id) for i in confederation.issues)
    session.submit(TableProposal("israel", package))
    n = got["palestine"][-1]
    assert n.changes.proposals and n.changes.turn and [e.kind for e in n.events][:1] == ["proposal_did_table"]


def test_a_private_message_reaches_only_its_two_seats(confederation: Scenario) -> None:
    session = humans(confederation)
    through_briefing(session)
    got: dict[str, list[SeatNotice]] = {d.id: [] for d in confederation.delegations}
    for s, seen in got.items():
        LocalSeat(session, s).subscribe(seen.append)
    public: list[SpectatorNotice] = []
    LocalSpectator(session).subscribe(public.append)
    trainer: list[TrainerNotice] = []
    LocalTrainer(session).subscribe(trainer.append)
    session.submit(PrivateMessage("israel", "palestine", "SECRET-offer-at-dawn"))
    for s, (n,) in got.items():
        party = s in ("israel", "palestine")
        assert ("SECRET-offer-at-dawn" in repr(n)) == party, s
        assert bool(n.events) == party and n.changes.transcript == party, s
    assert "SECRET" not in repr(public[-1]) and public[-1].events == ()
    assert "SECRET-offer-at-dawn" in repr(trainer[-1].view.transcript) and trainer[-1].events


def test_the_spectator_sees_nothing_confidential_and_the_trainer_sees_everything(
    confederation: Scenario,
) -> None:
    session = humans(confederation)
    through_briefing(session)
    session.submit(AskMediator("israel", reason="SECRET-note-to-mediator"))
    spectator = LocalSpectator(session)
    public = spectator.view()
    assert not hasattr(public, "own") and "SECRET" not in repr(public)
    assert all(p.own_points is None for p in public.proposals)
    text = repr(public) + spectator.scenario.model_dump_json()
    for d in confederation.delegations:
        assert d.confidential_brief not in text
        assert all(r.why not in text for r in d.red_lines)
    everything = LocalTrainer(session).view()
    assert [v.seat for v in everything.seats] == [d.id for d in confederation.delegations]
    for d in confederation.delegations:
        assert everything.seat(d.id).own == own_brief(confederation, d.id)
    assert any(e.reason == "SECRET-note-to-mediator" for e in everything.transcript)
    assert everything.move == public.move == len(session.commands)


def test_the_public_scenario_has_no_confidential_fields(confederation: Scenario) -> None:
    public = PublicScenario.of(confederation)
    israel = public.delegation("israel")
    for name in (
        "points",
        "priorities",
        "reservation_value",
        "confidential_brief",
        "red_lines",
        "interactions",
    ):
        with pytest.raises(AttributeError):
            getattr(israel, name)
    assert [i.id for i in public.issues] == [i.id for i in confederation.issues]
    assert PublicScenario.model_validate_json(public.model_dump_json()) == public  # it travels as JSON


def secrets_of(scenario: Scenario, seat: str) -> list[str]:
    d = scenario.delegation(seat)
    return [d.confidential_brief, *(r.why for r in d.red_lines), *(x.why for x in d.interactions), *d.means]


@settings(max_examples=8, deadline=None)
@given(seed=st.integers(0, 10**6))
def test_no_seat_is_delivered_another_seats_secrets(seed: int) -> None:
    """Random games through every seat's channel: whatever a seat is delivered (views, notices, events) holds its own
    brief and no other seat's confidential material, and no private line it was not party to."""
    scenario = get_scenario("confederation")
    session = humans(scenario, seed)
    seats = [d.id for d in scenario.delegations]
    delivered: dict[str, list[SeatNotice]] = {s: [] for s in seats}
    for s in seats:
        LocalSeat(session, s).subscribe(delivered[s].append)
    spectator: list[SpectatorNotice] = []
    LocalSpectator(session).subscribe(spectator.append)
    rng = np.random.default_rng(seed)
    sent: list[tuple[frozenset[str], str]] = []
    for k in range(90):
        cmd = random_command(session.state, rng)
        if cmd is None:
            break
        if isinstance(cmd, PrivateMessage):
            cmd = PrivateMessage(cmd.seat, cmd.to, f"SECRET-{k}-from-{cmd.seat}")
            sent.append((frozenset((cmd.seat, cmd.to)), cmd.text))
        elif isinstance(cmd, AskMediator):
            cmd = AskMediator(cmd.seat, reason=f"SECRET-{k}-ask-{cmd.seat}")
            sent.append((frozenset((cmd.seat, *session.state.ctx.mediators)), cmd.reason))
        channel = LocalSeat(session, cmd.seat)
        channel.submit(cmd, based_on=channel.view().move)
    for s in seats:
        others = [x for o in seats if o != s for x in secrets_of(scenario, o)]
        assert delivered[s], s
        for n in delivered[s]:
            assert n.seat == s and n.view.seat == s and n.view.own == own_brief(scenario, s)
            assert all(e.visible_to(s) for e in n.events)
            text = repr(n) + render_view_text(n.view)
            assert not [x for x in others if x in text], s
            for audience, secret in sent:
                if s not in audience:
                    assert secret not in text, (s, secret)
    everyone = [x for o in seats for x in secrets_of(scenario, o)] + [secret for _, secret in sent]
    for n in spectator:
        assert not [x for x in everyone if x in repr(n)]
        assert all(not e.audience for e in n.events)
