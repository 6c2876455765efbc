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
from negotiator.text import Message


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
                    Message.of("cli.problem.package.not-object", kind=type(mapping).__name__),
                    Message.of("problem.fix.write", kind='{"issue-id": "option-id", ...}'),
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
                    Message.of("cli.problem.package.no-issue", issue=str(key), scenario=scenario.id),
                    Message.of("problem.fix.use-one-of", ids=", ".join(issue_ids)),
                )
            )
            continue
        option_ids = [o.id for o in scenario.issue(key).options]
        if not isinstance(value, str):
            problems.append(
                Problem(
                    name,
                    key,
                    Message.of("cli.problem.package.not-option-id", kind=type(value).__name__),
                    Message.of("problem.fix.use-one-of", ids=", ".join(option_ids)),
                )
            )
        elif value not in option_ids:
            problems.append(
                Problem(
                    name,
                    key,
                    Message.of("cli.problem.package.no-option", issue=key, option=value),
                    Message.of("problem.fix.use-one-of", ids=", ".join(option_ids)),
                )
            )
    if complete:
        for issue_id in issue_ids:
            if issue_id not in mapping:
                problems.append(
                    Problem(
                        name,
                        issue_id,
                        Message.of("cli.problem.package.open"),
                        Message.of("cli.problem.fix.package.choose"),
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
                    Message.of("cli.problem.package.no-reference"),
                    Message.of("cli.problem.fix.package.reference", ids=known),
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
            [
                Problem(
                    name,
                    "",
                    Message.of("cli.problem.cannot-read", why=str(exc.strerror or exc)),
                    Message.of("cli.problem.fix.check-path"),
                )
            ]
        ) from None
    try:
        return json.loads(raw.decode("utf-8"))
    except UnicodeDecodeError:
        raise PackageError(
            [Problem(name, "", Message.of("problem.not-utf8"), Message.of("cli.problem.fix.package.utf8"))]
        ) from None
    except json.JSONDecodeError as exc:
        raise PackageError(
            [
                Problem(
                    name,
                    f"line {exc.lineno} column {exc.colno}",
                    Message.of("cli.problem.package.json", error=exc.msg),
                    Message.of("cli.problem.fix.package.json"),
                )
            ]
        ) from None
    except RecursionError:
        raise PackageError(
            [
                Problem(
                    name,
                    "",
                    Message.of("cli.problem.package.deep"),
                    Message.of("cli.problem.fix.package.flat"),
                )
            ]
        ) from None


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
                    Message.of("cli.problem.package.not-list", kind=type(data).__name__),
                    Message.of("problem.fix.write", kind="[ {...}, {...} ]"),
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
