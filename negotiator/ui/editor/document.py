"""The scenario being edited: its TOML text as a tomlkit document, undo/redo, checking, analysis and a safe save.

Qt-free, so the editor's rules are tested without a window:

- edits go through :meth:`ScenarioDocument.edit`, which records the text before the change (undo) and clears the
  redo stack; tomlkit keeps the file's comments and layout, so a trainer's own notes survive an edit;
- :meth:`problems` checks the document exactly as ``negotiator validate`` does (the loader's one-line problems,
  each with the field's path, which the window links to the field);
- :meth:`analysis` says whether the exercise is still winnable: the Pareto frontier, the Nash and
  Kalai-Smorodinsky points, the ZOPA's size and whether each principal can reach its walk-away value at all;
- :meth:`save` writes atomically (a temporary file in the same folder, flushed, then renamed over the target) after
  copying the previous file to ``NAME.toml.bak``; a shipped scenario is never overwritten: it is opened as a copy
  that must be saved elsewhere;
- a scenario with problems is never saved as a scenario (:class:`NotSaved` carries the problems): it can only be
  kept as a *draft*, a file named ``NAME.draft.toml`` (:func:`draft_path`) that ``negotiator validate`` names as a
  draft and that no game loads as a scenario.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import tomlkit
from tomlkit.exceptions import TOMLKitError
from tomlkit.toml_document import TOMLDocument

from negotiator.model.errors import NegotiatorError, Problem, ScenarioError
from negotiator.model.loader import scenario_from_dict
from negotiator.model.registry import scenarios_dir
from negotiator.model.schema import Scenario
from negotiator.text import Message

MAX_UNDO = 200


class EditorError(NegotiatorError):
    """A one-line reason the editor cannot do what was asked (open, save): raised as a catalogue message
    (``EditorError.of``), shown in the window's language (``said_in``)."""


class NotSaved(EditorError):
    """The scenario has problems, so it was not saved as a scenario; ``problems`` are the loader's lines."""

    def __init__(self, problems: list[Problem]) -> None:
        self.problems = problems
        super().__init__(
            f"the scenario has {len(problems)} problem(s) and was not saved: fix them, or save it as a draft "
            "(NAME.draft.toml)"
        )


DRAFT_SUFFIX = ".draft.toml"


def is_draft(path: str | Path) -> bool:
    """Whether ``path`` is named as an unfinished scenario the editor saved with its problems."""
    return Path(path).name.endswith(DRAFT_SUFFIX)


def draft_path(path: str | Path) -> Path:
    """``x.toml`` -> ``x.draft.toml`` (a draft's own name is kept)."""
    p = Path(path)
    if is_draft(p):
        return p
    stem = p.name[: -len(".toml")] if p.name.endswith(".toml") else p.name
    return p.with_name(stem + DRAFT_SUFFIX)


@dataclass(frozen=True)
class Reachability:
    delegation: str
    best: float
    walk_away: float

    @property
    def reachable(self) -> bool:
        return self.best >= self.walk_away - 1e-9


@dataclass(frozen=True)
class EditorAnalysis:
    """Whether the edited exercise is still winnable for both sides."""

    parties: tuple[str, ...]
    outcome_count: int
    frontier_size: int
    nash: tuple[float, ...] | None
    kalai_smorodinsky: tuple[float, ...] | None
    zopa_size: int
    zopa_fraction: float
    reach: tuple[Reachability, ...]


def is_shipped(path: Path) -> bool:
    """Whether ``path`` is one of the scenarios that ship with Negotiator (never overwritten by the editor)."""
    try:
        return path.resolve().parent == scenarios_dir().resolve()
    except OSError:
        return False


class ScenarioDocument:
    def __init__(self, text: str, path: Path | None, *, shipped: bool = False) -> None:
        try:
            self.doc: TOMLDocument = tomlkit.parse(text)
        except TOMLKitError as exc:
            where = path or "the scenario"
            raise EditorError.of("editor.e.not-toml", where=str(where), detail=str(exc)) from None
        self.path = path
        """Where it saves; ``None`` for a copy of a shipped scenario not yet saved anywhere."""
        self.shipped_source = path if shipped else None
        if shipped:
            self.path = None
        self._undo: list[tuple[Message | str, str]] = []
        self._redo: list[tuple[Message | str, str]] = []
        self.saved_text = self.text()
        self._checked: tuple[str, Scenario | None, list[Problem]] | None = None

    # ------------------------------------------------------------------------------------------- open and save
    @classmethod
    def open(cls, path: str | Path) -> ScenarioDocument:
        p = Path(path)
        try:
            text = p.read_text(encoding="utf-8")
        except FileNotFoundError:
            raise EditorError.of("editor.e.not-found", file=str(p)) from None
        except (OSError, UnicodeDecodeError) as exc:
            raise EditorError.of("editor.e.unreadable", file=str(p), reason=str(exc)) from None
        doc = cls(text, p, shipped=is_shipped(p))
        if is_draft(p):  # finishing a draft: once it validates, Save writes the scenario beside it
            doc.path = p.with_name(p.name[: -len(DRAFT_SUFFIX)] + ".toml")
        return doc

    def text(self) -> str:
        return tomlkit.dumps(self.doc)

    @property
    def modified(self) -> bool:
        return self.text() != self.saved_text

    def save(self, path: str | Path | None = None, *, draft: bool = False) -> Path:
        """Write the document to ``path`` (default: where it came from) atomically, keeping a ``.bak`` copy.

        A scenario with problems raises :class:`NotSaved` and writes nothing; with ``draft`` it is written to the
        draft name of ``path`` instead (:func:`draft_path`), problems or not. A scenario is never written under a
        draft name, nor a draft under a scenario name."""
        target = Path(path) if path is not None else self.path
        if target is None:
            raise EditorError.of("editor.e.copy-needs-place")
        if draft:
            target = draft_path(target)
        else:
            if is_draft(target):
                raise EditorError.of(
                    "editor.e.draft-name",
                    file=target.name,
                    suffix=DRAFT_SUFFIX,
                    example=f"{target.name[: -len(DRAFT_SUFFIX)]}.toml",
                )
            problems = self.problems()
            if problems:
                raise NotSaved(problems)
        if is_shipped(target):
            raise EditorError.of("editor.e.shipped", file=str(target))
        text = self.text()
        folder = target.parent
        try:
            if target.exists():
                shutil.copy2(target, target.with_name(target.name + ".bak"))
            fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=folder)
            try:
                with os.fdopen(fd, "w", encoding="utf-8", newline="") as f:
                    f.write(text)
                    f.flush()
                    os.fsync(f.fileno())
                os.replace(tmp, target)
            except BaseException:
                Path(tmp).unlink(missing_ok=True)
                raise
        except OSError as exc:
            raise EditorError.of(
                "editor.e.unwritable", file=str(target), reason=str(exc.strerror or exc)
            ) from None
        if (
            not draft
        ):  # a draft is a side copy: the scenario itself is still unsaved, and Save still means its file
            self.path = target
            self.saved_text = text
        return target

    # -------------------------------------------------------------------------------------------------- editing
    def edit(self, label: Message | str, change: Any) -> None:
        """Apply ``change(doc)`` as one undoable step named ``label``."""
        before = self.text()
        change(self.doc)
        after = self.text()
        if after == before:
            return
        try:
            tomlkit.parse(after)  # never keep an edit the file could not be read back from
        except TOMLKitError as exc:
            self.doc = tomlkit.parse(before)
            raise EditorError.of("editor.e.not-read-back", step=label, detail=str(exc)) from None
        self._undo.append((label, before))
        del self._undo[:-MAX_UNDO]
        self._redo.clear()

    def undo(self) -> Message | str | None:
        """Undo the last edit; returns its label (``None`` when there is nothing to undo)."""
        if not self._undo:
            return None
        label, before = self._undo.pop()
        self._redo.append((label, self.text()))
        self.doc = tomlkit.parse(before)
        return label

    def redo(self) -> Message | str | None:
        if not self._redo:
            return None
        label, after = self._redo.pop()
        self._undo.append((label, self.text()))
        self.doc = tomlkit.parse(after)
        return label

    @property
    def undo_label(self) -> Message | str | None:
        return self._undo[-1][0] if self._undo else None

    @property
    def redo_label(self) -> Message | str | None:
        return self._redo[-1][0] if self._redo else None

    # ------------------------------------------------------------------------------------------------ checking
    def check(self) -> tuple[Scenario | None, list[Problem]]:
        """The scenario and no problems, or ``None`` and the loader's problems (cached until the next change)."""
        text = self.text()
        if self._checked is not None and self._checked[0] == text:
            return self._checked[1], self._checked[2]
        name = str(self.path or self.shipped_source or "scenario")
        try:
            scenario: Scenario | None = scenario_from_dict(self.doc.unwrap(), name)
            problems: list[Problem] = []
        except ScenarioError as exc:
            scenario, problems = None, list(exc.problems)
        self._checked = (text, scenario, problems)
        return scenario, problems

    def problems(self) -> list[Problem]:
        return self.check()[1]


def analyse(scenario: Scenario) -> EditorAnalysis:
    """The exact analysis between the principals (``negotiator analyze``) and each one's reachability."""
    from negotiator.engine.analysis import analyze

    a = analyze(scenario)
    util = a.frontier.utilities
    best = util.max(axis=0) if len(util) else [0.0] * len(a.party_ids)
    reach = tuple(
        Reachability(pid, float(best[k]), float(a.frontier.reservation[k]))
        for k, pid in enumerate(a.party_ids)
    )
    return EditorAnalysis(
        parties=a.party_ids,
        outcome_count=a.outcome_count,
        frontier_size=len(util),
        nash=tuple(float(x) for x in a.nash.utilities) if a.nash is not None else None,
        kalai_smorodinsky=(
            tuple(float(x) for x in a.kalai_smorodinsky.utilities)
            if a.kalai_smorodinsky is not None
            else None
        ),
        zopa_size=a.zopa.size,
        zopa_fraction=a.zopa.fraction,
        reach=reach,
    )


@dataclass(frozen=True)
class AiSample:
    """A few seeded AI-vs-AI games of the edited scenario: does the exercise still end in deals?"""

    games: int
    signed: int
    ratified: int
    below_walk_away: int
    """Signed deals that left a signatory below its walk-away value."""
    mean_points: dict[str, float]
    """Each signatory's mean final points."""


def ai_sample(scenario: Scenario, games: int = 6, seed: int = 1) -> AiSample:
    """Play ``games`` AI games (the default personas, seeds spawned from ``seed``) and count how they ended."""
    from negotiator.ai.batch import run_batch

    rows = run_batch(scenario, games, seed)
    signatories = list(scenario.rules.signatories)
    return AiSample(
        games=len(rows),
        signed=sum(bool(r["signed"]) for r in rows),
        ratified=sum(bool(r["ratified"]) for r in rows),
        below_walk_away=sum(bool(r["below_walk_away"]) for r in rows),
        mean_points={s: sum(float(r["points"][s]) for r in rows) / max(1, len(rows)) for s in signatories},
    )
