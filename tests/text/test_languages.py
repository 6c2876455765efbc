"""A game holds no words: its log and hashes are the same whatever language anyone reads it in, a game saved in
English reads in Hebrew and Arabic, and a game saved before messages existed (English reasons in the log) still
loads, verifies and reads sensibly."""

from __future__ import annotations

import dataclasses
import json
from pathlib import Path

import pytest

from negotiator.ai.simulate import play_ai_game
from negotiator.game.replay import GameRecord, replay, transcript_digest
from negotiator.game.sentences import entry_message
from negotiator.game.setup import default_setup
from negotiator.game.state import state_hash
from negotiator.model.names import ScenarioNames
from negotiator.model.registry import get_scenario
from negotiator.session.log import load
from negotiator.session.standard import StandardRules
from negotiator.store.database import SaveDatabase
from negotiator.store.recorder import save_log, save_record
from negotiator.store.transcript import moves
from negotiator.text import LANGUAGES, Message, render

SCRIPT = {"he": range(0x0590, 0x0600), "ar": range(0x0600, 0x0700)}


def written_in(text: str, lang: str) -> bool:
    return any(ord(ch) in SCRIPT[lang] for ch in text)


@pytest.fixture(scope="module")
def game() -> GameRecord:
    sc = get_scenario("water-and-crossings")
    return play_ai_game(
        sc, default_setup(sc, seed=4, personas={"israel": "hard-liner", "palestine": "reciprocator"})
    )


def test_the_log_holds_ids_not_words_and_the_digest_is_the_same_in_every_language(game: GameRecord) -> None:
    before = (transcript_digest(game), state_hash(game.final_state))
    log = json.dumps(game.to_dict())
    assert "We " not in log  # no English sentence in what is hashed and stored
    for c in game.to_dict()["commands"]:  # type: ignore[attr-defined]
        assert isinstance(c["reason"], dict) and c["reason"]["id"], c
    names = ScenarioNames(get_scenario("water-and-crossings"))
    rendered = {
        lang: [
            render(entry_message(e.kind, e.seat, e.ref, e.reason), lang, names)
            for e in game.final_state.transcript
        ]
        for lang in LANGUAGES
    }
    assert rendered["en"] != rendered["he"] != rendered["ar"]
    assert (transcript_digest(game), state_hash(game.final_state)) == before
    again = replay(get_scenario("water-and-crossings"), game.setup, game.commands)
    assert state_hash(again) == before[1]


def test_a_game_saved_in_english_reads_in_hebrew_and_arabic(game: GameRecord, tmp_path: Path) -> None:
    sc = get_scenario("water-and-crossings")
    with SaveDatabase.open(tmp_path / "saves.db") as db:
        game_id = save_record(db, sc, game)
        loaded = load(StandardRules(), db.load_game(game_id), lambda _id: sc)
    english = moves(loaded, "public", "en")
    assert english[0].reason == "We have studied our brief and are ready to begin."
    for lang in ("he", "ar"):
        rows = moves(loaded, "public", lang)
        assert len(rows) == len(english)
        for row in rows:
            assert written_in(row.text, lang), (lang, row.text)
            assert not row.reason or written_in(row.reason, lang), (lang, row.reason)
            assert "[" not in row.text + row.reason, (lang, row)  # no id shown for want of an entry


def test_a_game_saved_before_messages_still_loads_and_reads(game: GameRecord, tmp_path: Path) -> None:
    sc = get_scenario("water-and-crossings")
    names = ScenarioNames(sc)
    # the old format: every bot reason stored as the English sentence
    old = tuple(
        dataclasses.replace(c, reason=render(c.reason, "en", names)) if isinstance(c.reason, Message) else c
        for c in game.commands
    )
    final = replay(sc, game.setup, old)
    with SaveDatabase.open(tmp_path / "old.db") as db:
        game_id = save_log(db, sc, game.setup, old, state_hash(final))
        loaded = load(StandardRules(), db.load_game(game_id), lambda _id: sc)  # replays and checks every hash
    assert [type(c) for c in loaded.commands] == [type(c) for c in game.commands]
    english = moves(loaded, "public", "en")
    assert english[0].reason == "We have studied our brief and are ready to begin."
    hebrew = moves(loaded, "public", "he")
    assert all(written_in(row.text, "he") for row in hebrew)  # the record's own sentences: always translated
    # every old bot sentence is recognised (word for word, or by its template and the scenario's titles) and shown
    # in Hebrew exactly as the message it came from would be
    assert hebrew[0].reason == render(Message("bot.delegation.ready"), "he")
    for h, c in zip(hebrew, game.commands, strict=True):
        assert h.reason == render(c.reason, "he", names), (h.reason, c.reason)
    # a sentence that is not a bot's (a person's words) is shown as saved
    assert render("We cannot accept this at all.", "he", names) == "We cannot accept this at all."
