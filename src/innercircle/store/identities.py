"""Identities (emails, phones, URLs, handles) and sources of people: who holds what, where they came from."""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from sqlalchemy import Connection, exists, insert, select

from innercircle.core.model import IdentityKind, IdentityRef
from innercircle.store import schema as s
from innercircle.store.rows import chunks, insert_rows

_INSERT_SOURCE = insert(s.person_sources)


def add_identities(
    conn: Connection,
    pairs: Iterable[tuple[int, IdentityRef]],
    source: str,
    batch_id: int | None = None,
) -> None:
    """Attach identities the caller knows to be free, each (person id, identity) once."""
    rows = {
        (str(i.kind), i.value): {
            "person_id": pid,
            "kind": str(i.kind),
            "value": i.value,
            "raw": i.raw or i.value,
            "source": source,
            "batch_id": batch_id,
        }
        for pid, i in pairs
    }
    insert_rows(conn, s.identities, list(rows.values()))


def add_identity(
    conn: Connection,
    person_id: int,
    ident: IdentityRef,
    source: str = "manual",
    batch_id: int | None = None,
) -> bool:
    """Attach an identity to a person; False when it already belongs to someone."""
    if person_for_identity(conn, ident) is not None:
        return False
    add_identities(conn, [(person_id, ident)], source, batch_id)
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
    q = select(
        s.identities.c.person_id,
        s.identities.c.kind,
        s.identities.c.value,
        s.identities.c.raw,
    )
    for r in conn.execute(q.order_by(s.identities.c.id)):
        out.setdefault(int(r.person_id), []).append(IdentityRef(IdentityKind(r.kind), r.value, r.raw))
    return out


def add_sources(
    conn: Connection,
    person_ids: Sequence[int],
    source: str,
    batch_id: int | None = None,
    ref: str = "",
) -> None:
    """Record that people were seen in a source (the caller records each once per source and batch)."""
    rows = [{"person_id": pid, "source": source, "batch_id": batch_id, "ref": ref} for pid in person_ids]
    if rows:  # one row as a plain INSERT: the import's hot path
        conn.execute(_INSERT_SOURCE, rows[0] if len(rows) == 1 else rows)


def add_source(conn: Connection, person_id: int, source: str, batch_id: int | None, ref: str = "") -> None:
    """Record that a person was seen in a source (idempotent)."""
    ps = s.person_sources.c
    batch = ps.batch_id.is_(None) if batch_id is None else ps.batch_id == batch_id
    found = exists().where(ps.person_id == person_id, ps.source == source, batch, ps.ref == ref)
    if not conn.execute(select(found)).scalar():
        add_sources(conn, [person_id], source, batch_id, ref)


def sources_of(conn: Connection, person_id: int) -> list[str]:
    """Distinct sources a person came from, e.g. ``linkedin: Connections.csv``."""
    q = (
        select(s.person_sources.c.source, s.import_batches.c.path)
        .select_from(
            s.person_sources.outerjoin(s.import_batches, s.person_sources.c.batch_id == s.import_batches.c.id)
        )
        .where(s.person_sources.c.person_id == person_id)
    )
    labels = (r.source if r.path is None else f"{r.source}: {r.path}" for r in conn.execute(q))
    return list(dict.fromkeys(labels))


def sources_by_person(conn: Connection, person_ids: Iterable[int]) -> dict[int, list[str]]:
    """``sources_of`` for many people at once (a person with none is left out)."""
    out: dict[int, dict[str, None]] = {}
    for part in chunks(sorted(set(person_ids)), 900):
        q = (
            select(s.person_sources.c.person_id, s.person_sources.c.source, s.import_batches.c.path)
            .select_from(
                s.person_sources.outerjoin(
                    s.import_batches, s.person_sources.c.batch_id == s.import_batches.c.id
                )
            )
            .where(s.person_sources.c.person_id.in_(part))
        )
        for r in conn.execute(q):
            label = r.source if r.path is None else f"{r.source}: {r.path}"
            out.setdefault(int(r.person_id), {})[label] = None
    return {pid: list(labels) for pid, labels in out.items()}
