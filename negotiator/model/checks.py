"""Cross-field checks of a scenario: everything one field's type cannot see on its own.

Each check adds :class:`~negotiator.model.errors.Problem` lines rather than stopping at the first, so a trainer fixing
a file sees every problem at once.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Mapping

from negotiator.model.errors import Problem
from negotiator.model.maptags import tag_problems
from negotiator.model.questionnaire import questionnaire_problems
from negotiator.model.schema import Delegation, Scenario
from negotiator.text import Message


class _Report:
    def __init__(self, name: str) -> None:
        self.name = name
        self.problems: list[Problem] = []

    def add(self, path: str, message: Message, fix: Message) -> None:
        self.problems.append(Problem(self.name, path, message, fix))


def _duplicates(ids: Iterable[str]) -> list[str]:
    return sorted(k for k, n in Counter(ids).items() if n > 1)


def check_scenario(s: Scenario, name: str) -> list[Problem]:
    """Return every consistency problem in ``s`` (empty if it is sound)."""
    r = _Report(name)
    options = {i.id: [o.id for o in i.options] for i in s.issues}
    sources = {src.id for src in s.sources}
    delegations = {d.id for d in s.delegations}
    constituencies = {c.id for c in s.constituencies}
    groups = {g for c in s.constituencies for g in c.groups}

    for what, ids in (
        ("issues", [i.id for i in s.issues]),
        ("delegations", [d.id for d in s.delegations]),
        ("constituencies", [c.id for c in s.constituencies]),
        ("events", [e.id for e in s.events]),
        ("packages", [p.id for p in s.packages]),
        ("sources", [x.id for x in s.sources]),
    ):
        for dup in _duplicates(ids):
            r.add(
                f"{what}[{dup}]",
                Message.of("problem.id-twice", key=repr(dup)),
                Message.of("problem.fix.own-id"),
            )
    for issue in s.issues:
        for dup in _duplicates(options[issue.id]):
            r.add(
                f"issues[{issue.id}].options[{dup}]",
                Message.of("problem.option-id-twice", key=repr(dup)),
                Message.of("problem.fix.own-option-id"),
            )
        for o in issue.options:
            for message, fix in tag_problems(o.tags):
                r.add(f"issues[{issue.id}].options[{o.id}].tags", message, fix)
    for clash in sorted(constituencies & groups):
        r.add(
            f"constituencies[{clash}]",
            Message.of("problem.constituency-and-group", key=repr(clash)),
            Message.of("problem.fix.rename-group"),
        )

    for src_id in s.scenario.context_sources:
        _source(r, "scenario.context_sources", src_id, sources)
    window = s.scenario.fit_window
    if window is not None and f"{window[0]}-01"[:7] > f"{window[1]}-12"[:7]:
        r.add(
            "scenario.fit_window",
            Message.of("problem.window-backwards", window=str(list(window))),
            Message.of("problem.fix.window-order", example=str([window[1], window[0]])),
        )

    for d in s.delegations:
        base = f"delegations[{d.id}]"
        _weights(r, f"{base}.priorities", d.priorities, options)
        _schedule(r, f"{base}.points", d.points, options, "points")
        for k, line in enumerate(d.red_lines):
            _issue_options(r, f"{base}.red_lines[{k}]", line.issue, line.options, options)
        for k, inter in enumerate(d.interactions):
            for issue_id, option_id in inter.when.items():
                _issue_options(r, f"{base}.interactions[{k}].when", issue_id, [option_id], options)
        _brief_red_lines(r, base, d)
        for dup in _duplicates(o.persona for o in d.overlays):
            r.add(
                f"{base}.overlays[{dup}]",
                Message.of("problem.two-overlays", persona=repr(dup)),
                Message.of("problem.fix.merge"),
            )
        for ov in d.overlays:
            obase = f"{base}.overlays[{ov.persona}]"
            for issue_id, row in ov.points.items():
                _issue_options(r, f"{obase}.points", issue_id, list(row), options)
            for k, line in enumerate(ov.red_lines):
                _issue_options(r, f"{obase}.red_lines[{k}]", line.issue, line.options, options)

    for c in s.constituencies:
        base = f"constituencies[{c.id}]"
        _source(r, f"{base}.population_source", c.population_source, sources)
        if c.answers_to not in delegations:
            r.add(
                f"{base}.answers_to",
                Message.of("problem.no-delegation", key=repr(c.answers_to)),
                Message.of("problem.fix.use-one-of", ids=", ".join(sorted(delegations))),
            )
        _weights(r, f"{base}.priorities", c.priorities, options)
        _schedule(r, f"{base}.preferences", c.preferences, options, "preference")
        for k, sac in enumerate(c.sacred):
            _issue_options(r, f"{base}.sacred[{k}]", sac.issue, sac.options, options)
            for gesture in sac.softened_by:
                issue_id, _, option_id = gesture.partition(".")
                _issue_options(r, f"{base}.sacred[{k}].softened_by", issue_id, [option_id], options)
            for issue_id in sac.compensation:
                if issue_id not in options:
                    r.add(
                        f"{base}.sacred[{k}].compensation",
                        Message.of("problem.no-issue", key=repr(issue_id)),
                        Message.of("problem.fix.use-one-of", ids=", ".join(options)),
                    )

    rules = s.rules
    for dup in _duplicates(rules.signatories):
        r.add(
            "rules.signatories",
            Message.of("problem.listed-twice", key=repr(dup)),
            Message.of("problem.fix.list-once"),
        )
    for sig in rules.signatories:
        if sig not in delegations:
            r.add(
                "rules.signatories",
                Message.of("problem.no-delegation", key=repr(sig)),
                Message.of("problem.fix.use-one-of", ids=", ".join(sorted(delegations))),
            )
    for k, rat in enumerate(rules.ratification):
        base = f"rules.ratification[{k}]"
        if rat.delegation not in delegations:
            r.add(
                f"{base}.delegation",
                Message.of("problem.no-delegation", key=repr(rat.delegation)),
                Message.of("problem.fix.use-one-of", ids=", ".join(sorted(delegations))),
            )
        if rat.seats_source is not None:
            _source(r, f"{base}.seats_source", rat.seats_source, sources)
        if rat.kind == "knesset":
            if not rat.parties:
                r.add(
                    f"{base}.parties",
                    Message.of("problem.knesset-parties"),
                    Message.of("problem.fix.add-parties"),
                )
            seats = sum(p.seats for p in rat.parties)
            if rat.parties and seats != 120:
                r.add(
                    f"{base}.parties",
                    Message.of("problem.knesset-seats", seats=seats),
                    Message.of("problem.fix.seats-120"),
                )
            if rat.parties and rat.seats_source is None:
                r.add(
                    f"{base}.seats_source",
                    Message.of("problem.seats-unsourced"),
                    Message.of("problem.fix.name-source"),
                )
        for dup in _duplicates(p.id for p in rat.parties):
            r.add(
                f"{base}.parties[{dup}]",
                Message.of("problem.party-id-twice", key=repr(dup)),
                Message.of("problem.fix.own-party-id"),
            )
        for p in rat.parties:
            for cid in p.voters:
                if cid not in constituencies:
                    r.add(
                        f"{base}.parties[{p.id}].voters.{cid}",
                        Message.of("problem.no-constituency", key=repr(cid)),
                        Message.of("problem.fix.constituency-id"),
                    )
            total = sum(p.voters.values())
            if p.voters and abs(total - 1.0) > 0.01:
                r.add(
                    f"{base}.parties[{p.id}].voters",
                    Message.of("problem.voter-shares", total=total),
                    Message.of("problem.fix.shares-1"),
                )

    targets = constituencies | groups | {"all"}
    for e in s.events:
        for k, eff in enumerate(e.effects):
            if eff.target not in targets:
                r.add(
                    f"events[{e.id}].effects[{k}].target",
                    Message.of("problem.no-population", key=repr(eff.target)),
                    Message.of("problem.fix.target"),
                )
        if e.earliest_round > rules.rounds:
            r.add(
                f"events[{e.id}].earliest_round",
                Message.of("problem.round-after-last", round=e.earliest_round),
                Message.of("problem.fix.round-range", last=rules.rounds),
            )

    for ref in s.packages:
        base = f"packages[{ref.id}]"
        for issue_id, option_id in ref.options.items():
            _issue_options(r, f"{base}.options", issue_id, [option_id], options)
        for missing in [i for i in options if i not in ref.options]:
            r.add(
                f"{base}.options.{missing}",
                Message.of("problem.package-no-option"),
                Message.of("problem.fix.stand-in"),
            )
        for issue_id in ref.stand_ins:
            if issue_id not in ref.options:
                r.add(
                    f"{base}.stand_ins.{issue_id}",
                    Message.of("problem.not-in-package", key=repr(issue_id)),
                    Message.of("problem.fix.issue-id"),
                )
        for src in ref.sources:
            _source(r, f"{base}.sources", src, sources)
    for k, term in enumerate(s.coherence):
        for issue_id, option_ids in term.when.items():
            _issue_options(r, f"coherence[{k}].when", issue_id, option_ids, options)
    for ref in s.packages:
        for term in s.contradictions(ref.options):
            clauses = [f"{i}={ref.options[i]}" for i in term.when]
            r.add(
                f"packages[{ref.id}].options",
                Message.of("problem.contradiction", clauses=_and(clauses), why=term.why),
                Message.of("problem.fix.contradiction"),
            )
    _poll_items(r, s, options, constituencies | groups)
    r.problems.extend(questionnaire_problems(s, name))
    if not r.problems:
        _walk_away_covers_status_quo(r, s)
    return r.problems


CANNOT = re.compile(r"\b(cannot|can't|can not)\b", re.IGNORECASE)
_SENTENCE = re.compile(r"(?<=[.!?])\s+")


def _flat(text: str) -> str:
    return " ".join(text.split())


def brief_cannots(text: str) -> list[str]:
    """The sentences of a brief that say what the delegation cannot do (each must be one of its red lines)."""
    return [s for s in _SENTENCE.split(_flat(text)) if CANNOT.search(s)]


def _brief_red_lines(r: _Report, base: str, d: Delegation) -> None:
    """Brief and red lines cannot drift apart: every red line that quotes the brief quotes it truly, and every
    sentence of the brief that says "cannot" is quoted by a red line."""
    briefs = {"brief": _flat(d.brief), "confidential_brief": _flat(d.confidential_brief)}
    says = [line.says for line in d.red_lines if line.says]
    for k, line in enumerate(d.red_lines):
        if line.says and not any(_flat(line.says) in text for text in briefs.values()):
            r.add(
                f"{base}.red_lines[{k}].says",
                Message.of("problem.says-not-in-brief", says=repr(line.says)),
                Message.of("problem.fix.quote-exactly"),
            )
    for field, text in briefs.items():
        for sentence in brief_cannots(text):
            if not any(_flat(q) in sentence for q in says):
                short = sentence if len(sentence) <= 90 else sentence[:87] + "..."
                r.add(
                    f"{base}.{field}",
                    Message.of("problem.cannot-unquoted", sentence=repr(short)),
                    Message.of("problem.fix.quote-cannot"),
                )


def _walk_away_covers_status_quo(r: _Report, s: Scenario) -> None:
    """No agreement leaves things as they are, so a walk-away value below what the status quo is worth would call a
    deal "above walk-away" that is worse than no deal at all. Checked when the scenario names a ``status-quo``
    package (and only once every reference is known to be sound)."""
    ref = next((p for p in s.packages if p.id == "status-quo"), None)
    if ref is None:
        return
    for d in s.delegations:
        total = sum(d.priorities.values())
        value = sum(d.priorities[i] / total * d.points[i][o] for i, o in ref.options.items())
        value += sum(
            inter.points
            for inter in d.interactions
            if all(ref.options.get(i) == o for i, o in inter.when.items())
        )
        if d.reservation_value < value - 1e-9:
            r.add(
                f"delegations[{d.id}].reservation_value",
                Message.of("problem.walk-away-low", walk_away=d.reservation_value, worth=value),
                Message.of("problem.fix.walk-away", worth=value),
            )


def _poll_items(r: _Report, s: Scenario, options: Mapping[str, list[str]], populations: set[str]) -> None:
    """Each poll item maps to exactly one expression whose ids exist; no item is mapped twice for a population."""
    packages = {p.id for p in s.packages}
    seen: dict[str, set[str]] = {}
    for k, item in enumerate(s.poll_items):
        base = f"poll_items[{k}]"
        given = [
            name
            for name, v in (
                ("package", item.package),
                ("component", item.component),
                ("unexpressed", item.unexpressed),
            )
            if v is not None
        ]
        if len(given) != 1:
            r.add(
                base,
                Message.of("problem.poll-expressions", given=_and(given))
                if given
                else Message.of("problem.poll-no-expression"),
                Message.of("problem.fix.exactly-one"),
            )
        for pop in item.populations:
            if pop not in populations:
                r.add(
                    f"{base}.populations",
                    Message.of("problem.no-population", key=repr(pop)),
                    _use_one_of(sorted(populations)),
                )
        if item.package is not None and item.package not in packages:
            r.add(
                f"{base}.package",
                Message.of("problem.no-package", key=repr(item.package)),
                _use_one_of(sorted(packages)),
            )
        if item.changes and item.package is None:
            r.add(
                f"{base}.changes",
                Message.of("problem.changes-no-package"),
                Message.of("problem.fix.add-package"),
            )
        for issue_id, option_id in item.changes.items():
            _issue_options(r, f"{base}.changes", issue_id, [option_id], options)
        if item.component is not None:
            issue_id, _, option_id = item.component.partition(".")
            _issue_options(r, f"{base}.component", issue_id, [option_id], options)
            if issue_id in options and item.versus not in ("best", "status-quo", *options[issue_id]):
                r.add(
                    f"{base}.versus",
                    Message.of("problem.no-option", issue=repr(issue_id), option=repr(item.versus)),
                    Message.of("problem.fix.versus", ids=", ".join(options[issue_id])),
                )
        elif item.versus != "status-quo":
            r.add(
                f"{base}.versus",
                Message.of("problem.versus-alone"),
                Message.of("problem.fix.versus-alone"),
            )
        covered = set(item.populations) or {"*"}
        earlier = seen.setdefault(item.item, set())
        if earlier & covered or ("*" in earlier and covered) or ("*" in covered and earlier):
            r.add(
                f"{base}.item",
                Message.of("problem.item-twice", item=repr(item.item)),
                Message.of("problem.fix.item-once"),
            )
        earlier |= covered


_SCHEDULE = {
    "points": (
        Message.of("problem.no-points"),
        Message.of("problem.fix.add-points"),
        Message.of("problem.no-points-row"),
        Message.of("problem.fix.add-points-row"),
    ),
    "preference": (
        Message.of("problem.no-preference"),
        Message.of("problem.fix.add-preference"),
        Message.of("problem.no-preference-row"),
        Message.of("problem.fix.add-preference-row"),
    ),
}
"""What a points or preference table lacks (an option's entry; an issue's row) and how to fix it."""


def _and(items: list[str]) -> Message | str:
    """``a and b and c`` in the reader's language (``problem.and``, nested from the right)."""
    said: Message | str = items[-1] if items else ""
    for item in reversed(items[:-1]):
        said = Message.of("problem.and", first=item, last=said)
    return said


def _use_one_of(ids: list[str]) -> Message:
    return (
        Message.of("problem.fix.use-one-of", ids=", ".join(ids))
        if ids
        else Message.of("problem.fix.use-none")
    )


def _remove_or_issue() -> Message:
    return Message.of("problem.fix.remove-or-issue")


def _source(r: _Report, path: str, src: str, sources: set[str]) -> None:
    if src not in sources:
        r.add(path, Message.of("problem.no-source", key=repr(src)), Message.of("problem.fix.add-source"))


def _issue_options(
    r: _Report, path: str, issue_id: str, option_ids: Iterable[str], options: Mapping[str, list[str]]
) -> None:
    if issue_id not in options:
        r.add(
            f"{path}.{issue_id}" if path.endswith("when") or path.endswith("options") else path,
            Message.of("problem.no-issue", key=repr(issue_id)),
            Message.of("problem.fix.use-one-of", ids=", ".join(options)),
        )
        return
    for o in option_ids:
        if o not in options[issue_id]:
            r.add(
                f"{path}.{issue_id}" if path.endswith(("when", "options", "softened_by")) else path,
                Message.of("problem.no-option", issue=repr(issue_id), option=repr(o)),
                Message.of("problem.fix.use-one-of", ids=", ".join(options[issue_id])),
            )


def _weights(r: _Report, path: str, weights: Mapping[str, float], options: Mapping[str, list[str]]) -> None:
    for issue_id in weights:
        if issue_id not in options:
            r.add(
                f"{path}.{issue_id}", Message.of("problem.no-issue", key=repr(issue_id)), _remove_or_issue()
            )
    for issue_id in options:
        if issue_id not in weights:
            r.add(f"{path}.{issue_id}", Message.of("problem.no-weight"), Message.of("problem.fix.add-weight"))
    if weights and sum(weights.values()) <= 0:
        r.add(path, Message.of("problem.weights-zero"), Message.of("problem.fix.positive-weight"))


def _schedule(
    r: _Report,
    path: str,
    table: Mapping[str, Mapping[str, float]],
    options: Mapping[str, list[str]],
    what: str,
) -> None:
    for issue_id, row in table.items():
        if issue_id not in options:
            r.add(
                f"{path}.{issue_id}", Message.of("problem.no-issue", key=repr(issue_id)), _remove_or_issue()
            )
            continue
        for option_id in row:
            if option_id not in options[issue_id]:
                r.add(
                    f"{path}.{issue_id}.{option_id}",
                    Message.of("problem.no-option", issue=repr(issue_id), option=repr(option_id)),
                    Message.of("problem.fix.use-one-of", ids=", ".join(options[issue_id])),
                )
        for option_id in options[issue_id]:
            if option_id not in row:
                r.add(f"{path}.{issue_id}.{option_id}", *_SCHEDULE[what][:2])
    for issue_id in options:
        if issue_id not in table:
            r.add(f"{path}.{issue_id}", *_SCHEDULE[what][2:])
