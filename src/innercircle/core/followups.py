"""Who to follow up with and why: tier cadence, new contacts, dated details, snoozes (pure, ``now`` passed in)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta, tzinfo

from innercircle.core.drafts import DraftFacts, Shared, draft_for
from innercircle.core.model import Detail
from innercircle.core.replies import REPLY_DUE_DAYS, Unanswered
from innercircle.core.ties.score import TieScore
from innercircle.core.ties.tiers import REGULAR_TIERS, STRONG_TIERS, tier_rank

# default follow-up cadence per tier, in days (the long tail has none)
CADENCE_DAYS: dict[str, int] = {"inner": 14, "close": 30, "active": 90, "known": 365}
NEW_CONTACT_DAYS = 14  # a new contact should hear from the user within this
NEW_CONTACT_WINDOW = 60  # how long someone counts as new
DATE_WINDOW = 14  # birthdays and anniversaries this close are worth a note
ACHIEVEMENT_WINDOW = 30  # achievements remembered this recently are worth a congratulation
OVERDUE_FACTOR = 1.5  # past this many cadences a due follow-up is overdue


@dataclass(slots=True)
class PersonState:
    """What the follow-ups need to know about one person."""

    person_id: int
    name: str
    tie: TieScore
    cadence_days: int | None = None  # the user's override
    first_contact: datetime | None = None
    last_out: datetime | None = None  # the user's last own reach-out (a meeting they logged counts)
    first_by_me: bool = False  # the very first contact was the user writing or calling
    connected_at: datetime | None = None
    last_shared: Shared | None = None  # the last thread with a real subject, or event or meeting together
    details: list[Detail] = field(default_factory=list)
    done_at: datetime | None = None  # the last "followups done"
    snoozed_until: datetime | None = None
    reply: Unanswered | None = None  # they wrote, the user never answered (core.replies.unanswered)
    tie_reasons: list[str] = field(default_factory=list)  # why the tie scores what it does (explain)
    archived: bool = False  # the user put them aside (prune): only a message they wait on brings them up


@dataclass(slots=True)
class Followup:
    """One follow-up to do, with the reason and a draft message."""

    person_id: int
    name: str
    kind: str  # overdue | due | cooling | new | reply | birthday | anniversary | achievement | ask
    reason: str
    draft: str
    priority: float
    tier: str
    strength: float
    due: date | None = None
    reasons: list[str] = field(default_factory=list)


def cadence_of(state: PersonState) -> int | None:
    """The follow-up cadence in days: the user's override, else the default of the tie's tier (a cooling
    tie keeps its tier while it cools, so a strong tie gone quiet is tended as one)."""
    return state.cadence_days or CADENCE_DAYS.get(state.tie.tier)


def local_day(t: datetime, zone: tzinfo) -> date:
    """The calendar day of a moment on the owner's clock (``zone``)."""
    return t.astimezone(zone).date()


def followups_for(
    state: PersonState, now: datetime, sender: str | None = None, zone: tzinfo = UTC
) -> list[Followup]:
    """Every follow-up due for one person at ``now`` (empty while snoozed).

    ``zone`` is the owner's time zone: "today" (a birthday today, an achievement this month) and due
    days are the owner's calendar days, not UTC's.
    """
    if state.snoozed_until is not None and state.snoozed_until > now:
        return []
    reply = _reply_item(state, now, sender, zone)
    if state.archived:  # no keeping in touch with someone put aside; a message waiting is still answered
        return reply
    # a message waiting for an answer is the follow-up (its draft answers them): no cadence or new-contact
    # item besides it for the same person
    if reply:
        return [*reply, *_dated_items(state, now, sender, zone)]
    return [
        *_cadence_item(state, now, sender, zone),
        *_new_contact_item(state, now, sender, zone),
        *_dated_items(state, now, sender, zone),
    ]


def plan(
    states: list[PersonState], now: datetime, sender: str | None = None, zone: tzinfo = UTC
) -> list[Followup]:
    """All follow-ups, most pressing first (strong ties cooling before anything else); drafts signed by
    ``sender``; days on the clock of ``zone`` (the owner's)."""
    items = [f for s in states for f in followups_for(s, now, sender, zone)]
    return sorted(items, key=lambda f: (-f.priority, -f.strength, f.name))


def _reference(state: PersonState) -> datetime | None:
    """The last time the relationship was tended: a contact or a follow-up marked done."""
    times = [t for t in (state.tie.last_contact, state.done_at) if t is not None]
    return max(times) if times else None


def _cadence_item(state: PersonState, now: datetime, sender: str | None, zone: tzinfo) -> list[Followup]:
    cadence = cadence_of(state)
    ref = _reference(state)
    if cadence is None or ref is None:
        return []
    since = (now - ref).total_seconds() / 86400
    tie = state.tie
    tier = tie.tier
    cooling = tie.cooling and tier in REGULAR_TIERS  # the ties worth saving
    if since < cadence and not cooling:
        return []
    if since < cadence / 2:  # cooling by rank alone, but recently in touch: nothing to do yet
        return []
    kind = "overdue" if since >= OVERDUE_FACTOR * cadence else "due"
    reason = f"{tier} tie, last contact {since:.0f} days ago; your rhythm here is every {cadence} days"
    if cooling:
        kind = "cooling"
        gap = f" (usually every {tie.usual_gap_days:g} days)" if tie.usual_gap_days else ""
        strong = "strong tie" if tier in STRONG_TIERS else "tie"
        reason = f"{strong} cooling: silent for {since:.0f} days{gap}; {tier}, every {cadence} days"
    weight = 1.0 - tier_rank(tier) / 5
    priority = 2.0 + weight + min(since / cadence, 4.0) / 4
    if cooling:  # strong ties cooling first: ordered by how strong the relationship has been
        priority = 3.0 + tie.bond + min(since / cadence, 4.0) / 8
    facts = _facts(state, now, since, sender, zone)
    due = ref + timedelta(days=cadence)
    if cooling:  # due now, before the cadence runs out: the silence against their own rhythm is the reason
        due = min(due, now)
    return [
        Followup(
            person_id=state.person_id,
            name=state.name,
            kind=kind,
            reason=reason,
            draft=draft_for(kind, facts),
            priority=round(priority, 3),
            tier=tier,
            strength=tie.strength,
            due=local_day(due, zone),
            reasons=list(state.tie_reasons),
        )
    ]


def _new_contact_item(state: PersonState, now: datetime, sender: str | None, zone: tzinfo) -> list[Followup]:
    starts = [t for t in (state.first_contact, state.connected_at) if t is not None]
    if not starts:
        return []
    start = min(starts)
    age = (now - start).total_seconds() / 86400
    if age > NEW_CONTACT_WINDOW or age < 0:
        return []
    tended = [t for t in (state.last_out, state.done_at) if t is not None and t > start]
    if tended or (state.first_by_me and state.first_contact == start):
        return []
    if age >= NEW_CONTACT_DAYS:
        reason = (
            f"new contact not followed up within {NEW_CONTACT_DAYS} days (first contact {age:.0f} days ago)"
        )
    else:
        left = NEW_CONTACT_DAYS - age
        reason = f"new contact from {age:.0f} days ago: follow up within {left:.0f} days while it is fresh"
    priority = 2.5 + 1.0 - min(age, NEW_CONTACT_WINDOW) / NEW_CONTACT_WINDOW  # fresh ones first
    return [
        Followup(
            person_id=state.person_id,
            name=state.name,
            kind="new",
            reason=reason,
            draft=draft_for("new", _facts(state, now, age, sender, zone)),
            priority=round(priority, 3),
            tier=state.tie.tier,
            strength=state.tie.strength,
            due=local_day(start + timedelta(days=NEW_CONTACT_DAYS), zone),
        )
    ]


def _reply_item(state: PersonState, now: datetime, sender: str | None, zone: tzinfo) -> list[Followup]:
    """They wrote (only they, lately) and their last message is recent and unanswered: reply."""
    r = state.reply
    if r is None or not r.due(now) or (state.done_at is not None and state.done_at > r.last_in):
        return []
    days = r.days_since(now)
    ago = "today" if days == 0 else "1 day ago" if days == 1 else f"{days} days ago"
    reason = f"{r.label} (their last message {ago})"
    priority = 3.0 + 0.5 * (1.0 - days / REPLY_DUE_DAYS)  # the fresher, the more it is expected
    return [
        Followup(
            person_id=state.person_id,
            name=state.name,
            kind="reply",
            reason=reason,
            draft=draft_for("reply", _facts(state, now, days, sender, zone)),
            priority=round(priority, 3),
            tier=state.tie.tier,
            strength=state.tie.strength,
            due=local_day(r.last_in, zone),
            reasons=[r.label],
        )
    ]


def next_occurrence(on: date, today: date) -> date:
    """The next yearly recurrence of ``on`` from ``today`` (29 February falls on 28 February)."""
    for year in (today.year, today.year + 1):
        try:
            d = on.replace(year=year)
        except ValueError:
            d = date(year, 2, 28)
        if d >= today:
            return d
    return on.replace(year=today.year + 1, day=min(on.day, 28))


def _dated_items(state: PersonState, now: datetime, sender: str | None, zone: tzinfo) -> list[Followup]:
    out: list[Followup] = []
    today = local_day(now, zone)
    for d in state.details:
        when, kind, reason = _dated(d, now, today, state, zone)
        if kind is None or when is None:
            continue
        facts = _facts(state, now, None, sender, zone, d)
        days = (when - today).days
        priority = (3.5 if days <= 3 else 2.2) if kind in ("birthday", "anniversary") else 2.0
        out.append(
            Followup(
                person_id=state.person_id,
                name=state.name,
                kind=kind,
                reason=reason,
                draft=draft_for(kind, facts),
                priority=priority,
                tier=state.tie.tier,
                strength=state.tie.strength,
                due=when,
            )
        )
    return out


def _dated(
    d: Detail, now: datetime, today: date, state: PersonState, zone: tzinfo
) -> tuple[date | None, str | None, str]:
    """(date, kind, reason) when a detail calls for a note now, else (None, None, ""); ``today`` is the
    owner's calendar day in ``zone``."""
    if d.kind in ("birthday", "anniversary") and d.on is not None:
        nxt = next_occurrence(d.on, today)
        days = (nxt - today).days
        # "followups done" once this occurrence was showing (its window opened) settles it until next year
        done = None if state.done_at is None else local_day(state.done_at, zone)
        wished = done is not None and done >= nxt - timedelta(days=DATE_WINDOW)
        if days <= DATE_WINDOW and not wished:
            when = "today" if days == 0 else f"in {days} day{'s' if days > 1 else ''} ({nxt:%d %B})"
            said = "" if d.text.strip().lower() == d.kind else f": {d.text}"
            return nxt, d.kind, f"{d.kind} {when}{said}"
    if d.kind == "achievement":
        at = d.on or (local_day(d.created_at, zone) if d.created_at else None)
        seen = d.created_at if d.on is None and d.created_at else at
        if (
            at is not None
            and 0 <= (today - at).days <= ACHIEVEMENT_WINDOW
            and seen
            and not _answered(state, seen, zone)
        ):
            return at, "achievement", f"achievement to celebrate: {d.text}"
    if d.kind == "ask" and d.created_at is not None:
        age = (now - d.created_at).days
        if 0 <= age <= ACHIEVEMENT_WINDOW and not _answered(state, d.created_at, zone):
            return local_day(d.created_at, zone), "ask", f"they asked: {d.text} ({age} days ago)"
    return None, None, ""


def _answered(state: PersonState, since: date | datetime, zone: tzinfo) -> bool:
    """The user reached out after ``since``, or marked done at or after it (a bare date: on or after that
    local day). Times are whole seconds: a "done" in the same second as the detail settles it."""
    if isinstance(since, datetime):
        return (state.last_out is not None and state.last_out > since) or (
            state.done_at is not None and state.done_at >= since
        )
    marks = [t for t in (state.last_out, state.done_at) if t is not None]
    return any(local_day(t, zone) >= since for t in marks)


def _facts(
    state: PersonState,
    now: datetime,
    days: float | None,
    sender: str | None,
    zone: tzinfo,
    about: Detail | None = None,
) -> DraftFacts:
    return DraftFacts(
        sender=sender,
        name=state.name,
        days_since=None if days is None else int(days),
        last=state.last_shared,
        details=list(state.details),
        about=about,
        today=local_day(now, zone),
    )
