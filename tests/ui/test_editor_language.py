"""The editor's Undo and Redo entries and its problems panel in the window's language (issue 14): each undo step is a
catalogue entry naming issues, options, delegations and publics by the scenario's own titles in that language, and
each problem is the loader's line in that language, with no message id and no English sentence left; in English they
read as the trainer typed them."""

from __future__ import annotations

import re

import pytest
from PySide6.QtWidgets import QApplication

from negotiator.model.loader import load_scenario
from negotiator.model.names import ScenarioNames
from negotiator.model.registry import scenario_path
from negotiator.text import delegation, option
from negotiator.ui import language
from negotiator.ui.editor.document import ScenarioDocument
from tests.ui.test_editor import problem_texts, set_cell

LETTERS = {"he": re.compile("[\u0590-\u05ff]"), "ar": re.compile("[\u0600-\u06ff]")}
BARE = re.compile("\u2068[^\u2069]*\u2069")


def _steps(w) -> list[str]:  # type: ignore[no-untyped-def]
    """Make a few edits of different kinds; the Undo entry's text after each."""
    out = []
    w.delegation.setCurrentIndex(w.delegation.findData("israel"))
    set_cell(w.points, ("crossings", "civilian"), 2, "60")  # points of a delegation for an option
    out.append(w.act_undo.text())
    w.walk_away.setValue(w.walk_away.value() + 1)  # a delegation's walk-away value
    w.walk_away.editingFinished.emit()
    out.append(w.act_undo.text())
    w.title_edit.setText("Water, crossings and a committee")  # a scenario field
    w.title_edit.editingFinished.emit()
    out.append(w.act_undo.text())
    set_cell(w.points, ("crossings", "civilian"), 2, "150")  # a problem too
    out.append(w.act_undo.text())
    return out


@pytest.mark.parametrize("lang", ["he", "ar"])
def test_undo_entries_and_problems_in_hebrew_and_arabic(qtbot, lang: str) -> None:  # type: ignore[no-untyped-def]
    from negotiator.ui.editor.window import EditorWindow

    app = QApplication.instance()
    assert isinstance(app, QApplication)
    try:
        language.set_language(lang, app)
        w = EditorWindow(ScenarioDocument.open(scenario_path("water-and-crossings")))
        qtbot.addWidget(w)
        w.show()
        texts = _steps(w)
        names = ScenarioNames(load_scenario(scenario_path("water-and-crossings")))
        israel = names.name(delegation("israel"), lang)
        civilian = names.name(option("crossings", "civilian"), lang)
        assert israel != "Israel" and LETTERS[lang].search(israel)
        assert israel in texts[0] and civilian in texts[0], texts[0]
        assert israel in texts[1], texts[1]
        for text in texts:
            words = BARE.sub(" ", text)  # the names sit in isolates; the words around them are the language's
            assert LETTERS[lang].search(words) and not re.search("[A-Za-z]{2,}", words), text
            assert "[editor." not in text, text
        assert w.act_redo.text() and LETTERS[lang].search(w.act_redo.text())
        w.undo()
        assert LETTERS[lang].search(w.act_redo.text()) and not re.search(
            "[A-Za-z]{2,}", BARE.sub(" ", w.act_redo.text())
        )
        w.redo()
        lines = problem_texts(w)
        assert any("delegations[israel].points.crossings.civilian" in line for line in lines), lines
        for line in lines:
            assert "[problem." not in line and LETTERS[lang].search(line), line
            assert not re.search("[A-Za-z]{2,}", BARE.sub(" ", line)), line  # only ids and numbers, isolated
        assert LETTERS[lang].search(w.windowTitle()) and "scenario editor" not in w.windowTitle()
    finally:
        language.set_language("en", app)


def test_undo_entries_and_problems_in_english(qtbot) -> None:  # type: ignore[no-untyped-def]
    from negotiator.ui.editor.window import EditorWindow

    w = EditorWindow(ScenarioDocument.open(scenario_path("water-and-crossings")))
    qtbot.addWidget(w)
    w.show()
    texts = _steps(w)
    assert texts[0] == "&Undo points of Israeli delegation for Civilian terminals", texts
    assert texts[1] == "&Undo walk-away value of Israeli delegation"
    assert texts[2] == "&Undo title"
    want = (
        "delegations[israel].points.crossings.civilian: 150 is out of range (input should be less than or equal to "
        "100); use a value in range"
    )
    assert want in problem_texts(w)
    assert w.windowTitle().endswith("— Negotiator scenario editor")


def test_the_editors_refusals_in_hebrew_and_arabic() -> None:
    from negotiator.ui.editor.document import EditorError

    doc = ScenarioDocument.open(scenario_path("water-and-crossings"))
    with pytest.raises(EditorError) as exc:
        doc.save()  # a copy of a shipped scenario has nowhere to go yet
    assert str(exc.value) == "this is a copy of a shipped scenario: choose where to save it (Save as)"
    for lang in ("he", "ar"):
        said = exc.value.said_in(lang)
        assert LETTERS[lang].search(said) and not re.search("[A-Za-z]{2,}", said), said
    with pytest.raises(EditorError) as exc:
        doc.save(scenario_path("jerusalem"))
    assert str(exc.value).endswith("is never overwritten; save under another name or in another folder")
    assert LETTERS["he"].search(exc.value.said_in("he"))
