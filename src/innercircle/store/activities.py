"""The owner's own online activity (posts, comments, reactions an export lists), kept once per source id."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Connection, select

from innercircle.store import schema as s
from innercircle.store.rows import insert_rows


def add_activity(
    conn: Connection,
    kind: str,
    at: datetime,
    text: str,
    url: str | None,
    source: str,
    source_id: str | None,
    batch_id: int | None,
) -> int | None:
    """Record the owner's own online activity; None when (source, source_id) exists."""
    if source_id is not None:
        hit = conn.execute(
            select(s.activities.c.id).where(
                s.activities.c.source == source, s.activities.c.source_id == source_id
            )
        ).first()
        if hit:
            return None
    row = {"kind": kind, "at": at, "text": text, "url": url, "source": source, "source_id": source_id}
    return insert_rows(conn, s.activities, [row | {"batch_id": batch_id}])[0]
