"""Narrow, fast reads for the tie analysis: contacts as numpy arrays, favours and facts per person."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import numpy as np
import numpy.typing as npt
from sqlalchemy import Connection, Float, case, cast, func, literal_column, select

from innercircle.core.tiemath import (
    CHANNEL_CODES,
    IN,
    MUTUAL,
    OUT,
    PRESENT,
    Contacts,
    channel_code,
    empty_contacts,
)
from innercircle.store import schema as s

_NOTE = channel_code("note")


def _epoch(conn: Connection) -> Any:
    """SQL for the Unix seconds of ``interactions.at`` (stored as naive UTC)."""
    if conn.dialect.name == "sqlite":
        return (func.julianday(s.interactions.c.at) - literal_column("2440587.5")) * literal_column("86400.0")
    return cast(func.extract("epoch", s.interactions.c.at), Float)


def contacts_before(conn: Connection, before: datetime | None, after_id: int | None = None) -> Contacts:
    """Every non-owner participant of every interaction the owner took part in, strictly before ``before``.

    ``before`` None: all of them; ``after_id``: only interactions with a larger id (an incremental load).
    """
    i, p, pe = s.interactions, s.participants, s.people
    chan = case(*[(i.c.channel == name, k) for k, name in enumerate(CHANNEL_CODES)], else_=_NOTE)
    direction = case(
        (i.c.direction == "out", OUT),
        (i.c.direction == "mutual", MUTUAL),
        ((i.c.direction == "in") & (p.c.role == "from"), IN),
        else_=PRESENT,
    )
    q = (
        select(p.c.person_id, _epoch(conn), chan, direction, i.c.group_size, i.c.duration_s)
        .select_from(i.join(p, i.c.id == p.c.interaction_id))
        .where(i.c.direction != "unknown")
    )
    if before is not None:
        q = q.where(i.c.at < before)
    if after_id is not None:
        q = q.where(i.c.id > after_id)
    rows = _fetch(conn, q)
    if not rows:
        return empty_contacts()
    key, at, ch, dr, gs, du = zip(*rows, strict=True)
    out = Contacts(
        key=np.fromiter(key, np.int64, len(rows)),
        at=_ms(np.fromiter(at, np.float64, len(rows))),
        channel=np.fromiter(ch, np.int8, len(rows)),
        direction=np.fromiter(dr, np.int8, len(rows)),
        group_size=np.fromiter(gs, np.int64, len(rows)),
        duration_s=np.array(du, dtype=np.float64),  # None → NaN
    )
    # the owner and merged-away records are no ties: filtered here (a join would steer SQLite's plan)
    gone = [
        r[0]
        for r in conn.execute(select(pe.c.id).where(pe.c.is_me.is_(True) | pe.c.merged_into.is_not(None)))
    ]
    return out.take(~np.isin(out.key, np.array(gone, dtype=np.int64)), False) if gone else out


def _ms(seconds: npt.NDArray[np.float64]) -> npt.NDArray[np.float64]:
    """Unix seconds snapped to milliseconds (julianday is exact to ~40 µs; ``before`` is compared exactly)."""
    return np.round(seconds, 3).astype(np.float64)


def _fetch(conn: Connection, q: Any) -> list[Any]:
    """All rows; on SQLite straight from the driver (a million rows: skip the per-row result layer)."""
    if conn.dialect.name != "sqlite":
        return list(conn.execute(q).all())
    compiled = q.compile(dialect=conn.dialect)
    params = [_plain(compiled.params[name]) for name in compiled.positiontup or ()]
    raw = conn.connection.driver_connection
    assert raw is not None
    cur = raw.cursor()
    try:
        cur.execute(str(compiled), params)
        return list(cur.fetchall())
    finally:
        cur.close()


def _plain(value: Any) -> Any:
    """A bound value as the store writes it (datetimes: naive UTC, like UTCDateTime)."""
    if isinstance(value, datetime):
        return value.astimezone(UTC).replace(tzinfo=None).isoformat(sep=" ")
    return value


def fingerprint(conn: Connection, after_id: int | None = None) -> tuple[int, ...]:
    """What the contacts depend on, cheaply: counts of interactions and participants, the largest id,
    and who is the owner or merged away (merges and forgets change these).

    With ``after_id`` only the interactions (and their participants) with a larger id are counted.
    """
    i, p, pe = s.interactions, s.participants, s.people
    iq = select(func.count(), func.coalesce(func.max(i.c.id), 0))
    pq = select(func.count())
    if after_id is not None:
        iq = iq.where(i.c.id > after_id)
        pq = pq.where(p.c.interaction_id > after_id)
    gone = select(func.count(), func.coalesce(func.sum(pe.c.id), 0)).where(
        (pe.c.merged_into.is_not(None)) | (pe.c.is_me.is_(True))
    )
    row = [*conn.execute(iq).one(), *conn.execute(pq.select_from(p)).one(), *conn.execute(gone).one()]
    return tuple(int(v) for v in row)


def favour_counts(conn: Connection, before: datetime) -> dict[int, tuple[int, int]]:
    """(given, received) favours per person, recorded strictly before ``before``."""
    f = s.favors
    q = (
        select(f.c.person_id, f.c.direction, func.count())
        .where(f.c.at < before)
        .group_by(f.c.person_id, f.c.direction)
    )
    out: dict[int, tuple[int, int]] = {}
    for pid, direction, n in conn.execute(q):
        gave, got = out.get(int(pid), (0, 0))
        out[int(pid)] = (gave + int(n), got) if direction == "gave" else (gave, got + int(n))
    return out


def person_facts(conn: Connection) -> list[tuple[int, str, float | None, str | None, int | None]]:
    """(id, name, closeness, tier_pin, cadence_days) of everyone but the owner and merged-away people."""
    pe = s.people
    q = (
        select(pe.c.id, pe.c.name, pe.c.closeness, pe.c.tier_pin, pe.c.cadence_days)
        .where(pe.c.is_me.is_(False), pe.c.merged_into.is_(None))
        .order_by(pe.c.id)
    )
    return [(int(r[0]), r[1], r[2], r[3], r[4]) for r in conn.execute(q)]
