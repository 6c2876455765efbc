"""The per-class CSV of the learning questionnaire: each student's answer before the game and after it.

Qt-free (``negotiator report --answers-csv``). One row per game, delegation and question, with the answer before the
briefing, the answer after the debrief (in words, not option numbers) and whether it changed; a question asked at
only one stage leaves the other empty. Answers are saved by :meth:`SaveDatabase.save_answers` as JSON checked by
:func:`negotiator.model.questionnaire.check_answer`; one that no longer fits the scenario's question (the scenario
was edited since) is shown as written, marked ``(no longer fits the question)``.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterable, Sequence
from typing import Any

from negotiator.model.questionnaire import Answer, answer_words, check_answer
from negotiator.model.schema import Question

COLUMNS: tuple[str, ...] = (
    "game",
    "scenario",
    "delegation",
    "question",
    "question_text",
    "kind",
    "before",
    "after",
    "changed",
)


def encode_answer(question: Question, value: object) -> str:
    """A checked answer as the JSON text the store keeps (raises ValueError with one line if it does not fit)."""
    return json.dumps(check_answer(question, value), ensure_ascii=False, separators=(",", ":"))


def _words(question: Question, text: str | None) -> tuple[str, Answer]:
    if text is None:
        return "", None
    try:
        value = check_answer(question, json.loads(text))
    except ValueError:
        return f"{text} (no longer fits the question)", None
    return answer_words(question, value), value


def answer_rows(game: Any, answers: Sequence[tuple[str, str, str, str]]) -> list[dict[str, str]]:
    """The rows of one game from its stored answers (seat, stage, question id, answer JSON)."""
    scenario = game.scenario
    if scenario.questionnaire is None:
        return []
    stored = {(seat, stage, qid): text for seat, stage, qid, text in answers}
    seats = sorted({seat for seat, _, _ in stored})
    rows = []
    for seat in seats:
        for q in scenario.questionnaire.questions:
            before, b = _words(q, stored.get((seat, "before", q.id)))
            after, a = _words(q, stored.get((seat, "after", q.id)))
            if not before and not after:
                continue
            both = (seat, "before", q.id) in stored and (seat, "after", q.id) in stored
            rows.append(
                {
                    "game": game.saved.header.game_id,
                    "scenario": scenario.id,
                    "delegation": seat,
                    "question": q.id,
                    "question_text": q.text,
                    "kind": q.kind,
                    "before": before,
                    "after": after,
                    "changed": ("yes" if a != b else "no") if both else "",
                }
            )
    return rows


def answers_csv(games: Iterable[tuple[Any, Sequence[tuple[str, str, str, str]]]]) -> str:
    """The CSV text of (game, its stored answers) pairs, header first."""
    buf = io.StringIO()
    writer = csv.DictWriter(buf, fieldnames=list(COLUMNS), lineterminator="\n")
    writer.writeheader()
    for game, answers in games:
        writer.writerows(answer_rows(game, answers))
    return buf.getvalue()
