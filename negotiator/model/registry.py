"""Finding a shipped scenario by id or path (where the assets live: :mod:`negotiator.assets`)."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from negotiator.assets import assets_dir as assets_dir  # re-exported: where shipped assets live
from negotiator.model.errors import Problem, ScenarioError
from negotiator.model.loader import load_scenario
from negotiator.model.schema import Scenario
from negotiator.model.translation import (
    ScenarioTranslation,
    is_translation_file,
    load_translation,
    translation_file,
)
from negotiator.text import Message


def scenarios_dir() -> Path:
    return assets_dir() / "scenarios"


def shipped_scenarios() -> list[str]:
    """Ids of the scenarios shipped in ``assets/scenarios`` (sorted)."""
    return sorted(p.stem for p in scenarios_dir().glob("*.toml") if not is_translation_file(p))


def scenario_path(spec: str) -> Path:
    """``spec`` is a shipped scenario id (``confederation``) or a path to a .toml file."""
    p = Path(spec)
    if p.suffix == ".toml" or p.exists():
        return p
    candidate = scenarios_dir() / f"{spec}.toml"
    if candidate.exists():
        return candidate
    known = ", ".join(shipped_scenarios()) or "(none found)"
    raise ScenarioError(
        [
            Problem(
                spec,
                "",
                Message.of("cli.problem.no-scenario"),
                Message.of("cli.problem.fix.scenario", ids=known),
            )
        ]
    )


@lru_cache(maxsize=16)
def _load_cached(path: str, mtime_ns: int) -> Scenario:
    return load_scenario(path)


def get_scenario(spec: str) -> Scenario:
    """Load a scenario by id or path; cached while the file is unchanged (scenarios are immutable)."""
    path = scenario_path(spec)
    try:
        mtime = path.stat().st_mtime_ns
    except OSError:
        return load_scenario(path)
    return _load_cached(str(path), mtime)


@lru_cache(maxsize=16)
def _translation_cached(path: str, mtime_ns: int) -> ScenarioTranslation | None:
    try:
        return load_translation(path)
    except ScenarioError:
        return None  # a broken translation never stops a game: its texts show in English (validate says why)


def get_translation(
    scenario_id: str, lang: str, source: str | Path | None = None
) -> ScenarioTranslation | None:
    """The ``lang`` translation beside the scenario file ``source`` (default: the shipped file of
    ``scenario_id``), or ``None`` if there is none or it cannot be read. Cached while the file is unchanged."""
    scenario_file = Path(source) if source is not None else scenarios_dir() / f"{scenario_id}.toml"
    path = translation_file(scenario_file, lang)
    try:
        mtime = path.stat().st_mtime_ns
    except OSError:
        return None
    return _translation_cached(str(path), mtime)
