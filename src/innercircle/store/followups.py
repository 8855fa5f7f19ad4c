"""Reads and writes the follow-ups need: done/snooze marks, last subjects, people met at events."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime

from sqlalchemy import Connection, func, select

from innercircle.store import schema as s
from innercircle.store.rows import insert_rows


def add_action(conn: Connection, person_id: int, action: str, at: datetime, until: datetime | None) -> int:
    """Record that a follow-up was done or snoozed."""
    row = {"person_id": person_id, "action": action, "at": at, "until": until}
    return insert_rows(conn, s.followup_actions, [row])[0]


def marks(conn: Connection, before: datetime) -> dict[int, tuple[datetime | None, datetime | None]]:
    """(last done, latest snooze end) per person, from actions taken up to ``before``."""
    f = s.followup_actions
    q = select(f.c.person_id, f.c.action, f.c.at, f.c.until).where(f.c.at <= before).order_by(f.c.at, f.c.id)
    out: dict[int, tuple[datetime | None, datetime | None]] = {}
    for pid, action, at, until in conn.execute(q):
        done, snooze = out.get(int(pid), (None, None))
        if action == "done":
            done = at
        elif action == "snooze":
            snooze = until
        out[int(pid)] = (done, snooze)
    return out


def last_subjects(conn: Connection, person_ids: Iterable[int], before: datetime) -> dict[int, str]:
    """The subject (or note) of each person's latest interaction with one, strictly before ``before``."""
    i, p = s.interactions, s.participants
    out: dict[int, str] = {}
    ids = list(person_ids)
    for start in range(0, len(ids), 500):
        chunk = ids[start : start + 500]
        q = (
            select(p.c.person_id, func.coalesce(i.c.subject, i.c.note), i.c.at)
            .select_from(p.join(i, i.c.id == p.c.interaction_id))
            .where(
                p.c.person_id.in_(chunk),
                i.c.at < before,
                (i.c.subject.is_not(None)) | (i.c.note.is_not(None)),
            )
            .order_by(i.c.at, i.c.id)
        )
        for pid, text, _at in conn.execute(q):
            if text and text.strip():
                out[int(pid)] = text.strip()
    return out


def met_at_events(conn: Connection, before: datetime) -> dict[int, datetime]:
    """When each person was first met at an event (attendee marked met), strictly before ``before``."""
    e, a = s.events, s.event_attendees
    q = (
        select(a.c.person_id, func.min(e.c.start))
        .select_from(a.join(e, e.c.id == a.c.event_id))
        .where(a.c.met.is_(True), e.c.start < before)
        .group_by(a.c.person_id)
    )
    return {int(pid): at for pid, at in conn.execute(q) if at is not None}
