"""``/calendar.ics``: follow-ups due, planned events and the coming meetings with people the user knows,
each meeting with its brief in its description, for the user's own calendar app."""

from __future__ import annotations

from datetime import datetime, timedelta, tzinfo

from fastapi import APIRouter, Request
from fastapi.responses import Response
from icalendar import Calendar
from icalendar import Event as VEvent

from innercircle.core.model import Event
from innercircle.results.advice import Followup
from innercircle.results.brief import MeetingBrief, meeting_text
from innercircle.services import plans
from innercircle.services.runtime.localzone import get_zone
from innercircle.web import data
from innercircle.web.common import now, ws
from innercircle.web.routes.brief import briefed

router = APIRouter()
BRIEF_DAYS = 14  # the days ahead whose meetings carry a brief (today included)


@router.get(
    "/calendar.ics",
    response_class=Response,
    responses={200: {"content": {"text/calendar": {}}, "description": "An iCalendar feed"}},
    tags=["calendar"],
)
def calendar_feed(request: Request) -> Response:
    """Follow-ups due, planned (not skipped) events and the meetings of the coming days with someone you
    know as an iCalendar feed; a meeting's description is its brief."""
    current = now(request)
    with ws(request).read() as tx:
        events = [e for e in plans.events(tx) if e.start >= current - timedelta(days=1)]
        followups = data.followups(tx, current)
        meetings = briefed(tx, current, None, BRIEF_DAYS).meetings
        zone = get_zone(tx)
    briefs: dict[int | None, MeetingBrief] = {
        m.event_id: m for m in meetings if m.event_id is not None and m.cards
    }
    cal = Calendar()
    cal.add("prodid", "-//innercircle//web//EN")
    cal.add("version", "2.0")
    cal.add("x-wr-calname", "innercircle")
    for e in events:
        if e.decision != "skip":
            cal.add_component(_event(e, current, briefs.get(e.id), zone))
    for m in meetings:
        if m.interaction_id is not None and m.cards:
            cal.add_component(_meeting(m, current, zone))
    for item in followups:
        cal.add_component(_followup(item, current))
    return Response(
        cal.to_ical(),
        media_type="text/calendar; charset=utf-8",
        headers={"Content-Disposition": 'inline; filename="innercircle.ics"'},
    )


def _event(e: Event, stamp: datetime, brief: MeetingBrief | None, zone: tzinfo) -> VEvent:
    v = VEvent()
    v.add("uid", f"event-{e.id}@innercircle")
    v.add("dtstamp", stamp)
    v.add("dtstart", e.start)
    hours = e.hours_cost if e.hours_cost and e.hours_cost > 0 else 1.0
    v.add("dtend", e.end or e.start + timedelta(hours=min(hours, 24.0)))
    v.add("summary", e.title + (" (maybe)" if e.decision == "maybe" else ""))
    if e.place:
        v.add("location", e.place)
    notes = [f"topics: {', '.join(e.topics)}" if e.topics else "", e.notes or ""]
    if brief is not None:
        notes.append(meeting_text(brief, zone, heading=False))
    if any(notes):
        v.add("description", "\n".join(n for n in notes if n))
    return v


def _meeting(m: MeetingBrief, stamp: datetime, zone: tzinfo) -> VEvent:
    """A meeting of the user's calendar with people they know, its brief as the description."""
    v = VEvent()
    v.add("uid", f"meeting-{m.interaction_id}@innercircle")
    v.add("dtstamp", stamp)
    v.add("dtstart", m.start)
    v.add("dtend", m.end if m.end is not None and m.end > m.start else m.start + timedelta(hours=1))
    v.add("summary", m.title)
    if m.place:
        v.add("location", m.place)
    v.add("description", meeting_text(m, zone, heading=False))
    return v


def _followup(item: Followup, stamp: datetime) -> VEvent:
    """An all-day entry on the day a follow-up is due (today when overdue)."""
    pid = item.person_id
    due = item.due or stamp.date()
    day = max(due, stamp.date())
    v = VEvent()
    v.add("uid", f"followup-{pid}-{due.isoformat()}@innercircle")
    v.add("dtstamp", stamp)
    v.add("dtstart", day)
    v.add("dtend", day + timedelta(days=1))
    v.add("summary", f"Follow up with {item.name or 'person ' + str(pid)}")
    text = [item.reason, item.draft]
    v.add("description", "\n\n".join(t for t in text if t))
    return v
