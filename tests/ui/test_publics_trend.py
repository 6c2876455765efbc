"""Publics trends compare like with like: a change only between polls on the same text (with the polls' sampling
error), "new text" when the text on the table changed (the review saw "▼ -40.9" for a public whose poll had simply
moved to another package), and the public's own mood and trust drift read from the opinion state."""

from __future__ import annotations

import re

import pytest

from negotiator.game.commands import EndTurn, TableProposal
from negotiator.game.runtime import ScenarioRuntime
from negotiator.game.setup import GameSetup, SeatSetup
from negotiator.game.views import SeatView
from negotiator.model.package import reference_package
from negotiator.model.registry import get_scenario
from negotiator.session.session import Session
from negotiator.ui.publics_model import drift_for, explain, poll_trends
from negotiator.ui.table.publics import PublicsPanel
from tests.ui.helpers import plain

SC = get_scenario("water-and-crossings")
PUB = ScenarioRuntime(SC).publics


def _pkg(ref: str) -> tuple[tuple[str, str], ...]:
    return tuple(sorted(dict(reference_package(SC, ref)).items()))


@pytest.fixture(scope="module")
def views() -> dict[int, SeatView]:
    """Israel's view after each round: round 1 and 2 poll p1 (Israel's practical deal), round 3 polls Palestine's
    partnership text, round 4 polls the practical deal tabled again by Israel."""
    setup = GameSetup(SC.id, (SeatSetup("israel", "human"), SeatSetup("palestine", "human")), 5, "hotseat")
    s = Session.start(SC, setup, storage=None)

    def play_round(table: tuple[str, tuple[tuple[str, str], ...]] | None = None) -> None:
        start = s.view("israel").round
        if table is not None:
            while s.whose_turn() != table[0]:
                s.submit(EndTurn(str(s.whose_turn())))
            s.submit(TableProposal(table[0], table[1]))
        while s.view("israel").round == start and s.view("israel").phase == "rounds":
            s.submit(EndTurn(str(s.whose_turn())))

    while s.view("israel").phase == "briefing":
        s.submit(EndTurn(str(s.whose_turn())))
    out = {}
    for rnd, table in (
        (1, ("israel", _pkg("practical-deal"))),
        (2, None),
        (3, ("palestine", _pkg("partnership"))),
        (4, ("israel", _pkg("practical-deal"))),
    ):
        play_round(table)
        out[rnd] = s.view("israel")
        assert len(out[rnd].polls) == rnd
    return out


def test_same_text_shows_the_change_with_its_sampling_error(views: dict[int, SeatView]) -> None:
    t = poll_trends(PUB, views[2])
    assert t is not None and not t.new_text
    first, second = views[2].polls
    assert first.subject == second.subject
    before = {r.group: r for r in first.rows}
    for row in second.rows:
        tr = t.rows[row.group]
        assert tr.kind == "same-text" and tr.since_round == 1
        assert tr.change == pytest.approx(row.support - before[row.group].support)
        half = ((row.high - row.low) / 2, (before[row.group].high - before[row.group].low) / 2)
        assert tr.margin == pytest.approx((half[0] ** 2 + half[1] ** 2) ** 0.5)
        assert tr.arrow() == ("≈" if abs(tr.change) <= tr.margin else "▲" if tr.change > 0 else "▼")


def test_new_text_is_said_not_counted_as_a_swing(views: dict[int, SeatView]) -> None:
    t = poll_trends(PUB, views[3])
    assert t is not None and t.new_text and t.previous is not None and t.previous.round == 2
    assert all(tr.kind == "new-text" and tr.change is None for tr in t.rows.values())
    # The same package tabled again by the same delegation compares with the last poll on it (round 2), not round 3.
    t4 = poll_trends(PUB, views[4])
    assert t4 is not None and t4.new_text
    assert all(tr.kind == "same-text" and tr.since_round == 2 for tr in t4.rows.values())


def test_mood_drift_comes_from_the_opinion_state(views: dict[int, SeatView]) -> None:
    start = PUB.initial()
    assert all(abs(v) < 1e-9 for v in drift_for(PUB, start, dict(_pkg("partnership")), "palestine").values())
    v = views[3]
    t = poll_trends(PUB, v)
    assert t is not None
    pub = PUB
    now = {r.group: r.support for r in pub.poll(v.opinion, dict(_pkg("partnership")), "palestine")}
    then = {r.group: r.support for r in pub.poll(start, dict(_pkg("partnership")), "palestine")}
    for group, tr in t.rows.items():
        assert tr.drift == pytest.approx(now[group] - then[group])


def test_panel_shows_change_only_on_the_same_text(qtbot, views: dict[int, SeatView]) -> None:  # type: ignore[no-untyped-def]
    panel = PublicsPanel()
    panel.use_publics(PUB)
    qtbot.addWidget(panel)
    panel.resize(700, 500)
    panel.show_view(SC, views[2])
    trends = poll_trends(PUB, views[2])
    assert trends is not None
    for k, group in enumerate(panel._groups):
        now = panel.table.item(k, 2).text()
        tr = trends.rows[group]
        assert "new text" not in now and now.endswith(f"{tr.arrow()} {tr.change:+.0f}")
        assert (
            "same text" in panel.table.item(k, 2).toolTip()
            and "sampling error" in panel.table.item(k, 2).toolTip()
        )
        assert panel.table.item(k, 3).text()  # the mood column is filled
    assert "New text" not in plain(panel.header.text())
    panel.show_view(SC, views[3])
    assert "New text on the table" in plain(panel.header.text())
    for k in range(panel.table.rowCount()):
        assert re.fullmatch(r"\d+%  new text", panel.table.item(k, 2).text()), panel.table.item(k, 2).text()
    panel.show_view(SC, views[4])
    assert all(panel.table.item(k, 2).text().endswith("(r2)") for k in range(panel.table.rowCount()))


def test_the_why_follows_a_new_poll(qtbot, views: dict[int, SeatView]) -> None:  # type: ignore[no-untyped-def]
    panel = PublicsPanel()
    panel.use_publics(PUB)
    qtbot.addWidget(panel)
    panel.show_view(SC, views[2])
    panel.select_group("israeli_public")
    qtbot.waitUntil(lambda: panel.last_why is not None, timeout=10_000)
    first = panel.last_why
    assert first is not None and "Mood and trust" in panel.why.toPlainText()
    panel.show_view(SC, views[3])  # the selection stays; the explanation must be for the new text
    qtbot.waitUntil(lambda: panel.last_why is not first, timeout=10_000)
    expected = explain(PUB, views[3].opinion, dict(_pkg("partnership")), "palestine", "israeli_public")
    assert panel.last_why is not None and panel.last_why.support == pytest.approx(expected.support)
    assert expected.support != pytest.approx(first.support)  # the two texts do read differently


def test_debrief_joins_only_polls_on_the_same_text(qtbot, views: dict[int, SeatView]) -> None:  # type: ignore[no-untyped-def]
    import pyqtgraph as pg

    from negotiator.ui.debrief import opinion_chart, opinion_legend, same_text_runs, text_changes
    from negotiator.ui.debrief_model import build_debrief

    d = build_debrief(SC, views[4])
    series = d.opinion["Israeli public"]
    # p3 is the practical deal tabled again by Israel: the same text as p1, named after it.
    assert [(r, name) for r, _s, name in series] == [(1, "p1"), (2, "p1"), (3, "p2"), (4, "p1")]
    assert [[r for r, _, _ in run] for run in same_text_runs(series)] == [[1, 2], [3], [4]]
    assert text_changes(d) == [(3, "p2"), (4, "p1")]
    chart = opinion_chart(d)
    qtbot.addWidget(chart)
    joined = [item for item in chart.getPlotItem().listDataItems() if item.opts["pen"] is not None]
    assert sorted(len(item.xData) for item in joined) == [2] * len(
        d.opinion
    )  # one line per public: rounds 1-2
    dotted = [i for i in chart.getPlotItem().items if isinstance(i, pg.InfiniteLine)]
    assert sorted(line.value() for line in dotted) == [2.5, 3.5]
    legend = plain(opinion_legend(d).text())
    assert all(c.title in legend for c in SC.constituencies) and "same text" in legend
