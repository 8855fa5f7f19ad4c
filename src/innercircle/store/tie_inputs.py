"""What the tie analysis reads besides the contacts (store/history.py loads those): the favours
and the user's own word about each person (closeness, a pinned tier, a cadence)."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Connection, func, select

from innercircle.store import schema as s
from innercircle.store.rows import fetch_rows


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
