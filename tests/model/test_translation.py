"""Scenario translations: checked as strictly as the scenario (one line per fault naming file, key and fix), read
tolerantly at play time (a broken or partial translation shows English, marked), and shown in place of the English
by ``localise`` and by the names messages are rendered with."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from negotiator.model import ScenarioError
from negotiator.model.localise import local_texts, localise
from negotiator.model.names import ScenarioNames
from negotiator.model.public import PublicScenario
from negotiator.model.registry import get_scenario, scenarios_dir, shipped_scenarios
from negotiator.model.translation import (
    ScenarioTranslation,
    parse_translation,
    split_translation_name,
    texts,
)
from negotiator.model.translation_checks import check_translation, written_in
from negotiator.text import Message, issue, option, render
from tests.model.test_mutations import _mutate

WATER = get_scenario("water-and-crossings")
SHIPPED = sorted(p for p in scenarios_dir().glob("*.toml") if split_translation_name(p))


def nest(path: str, value: object, data: dict[str, Any]) -> None:
    """Put ``value`` at a translation key (``issues.water.title``, ``delegations.israel.means[0]``)."""
    parts = path.split(".")
    node = data
    for part in parts[:-1]:
        node = node.setdefault(part, {})
    last = parts[-1]
    m = re.fullmatch(r"(.+)\[(\d+)\]", last)
    if m:
        node.setdefault(m.group(1), []).append(value)
    else:
        node[last] = value


def synthetic(scenario: Any = WATER, lang: str = "he", *, skip: tuple[str, ...] = ()) -> dict[str, Any]:
    """A complete translation of ``scenario`` whose every text is the English with a word of ``lang`` before it."""
    word = {"he": "תרגום", "ar": "ترجمة"}[lang]
    data: dict[str, Any] = {
        "translation": {
            "scenario": scenario.id,
            "language": lang,
            "translates_version": scenario.scenario.version,
            "status": "complete",
        }
    }
    for t in texts(scenario):
        if t.path not in skip:
            nest(t.path, f"{word} {t.english}"[: 200 if t.path.endswith(("title", "office")) else None], data)
    return data


def problems(data: dict[str, Any], scenario: Any = WATER, name: str = "w.he.toml") -> list[str]:
    t = ScenarioTranslation.model_validate(data)
    return [p.line() for p in check_translation(scenario, t, name).problems]


# ----------------------------------------------------------------------------------------------------- checks
def test_a_complete_translation_has_no_problems() -> None:
    for sid in shipped_scenarios():
        for lang in ("he", "ar"):
            sc = get_scenario(sid)
            assert problems(synthetic(sc, lang), sc) == []


def test_every_shipped_translation_checks_clean_and_says_honestly_whether_it_is_complete() -> None:
    assert SHIPPED, "no translation is shipped"
    for path in SHIPPED:
        scenario_file, lang = split_translation_name(path)  # type: ignore[misc]
        t = parse_translation(path.read_bytes(), path.name)
        report = check_translation(get_scenario(str(scenario_file)), t, path.name)
        assert report.problems == [], [p.line() for p in report.problems]
        assert t.language == lang
        assert t.partial == bool(report.missing)  # partial exactly when something is missing


@pytest.mark.parametrize(
    ("change", "path", "words"),
    [
        (lambda d: d["issues"].update(nope={"title": "תרגום"}), "issues.nope", "no issue 'nope'"),
        (
            lambda d: d["issues"]["water"]["options"].update(nope={"title": "תרגום"}),
            "issues.water.options.nope",
            "no option 'nope'",
        ),
        (lambda d: d["events"].update(nope={"text": "תרגום"}), "events.nope", "no event 'nope'"),
        (lambda d: d["constituencies"].update(x={"title": "תרגום"}), "constituencies.x", "no constituency"),
        (lambda d: d["delegations"].update(us={"title": "תרגום"}), "delegations.us", "no delegation 'us'"),
        (
            lambda d: d["packages"]["status-quo"].update(stand_ins={"water": "תרגום"}),
            "packages.status-quo.stand_ins.water",
            "no stand-in",
        ),
        (
            lambda d: d["questionnaire"]["questions"].update(q9={"text": "תרגום"}),
            "questionnaire.questions.q9",
            "no question",
        ),
        (
            lambda d: d["issues"]["water"].update(title="תרגום {share}"),
            "issues.water.title",
            "placeholders {share} but the English has none",
        ),
        (
            lambda d: d["delegations"]["israel"].update(red_lines=["תרגום", "עוד"]),
            "delegations.israel.red_lines",
            "has 2 entries but the scenario has 1",
        ),
        (
            lambda d: d["issues"]["crossings"].update(description="Who runs the crossings"),
            "issues.crossings.description",
            "is not written in Hebrew",
        ),
        (
            lambda d: d["events"]["heatwave"].update(title="موجة حر"),
            "events.heatwave.title",
            "is not written in Hebrew",
        ),
        (lambda d: d["scenario"].update(map_notice="תרגום"), "scenario.map_notice", "does not have"),
        (
            lambda d: d["scenario"].update(design_notes="ישראל 63 מול 86, פלסטין 3 מול ٤٠"),
            "scenario.design_notes",
            "lacks the number 68 of the English;",  # 86 is not 68; the Arabic-Indic ٤٠ counts as 40
        ),
        (
            lambda d: d["translation"].update(scenario="confederation"),
            "translation.scenario",
            "translates 'confederation'",
        ),
        (lambda d: d["translation"].update(status="partial"), "translation.status", 'says "partial"'),
    ],
)
def test_each_fault_is_one_line_naming_the_file_the_key_and_the_fix(
    change: Any, path: str, words: str
) -> None:
    data = synthetic()
    change(data)
    lines = problems(data)
    assert lines, "the fault went unnoticed"
    hit = [line for line in lines if line.startswith(f"w.he.toml: {path}: ")]
    assert hit and words in hit[0], lines
    assert all("\n" not in line and "; " in line for line in lines)  # what is wrong; how to fix it


def test_an_untranslated_required_text_is_an_error_in_a_complete_file_and_a_listed_gap_in_a_partial_one() -> (
    None
):
    data = synthetic(skip=("events.heatwave.text", "delegations.palestine.red_lines[0]"))
    lines = problems(data)
    assert any(line.startswith("w.he.toml: events.heatwave.text: is not translated;") for line in lines), (
        lines
    )
    assert any("delegations.palestine.red_lines[0]: is not translated" in line for line in lines), lines
    data["translation"]["status"] = "partial"
    t = ScenarioTranslation.model_validate(data)
    report = check_translation(WATER, t, "w.he.toml")
    assert report.problems == []
    assert [x.path for x in report.missing] == ["delegations.palestine.red_lines[0]", "events.heatwave.text"]


def test_optional_trainer_notes_may_stay_english_even_in_a_complete_file() -> None:
    data = synthetic(skip=("scenario.design_notes",))
    assert problems(data) == []


def test_a_translation_of_an_older_version_is_a_note_not_an_error() -> None:
    data = synthetic()
    data["translation"]["translates_version"] = 7
    report = check_translation(WATER, ScenarioTranslation.model_validate(data), "w.he.toml")
    assert report.problems == [] and report.stale and "version 7" in report.stale


def test_a_malformed_file_is_one_line_per_problem() -> None:
    raw = '[translation]\nscenario = "water-and-crossings"\nlanguage = "he"\nstatus = "done"\n[issues.water]\nname = "x"\n'
    with pytest.raises(ScenarioError) as exc:
        parse_translation(raw, "w.he.toml")
    lines = exc.value.lines()
    assert any(line.startswith("w.he.toml: translation.translates_version: is missing;") for line in lines)
    assert any(line.startswith("w.he.toml: translation.status: ") for line in lines)
    assert any(line.startswith("w.he.toml: issues.water.name: is not a known key;") for line in lines)
    good = '[translation]\nscenario = "w"\nlanguage = "he"\ntranslates_version = 1\nstatus = "complete"\n'
    with pytest.raises(ScenarioError, match="file name says 'ar'"):
        parse_translation(good, "w.ar.toml")


# -------------------------------------------------------------------------------------------- mutation property
TRANSLATION_TEXTS = {p.name: p.read_bytes() for p in SHIPPED}


@pytest.mark.skipif(not TRANSLATION_TEXTS, reason="no translation shipped")
@settings(max_examples=60, deadline=None)
@given(
    which=st.integers(min_value=0, max_value=100),
    op=st.sampled_from(["drop", "truncate", "inject", "duplicate", "swap"]),
    a=st.integers(min_value=0, max_value=10**6),
    b=st.integers(min_value=0, max_value=10**6),
    junk=st.binary(min_size=1, max_size=12),
)
def test_whatever_a_translation_is_mangled_into_it_loads_or_gives_one_line_problems(
    which: int, op: str, a: int, b: int, junk: bytes
) -> None:
    name = sorted(TRANSLATION_TEXTS)[which % len(TRANSLATION_TEXTS)]
    data = _mutate(TRANSLATION_TEXTS[name], op, a, b, junk)
    scenario_file, _ = split_translation_name(name)  # type: ignore[misc]
    try:
        t = parse_translation(data, name)
    except ScenarioError as exc:
        assert exc.problems and all(p.file == name and p.message and p.fix for p in exc.problems)
        assert all("\n" not in line for line in exc.lines())
        return
    report = check_translation(get_scenario(scenario_file.stem), t, name)
    assert all("\n" not in p.line() and p.fix for p in report.problems)
    local = local_texts(get_scenario(scenario_file.stem), t.language)  # play never fails on a bad file
    assert local.text("scenario.title")


# ------------------------------------------------------------------------------------------------- showing them
def test_localise_shows_the_translation_and_marks_what_is_missing(tmp_path: Path) -> None:
    sc_file = tmp_path / "w.toml"
    sc_file.write_bytes((scenarios_dir() / "water-and-crossings.toml").read_bytes())
    data = synthetic(skip=("issues.water.title",))
    data["translation"]["status"] = "partial"
    _write_toml(tmp_path / "w.he.toml", data)
    he = localise(WATER, "he", source=sc_file, mark=lambda e: f"[EN] {e}")
    assert he.issue("crossings").title == "תרגום Crossings"
    assert he.issue("water").title == "[EN] Water allocation"  # untranslated: English, visibly marked
    assert he.issues[0].options[0].id == WATER.issues[0].options[0].id  # ids and numbers are the scenario's
    assert he.delegation("israel").points == WATER.delegation("israel").points
    assert localise(WATER, "en", source=sc_file) is WATER
    public = localise(PublicScenario.of(WATER), "he", source=sc_file)
    assert isinstance(public, PublicScenario) and public.delegation("palestine").brief.startswith("תרגום")
    local = local_texts(WATER, "he", sc_file)
    assert local.status == "partial" and local.untranslated() == ["issues.water.title"]
    assert local_texts(WATER, "ar", sc_file).status == "none"  # no Arabic file beside it: English


def test_messages_name_things_in_the_readers_language(tmp_path: Path) -> None:
    sc_file = tmp_path / "w.toml"
    sc_file.write_bytes((scenarios_dir() / "water-and-crossings.toml").read_bytes())
    _write_toml(tmp_path / "w.he.toml", synthetic())
    names = ScenarioNames(WATER, sc_file)
    msg = Message.of("bot.objection", issue=issue("water"), option=option("water", "plus-25"))
    he = render(msg, "he", names)
    assert "תרגום A quarter more for Palestinians" in he
    assert "a quarter more" in render(msg, "en", names) and "תרגום" not in render(msg, "en", names)


def test_the_shipped_translations_are_written_in_their_language() -> None:
    for path in SHIPPED:
        scenario_file, lang = split_translation_name(path)  # type: ignore[misc]
        local = local_texts(get_scenario(scenario_file.stem), lang)
        shown = [(t.path, s) for t, s, ok in local if ok]
        assert shown and all(written_in(s, lang) for _, s in shown)


def test_translation_files_are_not_scenarios() -> None:
    assert all("." not in sid for sid in shipped_scenarios())


def _write_toml(path: Path, data: dict[str, Any]) -> None:
    import tomlkit

    path.write_text(tomlkit.dumps(data), encoding="utf-8")


def test_the_scenario_object_answers_the_text_layers_seam() -> None:
    """``scenario.texts.text(field, lang)`` is what ``negotiator.text`` asks a scenario for (it cannot import the
    model): the translation, or None where there is none, and it never changes the scenario's value or equality."""
    sc = get_scenario("confederation")
    before = sc.model_dump()
    he = sc.texts.text("issues.jerusalem.title", "he")
    assert he == "ירושלים"
    assert sc.texts.text("issues.jerusalem.title", "en") is None  # English is the scenario itself
    assert (
        sc.texts.text("constituencies.gaza.calibration_note", "ar") is None
    )  # a machine-written note: English
    assert sc.texts.text("issues.nope.title", "he") is None
    assert sc.texts is sc.texts  # built once per scenario object
    assert sc.model_dump() == before and sc == get_scenario("confederation").model_copy()
    public = PublicScenario.of(sc)
    assert public.texts.text("delegations.palestine.brief", "ar") == sc.texts.text(
        "delegations.palestine.brief", "ar"
    )


def test_a_window_gets_its_own_seats_confidential_texts_translated_from_its_view() -> None:
    from negotiator.game.views import own_brief
    from negotiator.model.localise import own_texts

    sc = get_scenario("confederation")
    public = PublicScenario.of(sc)
    own = own_brief(sc, "palestine")  # what the Palestinian seat's view holds (English)
    english = {
        "confidential_brief": own.confidential_brief,
        "means": own.means,
        "red_lines": [why for *_, why in own.red_lines],
        "interactions": [why for *_, why in own.interactions],
    }
    he = own_texts(public, "palestine", "he", **english)
    assert he.confidential_brief == sc.texts.text("delegations.palestine.confidential_brief", "he")
    assert len(he.red_lines) == len(own.red_lines) and all(written_in(x, "he") for x in he.red_lines)
    assert he.red_lines[4] == sc.texts.text("delegations.palestine.red_lines[4]", "he")
    # a view whose list differs from the translation's (a scenario edited since) keeps its English there
    shorter = own_texts(public, "palestine", "ar", **{**english, "interactions": english["interactions"][:2]})
    assert shorter.interactions == tuple(english["interactions"][:2])
    assert written_in(shorter.confidential_brief, "ar")
    assert own_texts(public, "palestine", "en", **english).confidential_brief == own.confidential_brief
