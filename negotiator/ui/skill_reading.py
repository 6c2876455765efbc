"""A short plain-language reading of the negotiation-skill analytics, for the student (debrief and reports).

Qt-free text from a :class:`~negotiator.game.analytics.SkillReport`. Two readings per side: the **full** one (the
debrief, where both sides' numbers are shown after the game) and the **own** one (a delegation's printable report),
which states only that side's own points and what it did, never the other side's points, surplus or share.
"""

from __future__ import annotations

from negotiator.game.analytics import SideSkill, SkillReport

PATTERN_WORDS = {
    "boulware": "you held firm and made most of your concessions late (a Boulware pattern)",
    "conceder": "you made most of your concessions early (a Conceder pattern)",
    "steady": "you conceded at a steady pace",
    "held-firm": "you never moved from your opening in your own points",
    "too-few-offers": "you tabled too few texts to show a pattern",
}


def _n(k: int, one: str, many: str | None = None) -> str:
    return f"{k} {one if k == 1 else (many or one + 's')}"


def own_reading(side: SideSkill, report: SkillReport) -> list[str]:
    """Sentences about one side that use only its own points and the public record."""
    out: list[str] = []
    if side.opening is None:
        out.append("You never tabled a full text of your own, so there is no opening or concession to read.")
    else:
        o = side.opening
        if side.anchor_ambition is None:
            ambition = ""
        elif side.anchor_ambition < 0:
            ambition = ", below your own walk-away value: an opening no deal should end at"
        else:
            ambition = f", {100 * side.anchor_ambition:.0f}% of the way from your walk-away value to the best you could get"
        out.append(
            f"You opened in round {o.round} with a text worth {o.own:.0f} of your points{ambition}. "
            + (
                f"Over {_n(len(side.offers), 'text')} you gave up {side.moved:.1f} points."
                if side.moved > 0.05
                else f"Over {_n(len(side.offers), 'text')} you gave up nothing."
            )
        )
        words = PATTERN_WORDS[side.pattern]
        out.append(words[0].upper() + words[1:] + ".")
        if side.concessions:
            biggest = max(side.concessions)
            if biggest > 0.05:
                out.append(f"Your largest single concession was {biggest:.1f} points.")
    if report.first_offer_by == side.seat:
        out.append(
            "You made the first offer: first offers tend to anchor the talks, so an ambitious one pays."
        )
    elif report.first_offer_by is not None:
        out.append("The other side made the first offer; your counter-offer was your chance to re-anchor.")
    if side.logrolls:
        out.append(
            f"You made {_n(side.logrolls, 'trade')} across issues that gave up something you value less for "
            "something you value more while raising what both sides got together (logrolling)."
        )
    elif len(side.offers) >= 2:
        out.append(
            "None of your changes traded an issue you care less about for one you care more about; such trades "
            "(logrolling) are how both sides gain at once."
        )
    said = sum(side.tones.values())
    if said:
        tones = ", ".join(f"{n} {t}" for t, n in side.tones.items() if n)
        out.append(f"Your {_n(said, 'public statement')}: {tones}.")
    if side.mediator_asks:
        out.append(f"You asked the mediator for a text {_n(side.mediator_asks, 'time')}.")
    if side.mediator_texts_accepted:
        out.append(f"You accepted {_n(side.mediator_texts_accepted, 'mediator text')}.")
    return out


def full_reading(side: SideSkill, report: SkillReport) -> list[str]:
    """:func:`own_reading` plus what needs the other side's points: move kinds and reciprocity."""
    out = own_reading(side, report)
    kinds = ", ".join(f"{n} {k}" for k, n in side.move_kinds.items() if n)
    if kinds:
        out.append(f"Your moves, in both sides' points: {kinds}.")
    if side.reciprocity is not None:
        answered = round(side.reciprocity * side.reciprocity_chances)
        out.append(
            "When the other side moved towards you, you answered with a move towards them "
            f"{answered} {'time' if answered == 1 else 'times'} out of {side.reciprocity_chances}."
        )
    return out


def deal_reading(report: SkillReport, titles: tuple[str, str]) -> list[str]:
    """What the deal did for both sides together (debrief only: it uses both sides' points)."""
    out: list[str] = []
    if report.first_concession_by is not None:
        who = titles[report.parties.index(report.first_concession_by)]
        out.append(f"First move towards the other side: {who}.")
    if not report.deal or report.joint_gain is None:
        out.append("No deal was signed, so there was no joint gain to share.")
        return out
    if report.efficiency is not None and report.share_of_surplus is not None:
        sa, sb = report.share_of_surplus
        out.append(
            f"The deal captured {100 * report.efficiency:.0f}% of the surplus the two sides could have shared "
            f"(joint gain {report.joint_gain:.1f} points over the walk-away values). Shares of that surplus: "
            f"{titles[0]} {100 * sa:.0f}%, {titles[1]} {100 * sb:.0f}%."
        )
    else:
        out.append(
            f"Joint gain over the walk-away values: {report.joint_gain:.1f} points (no package clears both "
            "walk-away values, so there is no surplus to compare with)."
        )
    if report.logrolling_index is not None:
        li = report.logrolling_index
        how = (
            "each issue went mostly to the side that cares more about it: a logrolled deal"
            if li > 0.25
            else "issues went mostly to the side that cares less about them: trading would have helped both"
            if li < -0.25
            else "issues were split without regard to who cares more: little logrolling"
        )
        out.append(f"Logrolling index {li:+.2f} (from -1 to +1): {how}.")
    if report.deal_by_mediator:
        out.append("The deal was the mediator's text.")
    return out
