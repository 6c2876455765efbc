"""The window in English, Hebrew and Arabic: chosen on the start screen or in the settings, kept between runs, switched
mid-game without touching the game, laid out right to left for Hebrew and Arabic (never from the machine's locale),
with the shipped fonts registered and Qt's own dialogs translated."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from PySide6.QtCore import QLocale, Qt
from PySide6.QtGui import QFontDatabase
from PySide6.QtWidgets import QApplication, QDialogButtonBox, QLabel

from negotiator.game.setup import GameSetup, SeatSetup
from negotiator.text import FSI
from negotiator.ui import language, style
from negotiator.ui.settings import AppSettings, SettingsDialog
from tests.ui.helpers import Player

LETTERS = {"he": range(0x0590, 0x0600), "ar": range(0x0600, 0x0700)}


def script(text: str, lang: str) -> bool:
    return any(ord(c) in LETTERS[lang] for c in text)


@pytest.fixture(autouse=True)
def back_to_english() -> Iterator[None]:
    yield
    language.set_language("en")


def test_the_start_screen_switches_language_and_direction(qtbot, window, settings) -> None:  # type: ignore[no-untyped-def]
    app = QApplication.instance()
    assert isinstance(app, QApplication)
    start = window.start
    assert start.continue_button.text() == "&Continue last game"
    assert app.layoutDirection() == Qt.LayoutDirection.LeftToRight
    start.language.setCurrentIndex(start.language.findData("he"))
    start.language.activated.emit(start.language.currentIndex())
    assert language.current() == "he" and settings.language == "he"
    assert app.layoutDirection() == Qt.LayoutDirection.RightToLeft
    assert script(start.continue_button.text(), "he") and script(start.continue_button.toolTip(), "he")
    assert script(window.menuBar().actions()[0].text(), "he")
    assert script(window.windowTitle(), "he")
    # the whole screen mirrored: the menu column is now on the right of the new-game panel
    qtbot.waitUntil(
        lambda: (
            start.continue_button.mapTo(window, start.continue_button.rect().center()).x()
            > window.width() // 2
        )
    )
    ng = start.new_game
    assert script(ng.difficulty.currentText(), "he")
    assert script(ng.rows[0].who.currentText(), "he")
    language.set_language("ar")
    assert (
        script(start.continue_button.text(), "ar") and app.layoutDirection() == Qt.LayoutDirection.RightToLeft
    )
    language.set_language("en")
    assert start.continue_button.text() == "&Continue last game"
    assert app.layoutDirection() == Qt.LayoutDirection.LeftToRight


def test_switching_mid_game_keeps_the_game(window, player: Player) -> None:  # type: ignore[no-untyped-def]
    setup = GameSetup(
        "water-and-crossings",
        (SeatSetup("israel", "human", None), SeatSetup("palestine", "bot", "pragmatist")),
        3,
        "solo",
    )
    window.start_game(setup)
    player.screen("briefing")
    window.briefing.ready.click()
    player.screen("table")
    player.my_turn()
    c = window.controller
    before = (c.game.game_id, c.view().move, c.view())
    window.switch_language("ar")
    assert window.controller is c and window.current_screen == "table"
    assert (c.game.game_id, c.view().move, c.view()) == before  # the game is untouched: only words changed
    assert script(window.status_round.text(), "ar")
    assert FSI in window.status_round.text()  # the round numbers sit in isolates inside the Arabic line
    lines = window.table.history.visible_texts()
    assert lines and all(script(t, "ar") for t in lines)
    window.switch_language("en")
    assert window.status_round.text().startswith("Round 1 of")


def test_the_language_is_kept_and_defaults_to_the_system(tmp_path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    s = AppSettings(tmp_path / "s.ini")
    monkeypatch.setattr(QLocale, "system", staticmethod(lambda: QLocale("he_IL")))
    assert s.language == "he"
    monkeypatch.setattr(QLocale, "system", staticmethod(lambda: QLocale("de_DE")))
    assert s.language == "en"
    s.language = "ar"
    s.sync()
    assert AppSettings(tmp_path / "s.ini").language == "ar"


def test_the_settings_dialog_offers_every_language(qtbot, settings) -> None:  # type: ignore[no-untyped-def]
    settings.language = "he"
    dlg = SettingsDialog(settings)
    qtbot.addWidget(dlg)
    assert [dlg.language.itemData(k) for k in range(dlg.language.count())][:3] == ["en", "he", "ar"]
    assert dlg.chosen_language() == "he"
    dlg.language.setCurrentIndex(dlg.language.findData("ar"))
    dlg.apply()
    assert settings.language == "ar"


def test_the_direction_follows_the_language_not_the_locale(qtbot, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setattr(QLocale, "system", staticmethod(lambda: QLocale("ar_EG")))
    language.set_language("en")
    assert QApplication.layoutDirection() == Qt.LayoutDirection.LeftToRight
    language.set_language("he")
    assert QApplication.layoutDirection() == Qt.LayoutDirection.RightToLeft


def test_qt_standard_buttons_are_translated(qtbot) -> None:  # type: ignore[no-untyped-def]
    language.set_language("he")
    box = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
    qtbot.addWidget(box)
    assert script(box.button(QDialogButtonBox.StandardButton.Cancel).text(), "he")


def test_the_shipped_fonts_are_registered_and_used(qtbot) -> None:  # type: ignore[no-untyped-def]
    added = style.register_fonts()
    assert {"Noto Sans Hebrew", "Noto Sans Arabic UI"} <= set(added)
    assert {"Noto Sans Hebrew", "Noto Sans Arabic UI"} <= set(QFontDatabase.families())
    language.set_language("ar")
    assert style.font().families()[0] == "Noto Sans Arabic UI"
    assert QApplication.font().families()[0] == "Noto Sans Arabic UI"
    language.set_language("he")
    assert style.font().families()[0] == "Noto Sans Hebrew"
    assert (style.fonts_dir() / "OFL.txt").is_file()


def test_a_bound_label_follows_every_switch(qtbot) -> None:  # type: ignore[no-untyped-def]
    label = QLabel()
    qtbot.addWidget(label)
    language.bind(label, "start.problem.hotseat", n=3)
    assert "3 seats" in label.text()
    language.set_language("he")
    assert script(label.text(), "he") and FSI + "3" in label.text()
    language.set_language("xx-long")
    assert (
        "seatsss" in label.text() and len(label.text()) > len("Hot-seat needs 2 to 4 people; 3 seats") * 1.3
    )


def test_the_layout_check_finds_cut_words_and_unmirrored_widgets(qtbot) -> None:  # type: ignore[no-untyped-def]
    from PySide6.QtWidgets import QHBoxLayout, QPushButton, QWidget

    from negotiator.ui.layout_check import cut_words, unmirrored

    language.set_language("he")
    root = QWidget()
    qtbot.addWidget(root)
    row = QHBoxLayout(root)
    first, second = QPushButton("א"), QPushButton("ב")
    row.addWidget(first)
    row.addWidget(second)
    root.resize(300, 60)
    root.show()
    qtbot.waitExposed(root)
    assert unmirrored(root) == [] and language.widget_language_problems(root) == []
    assert (
        first.geometry().center().x() > second.geometry().center().x()
    )  # the first of the row is on the right
    second.setLayoutDirection(Qt.LayoutDirection.LeftToRight)
    assert any("QPushButton" in p for p in language.widget_language_problems(root))
    cut = QLabel("a label far too long for the width it was given", root)
    cut.setGeometry(0, 0, 40, 20)
    cut.show()
    assert any("is cut" in p for p in cut_words(root))


def test_the_window_language_never_changes_a_game(qtbot) -> None:  # type: ignore[no-untyped-def]
    from negotiator.ai.simulate import play_ai_game
    from negotiator.game.replay import transcript_digest
    from negotiator.game.setup import default_setup
    from negotiator.model.registry import get_scenario

    sc = get_scenario("water-and-crossings")
    digests = set()
    for lang in ("en", "he", "ar", "xx-long"):
        language.set_language(lang)
        game = play_ai_game(sc, default_setup(sc, seed=11))
        digests.add(transcript_digest(game))
    assert len(digests) == 1


def test_the_questionnaire_reads_in_the_window_language(qtbot) -> None:  # type: ignore[no-untyped-def]
    from negotiator.model.localise import localise
    from negotiator.model.questionnaire import questions_for
    from negotiator.model.registry import get_scenario
    from negotiator.ui.questionnaire import QuestionnaireDialog

    sc = get_scenario("water-and-crossings")
    language.set_language("ar")
    shown = questions_for(localise(sc, "ar"), "after")
    english = questions_for(sc, "after")
    assert [q.id for q in shown] == [q.id for q in english] and shown
    dlg = QuestionnaireDialog(shown, "after", "x", None)
    qtbot.addWidget(dlg)
    labels = [w.text() for w in dlg.findChildren(QLabel) if w.text()]
    assert script(dlg.windowTitle(), "ar") and script(dlg.save.text(), "ar")
    assert any(script(t, "ar") and shown[0].text[:10] in t for t in labels)
    dlg.choose(english[0].id, 1)
    assert dlg.answers()[english[0].id] == 1  # an option's number, the same in every language
