"""``negotiator poll``: how every public reacts to a package: support, oppose, undecided with 90% intervals."""

from __future__ import annotations

import argparse
import re
from typing import Any

from rich.console import Console
from rich.markup import escape
from rich.table import Table

from negotiator.cli._common import add_json_arg, add_scenario_arg, print_json, scenario_from_args
from negotiator.cli.language import add_lang_arg, called, cli_language, package_called, paradigm_called, say
from negotiator.engine.opinion import SIGNED, OpinionError, PublicOpinion
from negotiator.engine.opinion.polls import DEFAULT_SAMPLE
from negotiator.model.names import ScenarioNames
from negotiator.model.package import resolve_package
from negotiator.model.paradigm import classify
from negotiator.text import delegation, entries, group, issue, option

HELP = "poll every constituency and group on a package: support, oppose, undecided, 90% interval"


def configure(p: argparse.ArgumentParser) -> None:
    add_scenario_arg(p)
    p.add_argument(
        "--package",
        "-p",
        required=True,
        metavar="P",
        help="a reference package id (e.g. pulse-2016) or a JSON file mapping issue id to option id",
    )
    p.add_argument(
        "--proposer",
        metavar="D",
        help="the delegation that tables it (reactive devaluation, endorsement); 'signed' if both signed; "
        "default: unattributed, as pollsters ask",
    )
    p.add_argument(
        "--sample",
        type=int,
        default=DEFAULT_SAMPLE,
        metavar="N",
        help=f"respondents per side's survey, for the 90%% intervals (default {DEFAULT_SAMPLE})",
    )
    p.add_argument(
        "--seed", type=int, default=0, metavar="N", help="seed of the simulated publics (default 0)"
    )
    p.add_argument(
        "--as-of",
        metavar="YYYY-MM",
        help="the publics as they stood at that date (the mood of the latest survey wave on or before it; "
        "'fit' for the 2016-2018 electorate the structure is fitted on); default: the scenario's own date",
    )
    p.add_argument(
        "--explain",
        metavar="C",
        action="append",
        help="also explain constituency C: contributions per issue and what would flip it (repeatable)",
    )
    add_json_arg(p)
    add_lang_arg(p, "the table and explanations (ids and the JSON stay in English)")


def poll_report(args: argparse.Namespace) -> dict[str, Any]:
    scenario = scenario_from_args(args)
    package = resolve_package(scenario, args.package)
    if args.sample < 1:
        raise OpinionError.of("cli.error.at-least-one", flag="--sample")
    proposer = SIGNED if args.proposer == "signed" else args.proposer
    if proposer not in (None, SIGNED) and proposer not in {d.id for d in scenario.delegations}:
        raise OpinionError.of(
            "cli.error.proposer-unknown",
            name=proposer,
            known=", ".join(d.id for d in scenario.delegations),
            signed="signed",
        )
    as_of = _as_of(args.as_of, scenario.scenario.as_of)
    opinion = PublicOpinion.create(scenario, seed=args.seed, as_of=as_of)
    poll = opinion.poll(package, proposer, sample_size=args.sample)
    report: dict[str, Any] = {
        "scenario": scenario.id,
        "package": args.package,
        "options": package.as_dict(),
        "paradigm": classify(scenario, package).paradigm,
        "proposer": args.proposer,
        "seed": args.seed,
        "as_of": as_of,
        **poll.as_json(),
    }
    explanations = {}
    for cid in args.explain or []:
        e = opinion.explain(cid, package, proposer)
        explanations[cid] = {
            "support": round(e.support, 1),
            "oppose": round(e.oppose, 1),
            "undecided": round(e.undecided, 1),
            "taboo_share": round(e.taboo_share, 1),
            "agreement": round(e.agreement, 3),
            "contributions": [
                {
                    "issue": c.issue,
                    "option": c.option,
                    "today": c.today,
                    "utility": round(c.utility, 3),
                    "points": round(c.points, 1),
                }
                for c in e.contributions
            ],
            "best_moves": [_move(m) for m in e.best_moves],
            "flip": None if e.flip is None else [_move(m) for m in e.flip],
            "flip_direction": e.flip_direction,
        }
    if explanations:
        report["explain"] = explanations
    return report


def _as_of(text: str | None, scenario_date: str | None) -> str | None:
    """The ``--as-of`` date checked (``YYYY-MM``), 'fit' for none, or the scenario's date when not given."""
    if text is None:
        return scenario_date
    if text == "fit":
        return None
    if not re.fullmatch(r"(19|20)\d\d-(0[1-9]|1[0-2])", text):
        raise OpinionError.of(
            "cli.error.as-of", flag="--as-of", value=text, pattern="YYYY-MM", example="2024-07", fit="fit"
        )
    return text


def _move(m: Any) -> dict[str, Any]:
    return {
        "issue": m.issue,
        "from": m.from_option,
        "to": m.to_option,
        "support_change": round(m.support_change, 1),
        "oppose_change": round(m.oppose_change, 1),
    }


def run(args: argparse.Namespace) -> int:
    report = poll_report(args)
    if args.json:
        print_json(report)
        return 0
    lang = cli_language(args)
    scenario = scenario_from_args(args)
    names = None if lang == "en" else ScenarioNames(scenario)
    catalogue = {} if lang == "en" else entries(lang)

    def t(msgid: str, **kw: Any) -> str:
        return escape(say(lang, msgid, **kw))

    def issue_name(issue_id: str) -> str:
        return called(names, lang, issue(issue_id), issue_id)

    def option_name(issue_id: str, option_id: str) -> str:
        return called(names, lang, option(issue_id, option_id), option_id)

    def group_name(group_id: str) -> str:
        """A constituency by the scenario's title, an aggregate (all_israelis, ...) by the catalogue's group.<id>."""
        if f"group.{group_id}" in catalogue:
            return say(lang, f"group.{group_id}")
        return called(names, lang, group(group_id), group_id)

    console = Console()
    aggregates = set(report["aggregates"])
    proposer = report["proposer"]
    table = Table(
        title=t(
            "cli.poll.title",
            package=package_called(scenario, lang, report["package"]),
            paradigm=paradigm_called(lang, report["paradigm"]),
            proposer=say(lang, "cli.poll.unattributed")
            if proposer is None
            else called(names, lang, delegation(proposer), proposer),
            as_of=report["as_of"] or say(lang, "cli.poll.fit"),
        )
    )
    for col in ("population", "support", "oppose", "undecided", "interval", "sample"):
        table.add_column(t(f"cli.poll.col.{col}"), justify="left" if col == "population" else "right")
    for pid, line in report["constituencies"].items():
        title = escape(group_name(pid))
        name = f"[bold]{title}[/bold]" if pid in aggregates else title
        lo, hi = line["interval90"]
        table.add_row(
            name,
            f"{line['support']:.1f}",
            f"{line['oppose']:.1f}",
            f"{line['undecided']:.1f}",
            f"{lo:.1f}-{hi:.1f}",
            str(line["sample"]),
        )
    console.print(table)
    for cid, e in report.get("explain", {}).items():
        head = t(
            "cli.poll.explain.head",
            group=group_name(cid),
            support=f"{e['support']:.1f}",
            oppose=f"{e['oppose']:.1f}",
            share=f"{e['taboo_share']:.0f}%",
        )
        console.print(f"\n[bold]{head}[/bold]")
        for c in e["contributions"][:6]:
            line = t(
                "cli.poll.explain.contribution",
                issue=issue_name(c["issue"]),
                option=option_name(c["issue"], c["option"]),
                today=option_name(c["issue"], c["today"]),
                points=f"{c['points']:+.1f}",
            )
            console.print(f"  {line}")
        for m in e["best_moves"][:3]:
            line = t(
                "cli.poll.explain.move",
                issue=issue_name(m["issue"]),
                start=option_name(m["issue"], m["from"]),
                end=option_name(m["issue"], m["to"]),
                support=f"{m['support_change']:+.1f}",
                oppose=f"{m['oppose_change']:+.1f}",
            )
            console.print(f"  {line}")
        if e["flip"]:
            steps = "; ".join(
                f"{issue_name(m['issue'])} -> {option_name(m['issue'], m['to'])}" for m in e["flip"]
            )
            toward = str(e["flip_direction"]).split()[-1]  # "toward support" or "toward opposition"
            console.print("  " + t(f"cli.poll.explain.flip-{toward}", steps=steps))
    return 0
