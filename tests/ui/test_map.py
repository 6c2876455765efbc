"""The map: which elements a package draws (pure rules), the real outlines and their ODbL notice, tooltips."""

from __future__ import annotations

from PySide6.QtCore import QPointF

from negotiator.model.package import reference_package
from negotiator.model.registry import assets_dir, get_scenario
from negotiator.ui.mapview import MapWidget, map_state
from negotiator.ui.mapview.geo import load_outlines, project
from negotiator.ui.mapview.state import describe


def test_reference_packages_draw_what_they_say() -> None:
    sc = get_scenario("confederation")
    sq = map_state(sc, reference_package(sc, "status-quo"))
    assert (sq.border, sq.blocs, sq.jerusalem, sq.swap_percent) == ("hard", "today", "israeli", None)
    hlc = map_state(sc, reference_package(sc, "holy-land-confederation-2022"))
    assert (hlc.border, hlc.blocs, hlc.jerusalem) == ("open", "stay", "open-city")
    assert hlc.swap_percent and hlc.swap_percent > 0
    one = map_state(sc, reference_package(sc, "one-state-equal-rights"))
    assert (one.border, one.jerusalem, one.blocs) == ("open", "shared", "towns")
    # Each element names the option it comes from in the legend.
    words = dict(describe(hlc))
    assert sc.issue("jerusalem").options[3].title in words["Jerusalem"]


def test_partial_and_teaching_packages() -> None:
    sc = get_scenario("confederation")
    partial = map_state(sc, {"jerusalem": "divided"})
    assert partial.jerusalem == "divided" and partial.border is None and partial.blocs is None
    teach = get_scenario("water-and-crossings")
    assert map_state(teach, {"crossings": "military"}).border == "hard"
    assert map_state(teach, {"crossings": "civilian"}).border == "regulated"


def test_outlines_and_notice_come_from_the_shipped_files() -> None:
    outlines = load_outlines()
    assert outlines.ok, outlines.problem
    assert set(outlines.lands) == {"israel", "palestine"}
    notice = (assets_dir() / "geo" / "NOTICE.md").read_text(encoding="utf-8")
    assert outlines.notice in " ".join(notice.split())
    assert "Open Database License (ODbL)" in outlines.notice


def test_broken_outline_files_are_reported_not_raised(tmp_path) -> None:  # type: ignore[no-untyped-def]
    (tmp_path / "israel.geojson").write_text("{not json", encoding="utf-8")
    (tmp_path / "palestine.geojson").write_bytes(b"\x00\xff")
    outlines = load_outlines(tmp_path)
    assert not outlines.ok and "israel.geojson" in outlines.problem


def test_map_widget_draws_and_explains(qtbot) -> None:  # type: ignore[no-untyped-def]
    sc = get_scenario("confederation")
    w = MapWidget()
    qtbot.addWidget(w)
    w.resize(900, 600)
    w.show_state(map_state(sc, reference_package(sc, "clinton-2000")), "Clinton parameters")
    image = w.grab().toImage()
    colours = {image.pixel(x, y) for x in range(0, 900, 15) for y in range(0, 600, 15)}
    assert len(colours) > 8  # land, borders, blocs, inset: not a blank panel
    # Hovering the middle of the West Bank names it and its source.
    map_r, _inset, _legend = w._layout()
    k, ox, oy = w._transform_for(map_r)
    x, y = project(35.25, 32.0)
    assert "West Bank" in w.tooltip_at(QPointF(ox + x * k, oy + y * k))
    bx, by = project(35.17, 32.10)  # the schematic Ariel bloc
    assert "schematic" in w.tooltip_at(QPointF(ox + bx * k, oy + by * k))


def test_the_map_reads_tags_not_words() -> None:
    """Rewording every option (as a translation would) changes nothing the map draws; removing the tags empties it."""
    sc = get_scenario("confederation")
    pkg = reference_package(sc, "holy-land-confederation-2022")
    before = map_state(sc, pkg)
    reworded = sc.model_copy(
        update={
            "issues": [
                i.model_copy(
                    update={
                        "title": f"issue {k}",
                        "options": [
                            o.model_copy(update={"title": f"o{j}", "description": "words"})
                            for j, o in enumerate(i.options)
                        ],
                    }
                )
                for k, i in enumerate(sc.issues)
            ]
        }
    )
    after = map_state(reworded, pkg)
    assert (
        after.border,
        after.blocs,
        after.jerusalem,
        after.swap_percent,
        after.jordan_valley,
        after.old_city,
    ) == (
        before.border,
        before.blocs,
        before.jerusalem,
        before.swap_percent,
        before.jordan_valley,
        before.old_city,
    )
    untagged = sc.model_copy(
        update={
            "issues": [
                i.model_copy(
                    update={
                        "options": [
                            o.model_copy(update={"tags": [t for t in o.tags if not t.startswith("map-")]})
                            for o in i.options
                        ]
                    }
                )
                for i in sc.issues
            ]
        }
    )
    empty = map_state(untagged, pkg)
    assert (empty.border, empty.blocs, empty.jerusalem, empty.swap_percent) == (None, None, None, None)


def test_default_tags_give_way_to_an_option_that_says_so() -> None:
    sc = get_scenario("confederation")
    assert map_state(sc, {"territory": "swaps-blocs"}).blocs == "annexed"
    both = map_state(sc, {"territory": "swaps-blocs", "settlements": "stay-as-residents"})
    assert both.blocs == "stay" and both.swap_percent == 6.0


def test_the_legend_follows_the_language() -> None:
    sc = get_scenario("confederation")
    st = map_state(sc, reference_package(sc, "holy-land-confederation-2022"))
    english = describe(st)
    for lang, letters in (("he", range(0x0590, 0x0600)), ("ar", range(0x0600, 0x0700))):
        lines = describe(st, lang=lang)
        assert len(lines) == len(english)
        assert all(any(ord(c) in letters for c in head + words) for head, words in lines), lines
