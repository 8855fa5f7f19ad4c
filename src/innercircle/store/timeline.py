"""Every interaction with its participants as core objects, read in two straight selects.

The strategic views read the whole history (a million interactions on a large network). Going through
the SQLAlchemy row layer, an IN list per 900 ids and an Enum call per value took minutes there; this
reads both tables once, straight from the driver on SQLite, and maps strings to enum members by dict.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from sqlalchemy import Connection, select

from innercircle.core.model import Channel, Direction, Interaction, Participant, Role
from innercircle.store import schema as s
from innercircle.store.contacts import fetch_rows

_CHANNEL = {c.value: c for c in Channel}
_DIRECTION = {d.value: d for d in Direction}
_ROLE = {r.value: r for r in Role}


def all_interactions(conn: Connection, before: datetime | None = None) -> list[Interaction]:
    """Every interaction strictly before ``before`` (all when None), oldest first, with participants."""
    i, p = s.interactions, s.participants
    cols = (
        i.c.id,
        i.c.at,
        i.c.channel,
        i.c.direction,
        i.c.duration_s,
        i.c.subject,
        i.c.note,
        i.c.source,
        i.c.source_id,
        i.c.message_id,
        i.c.in_reply_to,
        i.c.group_size,
    )
    q = select(*cols).order_by(i.c.at, i.c.id)
    pq = select(p.c.interaction_id, p.c.person_id, p.c.role)
    if before is not None:
        q = q.where(i.c.at < before)
        pq = pq.join(i, i.c.id == p.c.interaction_id).where(i.c.at < before)
    parts: dict[int, list[Participant]] = {}
    for iid, pid, role in fetch_rows(conn, pq):
        parts.setdefault(iid, []).append(Participant(pid, _ROLE[role]))
    return [
        Interaction(
            id=iid,
            at=_utc(at),
            channel=_CHANNEL[channel],
            direction=_DIRECTION[direction],
            duration_s=duration_s,
            subject=subject,
            note=note,
            source=source,
            source_id=source_id,
            message_id=message_id,
            in_reply_to=in_reply_to,
            group_size=group_size,
            participants=parts.get(iid, []),
        )
        for (
            iid,
            at,
            channel,
            direction,
            duration_s,
            subject,
            note,
            source,
            source_id,
            message_id,
            in_reply_to,
            group_size,
        ) in fetch_rows(conn, q)
    ]


def _utc(value: Any) -> datetime:
    """A stored time as timezone-aware UTC (SQLite gives the naive text the store wrote)."""
    if isinstance(value, str):
        value = datetime.fromisoformat(value)
    return value.replace(tzinfo=UTC)  # type: ignore[no-any-return]
