"""People and the organizations they work at: one write path (``add_people``), the reads by id and name."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import datetime
from typing import Any

from sqlalchemy import Connection, bindparam, func, insert, select, update

from innercircle.core.model import Person
from innercircle.store import identities
from innercircle.store import schema as s
from innercircle.store.rows import chunks, insert_rows

_COLS = (
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
_FROM = s.people.outerjoin(s.organizations, s.people.c.org_id == s.organizations.c.id)
_SELECT = select(*_COLS).select_from(_FROM)
# what an import may fill in (built once: the import's hot path)
_FIELDS = (
    select(*(s.people.c[k] for k in ("title", "location", "notes", "connected_at", "tags")))
    .add_columns(s.organizations.c.name.label("org"))
    .select_from(_FROM)
    .where(s.people.c.id == bindparam("pid"))
)


def org_ids(conn: Connection, names: Iterable[str | None]) -> dict[str, int]:
    """Ids of organizations by (stripped) name, creating the missing ones."""
    wanted = sorted({n.strip() for n in names if n and n.strip()})
    o = s.organizations
    have: dict[str, int] = {}
    for part in chunks(wanted, 500):
        have |= {r.name: int(r.id) for r in conn.execute(select(o.c.id, o.c.name).where(o.c.name.in_(part)))}
    missing = [{"name": n} for n in wanted if n not in have]
    if missing:
        conn.execute(insert(o), missing)
        return org_ids(conn, wanted)
    return have


def org_id(conn: Connection, name: str | None) -> int | None:
    """The id of an organization by name, created when new (None for no name)."""
    return org_ids(conn, [name]).get((name or "").strip())


def add_people(
    conn: Connection, people: Sequence[Person], now: datetime, source: str | None = None
) -> list[int]:
    """Insert people with their identities (which must be free) and, given ``source``, where they came
    from; ids in the order given."""
    orgs = org_ids(conn, (p.org for p in people))
    rows = [
        {
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
        for p in people
    ]
    ids = insert_rows(conn, s.people, rows)
    pairs = [(pid, i) for pid, p in zip(ids, people, strict=True) for i in p.identities]
    identities.add_identities(conn, pairs, source or "manual")
    if source is not None:
        identities.add_sources(conn, ids, source)
    return ids


def add_person(conn: Connection, person: Person, now: datetime) -> int:
    """Insert a person with their identities (which must be free); returns the new id."""
    return add_people(conn, [person], now)[0]


def update_person(conn: Connection, person_id: int, **fields: Any) -> None:
    """Change some of a person's fields (``org`` by name)."""
    if "org" in fields:
        fields["org_id"] = org_id(conn, fields.pop("org"))
    if fields:
        conn.execute(update(s.people).where(s.people.c.id == person_id).values(**fields))


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


def get_person(conn: Connection, person_id: int) -> Person | None:
    """One person (not merged away), with identities and sources."""
    row = conn.execute(_SELECT.where(s.people.c.id == person_id, s.people.c.merged_into.is_(None))).first()
    if row is None:
        return None
    person = _person(row)
    person.identities = identities.identities_of(conn, person_id)
    person.sources = identities.sources_of(conn, person_id)
    return person


def people_by_id(conn: Connection, person_ids: Iterable[int]) -> dict[int, Person]:
    """The given people not merged away, with their sources (identities not loaded), by id."""
    out: dict[int, Person] = {}
    ids = sorted(set(person_ids))
    for part in chunks(ids, 900):
        q = _SELECT.where(s.people.c.id.in_(part), s.people.c.merged_into.is_(None))
        out.update({int(r.id): _person(r) for r in conn.execute(q)})
    for pid, sources in identities.sources_by_person(conn, out).items():
        out[pid].sources = sources
    return out


def list_people(conn: Connection, include_archived: bool = True, include_me: bool = False) -> list[Person]:
    """Every person not merged away, by id (identities not loaded)."""
    q = _SELECT.where(s.people.c.merged_into.is_(None))
    if not include_archived:
        q = q.where(s.people.c.archived.is_(False))
    if not include_me:
        q = q.where(s.people.c.is_me.is_(False))
    return [_person(r) for r in conn.execute(q.order_by(s.people.c.id))]


def get_owner(conn: Connection) -> Person | None:
    """The owner, when recorded."""
    row = conn.execute(select(s.people.c.id).where(s.people.c.is_me.is_(True))).first()
    return None if row is None else get_person(conn, int(row[0]))


def all_names(conn: Connection) -> dict[int, str]:
    """Everyone's name by id, for fuzzy matching (merged-away records left out)."""
    q = select(s.people.c.id, s.people.c.name).where(s.people.c.merged_into.is_(None))
    return {int(r.id): r.name for r in conn.execute(q)}


def names_of(conn: Connection, person_ids: Iterable[int]) -> dict[int, str]:
    """Names of the given people (merged-away ones included: old interactions name them)."""
    out: dict[int, str] = {}
    for part in chunks(sorted(set(person_ids)), 900):
        q = select(s.people.c.id, s.people.c.name).where(s.people.c.id.in_(part))
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


def person_fields(conn: Connection, person_id: int) -> dict[str, Any]:
    """The fields an import may fill in: org, title, location, notes, connected_at, tags."""
    row = conn.execute(_FIELDS, {"pid": person_id}).first()
    return {} if row is None else dict(row._mapping)
