"""Who an import's interactions are with, counted: whether the owner is in them, and who is in most."""

from __future__ import annotations

from sqlalchemy import Connection, func, select

from innercircle.store import schema as s


def batch_interaction_count(conn: Connection, batch_id: int, person_id: int | None = None) -> int:
    """How many interactions this import added (only those ``person_id`` takes part in, when given)."""
    q = select(func.count(func.distinct(s.interactions.c.id))).where(s.interactions.c.batch_id == batch_id)
    if person_id is not None:
        q = q.join(s.participants, s.participants.c.interaction_id == s.interactions.c.id).where(
            s.participants.c.person_id == person_id
        )
    return int(conn.execute(q).scalar_one())


def busiest_in_batch(conn: Connection, batch_id: int, limit: int = 3) -> list[tuple[int, str, int]]:
    """The people in the most of this import's interactions: (person id, name, interactions), most first
    (ties by id, so the order is stable)."""
    n = func.count(func.distinct(s.participants.c.interaction_id)).label("n")
    q = (
        select(s.people.c.id, s.people.c.name, n)
        .join(s.participants, s.participants.c.person_id == s.people.c.id)
        .join(s.interactions, s.interactions.c.id == s.participants.c.interaction_id)
        .where(s.interactions.c.batch_id == batch_id)
        .group_by(s.people.c.id, s.people.c.name)
        .order_by(n.desc(), s.people.c.id)
        .limit(limit)
    )
    return [(int(r.id), str(r.name), int(r.n)) for r in conn.execute(q)]
