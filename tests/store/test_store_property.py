"""Property: whatever mix of moves, undos, reopenings and moves to another file a hot-seat game goes through, the
save on disk always resumes to exactly the game on screen (same commands, same state hash)."""

from __future__ import annotations

import tempfile
from pathlib import Path

from game_helpers import ScriptBot, ScriptedRules, ai_setup
from hypothesis import given, settings
from hypothesis import strategies as st

from negotiator.model.registry import get_scenario
from negotiator.session.session import Session
from negotiator.store.database import SaveDatabase

FAST = {"synchronous": 0}  # durability is the crash test's business; here only the logic counts
WATER = get_scenario("water-and-crossings")

ops = st.lists(
    st.sampled_from(["move", "move", "move", "undo", "reopen", "elsewhere"]), min_size=1, max_size=25
)


@settings(max_examples=25, deadline=None)
@given(ops=ops, seed=st.integers(0, 2**16))
def test_disk_always_resumes_to_the_game_on_screen(ops: list[str], seed: int) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        rules = ScriptedRules()
        paths = [Path(tmp) / "a.db"]
        db = SaveDatabase.open(paths[-1], pragmas=FAST)
        setup = ai_setup(WATER, seed=seed, mode="hotseat", humans=("israel", "palestine"))
        session = Session.start(WATER, setup, storage=db, rules=rules)
        players = {s: ScriptBot(s, WATER, seed) for s in ("israel", "palestine")}
        try:
            for op in ops:
                if op == "move" and not session.progress.finished:
                    seat = session.whose_turn()
                    assert seat is not None
                    session.submit(players[seat].choose(session.view(seat)))
                elif op == "undo" and session.can_undo:
                    session.undo()
                elif op == "reopen":
                    db.close()
                    db = SaveDatabase.open(paths[-1], pragmas=FAST)
                    session = Session.resume(db, session.game_id, rules=rules)
                elif op == "elsewhere":
                    paths.append(Path(tmp) / f"copy-{len(paths)}.db")
                    old, db = db, SaveDatabase.open(paths[-1], pragmas=FAST)
                    session.save_to(db)
                    old.close()
                assert session.save_status.saved
                with SaveDatabase.open(paths[-1], readonly=True) as reader:
                    again = Session.resume(reader, session.game_id, rules=rules)
                assert again.commands == session.commands
                assert again.progress == session.progress
        finally:
            db.close()
