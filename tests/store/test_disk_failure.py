"""A full disk or a read-only folder: a clear message, the game goes on in memory, the player saves it elsewhere.

The disk is filled for real through SQLite (``max_page_count`` makes SQLite answer SQLITE_FULL exactly as on a full
disk), which works whoever runs the tests. The read-only folder needs an ordinary user (root writes through
``chmod``), so under root (CI) that story runs in a child process that drops to ``nobody``. The session-level fallback
is also tested with injected failures in tests/session.
"""

from __future__ import annotations

import json
import os
import shutil
import tempfile
from collections.abc import Callable
from pathlib import Path

import pytest
from game_helpers import ScriptedRules, ai_setup

from negotiator.game.setup import default_setup
from negotiator.model.registry import get_scenario
from negotiator.model.schema import Scenario
from negotiator.session.errors import StorageUnavailable
from negotiator.session.log import load
from negotiator.session.notices import ChangeNotice
from negotiator.session.session import Session
from negotiator.store.database import SaveDatabase


def page_count(path: Path) -> int:
    import sqlite3

    conn = sqlite3.connect(path)
    try:
        return int(conn.execute("PRAGMA page_count").fetchone()[0])
    finally:
        conn.close()


def test_full_disk_keeps_the_game_in_memory_until_saved_elsewhere(tmp_path: Path, water: Scenario) -> None:
    path = tmp_path / "small-disk.db"
    SaveDatabase.open(path).close()
    full = SaveDatabase.open(path, pragmas={"max_page_count": page_count(path) + 1})
    failed: list[ChangeNotice] = []
    for seed in range(40):  # play games on the small disk until one of them fills it
        session = Session.start(water, ai_setup(water, seed=seed), storage=full, rules=ScriptedRules())
        notices: list[ChangeNotice] = []
        session.subscribe(notices.append)
        session.play_bots()
        assert session.progress.finished  # every game goes on to its end, saved or not
        failed = [n for n in notices if not n.save.saved]
        if failed:
            break
    assert failed, "the small disk never filled"
    problem = failed[0].save.problem or ""
    assert f"{path}: " in problem and "the disk is full" in problem and "somewhere else" in problem
    assert failed[-1].save.unsaved >= 1 and not session.save_status.saved
    stored = full.load_game(session.game_id)
    assert len(stored.commands) < len(session.commands)
    full.close()

    # What reached the full disk is a consistent prefix: it replays to its own stored hashes.
    with SaveDatabase.open(path, readonly=True) as db:
        assert db.integrity() == ["ok"]
        prefix = load(ScriptedRules(), db.load_game(session.game_id), lambda _id: water)
        assert prefix.commands == session.commands[: len(prefix.commands)]

    elsewhere = SaveDatabase.open(tmp_path / "usb-stick" / "rescued.db")
    notice = session.save_to(elsewhere)
    assert notice.kind == "moved" and notice.save.saved and notice.save.where == elsewhere.where
    again = Session.resume(elsewhere, session.game_id, rules=ScriptedRules())
    assert again.commands == session.commands and again.progress == session.progress
    elsewhere.close()


def test_save_to_a_full_place_raises_and_keeps_the_game_in_memory(
    tmp_path: Path, confederation: Scenario
) -> None:
    path = tmp_path / "tiny.db"
    SaveDatabase.open(path).close()
    session = Session.start(confederation, default_setup(confederation, seed=3), storage=None)  # the real AI
    session.play_bots()
    assert (
        sum(len(r.payload_json) for r in session.records) > 3 * 4096
    )  # more than fits in the tables' root pages
    with (
        SaveDatabase.open(path, pragmas={"max_page_count": page_count(path)}) as tiny,
        pytest.raises(StorageUnavailable, match="disk is full"),
    ):
        session.save_to(tiny)
    assert session.save_status.where is None and not session.save_status.saved
    with SaveDatabase.open(path, readonly=True) as db:
        assert db.list_games() == []  # the failed copy left nothing half-written


def test_a_save_folder_that_cannot_be_created_is_reported(tmp_path: Path) -> None:
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("a file where the save folder should be")
    with pytest.raises(StorageUnavailable) as caught:
        SaveDatabase.open(blocker / "saves" / "negotiator.db")
    line = caught.value.lines()[0]
    assert line.startswith(f"{blocker / 'saves'}: ") and "cannot be created" in line and "in memory" in line


def _locked_folder_story(base: Path) -> dict[str, object]:
    """A locked-down save folder (a school profile): what opening says, and whether the game goes on and is saved
    where the player then points. Runs as an ordinary user (see below)."""
    scenario = get_scenario("water-and-crossings")
    folder, existing = base / "locked", base / "locked" / "old.db"
    seen: dict[str, object] = {}
    for name, target in (("new", folder / "new.db"), ("existing", existing)):
        try:
            SaveDatabase.open(target).close()
            seen[name] = "opened"
        except StorageUnavailable as exc:
            seen[name] = exc.lines()[0]
    session = Session.start(scenario, ai_setup(scenario, seed=3), storage=None, rules=ScriptedRules())
    session.play_bots()
    seen["finished"] = session.progress.finished
    with SaveDatabase.open(base / "elsewhere" / "rescued.db") as elsewhere:
        seen["saved_elsewhere"] = session.save_to(elsewhere).save.saved
        seen["resumed"] = (
            Session.resume(elsewhere, session.game_id, rules=ScriptedRules()).progress == session.progress
        )
    return seen


def test_read_only_folder_real(water: Scenario) -> None:
    """Really read-only: as root (CI), chmod does not stop writes, so the story runs in a child process that drops
    to the unprivileged user ``nobody`` (modules are loaded before, by a warm-up run as root)."""
    base = Path(tempfile.mkdtemp(prefix="negotiator-ro-"))
    try:
        folder = base / "locked"
        folder.mkdir()
        SaveDatabase.open(folder / "old.db").close()
        _locked_folder_story(Path(tempfile.mkdtemp(dir=base)))  # warm-up: every import the story needs
        (folder / "old.db").chmod(0o444)
        folder.chmod(0o555)
        if os.getuid() == 0:
            os.chown(base, NOBODY, NOBODY)
            seen = _in_child_as(NOBODY, lambda: _locked_folder_story(base))
        else:
            seen = _locked_folder_story(base)
    finally:
        if (base / "locked").exists():
            (base / "locked").chmod(0o755)
        shutil.rmtree(base, ignore_errors=True)
    assert (
        seen["new"]
        == f"{folder}: (file): the save folder is read-only; choose another folder to save in; the "
        "game goes on in memory"
    ), seen
    assert (
        seen["existing"] == f"{folder / 'old.db'}: (file): cannot be saved to: the file is read-only; choose "
        "another place to save; the game goes on in memory"
    ), seen
    assert seen["finished"] and seen["saved_elsewhere"] and seen["resumed"], seen


NOBODY = 65534


def _in_child_as(uid: int, story: Callable[[], dict[str, object]]) -> dict[str, object]:
    read_end, write_end = os.pipe()
    pid = os.fork()
    if pid == 0:  # pragma: no cover - runs in the child
        code = 0
        try:
            os.close(read_end)
            os.setgid(uid)
            os.setuid(uid)
            result = story()
        except BaseException as exc:
            result, code = {"error": f"{type(exc).__name__}: {exc}"}, 1
        os.write(write_end, json.dumps(result).encode())
        os._exit(code)
    os.close(write_end)
    chunks = []
    while chunk := os.read(read_end, 65536):
        chunks.append(chunk)
    os.close(read_end)
    os.waitpid(pid, 0)
    result = json.loads(b"".join(chunks) or b"{}")
    if "error" in result and "Operation not permitted" in str(result["error"]):
        pytest.skip(f"cannot drop privileges here: {result['error']}")
    assert "error" not in result, result["error"]
    return dict(result)
