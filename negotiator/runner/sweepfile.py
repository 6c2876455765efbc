"""Sweep files: a TOML grid of batches (scenarios x personas x opinion variants) and the cells it expands to.

    [sweep]
    name = "persona-mix"      # optional: the file's stem; rows in the database are filed under it
    seed = 1                  # every cell plays games 0..games-1 of this batch seed (common random numbers)
    games = 200               # games per cell
    out = "persona-mix"       # optional: folder for games.csv and cells.csv (default: <stem>-results beside the file)
    db = "persona-mix.db"     # optional: database path or URL (default: sweep.db in the out folder)

    [grid]
    scenarios = ["confederation", "variants/low-trust.toml"]   # shipped ids or files (relative to this file)

    [grid.personas]           # per delegation: one persona or a list to try
    israel = ["hard-liner", "pragmatist"]
    palestine = "reciprocator"

    [[grid.opinion]]          # optional opinion variants; without any, each scenario's own parameters
    name = "as-written"

    [[grid.opinion]]
    name = "low-trust"
    all = { trust_other = 0.1 }            # every constituency
    settlers = { loss_aversion = 3.0 }     # one constituency (applied after `all`)

Every cell of a sweep uses the same seed, so cells differ only in what the grid changes (common random numbers: a
fairer comparison of persona mixes than independent seeds). Mistakes give one line each: the file, the field and
the fix (:class:`SweepError`), never a traceback.
"""

from __future__ import annotations

import hashlib
import itertools
import json
import tomllib
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from negotiator.game.setup import PERSONAS
from negotiator.model.errors import Problem, ProblemsError
from negotiator.model.loader import scenario_from_dict
from negotiator.model.registry import get_scenario, scenario_path
from negotiator.model.schema import Opinion, Scenario
from negotiator.runner.work import scenario_key

MAX_GAMES_PER_CELL = 100_000_000
MAX_CELLS = 10_000
ALL = "all"


class SweepError(ProblemsError):
    """A sweep file cannot be read or names things that do not exist."""


@dataclass(frozen=True, slots=True)
class Cell:
    """One batch of the grid: a scenario (opinion variant applied), personas, and how many games."""

    number: int
    key: str
    scenario: Scenario
    scenario_label: str
    personas: dict[str, str]
    opinion: str
    games: int

    @property
    def personas_text(self) -> str:
        return ";".join(f"{d}={p}" for d, p in sorted(self.personas.items())) or "defaults"


@dataclass(frozen=True, slots=True)
class SweepPlan:
    name: str
    file: str
    seed: int
    games: int
    out: Path
    db: str
    cells: tuple[Cell, ...]

    @property
    def delegations(self) -> list[str]:
        """Every delegation id of every cell's scenario, in first-seen order (the CSV's per-delegation columns)."""
        seen: dict[str, None] = {}
        for cell in self.cells:
            for d in cell.scenario.delegations:
                seen.setdefault(d.id, None)
        return list(seen)

    @property
    def total_games(self) -> int:
        return sum(c.games for c in self.cells)


_SWEEP_KEYS = {"name", "seed", "games", "out", "db"}
_GRID_KEYS = {"scenarios", "personas", "opinion"}


def load_sweep(path: str | Path, out: str | None = None, db: str | None = None) -> SweepPlan:
    """Read, check and expand a sweep file (``out``/``db`` override the file's)."""
    file = str(path)
    p = Path(path)
    problems: list[Problem] = []

    def bad(field: str, message: str, fix: str) -> None:
        problems.append(Problem(file, field, message, fix))

    def stop() -> None:
        if problems:
            raise SweepError(problems)

    try:
        data = tomllib.loads(p.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise SweepError([Problem(file, "", "file not found", "check the path")]) from None
    except IsADirectoryError:
        raise SweepError([Problem(file, "", "is a folder", "name a sweep .toml file")]) from None
    except UnicodeDecodeError:
        raise SweepError([Problem(file, "", "is not UTF-8 text", "save it as UTF-8 TOML")]) from None
    except OSError as exc:
        raise SweepError([Problem(file, "", f"cannot be read ({exc.strerror})", "check it")]) from None
    except tomllib.TOMLDecodeError as exc:
        msg, _, at = str(exc).partition(" (at ")
        raise SweepError(
            [Problem(file, at.rstrip(")"), f"is not valid TOML ({msg})", "fix the syntax there")]
        ) from None

    for key in data:
        if key not in ("sweep", "grid"):
            bad(key, "is not a section of a sweep file", "use [sweep] and [grid]")
    sweep = data.get("sweep", {})
    grid = data.get("grid")
    if not isinstance(sweep, dict):
        bad("sweep", "should be a table", "write [sweep] with seed and games")
        sweep = {}
    if not isinstance(grid, dict):
        bad("grid", "is missing" if grid is None else "should be a table", 'add [grid] scenarios = ["..."]')
        grid = {}
    for key in sweep:
        if key not in _SWEEP_KEYS:
            bad(f"sweep.{key}", "is not a sweep setting", f"use {', '.join(sorted(_SWEEP_KEYS))}")
    for key in grid:
        if key not in _GRID_KEYS:
            bad(f"grid.{key}", "is not a grid axis", f"use {', '.join(sorted(_GRID_KEYS))}")

    name = sweep.get("name", p.stem)
    if (
        not isinstance(name, str)
        or not 0 < len(name) <= 64
        or not name.replace("-", "").replace("_", "").isalnum()
    ):
        bad("sweep.name", f"{name!r} is not a sweep name", "use letters, digits, '-' or '_' (at most 64)")
    seed = sweep.get("seed", 0)
    if isinstance(seed, bool) or not isinstance(seed, int) or not 0 <= seed <= 2**62:
        bad("sweep.seed", f"{seed!r} is not a seed", "use a whole number from 0, e.g. seed = 1")
    games = sweep.get("games")
    if isinstance(games, bool) or not isinstance(games, int) or not 1 <= games <= MAX_GAMES_PER_CELL:
        bad("sweep.games", f"{games!r} is not a number of games per cell", "write e.g. games = 200")
    for key in ("out", "db"):
        if key in sweep and not (isinstance(sweep[key], str) and sweep[key].strip()):
            bad(f"sweep.{key}", "should be a path", f'write e.g. {key} = "results"')
    stop()
    assert isinstance(games, int)

    scenarios = _scenarios(grid.get("scenarios"), p, file, bad)
    stop()
    personas = _persona_axes(grid.get("personas", {}), scenarios, file, bad)
    variants = _opinion_variants(grid.get("opinion", []), scenarios, file, bad)
    stop()
    combos = list(itertools.product(*[[(d, x) for x in options] for d, options in personas.items()]))
    count = len(scenarios) * max(1, len(variants)) * len(combos)
    if count > MAX_CELLS:
        bad("grid", f"expands to {count:,} cells, more than {MAX_CELLS:,}", "split it into several sweeps")
    stop()

    cells: list[Cell] = []
    for label, scenario in scenarios:
        for variant_name, changes in variants or [("scenario", {})]:
            varied = _apply_opinion(scenario, changes, f"{file}: grid.opinion[{variant_name}]")
            for combo in combos:
                chosen = dict(combo)
                key = _cell_key(scenario_key(varied), chosen, seed)
                cells.append(Cell(len(cells), key, varied, label, chosen, variant_name, games))

    keys = [c.key for c in cells]
    if len(set(keys)) < len(keys):
        twice = next(c for c in cells if keys.count(c.key) > 1)
        raise SweepError(
            [
                Problem(
                    file,
                    "grid",
                    f"plays the same cell twice ({twice.scenario_label}, {twice.opinion}, {twice.personas_text})",
                    "list each scenario once and give opinion variants different parameters",
                )
            ]
        )
    base = p.parent
    out_dir = Path(out) if out else base / sweep.get("out", f"{p.stem}-results")
    db_url = db or (
        str(base / sweep["db"]) if "db" in sweep and "://" not in sweep["db"] else sweep.get("db")
    )
    return SweepPlan(name, file, seed, games, out_dir, db_url or str(out_dir / "sweep.db"), tuple(cells))


def _scenarios(raw: Any, base: Path, file: str, bad: Any) -> list[tuple[str, Scenario]]:
    if not isinstance(raw, list) or not raw or not all(isinstance(x, str) for x in raw):
        bad(
            "grid.scenarios",
            "should be a list of scenario ids or files",
            'write scenarios = ["confederation"]',
        )
        return []
    out: list[tuple[str, Scenario]] = []
    for k, spec in enumerate(raw):
        spec_path = base / spec
        target = str(spec_path) if spec.endswith(".toml") or spec_path.exists() else spec
        try:
            scenario_path(target)
            out.append((spec, get_scenario(target)))
        except ProblemsError as exc:
            first = exc.problems[0]
            bad(f"grid.scenarios[{k}]", f"{spec!r}: {first.message}", first.fix)
    return out


def _persona_axes(
    raw: Any, scenarios: list[tuple[str, Scenario]], file: str, bad: Any
) -> dict[str, list[str]]:
    if not isinstance(raw, dict):
        bad(
            "grid.personas",
            "should be a table",
            'write [grid.personas] israel = ["hard-liner", "pragmatist"]',
        )
        return {}
    axes: dict[str, list[str]] = {}
    for delegation, value in raw.items():
        field = f"grid.personas.{delegation}"
        missing = [label for label, sc in scenarios if delegation not in {d.id for d in sc.delegations}]
        if missing:
            bad(
                field, f"is not a delegation of {', '.join(missing)}", "use a delegation every scenario seats"
            )
            continue
        options = [value] if isinstance(value, str) else value
        if not isinstance(options, list) or not options:
            bad(field, "should be a persona or a list of personas", 'write e.g. ["hard-liner", "pragmatist"]')
            continue
        wrong = [o for o in options if o not in PERSONAS]
        if wrong:
            bad(field, f"{wrong[0]!r} is not a persona", f"use {', '.join(PERSONAS)}")
            continue
        axes[delegation] = list(dict.fromkeys(options))
    return axes


def _opinion_variants(
    raw: Any, scenarios: list[tuple[str, Scenario]], file: str, bad: Any
) -> list[tuple[str, dict[str, dict[str, Any]]]]:
    if not isinstance(raw, list) or not all(isinstance(v, dict) for v in raw):
        bad("grid.opinion", "should be a list of tables", 'write [[grid.opinion]] name = "low-trust"')
        return []
    fields = set(Opinion.model_fields)
    variants: list[tuple[str, dict[str, dict[str, Any]]]] = []
    for k, table in enumerate(raw):
        name = table.get("name")
        where = f"grid.opinion[{name if isinstance(name, str) else k}]"
        if not isinstance(name, str) or not name.strip():
            bad(f"{where}.name", "is missing", 'give each variant a name, e.g. name = "low-trust"')
            continue
        if name in {v[0] for v in variants}:
            bad(f"{where}.name", "names two variants", "give each variant its own name")
            continue
        changes: dict[str, dict[str, Any]] = {}
        for target, values in table.items():
            if target == "name":
                continue
            if not isinstance(values, dict):
                bad(
                    f"{where}.{target}",
                    "should be a table of opinion parameters",
                    "write e.g. { trust_other = 0.2 }",
                )
                continue
            if target != ALL:
                missing = [lb for lb, sc in scenarios if target not in {c.id for c in sc.constituencies}]
                if missing:
                    bad(
                        f"{where}.{target}",
                        f"is not a constituency of {', '.join(missing)}",
                        f"use '{ALL}' or a constituency every scenario has",
                    )
                    continue
            unknown = [f for f in values if f not in fields]
            if unknown:
                bad(
                    f"{where}.{target}.{unknown[0]}",
                    "is not an opinion parameter",
                    f"use {', '.join(sorted(fields))}",
                )
                continue
            changes[target] = dict(values)
        variants.append((name, changes))
    return variants


def _apply_opinion(scenario: Scenario, changes: dict[str, dict[str, Any]], name: str) -> Scenario:
    """The scenario with opinion parameters replaced, checked again as a whole scenario (ranges, cross-checks)."""
    if not changes:
        return scenario
    data = scenario.model_dump(mode="python", exclude_unset=False)
    for c in data["constituencies"]:
        c["opinion"].update(changes.get(ALL, {}))
        c["opinion"].update(changes.get(c["id"], {}))
    try:
        return scenario_from_dict(data, name)
    except ProblemsError as exc:
        raise SweepError(exc.problems) from None


def _cell_key(scenario: str, personas: dict[str, str], seed: int) -> str:
    text = json.dumps({"scenario": scenario, "personas": personas, "seed": seed}, sort_keys=True)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:20]
