"""What the screen says about a view: issue states on the board, sentences in the log, the brief in words."""

from __future__ import annotations

from negotiator.game.commands import EndTurn, Reject, TableProposal
from negotiator.game.rules import apply, new_game
from negotiator.game.setup import GameSetup, SeatSetup
from negotiator.game.views import view_for
from negotiator.model.registry import get_scenario
from negotiator.ui.viewmodel import entry_sentence, issue_rows

SC = "water-and-crossings"


def play(*commands):  # type: ignore[no-untyped-def]
    sc = get_scenario(SC)
    setup = GameSetup(SC, (SeatSetup("israel", "human"), SeatSetup("palestine", "human")), 1, "hotseat")
    s = new_game(sc, setup)
    for c in commands:
        s, _ = apply(s, c)
    return sc, s


def test_issue_states_follow_offers_and_objections() -> None:
    a = (("water", "plus-25"), ("crossings", "civilian"), ("permits", "raised"), ("committee", "liaison"))
    b = (("water", "plus-50"), ("crossings", "civilian"), ("permits", "raised"), ("committee", "binding"))
    sc, s = play(EndTurn("israel"), EndTurn("palestine"), TableProposal("israel", a))
    rows = {r.issue_id: r for r in issue_rows(sc, view_for(s, "palestine"))}
    assert rows["water"].on_table == "A quarter more for Palestinians"
    assert rows["water"].theirs == "A quarter more for Palestinians" and rows["water"].mine == "—"
    assert all(r.state == "open" for r in rows.values())
    s, _ = apply(s, Reject("palestine", "p1", ("water", "committee")))
    s, _ = apply(s, TableProposal("palestine", b))
    rows = {r.issue_id: r for r in issue_rows(sc, view_for(s, "israel"))}
    assert rows["water"].state == "blocked" and rows["committee"].state == "blocked"
    assert (
        rows["crossings"].state == "agreed" and rows["permits"].state == "agreed"
    )  # both sides' offers agree
    assert "objected" in rows["water"].why


def test_log_sentences_name_the_delegation_and_the_words() -> None:
    sc = get_scenario(SC)
    assert (
        entry_sentence(sc, "reject", "palestine", "p1", "Not enough water")
        == "Palestinian delegation rejected p1: Not enough water"
    )
    assert entry_sentence(sc, "event", "", "heatwave", "").startswith("News: Heatwave dries the taps.")
    assert "“" in entry_sentence(sc, "statement", "israel", "security-first", "")
