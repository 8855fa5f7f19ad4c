"""Every interaction with its participants as core objects, read in two straight selects.

The strategic views read the whole history (a million interactions on a large network). Going through
the SQLAlchemy row layer, an IN list per 900 ids and an Enum call per value took minutes there; this
reads both tables once, straight from the driver on SQLite, and maps strings to enum members by dict.
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from typing import Any

import numpy as np
import numpy.typing as npt
from sqlalchemy import Connection, func, select

from innercircle.core.history import CHANNEL_CODE, DIRECTION_CODE, History, micros
from innercircle.core.model import Channel, Direction, Interaction, Participant, Role
from innercircle.store import schema as s
from innercircle.store.contacts import fetch_rows

_CHANNEL = {c.value: c for c in Channel}
_DIRECTION = {d.value: d for d in Direction}
_ROLE = {r.value: r for r in Role}


def all_interactions(
    conn: Connection, before: datetime | None = None, since: datetime | None = None
) -> list[Interaction]:
    """Every interaction strictly before ``before`` (all when None) and at or after ``since`` (from the
    first when None), oldest first, with participants."""
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
    q = select(*cols).order_by(i.c.id)  # SQLite: the table in rowid order, no sort
    # in primary-key order, as before (the key's own index covers it: no sort)
    pq = select(p.c.interaction_id, p.c.person_id, p.c.role).order_by(*p.primary_key.columns)
    latest = conn.execute(select(func.max(i.c.at))).scalar()
    if since is not None:
        # a recent stretch: its interactions found by the time index, their participants by the key
        cond = i.c.at >= since if before is None else (i.c.at >= since) & (i.c.at < before)
        q = q.where(cond)
        pq = pq.where(p.c.interaction_id.in_(select(i.c.id).where(cond)))
    elif before is not None and latest is not None and latest >= before:
        q = q.where(i.c.at < before)
        pq = pq.join(i, i.c.id == p.c.interaction_id).where(i.c.at < before)
    # the usual case (nothing at or after ``before``) reads both tables straight through: walking the
    # time index and looking each row up was ~3x slower on SQLite
    with _no_gc():  # millions of new objects: the cyclic collector would rescan them again and again
        rows = fetch_rows(conn, q)
        ats = [_utc(r[1]) for r in rows]
        order = sorted(range(len(rows)), key=ats.__getitem__)  # stable: ties stay in id order
        parts: dict[int, list[Participant]] = {}
        for iid, pid, role in fetch_rows(conn, pq):
            parts.setdefault(iid, []).append(Participant(pid, _ROLE[role]))
        return [_interaction(rows[k], ats[k], parts) for k in order]


def history(conn: Connection, before: datetime | None = None, after_id: int | None = None) -> History:
    """Every interaction strictly before ``before`` (all when None) as arrays, oldest first (see
    core/history.py): a few columns, no objects. ``after_id``: only those with a larger id."""
    i, p = s.interactions, s.participants
    q = select(
        i.c.id, i.c.at, i.c.channel, i.c.direction, i.c.group_size, i.c.duration_s, i.c.source == "manual"
    ).order_by(i.c.id)
    pq = select(p.c.interaction_id, p.c.person_id).order_by(*p.primary_key.columns)
    if before is not None:
        q = q.where(i.c.at < before)
    if after_id is not None:
        q = q.where(i.c.id > after_id)
        pq = pq.where(p.c.interaction_id > after_id)
    rows = fetch_rows(conn, q)
    n = len(rows)
    if n == 0:
        return History.of([])
    iid, at, channel, direction, size, duration, manual = zip(*rows, strict=True)
    ids = np.fromiter(iid, np.int64, n)
    times = _micros(at)
    order = np.lexsort((ids, times))
    parts = fetch_rows(conn, pq)
    part_iid = np.fromiter((r[0] for r in parts), np.int64, len(parts))
    part_person = np.fromiter((r[1] for r in parts), np.int64, len(parts))
    # participants of interactions not read (at or after ``before``) are left out
    pos = np.minimum(np.searchsorted(ids, part_iid), n - 1)
    known = ids[pos] == part_iid
    row_of = np.empty(n, np.int64)
    row_of[order] = np.arange(n, dtype=np.int64)
    part_row = row_of[pos[known]]
    grouped = np.argsort(part_row, kind="stable")  # by interaction in time order, each in key order
    return History(
        iid=ids[order],
        at=times[order],
        channel=np.array([CHANNEL_CODE[c] for c in channel], dtype=np.int8)[order],
        direction=np.array([DIRECTION_CODE[d] for d in direction], dtype=np.int8)[order],
        group_size=np.fromiter(size, np.int64, n)[order],
        duration_s=np.fromiter((d or 0 for d in duration), np.int64, n)[order],
        manual=np.fromiter((bool(m) for m in manual), np.bool_, n)[order],
        part_row=part_row[grouped],
        part_person=part_person[known][grouped],
    )


def _micros(values: tuple[Any, ...]) -> npt.NDArray[np.int64]:
    """Stored times as microseconds since the epoch (SQLite's naive UTC text parsed by numpy)."""
    if values and isinstance(values[0], str):
        return np.array(values, dtype="datetime64[us]").astype(np.int64)
    return np.fromiter((micros(_utc(v)) for v in values), np.int64, len(values))


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


@contextmanager
def _no_gc() -> Iterator[None]:
    """The cyclic garbage collector paused (as it was before, afterwards)."""
    was = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was:
            gc.enable()


def _utc(value: Any) -> datetime:
    """A stored time as timezone-aware UTC (SQLite gives the naive text the store wrote)."""
    if isinstance(value, str):
        value = datetime.fromisoformat(value)
    return value.replace(tzinfo=UTC)  # type: ignore[no-any-return]
