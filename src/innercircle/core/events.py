"""Events: attend/skip/maybe for upcoming ones, and the measured return of past ones."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime, time, timedelta, tzinfo

from innercircle.core.goals import GoalFit, topic_fit, words
from innercircle.core.model import Event, Goal, Outcome
from innercircle.core.ties.score import TieScore
from innercircle.core.ties.tiers import LONG_TAIL, REGULAR_TIERS, STRONG_TIERS
from innercircle.core.timeuse import Budget, TimeLedger, attended, event_hours

FOLLOW_UP_DAYS = 14
STRONG_FIT = 0.5
OUTCOME_POINTS = 3.0


@dataclass(slots=True)
class EventReturn:
    """What a past event produced, and per hour spent."""

    event_id: int
    title: str
    start: datetime
    hours: float
    rating: int | None
    met: list[int]
    followed_up: list[int]
    outcomes: int
    outcome_kinds: list[str]
    value: float  # points: 3 per outcome, 1 per person followed up, rating above 3 adds
    per_hour: float


def event_return(
    e: Event,
    met: Sequence[int],
    outcomes: Sequence[Outcome],
    out_contacts: Mapping[int, Sequence[datetime]],
) -> EventReturn:
    """Return of one event: people met, those followed up within 14 days, outcomes attributed."""
    end = e.start + timedelta(days=FOLLOW_UP_DAYS)
    followed = [p for p in met if any(e.start < t <= end for t in out_contacts.get(p, ()))]
    mine = [o for o in outcomes if o.event_id == e.id]
    value = OUTCOME_POINTS * len(mine) + len(followed) + max(0, (e.rating or 3) - 3) * 0.5
    hours = event_hours(e)
    return EventReturn(
        e.id or 0,
        e.title,
        e.start,
        round(hours, 2),
        e.rating,
        list(met),
        followed,
        len(mine),
        sorted({o.kind for o in mine}),
        round(value, 2),
        round(value / hours, 3) if hours > 0 else 0.0,
    )


def similar(a: Event, b: Event) -> list[str]:
    """Why two events are alike: same series, same organizer, shared topics."""
    why = []
    if a.series and b.series and a.series.strip().lower() == b.series.strip().lower():
        why.append(f"series {a.series}")
    if a.organizer and b.organizer and a.organizer.strip().lower() == b.organizer.strip().lower():
        why.append(f"organizer {a.organizer}")
    shared = sorted({w for t in a.topics for w in words(t)} & {w for t in b.topics for w in words(t)})
    if shared:
        why.append("topics " + ", ".join(shared[:3]))
    return why


@dataclass(slots=True)
class TriageItem:
    """An upcoming event judged attend, skip or maybe, with its reasons.

    ``hours`` is what the event costs (``event_hours``), ``travel_hours`` the part of it that is travel
    (an hour when only its start and end are known, none when the cost was given); ``week_hours_left``
    and ``month_events_left`` are the budget left after this event, counted in date order: what earlier
    attended and planned events took, and this one if it is advised or the user said they attend.
    """

    event_id: int
    title: str
    start: datetime
    hours: float
    decision: str
    score: float
    reasons: list[str] = field(default_factory=list)
    people: list[str] = field(default_factory=list)
    user_decision: str | None = None
    travel_hours: float = 0.0
    week_hours_left: float = 0.0
    month_events_left: float = 0.0


def travel_hours(e: Event) -> float:
    """The travel ``event_hours`` adds to an event's length (none when its cost was given or guessed)."""
    if e.hours_cost is None and e.end is not None and e.end > e.start:
        return max(0.0, event_hours(e) - (e.end - e.start).total_seconds() / 3600)
    return 0.0


def cost_text(hours: float, travel: float) -> str:
    """ "3 h", or "2 h + 1 h travel" when travel is part of it."""
    if travel > 0:
        return f"{round(hours - travel, 2):g} h + {round(travel, 2):g} h travel"
    return f"{hours:g} h"


@dataclass(slots=True)
class TriageInput:
    """What triage weighs (plain data, ``now`` given)."""

    now: datetime
    events: Sequence[Event]
    goals: Sequence[Goal]
    ties: Mapping[int, TieScore]
    fits: Mapping[int, GoalFit]
    orgs: Mapping[int, str | None]
    names: Mapping[int, str]
    returns: Mapping[int, EventReturn]  # past attended events by id
    ledger: TimeLedger
    budget: Budget


def _matters(t: TriageInput, pid: int) -> bool:
    """A strong tie, a regular contact who fits a goal, or anyone who fits a goal well."""
    tie = t.ties.get(pid)
    fit = t.fits.get(pid)
    tier = tie.tier if tie is not None else LONG_TAIL
    score = fit.score if fit is not None else 0.0
    return tier in STRONG_TIERS or (tier in REGULAR_TIERS and score > 0) or score >= STRONG_FIT


def _same_run(a: Event, b: Event) -> bool:
    """Same series or same organizer: the same crowd tends to come back."""
    return any(w.startswith(("series", "organizer")) for w in similar(a, b))


def likely_there(t: TriageInput, e: Event) -> dict[int, str]:
    """People who matter and are likely there: listed, past co-attendees of similar events, organizer's org."""
    why: dict[int, str] = {}
    for pid in e.attendees:
        why[pid] = "listed as attending"
    for past in t.events:
        if past.start < t.now and past.id != e.id and _same_run(e, past):
            for pid in past.attendees:
                why.setdefault(pid, f"was at {past.title}")
    if e.organizer:
        org = e.organizer.strip().lower()
        for pid, name in t.orgs.items():
            if name and name.strip().lower() == org:
                why.setdefault(pid, f"works at {e.organizer}")
    return {pid: w for pid, w in why.items() if _matters(t, pid)}


def _past_return(t: TriageInput, e: Event) -> tuple[float | None, list[str]]:
    hits = [(r, similar(e, past)) for past in t.events if (r := t.returns.get(past.id or -1)) is not None]
    hits = [(r, why) for r, why in hits if why]
    if not hits:
        return None, []
    per_hour = sum(r.per_hour for r, _ in hits) / len(hits)
    r0, why0 = hits[-1]
    return per_hour, [
        f"{len(hits)} similar past event(s) returned {per_hour:.2f} points/hour "
        f"(e.g. {r0.title}: {why0[0]}, {r0.outcomes} outcomes, {len(r0.followed_up)} followed up)"
    ]


def week_start(d: datetime, zone: tzinfo) -> datetime:
    """Monday 00:00 of the week of ``d`` on the owner's clock (``zone``), as an aware moment."""
    local = d.astimezone(zone)
    day = local.date() - timedelta(days=local.weekday())
    return datetime.combine(day, time(0), tzinfo=zone)


def _month(d: datetime, zone: tzinfo) -> tuple[int, int]:
    """The calendar month of ``d`` on the owner's clock."""
    local = d.astimezone(zone)
    return local.year, local.month


def _judge(t: TriageInput, e: Event) -> TriageItem:
    """Score one event on goal fit, people who matter and past return (no budget yet)."""
    fit = topic_fit(e.topics, e.title, t.goals)
    # one goal topic makes an event relevant; a person needs more evidence than that
    fit_score = min(1.0, 2 * fit.score)
    reasons = [f"goal fit {fit_score:.2f}: " + "; ".join(fit.reasons[:2])] if fit.reasons else []
    reasons = reasons or ["topics fit none of your goals"]
    there = likely_there(t, e)
    if there:
        listed = [f"{t.names.get(p, p)} ({w})" for p, w in list(there.items())[:3]]
        reasons.append(f"{len(there)} people who matter likely there: " + "; ".join(listed))
    per_hour, why_return = _past_return(t, e)
    reasons += why_return
    return_score = 0.5 if per_hour is None else min(1.0, per_hour)
    score = 0.45 * fit_score + 0.35 * min(1.0, 0.35 * len(there)) + 0.2 * return_score
    item = TriageItem(e.id or 0, e.title, e.start, round(event_hours(e), 2), "skip", round(score, 3), reasons)
    item.people = [str(t.names.get(p, p)) for p in there]
    item.user_decision = e.decision
    if fit_score == 0:
        item.reasons.append("off your goals: people alone do not make it worth an evening")
    return item


def triage(t: TriageInput) -> list[TriageItem]:
    """Every upcoming event: attend, skip or maybe, with reasons, in time order.

    The budget is counted in date order: an event sees the hours of its week and the events of its month
    that the ledger holds (time already spent) and that earlier upcoming events take (advised to attend,
    or the user said they attend), never what a later event would take. What no longer fits is at most a
    maybe. Each item says what it costs (with the travel ``event_hours`` adds: "2 h + 1 h travel") and what
    of the week's hours and the month's events it leaves. Weeks (Monday to Sunday) and months are the
    owner's, on the clock of the ledger's zone.
    """
    zone = t.ledger.zone
    cap = t.budget.events_per_month
    upcoming = sorted((e for e in t.events if e.start >= t.now), key=lambda e: (e.start, e.id or 0))
    items: list[TriageItem] = []
    planned: list[tuple[datetime, float]] = []
    for e in upcoming:
        item = _judge(t, e)
        item.travel_hours = round(travel_hours(e), 2)
        ws = week_start(e.start, zone)
        we = week_start(ws + timedelta(days=8), zone)  # next Monday 00:00 (a DST week is not 7×24 h)
        week_used = t.ledger.hours(ws, we) + sum(h for s, h in planned if ws <= s < we)
        month = _month(e.start, zone)
        month_events = sum(1 for x in t.ledger.entries if x.kind == "event" and _month(x.at, zone) == month)
        month_events += sum(1 for s, _ in planned if _month(s, zone) == month)
        left = t.budget.hours_per_week - week_used
        over = item.hours > left or month_events >= cap
        item.reasons.append(
            f"{cost_text(item.hours, item.travel_hours)} against {max(left, 0):.1f} h left that week; "
            f"{month_events} of {cap:g} events that month already"
            + (" (attended or planned before it)" if month_events else "")
        )
        on_goal = not item.reasons[0].startswith("topics fit none")
        if over:
            item.decision = "maybe" if item.score >= 0.5 else "skip"
        else:
            item.decision = "attend" if item.score >= 0.35 else "maybe" if item.score >= 0.2 else "skip"
        if not on_goal and item.decision == "attend":
            item.decision = "maybe"
        takes = item.decision == "attend" or e.decision == "attend"
        if takes:
            planned.append((e.start, item.hours))
        item.week_hours_left = round(left - (item.hours if takes else 0.0), 2)
        item.month_events_left = cap - month_events - (1 if takes else 0)
        item.reasons.append(_leaves(item, cap, takes))
        item.reasons.insert(
            0, f"{item.decision}: score {item.score:.2f}" + (" (over budget)" if over else "")
        )
        items.append(item)
    return items


def _leaves(item: TriageItem, cap: float, takes: bool) -> str:
    """What of the budget is left after an event, in words."""
    week = (
        f"{max(item.week_hours_left, 0):.1f} h of that week"
        if item.week_hours_left >= 0 or not takes
        else f"that week {-item.week_hours_left:.1f} h over"
    )
    month = f"{max(item.month_events_left, 0):g} of {cap:g} events that month"
    if takes:
        return f"attending leaves {week} and {month}"
    return f"takes none of the budget: {week} and {month} still free"


def returns_of(
    events: Sequence[Event],
    met: Mapping[int, Sequence[int]],
    outcomes: Sequence[Outcome],
    out_contacts: Mapping[int, Sequence[datetime]],
    now: datetime,
) -> dict[int, EventReturn]:
    """The return of every past attended event (people met: those marked met, else every attendee)."""
    out = {}
    for e in events:
        if e.id is not None and attended(e, now):
            out[e.id] = event_return(e, met.get(e.id) or e.attendees, outcomes, out_contacts)
    return out
