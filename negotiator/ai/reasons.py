"""Plain-language reasons for bot moves, built from public titles only (never a number from a confidential brief).

Every bot command carries one line a player can read: "We can accept an open city if security is joint."
"""

from __future__ import annotations

from negotiator.model.schema import Scenario


class Phrases:
    """Issue and option titles of a scenario, for sentences."""

    def __init__(self, scenario: Scenario) -> None:
        self.issue_titles = {i.id: i.title for i in scenario.issues}
        self.option_titles = {(i.id, o.id): o.title for i in scenario.issues for o in i.options}
        self.titles = {d.id: d.title for d in scenario.delegations}

    def option(self, issue: str, option: str) -> str:
        title = self.option_titles[(issue, option)]
        first = title.split(" ", 1)[0]
        if len(first) > 1 and first.isupper():
            return title  # an acronym (UN, EU) keeps its capitals
        return title[0].lower() + title[1:]

    def issue(self, issue: str) -> str:
        return self.issue_titles[issue].lower()

    def trade(self, give: tuple[str, str] | None, get: tuple[str, str] | None) -> str:
        if give and get:
            return (
                f"We can accept {self.option(*give)} on {self.issue(give[0])} if {self.issue(get[0])} is settled "
                f"as {self.option(*get)}."
            )
        if get:
            return f"We hold to {self.option(*get)} on {self.issue(get[0])}; the rest is open to discussion."
        return "We put our text on the table and ask for an answer."

    def objection(self, issue: str, option: str) -> str:
        return f"We cannot accept {self.option(issue, option)} on {self.issue(issue)}."

    def acceptance(self, issue: str | None, option: str | None, late: bool) -> str:
        if issue and option:
            base = f"This text gives our people {self.option(issue, option)} on {self.issue(issue)}; we accept it"
        else:
            base = "This text meets our people's essential needs; we accept it"
        return base + (", before time runs out." if late else ".")

    def delegation(self, seat: str) -> str:
        return self.titles.get(seat, seat)
