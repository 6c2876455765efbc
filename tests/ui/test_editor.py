"""The scenario editor, driven through its widgets: start from a copy of the teaching scenario, add an option, give
it points and public preferences, break a number and see the loader's error linked to the field, fix it, undo and
redo, see Save refuse the broken file, fill the forms added for trainers (office, a public's priority and paradigm
disposition, a question), save (atomically, with a backup, never over the shipped file); the saved file validates
(`negotiator validate`) and plays."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QTableWidget

from negotiator.model.loader import load_scenario
from negotiator.model.registry import scenario_path
from negotiator.ui.editor.document import EditorError, ScenarioDocument


def problem_texts(w) -> list[str]:  # type: ignore[no-untyped-def]
    return [w.problems.item(k).text() for k in range(w.problems.count())]


def set_cell(table: QTableWidget, key: tuple[str, str], column: int, text: str) -> None:
    for r in range(table.rowCount()):
        if table.item(r, 0).data(Qt.ItemDataRole.UserRole) == key:
            table.item(r, column).setText(text)  # as if typed: itemChanged commits the edit
            return
    raise AssertionError(f"no row for {key}")


def select_issue(w, issue_id: str) -> None:  # type: ignore[no-untyped-def]
    for k in range(w.issue_tree.topLevelItemCount()):
        item = w.issue_tree.topLevelItem(k)
        if item.data(1, Qt.ItemDataRole.UserRole) == issue_id:
            w.issue_tree.setCurrentItem(item)
            return
    raise AssertionError(issue_id)


def test_edit_a_copy_break_it_fix_it_save_it_and_play_it(qtbot, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    from negotiator.ui.editor.window import EditorWindow

    shipped = scenario_path("water-and-crossings")
    shipped_text = shipped.read_text(encoding="utf-8")
    doc = ScenarioDocument.open(shipped)
    assert doc.path is None and doc.shipped_source == shipped  # a copy: it cannot save over the original
    w = EditorWindow(doc)
    qtbot.addWidget(w)
    w.show()
    assert problem_texts(w) == ["No problems: the scenario validates and can be played."]
    assert "Nash point" in w.analysis.text() and "shipped scenario's id" in w.analysis.text()

    # Its own id and title.
    w.id_edit.setText("water-classroom")
    w.id_edit.editingFinished.emit()
    w.title_edit.setText("Water and Crossings (our class)")
    w.title_edit.editingFinished.emit()
    assert "shipped scenario's id" not in w.analysis.text()

    # Add an option: every delegation and public now lacks a number for it, and the problems say so.
    w.tabs.setCurrentIndex(1)
    select_issue(w, "water")
    w.new_option_id.setText("plus-35")
    w.new_option_title.setText("A third more, phased")
    qtbot.mouseClick(w.add_option, Qt.MouseButton.LeftButton)
    texts = problem_texts(w)
    assert any(
        t.startswith("delegations[israel].points.water.plus-35: this option has no points") for t in texts
    )
    assert any(t.startswith("constituencies[israeli_public].preferences.water.plus-35") for t in texts)
    assert "Fix the problems" in w.analysis.text()

    # Double-clicking a problem opens its field.
    k = next(
        i
        for i, t in enumerate(problem_texts(w))
        if t.startswith("delegations[palestine].points.water.plus-35")
    )
    w._on_problem_activated(w.problems.item(k))
    assert w.tabs.currentIndex() == 2 and w.current_delegation() == "palestine"
    assert w.points.item(w.points.currentRow(), 0).data(Qt.ItemDataRole.UserRole) == ("water", "plus-35")

    # Points for both delegations, preferences for both publics.
    set_cell(w.points, ("water", "plus-35"), 2, "70")
    w.delegation.setCurrentIndex(w.delegation.findData("israel"))
    set_cell(w.points, ("water", "plus-35"), 2, "80")
    w.tabs.setCurrentIndex(3)
    for cid, pref in (("israeli_public", "-0.1"), ("palestinian_public", "0.4")):
        w.public.setCurrentIndex(w.public.findData(cid))
        set_cell(w.preferences, ("water", "plus-35"), 2, pref)
    assert problem_texts(w) == ["No problems: the scenario validates and can be played."]

    # Break something: points above 100. The loader's one-line error names the field; the cell is shaded.
    w.tabs.setCurrentIndex(2)
    w.delegation.setCurrentIndex(w.delegation.findData("israel"))
    set_cell(w.points, ("crossings", "civilian"), 2, "150")
    texts = problem_texts(w)
    assert texts[0].startswith("delegations[israel].points.crossings.civilian: 150 is out of range")
    with pytest.raises(EditorError, match="choose where to save"):
        doc.save()  # a copy has nowhere to go until Save as
    # Save refuses a broken scenario: nothing is written, and the refusal lists the problem, linked to its cell.
    target = tmp_path / "class-water.toml"
    target.write_text("# an older version\n", encoding="utf-8")
    assert not w._save_to(target)
    assert target.read_text(encoding="utf-8") == "# an older version\n"
    assert w.refusal is not None and w.refusal.problems.item(0).text().startswith(
        "delegations[israel].points.crossings.civilian: 150 is out of range"
    )
    w.refusal.reject()

    # Undo and redo the breakage, then fix it by typing.
    w.undo()
    assert problem_texts(w)[0].startswith("No problems")
    w.redo()
    assert problem_texts(w)[0].startswith("delegations[israel].points.crossings.civilian")
    set_cell(w.points, ("crossings", "civilian"), 2, "95")
    assert problem_texts(w)[0].startswith("No problems")
    assert "can reach it" in w.analysis.text()

    # The forms added for trainers: a delegation's office, a public's priority and its disposition toward a
    # paradigm, a question asked after the debrief.
    w.delegation.setCurrentIndex(w.delegation.findData("palestine"))
    w.deleg_fields["office"].setText("Head of the Palestinian water authority")
    w.deleg_fields["office"].editingFinished.emit()
    w.public.setCurrentIndex(w.public.findData("israeli_public"))
    rows = [w.preferences.item(r, 0).data(Qt.ItemDataRole.UserRole) for r in range(w.preferences.rowCount())]
    set_cell(w.preferences, next(k for k in rows if k[0] == "water"), 3, "30")
    w.opinion["paradigms.separation"].setText("0.5")
    w.opinion["paradigms.separation"].editingFinished.emit()
    qtbot.mouseClick(w.questions.add, Qt.MouseButton.LeftButton)
    last = w.questions.table.rowCount() - 1
    w.questions.table.item(last, 6).setText("after")
    assert problem_texts(w)[0].startswith("No problems")
    qtbot.mouseClick(w.sample_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: w.sample.text().startswith("AI games"), timeout=60_000)
    assert " of 6 signed" in w.sample.text()

    # Never over the shipped file; atomically elsewhere, with a backup of what was there.
    with pytest.raises(EditorError, match="ships with Negotiator"):
        doc.save(shipped)
    assert shipped.read_text(encoding="utf-8") == shipped_text
    assert w._save_to(target)
    assert (tmp_path / "class-water.toml.bak").read_text(encoding="utf-8") == "# an older version\n"
    assert [p.name for p in tmp_path.iterdir() if p.name.endswith(".tmp")] == []

    # The saved file validates, keeps the trainer's comments, and plays to the end between two AI delegations.
    saved = load_scenario(target)
    assert saved.id == "water-classroom" and saved.scenario.title == "Water and Crossings (our class)"
    assert [o.id for o in saved.issue("water").options][-1] == "plus-35"
    assert saved.delegation("israel").points["water"]["plus-35"] == 80
    assert saved.delegation("israel").points["crossings"]["civilian"] == 95
    assert "# A small teaching scenario" in target.read_text(encoding="utf-8")
    assert saved.delegation("palestine").office == "Head of the Palestinian water authority"
    assert saved.constituency("israeli_public").priorities["water"] == 30
    assert saved.constituency("israeli_public").opinion.paradigms == {"separation": 0.5}
    assert saved.questionnaire is not None and saved.questionnaire.questions[-1].when == ["after"]
    from negotiator.cli import main

    assert main(["validate", str(target)]) == 0
    from negotiator.game.setup import default_setup
    from negotiator.session.session import Session

    session = Session.start(saved, default_setup(saved, seed=4, mode="ai"), storage=None)
    session.play_bots()
    assert session.progress.finished


def test_edit_command_opens_and_reports(tmp_path: Path, capsys) -> None:  # type: ignore[no-untyped-def]
    from negotiator.cli import main

    assert main(["edit", "water-and-crossings", "--exit-when-ready"]) == 0
    assert "editor ready: 0 problem(s)" in capsys.readouterr().err
    assert main(["edit", str(tmp_path / "missing.toml")]) == 1
    assert "file not found" in capsys.readouterr().err
    bad = tmp_path / "bad.toml"
    bad.write_text("[scenario\n", encoding="utf-8")
    assert main(["edit", str(bad)]) == 1
    assert "is not valid TOML" in capsys.readouterr().err


def test_events_packages_sources_and_tags(qtbot, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    from negotiator.ui.editor.window import EditorWindow

    doc = ScenarioDocument.open(scenario_path("water-and-crossings"))
    w = EditorWindow(doc)
    qtbot.addWidget(w)
    events = w.records["events"]
    assert events.table.rowCount() == 3
    # A new event: duplicate one (its effects come along), then give it its own words and a broken weight.
    events.table.setCurrentCell(0, 0)
    qtbot.mouseClick(events.duplicate, Qt.MouseButton.LeftButton)
    assert events.table.rowCount() == 4 and events.table.item(3, 0).text() == "heatwave-copy"
    events.table.item(3, 1).setText("A second dry summer")
    events.table.item(3, 4).setText("heavy")
    texts = problem_texts(w)
    assert texts[0].startswith("events[heatwave-copy].weight: should be a number"), texts
    w._on_problem_activated(w.problems.item(0))
    assert w.tabs.currentWidget() is events and events.table.currentRow() == 3
    events.table.item(3, 4).setText("0.5")
    assert problem_texts(w)[0].startswith("No problems")
    # A reference package naming an option that does not exist, then fixed.
    packages = w.records["packages"]
    col = next(c for c, x in enumerate(packages.columns) if x.field == "water")
    packages.table.item(1, col).setText("plus-99")
    assert any(t.startswith("packages[practical-deal].options.water") for t in problem_texts(w)), (
        problem_texts(w)
    )
    packages.table.item(1, col).setText("plus-50")
    assert problem_texts(w)[0].startswith("No problems")
    # Tags of an option, comma-separated.
    top = next(
        w.issue_tree.topLevelItem(k)
        for k in range(w.issue_tree.topLevelItemCount())
        if w.issue_tree.topLevelItem(k).data(1, Qt.ItemDataRole.UserRole) == "water"
    )
    top.child(1).setText(2, "more-water, phased")
    sources = w.records["sources"]
    sources.table.item(0, 5).setText("About 9.8 million residents at the end of 2023 (rounded).")
    target = tmp_path / "w.toml"
    assert w._save_to(target)
    saved = load_scenario(target)
    assert saved.events[-1].title == "A second dry summer"
    assert [e.id for e in saved.events][-1] == "heatwave-copy" and saved.events[-1].weight == 0.5
    assert saved.events[-1].effects == saved.events[0].effects
    assert saved.reference("practical-deal").options["water"] == "plus-50"
    assert saved.issue("water").options[1].tags == ["more-water", "phased"]
    assert saved.sources[0].note == "About 9.8 million residents at the end of 2023 (rounded)."
    w.undo()  # the source note
    assert (
        w.records["sources"].table.item(0, 5).text()
        != "About 9.8 million residents at the end of 2023 (rounded)."
    )


def test_the_start_screen_opens_the_editor_on_a_copy(player) -> None:  # type: ignore[no-untyped-def]
    w = player.w
    player.screen("start")
    ng = w.start.new_game
    ids = [ng.scenario_list.item(k).data(256) for k in range(ng.scenario_list.count())]
    ng.scenario_list.setCurrentRow(ids.index("water-and-crossings"))
    player.click(w.start.editor_button)
    player.until(lambda: w.editor_window is not None and w.editor_window.isVisible())
    editor = w.editor_window
    assert editor.doc.path is None and editor.doc.shipped_source == scenario_path("water-and-crossings")
    assert problem_texts(editor)[0].startswith("No problems")
    editor.close()


def test_red_lines_and_interactions(qtbot, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    from negotiator.ui.editor.window import EditorWindow

    doc = ScenarioDocument.open(scenario_path("water-and-crossings"))
    before = doc.text()
    w = EditorWindow(doc)
    qtbot.addWidget(w)
    assert doc.text() == before and not doc.modified  # showing the forms changes nothing
    w.delegation.setCurrentIndex(w.delegation.findData("palestine"))
    assert w.red_lines.table.rowCount() == 1 and w.red_lines.table.item(0, 0).text() == "water"
    # A second red line, first naming an option that does not exist, then a real one.
    qtbot.mouseClick(w.red_lines.add, Qt.MouseButton.LeftButton)
    assert w.red_lines.table.rowCount() == 2
    w.red_lines.table.item(1, 0).setText("crossings")
    w.red_lines.table.item(1, 1).setText("militry")
    assert any("militry" in t for t in problem_texts(w)), problem_texts(w)
    w.red_lines.table.item(1, 1).setText("military")
    assert problem_texts(w)[0].startswith("No problems"), problem_texts(w)
    # An interaction's bonus changed.
    w.interactions.table.item(0, 1).setText("10")
    target = tmp_path / "w.toml"
    assert w._save_to(target)
    saved = load_scenario(target).delegation("palestine")
    assert [(r.issue, r.options) for r in saved.red_lines][-1] == ("crossings", ["military"])
    assert saved.interactions[0].points == 10
    assert saved.interactions[0].when == {"crossings": "joint", "committee": "binding"}


def test_an_edit_that_would_not_read_back_is_refused() -> None:
    import tomlkit

    doc = ScenarioDocument.open(scenario_path("water-and-crossings"))
    before = doc.text()

    def broken(d) -> None:  # type: ignore[no-untyped-def]
        t = tomlkit.table()
        t["issue"] = "crossings"
        d["delegations"][1]["red_lines"].append(t)  # a table inside an inline array: not TOML when written

    with pytest.raises(EditorError, match="would not read back as TOML"):
        doc.edit("broken", broken)
    assert doc.text() == before and doc.undo_label is None


def test_scenario_metadata_and_trainer_note(qtbot, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    """The public brief (context), design notes and trainer note are edited in the Scenario tab; an emptied
    required text shows the loader's error live, and only the fixed text reaches the saved file."""
    from negotiator.ui.editor.window import EditorWindow

    doc = ScenarioDocument.open(scenario_path("water-and-crossings"))
    w = EditorWindow(doc)
    qtbot.addWidget(w)
    context = w.meta_texts["context"]
    assert context.toPlainText().startswith("Two technical delegations")
    assert w.meta_texts["trainer_note"].toPlainText() == ""  # the shipped file has none

    context.setPlainText("")
    qtbot.waitUntil(lambda: problem_texts(w)[0].startswith("scenario.context"), timeout=5000)
    assert w.go_to("scenario.context") is context

    context.setPlainText("Two delegations meet about water.")
    w.meta_texts["trainer_note"].setPlainText("Goal: logrolling. 40 minutes; ask who moved first.")
    w.meta_texts["design_notes"].setPlainText("All numbers are design choices.")
    qtbot.waitUntil(lambda: problem_texts(w)[0].startswith("No problems"), timeout=5000)
    qtbot.waitUntil(lambda: "trainer_note" in doc.text(), timeout=5000)
    target = tmp_path / "meta.toml"
    assert w._save_to(target)
    saved = load_scenario(target).scenario
    assert saved.context == "Two delegations meet about water."
    assert saved.trainer_note == "Goal: logrolling. 40 minutes; ask who moved first."
    assert saved.design_notes == "All numbers are design choices."

    # An emptied trainer note goes back to none (it is optional), and undo brings it back.
    w.meta_texts["trainer_note"].setPlainText("")
    qtbot.waitUntil(lambda: "trainer_note" not in doc.text(), timeout=5000)
    assert problem_texts(w)[0].startswith("No problems")
    w.undo()
    assert w.meta_texts["trainer_note"].toPlainText().startswith("Goal: logrolling")


def test_add_and_remove_issues_and_delegations(qtbot, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    """A whole issue and a whole delegation added and removed through the forms: every reference follows, or the
    loader's error says what still names the removed thing; only a valid scenario is saved, and it loads."""
    from negotiator.ui.editor.window import EditorWindow

    doc = ScenarioDocument.open(scenario_path("water-and-crossings"))
    w = EditorWindow(doc)
    qtbot.addWidget(w)
    w.tabs.setCurrentIndex(1)
    w.new_issue_id.setText("Schools!")  # not an id: refused, nothing changes
    qtbot.mouseClick(w.add_issue, Qt.MouseButton.LeftButton)
    assert doc.undo_label is None and "lowercase" in w.statusBar().currentMessage()
    w.new_issue_id.setText("schools")
    w.new_issue_title.setText("Schools and curricula")
    qtbot.mouseClick(w.add_issue, Qt.MouseButton.LeftButton)
    assert problem_texts(w)[0].startswith("No problems"), problem_texts(w)
    # It has points to give: every delegation's table lists its options.
    w.tabs.setCurrentIndex(2)
    set_cell(w.points, ("schools", "far"), 2, "40")

    # Removing an issue a delegation's brief leans on shows the validator's error; undo brings it all back.
    w.tabs.setCurrentIndex(1)
    select_issue(w, "water")
    qtbot.mouseClick(w.remove_issue, Qt.MouseButton.LeftButton)
    texts = problem_texts(w)
    assert texts[0].startswith("delegations[palestine].brief: the sentence"), texts
    assert not any("water" in t for t in texts)  # points, preferences, packages, red line: all gone with it
    w.undo()
    assert problem_texts(w)[0].startswith("No problems")

    # A third delegation, copied from Israel's; removing Palestine's leaves too few signatories (error, not saved).
    w.tabs.setCurrentIndex(2)
    w.delegation.setCurrentIndex(w.delegation.findData("israel"))
    w.new_delegation_id.setText("egypt")
    w.new_delegation_title.setText("Egyptian observers")
    qtbot.mouseClick(w.add_delegation, Qt.MouseButton.LeftButton)
    assert w.current_delegation() == "egypt"
    assert problem_texts(w)[0].startswith("No problems"), problem_texts(w)
    w.delegation.setCurrentIndex(w.delegation.findData("palestine"))
    qtbot.mouseClick(w.remove_delegation, Qt.MouseButton.LeftButton)
    assert any(t.startswith("rules.signatories: list should have at least 2") for t in problem_texts(w))
    w.undo()
    assert problem_texts(w)[0].startswith("No problems")

    target = tmp_path / "structure.toml"
    assert w._save_to(target)
    saved = load_scenario(target)
    assert [i.id for i in saved.issues][-1] == "schools"
    assert [o.id for o in saved.issue("schools").options] == ["today", "middle", "far"]
    assert saved.delegation("israel").points["schools"]["far"] == 40
    assert (
        saved.delegation("egypt").role == "third-party" and saved.delegation("palestine").role == "principal"
    )


def test_event_effects(qtbot, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    """An event's effects on the publics, edited below the events deck: an out-of-range mood shows the loader's
    error on that effect and is fixed before saving; an added effect is saved and loads."""
    from negotiator.ui.editor.window import EditorWindow

    doc = ScenarioDocument.open(scenario_path("water-and-crossings"))
    w = EditorWindow(doc)
    qtbot.addWidget(w)
    w.tabs.setCurrentWidget(w.records["events"])
    assert w.effects.table.rowCount() == 0  # no event selected yet
    w.records["events"].table.setCurrentCell(1, 0)  # the crossing incident
    assert w.effects.table.rowCount() == 2
    assert w.effects.table.item(0, 0).text() == "israeli_public"

    w.effects.table.item(0, 1).setText("-3")  # mood is a shift between -1 and 1
    texts = problem_texts(w)
    assert texts[0].startswith("events[crossing-incident].effects[0].mood: -3.0 is out of range"), texts
    assert w.effects.table.item(0, 1).background().color().alpha() > 0  # the cell is shaded
    w.effects.table.item(0, 1).setText("-0.12")
    assert problem_texts(w)[0].startswith("No problems")

    qtbot.mouseClick(w.effects.add, Qt.MouseButton.LeftButton)
    assert w.effects.table.rowCount() == 3
    w.effects.table.item(2, 3).setText("0.05")
    assert problem_texts(w)[0].startswith("No problems"), problem_texts(w)
    target = tmp_path / "effects.toml"
    assert w._save_to(target)
    event = next(e for e in load_scenario(target).events if e.id == "crossing-incident")
    assert event.effects[0].mood == -0.12
    assert (event.effects[2].target, event.effects[2].mood, event.effects[2].trust_other) == (
        "all",
        0.0,
        0.05,
    )


def test_constituency_opinion_parameters(qtbot, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    """A public's opinion parameters, edited in the Publics tab: an out-of-range loss aversion shows the loader's
    error live and opens its field; the fixed values are saved and load."""
    from negotiator.ui.editor.window import EditorWindow

    doc = ScenarioDocument.open(scenario_path("water-and-crossings"))
    w = EditorWindow(doc)
    qtbot.addWidget(w)
    w.tabs.setCurrentIndex(3)
    w.public.setCurrentIndex(w.public.findData("palestinian_public"))
    assert w.opinion["trust_own"].text() == "0.35"
    assert w.opinion["dovishness"].text() == ""  # absent: its default

    w.opinion["loss_aversion"].setText("7")
    w.opinion["loss_aversion"].editingFinished.emit()
    texts = problem_texts(w)
    assert texts[0].startswith(
        "constituencies[palestinian_public].opinion.loss_aversion: 7.0 is out of range"
    ), texts
    assert "background" in w.opinion["loss_aversion"].styleSheet()
    w.tabs.setCurrentIndex(0)
    assert w.go_to(doc.problems()[0].path) is w.opinion["loss_aversion"] and w.tabs.currentIndex() == 3

    w.opinion["loss_aversion"].setText("2.5")
    w.opinion["loss_aversion"].editingFinished.emit()
    w.opinion["dovishness"].setText("0.4")
    w.opinion["dovishness"].editingFinished.emit()
    assert problem_texts(w)[0].startswith("No problems"), problem_texts(w)
    assert w.opinion["loss_aversion"].styleSheet() == ""
    target = tmp_path / "opinion.toml"
    assert w._save_to(target)
    saved = load_scenario(target)
    opinion = next(c for c in saved.constituencies if c.id == "palestinian_public").opinion
    assert (opinion.loss_aversion, opinion.dovishness, opinion.trust_own) == (2.5, 0.4, 0.35)
