"""Repository functions for merging two people and undoing it: move rows, remember what moved."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import Connection, delete, insert, select, update

from innercircle.store import schema as s
from innercircle.store.rows import insert_rows

# tables whose rows point at a person by ``person_id`` and carry their own ``id``
_BY_ID = ("identities", "details", "favors", "followup_actions")
# link tables: (table, key columns besides person_id)
_LINKS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("participants", ("interaction_id", "role")),
    ("event_attendees", ("event_id", "met")),
    ("outcome_people", ("outcome_id",)),
    ("person_sources", ("source", "batch_id", "ref")),
)


def move_person(conn: Connection, merged_id: int, kept_id: int) -> dict[str, Any]:
    """Move everything of ``merged_id`` onto ``kept_id``; returns what moved (for ``restore_person``)."""
    moved: dict[str, Any] = {}
    for name in _BY_ID:
        t = s.metadata.tables[name]
        ids = [int(r[0]) for r in conn.execute(select(t.c.id).where(t.c.person_id == merged_id))]
        if ids:
            conn.execute(update(t).where(t.c.id.in_(ids)).values(person_id=kept_id))
        moved[name] = ids
    for name, keys in _LINKS:
        t = s.metadata.tables[name]
        rows = [dict(r._mapping) for r in conn.execute(select(t).where(t.c.person_id == merged_id))]
        conn.execute(delete(t).where(t.c.person_id == merged_id))
        record = []
        for r in rows:
            key = {k: r[k] for k in keys}
            added = not _has(conn, t, kept_id, r, keys)
            if added:  # otherwise the kept person already has it: the row is dropped, restored on unmerge
                conn.execute(insert(t).values(person_id=kept_id, **key))
            record.append(key | {"added": added})
        moved[name] = record
    conn.execute(update(s.people).where(s.people.c.id == merged_id).values(merged_into=kept_id))
    return moved


def _has(conn: Connection, t: Any, pid: int, row: dict[str, Any], keys: tuple[str, ...]) -> bool:
    cond = [t.c.person_id == pid] + [
        t.c[k].is_(None) if row[k] is None else t.c[k] == row[k] for k in keys if k != "met"
    ]
    return conn.execute(select(t.c.person_id).where(*cond)).first() is not None


def restore_person(conn: Connection, merged_id: int, kept_id: int, moved: dict[str, Any]) -> None:
    """Undo ``move_person``: rows go back to ``merged_id``, which is a person again."""
    for name in _BY_ID:
        t = s.metadata.tables[name]
        ids = moved.get(name, [])
        if ids:
            conn.execute(update(t).where(t.c.id.in_(ids)).values(person_id=merged_id))
    for name, keys in _LINKS:
        t = s.metadata.tables[name]
        for row in moved.get(name, []):
            key = {k: row[k] for k in keys}
            if row.get("added"):
                cond = [t.c.person_id == kept_id] + [
                    t.c[k].is_(None) if key[k] is None else t.c[k] == key[k] for k in keys if k != "met"
                ]
                conn.execute(delete(t).where(*cond))
            conn.execute(insert(t).values(person_id=merged_id, **key))
    conn.execute(update(s.people).where(s.people.c.id == merged_id).values(merged_into=None))


def record_merge(conn: Connection, kept_id: int, merged_id: int, moved: dict[str, Any], at: datetime) -> int:
    """Remember a merge so it can be undone."""
    row = {"kept_id": kept_id, "merged_id": merged_id, "moved": moved, "at": at}
    return insert_rows(conn, s.merges, [row])[0]


def last_merge(conn: Connection, person_id: int) -> dict[str, Any] | None:
    """The newest merge that involved this person (kept or merged away)."""
    q = (
        select(s.merges)
        .where((s.merges.c.kept_id == person_id) | (s.merges.c.merged_id == person_id))
        .order_by(s.merges.c.id.desc())
    )
    row = conn.execute(q).first()
    return None if row is None else dict(row._mapping)


def drop_merge(conn: Connection, merge_id: int) -> None:
    """Forget a merge once undone."""
    conn.execute(delete(s.merges).where(s.merges.c.id == merge_id))


def merged_into(conn: Connection, person_id: int) -> int | None:
    """Whom a person was merged into (None when they are not merged away)."""
    row = conn.execute(select(s.people.c.merged_into).where(s.people.c.id == person_id)).first()
    return None if row is None or row[0] is None else int(row[0])


def interaction_roles(conn: Connection, ids: list[int]) -> dict[int, tuple[str, str, list[tuple[int, str]]]]:
    """Channel, direction and (person, role) pairs of these interactions."""
    out: dict[int, tuple[str, str, list[tuple[int, str]]]] = {}
    for i in range(0, len(ids), 500):
        chunk = ids[i : i + 500]
        q = select(s.interactions.c.id, s.interactions.c.channel, s.interactions.c.direction).where(
            s.interactions.c.id.in_(chunk)
        )
        for r in conn.execute(q):
            out[int(r.id)] = (r.channel, r.direction, [])
        parts = select(s.participants).where(s.participants.c.interaction_id.in_(chunk))
        for p in conn.execute(parts):
            out[int(p.interaction_id)][2].append((int(p.person_id), p.role))
    return out


def set_directions(conn: Connection, directions: dict[int, str]) -> None:
    """Store recomputed directions."""
    for iid, direction in directions.items():
        conn.execute(update(s.interactions).where(s.interactions.c.id == iid).values(direction=direction))
