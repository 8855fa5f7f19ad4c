"""Import batches: recording an import (file, hash, counts, warnings), listing them, undoing one."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import Connection, delete, exists, func, select, update

from innercircle.store import schema as s
from innercircle.store.rows import insert_rows


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
    row = {
        "path": path,
        "sha256": sha256,
        "format": fmt,
        "started_at": started_at,
        "counts": {},
        "warnings": [],
    }
    return insert_rows(conn, s.import_batches, [row])[0]


def rename_batches(conn: Connection, folder: str, label: str) -> int:
    """Imports of files read from ``folder`` (a web upload's private temp folder) recorded under ``label``
    (the name of the file the user uploaded), in their path and warnings; returns how many."""
    prefix = folder.rstrip("/") + "/"
    t = s.import_batches
    rows = conn.execute(select(t.c.id, t.c.warnings).where(t.c.path.startswith(prefix, autoescape=True)))
    n = 0
    for bid, warnings in rows.all():
        plain = [str(w).replace(prefix, "") for w in warnings or []]
        conn.execute(update(t).where(t.c.id == bid).values(path=label, warnings=plain))
        n += 1
    return n


def finish_batch(
    conn: Connection, batch_id: int, at: datetime, counts: dict[str, int], warnings: list[str]
) -> None:
    """Close an import with what it produced."""
    conn.execute(
        update(s.import_batches)
        .where(s.import_batches.c.id == batch_id)
        .values(finished_at=at, counts=counts, warnings=warnings)
    )


def list_batches(conn: Connection) -> list[dict[str, Any]]:
    """Every import batch, oldest first: id, file, format, when, counts, number of warnings."""
    rows = conn.execute(select(s.import_batches).order_by(s.import_batches.c.id))
    return [
        {
            "id": r.id,
            "path": r.path,
            "format": r.format,
            "started_at": r.started_at,
            "finished_at": r.finished_at,
            "counts": r.counts,
            "warnings": len(r.warnings or []),
        }
        for r in rows
    ]


# ---------------------------------------------------------------- undoing an import

# rows an import adds carry its batch id
_BATCH_TABLES = (s.details, s.identities, s.activities)

# a person still has something of their own when one of these holds a row for them
_PERSON_TABLES = (
    s.identities,
    s.person_sources,
    s.participants,
    s.details,
    s.favors,
    s.followup_actions,
    s.event_attendees,
    s.outcome_people,
)


def undo_batch(conn: Connection, bid: int) -> dict[str, int] | None:
    """Remove what import batch ``bid`` added (None when there is no such batch); rows removed per table."""
    found = conn.execute(select(s.import_batches.c.started_at).where(s.import_batches.c.id == bid)).first()
    if found is None:
        return None
    touched = {
        int(r[0])
        for r in conn.execute(select(s.person_sources.c.person_id).where(s.person_sources.c.batch_id == bid))
    }
    removed: dict[str, int] = {}
    its = select(s.interactions.c.id).where(s.interactions.c.batch_id == bid)
    removed["participants"] = conn.execute(
        delete(s.participants).where(s.participants.c.interaction_id.in_(its))
    ).rowcount
    removed["interactions"] = conn.execute(
        delete(s.interactions).where(s.interactions.c.batch_id == bid)
    ).rowcount
    evs = select(s.events.c.id).where(s.events.c.batch_id == bid)
    conn.execute(delete(s.event_attendees).where(s.event_attendees.c.event_id.in_(evs)))
    removed["events"] = conn.execute(delete(s.events).where(s.events.c.batch_id == bid)).rowcount
    for table in _BATCH_TABLES:
        removed[table.name] = conn.execute(delete(table).where(table.c.batch_id == bid)).rowcount
    conn.execute(delete(s.person_sources).where(s.person_sources.c.batch_id == bid))
    removed["people"] = _drop_emptied_people(conn, touched, found.started_at)
    removed["organizations"] = _drop_orphan_organizations(conn)
    conn.execute(delete(s.import_batches).where(s.import_batches.c.id == bid))
    return removed


def _drop_emptied_people(conn: Connection, candidates: set[int], since: datetime) -> int:
    """People the batch created (not before it started) who have nothing left (never the owner)."""
    gone = 0
    for pid in sorted(candidates):
        row = conn.execute(
            select(s.people.c.is_me, s.people.c.notes, s.people.c.created_at).where(s.people.c.id == pid)
        ).first()
        if row is None or row.is_me or row.notes or row.created_at < since:
            continue
        if any(_has_rows(conn, t, pid) for t in _PERSON_TABLES) or _is_merge_target(conn, pid):
            continue
        conn.execute(delete(s.merges).where((s.merges.c.kept_id == pid) | (s.merges.c.merged_id == pid)))
        conn.execute(delete(s.people).where(s.people.c.id == pid))
        gone += 1
    return gone


def _has_rows(conn: Connection, table: Any, pid: int) -> bool:
    return bool(conn.execute(select(exists().where(table.c.person_id == pid))).scalar())


def _is_merge_target(conn: Connection, pid: int) -> bool:
    return bool(conn.execute(select(exists().where(s.people.c.merged_into == pid))).scalar())


def _drop_orphan_organizations(conn: Connection) -> int:
    """Organizations no person works at any more (they exist only as people's employers)."""
    used = select(s.people.c.org_id).where(s.people.c.org_id.is_not(None))
    orphans = conn.execute(
        select(func.count()).select_from(s.organizations).where(s.organizations.c.id.not_in(used))
    ).scalar_one()
    if orphans:
        conn.execute(delete(s.organizations).where(s.organizations.c.id.not_in(used)))
    return int(orphans)
