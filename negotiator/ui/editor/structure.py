"""Adding and removing whole issues and delegations in the edited TOML, keeping every reference consistent.

Qt-free changes for :meth:`ScenarioDocument.edit`. A new issue gets three placeholder options (the fewest an issue may
have) and a neutral number wherever the format needs one (0 points and 0 priority for every delegation, a 0.0
preference and 0 priority for every public, today's arrangement standing in for it in every reference package), so the scenario still validates and the new issue changes nothing until
the trainer gives it weight. Removing an issue removes everything that names it (points, priorities, preferences, red
lines, interactions, reference packages' choices); removing a delegation removes it from the signatories and the
ratification rules. Anything left that still names what was removed (a public that answers to a removed delegation,
say) is not guessed at: the scenario check names it, as for every other problem.
"""

from __future__ import annotations

import copy
from typing import Any

import tomlkit

PLACEHOLDER_OPTIONS = ("today", "middle", "far")


def _tables(d: Any, key: str) -> list[Any]:
    return list(d.get(key, []))


def add_issue(d: Any, issue_id: str, title: str) -> None:
    issue = tomlkit.table()
    issue["id"] = issue_id
    issue["title"] = title or issue_id
    issue["description"] = title or issue_id
    options = tomlkit.aot()
    for k, oid in enumerate(PLACEHOLDER_OPTIONS):
        opt = tomlkit.table()
        opt["id"] = oid
        opt["title"] = ("Today's arrangement", "A middle way", "A far-reaching change")[k]
        opt["description"] = "Describe this option (a placeholder made by the editor)."
        options.append(opt)
    issue["options"] = options
    d["issues"].append(issue)
    zeros = tomlkit.inline_table()
    zeros.update({oid: 0 for oid in PLACEHOLDER_OPTIONS})
    for deleg in _tables(d, "delegations"):
        deleg.setdefault("priorities", tomlkit.inline_table())[issue_id] = 0
        deleg.setdefault("points", tomlkit.table())[issue_id] = copy.deepcopy(zeros)
    neutral = tomlkit.inline_table()
    neutral.update({oid: 0.0 for oid in PLACEHOLDER_OPTIONS})
    for public in _tables(d, "constituencies"):
        public.setdefault("priorities", tomlkit.table())[issue_id] = 0
        public.setdefault("preferences", tomlkit.table())[issue_id] = copy.deepcopy(neutral)
    for package in _tables(d, "packages"):
        # A reference package predates the new issue: today's arrangement stands in for it, and says so.
        package.setdefault("options", tomlkit.inline_table())[issue_id] = PLACEHOLDER_OPTIONS[0]
        package.setdefault("stand_ins", tomlkit.inline_table())[issue_id] = (
            "The package did not address this issue (added in the editor): today's arrangement stands in."
        )


def _drop(container: Any, key: str) -> None:
    if container is not None and key in container:
        del container[key]


def _keep(records: Any, keep: Any) -> None:
    """Delete, in place, the records of an array that ``keep`` rejects (so the array keeps its TOML style)."""
    if records is None:
        return
    for k in range(len(records) - 1, -1, -1):
        if not keep(records[k]):
            del records[k]


def remove_issue(d: Any, issue_id: str) -> None:
    _keep(d.get("issues"), lambda i: i.get("id") != issue_id)
    for deleg in _tables(d, "delegations"):
        _drop(deleg.get("priorities"), issue_id)
        _drop(deleg.get("points"), issue_id)
        _keep(deleg.get("red_lines"), lambda r: r.get("issue") != issue_id)
        _keep(deleg.get("interactions"), lambda x: issue_id not in x.get("when", {}))
    for public in _tables(d, "constituencies"):
        _drop(public.get("priorities"), issue_id)
        _drop(public.get("preferences"), issue_id)
    for package in _tables(d, "packages"):
        _drop(package.get("options"), issue_id)
        _drop(package.get("stand_ins"), issue_id)


def add_delegation(d: Any, copy_of: str, new_id: str, title: str) -> None:
    """A copy of delegation ``copy_of`` (its points, priorities and briefs, to be edited) as a third party: not a
    signatory, so the exercise's deal and ratification rules are unchanged until the trainer says otherwise."""
    source = next(x for x in d["delegations"] if x.get("id") == copy_of)
    new = copy.deepcopy(source)
    new["id"] = new_id
    new["title"] = title or new_id
    new["role"] = "third-party"
    _drop(new, "overlays")  # persona overlays speak for the original delegation
    d["delegations"].append(new)


def remove_delegation(d: Any, delegation_id: str) -> None:
    _keep(d.get("delegations"), lambda x: x.get("id") != delegation_id)
    rules = d.get("rules", {})
    signatories = rules.get("signatories")
    if signatories is not None and delegation_id in signatories:
        signatories.remove(delegation_id)
    _keep(rules.get("ratification"), lambda r: r.get("delegation") != delegation_id)
