"""What the screenshot review found, pinned down: every issue named on the priorities chart, the ratification
screen's bloc detail readable and its verdict in view at projector size, the map's inset and legend saying what the
text on the table says (the Old City, settlements outside the blocs)."""

from __future__ import annotations

from types import SimpleNamespace

from PySide6.QtCore import QPointF
from PySide6.QtGui import QImage, QPainter

from negotiator.game.publics import VoteResult
from negotiator.model.package import reference_package
from negotiator.model.registry import get_scenario
from negotiator.ui.charts import priorities_chart
from negotiator.ui.debrief import header_lines
from negotiator.ui.mapview import MapWidget, map_state
from negotiator.ui.mapview.geo import project
from negotiator.ui.mapview.state import describe
from negotiator.ui.ratification import RatificationScreen, vote_detail
from tests.ui.helpers import plain

SC = get_scenario("confederation")


def test_priorities_chart_names_every_issue(qtbot) -> None:  # type: ignore[no-untyped-def]
    items = [(i.title, 1.0 + k) for k, i in enumerate(SC.issues)]
    w = priorities_chart(items)
    qtbot.addWidget(w)
    w.resize(520, w.minimumHeight())
    w.show()
    qtbot.waitExposed(w)
    axis = w.getAxis("left")
    image = QImage(axis.boundingRect().size().toSize(), QImage.Format.Format_ARGB32)
    p = QPainter(image)
    _axis, _ticks, texts = axis.generateDrawSpecs(p)
    p.end()
    drawn = {" ".join(t.split()) for _rect, _flags, t in texts}
    assert drawn == {
        i.title for i in SC.issues
    }  # pyqtgraph drops labels wider than the axis; none is dropped


def _knesset() -> VoteResult:
    parties = next(r for r in SC.rules.ratification if r.kind == "knesset").parties
    detail = (("coalition_holds", 0.0), *((p.id, 0.5) for p in parties))
    return VoteResult("israel", "knesset", True, 0.6, 0.7, detail)


def test_vote_detail_names_each_bloc_apart() -> None:
    parties = next(r for r in SC.rules.ratification if r.kind == "knesset").parties
    text = plain(vote_detail(SC, _knesset()))
    assert text.startswith("The coalition breaks up.")
    for p in parties:
        assert f"{p.title} ({p.seats} seats)" in text
    assert "likely for Religious" not in text  # the review saw two blocs run together


def test_ratification_keeps_its_verdict_in_view(qtbot) -> None:  # type: ignore[no-untyped-def]
    package = tuple(reference_package(SC, "clinton-2000").items())
    view = SimpleNamespace(
        agreed="p1",
        proposal=lambda _id: SimpleNamespace(package=package),
        ratification=(
            _knesset(),
            VoteResult("palestine", "referendum", True, 0.55, 0.8, (("turnout", 0.7),)),
        ),
        outcome=SimpleNamespace(result="ratified"),
    )
    screen = RatificationScreen()
    qtbot.addWidget(screen)
    screen.resize(900, 520)  # shorter than the signed text and both votes
    screen.show_result(SC, view, 0)  # type: ignore[arg-type]
    screen.show()
    qtbot.waitExposed(screen)
    assert screen.scroller.verticalScrollBar().maximum() > 0  # the text and the votes scroll...
    for w in (screen.verdict, screen.next):  # ...and the verdict and the way on stay on screen
        top_left = w.mapTo(screen, w.rect().topLeft())
        assert w.isVisible() and top_left.y() >= 0 and top_left.y() + w.height() <= screen.height()
    assert "ratified" in plain(screen.verdict.text())


def test_map_reads_the_old_city_and_the_settlements_outside_the_blocs(qtbot) -> None:  # type: ignore[no-untyped-def]
    base = dict(reference_package(SC, "clinton-2000"))
    levels = {}
    for option in SC.issue("holy_sites").options:
        st = map_state(SC, {**base, "holy_sites": option.id})
        levels[option.id] = st.old_city
        assert dict(describe(st))["Old City"]  # the legend has a line for it
    assert levels == {
        "today": "israeli",
        "divided-sovereignty": "divided",
        "international-regime": "international",
        "joint-custodianship": "joint",
    }
    words = {
        o.id: dict(describe(map_state(SC, {"settlements": o.id}), short=True))["Settlements"]
        for o in SC.issue("settlements").options
    }
    assert "others evacuated" in words["blocs-annexed"] and "every settlement" in words["all-annexed"]
    assert len(set(words.values())) == len(words)  # five options, five different readings
    w = MapWidget()
    qtbot.addWidget(w)
    w.resize(900, 600)
    w.show_state(map_state(SC, {**base, "settlements": "blocs-annexed", "holy_sites": "divided-sovereignty"}))
    w.grab()
    map_r, inset_r, _legend = w._layout()
    k, ox, oy = w._transform_for(map_r)
    x, y = project(35.12, 31.53)  # Kiryat Arba, outside the blocs
    assert "evacuated" in w.tooltip_at(QPointF(ox + x * k, oy + y * k))
    assert "Old City: Divided sovereignty" in w.tooltip_at(inset_r.center())


def test_history_table_headers_wrap_instead_of_being_cut() -> None:
    assert header_lines("Israeli Prime Minister's offer of 2008") == "Israeli Prime Minister's\noffer of 2008"
    assert header_lines("No deal") == "No deal"


def test_history_rows_stay_short_and_keep_the_detail_underneath(qtbot) -> None:  # type: ignore[no-untyped-def]
    from negotiator.game.commands import EndTurn, TableProposal
    from negotiator.game.setup import GameSetup, SeatSetup
    from negotiator.session.session import Session
    from negotiator.ui.table.history import HistoryLog

    sc = get_scenario("water-and-crossings")
    setup = GameSetup(sc.id, (SeatSetup("israel", "human"), SeatSetup("palestine", "human")), 2, "hotseat")
    s = Session.start(sc, setup, storage=None)
    while s.view("israel").phase == "briefing" or s.whose_turn() != "israel":
        s.submit(EndTurn(str(s.whose_turn())))
    package = tuple(reference_package(sc, "practical-deal").items())
    s.submit(TableProposal("israel", package))
    while len(s.view("israel").polls) < 1:
        s.submit(EndTurn(str(s.whose_turn())))
    log = HistoryLog()
    qtbot.addWidget(log)
    log.show_view(sc, s.view("israel"))
    entries = {
        log.tree.topLevelItem(i).child(j).text(0): log.tree.topLevelItem(i).child(j)
        for i in range(log.tree.topLevelItemCount())
        for j in range(log.tree.topLevelItem(i).childCount())
    }
    tabled, poll = entries["proposal"], entries["poll"]
    assert "tabled p1" in tabled.text(1) and "[" not in tabled.text(1)  # no package inline
    assert [tabled.child(k).text(1) for k in range(tabled.childCount())] == [
        f"{sc.issue(i).title}: {next(o.title for o in sc.issue(i).options if o.id == opt)}"
        for i, opt in package
    ]
    assert poll.childCount() == len(sc.constituencies) and "support from" in poll.text(1)
    assert all(
        log.tree.topLevelItem(i).child(j).text(0)
        for i in range(log.tree.topLevelItemCount())
        for j in range(log.tree.topLevelItem(i).childCount())
    )  # the first column is never blank
    option = sc.issue(package[0][0]).options[
        [o.id for o in sc.issue(package[0][0]).options].index(package[0][1])
    ]
    log.search.setText(option.title.lower())  # an option of the package still finds the entry
    assert any("tabled p1" in t for t in log.visible_texts())


def test_dance_labels_name_each_spot_once() -> None:
    from negotiator.ui.debrief import round_list

    assert round_list([5, 1, 2, 3]) == "r1-3, r5"
    assert round_list([4]) == "r4"
