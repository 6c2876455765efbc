"""The layout check reads tables too (issue 14): columns wider together than the table's place, a heading narrower
than its words, a wrapped cell taller than its row. In Arabic at 1280x800 x1.3 the publics table and the issue board
needed a sideways scroll bar (the mood and state columns were off screen) and the check did not see it."""

from __future__ import annotations

from PySide6.QtWidgets import QHeaderView, QTableWidget, QTableWidgetItem, QVBoxLayout, QWidget

from negotiator.ui.layout_check import cut_tables


def table(qtbot, width: int) -> tuple[QWidget, QTableWidget]:  # type: ignore[no-untyped-def]
    root = QWidget()
    qtbot.addWidget(root)
    t = QTableWidget(2, 3)
    t.setObjectName("t")
    t.setHorizontalHeaderLabels(["Public", "Support", "Mood"])
    t.setWordWrap(True)
    for r in range(2):
        for c in range(3):
            t.setItem(r, c, QTableWidgetItem(f"cell {r} {c}"))
    QVBoxLayout(root).addWidget(t)
    root.resize(width, 300)
    root.show()
    qtbot.waitExposed(root)
    return root, t


def test_columns_wider_than_the_table_are_found(qtbot) -> None:  # type: ignore[no-untyped-def]
    root, t = table(qtbot, 400)
    for c in range(3):
        t.setColumnWidth(c, 200)
    problems = cut_tables(root)
    assert any("t is wider than its place" in p and "200 + 200 + 200" in p for p in problems), problems
    t.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
    assert not any("wider than its place" in p for p in cut_tables(root))


def test_a_wrapped_cell_taller_than_its_row_is_found(qtbot) -> None:  # type: ignore[no-untyped-def]
    root, t = table(qtbot, 600)
    t.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
    t.setItem(
        0, 0, QTableWidgetItem("Palestinians (West Bank and Gaza) in a name much longer than its column")
    )
    t.setRowHeight(0, t.fontMetrics().height() + 4)
    assert any("is cut: needs" in p for p in cut_tables(root))
    t.resizeRowsToContents()
    t.setRowHeight(0, t.rowHeight(0) + 20)
    assert cut_tables(root) == []


def test_a_table_that_scrolls_sideways_on_purpose_is_not_flagged(qtbot) -> None:  # type: ignore[no-untyped-def]
    from negotiator.ui.layout_check import SCROLLS_SIDEWAYS

    root, t = table(qtbot, 400)
    for c in range(3):
        t.setColumnWidth(c, 200)
    t.setProperty(SCROLLS_SIDEWAYS, True)
    assert not any("wider than its place" in p for p in cut_tables(root))
