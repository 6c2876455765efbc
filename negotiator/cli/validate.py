"""``negotiator validate FILE...``: check scenario files and their translations; print OK or one line per problem.

A file named ``<scenario>.<language>.toml`` (``confederation.he.toml``) is a translation and is checked against the
scenario file beside it; checking a scenario also checks the translations beside it that were not named. A file
named ``<name>.draft.toml`` is a draft the scenario editor kept with its problems: it is named as a draft (and fails)
before its problems are listed.
"""

from __future__ import annotations

import argparse
from pathlib import Path

from negotiator.cli.language import add_lang_arg, cli_language, say
from negotiator.model.errors import ScenarioError
from negotiator.model.loader import load_scenario
from negotiator.model.schema import Scenario
from negotiator.model.translation import (
    TRANSLATED,
    load_translation,
    split_translation_name,
    translation_file,
)
from negotiator.model.translation_checks import check_translation
from negotiator.ui.editor.document import is_draft

HELP = (
    "check scenario files and their translations (<scenario>.<lang>.toml): prints 'FILE: OK' or one line per "
    "problem (exit 1 if any file has problems)"
)


def configure(p: argparse.ArgumentParser) -> None:
    p.add_argument("files", nargs="+", metavar="FILE", help="scenario .toml files or their translations")
    p.add_argument(
        "--missing",
        action="store_true",
        help="list every untranslated text of a partial translation (one key per line)",
    )
    add_lang_arg(p, "its lines (files, fields and ids stay as the files write them)")


def run(args: argparse.Namespace) -> int:
    lang = cli_language(args)
    bad = 0
    named = {Path(f).resolve() for f in args.files}
    seen: set[Path] = set()
    scenarios: dict[Path, Scenario | None] = {}
    for f in args.files:
        split = split_translation_name(f)
        if is_draft(f):
            print(say(lang, "cli.validate.draft", file=f))
            bad += 1
            _scenario(f, scenarios, report=True, lang=lang)
        elif split is None:
            scenario = _scenario(f, scenarios, report=True, lang=lang)
            bad += scenario is None
            for other in TRANSLATED:  # the translations beside it, unless they were named too
                sibling = translation_file(f, other)
                if sibling.exists() and sibling.resolve() not in named and sibling.resolve() not in seen:
                    seen.add(sibling.resolve())
                    bad += not _translation(str(sibling), Path(f), scenarios, args.missing, lang)
        elif Path(f).resolve() not in seen:
            seen.add(Path(f).resolve())
            bad += not _translation(f, split[0], scenarios, args.missing, lang)
    return 1 if bad else 0


def _scenario(
    f: str | Path, cache: dict[Path, Scenario | None], report: bool, lang: str = "en"
) -> Scenario | None:
    """Load a scenario once (a translation checked before its scenario loads it too); print its lines if asked."""
    key = Path(f).resolve()
    lines: list[str] = []
    if key in cache and not report:
        return cache[key]
    try:
        scenario: Scenario | None = load_scenario(f)
    except ScenarioError as exc:
        scenario = None
        lines = exc.lines(lang)
    else:
        lines = [say(lang, "cli.validate.scenario-ok", file=str(f))]
    if report:
        for line in lines:
            print(line)
    cache[key] = scenario
    return scenario


def _translation(
    f: str, scenario_file: Path, cache: dict[Path, Scenario | None], missing: bool, lang: str = "en"
) -> bool:
    try:
        t = load_translation(f)
    except ScenarioError as exc:
        for line in exc.lines(lang):
            print(line)
        return False
    if not scenario_file.exists():
        print(say(lang, "cli.validate.no-scenario", file=f, scenario=str(scenario_file)))
        return False
    scenario = _scenario(scenario_file, cache, report=False)
    if scenario is None:
        print(say(lang, "cli.validate.scenario-broken", file=f, scenario=str(scenario_file)))
        return False
    report = check_translation(scenario, t, f, str(scenario_file))
    for p in report.problems:
        print(p.line(lang))
    if report.problems:
        return False
    if report.stale_note is not None:
        print(say(lang, "cli.validate.note", file=f, note=report.stale_note))
    if report.missing:
        done = report.required - len(report.missing)
        print(
            say(
                lang,
                "cli.validate.partial" if missing else "cli.validate.partial.hint",
                file=f,
                done=done,
                required=report.required,
                n=len(report.missing),
            )
        )
        if missing:
            for text in report.missing:
                print(say(lang, "cli.validate.untranslated", file=f, key=text.path))
    else:
        print(say(lang, "cli.validate.ok", file=f, n=report.required))
    return True
