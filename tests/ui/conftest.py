"""Fixtures for the UI tests: a real main window wired to real services, with settings and saves in a temporary
folder, bots that answer at once, and no animations. Every test here is marked ``gui`` (they run offscreen in CI:
the top-level conftest sets QT_QPA_PLATFORM=offscreen before any QApplication exists)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.ui.helpers import Player


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    here = Path(__file__).parent
    for item in items:
        if here in Path(str(item.fspath)).parents:
            item.add_marker(pytest.mark.gui)


@pytest.fixture
def settings(tmp_path: Path):  # type: ignore[no-untyped-def]
    from negotiator.ui.settings import AppSettings

    return AppSettings(tmp_path / "settings.ini")


@pytest.fixture
def services(settings, tmp_path: Path):  # type: ignore[no-untyped-def]
    from negotiator.app import AppServices

    return AppServices(settings, str(tmp_path / "saves.db"))


@pytest.fixture
def window(qtbot, services) -> Iterator[object]:  # type: ignore[no-untyped-def]
    from negotiator.ui.shell import MainWindow

    w = MainWindow(services, bot_delay_ms=0, animate=False)
    qtbot.addWidget(w)
    w.resize(1280, 800)
    w.show()
    qtbot.waitExposed(w)
    yield w
    w.detach()
    w.pool.wait(5000)


@pytest.fixture
def player(qtbot, window) -> Player:  # type: ignore[no-untyped-def]
    return Player(qtbot, window)


@pytest.fixture
def seat_boundary(monkeypatch: pytest.MonkeyPatch) -> Iterator[list[str]]:
    """Arm the seat-boundary tripwire (``confidential_guard``) for one test; fail it if the window crossed the
    boundary, even where Qt swallowed the error inside a slot."""
    from negotiator.model import schema
    from negotiator.session import session as session_module
    from tests.ui.confidential_guard import install

    # monkeypatch remembers the originals and puts them back after the test.
    monkeypatch.setattr(schema.Delegation, "__getattribute__", schema.Delegation.__getattribute__)
    for name, value in list(vars(session_module.Session).items()):
        if not name.startswith("_"):
            monkeypatch.setattr(session_module.Session, name, value)
    caught = install()
    yield caught
    assert not caught, "the window crossed the seat boundary:\n" + "\n".join(caught)
