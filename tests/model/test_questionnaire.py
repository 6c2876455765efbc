"""The learning questionnaire in a scenario: it loads when sound, a broken one gives one-line errors naming the
question and the fix, and answers are checked before they are saved."""

from __future__ import annotations

import tomllib
from typing import Any

import pytest

from negotiator.model.errors import ScenarioError
from negotiator.model.loader import scenario_from_dict
from negotiator.model.questionnaire import answer_words, check_answer, questions_for
from negotiator.model.registry import scenario_path

QUESTIONNAIRE: dict[str, Any] = {
    "intro": "A few questions before and after the game; answers are optional.",
    "questions": [
        {
            "id": "live-with",
            "text": "Which water arrangement could both sides live with?",
            "kind": "choice",
            "options": ["Today's quotas", "A quarter more", "Needs-based sharing"],
        },
        {
            "id": "other-needs",
            "text": "What does the other side need most?",
            "kind": "choices",
            "options": ["Water", "Security at the crossings", "Work permits"],
        },
        {
            "id": "confident",
            "text": "How sure are you?",
            "kind": "scale",
            "low": "not at all",
            "high": "very",
        },
        {"id": "lesson", "text": "What surprised you?", "kind": "text", "when": ["after"]},
    ],
}


def water_with(questionnaire: dict[str, Any]) -> dict[str, Any]:
    data = tomllib.loads(scenario_path("water-and-crossings").read_text(encoding="utf-8"))
    data["questionnaire"] = questionnaire
    return data


def test_a_sound_questionnaire_loads_and_splits_by_stage() -> None:
    s = scenario_from_dict(water_with(QUESTIONNAIRE), "water.toml")
    assert [q.id for q in questions_for(s, "before")] == ["live-with", "other-needs", "confident"]
    assert [q.id for q in questions_for(s, "after")] == ["live-with", "other-needs", "confident", "lesson"]


@pytest.mark.parametrize(
    ("change", "path", "words"),
    [
        (
            lambda q: q["questions"][0].update(options=["Only one"]),
            "questionnaire.questions[live-with].options",
            "needs at least 2 options",
        ),
        (
            lambda q: q["questions"][2].update(options=["a", "b"]),
            "questionnaire.questions[confident].options",
            "has no options",
        ),
        (
            lambda q: q["questions"][1].update(id="live-with"),
            "questionnaire.questions[live-with]",
            "used more than once",
        ),
        (
            lambda q: q["questions"][3].update(when=["during"]),
            "questionnaire.questions[lesson].when[0]",
            "is not allowed",
        ),
        (
            lambda q: q["questions"][0].update(low="no"),
            "questionnaire.questions[live-with].low",
            "only a scale",
        ),
    ],
)
def test_a_broken_questionnaire_names_the_question_and_the_fix(change, path: str, words: str) -> None:  # type: ignore[no-untyped-def]
    import copy

    q = copy.deepcopy(QUESTIONNAIRE)
    change(q)
    with pytest.raises(ScenarioError) as caught:
        scenario_from_dict(water_with(q), "water.toml")
    lines = [str(p.line()) for p in caught.value.problems]
    assert any(line.startswith(f"water.toml: {path}: ") and words in line for line in lines), lines


def test_answers_are_checked() -> None:
    s = scenario_from_dict(water_with(QUESTIONNAIRE), "water.toml")
    choice, choices, scale, text = s.questionnaire.questions  # type: ignore[union-attr]
    assert check_answer(choice, 2) == 2 and answer_words(choice, 2) == "Needs-based sharing"
    assert check_answer(choices, [2, 0]) == [0, 2] and answer_words(choices, [0, 2]) == "Water; Work permits"
    assert check_answer(scale, 5) == 5
    assert check_answer(text, "  trade water for crossings ") == "trade water for crossings"
    assert check_answer(text, "   ") is None and check_answer(choice, None) is None
    for q, bad in (
        (choice, 3),
        (choice, True),
        (choices, [0, 0]),
        (choices, [7]),
        (scale, 0),
        (scale, 2.5),
        (text, "x" * 1001),
        (text, 3),
    ):
        with pytest.raises(ValueError, match=f"answer to '{q.id}'"):
            check_answer(q, bad)
