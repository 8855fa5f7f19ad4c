"""Erasing a person: which rows hold them, and deleting those rows and the mentions of them."""

from __future__ import annotations

from typing import Any

from sqlalchemy import Connection, delete, select, update

from innercircle.store import schema as s

# tables whose rows belong to one person and go with them
_PERSONAL = (
    s.identities,
    s.person_sources,
    s.details,
    s.favors,
    s.followup_actions,
    s.event_attendees,
    s.outcome_people,
    s.participants,
)


def with_merged(conn: Connection, pid: int) -> list[int]:
    """The person and every record merged into them (directly or through a chain of merges)."""
    ids = [pid]
    frontier = [pid]
    while frontier:
        rows = conn.execute(select(s.people.c.id).where(s.people.c.merged_into.in_(frontier))).all()
        frontier = [int(r[0]) for r in rows if int(r[0]) not in ids]
        ids += frontier
    return ids


def personal_counts(conn: Connection, ids: list[int]) -> dict[str, int]:
    """Rows per table that belong to these people alone (what erasing them deletes)."""
    counts: dict[str, int] = {}
    for table in _PERSONAL:
        rows = conn.execute(select(table.c.person_id).where(table.c.person_id.in_(ids))).all()
        counts[table.name] = len(rows)
    return counts


def _owner_ids(conn: Connection) -> set[int]:
    return {int(r[0]) for r in conn.execute(select(s.people.c.id).where(s.people.c.is_me.is_(True)))}


def solo_interactions(conn: Connection, ids: list[int]) -> list[int]:
    """Interactions whose participants are only these people and the user."""
    mine = set(ids) | _owner_ids(conn)
    theirs = select(s.participants.c.interaction_id).where(s.participants.c.person_id.in_(ids))
    everyone: dict[int, set[int]] = {}
    q = select(s.participants.c.interaction_id, s.participants.c.person_id).where(
        s.participants.c.interaction_id.in_(theirs)
    )
    for iid, pid in conn.execute(q):
        everyone.setdefault(int(iid), set()).add(int(pid))
    return sorted(iid for iid, pids in everyone.items() if pids <= mine)


def words(conn: Connection, ids: list[int]) -> list[str]:
    """Strings that identify the people: names, identity values as stored and as written."""
    found: set[str] = set()
    for name in conn.execute(select(s.people.c.name).where(s.people.c.id.in_(ids))).scalars():
        if len(name.strip()) >= 3:
            found.add(name.strip().lower())
    q = select(s.identities.c.value, s.identities.c.raw).where(s.identities.c.person_id.in_(ids))
    for value, raw in conn.execute(q):
        found |= {w.strip().lower() for w in (value, raw) if w and len(w.strip()) >= 3}
    return sorted(found)


def erase(conn: Connection, ids: list[int], interactions: list[int], mentions: list[str]) -> dict[str, int]:
    """Delete the people ``ids``, their rows, the ``interactions`` and free-text ``mentions`` of them;
    returns rows deleted per table."""
    if conn.dialect.name == "sqlite":
        conn.exec_driver_sql("PRAGMA secure_delete=ON")  # deleted rows are overwritten, not left behind
    erased: dict[str, int] = {}
    for iid_chunk in _chunks(interactions, 500):
        conn.execute(delete(s.participants).where(s.participants.c.interaction_id.in_(iid_chunk)))
        conn.execute(delete(s.interactions).where(s.interactions.c.id.in_(iid_chunk)))
    erased["interactions"] = len(interactions)
    for table in _PERSONAL:
        erased[table.name] = conn.execute(delete(table).where(table.c.person_id.in_(ids))).rowcount
    conn.execute(delete(s.merges).where(s.merges.c.kept_id.in_(ids) | s.merges.c.merged_id.in_(ids)))
    _scrub_free_text(conn, mentions)
    orgs = {o for o in conn.execute(select(s.people.c.org_id).where(s.people.c.id.in_(ids))).scalars() if o}
    # the chain of merged records first (children before the person they point at)
    for pid in reversed(ids):
        conn.execute(update(s.people).where(s.people.c.merged_into == pid).values(merged_into=None))
        conn.execute(delete(s.people).where(s.people.c.id == pid))
    erased["people"] = len(ids)
    # an employer nobody else works at would still say where they worked
    used = select(s.people.c.org_id).where(s.people.c.org_id.is_not(None))
    erased["organizations"] = conn.execute(
        delete(s.organizations).where(s.organizations.c.id.in_(orgs), s.organizations.c.id.not_in(used))
    ).rowcount
    return erased


def _chunks(items: list[int], n: int) -> list[list[int]]:
    return [items[i : i + n] for i in range(0, len(items), n)]


def _mentions(value: Any, found: list[str]) -> bool:
    flat = str(value).lower()
    return any(w in flat for w in found)


def _scrub_free_text(conn: Connection, found: list[str]) -> None:
    """Import batches' warnings and event organizers that name the person lose those mentions."""
    if not found:
        return
    for bid, warnings in conn.execute(select(s.import_batches.c.id, s.import_batches.c.warnings)).all():
        if isinstance(warnings, list) and any(_mentions(w, found) for w in warnings):
            kept = [w for w in warnings if not _mentions(w, found)]
            conn.execute(update(s.import_batches).where(s.import_batches.c.id == bid).values(warnings=kept))
    for eid, organizer in conn.execute(select(s.events.c.id, s.events.c.organizer)).all():
        if organizer and _mentions(organizer, found):
            conn.execute(update(s.events).where(s.events.c.id == eid).values(organizer=None))
