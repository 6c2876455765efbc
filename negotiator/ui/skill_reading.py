"""A short plain-language reading of the negotiation-skill analytics, for the student (debrief and reports).

Qt-free text from a :class:`~negotiator.game.analytics.SkillReport`. Two readings per side: the **full** one (the
debrief, where both sides' numbers are shown after the game) and the **own** one (a delegation's printable report),
which states only that side's own points and what it did, never the other side's points, surplus or share.
"""

from __future__ import annotations

from negotiator.game.analytics import SideSkill, SkillReport
from negotiator.ui.words import tr

#: The sentence (catalogue id ``skill.pattern.<pattern>``) for each concession pattern.
PATTERNS: tuple[str, ...] = ("boulware", "conceder", "steady", "held-firm", "too-few-offers")


def _pts(x: float) -> str:
    return f"{x:.1f}"


def _tally(counts: dict[str, int], prefix: str) -> str:
    """``2 firm, 1 hostile`` in the current language (each label from ``prefix + key``)."""
    return tr("skill.list-sep").join(
        tr("skill.tally", count=n, label=tr(prefix + k)) for k, n in counts.items() if n
    )


def own_reading(side: SideSkill, report: SkillReport) -> list[str]:
    """Sentences about one side that use only its own points and the public record."""
    out: list[str] = []
    if side.opening is None:
        out.append(tr("skill.no-opening"))
    else:
        o = side.opening
        if side.anchor_ambition is None:
            opened = tr("skill.opened", round=o.round, points=f"{o.own:.0f}")
        elif side.anchor_ambition < 0:
            opened = tr("skill.opened.below", round=o.round, points=f"{o.own:.0f}")
        else:
            opened = tr(
                "skill.opened.ambition",
                round=o.round,
                points=f"{o.own:.0f}",
                share=f"{100 * side.anchor_ambition:.0f}",
            )
        moved = (
            tr("skill.gave-up", n=len(side.offers), points=_pts(side.moved))
            if side.moved > 0.05
            else tr("skill.gave-up-nothing", n=len(side.offers))
        )
        out.append(opened + " " + moved)
        out.append(tr(f"skill.pattern.{side.pattern}"))
        if side.concessions:
            biggest = max(side.concessions)
            if biggest > 0.05:
                out.append(tr("skill.largest", points=_pts(biggest)))
    if report.first_offer_by == side.seat:
        out.append(tr("skill.first-offer.own"))
    elif report.first_offer_by is not None:
        out.append(tr("skill.first-offer.other"))
    if side.logrolls:
        out.append(tr("skill.logrolls", n=side.logrolls))
    elif len(side.offers) >= 2:
        out.append(tr("skill.no-logrolls"))
    said = sum(side.tones.values())
    if said:
        out.append(tr("skill.statements", n=said, tones=_tally(side.tones, "tone.")))
    if side.mediator_asks:
        out.append(tr("skill.mediator-asks", n=side.mediator_asks))
    if side.mediator_texts_accepted:
        out.append(tr("skill.mediator-accepted", n=side.mediator_texts_accepted))
    return out


def full_reading(side: SideSkill, report: SkillReport) -> list[str]:
    """:func:`own_reading` plus what needs the other side's points: move kinds and reciprocity."""
    out = own_reading(side, report)
    if any(side.move_kinds.values()):
        out.append(tr("skill.move-kinds", kinds=_tally(side.move_kinds, "skill.kind.")))
    if side.reciprocity is not None:
        answered = round(side.reciprocity * side.reciprocity_chances)
        out.append(tr("skill.reciprocity", n=answered, chances=side.reciprocity_chances))
    return out


def deal_reading(report: SkillReport, titles: tuple[str, str]) -> list[str]:
    """What the deal did for both sides together (debrief only: it uses both sides' points)."""
    out: list[str] = []
    if report.first_concession_by is not None:
        who = titles[report.parties.index(report.first_concession_by)]
        out.append(tr("skill.first-move", who=who))
    if not report.deal or report.joint_gain is None:
        out.append(tr("skill.no-deal"))
        return out
    if report.efficiency is not None and report.share_of_surplus is not None:
        sa, sb = report.share_of_surplus
        out.append(
            tr(
                "skill.surplus",
                efficiency=f"{100 * report.efficiency:.0f}",
                joint=_pts(report.joint_gain),
                first=titles[0],
                first_share=f"{100 * sa:.0f}",
                second=titles[1],
                second_share=f"{100 * sb:.0f}",
            )
        )
    else:
        out.append(tr("skill.joint-only", joint=_pts(report.joint_gain)))
    if report.logrolling_index is not None:
        li = report.logrolling_index
        how = "high" if li > 0.25 else "low" if li < -0.25 else "mixed"
        out.append(tr(f"skill.logrolling.{how}", index=f"{li:+.2f}"))
    if report.deal_by_mediator:
        out.append(tr("skill.by-mediator"))
    return out
