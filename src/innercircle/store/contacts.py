"""Narrow, fast reads for the tie analysis: contacts as numpy arrays, favours and facts per person."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

import numpy as np
import numpy.typing as npt
from sqlalchemy import Connection, Float, case, cast, func, literal_column, select

from innercircle.core.tiemath import (
    CHANNEL_CODES,
    IN,
    MUTUAL,
    OUT,
    PRESENT,
    Contacts,
    channel_code,
    empty_contacts,
)
from innercircle.store import schema as s

_NOTE = channel_code("note")


def _epoch(conn: Connection) -> Any:
    """SQL for the Unix seconds of ``interactions.at`` (stored as naive UTC)."""
    if conn.dialect.name == "sqlite":
        return (func.julianday(s.interactions.c.at) - literal_column("2440587.5")) * literal_column("86400.0")
    return cast(func.extract("epoch", s.interactions.c.at), Float)


def contacts_before(conn: Connection, before: datetime | None, after_id: int | None = None) -> Contacts:
    """Every non-owner participant of every interaction the owner took part in, strictly before ``before``.

    ``before`` None: all of them; ``after_id``: only interactions with a larger id (an incremental load).
    """
    i, p, pe = s.interactions, s.participants, s.people
    chan = case(*[(i.c.channel == name, k) for k, name in enumerate(CHANNEL_CODES)], else_=_NOTE)
    direction = case(
        (i.c.direction == "out", OUT),
        (i.c.direction == "mutual", MUTUAL),
        ((i.c.direction == "in") & (p.c.role == "from"), IN),
        else_=PRESENT,
    )
    q = (
        select(p.c.person_id, _epoch(conn), chan, direction, i.c.group_size, i.c.duration_s)
        .select_from(i.join(p, i.c.id == p.c.interaction_id))
        .where(i.c.direction != "unknown")
    )
    if before is not None:
        q = q.where(i.c.at < before)
    if after_id is not None:
        q = q.where(i.c.id > after_id)
    rows = fetch_rows(conn, q)
    if not rows:
        return empty_contacts()
    key, at, ch, dr, gs, du = zip(*rows, strict=True)
    out = Contacts(
        key=np.fromiter(key, np.int64, len(rows)),
        at=_ms(np.fromiter(at, np.float64, len(rows))),
        channel=np.fromiter(ch, np.int8, len(rows)),
        direction=np.fromiter(dr, np.int8, len(rows)),
        group_size=np.fromiter(gs, np.int64, len(rows)),
        duration_s=np.array(du, dtype=np.float64),  # None → NaN
    )
    # the owner and merged-away records are no ties: filtered here (a join would steer SQLite's plan)
    gone = [
        r[0]
        for r in conn.execute(select(pe.c.id).where(pe.c.is_me.is_(True) | pe.c.merged_into.is_not(None)))
    ]
    return out.take(~np.isin(out.key, np.array(gone, dtype=np.int64)), False) if gone else out


def _ms(seconds: npt.NDArray[np.float64]) -> npt.NDArray[np.float64]:
    """Unix seconds snapped to milliseconds (julianday is exact to ~40 µs; ``before`` is compared exactly)."""
    return np.round(seconds, 3).astype(np.float64)


def fetch_rows(conn: Connection, q: Any) -> list[Any]:
    """All rows; on SQLite straight from the driver (a million rows: skip the per-row result layer)."""
    if conn.dialect.name != "sqlite":
        return list(conn.execute(q).all())
    compiled = q.compile(dialect=conn.dialect)
    params = [_plain(compiled.params[name]) for name in compiled.positiontup or ()]
    raw = conn.connection.driver_connection
    assert raw is not None
    cur = raw.cursor()
    try:
        cur.execute(str(compiled), params)
        return list(cur.fetchall())
    finally:
        cur.close()


def _plain(value: Any) -> Any:
    """A bound value as the store writes it (datetimes: naive UTC, like UTCDateTime)."""
    if isinstance(value, datetime):
        return value.astimezone(UTC).replace(tzinfo=None).isoformat(sep=" ")
    return value


@dataclass(frozen=True, slots=True)
class Fingerprint:
    """What a load of the contacts depends on, read cheaply (a few indexed look-ups, ~30 ms at 1M rows)."""

    interactions: int  # how many
    max_id: int  # the largest interaction id
    participants: int  # how many participant rows
    changes: int  # bumped by triggers on every update/delete of interactions or participants
    gone: int  # hash of who is the owner and who is merged into whom
    newest: int  # hash of the newest interaction (largest id) with its participants

    def as_list(self) -> list[int]:
        """The six numbers, in field order."""
        return [self.interactions, self.max_id, self.participants, self.changes, self.gone, self.newest]


def fingerprint(conn: Connection) -> Fingerprint:
    """The database's state as the contacts see it (see ``appended_since`` for what may be topped up)."""
    i, p, c = s.interactions, s.participants, s.change_counters
    max_id = int(conn.execute(select(func.coalesce(func.max(i.c.id), 0))).scalar_one())
    changes = conn.execute(select(c.c.n).where(c.c.name == "contacts")).scalar()
    return Fingerprint(
        interactions=int(conn.execute(select(func.count()).select_from(i)).scalar_one()),
        max_id=max_id,
        participants=int(conn.execute(select(func.count()).select_from(p)).scalar_one()),
        changes=int(changes or 0),
        gone=_gone_hash(conn),
        newest=interaction_hash(conn, max_id),
    )


def appended_since(conn: Connection, old: Fingerprint, new: Fingerprint) -> bool:
    """Whether the database at ``new`` is the one at ``old`` plus interactions with larger ids, only.

    Nothing was updated or deleted (the change counter stands), nobody was merged, the newest
    interaction of then is still there unchanged, and every row counted since has an id above it.
    """
    if new.max_id <= old.max_id or (new.changes, new.gone) != (old.changes, old.gone):
        return False
    if interaction_hash(conn, old.max_id) != old.newest:
        return False
    i, p = s.interactions, s.participants
    n_i = conn.execute(select(func.count()).select_from(i).where(i.c.id > old.max_id)).scalar_one()
    n_p = conn.execute(
        select(func.count()).select_from(p).where(p.c.interaction_id > old.max_id)
    ).scalar_one()
    return new.interactions == old.interactions + n_i and new.participants == old.participants + n_p


def interaction_hash(conn: Connection, iid: int) -> int:
    """A 64-bit hash of one interaction's contact fields and participants (0 when there is none)."""
    i, p = s.interactions, s.participants
    row = conn.execute(
        select(i.c.at, i.c.channel, i.c.direction, i.c.group_size, i.c.duration_s).where(i.c.id == iid)
    ).first()
    if row is None:
        return 0
    parts = conn.execute(
        select(p.c.person_id, p.c.role).where(p.c.interaction_id == iid).order_by(p.c.person_id, p.c.role)
    ).all()
    return _hash([iid, *map(str, row), *(f"{pid}:{role}" for pid, role in parts)])


def _gone_hash(conn: Connection) -> int:
    """A 64-bit hash of the owner's ids and of every (merged id, kept id) pair."""
    pe = s.people
    me = conn.execute(select(pe.c.id).where(pe.c.is_me.is_(True)).order_by(pe.c.id)).scalars().all()
    merged = conn.execute(
        select(pe.c.id, pe.c.merged_into).where(pe.c.merged_into.is_not(None)).order_by(pe.c.id)
    ).all()
    return _hash([*(f"me:{m}" for m in me), *(f"{a}>{b}" for a, b in merged)])


def _hash(parts: list[Any]) -> int:
    digest = hashlib.blake2b("\x1f".join(map(str, parts)).encode(), digest_size=8).digest()
    return int.from_bytes(digest, "big", signed=True)


def favour_counts(conn: Connection, before: datetime) -> dict[int, tuple[int, int]]:
    """(given, received) favours per person, recorded strictly before ``before``."""
    f = s.favors
    q = (
        select(f.c.person_id, f.c.direction, func.count())
        .where(f.c.at < before)
        .group_by(f.c.person_id, f.c.direction)
    )
    out: dict[int, tuple[int, int]] = {}
    for pid, direction, n in conn.execute(q):
        gave, got = out.get(int(pid), (0, 0))
        out[int(pid)] = (gave + int(n), got) if direction == "gave" else (gave, got + int(n))
    return out


def person_facts(conn: Connection) -> list[tuple[int, str, float | None, str | None, int | None]]:
    """(id, name, closeness, tier_pin, cadence_days) of everyone but the owner and merged-away people."""
    pe = s.people
    q = (
        select(pe.c.id, pe.c.name, pe.c.closeness, pe.c.tier_pin, pe.c.cadence_days)
        .where(pe.c.is_me.is_(False), pe.c.merged_into.is_(None))
        .order_by(pe.c.id)
    )
    return [
        (int(r[0]), r[1], r[2], r[3], r[4]) for r in fetch_rows(conn, q)
    ]  # 50k people: straight from the driver
