"""The scale suite's measurements on a small scale (the bench runs the real sizes): memory stays flat along a batch,
scaling compares every core with one, and one core's speed is measured for the base code and this code side by
side. No timing is asserted (a shared machine makes them noisy); what is asserted is what each entry reports."""

from __future__ import annotations

import subprocess

from negotiator.runner.bench import core_speed, memory, repo_root, scaling


def test_memory_stays_flat_along_a_batch() -> None:
    seen: list[int] = []
    entry = memory(games=240, cores=2, progress=seen.append)
    assert entry["games"] == 240 and seen[-1] == 240
    assert len(entry["samples"]) >= 10 and entry["samples"][-1][0] == 240
    assert entry["rss_mb_end"] > 0 and entry["meets_target"], entry


def test_scaling_reports_rates_and_efficiency() -> None:
    entry = scaling("water-and-crossings", games_per_core=3, cores=2)
    assert entry["cores"] == 2 and entry["one_core_games_per_s"] > 0 and entry["all_cores_games_per_s"] > 0
    expected = entry["all_cores_games_per_s"] / (2 * entry["one_core_games_per_s"])
    assert abs(entry["efficiency"] - expected) < 0.01
    # CPU accounting (Linux /proc): both per-game figures measured, their ratio reported, the share in (0, 1]
    assert entry["one_core_cpu_s_per_game"] > 0 and entry["all_cores_cpu_s_per_game"] > 0
    ratio = entry["one_core_cpu_s_per_game"] / entry["all_cores_cpu_s_per_game"]
    assert abs(entry["cpu_efficiency"] - ratio) < 0.01
    assert (
        0 < entry["core_share"] <= 1.55
    )  # 2 workers' and the parent's CPU over 2 cores' time (3 on a bigger box)


def test_one_core_speed_runs_the_base_code_beside_this_code() -> None:
    entry = core_speed("water-and-crossings", games=2, repeats=1, base_ref="wave2-base")
    root = repo_root()
    has_ref = (
        root is not None
        and subprocess.run(
            ["git", "-C", str(root), "rev-parse", "--verify", "-q", "wave2-base"], capture_output=True
        ).returncode
        == 0
    )
    assert entry["new_games_per_s"] > 0
    if has_ref:
        assert entry["base_games_per_s"] > 0 and entry["speedup"] > 0 and entry["base_ref"] == "wave2-base"
    else:
        assert entry["meets_target"] is None and "no git ref" in entry["detail"]
    missing = core_speed("water-and-crossings", games=1, repeats=1, base_ref="no-such-ref-xyz")
    assert missing["meets_target"] is None and "no-such-ref-xyz" in missing["detail"]


def test_bench_takes_the_scale_suite_options() -> None:
    from negotiator.cli import build_parser

    args = build_parser("bench").parse_args(
        ["bench", "--suite", "scale", "--scale-games", "200", "--base", "v1"]
    )
    assert args.suite == ["scale"] and args.scale_games == 200 and args.base == "v1"
    default = build_parser("bench").parse_args(["bench"])
    assert default.scale_games == 10_000 and default.base == "wave2-base"
