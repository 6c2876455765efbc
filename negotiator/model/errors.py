"""Errors the model layer raises for bad scenario files and bad packages.

Every problem is a :class:`Problem` (file, dotted path to the field, what is wrong, how to fix it) so the CLI and
the UI can print one clear line per problem instead of a traceback. What is wrong and how to fix it are catalogue
messages (:class:`~negotiator.text.Message`: an id and its arguments, ``problem.*`` entries), rendered when shown:
``negotiator validate --lang he`` and the editor's problems panel print them in Hebrew or Arabic, the English line is
the one a trainer has always read. (A plain string is still accepted and shown as it is, for checks outside the
scenario files.) Loading code raises only :class:`ScenarioError` (a file could not be turned into a scenario) or
:class:`PackageError` (a package does not fit a scenario); both derive from :class:`NegotiatorError`, the project's
own error type.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Self, TypeAlias

from negotiator.text import SOURCE, Arg, Message, render

_LINE = re.compile(r"line (\d+), column (\d+)")
_BYTE = re.compile(r"byte (\d+)")
Words: TypeAlias = "str | Message"
"""What a problem says: a catalogue message, or (checks outside the scenario files) English words as they are."""


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


def _words(words: Words, lang: str) -> str:
    return render(words, lang) if isinstance(words, Message) else words


@dataclass(frozen=True, slots=True)
class Problem:
    """One thing wrong with an input: where it is, what is wrong, how to fix it."""

    file: str
    path: str
    what: Words
    how: Words

    @property
    def message(self) -> str:
        """What is wrong, in English."""
        return _words(self.what, SOURCE)

    def wrong(self, lang: str = SOURCE) -> str:
        """What is wrong, in ``lang``."""
        return _words(self.what, lang)

    @property
    def fix(self) -> str:
        """How to fix it, in English."""
        return _words(self.how, SOURCE)

    def said(self, lang: str = SOURCE) -> str:
        """``what is wrong; how to fix it`` in ``lang`` (the line without its file and field)."""
        if lang == SOURCE:
            return f"{self.message}; {self.fix}"
        return render(
            Message.of("problem.said", what=_words(self.what, lang), how=_words(self.how, lang)), lang
        )

    def where(self, lang: str = SOURCE) -> str:
        """The field's path, or the whole file's mark when the problem is with the file itself (a place in a file
        that is not TOML yet, ``line 3, column 5`` or ``byte 12``, in the reader's words)."""
        if lang == SOURCE:
            return self.path or "(file)"
        if not self.path:
            return render(Message.of("problem.whole-file"), lang)
        at = _LINE.fullmatch(self.path)
        if at is not None:
            return render(Message.of("problem.at-line", line=int(at[1]), column=int(at[2])), lang)
        at = _BYTE.fullmatch(self.path)
        if at is not None:
            return render(Message.of("problem.at-byte", offset=int(at[1])), lang)
        return self.path

    def line(self, lang: str = SOURCE) -> str:
        """The one-line form ``FILE: path.to.field: what is wrong; how to fix it``, in ``lang``."""
        if lang == SOURCE:
            return f"{self.file}: {self.where()}: {self.message}; {self.fix}"
        return render(
            Message.of(
                "problem.line",
                file=self.file,
                where=self.where(lang),
                what=_words(self.what, lang),
                how=_words(self.how, lang),
            ),
            lang,
        )

    def __str__(self) -> str:
        return self.line()


class ProblemsError(NegotiatorError):
    """An error made of one or more :class:`Problem` lines."""

    def __init__(self, problems: Iterable[Problem]) -> None:
        self.problems: tuple[Problem, ...] = tuple(problems)
        if not self.problems:
            raise ValueError("an error needs at least one problem")
        super().__init__("\n".join(p.line() for p in self.problems))

    def lines(self, lang: str = SOURCE) -> list[str]:
        return [p.line(lang) for p in self.problems]

    def said_in(self, lang: str) -> str:
        """Every problem's line in ``lang``, one a line."""
        return "\n".join(self.lines(lang))


class ScenarioError(ProblemsError):
    """A scenario file is unreadable, malformed or inconsistent."""


class PackageError(ProblemsError):
    """A package names issues or options the scenario does not have, or leaves required issues open."""
