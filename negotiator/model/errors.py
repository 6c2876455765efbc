"""Errors the model layer raises for bad scenario files and bad packages.

Every problem is a :class:`Problem` (file, dotted path to the field, what is wrong, how to fix it) so the CLI and
the UI can print one clear line per problem instead of a traceback. Loading code raises only
:class:`ScenarioError` (a file could not be turned into a scenario) or :class:`PackageError` (a package does not fit a
scenario); both derive from :class:`NegotiatorError`, the project's own error type.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Self

from negotiator.text import SOURCE, Arg, Message, render


class NegotiatorError(Exception):
    """Base class of every error the project raises on purpose (bad input, not a bug).

    An error of one line can be raised as a catalogue message, ``OpinionError.of("error.opinion.sample", ...)``:
    ``str(error)`` is its English line as before, :meth:`said_in` the line in a reader's language (the command line
    prints it in the chosen language). Errors raised with plain English words keep them in every language.
    """

    said: Message | None = None

    @classmethod
    def of(cls, msgid: str, **args: Arg) -> Self:
        """The error whose words are the catalogue entry ``msgid`` (for classes built from one message string)."""
        said = Message.of(msgid, **args)
        error = cls(render(said, SOURCE))
        error.said = said
        return error

    def said_in(self, lang: str) -> str:
        """The error's line in ``lang`` (its English words when it was raised without a message id)."""
        return str(self) if self.said is None or lang == SOURCE else render(self.said, lang)


@dataclass(frozen=True, slots=True)
class Problem:
    """One thing wrong with an input: where it is, what is wrong, how to fix it."""

    file: str
    path: str
    message: str
    fix: str

    def line(self) -> str:
        """The one-line form ``FILE: path.to.field: what is wrong; how to fix it``."""
        where = self.path or "(file)"
        return f"{self.file}: {where}: {self.message}; {self.fix}"


class ProblemsError(NegotiatorError):
    """An error made of one or more :class:`Problem` lines."""

    def __init__(self, problems: Iterable[Problem]) -> None:
        self.problems: tuple[Problem, ...] = tuple(problems)
        if not self.problems:
            raise ValueError("an error needs at least one problem")
        super().__init__("\n".join(p.line() for p in self.problems))

    def lines(self) -> list[str]:
        return [p.line() for p in self.problems]


class ScenarioError(ProblemsError):
    """A scenario file is unreadable, malformed or inconsistent."""


class PackageError(ProblemsError):
    """A package names issues or options the scenario does not have, or leaves required issues open."""
