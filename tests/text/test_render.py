"""Rendering messages: arguments, refs, plurals, isolates, fallbacks, old saves' English strings, and the JSON form
a command log stores (checked strictly, like every other field of a command)."""

from __future__ import annotations

import pytest

from negotiator.game.commands import CommandError, EndTurn, Reject, command_from_dict, command_to_dict
from negotiator.model.names import ScenarioNames
from negotiator.model.registry import get_scenario
from negotiator.text import (
    FSI,
    PDI,
    Message,
    Ref,
    TextError,
    delegation,
    direction,
    issue,
    message_from_json,
    mid_sentence,
    option,
    render,
)


@pytest.fixture(scope="module")
def names() -> ScenarioNames:
    return ScenarioNames(get_scenario("water-and-crossings"))


def test_refs_render_as_the_scenarios_titles_mid_sentence(names: ScenarioNames) -> None:
    m = Message.of("bot.objection", issue=issue("water"), option=option("water", "plus-25"))
    assert render(m, "en", names) == "We cannot accept a quarter more for Palestinians on water allocation."


def test_mid_sentence_keeps_acronyms() -> None:
    assert mid_sentence("UN force") == "UN force"
    assert mid_sentence("Joint committee") == "joint committee"
    assert mid_sentence("") == ""


def test_plural_forms_follow_the_count() -> None:
    assert render(Message.of("history.count", n=1)) == "1 entry"
    assert render(Message.of("history.count", n=0)) == "0 entries"
    assert render(Message.of("history.count.filtered", shown=2, n=7)) == "2 of 7 entries"


def test_nested_messages_render_in_the_same_language(names: ScenarioNames) -> None:
    line = Message.of("log.accept", who=delegation("israel"), ref="p2")
    m = Message.of("log.with-reason", line=line, reason=Message("bot.mediator.accept"))
    assert render(m, "en", names) == (
        "Israeli delegation accepted p2: We can support this text and will help carry it out."
    )


def test_arguments_in_right_to_left_sentences_are_isolated(names: ScenarioNames) -> None:
    fsi, pdi = FSI, PDI
    m = Message.of("log.accept", who=delegation("israel"), ref="p2")
    assert direction("he") == "rtl" and direction("en") == "ltr"
    for lang in ("he", "ar"):
        text = render(m, lang, names)
        title = names.name(
            delegation("israel"), lang
        )  # the scenario's translation (water-and-crossings.he.toml)
        assert title != "Israeli delegation"
        assert f"{fsi}p2{pdi}" in text and f"{fsi}{title}{pdi}" in text, text
    assert fsi not in render(m, "en", names)
    # Hebrew words inside an English sentence are isolated too (a person's own words)
    assert f"{fsi}שלום{pdi}" in render(Message.of("log.with-reason", line="x", reason="שלום"), "en")


def test_unknown_ids_and_broken_arguments_show_the_id_never_crash() -> None:
    assert render(Message.of("no.such-message", x=1)) == "[no.such-message: x=1]"
    # a template naming an argument the message lacks falls back to showing the id
    assert render(Message("bot.objection")).startswith("[bot.objection")
    assert render(Message("bot.trade.open"), "xx") == render(Message("bot.trade.open"), "en")


def test_a_persons_words_and_old_english_reasons() -> None:
    assert render("more water, civilian terminals", "he") == "more water, civilian terminals"
    old = "We sign and will help carry the agreement out."  # a bot's reason in a game saved before messages
    assert render(old, "en") == old
    assert render(old, "he") == render(Message("bot.supporter.sign"), "he")


def test_json_round_trip_and_strict_parsing() -> None:
    m = Message.of(
        "log.with-reason", line=Message.of("log.accept", who=delegation("israel"), ref="p1"), reason="ok", n=3
    )
    assert message_from_json(m.to_json()) == m
    assert m.to_json()["args"]["line"]["args"]["who"] == ["delegation", "israel"]
    for bad in (
        "x",
        {"id": "Bad Id"},
        {"id": "a", "args": {"x": ["planet", "mars"]}},
        {"id": "a", "args": {"x": ["option", "only-one"]}},
        {"id": "a", "args": {"X": 1}},
        {"id": "a", "args": {"x": float("nan")}},
        {"id": "a", "extra": 1},
        {
            "id": "a",
            "args": {
                "x": {
                    "id": "b",
                    "args": {"y": {"id": "c", "args": {"z": {"id": "d", "args": {"w": {"id": "e"}}}}}},
                }
            },
        },
    ):
        with pytest.raises(TextError):
            message_from_json(bad)


def test_commands_carry_messages_through_their_dict_form() -> None:
    cmd = Reject(
        "palestine",
        "p1",
        ("water",),
        reason=Message.of("bot.objection", issue=issue("water"), option=option("water", "plus-25")),
    )
    assert command_from_dict(command_to_dict(cmd)) == cmd
    assert command_from_dict(command_to_dict(EndTurn("israel", reason="typed words"))).reason == "typed words"
    with pytest.raises(CommandError, match=r"EndTurn\.reason"):
        command_from_dict({"type": "end-turn", "seat": "israel", "reason": {"id": "BAD"}})


def test_ref_kinds() -> None:
    assert Ref("issue", ("water",)) == issue("water")
