"""Interactions and their participants: one write path (``add_interactions``), the reads as core objects.

The analyses read the snapshot's arrays (store/history.py), not these objects: ``interactions_of`` is a
person's timeline as ``show`` lists it, and ``all_interactions`` serves the export and the tests, reading
both tables once, straight from the driver on SQLite, and mapping strings to enum members by dict (a million
interactions through the row layer took minutes).
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import Connection, delete, func, insert, select

from innercircle.core.model import Channel, Direction, Interaction, Participant, Role
from innercircle.store import schema as s
from innercircle.store.rows import chunks, fetch_rows, insert_rows

_CHANNEL = {c.value: c for c in Channel}
_DIRECTION = {d.value: d for d in Direction}
_ROLE = {r.value: r for r in Role}


def add_interactions(conn: Connection, its: Sequence[Interaction], batch_id: int | None = None) -> list[int]:
    """Insert interactions with their participants (each person-role once); ids in the order given.
    Callers drop the (source, source_id) pairs already stored first (``existing_source_ids``)."""
    rows = [
        {
            "at": it.at,
            "channel": str(it.channel),
            "direction": str(it.direction),
            "duration_s": it.duration_s,
            "subject": it.subject,
            "note": it.note,
            "source": it.source,
            "source_id": it.source_id,
            "message_id": it.message_id,
            "in_reply_to": it.in_reply_to,
            "group_size": it.group_size,
            "batch_id": batch_id,
        }
        for it in its
    ]
    ids = insert_rows(conn, s.interactions, rows)
    parts = {
        (iid, p.person_id, str(p.role)): None
        for iid, it in zip(ids, its, strict=True)
        for p in it.participants
    }
    if parts:
        conn.execute(
            insert(s.participants),
            [{"interaction_id": i, "person_id": p, "role": r} for i, p, r in parts],
        )
    return ids


def add_interaction(conn: Connection, it: Interaction, batch_id: int | None = None) -> int | None:
    """Insert one interaction with its participants; None when its (source, source_id) is stored."""
    if it.source_id is not None and existing_source_ids(conn, it.source, [it.source_id]):
        return None
    return add_interactions(conn, [it], batch_id)[0]


def existing_source_ids(conn: Connection, source: str, ids: Sequence[str]) -> set[str]:
    """Which of these source ids are already stored for ``source``."""
    found: set[str] = set()
    for part in chunks(ids, 500):
        q = select(s.interactions.c.source_id).where(
            s.interactions.c.source == source, s.interactions.c.source_id.in_(part)
        )
        found.update(r[0] for r in conn.execute(q))
    return found


def count_interactions(conn: Connection) -> int:
    """How many interactions are stored."""
    return int(conn.execute(select(func.count()).select_from(s.interactions)).scalar_one())


def interactions_of(
    conn: Connection,
    person_id: int,
    before: datetime | None = None,
    limit: int | None = None,
) -> list[Interaction]:
    """A person's interactions, newest first, with all participants."""
    i, p = s.interactions, s.participants
    q = select(*_cols()).where(i.c.id.in_(select(p.c.interaction_id).where(p.c.person_id == person_id)))
    if before is not None:
        q = q.where(i.c.at < before)
    rows = list(conn.execute(q.order_by(i.c.at.desc(), i.c.id.desc()).limit(limit)))
    parts: dict[int, list[Participant]] = {}
    for part in chunks([r[0] for r in rows], 900):
        for iid, pid, role in conn.execute(select(p).where(p.c.interaction_id.in_(part))):
            parts.setdefault(iid, []).append(Participant(pid, _ROLE[role]))
    return [_interaction(r, utc(r[1]), parts) for r in rows]


def interactions_between(
    conn: Connection, start: datetime, end: datetime, channels: Sequence[Channel] | None = None
) -> list[Interaction]:
    """The interactions in ``[start, end)`` (of ``channels`` when given), oldest first, with all
    participants: the meetings of a few days, read through the time index."""
    i, p = s.interactions, s.participants
    q = select(*_cols()).where(i.c.at >= start, i.c.at < end)
    if channels is not None:
        q = q.where(i.c.channel.in_([c.value for c in channels]))
    rows = list(conn.execute(q.order_by(i.c.at, i.c.id)))
    parts: dict[int, list[Participant]] = {}
    for part in chunks([r[0] for r in rows], 900):
        for iid, pid, role in conn.execute(select(p).where(p.c.interaction_id.in_(part))):
            parts.setdefault(iid, []).append(Participant(pid, _ROLE[role]))
    return [_interaction(r, utc(r[1]), parts) for r in rows]


def get_interaction(conn: Connection, interaction_id: int) -> Interaction | None:
    """One interaction with all its participants (None when there is none with that id)."""
    i, p = s.interactions, s.participants
    row = conn.execute(select(*_cols()).where(i.c.id == interaction_id)).first()
    if row is None:
        return None
    parts: dict[int, list[Participant]] = {}
    for iid, pid, role in conn.execute(select(p).where(p.c.interaction_id == interaction_id)):
        parts.setdefault(iid, []).append(Participant(pid, _ROLE[role]))
    return _interaction(row, utc(row[1]), parts)


def delete_interaction(conn: Connection, interaction_id: int) -> bool:
    """Delete one interaction and its participants; False when there was none with that id."""
    conn.execute(delete(s.participants).where(s.participants.c.interaction_id == interaction_id))
    return bool(conn.execute(delete(s.interactions).where(s.interactions.c.id == interaction_id)).rowcount)


def all_interactions(conn: Connection, before: datetime | None = None) -> list[Interaction]:
    """Every interaction strictly before ``before`` (all when None), oldest first, with participants
    (the analyses read the snapshot's arrays instead: services/runtime/cache.py)."""
    i, p = s.interactions, s.participants
    q = select(*_cols()).order_by(i.c.id)  # SQLite: the table in rowid order, no sort
    # in primary-key order, as before (the key's own index covers it: no sort)
    pq = select(p.c.interaction_id, p.c.person_id, p.c.role).order_by(*p.primary_key.columns)
    latest = conn.execute(select(func.max(i.c.at))).scalar()
    if before is not None and latest is not None and latest >= before:
        q = q.where(i.c.at < before)
        pq = pq.join(i, i.c.id == p.c.interaction_id).where(i.c.at < before)
    # the usual case (nothing at or after ``before``) reads both tables straight through: walking the
    # time index and looking each row up was several times slower on SQLite (benchmarks/RESULTS.md)
    rows = fetch_rows(conn, q)
    ats = [utc(r[1]) for r in rows]
    order = sorted(range(len(rows)), key=ats.__getitem__)  # stable: ties stay in id order
    parts: dict[int, list[Participant]] = {}
    for iid, pid, role in fetch_rows(conn, pq):
        parts.setdefault(iid, []).append(Participant(pid, _ROLE[role]))
    return [_interaction(rows[k], ats[k], parts) for k in order]


def _cols() -> tuple[Any, ...]:
    """The columns ``_interaction`` reads, in its order."""
    i = s.interactions.c
    return (
        i.id,
        i.at,
        i.channel,
        i.direction,
        i.duration_s,
        i.subject,
        i.note,
        i.source,
        i.source_id,
        i.message_id,
        i.in_reply_to,
        i.group_size,
    )


def _interaction(r: Any, at: datetime, parts: dict[int, list[Participant]]) -> Interaction:
    return Interaction(
        id=r[0],
        at=at,
        channel=_CHANNEL[r[2]],
        direction=_DIRECTION[r[3]],
        duration_s=r[4],
        subject=r[5],
        note=r[6],
        source=r[7],
        source_id=r[8],
        message_id=r[9],
        in_reply_to=r[10],
        group_size=r[11],
        participants=parts.get(r[0], []),
    )


def utc(value: Any) -> datetime:
    """A stored time as timezone-aware UTC (SQLite gives the naive text the store wrote)."""
    if isinstance(value, str):
        value = datetime.fromisoformat(value)
    return value.replace(tzinfo=UTC)  # type: ignore[no-any-return]
