"""``negotiator analyze``: the exact bargaining analysis of a scenario (frontier, Nash, Kalai-Smorodinsky,
egalitarian, ZOPA) between its principal delegations or any 2-4 delegations."""

from __future__ import annotations

import argparse
from typing import Any

from rich.console import Console
from rich.markup import escape
from rich.table import Table

from negotiator.cli._common import add_json_arg, add_scenario_arg, print_json, scenario_from_args
from negotiator.cli.language import add_lang_arg, cli_language, say
from negotiator.cli.language import called as scenario_name
from negotiator.engine.analysis import Analysis, analyze
from negotiator.engine.domain import AnalysisError
from negotiator.model.names import ScenarioNames
from negotiator.model.schema import Scenario
from negotiator.text import Ref, delegation, issue, option

HELP = "exact analysis: Pareto frontier, Nash / Kalai-Smorodinsky / egalitarian points, ZOPA size"

MAX_PARTIES = 4


def configure(p: argparse.ArgumentParser) -> None:
    add_scenario_arg(p)
    p.add_argument(
        "--parties",
        metavar="A,B",
        help=f"comma-separated delegation ids, 2 to {MAX_PARTIES} (default: the principal delegations)",
    )
    p.add_argument(
        "--respect-red-lines",
        action="store_true",
        help="leave out options any of these delegations has declared a red line on",
    )
    p.add_argument(
        "--top",
        type=int,
        default=15,
        metavar="N",
        help="frontier points shown in the table, spread evenly along it (JSON lists all unless --limit)",
    )
    p.add_argument(
        "--limit", type=int, default=None, metavar="N", help="list at most N frontier points in JSON"
    )
    add_json_arg(p)
    add_lang_arg(p, "its summary, table titles and headings (ids and the JSON stay in English)")


def parse_parties(scenario: Scenario, spec: str | None) -> list[str] | None:
    if spec is None:
        return None
    ids = [s.strip() for s in spec.split(",") if s.strip()]
    known = [d.id for d in scenario.delegations]
    for pid in ids:
        if pid not in known:
            raise AnalysisError.of(
                "cli.error.parties-unknown",
                flag="--parties",
                name=pid,
                scenario=scenario.id,
                known=", ".join(known),
            )
    if len(set(ids)) != len(ids):
        raise AnalysisError.of("cli.error.parties-twice", flag="--parties")
    if not 2 <= len(ids) <= MAX_PARTIES:
        raise AnalysisError.of(
            "cli.error.parties-count", flag="--parties", least=2, most=MAX_PARTIES, given=len(ids)
        )
    return ids


def run(args: argparse.Namespace) -> int:
    scenario = scenario_from_args(args)
    result = analyze(
        scenario, parse_parties(scenario, args.parties), respect_red_lines=args.respect_red_lines
    )
    if args.json:
        print_json(result.to_json(limit=args.limit))
        return 0
    lang = cli_language(args)
    title = None if lang == "en" else scenario.texts.text("scenario.title", lang) or scenario.scenario.title
    show(result, top=args.top, lang=lang, names=ScenarioNames(scenario), title=title)
    return 0


def show(
    a: Analysis,
    top: int = 15,
    lang: str = "en",
    names: ScenarioNames | None = None,
    title: str | None = None,
) -> None:
    """The analysis for a reader in ``lang``: sentences, titles and headings from the catalogue; in Hebrew and Arabic
    the scenario (``title``), delegations, issues and options by their translated titles, the frontier's package
    column as 'issue: option' in titles (English keeps the ids it always printed: a compact key)."""

    def t(msgid: str, **args: Any) -> str:
        return escape(say(lang, msgid, **args))

    def called(ref: Ref, fallback: str) -> str:
        return escape(scenario_name(names, lang, ref, fallback))

    console = Console()
    parties = a.party_ids
    head = "cli.analyze.head-red-lines" if a.respect_red_lines else "cli.analyze.head"
    party_names = [called(delegation(p), p) for p in parties]
    comma = "، " if lang == "ar" else ", "  # the Arabic comma
    console.print(t(head, scenario=title or a.scenario_id, parties=comma.join(party_names)))
    console.print(
        t(
            "cli.analyze.sizes",
            packages=f"{a.outcome_count:,}",
            frontier=f"{len(a.frontier):,}",
            zopa=f"{a.zopa.size:,}",
            share=f"{a.zopa.fraction:.3%}",
            seconds=f"{a.seconds:.3f}",
        )
    )
    values = comma.join(f"{p} {v:.1f}" for p, v in zip(party_names, a.frontier.reservation, strict=True))
    console.print(t("cli.analyze.walk-away", values=values))
    named = [
        ("cli.analyze.nash", a.nash),
        ("cli.analyze.kalai-smorodinsky", a.kalai_smorodinsky),
        ("cli.analyze.egalitarian", a.egalitarian),
    ]
    none = t("cli.analyze.none")
    sol = Table(title=t("cli.analyze.solutions"))
    sol.add_column("")
    for name, _ in named:
        sol.add_column(t(name))
    for k, p in enumerate(party_names):
        sol.add_row(
            f"[bold]{t('cli.analyze.points-of', party=p)}[/bold]",
            *[f"{s.utilities[k]:.2f} (+{s.gains[k]:.2f})" if s is not None else none for _, s in named],
        )
    for i, issue_id in enumerate(a.compiled.issue_ids):
        sol.add_row(
            called(issue(issue_id), issue_id),
            *[
                called(
                    option(issue_id, a.compiled.option_ids[i][int(s.package[i])]),
                    a.compiled.option_ids[i][int(s.package[i])],
                )
                if s is not None
                else "-"
                for _, s in named
            ],
        )
    console.print(sol)
    if a.nash is None:
        console.print(t("cli.analyze.no-zopa"))
    shown = min(top, len(a.frontier))
    front = Table(title=t("cli.analyze.frontier", shown=str(shown), n=len(a.frontier), party=party_names[0]))
    front.add_column("#", justify="right")
    for p in party_names:
        front.add_column(p, justify="right")
    front.add_column(t("cli.analyze.col.zopa"))
    front.add_column(t("cli.analyze.col.package"))
    yes, same = t("cli.yes"), t("cli.analyze.same")
    rational = a.frontier.rational_mask()
    step = max(1, len(a.frontier) // shown) if shown else 1
    previous = None
    for r in list(range(0, len(a.frontier), step))[:shown]:
        row = a.frontier.packages[r]
        pkg = a.compiled.decode(row)
        changed = [(i, o) for k, (i, o) in enumerate(pkg.choices) if previous is None or o != previous[k][1]]
        if lang == "en":
            text = ", ".join(f"{i}={o}" for i, o in changed)
        else:
            text = comma.join(f"{called(issue(i), i)}: {called(option(i, o), o)}" for i, o in changed)
        previous = pkg.choices
        front.add_row(
            str(r + 1),
            *[f"{u:.2f}" for u in a.frontier.utilities[r]],
            yes if rational[r] else "",
            text or same,
        )
    console.print(front)
