"""Forgetting a person: every trace of them erased, the user's own records kept."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import Connection, delete, select, update

from innercircle.core.errors import UserInputError
from innercircle.core.model import Person
from innercircle.services import historycache, tiecache
from innercircle.services.people import resolve_person
from innercircle.services.workspace import Workspace
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


@dataclass(slots=True)
class ForgetPlan:
    """What forgetting a person erases, counted before anything is touched."""

    person: Person
    person_ids: list[int]  # the person and the records merged into them
    interactions: list[int]  # interactions with nobody else (deleted whole)
    counts: dict[str, int] = field(default_factory=dict)
    words: list[str] = field(default_factory=list)  # name and identities, scrubbed from free text


def plan_forget(conn: Connection, name: str) -> ForgetPlan:
    """Find the person and count what would be erased (nothing is changed)."""
    person = resolve_person(conn, name)
    assert person.id is not None
    if person.is_me:
        raise UserInputError("you cannot forget yourself; delete the database instead")
    ids = _with_merged(conn, person.id)
    plan = ForgetPlan(person, ids, _solo_interactions(conn, ids))
    for table in _PERSONAL:
        rows = conn.execute(select(table.c.person_id).where(table.c.person_id.in_(ids))).all()
        plan.counts[table.name] = len(rows)
    plan.counts["interactions"] = len(plan.interactions)
    plan.words = _words(conn, ids)
    return plan


def _with_merged(conn: Connection, pid: int) -> list[int]:
    """The person and every record merged into them (directly or through a chain of merges)."""
    ids = [pid]
    frontier = [pid]
    while frontier:
        rows = conn.execute(select(s.people.c.id).where(s.people.c.merged_into.in_(frontier))).all()
        frontier = [int(r[0]) for r in rows if int(r[0]) not in ids]
        ids += frontier
    return ids


def _owner_ids(conn: Connection) -> set[int]:
    return {int(r[0]) for r in conn.execute(select(s.people.c.id).where(s.people.c.is_me.is_(True)))}


def _solo_interactions(conn: Connection, ids: list[int]) -> list[int]:
    """Interactions whose participants are only this person and the user."""
    mine = set(ids) | _owner_ids(conn)
    theirs = select(s.participants.c.interaction_id).where(s.participants.c.person_id.in_(ids))
    everyone: dict[int, set[int]] = {}
    q = select(s.participants.c.interaction_id, s.participants.c.person_id).where(
        s.participants.c.interaction_id.in_(theirs)
    )
    for iid, pid in conn.execute(q):
        everyone.setdefault(int(iid), set()).add(int(pid))
    return sorted(iid for iid, pids in everyone.items() if pids <= mine)


def _words(conn: Connection, ids: list[int]) -> list[str]:
    """Strings that identify the person: names, identity values as stored and as written."""
    words: set[str] = set()
    for name in conn.execute(select(s.people.c.name).where(s.people.c.id.in_(ids))).scalars():
        if len(name.strip()) >= 3:
            words.add(name.strip().lower())
    q = select(s.identities.c.value, s.identities.c.raw).where(s.identities.c.person_id.in_(ids))
    for value, raw in conn.execute(q):
        words |= {w.strip().lower() for w in (value, raw) if w and len(w.strip()) >= 3}
    return sorted(words)


def forget(ws: Workspace, plan: ForgetPlan) -> dict[str, int]:
    """Erase what the plan found, in one transaction; then purge freed pages from a SQLite file.

    The cached contacts and interaction arrays (memory and files in the user cache folder) hold the
    person's id and contact times: they are deleted too, and rebuilt without them on the next analysis.
    """
    with ws.begin() as conn:
        if conn.dialect.name == "sqlite":
            conn.exec_driver_sql("PRAGMA secure_delete=ON")  # deleted rows are overwritten, not left behind
        erased = _erase(conn, plan)
    tiecache.discard(ws.engine.url)
    historycache.discard(ws.engine.url)
    if ws.engine.dialect.name == "sqlite":
        _purge_sqlite(ws)
    return erased


def _erase(conn: Connection, plan: ForgetPlan) -> dict[str, int]:
    ids = plan.person_ids
    erased: dict[str, int] = {}
    for iid_chunk in _chunks(plan.interactions, 500):
        conn.execute(delete(s.participants).where(s.participants.c.interaction_id.in_(iid_chunk)))
        conn.execute(delete(s.interactions).where(s.interactions.c.id.in_(iid_chunk)))
    erased["interactions"] = len(plan.interactions)
    for table in _PERSONAL:
        erased[table.name] = conn.execute(delete(table).where(table.c.person_id.in_(ids))).rowcount
    conn.execute(delete(s.merges).where(s.merges.c.kept_id.in_(ids) | s.merges.c.merged_id.in_(ids)))
    _scrub_free_text(conn, plan.words)
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


def _mentions(value: Any, words: list[str]) -> bool:
    flat = str(value).lower()
    return any(w in flat for w in words)


def _scrub_free_text(conn: Connection, words: list[str]) -> None:
    """Import batches' warnings and event organizers that name the person lose those mentions."""
    if not words:
        return
    for bid, warnings in conn.execute(select(s.import_batches.c.id, s.import_batches.c.warnings)).all():
        if isinstance(warnings, list) and any(_mentions(w, words) for w in warnings):
            kept = [w for w in warnings if not _mentions(w, words)]
            conn.execute(update(s.import_batches).where(s.import_batches.c.id == bid).values(warnings=kept))
    for eid, organizer in conn.execute(select(s.events.c.id, s.events.c.organizer)).all():
        if organizer and _mentions(organizer, words):
            conn.execute(update(s.events).where(s.events.c.id == eid).values(organizer=None))


def _purge_sqlite(ws: Workspace) -> None:
    """Rebuild the file and empty the write-ahead log so no freed page keeps the erased rows."""
    raw = ws.engine.raw_connection()
    try:
        # outside any transaction: the driver connection runs in autocommit (see store/db.py)
        raw.driver_connection.execute("VACUUM")  # type: ignore[union-attr]
        raw.driver_connection.execute("PRAGMA wal_checkpoint(TRUNCATE)")  # type: ignore[union-attr]
    finally:
        raw.close()
