"""The scenario editor at a projector's size and a large font, in Hebrew and Arabic (issue 15 item 3): every tab and
page is photographed (``negotiator edit --screenshots``) and checked as the self-test checks its screens: no words
cut, every row mirrored, every widget right to left; the editor's own words are in the window's language."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from negotiator.model.registry import scenario_path
from negotiator.ui import language, style
from negotiator.ui.editor.document import ScenarioDocument

LETTERS = {"he": range(0x0590, 0x0600), "ar": range(0x0600, 0x0700)}


@pytest.mark.parametrize("lang", ["he", "ar"])
def test_every_tab_fits_and_mirrors_at_1280x800_with_large_text(qtbot, tmp_path: Path, lang: str) -> None:  # type: ignore[no-untyped-def]
    from negotiator.ui.editor.window import EditorWindow, screenshots

    app = QApplication.instance()
    assert isinstance(app, QApplication)
    try:
        style.apply_style(app, 1.3)
        language.set_language(lang, app)
        w = EditorWindow(ScenarioDocument.open(scenario_path("water-and-crossings")))
        qtbot.addWidget(w)
        w.resize(1280, 800)
        w.show()
        qtbot.waitExposed(w)
        paths, problems = screenshots(w, tmp_path, f"{lang}-1280x800-x1.3")
        assert len(paths) == 12 and all(p.stat().st_size > 10_000 for p in paths)
        assert problems == []
        assert w.layoutDirection() == Qt.LayoutDirection.RightToLeft
        for k in range(w.tabs.count()):
            assert any(ord(c) in LETTERS[lang] for c in w.tabs.tabText(k)), w.tabs.tabText(k)
        for text in (w.sample_button.text(), w.problems.item(0).text(), w.analysis.text()):
            assert any(ord(c) in LETTERS[lang] for c in text), text
    finally:
        language.set_language("en", app)
        style.apply_style(app, 1.0)
