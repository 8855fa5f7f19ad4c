"""Repository functions: take a connection, return core objects. No business rules here."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import datetime
from typing import Any

from sqlalchemy import Connection, and_, delete, func, insert, select, update

from innercircle.core.model import (
    Channel,
    Detail,
    Direction,
    Event,
    Favor,
    Goal,
    IdentityKind,
    IdentityRef,
    Interaction,
    Outcome,
    Participant,
    Person,
    Role,
)
from innercircle.store import schema as s
from innercircle.store import timeline


def _new_id(result: Any) -> int:
    """The primary key of the row an INSERT created."""
    return int(result.inserted_primary_key[0])


# ---------------------------------------------------------------- settings


def get_setting(conn: Connection, key: str, default: Any = None) -> Any:
    """A setting's value, or ``default``."""
    row = conn.execute(select(s.settings.c.value).where(s.settings.c.key == key)).first()
    return default if row is None else row[0]


def set_setting(conn: Connection, key: str, value: Any) -> None:
    """Create or replace a setting."""
    conn.execute(delete(s.settings).where(s.settings.c.key == key))
    conn.execute(insert(s.settings).values(key=key, value=value))


# ---------------------------------------------------------------- organizations


def org_id(conn: Connection, name: str | None) -> int | None:
    """The id of an organization by name, created when new."""
    if not name or not name.strip():
        return None
    name = name.strip()
    row = conn.execute(select(s.organizations.c.id).where(s.organizations.c.name == name)).first()
    if row:
        return int(row[0])
    return _new_id(conn.execute(insert(s.organizations).values(name=name)))


# ---------------------------------------------------------------- people

_PEOPLE_COLS = (
    s.people.c.id,
    s.people.c.name,
    s.organizations.c.name.label("org"),
    s.people.c.title,
    s.people.c.location,
    s.people.c.tags,
    s.people.c.notes,
    s.people.c.is_me,
    s.people.c.tier_pin,
    s.people.c.closeness,
    s.people.c.cadence_days,
    s.people.c.archived,
    s.people.c.connected_at,
    s.people.c.created_at,
)


def _people_select() -> Any:
    return select(*_PEOPLE_COLS).select_from(
        s.people.outerjoin(s.organizations, s.people.c.org_id == s.organizations.c.id)
    )


def _person(row: Any) -> Person:
    return Person(
        id=row.id,
        name=row.name,
        org=row.org,
        title=row.title,
        location=row.location,
        tags=list(row.tags or []),
        notes=row.notes,
        is_me=bool(row.is_me),
        tier_pin=row.tier_pin,
        closeness=row.closeness,
        cadence_days=row.cadence_days,
        archived=bool(row.archived),
        connected_at=row.connected_at,
        created_at=row.created_at,
    )


def add_person(conn: Connection, person: Person, now: datetime) -> int:
    """Insert a person (and their identities); returns the new id."""
    pid = conn.execute(
        insert(s.people).values(
            name=person.name,
            org_id=org_id(conn, person.org),
            title=person.title,
            location=person.location,
            tags=list(person.tags),
            notes=person.notes,
            is_me=person.is_me,
            tier_pin=person.tier_pin,
            closeness=person.closeness,
            cadence_days=person.cadence_days,
            archived=person.archived,
            connected_at=person.connected_at,
            created_at=person.created_at or now,
        )
    ).inserted_primary_key[0]  # type: ignore[index]
    for ident in person.identities:
        add_identity(conn, int(pid), ident)
    return int(pid)


def update_person(conn: Connection, person_id: int, **fields: Any) -> None:
    """Change some of a person's fields (``org`` by name)."""
    if "org" in fields:
        fields["org_id"] = org_id(conn, fields.pop("org"))
    if fields:
        conn.execute(update(s.people).where(s.people.c.id == person_id).values(**fields))


def get_person(conn: Connection, person_id: int) -> Person | None:
    """One person (not merged away), with identities and sources."""
    row = conn.execute(
        _people_select().where(s.people.c.id == person_id, s.people.c.merged_into.is_(None))
    ).first()
    if row is None:
        return None
    person = _person(row)
    person.identities = identities_of(conn, person_id)
    person.sources = sources_of(conn, person_id)
    return person


def list_people(conn: Connection, include_archived: bool = True, include_me: bool = False) -> list[Person]:
    """Every person not merged away (identities not loaded)."""
    q = _people_select().where(s.people.c.merged_into.is_(None))
    if not include_archived:
        q = q.where(s.people.c.archived.is_(False))
    if not include_me:
        q = q.where(s.people.c.is_me.is_(False))
    return [_person(r) for r in conn.execute(q.order_by(s.people.c.id))]


def me(conn: Connection) -> Person | None:
    """The owner, when recorded."""
    row = conn.execute(select(s.people.c.id).where(s.people.c.is_me.is_(True))).first()
    return None if row is None else get_person(conn, int(row[0]))


def find_people_by_name(conn: Connection, needle: str) -> list[tuple[int, str]]:
    """(id, name) of people whose name contains ``needle`` (case-insensitive)."""
    q = select(s.people.c.id, s.people.c.name).where(
        s.people.c.merged_into.is_(None), func.lower(s.people.c.name).contains(needle.lower())
    )
    return [(int(r.id), r.name) for r in conn.execute(q)]


def all_names(conn: Connection) -> list[tuple[int, str]]:
    """(id, name) of everyone, for fuzzy matching."""
    q = select(s.people.c.id, s.people.c.name).where(s.people.c.merged_into.is_(None))
    return [(int(r.id), r.name) for r in conn.execute(q)]


def names_of(conn: Connection, person_ids: Iterable[int]) -> dict[int, str]:
    """Names of the given people (merged-away ones included: old interactions name them)."""
    ids = sorted(set(person_ids))
    out: dict[int, str] = {}
    for chunk in _chunks(ids, 900):
        q = select(s.people.c.id, s.people.c.name).where(s.people.c.id.in_(chunk))
        out.update({int(r.id): r.name for r in conn.execute(q)})
    return out


def count_people(conn: Connection) -> int:
    """How many people (not merged away, not the owner)."""
    q = (
        select(func.count())
        .select_from(s.people)
        .where(s.people.c.merged_into.is_(None), s.people.c.is_me.is_(False))
    )
    return int(conn.execute(q).scalar_one())


# ---------------------------------------------------------------- identities


def add_identity(
    conn: Connection, person_id: int, ident: IdentityRef, source: str = "manual", batch_id: int | None = None
) -> bool:
    """Attach an identity to a person; False when it already belongs to someone."""
    if person_for_identity(conn, ident) is not None:
        return False
    conn.execute(
        insert(s.identities).values(
            person_id=person_id,
            kind=str(ident.kind),
            value=ident.value,
            raw=ident.raw or ident.value,
            source=source,
            batch_id=batch_id,
        )
    )
    return True


def person_for_identity(conn: Connection, ident: IdentityRef) -> int | None:
    """The id of the person holding this identity."""
    row = conn.execute(
        select(s.identities.c.person_id).where(
            s.identities.c.kind == str(ident.kind), s.identities.c.value == ident.value
        )
    ).first()
    return None if row is None else int(row[0])


def identities_of(conn: Connection, person_id: int) -> list[IdentityRef]:
    """A person's identities."""
    q = (
        select(s.identities.c.kind, s.identities.c.value, s.identities.c.raw)
        .where(s.identities.c.person_id == person_id)
        .order_by(s.identities.c.id)
    )
    return [IdentityRef(IdentityKind(r.kind), r.value, r.raw) for r in conn.execute(q)]


def all_identities(conn: Connection) -> dict[int, list[IdentityRef]]:
    """Every person's identities, by person id."""
    out: dict[int, list[IdentityRef]] = {}
    q = select(s.identities.c.person_id, s.identities.c.kind, s.identities.c.value, s.identities.c.raw)
    for r in conn.execute(q.order_by(s.identities.c.id)):
        out.setdefault(int(r.person_id), []).append(IdentityRef(IdentityKind(r.kind), r.value, r.raw))
    return out


def add_source(conn: Connection, person_id: int, source: str, batch_id: int | None, ref: str = "") -> None:
    """Record that a person was seen in a source (idempotent)."""
    exists = conn.execute(
        select(func.count())
        .select_from(s.person_sources)
        .where(
            s.person_sources.c.person_id == person_id,
            s.person_sources.c.source == source,
            s.person_sources.c.batch_id.is_(None)
            if batch_id is None
            else s.person_sources.c.batch_id == batch_id,
            s.person_sources.c.ref == ref,
        )
    ).scalar_one()
    if not exists:
        conn.execute(
            insert(s.person_sources).values(person_id=person_id, source=source, batch_id=batch_id, ref=ref)
        )


def sources_of(conn: Connection, person_id: int) -> list[str]:
    """Distinct sources a person came from, e.g. ``linkedin: Connections.csv``."""
    q = (
        select(s.person_sources.c.source, s.import_batches.c.path)
        .select_from(
            s.person_sources.outerjoin(s.import_batches, s.person_sources.c.batch_id == s.import_batches.c.id)
        )
        .where(s.person_sources.c.person_id == person_id)
    )
    seen: list[str] = []
    for r in conn.execute(q):
        label = r.source if r.path is None else f"{r.source}: {r.path}"
        if label not in seen:
            seen.append(label)
    return seen


# ---------------------------------------------------------------- interactions


def add_interaction(conn: Connection, it: Interaction, batch_id: int | None = None) -> int | None:
    """Insert an interaction with its participants; None when its (source, source_id) exists."""
    if it.source_id is not None:
        hit = conn.execute(
            select(s.interactions.c.id).where(
                s.interactions.c.source == it.source, s.interactions.c.source_id == it.source_id
            )
        ).first()
        if hit:
            return None
    iid = int(
        conn.execute(
            insert(s.interactions).values(
                at=it.at,
                channel=str(it.channel),
                direction=str(it.direction),
                duration_s=it.duration_s,
                subject=it.subject,
                note=it.note,
                source=it.source,
                source_id=it.source_id,
                message_id=it.message_id,
                in_reply_to=it.in_reply_to,
                group_size=it.group_size,
                batch_id=batch_id,
            )
        ).inserted_primary_key[0]  # type: ignore[index]
    )
    seen: set[tuple[int, str]] = set()
    rows = []
    for p in it.participants:
        key = (p.person_id, str(p.role))
        if key not in seen:
            seen.add(key)
            rows.append({"interaction_id": iid, "person_id": p.person_id, "role": str(p.role)})
    if rows:
        conn.execute(insert(s.participants), rows)
    return iid


def interactions_of(
    conn: Connection, person_id: int, before: datetime | None = None, limit: int | None = None
) -> list[Interaction]:
    """A person's interactions, newest first, with all participants."""
    ids_q = select(s.participants.c.interaction_id).where(s.participants.c.person_id == person_id)
    q = select(s.interactions).where(s.interactions.c.id.in_(ids_q))
    if before is not None:
        q = q.where(s.interactions.c.at < before)
    q = q.order_by(s.interactions.c.at.desc(), s.interactions.c.id.desc())
    if limit is not None:
        q = q.limit(limit)
    return _with_participants(conn, list(conn.execute(q)))


def all_interactions(
    conn: Connection, before: datetime | None = None, since: datetime | None = None
) -> list[Interaction]:
    """Every interaction (oldest first), with participants; only those at or after ``since`` when given."""
    return timeline.all_interactions(conn, before, since)


def _with_participants(conn: Connection, rows: Sequence[Any]) -> list[Interaction]:
    ids = [r.id for r in rows]
    parts: dict[int, list[Participant]] = {}
    for chunk in _chunks(ids, 900):
        q = select(s.participants).where(s.participants.c.interaction_id.in_(chunk))
        for p in conn.execute(q):
            parts.setdefault(p.interaction_id, []).append(Participant(p.person_id, Role(p.role)))
    return [
        Interaction(
            id=r.id,
            at=r.at,
            channel=Channel(r.channel),
            direction=Direction(r.direction),
            duration_s=r.duration_s,
            subject=r.subject,
            note=r.note,
            source=r.source,
            source_id=r.source_id,
            message_id=r.message_id,
            in_reply_to=r.in_reply_to,
            group_size=r.group_size,
            participants=parts.get(r.id, []),
        )
        for r in rows
    ]


def _chunks(items: Sequence[int], n: int) -> Iterable[Sequence[int]]:
    for i in range(0, len(items), n):
        yield items[i : i + n]


def count_interactions(conn: Connection) -> int:
    """How many interactions are stored."""
    return int(conn.execute(select(func.count()).select_from(s.interactions)).scalar_one())


# ---------------------------------------------------------------- details, favours


def add_detail(conn: Connection, d: Detail, now: datetime, batch_id: int | None = None) -> int | None:
    """Remember a detail; None when the same text is already kept for that person."""
    dup = conn.execute(
        select(s.details.c.id).where(
            s.details.c.person_id == d.person_id, s.details.c.text == d.text, s.details.c.kind == d.kind
        )
    ).first()
    if dup:
        return None
    return int(
        conn.execute(
            insert(s.details).values(
                person_id=d.person_id,
                text=d.text,
                kind=d.kind,
                on=d.on,
                created_at=d.created_at or now,
                source=d.source,
                batch_id=batch_id,
            )
        ).inserted_primary_key[0]  # type: ignore[index]
    )


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


def add_favor(conn: Connection, f: Favor) -> int:
    """Record a favour given or received."""
    return int(
        conn.execute(
            insert(s.favors).values(person_id=f.person_id, direction=f.direction, text=f.text, at=f.at)
        ).inserted_primary_key[0]  # type: ignore[index]
    )


def all_favors(conn: Connection) -> list[Favor]:
    """The whole reciprocity ledger."""
    q = select(s.favors).order_by(s.favors.c.at, s.favors.c.id)
    return [
        Favor(id=r.id, person_id=r.person_id, direction=r.direction, text=r.text, at=r.at)
        for r in conn.execute(q)
    ]


# ---------------------------------------------------------------- goals


def add_goal(conn: Connection, g: Goal, now: datetime) -> int:
    """Insert a goal."""
    return int(
        conn.execute(
            insert(s.goals).values(
                text=g.text,
                roles=g.roles,
                orgs=g.orgs,
                tags=g.tags,
                outcome_kinds=g.outcome_kinds,
                due=g.due,
                created_at=g.created_at or now,
                done_at=g.done_at,
            )
        ).inserted_primary_key[0]  # type: ignore[index]
    )


def list_goals(conn: Connection, include_done: bool = True) -> list[Goal]:
    """Goals, oldest first."""
    q = select(s.goals).order_by(s.goals.c.id)
    if not include_done:
        q = q.where(s.goals.c.done_at.is_(None))
    return [
        Goal(
            id=r.id,
            text=r.text,
            roles=list(r.roles),
            orgs=list(r.orgs),
            tags=list(r.tags),
            outcome_kinds=list(r.outcome_kinds),
            due=r.due,
            created_at=r.created_at,
            done_at=r.done_at,
        )
        for r in conn.execute(q)
    ]


def finish_goal(conn: Connection, goal_id: int, at: datetime) -> bool:
    """Mark a goal done; False when there is no such goal."""
    res = conn.execute(update(s.goals).where(s.goals.c.id == goal_id).values(done_at=at))
    return bool(res.rowcount)


# ---------------------------------------------------------------- events


def add_event(conn: Connection, e: Event, batch_id: int | None = None) -> int | None:
    """Insert an event with attendees; None when its (source, source_id) exists."""
    if e.source_id is not None:
        hit = conn.execute(
            select(s.events.c.id).where(s.events.c.source == e.source, s.events.c.source_id == e.source_id)
        ).first()
        if hit:
            return None
    eid = int(
        conn.execute(
            insert(s.events).values(
                title=e.title,
                start=e.start,
                end=e.end,
                place=e.place,
                hours_cost=e.hours_cost,
                topics=e.topics,
                organizer=e.organizer,
                series=e.series,
                cost=e.cost,
                rating=e.rating,
                notes=e.notes,
                decision=e.decision,
                source=e.source,
                source_id=e.source_id,
                batch_id=batch_id,
            )
        ).inserted_primary_key[0]  # type: ignore[index]
    )
    for pid in dict.fromkeys(e.attendees):
        conn.execute(insert(s.event_attendees).values(event_id=eid, person_id=pid, met=False))
    return eid


def list_events(conn: Connection) -> list[Event]:
    """Every event with attendees, by start."""
    att: dict[int, list[int]] = {}
    for r in conn.execute(select(s.event_attendees).order_by(s.event_attendees.c.person_id)):
        att.setdefault(r.event_id, []).append(r.person_id)
    q = select(s.events).order_by(s.events.c.start, s.events.c.id)
    return [
        Event(
            id=r.id,
            title=r.title,
            start=r.start,
            end=r.end,
            place=r.place,
            hours_cost=r.hours_cost,
            topics=list(r.topics),
            organizer=r.organizer,
            series=r.series,
            cost=r.cost,
            rating=r.rating,
            notes=r.notes,
            decision=r.decision,
            source=r.source,
            source_id=r.source_id,
            attendees=att.get(r.id, []),
        )
        for r in conn.execute(q)
    ]


def update_event(conn: Connection, event_id: int, **fields: Any) -> bool:
    """Change some of an event's fields."""
    return bool(conn.execute(update(s.events).where(s.events.c.id == event_id).values(**fields)).rowcount)


def add_attendee(conn: Connection, event_id: int, person_id: int, met: bool = False) -> None:
    """Add a person to an event's attendees (idempotent; ``met`` only ever turns on)."""
    row = conn.execute(
        select(s.event_attendees.c.met).where(
            and_(s.event_attendees.c.event_id == event_id, s.event_attendees.c.person_id == person_id)
        )
    ).first()
    if row is None:
        conn.execute(insert(s.event_attendees).values(event_id=event_id, person_id=person_id, met=met))
    elif met and not row[0]:
        conn.execute(
            update(s.event_attendees)
            .where(s.event_attendees.c.event_id == event_id, s.event_attendees.c.person_id == person_id)
            .values(met=True)
        )


# ---------------------------------------------------------------- outcomes


def add_outcome(conn: Connection, o: Outcome) -> int:
    """Insert an outcome and the people it came through."""
    oid = int(
        conn.execute(
            insert(s.outcomes).values(
                kind=o.kind, at=o.at, goal_id=o.goal_id, event_id=o.event_id, value=o.value, note=o.note
            )
        ).inserted_primary_key[0]  # type: ignore[index]
    )
    for pid in dict.fromkeys(o.people):
        conn.execute(insert(s.outcome_people).values(outcome_id=oid, person_id=pid))
    return oid


def list_outcomes(conn: Connection) -> list[Outcome]:
    """Every outcome with its people."""
    ppl: dict[int, list[int]] = {}
    for r in conn.execute(select(s.outcome_people).order_by(s.outcome_people.c.person_id)):
        ppl.setdefault(r.outcome_id, []).append(r.person_id)
    q = select(s.outcomes).order_by(s.outcomes.c.at, s.outcomes.c.id)
    return [
        Outcome(
            id=r.id,
            kind=r.kind,
            at=r.at,
            goal_id=r.goal_id,
            event_id=r.event_id,
            value=r.value,
            note=r.note,
            people=ppl.get(r.id, []),
        )
        for r in conn.execute(q)
    ]


# ---------------------------------------------------------------- bulk (fresh loads: the demo)


def is_empty(conn: Connection) -> bool:
    """Whether no table holds a row (a blank or just-migrated database)."""
    return all(
        conn.execute(select(1).select_from(t).limit(1)).first() is None for t in s.metadata.sorted_tables
    )


def clear_all(conn: Connection) -> None:
    """Delete every row of every table; the schema (and its revision) stays."""
    for table in reversed(s.metadata.sorted_tables):
        conn.execute(delete(table))


def _reserve_ids(conn: Connection, table: Any, n: int) -> list[int]:
    """``n`` fresh ids for explicit inserts (inside the caller's write transaction).

    Explicit ids let one plain ``executemany`` insert thousands of rows: RETURNING in parameter order
    falls back to a statement per row on SQLite. PostgreSQL's sequence is moved past them.
    """
    start = int(conn.execute(select(func.coalesce(func.max(table.c.id), 0))).scalar_one()) + 1
    ids = list(range(start, start + n))
    if n and conn.dialect.name == "postgresql":
        conn.execute(select(func.setval(func.pg_get_serial_sequence(table.name, "id"), ids[-1])))
    return ids


def org_ids(conn: Connection, names: Iterable[str]) -> dict[str, int]:
    """Ids of organizations by name, creating the missing ones in one statement."""
    wanted = sorted({n.strip() for n in names if n and n.strip()})
    have = {r.name: int(r.id) for r in conn.execute(select(s.organizations.c.id, s.organizations.c.name))}
    missing = [{"name": n} for n in wanted if n not in have]
    if missing:
        conn.execute(insert(s.organizations), missing)
        have = {r.name: int(r.id) for r in conn.execute(select(s.organizations.c.id, s.organizations.c.name))}
    return {n: have[n] for n in wanted}


def add_people_bulk(conn: Connection, people: Sequence[Person], now: datetime, source: str) -> list[int]:
    """Insert many people with their identities (which must be new); ids in the order given."""
    if not people:
        return []
    orgs = org_ids(conn, (p.org for p in people if p.org))
    ids = _reserve_ids(conn, s.people, len(people))
    rows = [
        {
            "id": pid,
            "name": p.name,
            "org_id": orgs.get(p.org.strip()) if p.org else None,
            "title": p.title,
            "location": p.location,
            "tags": list(p.tags),
            "notes": p.notes,
            "is_me": p.is_me,
            "tier_pin": p.tier_pin,
            "closeness": p.closeness,
            "cadence_days": p.cadence_days,
            "archived": p.archived,
            "connected_at": p.connected_at,
            "created_at": p.created_at or now,
        }
        for pid, p in zip(ids, people, strict=True)
    ]
    conn.execute(insert(s.people), rows)
    idents = [
        {"person_id": pid, "kind": str(i.kind), "value": i.value, "raw": i.raw or i.value, "source": source}
        for pid, p in zip(ids, people, strict=True)
        for i in p.identities
    ]
    if idents:
        conn.execute(insert(s.identities), idents)
    conn.execute(insert(s.person_sources), [{"person_id": pid, "source": source, "ref": ""} for pid in ids])
    return ids


def add_interactions_bulk(conn: Connection, its: Sequence[Interaction]) -> list[int]:
    """Insert many new interactions with their participants; ids in the order given."""
    if not its:
        return []
    ids = _reserve_ids(conn, s.interactions, len(its))
    rows = [interaction_row(it, id=iid) for iid, it in zip(ids, its, strict=True)]
    conn.execute(insert(s.interactions), rows)
    add_participants_bulk(conn, ids, its)
    return ids


def interaction_row(it: Interaction, **extra: Any) -> dict[str, Any]:
    """The ``interactions`` row of an interaction (plus ``extra`` columns such as id or batch_id)."""
    return {
        "at": it.at,
        "channel": str(it.channel),
        "direction": str(it.direction),
        "duration_s": it.duration_s,
        "subject": it.subject,
        "note": it.note,
        "source": it.source,
        "source_id": it.source_id,
        "message_id": it.message_id,
        "in_reply_to": it.in_reply_to,
        "group_size": it.group_size,
        **extra,
    }


def add_participants_bulk(conn: Connection, ids: Sequence[int], its: Sequence[Interaction]) -> None:
    """Insert the participants of interactions stored under ``ids`` (each person-role once)."""
    parts = {
        (iid, p.person_id, str(p.role)): None
        for iid, it in zip(ids, its, strict=True)
        for p in it.participants
    }
    if parts:
        conn.execute(
            insert(s.participants), [{"interaction_id": i, "person_id": p, "role": r} for i, p, r in parts]
        )


def add_details_bulk(conn: Connection, details: Sequence[Detail], now: datetime) -> None:
    """Insert many remembered details at once (no duplicate check)."""
    if details:
        conn.execute(
            insert(s.details),
            [
                {
                    "person_id": d.person_id,
                    "text": d.text,
                    "kind": d.kind,
                    "on": d.on,
                    "created_at": d.created_at or now,
                    "source": d.source,
                }
                for d in details
            ],
        )
