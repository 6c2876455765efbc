"""Whatever mix of moves, undos and storage failures happens, once the disk works again the store equals the log."""

from __future__ import annotations

from flaky_storage import FlakyStorage
from hypothesis import given, settings
from hypothesis import strategies as st
from toy_rules import Bid, ToyRules, toy_setup

from negotiator.model.errors import NegotiatorError
from negotiator.model.schema import Scenario
from negotiator.session.session import Session

actions = st.lists(
    st.one_of(
        st.tuples(st.just("bid"), st.integers(0, 4)),
        st.tuples(st.just("undo"), st.just(0)),
        st.tuples(st.just("break"), st.booleans()),
        st.tuples(st.just("ghost-writes"), st.booleans()),
        st.tuples(st.just("retry"), st.just(0)),
    ),
    max_size=40,
)


@settings(max_examples=200, deadline=None)
@given(actions=actions)
def test_store_converges_to_the_log(teaching_scenario: Scenario, actions: list[tuple[str, int]]) -> None:
    rules, flaky = ToyRules(), FlakyStorage()
    session = Session.start(teaching_scenario, toy_setup(), storage=flaky, rules=rules)
    for kind, arg in actions:
        wrote = False
        if kind == "bid":
            seat = session.whose_turn() or "israel"
            try:
                session.submit(Bid(seat, arg))
                wrote = True
            except NegotiatorError:
                pass  # illegal bids (0, 4, after the end) change nothing
        elif kind == "undo" and session.can_undo:
            session.undo()
            wrote = True
        elif kind == "break":
            flaky.broken = bool(arg)
        elif kind == "ghost-writes":
            flaky.commit_then_fail = bool(arg)
        elif kind == "retry":
            session.retry_save()
            wrote = True
        status = session.save_status
        assert status.saved == (status.unsaved == 0)
        if wrote and not flaky.broken:
            assert status.saved  # every write catches up with everything pending
        if wrote and flaky.broken and kind != "retry":
            assert not status.saved  # a change that could not be stored is never reported as saved
    flaky.broken = False
    assert session.retry_save().save.saved
    saved = flaky.load_game(session.game_id)
    assert [r.payload for r in saved.commands] == [rules.encode(c) for c in session.commands]
    again = Session.resume(flaky, session.game_id, rules=rules, scenarios=lambda _id: teaching_scenario)
    assert rules.state_hash(again.state) == rules.state_hash(session.state)
