"""Repository functions the weekly review needs: activities, reflections, who was met at events."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Connection, select

from innercircle.core.records import ActivityRecord
from innercircle.store import schema as s
from innercircle.store.rows import insert_rows


def list_activities(conn: Connection, before: datetime | None = None) -> list[ActivityRecord]:
    """The owner's own online activity (shares, comments, reactions), oldest first."""
    q = select(s.activities).order_by(s.activities.c.at, s.activities.c.id)
    if before is not None:
        q = q.where(s.activities.c.at < before)
    return [
        ActivityRecord(kind=r.kind, at=r.at, text=r.text or "", url=r.url, source_id=r.source_id)
        for r in conn.execute(q)
    ]


def met_at_events(conn: Connection) -> dict[int, list[int]]:
    """Event id → the people the user marked as met there."""
    out: dict[int, list[int]] = {}
    q = (
        select(s.event_attendees)
        .where(s.event_attendees.c.met.is_(True))
        .order_by(s.event_attendees.c.person_id)
    )
    for r in conn.execute(q):
        out.setdefault(int(r.event_id), []).append(int(r.person_id))
    return out


def add_reflection(conn: Connection, week: str, question: str, answer: str, at: datetime) -> int:
    """Store one answer to a weekly reflection question."""
    row = {"week": week, "question": question, "answer": answer, "at": at}
    return insert_rows(conn, s.reflections, [row])[0]


def list_reflections(conn: Connection, week: str | None = None) -> list[dict[str, object]]:
    """Stored reflections (of one ISO week when given), oldest first."""
    q = select(s.reflections).order_by(s.reflections.c.at, s.reflections.c.id)
    if week is not None:
        q = q.where(s.reflections.c.week == week)
    return [{"week": r.week, "question": r.question, "answer": r.answer, "at": r.at} for r in conn.execute(q)]
