"""Scenario translations: a sibling file per language beside the scenario, keyed by the scenario's ids.

``confederation.toml`` is the scenario (its texts are English); ``confederation.he.toml`` and
``confederation.ar.toml`` hold its Hebrew and Arabic texts. A translation file holds words only, never numbers,
keyed by the ids and field names of the scenario it translates::

    [translation]
    scenario = "water-and-crossings"   # the id of the scenario translated
    language = "he"                    # must match the file name
    translates_version = 1             # the scenario's version the texts were written for
    status = "complete"                # or "partial": untranslated texts then show in English, marked

    [issues.water]
    title = "..."
    description = "..."

    [issues.water.options.today]
    title = "..."

Lists with no ids (a delegation's ``means``, the ``why`` of its ``red_lines`` and ``interactions``, the
``coherence`` terms, a question's ``options``) are translated as lists of the same length, in the same order.
Sources' bibliographic entries stay in their own language and are not translated; nor are the calibration
mappings of ``poll_items``.

Every text the scenario defines is listed by :func:`texts` (one :class:`Text` per field: its path in the
translation file, the English, the translation if any, whether a player reads it): the checks
(:mod:`negotiator.model.translation_checks`), the localised scenario (:mod:`negotiator.model.localise`) and the
names messages are rendered with (:mod:`negotiator.model.names`) all walk that one list.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Annotated, Literal

from pydantic import Field, ValidationError

from negotiator.model.errors import Problem, ScenarioError
from negotiator.model.loader import _decode_toml, _problems_from_validation
from negotiator.model.public import PublicDelegation, PublicScenario
from negotiator.model.schema import Delegation, Id, PersonaName, Scenario, ShortText, Strict
from negotiator.model.schema import Text as LongText
from negotiator.text import LANGUAGES, SOURCE, Message

TRANSLATED: tuple[str, ...] = tuple(lang for lang in LANGUAGES if lang != SOURCE)
"""Languages a scenario can be translated into (the scenario file itself is the English)."""
_FILE = re.compile(r"^(?P<stem>.+)\.(?P<lang>[a-z]{2,3})\.toml$")
MAX_BYTES = 4 * 1024 * 1024


class Header(Strict):
    """Which scenario and language the file translates, and whether every player-facing text is done."""

    scenario: Id
    language: Annotated[str, Field(pattern=r"^[a-z]{2,3}$")]
    translates_version: Annotated[int, Field(ge=1)]
    status: Literal["complete", "partial"]
    """``partial``: some required texts are not translated yet; they show in English with a marker."""
    note: LongText | None = None
    """For translators: conventions, the glossary used, who checked the back-translation."""


class MetaT(Strict):
    title: ShortText | None = None
    summary: LongText | None = None
    context: LongText | None = None
    design_notes: LongText | None = None
    map_notice: LongText | None = None


class OptionT(Strict):
    title: ShortText | None = None
    description: LongText | None = None


class IssueT(Strict):
    title: ShortText | None = None
    description: LongText | None = None
    options: dict[Id, OptionT] = Field(default_factory=dict)


class OverlayT(Strict):
    why: LongText | None = None
    red_lines: list[LongText] | None = None


class DelegationT(Strict):
    title: ShortText | None = None
    office: ShortText | None = None
    brief: LongText | None = None
    confidential_brief: LongText | None = None
    means: list[LongText] | None = None
    red_lines: list[LongText] | None = None
    """The ``why`` of each red line, in the scenario's order."""
    interactions: list[LongText] | None = None
    """The ``why`` of each interaction, in the scenario's order."""
    overlays: dict[PersonaName, OverlayT] = Field(default_factory=dict)


class ConstituencyT(Strict):
    title: ShortText | None = None
    description: LongText | None = None
    calibration_note: LongText | None = None


class EventT(Strict):
    title: ShortText | None = None
    text: LongText | None = None


class PackageT(Strict):
    title: ShortText | None = None
    description: LongText | None = None
    stand_ins: dict[Id, LongText] = Field(default_factory=dict)


class QuestionT(Strict):
    text: LongText | None = None
    options: list[ShortText] | None = None
    low: ShortText | None = None
    high: ShortText | None = None


class QuestionnaireT(Strict):
    intro: LongText | None = None
    questions: dict[Id, QuestionT] = Field(default_factory=dict)


class ScenarioTranslation(Strict):
    """A whole translation file (every text optional here; completeness is checked against the scenario)."""

    translation: Header
    scenario: MetaT = Field(default_factory=MetaT)
    issues: dict[Id, IssueT] = Field(default_factory=dict)
    delegations: dict[Id, DelegationT] = Field(default_factory=dict)
    constituencies: dict[Id, ConstituencyT] = Field(default_factory=dict)
    events: dict[Id, EventT] = Field(default_factory=dict)
    packages: dict[Id, PackageT] = Field(default_factory=dict)
    coherence: list[LongText] | None = None
    """The ``why`` of each coherence term, in the scenario's order."""
    questionnaire: QuestionnaireT | None = None

    @property
    def language(self) -> str:
        return self.translation.language

    @property
    def partial(self) -> bool:
        return self.translation.status == "partial"


# ------------------------------------------------------------------------------------------------- the texts
Where = tuple[str | int, ...]


@dataclass(frozen=True, slots=True)
class Text:
    """One text of a scenario: where it sits in a translation file, its English, its translation (if any)."""

    path: str
    """The key in the translation file: ``issues.water.options.today.title``, ``delegations.israel.means[0]``."""
    english: str
    translated: str | None
    required: bool
    """A player reads it (titles, briefs, events...); optional texts are trainer notes (design notes, calibration)."""
    at: Where
    """Where it sits in the scenario's data (``model_dump()``): ``("issues", 0, "options", 2, "title")``."""
    ref: tuple[str, ...] | None = None
    """The message ref it names (``("issue", "water")``), when messages refer to it."""


def texts(scenario: Scenario | PublicScenario, t: ScenarioTranslation | None = None) -> Iterator[Text]:
    """Every translatable text of ``scenario`` with its translation in ``t`` (``None``: untranslated)."""
    t = t or _EMPTY
    m = scenario.scenario
    for f in ("title", "summary", "context"):
        yield Text(f"scenario.{f}", getattr(m, f), getattr(t.scenario, f), True, ("scenario", f))
    yield Text(
        "scenario.design_notes", m.design_notes, t.scenario.design_notes, False, ("scenario", "design_notes")
    )
    if m.map_notice is not None:
        yield Text(
            "scenario.map_notice", m.map_notice, t.scenario.map_notice, False, ("scenario", "map_notice")
        )
    for k, i in enumerate(scenario.issues):
        it = t.issues.get(i.id) or IssueT()
        base, at = f"issues.{i.id}", ("issues", k)
        yield Text(f"{base}.title", i.title, it.title, True, (*at, "title"), ("issue", i.id))
        yield Text(f"{base}.description", i.description, it.description, True, (*at, "description"))
        for j, o in enumerate(i.options):
            ot = it.options.get(o.id) or OptionT()
            obase, oat = f"{base}.options.{o.id}", (*at, "options", j)
            yield Text(f"{obase}.title", o.title, ot.title, True, (*oat, "title"), ("option", i.id, o.id))
            yield Text(f"{obase}.description", o.description, ot.description, True, (*oat, "description"))
    delegations: list[Delegation] | list[PublicDelegation] = scenario.delegations
    for k, d in enumerate[Delegation | PublicDelegation](delegations):
        dt = t.delegations.get(d.id) or DelegationT()
        base, at = f"delegations.{d.id}", ("delegations", k)
        yield Text(f"{base}.title", d.title, dt.title, True, (*at, "title"), ("delegation", d.id))
        yield Text(f"{base}.office", d.office, dt.office, True, (*at, "office"))
        yield Text(f"{base}.brief", d.brief, dt.brief, True, (*at, "brief"))
        if isinstance(scenario, PublicScenario):
            continue  # a public scenario has no confidential material to translate
        full = scenario.delegations[k]
        yield Text(
            f"{base}.confidential_brief",
            full.confidential_brief,
            dt.confidential_brief,
            True,
            (*at, "confidential_brief"),
        )
        yield from _list(f"{base}.means", full.means, dt.means, True, (*at, "means"), None)
        whys = [r.why for r in full.red_lines]
        yield from _list(f"{base}.red_lines", whys, dt.red_lines, True, (*at, "red_lines"), "why")
        whys = [x.why for x in full.interactions]
        yield from _list(f"{base}.interactions", whys, dt.interactions, True, (*at, "interactions"), "why")
        for j, ov in enumerate(full.overlays):
            ovt = dt.overlays.get(ov.persona) or OverlayT()
            obase, oat = f"{base}.overlays.{ov.persona}", (*at, "overlays", j)
            yield Text(f"{obase}.why", ov.why, ovt.why, False, (*oat, "why"))
            whys = [r.why for r in ov.red_lines]
            yield from _list(f"{obase}.red_lines", whys, ovt.red_lines, False, (*oat, "red_lines"), "why")
    for k, c in enumerate(scenario.constituencies):
        ct = t.constituencies.get(c.id) or ConstituencyT()
        base, at = f"constituencies.{c.id}", ("constituencies", k)
        yield Text(f"{base}.title", c.title, ct.title, True, (*at, "title"), ("group", c.id))
        yield Text(f"{base}.description", c.description, ct.description, True, (*at, "description"))
        if c.calibration_note is not None:
            note = ct.calibration_note
            yield Text(f"{base}.calibration_note", c.calibration_note, note, False, (*at, "calibration_note"))
    for k, e in enumerate(scenario.events):
        et = t.events.get(e.id) or EventT()
        at = ("events", k)
        yield Text(f"events.{e.id}.title", e.title, et.title, True, (*at, "title"), ("event", e.id))
        yield Text(f"events.{e.id}.text", e.text, et.text, True, (*at, "text"), ("event-text", e.id))
    for k, p in enumerate(scenario.packages):
        pt = t.packages.get(p.id) or PackageT()
        base, at = f"packages.{p.id}", ("packages", k)
        yield Text(f"{base}.title", p.title, pt.title, True, (*at, "title"))
        yield Text(f"{base}.description", p.description, pt.description, True, (*at, "description"))
        for issue_id, why in p.stand_ins.items():
            got = pt.stand_ins.get(issue_id)
            yield Text(f"{base}.stand_ins.{issue_id}", why, got, True, (*at, "stand_ins", issue_id))
    if isinstance(scenario, Scenario):
        whys = [c.why for c in scenario.coherence]
        yield from _list("coherence", whys, t.coherence, True, ("coherence",), "why")
    q = scenario.questionnaire
    if q is not None:
        qt = t.questionnaire or QuestionnaireT()
        if q.intro is not None:
            yield Text("questionnaire.intro", q.intro, qt.intro, True, ("questionnaire", "intro"))
        for k, question in enumerate(q.questions):
            qqt = qt.questions.get(question.id) or QuestionT()
            base, qat = f"questionnaire.questions.{question.id}", ("questionnaire", "questions", k)
            yield Text(f"{base}.text", question.text, qqt.text, True, (*qat, "text"))
            yield from _list(f"{base}.options", question.options, qqt.options, True, (*qat, "options"), None)
            for end in ("low", "high"):
                english = getattr(question, end)
                if english is not None:
                    yield Text(f"{base}.{end}", english, getattr(qqt, end), True, (*qat, end))


def _list(
    path: str,
    english: Sequence[str],
    translated: Sequence[str] | None,
    required: bool,
    at: Where,
    leaf: str | None,
) -> Iterator[Text]:
    # a list of the wrong length is reported by the checks; here its entries are simply not used
    fits = translated is not None and len(translated) == len(english)
    for k, text in enumerate(english):
        where = (*at, k) if leaf is None else (*at, k, leaf)
        yield Text(f"{path}[{k}]", text, translated[k] if fits and translated else None, required, where)


_EMPTY = ScenarioTranslation.model_validate(
    {"translation": {"scenario": "none", "language": "en", "translates_version": 1, "status": "partial"}}
)
"""No translation at all: every text untranslated (the English reading)."""


# ---------------------------------------------------------------------------------------------- reading files
def translation_file(scenario_file: str | Path, lang: str) -> Path:
    """Where the ``lang`` translation of the scenario file ``scenario_file`` sits (``x.toml`` -> ``x.he.toml``)."""
    p = Path(scenario_file)
    return p.with_name(f"{p.stem}.{lang}.toml")


def split_translation_name(path: str | Path) -> tuple[Path, str] | None:
    """``(scenario file, language)`` if ``path`` is named like a translation (``x.he.toml``), else ``None``."""
    p = Path(path)
    m = _FILE.match(p.name)
    if m is None or m.group("lang") not in LANGUAGES:
        return None
    return p.with_name(f"{m.group('stem')}.toml"), m.group("lang")


def is_translation_file(path: str | Path) -> bool:
    return split_translation_name(path) is not None


def load_translation(path: str | Path) -> ScenarioTranslation:
    """Read and type-check a translation file (not yet against its scenario: see ``translation_checks``)."""
    p = Path(path)
    name = str(path)
    try:
        raw = p.read_bytes()
    except OSError as exc:
        raise ScenarioError(
            [
                Problem(
                    name,
                    "",
                    Message.of("problem.unreadable", reason=str(exc.strerror or exc)),
                    Message.of("problem.fix.path-permissions"),
                )
            ]
        ) from None
    return parse_translation(raw, name)


def parse_translation(raw: bytes | str, name: str = "<translation>") -> ScenarioTranslation:
    if isinstance(raw, bytes) and len(raw) > MAX_BYTES:
        raise ScenarioError(
            [
                Problem(
                    name, "", Message.of("problem.translation-too-big"), Message.of("problem.fix.right-file")
                )
            ]
        )
    data = _decode_toml(raw, name)
    try:
        t = ScenarioTranslation.model_validate(data)
    except ValidationError as exc:
        problems = _problems_from_validation(exc, data, name)
        raise ScenarioError(
            [
                Problem(p.file, p.path, p.what, Message.of("problem.fix.add-missing-translation"))
                if isinstance(p.how, Message) and p.how.id == "problem.fix.add-missing"
                else p
                for p in problems
            ]
        ) from None
    except (RecursionError, ValueError, TypeError) as exc:
        raise ScenarioError(
            [
                Problem(
                    name,
                    "",
                    Message.of("problem.not-a-translation", error=type(exc).__name__),
                    Message.of("problem.fix.compare-he"),
                )
            ]
        ) from None
    named = split_translation_name(name)
    if named is not None and named[1] != t.language:
        raise ScenarioError(
            [
                Problem(
                    name,
                    "translation.language",
                    Message.of("problem.language-mismatch", said=repr(t.language), named=repr(named[1])),
                    Message.of("problem.fix.language-agree"),
                )
            ]
        )
    return t
