"""The map in Hebrew and Arabic (issue 14): tooltips, the Jerusalem inset and the legend's option names follow the
window's language, and hit-testing works in every language (it used to find the inset by its English text)."""

from __future__ import annotations

import re

import pytest
from PySide6.QtCore import QPointF

from negotiator.model.package import reference_package
from negotiator.model.registry import get_scenario
from negotiator.text import option
from negotiator.ui import words
from negotiator.ui.mapview import MapWidget, map_state
from negotiator.ui.mapview.geo import project

SOURCE_WORDS = {"mledoze", "countries", "ODbL"}
"""The outlines' source and licence: named as they are in every language."""


@pytest.mark.parametrize("lang", ["en", "he", "ar"])
def test_tooltips_and_the_inset_read_in_the_window_language(qtbot, lang: str) -> None:  # type: ignore[no-untyped-def]
    conf = get_scenario("confederation")
    base = dict(reference_package(conf, "clinton-2000"))
    words.set_current(lang)
    try:
        w = MapWidget()
        qtbot.addWidget(w)
        w.resize(900, 600)
        w.show_state(
            map_state(conf, {**base, "settlements": "blocs-annexed", "holy_sites": "divided-sovereignty"})
        )
        w.grab()
        map_r, inset_r, _legend = w._layout()
        k, ox, oy = w._transform_for(map_r)
        x, y = project(35.12, 31.53)  # Kiryat Arba, outside the blocs
        outlying = w.tooltip_at(QPointF(ox + x * k, oy + y * k))
        x, y = project(35.31, 31.79)  # the Ma'ale Adumim bloc
        bloc = w.tooltip_at(QPointF(ox + x * k, oy + y * k))
        x, y = project(35.25, 32.0)  # the West Bank, away from any bloc
        land = w.tooltip_at(QPointF(ox + x * k, oy + y * k))
        inset = w.tooltip_at(inset_r.center())
        old_city = words.name(conf, option("holy_sites", "divided-sovereignty"))
    finally:
        words.set_current("en")
    for tip in (outlying, bloc, land, inset):
        assert tip
    assert old_city in inset  # the option's name in the window's language, found without reading any words
    if lang == "en":
        assert "Kiryat Arba" in outlying and "evacuated" in outlying
        assert inset.startswith("Jerusalem (schematic)") and "Old City: Divided sovereignty" in inset
        return
    for tip in (outlying, bloc, land, inset):
        assert set(re.findall(r"[A-Za-z]+", tip)) <= SOURCE_WORDS, tip
    assert {"he": "קריית ארבע", "ar": "كريات أربع"}[lang] in outlying
    assert {"he": "ירושלים", "ar": "القدس"}[lang] in inset
