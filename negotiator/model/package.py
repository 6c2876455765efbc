"""Packages: one chosen option per issue (complete) or per some issues (partial, as tabled in talks).

A :class:`Package` is an immutable, hashable mapping issue id -> option id, ordered like the scenario's issues so
that equal packages compare, hash and print the same on every machine.
"""

from __future__ import annotations

import json
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from negotiator.model.errors import PackageError, Problem
from negotiator.model.schema import Scenario


@dataclass(frozen=True, slots=True)
class Package(Mapping[str, str]):
    """Issue id -> option id. Build it with :func:`make_package` so it is checked against a scenario."""

    choices: tuple[tuple[str, str], ...]

    def __getitem__(self, issue_id: str) -> str:
        for i, o in self.choices:
            if i == issue_id:
                return o
        raise KeyError(issue_id)

    def __iter__(self) -> Iterator[str]:
        return (i for i, _ in self.choices)

    def __len__(self) -> int:
        return len(self.choices)

    def as_dict(self) -> dict[str, str]:
        return dict(self.choices)

    def replace(self, issue_id: str, option_id: str) -> Package:
        """A copy with one issue settled differently (the caller keeps scenario order by passing known ids)."""
        return Package(tuple((i, option_id if i == issue_id else o) for i, o in self.choices))

    def is_complete(self, scenario: Scenario) -> bool:
        return len(self.choices) == len(scenario.issues)


def make_package(
    scenario: Scenario, mapping: Mapping[str, Any], *, name: str = "<package>", complete: bool = True
) -> Package:
    """Check ``mapping`` against ``scenario`` and return it as a :class:`Package`.

    Raises :class:`PackageError` naming every unknown issue, unknown option, wrong type and (when ``complete``)
    every issue left open.
    """
    problems: list[Problem] = []
    if not isinstance(mapping, Mapping):
        raise PackageError(
            [
                Problem(
                    name,
                    "",
                    f"should be an object of issue -> option, not {type(mapping).__name__}",
                    'write {"issue-id": "option-id", ...}',
                )
            ]
        )
    issue_ids = [i.id for i in scenario.issues]
    for key, value in mapping.items():
        if not isinstance(key, str) or key not in issue_ids:
            problems.append(
                Problem(
                    name,
                    str(key),
                    f"no issue {key!r} in scenario {scenario.id!r}",
                    f"use one of {', '.join(issue_ids)}",
                )
            )
            continue
        option_ids = [o.id for o in scenario.issue(key).options]
        if not isinstance(value, str):
            problems.append(
                Problem(
                    name,
                    key,
                    f"should be an option id (text), not {type(value).__name__}",
                    f"use one of {', '.join(option_ids)}",
                )
            )
        elif value not in option_ids:
            problems.append(
                Problem(
                    name, key, f"issue {key!r} has no option {value!r}", f"use one of {', '.join(option_ids)}"
                )
            )
    if complete:
        for issue_id in issue_ids:
            if issue_id not in mapping:
                problems.append(
                    Problem(
                        name,
                        issue_id,
                        "this issue is left open",
                        "choose one of its options (a package settles every issue)",
                    )
                )
    if problems:
        raise PackageError(problems)
    return Package(tuple((i, mapping[i]) for i in issue_ids if i in mapping))


def reference_package(scenario: Scenario, package_id: str) -> Package:
    """The named reference package (``status-quo``, ``clinton-2000``, ...)."""
    try:
        ref = scenario.reference(package_id)
    except KeyError:
        known = ", ".join(p.id for p in scenario.packages) or "(none)"
        raise PackageError(
            [
                Problem(
                    scenario.id,
                    f"packages[{package_id}]",
                    "no such reference package",
                    f"use one of {known}, or a JSON file of issue -> option",
                )
            ]
        ) from None
    return make_package(scenario, ref.options, name=f"{scenario.id}:{package_id}")


def _read_json(path: Path) -> Any:
    name = str(path)
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise PackageError(
            [Problem(name, "", f"cannot be read ({exc.strerror or exc})", "check the path")]
        ) from None
    try:
        return json.loads(raw.decode("utf-8"))
    except UnicodeDecodeError:
        raise PackageError([Problem(name, "", "is not UTF-8 text", "save it as UTF-8 JSON")]) from None
    except json.JSONDecodeError as exc:
        raise PackageError(
            [
                Problem(
                    name,
                    f"line {exc.lineno} column {exc.colno}",
                    f"is not valid JSON ({exc.msg})",
                    "fix the JSON syntax there",
                )
            ]
        ) from None
    except RecursionError:
        raise PackageError([Problem(name, "", "is nested too deeply", "write a flat object")]) from None


def resolve_package(scenario: Scenario, spec: str) -> Package:
    """``spec`` is a reference package id or the path of a JSON file mapping issue id -> option id."""
    if any(p.id == spec for p in scenario.packages):
        return reference_package(scenario, spec)
    path = Path(spec)
    if path.suffix.lower() == ".json" or path.exists():
        return make_package(scenario, _read_json(path), name=str(path))
    return reference_package(scenario, spec)


def load_packages_file(scenario: Scenario, path: str | Path) -> list[Package]:
    """A JSON list of issue -> option objects."""
    p = Path(path)
    data = _read_json(p)
    if not isinstance(data, list):
        raise PackageError(
            [
                Problem(
                    str(p),
                    "",
                    f"should be a JSON list of packages, not {type(data).__name__}",
                    "write [ {...}, {...} ]",
                )
            ]
        )
    packages: list[Package] = []
    problems: list[Problem] = []
    for k, item in enumerate(data):
        try:
            packages.append(make_package(scenario, item, name=f"{p}[{k}]"))
        except PackageError as exc:
            problems.extend(exc.problems)
    if problems:
        raise PackageError(problems)
    return packages
