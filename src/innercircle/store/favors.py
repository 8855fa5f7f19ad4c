"""The reciprocity ledger: favours given and received."""

from __future__ import annotations

from sqlalchemy import Connection, select

from innercircle.core.model import Favor
from innercircle.store import schema as s
from innercircle.store.rows import insert_rows


def add_favor(conn: Connection, f: Favor) -> int:
    """Record a favour given or received."""
    row = {
        "person_id": f.person_id,
        "direction": f.direction,
        "text": f.text,
        "at": f.at,
    }
    return insert_rows(conn, s.favors, [row])[0]


def all_favors(conn: Connection) -> list[Favor]:
    """The whole ledger, oldest first."""
    q = select(s.favors).order_by(s.favors.c.at, s.favors.c.id)
    return [
        Favor(id=r.id, person_id=r.person_id, direction=r.direction, text=r.text, at=r.at)
        for r in conn.execute(q)
    ]


def get_favor(conn: Connection, favor_id: int) -> Favor | None:
    """One entry of the ledger (None when there is none with that id)."""
    r = conn.execute(select(s.favors).where(s.favors.c.id == favor_id)).first()
    if r is None:
        return None
    return Favor(id=r.id, person_id=r.person_id, direction=r.direction, text=r.text, at=r.at)
