"""Checking a scenario translation against its scenario, as strictly as the scenario itself is checked.

One :class:`~negotiator.model.errors.Problem` per fault, each naming the file, the key and the fix:

- the header names another scenario, or a language the game does not have;
- a key names an issue, option, delegation, persona, constituency, event, package, stand-in or question the
  scenario does not have (a translation of nothing: usually a renamed id or a typo);
- a text translates a field the scenario leaves empty (a ``map_notice`` the scenario has none of);
- a list (``means``, ``red_lines``, ``interactions``, ``coherence``, a question's ``options``) has another length
  than the scenario's;
- a text's ``{placeholders}`` differ from the English (missing or extra);
- a text is not written in the file's language (a copied English text, or the other language's script);
- a number of the English (a year, a population, a percentage, written in digits) is missing from the translation
  (a dropped or changed figure misquotes its source; the translation writes it in digits too);
- a required text (one a player reads) is untranslated while the file says ``status = "complete"``; a
  ``partial`` file lists what it lacks instead (:class:`Report.missing`) and must not claim ``partial`` once
  nothing is missing, so the marker stays honest.

A translation written for an older version of the scenario is reported as :attr:`Report.stale` (a note, not an
error: the ids still fit, but some English may have changed since).
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from negotiator.model.errors import Problem
from negotiator.model.schema import Scenario
from negotiator.model.translation import TRANSLATED, ScenarioTranslation, Text, texts
from negotiator.text import SOURCE, Message, render

PLACEHOLDER = re.compile(r"\{([^{}]*)\}")
NUMBER = re.compile(r"\d+(?:[.,]\d+)*")
_DIGITS = str.maketrans("٠١٢٣٤٥٦٧٨٩۰۱۲۳۴۵۶۷۸۹٫٬", "01234567890123456789.,")
SCRIPTS: dict[str, tuple[tuple[int, int], ...]] = {
    "he": ((0x0590, 0x05FF), (0xFB1D, 0xFB4F)),
    "ar": ((0x0600, 0x06FF), (0x0750, 0x077F), (0xFB50, 0xFDFF), (0xFE70, 0xFEFF)),
}
"""Letters a text in each language must contain (Unicode blocks of the Hebrew and Arabic scripts)."""
_Add = Callable[[str, Message, Message], None]


@dataclass
class Report:
    """What checking a translation found."""

    problems: list[Problem] = field(default_factory=list)
    missing: list[Text] = field(default_factory=list)
    """Required texts with no translation (errors in a complete file, the to-do list of a partial one)."""
    required: int = 0
    """How many required texts the scenario has."""
    stale_note: Message | None = None
    """Set when the file translates an older version of the scenario (what to check, as a catalogue message)."""

    @property
    def stale(self) -> str | None:
        """The stale note in English."""
        return None if self.stale_note is None else render(self.stale_note, SOURCE)


def placeholders(text: str) -> list[str]:
    """The ``{...}`` fields of ``text``, sorted (``{n}`` and ``{n:.0f}`` both count as ``n``)."""
    return sorted(m.group(1).split("!")[0].split(":")[0] for m in PLACEHOLDER.finditer(text))


def numbers(text: str) -> set[str]:
    """The numbers written in digits in ``text`` (Arabic-Indic digits read as digits; ``700,000`` as ``700000``)."""
    return {n.replace(",", "") for n in NUMBER.findall(text.translate(_DIGITS))}


def written_in(text: str, lang: str) -> bool:
    """Whether ``text`` holds a letter of ``lang``'s script (always true for a language with no script listed)."""
    blocks = SCRIPTS.get(lang)
    if blocks is None:
        return True
    return any(lo <= ord(ch) <= hi for ch in text for lo, hi in blocks)


def _has_letters(text: str) -> bool:
    return any(unicodedata.category(ch).startswith("L") for ch in text)


def check_translation(
    scenario: Scenario, t: ScenarioTranslation, name: str, scenario_name: str = "the scenario"
) -> Report:
    """Check ``t`` (read from the file ``name``) against ``scenario`` (read from ``scenario_name``)."""
    report = Report()

    def add(path: str, message: Message, fix: Message) -> None:
        report.problems.append(Problem(name, path, message, fix))

    h = t.translation
    lang = h.language
    if h.scenario != scenario.id:
        add(
            "translation.scenario",
            Message.of(
                "problem.translates-other",
                said=repr(h.scenario),
                scenario=scenario_name,
                key=repr(scenario.id),
            ),
            Message.of("problem.fix.translates-other", key=scenario.id),
        )
    if lang not in TRANSLATED:
        add(
            "translation.language",
            Message.of("problem.not-a-language", lang=repr(lang)),
            Message.of("problem.fix.translated-languages", langs=", ".join(TRANSLATED)),
        )
    if h.translates_version != scenario.scenario.version:
        report.stale_note = Message.of(
            "problem.stale", old=h.translates_version, version=scenario.scenario.version
        )

    _unknown_ids(scenario, t, add)

    language = _LANGUAGE_MESSAGES.get(lang)
    for text in texts(scenario, t):
        if text.required:
            report.required += 1
        if text.translated is None:
            if text.required:
                report.missing.append(text)
            continue
        want, got = placeholders(text.english), placeholders(text.translated)
        if want != got:
            add(
                text.path,
                _placeholders(got, want),
                Message.of("problem.fix.placeholders"),
            )
        lost = sorted(numbers(text.english) - numbers(text.translated), key=lambda n: (len(n), n))
        if lost:
            add(
                text.path,
                Message.of("problem.numbers-lost", n=len(lost), numbers=", ".join(lost)),
                Message.of("problem.fix.numbers"),
            )
        if _has_letters(text.english) and not written_in(text.translated, lang) and language is not None:
            add(text.path, language[0], language[1])
    if report.missing and not t.partial:
        for text in report.missing:
            add(
                text.path,
                Message.of("problem.untranslated"),
                Message.of("problem.fix.untranslated"),
            )
    if t.partial and not report.missing:
        add(
            "translation.status",
            Message.of("problem.not-partial"),
            Message.of("problem.fix.complete"),
        )
    return report


_LANGUAGE_MESSAGES = {
    "he": (Message.of("problem.not-hebrew"), Message.of("problem.fix.translate-hebrew")),
    "ar": (Message.of("problem.not-arabic"), Message.of("problem.fix.translate-arabic")),
}
"""A text not written in its file's language: what is wrong and the fix (only the languages with a script listed
in :data:`SCRIPTS` can be told apart)."""


def _braces(names: list[str]) -> str:
    return "{" + "}, {".join(names) + "}"


def _placeholders(got: list[str], want: list[str]) -> Message:
    """'has placeholders {a} but the English has {b}', with 'none' for either side that has none."""
    if not got:
        return Message.of("problem.placeholders-none", want=_braces(want))
    if not want:
        return Message.of("problem.placeholders-extra", got=_braces(got))
    return Message.of("problem.placeholders", got=_braces(got), want=_braces(want))


def _unknown_ids(scenario: Scenario, t: ScenarioTranslation, add: _Add) -> None:
    issues = {i.id: i for i in scenario.issues}
    _keys(add, "issues", t.issues, issues, "issue")
    for issue_id, it in t.issues.items():
        if issue_id in issues:
            _keys(
                add,
                f"issues.{issue_id}.options",
                it.options,
                {o.id for o in issues[issue_id].options},
                "option",
            )
    delegations = {d.id: d for d in scenario.delegations}
    _keys(add, "delegations", t.delegations, delegations, "delegation")
    for d_id, dt in t.delegations.items():
        d = delegations.get(d_id)
        if d is None:
            continue
        base = f"delegations.{d_id}"
        _keys(add, f"{base}.overlays", dt.overlays, {o.persona for o in d.overlays}, "persona overlay")
        _length(add, f"{base}.means", dt.means, len(d.means))
        _length(add, f"{base}.red_lines", dt.red_lines, len(d.red_lines))
        _length(add, f"{base}.interactions", dt.interactions, len(d.interactions))
        for persona, ovt in dt.overlays.items():
            ov = d.overlay(persona)
            if ov is not None:
                _length(add, f"{base}.overlays.{persona}.red_lines", ovt.red_lines, len(ov.red_lines))
    _keys(add, "constituencies", t.constituencies, {c.id for c in scenario.constituencies}, "constituency")
    for c_id, ct in t.constituencies.items():
        c = next((c for c in scenario.constituencies if c.id == c_id), None)
        if c is not None and c.calibration_note is None and ct.calibration_note is not None:
            _nothing(add, f"constituencies.{c_id}.calibration_note")
    _keys(add, "events", t.events, {e.id for e in scenario.events}, "event")
    packages = {p.id: p for p in scenario.packages}
    _keys(add, "packages", t.packages, packages, "package")
    for p_id, pt in t.packages.items():
        if p_id in packages:
            _keys(add, f"packages.{p_id}.stand_ins", pt.stand_ins, packages[p_id].stand_ins, "stand-in")
    _length(add, "coherence", t.coherence, len(scenario.coherence))
    if scenario.scenario.map_notice is None and t.scenario.map_notice is not None:
        _nothing(add, "scenario.map_notice")
    q, qt = scenario.questionnaire, t.questionnaire
    if qt is None:
        return
    if q is None:
        add(
            "questionnaire",
            Message.of("problem.no-questionnaire"),
            Message.of("problem.fix.remove-questionnaire"),
        )
        return
    if q.intro is None and qt.intro is not None:
        _nothing(add, "questionnaire.intro")
    questions = {x.id: x for x in q.questions}
    _keys(add, "questionnaire.questions", qt.questions, questions, "question")
    for q_id, qqt in qt.questions.items():
        question = questions.get(q_id)
        if question is None:
            continue
        base = f"questionnaire.questions.{q_id}"
        _length(add, f"{base}.options", qqt.options, len(question.options))
        for end in ("low", "high"):
            if getattr(question, end) is None and getattr(qqt, end) is not None:
                _nothing(add, f"{base}.{end}")


_NO_SUCH = {
    "issue": Message.of("problem.no-such.issue").id,
    "option": Message.of("problem.no-such.option").id,
    "delegation": Message.of("problem.no-such.delegation").id,
    "persona overlay": Message.of("problem.no-such.overlay").id,
    "constituency": Message.of("problem.no-such.constituency").id,
    "event": Message.of("problem.no-such.event").id,
    "package": Message.of("problem.no-such.package").id,
    "stand-in": Message.of("problem.no-such.stand-in").id,
    "question": Message.of("problem.no-such.question").id,
}
"""'the scenario has no <what> <id>': one entry per kind (the kind's name differs by language)."""


def _keys(add: _Add, path: str, given: Mapping[Any, object], known: Iterable[str], what: str) -> None:
    known = sorted(known)
    for key in sorted(set(given) - set(known)):
        add(
            f"{path}.{key}",
            Message.of(_NO_SUCH[what], key=repr(key)),
            Message.of("problem.fix.use-one-of", ids=", ".join(known))
            if known
            else Message.of("problem.fix.nothing-there"),
        )


def _length(add: _Add, path: str, given: list[str] | None, want: int) -> None:
    if given is not None and len(given) != want:
        add(
            path,
            Message.of("problem.list-length", given=len(given), want=want),
            Message.of("problem.fix.list-length"),
        )


def _nothing(add: _Add, path: str) -> None:
    add(path, Message.of("problem.translates-nothing"), Message.of("problem.fix.remove"))
