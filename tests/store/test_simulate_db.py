"""``negotiator simulate --db URL`` records the AI games it plays as saves: the same games, listable, verifiable."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from negotiator.ai.batch import game_seed
from negotiator.ai.simulate import play_ai_game
from negotiator.cli import main
from negotiator.game.setup import default_setup
from negotiator.model.schema import Scenario
from negotiator.session.log import load
from negotiator.session.standard import StandardRules
from negotiator.store.database import SaveDatabase


def test_simulated_games_are_recorded_as_saves(
    tmp_path: Path, water: Scenario, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "sims" / "batch.db"
    assert main(["simulate", "-s", "water-and-crossings", "--games", "3", "--seed", "4", "--json"]) == 0
    plain = json.loads(capsys.readouterr().out)
    assert (
        main(
            [
                "simulate",
                "-s",
                "water-and-crossings",
                "--games",
                "3",
                "--seed",
                "4",
                "--json",
                "--db",
                str(path),
            ]
        )
        == 0
    )
    recorded = json.loads(capsys.readouterr().out)
    assert recorded["digest"] == plain["digest"] and recorded["saved_to"] == str(path)
    with SaveDatabase.open(path, readonly=True) as db:
        games = db.list_games()
        assert len(games) == 3 and all(g.mode == "ai" and g.progress.finished for g in games)
        seeds = [game_seed(4, k) for k in range(3)]  # batch seed 4, games 0-2
        played = {tuple(play_ai_game(water, default_setup(water, seed=s)).commands) for s in seeds}
        stored = {load(StandardRules(), db.load_game(g.game_id), lambda _id: water).commands for g in games}
        assert stored == played
    assert main(["saves", "verify", "--db", str(path)]) == 0


def test_a_bad_database_stops_simulate_before_playing(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    bad = tmp_path / "notes.db"
    bad.write_text("not a database")
    assert main(["simulate", "-s", "water-and-crossings", "--games", "2", "--db", str(bad)]) == 1
    out, err = capsys.readouterr()
    assert err.startswith(f"{bad}: ") and "not a Negotiator save" in err and "Traceback" not in err
    assert bad.read_text() == "not a database"
