"""Repository functions for imports: batches, the owner's activities, interactions in bulk."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Any

from sqlalchemy import Connection, bindparam, func, insert, select, update

from innercircle.core.model import Interaction
from innercircle.store import repo
from innercircle.store import schema as s


def find_batch(conn: Connection, sha256: str, fmt: str) -> int | None:
    """The id of a finished import of a file with this hash and format."""
    row = conn.execute(
        select(s.import_batches.c.id).where(
            s.import_batches.c.sha256 == sha256,
            s.import_batches.c.format == fmt,
            s.import_batches.c.finished_at.is_not(None),
        )
    ).first()
    return None if row is None else int(row[0])


def add_batch(conn: Connection, path: str, sha256: str, fmt: str, started_at: datetime) -> int:
    """Start recording an import."""
    res = conn.execute(
        insert(s.import_batches).values(
            path=path, sha256=sha256, format=fmt, started_at=started_at, counts={}, warnings=[]
        )
    )
    return int(res.inserted_primary_key[0])  # type: ignore[index]


def finish_batch(
    conn: Connection, batch_id: int, at: datetime, counts: dict[str, int], warnings: list[str]
) -> None:
    """Close an import with what it produced."""
    conn.execute(
        update(s.import_batches)
        .where(s.import_batches.c.id == batch_id)
        .values(finished_at=at, counts=counts, warnings=warnings)
    )


_INSERT_PERSON = insert(s.people)
_INSERT_IDENTITY = insert(s.identities)
_INSERT_SOURCE = insert(s.person_sources)


def insert_person(conn: Connection, name: str, org_id: int | None, now: datetime) -> int:
    """A new person with a name only (the import's hot path; the rest is filled in later)."""
    res = conn.execute(
        _INSERT_PERSON,
        {"name": name, "org_id": org_id, "tags": [], "is_me": False, "archived": False, "created_at": now},
    )
    return int(res.inserted_primary_key[0])  # type: ignore[index]


_FIELDS = (
    select(
        s.people.c.title,
        s.people.c.location,
        s.people.c.notes,
        s.people.c.connected_at,
        s.people.c.tags,
        s.organizations.c.name.label("org"),
    )
    .select_from(s.people.outerjoin(s.organizations, s.people.c.org_id == s.organizations.c.id))
    .where(s.people.c.id == bindparam("pid"))
)


def person_fields(conn: Connection, person_id: int) -> dict[str, Any]:
    """The fields an import may fill in: org, title, location, notes, connected_at, tags."""
    row = conn.execute(_FIELDS, {"pid": person_id}).first()
    return {} if row is None else dict(row._mapping)


def insert_identity(
    conn: Connection, person_id: int, kind: str, value: str, raw: str, source: str, batch_id: int | None
) -> None:
    """Attach an identity the caller knows to be free (no lookup first: the import's hot path)."""
    conn.execute(
        _INSERT_IDENTITY,
        {
            "person_id": person_id,
            "kind": kind,
            "value": value,
            "raw": raw,
            "source": source,
            "batch_id": batch_id,
        },
    )


def insert_source(conn: Connection, person_id: int, source: str, batch_id: int) -> None:
    """Record that a person was seen in this import (the caller records each person once per batch)."""
    conn.execute(_INSERT_SOURCE, {"person_id": person_id, "source": source, "batch_id": batch_id, "ref": ""})


def list_batches(conn: Connection) -> list[dict[str, Any]]:
    """Every import, oldest first."""
    q = select(s.import_batches).order_by(s.import_batches.c.id)
    return [dict(r._mapping) for r in conn.execute(q)]


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
    res = conn.execute(
        insert(s.activities).values(
            kind=kind, at=at, text=text, url=url, source=source, source_id=source_id, batch_id=batch_id
        )
    )
    return int(res.inserted_primary_key[0])  # type: ignore[index]


def count_activities(conn: Connection) -> int:
    """How many activities are stored."""
    return int(conn.execute(select(func.count()).select_from(s.activities)).scalar_one())


def existing_source_ids(conn: Connection, source: str, ids: Sequence[str]) -> set[str]:
    """Which of these source ids are already stored for ``source``."""
    found: set[str] = set()
    for i in range(0, len(ids), 500):
        chunk = ids[i : i + 500]
        q = select(s.interactions.c.source_id).where(
            s.interactions.c.source == source, s.interactions.c.source_id.in_(chunk)
        )
        found.update(r[0] for r in conn.execute(q))
    return found


def add_interactions_bulk(conn: Connection, items: Sequence[Interaction], batch_id: int | None) -> int:
    """Insert many interactions with their participants (callers drop known source ids first)."""
    if not items:
        return 0
    rows = [repo.interaction_row(it, batch_id=batch_id) for it in items]
    stmt = insert(s.interactions).returning(s.interactions.c.id, sort_by_parameter_order=True)
    ids = [int(r[0]) for r in conn.execute(stmt, rows)]
    repo.add_participants_bulk(conn, ids, items)
    return len(ids)
