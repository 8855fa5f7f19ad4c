"""Remembered details about people: one write path (``add_details``), newest first per person."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Any

from sqlalchemy import Connection, select

from innercircle.core.model import Detail
from innercircle.store import schema as s
from innercircle.store.rows import insert_rows


def add_details(
    conn: Connection,
    details: Sequence[Detail],
    now: datetime,
    batch_id: int | None = None,
) -> list[int]:
    """Insert details (no duplicate check); ids in the order given."""
    keep = ("person_id", "text", "kind", "on", "source")
    rows = [
        {k: getattr(d, k) for k in keep} | {"created_at": d.created_at or now, "batch_id": batch_id}
        for d in details
    ]
    return insert_rows(conn, s.details, rows)


def add_detail(conn: Connection, d: Detail, now: datetime, batch_id: int | None = None) -> int | None:
    """Remember a detail; None when the same text is already kept for that person."""
    c = s.details.c
    dup = conn.execute(select(c.id).where(c.person_id == d.person_id, c.text == d.text, c.kind == d.kind))
    return None if dup.first() else add_details(conn, [d], now, batch_id)[0]


def _detail(r: Any) -> Detail:
    return Detail(
        id=r.id,
        person_id=r.person_id,
        text=r.text,
        kind=r.kind,
        on=r.on,
        created_at=r.created_at,
        source=r.source,
    )


def details_of(conn: Connection, person_id: int) -> list[Detail]:
    """What is remembered about a person, newest first."""
    q = (
        select(s.details)
        .where(s.details.c.person_id == person_id)
        .order_by(s.details.c.created_at.desc(), s.details.c.id.desc())
    )
    return [_detail(r) for r in conn.execute(q)]


def all_details(conn: Connection) -> list[Detail]:
    """Every remembered detail."""
    return [_detail(r) for r in conn.execute(select(s.details).order_by(s.details.c.id))]


def get_detail(conn: Connection, detail_id: int) -> Detail | None:
    """One remembered detail (None when there is none with that id)."""
    row = conn.execute(select(s.details).where(s.details.c.id == detail_id)).first()
    return None if row is None else _detail(row)
