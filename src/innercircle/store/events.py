"""Events and who attends them: the user's calendar of networking, judged and rated."""

from __future__ import annotations

from typing import Any

from sqlalchemy import Connection, and_, insert, select, update

from innercircle.core.model import Event
from innercircle.store import schema as s
from innercircle.store.rows import insert_rows

# the columns of an event that are its fields of the same name
_FIELDS = (
    "title",
    "start",
    "end",
    "place",
    "hours_cost",
    "topics",
    "organizer",
    "series",
    "cost",
    "rating",
    "notes",
    "decision",
    "source",
    "source_id",
)


def add_event(conn: Connection, e: Event, batch_id: int | None = None) -> int | None:
    """Insert an event with attendees; None when its (source, source_id) exists."""
    if e.source_id is not None:
        hit = conn.execute(
            select(s.events.c.id).where(s.events.c.source == e.source, s.events.c.source_id == e.source_id)
        ).first()
        if hit:
            return None
    row = {k: getattr(e, k) for k in _FIELDS} | {"batch_id": batch_id}
    eid = insert_rows(conn, s.events, [row])[0]
    attendees = [{"event_id": eid, "person_id": pid, "met": False} for pid in dict.fromkeys(e.attendees)]
    if attendees:
        conn.execute(insert(s.event_attendees), attendees)
    return eid


def list_events(conn: Connection) -> list[Event]:
    """Every event with attendees, by start."""
    att: dict[int, list[int]] = {}
    for r in conn.execute(select(s.event_attendees).order_by(s.event_attendees.c.person_id)):
        att.setdefault(r.event_id, []).append(r.person_id)
    q = select(s.events).order_by(s.events.c.start, s.events.c.id)
    return [
        Event(
            id=r.id,
            attendees=att.get(r.id, []),
            **{k: getattr(r, k) for k in _FIELDS} | {"topics": list(r.topics)},
        )
        for r in conn.execute(q)
    ]


def update_event(conn: Connection, event_id: int, **fields: Any) -> bool:
    """Change some of an event's fields."""
    return bool(conn.execute(update(s.events).where(s.events.c.id == event_id).values(**fields)).rowcount)


def add_attendee(conn: Connection, event_id: int, person_id: int, met: bool = False) -> None:
    """Add a person to an event's attendees (idempotent; ``met`` only ever turns on)."""
    row = conn.execute(
        select(s.event_attendees.c.met).where(
            and_(
                s.event_attendees.c.event_id == event_id,
                s.event_attendees.c.person_id == person_id,
            )
        )
    ).first()
    if row is None:
        conn.execute(insert(s.event_attendees).values(event_id=event_id, person_id=person_id, met=met))
    elif met and not row[0]:
        conn.execute(
            update(s.event_attendees)
            .where(
                s.event_attendees.c.event_id == event_id,
                s.event_attendees.c.person_id == person_id,
            )
            .values(met=True)
        )
