"""Outcomes: what networking produced (collaborations, funding, jobs…) and the people it came through."""

from __future__ import annotations

from sqlalchemy import Connection, insert, select

from innercircle.core.model import Outcome
from innercircle.store import schema as s
from innercircle.store.rows import insert_rows


def add_outcome(conn: Connection, o: Outcome) -> int:
    """Insert an outcome and the people it came through."""
    row = {k: getattr(o, k) for k in ("kind", "at", "goal_id", "event_id", "value", "note")}
    oid = insert_rows(conn, s.outcomes, [row])[0]
    people = [{"outcome_id": oid, "person_id": pid} for pid in dict.fromkeys(o.people)]
    if people:
        conn.execute(insert(s.outcome_people), people)
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
