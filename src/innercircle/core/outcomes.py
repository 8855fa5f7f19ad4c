"""Outcomes and return: progress per goal, return per channel, relationship and hour, online engagement."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta, tzinfo

from innercircle.core.goals import Profile, goal_fit, words
from innercircle.core.history import History, channel_counts, interaction_counts, last_channels
from innercircle.core.model import Goal, Outcome
from innercircle.core.records import ActivityRecord
from innercircle.core.timeuse import TimeLedger


@dataclass(slots=True)
class GoalProgress:
    """What the network produced toward one goal."""

    goal_id: int
    goal: str
    due: str | None
    days_left: int | None
    outcomes: int
    kinds: list[str]
    wanted: list[str]
    progress: float  # share of the wanted outcome kinds reached (1 when done)
    done: bool
    people: list[int] = field(default_factory=list)


def goal_progress(
    goals: Sequence[Goal], outcomes: Sequence[Outcome], now: datetime, zone: tzinfo = UTC
) -> list[GoalProgress]:
    """Progress per goal: outcomes attributed, kinds reached against the kinds wanted; days left to a due
    date counted from the owner's today (``zone``)."""
    today = now.astimezone(zone).date()
    out = []
    for g in goals:
        mine = [o for o in outcomes if o.goal_id == g.id and o.at < now]
        kinds = sorted({o.kind for o in mine})
        if g.done_at is not None:
            progress = 1.0
        elif g.outcome_kinds:
            progress = len(set(kinds) & set(g.outcome_kinds)) / len(set(g.outcome_kinds))
        else:
            progress = 1.0 if mine else 0.0
        out.append(
            GoalProgress(
                g.id or 0,
                g.text,
                g.due.isoformat() if g.due else None,
                (g.due - today).days if g.due else None,
                len(mine),
                kinds,
                list(g.outcome_kinds),
                round(progress, 3),
                g.done_at is not None,
                sorted({p for o in mine for p in o.people}),
            )
        )
    return out


@dataclass(slots=True)
class Return:
    """Outcomes against effort for one channel or relationship."""

    key: str
    interactions: int
    hours: float
    outcomes: int
    per_hour: float | None


def per_channel(
    outcomes: Sequence[Outcome], history: History, ledger: TimeLedger, me_id: int | None
) -> list[Return]:
    """Per channel: interactions, hours, outcomes (credited to the channel of the last contact before)."""
    counts = channel_counts(history)
    hours = ledger.kind_hours()
    credit: dict[str, int] = {}
    for ch in last_channels(history, outcomes, me_id):
        credit[ch] = credit.get(ch, 0) + 1
    keys = sorted(set(counts) | set(credit) | set(hours))
    rows = [
        Return(
            k,
            counts.get(k, 0),
            round(hours.get(k, 0.0), 1),
            credit.get(k, 0),
            round(credit.get(k, 0) / hours[k], 3) if hours.get(k) else None,
        )
        for k in keys
    ]
    rows.sort(key=lambda r: (-r.outcomes, -r.interactions))
    return rows


def per_relationship(
    outcomes: Sequence[Outcome],
    history: History,
    ledger: TimeLedger,
    me_id: int | None,
    names: Mapping[int, str],
) -> list[Return]:
    """Per person who produced an outcome: contacts, hours shared, outcomes, outcomes per hour."""
    credit: dict[int, int] = {}
    for o in outcomes:
        for p in o.people:
            credit[p] = credit.get(p, 0) + 1
    hours = ledger.person_hours(credit)
    contacts = interaction_counts(history, credit, me_id)
    rows = [
        Return(
            names.get(p, f"#{p}"),
            contacts.get(p, 0),
            round(hours.get(p, 0.0), 1),
            n,
            round(n / hours[p], 3) if hours.get(p) else None,
        )
        for p, n in credit.items()
    ]
    rows.sort(key=lambda r: (-r.outcomes, r.key))
    return rows


def per_hour(
    outcomes: Sequence[Outcome], ledger: TimeLedger, now: datetime, days: int = 90
) -> dict[str, float]:
    """Outcomes per networking hour over the last ``days``."""
    start = now - timedelta(days=days)
    n = sum(1 for o in outcomes if start <= o.at < now)
    hours = ledger.hours(start, now)
    return {
        "days": days,
        "outcomes": n,
        "hours": round(hours, 1),
        "per_hour": round(n / hours, 3) if hours else 0.0,
    }


@dataclass(slots=True)
class Engagement:
    """The user's own online activity against the goals."""

    posts: int
    posts_on_goals: int
    share_on_goals: float
    by_kind: dict[str, int]
    topics: list[str]
    people_engaged: list[str]
    note: str


def engagement(
    activities: Sequence[ActivityRecord], goals: Sequence[Goal], now: datetime, days: int = 90
) -> Engagement:
    """Share of the user's posts on goal topics, and activity per kind, over the last ``days``."""
    start = now - timedelta(days=days)
    recent = [a for a in activities if start <= a.at < now]
    by_kind: dict[str, int] = {}
    for a in recent:
        by_kind[a.kind] = by_kind.get(a.kind, 0) + 1
    posts = [a for a in recent if a.kind == "share"]
    on_goal = []
    topics: dict[str, int] = {}
    for a in posts:
        fit = goal_fit(0, Profile(title=[], org=[], tags=[], text=words(a.text)), goals)
        if fit.score > 0:
            on_goal.append(a)
            for m in fit.matches:
                topics[m.goal] = topics.get(m.goal, 0) + 1
    share = len(on_goal) / len(posts) if posts else 0.0
    note = (
        "Who engaged with your posts is not in a LinkedIn export (it lists only your own activity)."
        if recent
        else "No online activity imported (import a LinkedIn export with Shares, Comments, Reactions)."
    )
    return Engagement(
        len(posts),
        len(on_goal),
        round(share, 3),
        by_kind,
        sorted(topics, key=lambda k: -topics[k]),
        [],
        note,
    )
