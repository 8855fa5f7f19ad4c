"""Goals: what the user wants from their network (target roles, organizations, tags, outcome kinds)."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Connection, select, update

from innercircle.core.model import Goal
from innercircle.store import schema as s
from innercircle.store.rows import insert_rows


def add_goal(conn: Connection, g: Goal, now: datetime) -> int:
    """Insert a goal."""
    fields = ("text", "roles", "orgs", "tags", "outcome_kinds", "due", "done_at")
    row = {k: getattr(g, k) for k in fields} | {"created_at": g.created_at or now}
    return insert_rows(conn, s.goals, [row])[0]


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
