"""Focus and prune: the few people worth investing in now, and those the user can stop tracking."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime

from innercircle.core.goals import GoalFit
from innercircle.core.model import Person
from innercircle.core.onesided import NOBODY, Reach
from innercircle.core.replies import Unanswered
from innercircle.core.ties.explain import explain
from innercircle.core.ties.score import Ties, TieScore
from innercircle.core.ties.tiers import LONG_TAIL

DEFAULT_LIMIT = 15
NO_GOAL_FIT = 0.15  # when the user has no goals, strength and opportunity alone rank
# a tie only the user keeps feeding is not where the next hour pays: inside the list it ranks at this share
# of its score (who is *in* the list is decided without it: an important one-sided tie is shown, labelled)
ONE_SIDED_DISCOUNT = 0.4
ONE_SIDED_LABEL = "one-sided: wait for a reply before investing more"


@dataclass(slots=True)
class FocusItem:
    """One person worth investing in now, and why."""

    person_id: int
    name: str
    score: float
    strength: float
    tier: str
    fit: float
    opportunity: float
    why_now: str  # grow | cooling | one-sided | reply
    reasons: list[str] = field(default_factory=list)


def opportunity(tie: TieScore | None) -> tuple[float, str, str]:
    """Room to grow (a weak tie can deepen) or risk of cooling (a strong tie going quiet)."""
    if tie is None:
        return 1.0, "grow", "no contact yet: everything to build"
    room = 1.0 - tie.strength
    if tie.cooling or tie.trend in ("cooling", "silent"):
        risk = 0.6 + 0.4 * tie.strength
        if risk >= room:
            return risk, "cooling", f"{tie.tier} tie going quiet ({tie.trend}): risk of losing it"
    return room, "grow", f"room to grow (strength {tie.strength:.2f})"


def one_sided_reason(reach: Reach) -> str:
    """The label of a one-sided tie (what to do), with the counts that make it one-sided."""
    return f"{ONE_SIDED_LABEL} ({reach.said()})"


def focus(
    people: Sequence[Person],
    ties: Ties,
    fits: Mapping[int, GoalFit],
    has_goals: bool,
    limit: int = DEFAULT_LIMIT,
    reach: Mapping[int, Reach] | None = None,
    waiting: Mapping[int, Unanswered] | None = None,
) -> list[FocusItem]:
    """Rank people by tie strength × goal fit × opportunity; at most ``limit``, each with reasons.

    ``reach`` (person → counts, see ``core/onesided``) marks the one-sided ties ``one-sided``, with the
    counts as the reason. Who makes the list is decided
    by strength × fit × opportunity alone, so an important one-sided tie is shown, labelled, never hidden;
    inside the list it ranks at ``ONE_SIDED_DISCOUNT`` of its score, after the ties where the next hour pays.
    ``waiting`` (see ``replies.unanswered``) marks the opposite: they wrote and the user never answered —
    ``reply``, with the count as the reason; ranked as any other tie (the opening is theirs to take up).
    """
    reach = reach or {}
    waiting = waiting or {}
    items: list[tuple[float, FocusItem]] = []  # (score before the one-sided discount, item)
    for p in people:
        if p.id is None or p.is_me or p.archived:
            continue
        tie = ties.get(p.id)
        fit = fits.get(p.id)
        fit_score = fit.score if fit is not None else 0.0
        if has_goals and fit_score <= 0:
            continue
        if not has_goals:
            fit_score = NO_GOAL_FIT
        strength = tie.strength if tie is not None else 0.0
        opp, why, opp_reason = opportunity(tie)
        # mail the user never answered is not their relationship: its chance of more mail counts for nothing
        invested = strength if tie is None or tie.engaged else 0.0
        if tie is not None and not tie.engaged and tie.contacts:
            opp_reason = "they write, you never answered: no relationship of yours yet"
        # a stranger is worth less than an acquaintance: strength counts, but never zeroes the score
        full = score = (0.2 + invested) * fit_score * opp
        counts = reach.get(p.id, NOBODY)
        if counts.one_sided:
            score *= ONE_SIDED_DISCOUNT
            why, opp_reason = "one-sided", one_sided_reason(counts)
        elif p.id in waiting:
            why, opp_reason = "reply", waiting[p.id].label
        reasons = list(fit.reasons[:3]) if fit is not None and has_goals else []
        if not has_goals:
            reasons.append("no active goals: ranked by strength and opportunity (add one with 'goal add')")
        reasons.append(f"tie {tie.tier if tie else 'none'}, strength {strength:.2f}")
        # the honest action for a one-sided tie or an unanswered one leads; otherwise goal fit leads
        reasons.insert(0 if why in ("one-sided", "reply") else len(reasons), opp_reason)
        tier = tie.tier if tie else LONG_TAIL
        item = FocusItem(
            p.id, p.name, round(score, 4), round(strength, 3), tier, fit_score, round(opp, 3), why, reasons
        )
        items.append((round(full, 4), item))
    items.sort(key=lambda f: (-f[0], f[1].name))
    chosen = [item for _, item in items[: max(0, limit)]]
    chosen.sort(key=lambda i: (-i.score, i.name))
    for item in chosen:  # the tie's own first reason last (explained for the chosen only)
        if item.person_id in ties:
            item.reasons += explain(ties, item.person_id).reasons[:1]
    return chosen


@dataclass(slots=True)
class PruneItem:
    """A contact the user can stop tracking."""

    person_id: int
    name: str
    reasons: list[str]


def prune_candidates(
    people: Sequence[Person],
    ties: Mapping[int, TieScore],
    fits: Mapping[int, GoalFit],
    contacted: set[int],
    now: datetime,
    min_age_days: int = 30,
) -> list[PruneItem]:
    """People with no contact at all and no goal fit (not pinned, not stated close, not brand new)."""
    out = []
    for p in people:
        if p.id is None or p.is_me or p.archived or p.id in contacted:
            continue
        if p.tier_pin or (p.closeness or 0) > 0:
            continue
        fit = fits.get(p.id)
        if fit is not None and fit.score > 0:
            continue
        tie = ties.get(p.id)
        if tie is not None and tie.last_contact is not None:
            continue
        # a fresh connection deserves its first follow-up; an old one never contacted does not
        added = p.connected_at
        if added is not None and (now - added).days < min_age_days:
            continue
        since = f" since connecting on {added:%Y-%m-%d}" if added else ""
        out.append(PruneItem(p.id, p.name, [f"no contact recorded{since}", "fits none of your active goals"]))
    out.sort(key=lambda i: i.name)
    return out
