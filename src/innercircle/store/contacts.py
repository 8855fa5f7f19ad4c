"""Narrow, fast reads for the tie analysis: contacts as numpy arrays, favours and facts per person."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from sqlalchemy import Connection, func, select

from innercircle.core.ties.model import channel_code
from innercircle.store import schema as s

_NOTE = channel_code("note")


def fetch_rows(conn: Connection, q: Any) -> list[Any]:
    """All rows; on SQLite straight from the driver (a million rows: skip the per-row result layer)."""
    if conn.dialect.name != "sqlite":
        return [tuple(r) for r in conn.execute(q)]
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
    return fetch_rows(conn, q)  # 50k people: the driver's own tuples
