"""``negotiator simulate --workers/--chunk-size``: the same summary digest either way; bad options are one line."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

import pytest

from negotiator.cli import main


def digest(capsys: pytest.CaptureFixture[str], *extra: str) -> dict[str, object]:
    argv = ["simulate", "-s", "water-and-crossings", "-n", "9", "--seed", "3", "--json", *extra]
    assert main(argv) == 0
    return json.loads(capsys.readouterr().out)  # type: ignore[no-any-return]


def test_simulate_digest_does_not_depend_on_workers(capsys: pytest.CaptureFixture[str]) -> None:
    one = digest(capsys, "--workers", "1", "--chunk-size", "1")
    two = digest(capsys, "--workers", "2", "--chunk-size", "7")
    assert one["ran_on"] == "1 process" and two["ran_on"] == "2 processes"
    assert one["digest"] == two["digest"] and one["games"] == two["games"] == 9
    assert one["results"] == two["results"] and one["mean_points"] == two["mean_points"]


@pytest.mark.parametrize(
    ("flag", "value", "message"),
    [("--workers", "0", "at least 1 worker"), ("--chunk-size", "0", "at least 1 game")],
)
def test_bad_run_options_are_one_line(
    capsys: pytest.CaptureFixture[str], flag: str, value: str, message: str
) -> None:
    assert main(["simulate", "-s", "water-and-crossings", "-n", "2", flag, value]) == 1
    err = capsys.readouterr().err
    assert message in err and "Traceback" not in err and len(err.strip().splitlines()) == 1


def test_rows_stream_to_a_file_in_game_order(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    rows, out = tmp_path / "rows.jsonl", tmp_path / "all.json"
    summary = digest(capsys, "--workers", "2", "--chunk-size", "2", "--rows", str(rows), "--out", str(out))
    streamed = [json.loads(line) for line in rows.read_text(encoding="utf-8").splitlines()]
    assert [r["game"] for r in streamed] == list(range(9))
    assert streamed == json.loads(out.read_text(encoding="utf-8"))["games"]
    joined = hashlib.sha256("".join(r["digest"] for r in streamed).encode("ascii")).hexdigest()
    assert joined == summary["digest"]


def test_an_output_in_a_missing_folder_stops_before_playing(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    target = tmp_path / "nowhere" / "rows.jsonl"
    assert main(["simulate", "-s", "water-and-crossings", "-n", "2", "--rows", str(target)]) == 1
    err = capsys.readouterr().err
    assert "--rows" in err and "does not exist" in err and len(err.strip().splitlines()) == 1
