"""The optional learning questionnaire: checking a scenario's questions and the answers students give.

A scenario may carry ``[questionnaire]`` with up to 20 ``[[questionnaire.questions]]``, asked before the briefing,
after the debrief, or both (``when``). Asking the same question before and after is how a trainer sees what the game
taught (e.g. "which arrangements could each side live with?", "what does the other side need most?").

Answers are plain JSON values, checked by :func:`check_answer`: ``choice`` an option number (0-based), ``choices`` a
sorted list of distinct option numbers, ``scale`` an integer 1-5, ``text`` a string of at most
:data:`MAX_TEXT_ANSWER` characters. ``None`` means the student skipped the question (the questionnaire is optional).
"""

from __future__ import annotations

from collections import Counter

from negotiator.model.errors import Problem
from negotiator.model.public import PublicScenario
from negotiator.model.schema import Question, Scenario
from negotiator.text import Message

STAGES: tuple[str, ...] = ("before", "after")
MAX_TEXT_ANSWER = 1000
Answer = int | list[int] | str | None


def questionnaire_problems(s: Scenario, name: str) -> list[Problem]:
    """What is inconsistent in the scenario's questionnaire (empty when it has none or it is sound)."""
    q = s.questionnaire
    if q is None:
        return []
    problems: list[Problem] = []
    for dup in sorted(k for k, n in Counter(x.id for x in q.questions).items() if n > 1):
        problems.append(
            Problem(
                name,
                f"questionnaire.questions[{dup}]",
                Message.of("problem.id-twice", key=repr(dup)),
                Message.of("problem.fix.own-question-id"),
            )
        )
    for x in q.questions:
        path = f"questionnaire.questions[{x.id}]"
        if x.kind in ("choice", "choices") and len(x.options) < 2:
            problems.append(
                Problem(
                    name,
                    f"{path}.options",
                    Message.of("problem.question-few-options", kind=x.kind),
                    Message.of("problem.fix.add-options"),
                )
            )
        if x.kind in ("scale", "text") and x.options:
            problems.append(
                Problem(
                    name,
                    f"{path}.options",
                    Message.of("problem.question-no-options", kind=x.kind),
                    Message.of("problem.fix.no-options"),
                )
            )
        if x.kind != "scale" and (x.low is not None or x.high is not None):
            problems.append(
                Problem(
                    name,
                    f"{path}.low",
                    Message.of("problem.question-low-high"),
                    Message.of("problem.fix.remove-low-high"),
                )
            )
        if len(set(x.options)) != len(x.options):
            problems.append(
                Problem(
                    name,
                    f"{path}.options",
                    Message.of("problem.question-option-twice"),
                    Message.of("problem.fix.options-differ"),
                )
            )
        if not x.when or len(set(x.when)) != len(x.when):
            problems.append(
                Problem(
                    name,
                    f"{path}.when",
                    Message.of("problem.question-when"),
                    Message.of("problem.fix.question-when"),
                )
            )
    return problems


def questions_for(s: Scenario | PublicScenario, stage: str) -> list[Question]:
    """The questions asked at ``stage`` (``before`` or ``after``), in file order."""
    if s.questionnaire is None:
        return []
    return [x for x in s.questionnaire.questions if stage in x.when]


def check_answer(question: Question, value: object) -> Answer:
    """``value`` if it is a valid answer to ``question``; raises ValueError with one line saying what is wrong."""
    if value is None:
        return None
    where = f"answer to {question.id!r}"
    if question.kind == "choice":
        if isinstance(value, bool) or not isinstance(value, int) or not 0 <= value < len(question.options):
            raise ValueError(f"{where} should be an option number 0-{len(question.options) - 1}")
        return value
    if question.kind == "choices":
        if not isinstance(value, list) or any(
            isinstance(v, bool) or not isinstance(v, int) or not 0 <= v < len(question.options) for v in value
        ):
            raise ValueError(f"{where} should be a list of option numbers 0-{len(question.options) - 1}")
        if len(set(value)) != len(value):
            raise ValueError(f"{where} names an option twice")
        return sorted(value)
    if question.kind == "scale":
        if isinstance(value, bool) or not isinstance(value, int) or not 1 <= value <= 5:
            raise ValueError(f"{where} should be a whole number from 1 to 5")
        return value
    if not isinstance(value, str) or len(value) > MAX_TEXT_ANSWER:
        raise ValueError(f"{where} should be text of at most {MAX_TEXT_ANSWER} characters")
    return value.strip() or None


def answer_words(question: Question, value: Answer) -> str:
    """An answer as a person reads it (the option's words, not its number); empty when skipped."""
    if value is None:
        return ""
    if question.kind == "choice" and isinstance(value, int):
        return question.options[value]
    if question.kind == "choices" and isinstance(value, list):
        return "; ".join(question.options[v] for v in value)
    return str(value)
