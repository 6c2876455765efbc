"""`negotiator bench` reports the opinion layer's and the game's speed targets next to the engine's benchmarks, in the
table and in --json (small sizes; timings are never asserted)."""

from __future__ import annotations

import json

import pytest

from negotiator.ai.bench import game_benchmarks
from negotiator.cli import main

GAME = ("ai-move-p95-confederation", "ai-game-confederation", "simulate-200-confederation")
OPINION = ("opinion-react-100k", "opinion-poll-all", "opinion-explain")


def test_game_benchmarks_have_target_fields() -> None:
    entries = game_benchmarks(games=1)
    assert tuple(e["name"] for e in entries) == GAME
    for e in entries:
        assert set(e) == {"name", "ours_s", "target_s", "meets_target", "detail"}
        assert e["ours_s"] > 0 and e["target_s"] > 0
        assert e["meets_target"] == (e["ours_s"] < e["target_s"])
    assert "estimated" in entries[2]["detail"]  # the 200-game figure says it is an estimate


def test_bench_lists_opinion_and_game_targets(capsys: pytest.CaptureFixture[str]) -> None:
    code = main(
        ["bench", "--suite", "opinion", "--suite", "game", "--games", "1", "--repeats", "1", "--json"]
    )
    out, _ = capsys.readouterr()
    assert code == 0
    rows = {r["name"]: r for r in json.loads(out)}
    assert set(GAME) | set(OPINION) <= set(rows)
    for name in (*GAME, "opinion-react-100k", "opinion-poll-all"):
        assert {"ours_s", "target_s", "meets_target", "detail"} <= set(rows[name])
        assert isinstance(rows[name]["meets_target"], bool)
    code = main(["bench", "--suite", "game", "--games", "1", "--repeats", "1"])
    out, _ = capsys.readouterr()
    assert code == 0
    assert "speed targets" in out and "ai-game-confederation" in out


def test_bench_engine_entries_keep_their_shape(capsys: pytest.CaptureFixture[str]) -> None:
    code = main(
        ["bench", "--suite", "engine", "--only", "score-1e6", "--no-peer", "--repeats", "1", "--json"]
    )
    out, _ = capsys.readouterr()
    assert code == 0
    rows = json.loads(out)
    assert [r["name"] for r in rows] == ["score-1e6"]
    assert {"name", "outcomes", "ours_s", "peer_s", "ratio", "equal"} <= set(rows[0])
