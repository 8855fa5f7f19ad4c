"""Reads and writes the follow-ups need: done/snooze marks, what drafts name, people met at events."""

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


def shared_rows(
    conn: Connection, person_ids: Iterable[int], before: datetime
) -> dict[int, list[tuple[str, str | None, datetime, bool]]]:
    """What each person and the user last shared, strictly before ``before``, oldest first, as
    (channel, subject, at, by them): mail and messages the person wrote (by them) or the user sent them,
    and meetings, calls and events the user took part in. Notes the user logged are not read: they are
    never quoted."""
    i, p = s.interactions, s.participants
    out: dict[int, list[tuple[str, str | None, datetime, bool]]] = {}
    ids = list(person_ids)
    threads = ("email", "message", "sms")
    together = ("meeting", "call", "event")
    for start in range(0, len(ids), 500):
        chunk = ids[start : start + 500]
        q = (
            select(p.c.person_id, i.c.channel, i.c.subject, i.c.at, p.c.role)
            .select_from(p.join(i, i.c.id == p.c.interaction_id))
            .where(
                p.c.person_id.in_(chunk),
                i.c.at < before,
                ((i.c.channel.in_(threads)) & ((p.c.role == "from") | (i.c.direction == "out")))
                | ((i.c.channel.in_(together)) & (i.c.direction != "unknown")),
            )
            .order_by(i.c.at, i.c.id)
        )
        for pid, channel, subject, at, role in conn.execute(q):
            out.setdefault(int(pid), []).append((str(channel), subject, at, role == "from"))
    return out


def events_together(
    conn: Connection, person_ids: Iterable[int], before: datetime
) -> dict[int, tuple[str, datetime]]:
    """(title, start) of the latest event each person attended with the user, strictly before ``before``:
    the user went (decided to attend, or rated it) and the person was listed, or the user met them there."""
    e, a = s.events, s.event_attendees
    out: dict[int, tuple[str, datetime]] = {}
    ids = list(person_ids)
    for start in range(0, len(ids), 500):
        q = (
            select(a.c.person_id, e.c.title, e.c.start)
            .select_from(a.join(e, e.c.id == a.c.event_id))
            .where(
                a.c.person_id.in_(ids[start : start + 500]),
                e.c.start < before,
                (e.c.decision == "attend") | (e.c.rating.is_not(None)) | (a.c.met.is_(True)),
            )
            .order_by(e.c.start, e.c.id)
        )
        for pid, title, at in conn.execute(q):
            out[int(pid)] = (str(title), at)
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
