"""Meeting briefs: the meetings of some days in the owner's calendar, with a card per attendee they know."""

from __future__ import annotations

from datetime import date, datetime, timedelta

from innercircle.core import brief as core
from innercircle.core.context import fits_for
from innercircle.core.dates import parse_day
from innercircle.core.errors import UserInputError
from innercircle.core.model import Channel, Event
from innercircle.core.replies import unanswered
from innercircle.results.brief import AttendeeCard, Brief, LastContact, MeetingBrief
from innercircle.services.runtime.localzone import get_zone, zone_name
from innercircle.services.runtime.workspace import Tx
from innercircle.services.ties import compute_ties
from innercircle.services.views import detail_result, favor_result
from innercircle.store import details as details_store
from innercircle.store import events as events_store
from innercircle.store import favors as favors_store
from innercircle.store import goals as goals_store
from innercircle.store import interactions as interactions_store
from innercircle.store import journal
from innercircle.store import people as people_store

MAX_DAYS = 31  # the longest span one brief covers
CALENDAR_SOURCES = ("ics", "ics-events")  # where a person from a calendar alone comes from


def days_asked(tx: Tx, now: datetime, day: str | None, days: int | None) -> tuple[date, date]:
    """The first and last day a brief covers: ``days`` days from ``day`` (YYYY-MM-DD, today, tomorrow; the
    owner's today when none); without ``days``, today and tomorrow, or the given day alone."""
    if days is not None and not 1 <= days <= MAX_DAYS:
        raise UserInputError(f"a brief covers 1 to {MAX_DAYS} days, not {days}")
    zone = get_zone(tx)
    start = now.astimezone(zone).date() if not day else parse_day(day, now, zone)
    count = days if days is not None else (1 if day else 2)
    return start, start + timedelta(days=count - 1)


def brief(tx: Tx, start: date, end: date, now: datetime) -> Brief:
    """The meetings from ``start`` to ``end`` (both included, the owner's days) with someone besides the
    owner: meetings of the calendar (imported, synced or logged ahead) and events with attendees not
    skipped, each with a card for every attendee the owner knows, as of ``now``."""
    if end < start:
        raise UserInputError(f"the brief's last day ({end}) is before its first ({start})")
    if (end - start).days >= MAX_DAYS:
        raise UserInputError(f"a brief covers at most {MAX_DAYS} days, not {(end - start).days + 1}")
    zone = get_zone(tx)
    lo, hi = core.day_window(start, end, zone)
    owner = people_store.get_owner(tx.conn)
    me = None if owner is None else owner.id
    met = interactions_store.interactions_between(tx.conn, lo, hi, (Channel.MEETING,))
    events = events_store.list_events(tx.conn)
    planned = [
        core.Meeting(e.title, e.start, e.end, e.place, tuple(e.attendees), "event", e.id)
        for e in events
        if lo <= e.start < hi and e.attendees and e.decision != "skip"
    ]
    meetings = [m for m in core.meetings_of(met, planned) if any(p != me for p in m.people)]
    people = {p for m in meetings for p in m.people if p != me}
    known = _known(tx, people, now, {e.id: e for e in events if e.id is not None})
    briefs = [core.brief_meeting(m, known, me, now, zone) for m in meetings]
    return Brief(
        start=start,
        end=end,
        timezone=zone_name(tx),
        meetings=[_meeting(b) for b in briefs],
    )


def _known(tx: Tx, people: set[int], now: datetime, events: dict[int, Event]) -> dict[int, core.Known]:
    """What the database holds on each of ``people`` (merged-away records left out)."""
    if not people:
        return {}
    ties = compute_ties(tx, now)
    goals = goals_store.list_goals(tx.conn, include_done=False)
    waiting = {k: u for k, u in unanswered(tx.snapshot().contacts, now).items() if u.due(now)}
    favors = favors_store.all_favors(tx.conn)
    met_at: dict[int, list[str]] = {}
    for eid, pids in journal.met_at_events(tx.conn).items():
        e = events.get(eid)
        if e is not None and e.start < now:
            for pid in pids:
                met_at.setdefault(pid, []).append(e.title)
    out: dict[int, core.Known] = {}
    for pid, person in sorted(people_store.people_by_id(tx.conn, people).items()):
        details = details_store.details_of(tx.conn, pid)
        fit = fits_for([person], details, goals).get(pid) if goals else None
        reply = waiting.get(pid)
        out[pid] = core.Known(
            person=person,
            tie=ties.get(pid),
            history=interactions_store.interactions_of(tx.conn, pid, before=now),
            details=details,
            favors=[f for f in favors if f.person_id == pid],
            fit=fit,
            reply_since=None if reply is None else reply.last_in,
            met_at=met_at.get(pid, []),
            listed=any(s.partition(":")[0] not in CALENDAR_SOURCES for s in person.sources),
        )
    return out


def _meeting(b: core.MeetingBrief) -> MeetingBrief:
    m = b.meeting
    return MeetingBrief(
        title=m.title,
        start=m.start,
        end=m.end,
        place=m.place,
        source=m.source,
        interaction_id=m.ref if m.source == "interaction" else None,
        event_id=m.ref if m.source == "event" else None,
        cards=[_card(c) for c in b.cards],
        others=list(b.others),
        more=list(b.more),
    )


def _card(c: core.Card) -> AttendeeCard:
    last = c.last_contact
    return AttendeeCard(
        person_id=c.person_id,
        name=c.name,
        org=c.org,
        title=c.title,
        how=list(c.how),
        tier=c.tier,
        trend=c.trend,
        strength=c.strength,
        contacts=c.contacts,
        last_contact=None
        if last is None
        else LastContact(
            at=last.at, channel=last.channel, subject=last.subject, direction=last.direction, note=last.note
        ),
        details=[detail_result(d) for d in c.details],
        asks=[detail_result(d) for d in c.asks],
        favors_gave=[favor_result(f) for f in c.gave],
        favors_received=[favor_result(f) for f in c.received],
        goals=list(c.goals),
        bring_up=list(c.bring_up),
        ask_about=list(c.ask_about),
    )
