"""The scenario editor's forms added for the trainer (issue 15 item 1) and its refusal to save a broken scenario
(Save shows the problems, each opening its field, and writes nothing; the work can be kept only as a draft that
``negotiator validate`` names as a draft). Every form is driven through its widget, and what it wrote is read back
with the real loader."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt

from negotiator.model.loader import load_scenario
from negotiator.model.registry import scenario_path
from negotiator.ui.editor.document import EditorError, ScenarioDocument
from tests.ui.test_editor import problem_texts, set_cell


def _editor(qtbot):  # type: ignore[no-untyped-def]
    from negotiator.ui.editor.window import EditorWindow

    doc = ScenarioDocument.open(scenario_path("water-and-crossings"))
    w = EditorWindow(doc)
    qtbot.addWidget(w)
    w.show()
    return w, doc


def _type(edit, text: str) -> None:  # type: ignore[no-untyped-def]
    edit.setText(text)
    edit.editingFinished.emit()


def test_save_refuses_a_broken_scenario_and_keeps_only_a_draft(qtbot, tmp_path: Path, capsys) -> None:  # type: ignore[no-untyped-def]
    from negotiator.cli import main

    w, doc = _editor(qtbot)
    target = tmp_path / "class.toml"
    assert w._save_to(target)  # a sound scenario saves
    good = target.read_text(encoding="utf-8")
    assert w.refusal is None

    # Break it: points above 100. Save writes nothing and shows the problem, linked to its field.
    w.delegation.setCurrentIndex(w.delegation.findData("israel"))
    set_cell(w.points, ("crossings", "civilian"), 2, "150")
    assert not w.save()
    assert target.read_text(encoding="utf-8") == good
    assert not (tmp_path / "class.toml.bak").exists()  # nothing written, not even the backup
    refusal = w.refusal
    assert refusal is not None and refusal.isVisible()
    lines = [refusal.problems.item(k).text() for k in range(refusal.problems.count())]
    assert lines[0].startswith("delegations[israel].points.crossings.civilian: 150 is out of range")
    w.tabs.setCurrentIndex(0)
    refusal._go(refusal.problems.item(0))  # a click opens the field
    assert w.tabs.currentWidget() is w.delegation_tab and w.delegation_pages.currentIndex() == 0
    assert w.points.item(w.points.currentRow(), 0).data(Qt.ItemDataRole.UserRole) == ("crossings", "civilian")

    # The one way to keep the broken work: a draft beside it, which validate names as a draft.
    qtbot.mouseClick(refusal.draft, Qt.MouseButton.LeftButton)
    draft = tmp_path / "class.draft.toml"
    assert "civilian = 150" in draft.read_text(encoding="utf-8")
    assert target.read_text(encoding="utf-8") == good
    assert doc.path == target and doc.modified  # Save still means the scenario, still unsaved
    with pytest.raises(EditorError, match="draft's name"):
        doc.save(draft)  # never a scenario under a draft's name
    capsys.readouterr()
    assert main(["validate", str(draft)]) == 1
    out = capsys.readouterr().out
    assert "is a DRAFT saved by the scenario editor" in out
    assert "delegations[israel].points.crossings.civilian: 150 is out of range" in out

    # A draft reopened saves, once fixed, as the scenario beside it.
    reopened = ScenarioDocument.open(draft)
    assert reopened.path == target and reopened.problems()
    reopened.edit("fix", lambda d: d["delegations"][0]["points"]["crossings"].__setitem__("civilian", 95))
    assert not reopened.problems()
    assert reopened.save() == target
    assert load_scenario(target).delegation("israel").points["crossings"]["civilian"] == 95


def test_delegation_identity_and_briefs(qtbot, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    w, doc = _editor(qtbot)
    w.delegation.setCurrentIndex(w.delegation.findData("palestine"))
    _type(w.deleg_fields["office"], "Head of the Palestinian water authority")
    role = w.deleg_fields["role"]
    persona = w.deleg_fields["default_persona"]
    persona.setCurrentIndex(persona.findData("reciprocator"))
    original = w.brief.toPlainText()
    w.brief.setPlainText("")
    qtbot.waitUntil(lambda: problem_texts(w)[0].startswith("delegations[palestine].brief"), timeout=5000)
    assert w.go_to("delegations[palestine].brief") is w.brief and w.delegation_pages.currentIndex() == 1
    w.brief.setPlainText("The Palestinian delegation wants a fair share of the water.")
    # the loader holds the brief to its red lines: a red line's words must stay in it
    qtbot.waitUntil(
        lambda: problem_texts(w)[0].startswith("delegations[palestine].red_lines[0].says"), timeout=5000
    )
    w.brief.setPlainText("The Palestinian delegation wants a fair share of the water. " + original)
    qtbot.waitUntil(lambda: problem_texts(w)[0].startswith("No problems"), timeout=5000)
    # A third party offers means.
    role.setCurrentIndex(role.findData("third-party"))
    w.means.setPlainText("A desalination plant\nA monitoring mission")
    qtbot.waitUntil(lambda: "monitoring mission" in doc.text(), timeout=5000)
    role.setCurrentIndex(role.findData("principal"))
    assert problem_texts(w)[0].startswith("No problems")
    target = tmp_path / "d.toml"
    assert w._save_to(target)
    p = load_scenario(target).delegation("palestine")
    assert p.office == "Head of the Palestinian water authority" and p.role == "principal"
    assert p.default_persona == "reciprocator"
    assert p.brief.startswith("The Palestinian delegation wants")
    assert p.means == ["A desalination plant", "A monitoring mission"]


def test_public_priorities_paradigms_and_who_they_are(qtbot, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    w, doc = _editor(qtbot)
    w.public.setCurrentIndex(w.public.findData("palestinian_public"))
    # the priority sits on the first row of its issue
    rows = [w.preferences.item(r, 0).data(Qt.ItemDataRole.UserRole) for r in range(w.preferences.rowCount())]
    first_crossing = next(k for k in rows if k[0] == "crossings")
    set_cell(w.preferences, first_crossing, 3, "250")
    assert problem_texts(w)[0].startswith("constituencies[palestinian_public].priorities.crossings")
    assert w.go_to("constituencies[palestinian_public].priorities.crossings") is w.preferences
    assert w.preferences.currentColumn() == 3
    set_cell(w.preferences, first_crossing, 3, "35")
    _type(w.opinion["paradigms.separation"], "0.8")
    _type(w.opinion["paradigms.one-state-unequal"], "9")
    assert problem_texts(w)[0].startswith("constituencies[palestinian_public].opinion.paradigms")
    assert w.go_to(problem_texts(w)[0].split(":")[0]) is w.opinion["paradigms.one-state-unequal"]
    _type(w.opinion["paradigms.one-state-unequal"], "-2")
    _type(w.public_fields["population"], "3100000")
    w.votes_in.setCurrentIndex(w.votes_in.findData("referendum"))
    assert problem_texts(w)[0].startswith("No problems")
    target = tmp_path / "p.toml"
    assert w._save_to(target)
    c = load_scenario(target).constituency("palestinian_public")
    assert c.priorities["crossings"] == 35
    assert c.opinion.paradigms == {"separation": 0.8, "one-state-unequal": -2.0}
    assert c.population == 3_100_000 and c.votes_in == "referendum" and c.answers_to == "palestine"
    # An emptied disposition goes back to none.
    _type(w.opinion["paradigms.separation"], "")
    _type(w.opinion["paradigms.one-state-unequal"], "")
    assert "paradigms" not in doc.doc["constituencies"][1]["opinion"]


def test_questionnaire_scenario_settings_issue_details_and_package_sources(qtbot, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    w, doc = _editor(qtbot)
    # The questionnaire: the shipped one is listed; add a question, make it a choice with one option (an error,
    # linked to its cell), then give it two options and ask it only after the debrief.
    q = w.questions
    assert q.table.rowCount() == 5
    w.tabs.setCurrentWidget(w.questionnaire_tab)
    qtbot.mouseClick(q.add, Qt.MouseButton.LeftButton)
    assert q.table.rowCount() == 6
    col = {c.field: k for k, c in enumerate(q.columns)}
    q.table.item(5, col["text"]).setText("Who gave way first?")
    q.table.item(5, col["low"]).setText("")
    q.table.item(5, col["high"]).setText("")
    q.table.item(5, col["kind"]).setText("choice")
    q.table.item(5, col["options"]).setText("Israel")
    assert problem_texts(w)[0].startswith("questionnaire.questions[question-6].options")
    w.tabs.setCurrentIndex(0)
    assert w.go_to("questionnaire.questions[question-6].options") is q.table
    assert w.tabs.currentWidget() is w.questionnaire_tab and q.table.currentRow() == 5
    q.table.item(5, col["options"]).setText("Israel | Palestine | Neither")
    q.table.item(5, col["when"]).setText("after")
    w.q_intro.setPlainText("Five minutes before and after, ungraded.")
    qtbot.waitUntil(lambda: "ungraded" in doc.text(), timeout=5000)
    # Scenario settings.
    _type(w.scenario_fields["scenario.version"], "2")
    _type(w.scenario_fields["scenario.as_of"], "2024-13")
    assert problem_texts(w)[0].startswith("scenario.as_of")
    _type(w.scenario_fields["scenario.as_of"], "2024-07")
    _type(w.scenario_fields["rules.events_per_round"], "1")
    # An issue's description and paradigm weight; an option's excluded paradigms.
    w.issue_tree.topLevelItem(0).setText(
        3, "How the shared aquifers are divided."
    )  # each edit refills the tree
    w.issue_tree.topLevelItem(0).setText(4, "2")
    w.issue_tree.topLevelItem(0).child(0).setText(4, "one-state-equal")
    # A reference package's sources.
    pk = w.records["packages"]
    pcol = next(k for k, c in enumerate(pk.columns) if c.field == "sources")
    pk.table.item(1, pcol).setText("cbs-2024, pcbs-2024")
    assert problem_texts(w)[0].startswith("No problems")
    target = tmp_path / "q.toml"
    assert w._save_to(target)
    s = load_scenario(target)
    assert s.questionnaire is not None and s.questionnaire.intro == "Five minutes before and after, ungraded."
    new = s.questionnaire.questions[-1]
    assert (new.id, new.kind, new.options, new.when) == (
        "question-6",
        "choice",
        ["Israel", "Palestine", "Neither"],
        ["after"],
    )
    assert new.low is None and new.high is None
    assert s.scenario.version == 2 and s.scenario.as_of == "2024-07" and s.rules.events_per_round == 1.0
    assert (
        s.issues[0].description == "How the shared aquifers are divided."
        and s.issues[0].paradigm_weight == 2.0
    )
    assert s.issues[0].options[0].excludes == ["one-state-equal"]
    assert s.packages[1].sources == ["cbs-2024", "pcbs-2024"]
    # No questionnaire at all is a valid choice too.
    qtbot.mouseClick(w.drop_questionnaire, Qt.MouseButton.LeftButton)
    assert "questionnaire" not in doc.doc and problem_texts(w)[0].startswith("No problems")
    assert q.table.rowCount() == 0
