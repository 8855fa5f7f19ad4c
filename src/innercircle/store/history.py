"""The one snapshot of the interactions, read in one path: every interaction and participant as arrays.

``history`` reads the columns every analysis starts from (core/history.py: times in microseconds, the
enum code tables); the tie inputs are derived from it (core/ties/contacts.py) with the people ``left_out``
of ties. ``fingerprint`` tells, in a few indexed look-ups, whether the database changed since a
snapshot was read, and ``appended_since`` whether the change was only newer interactions (a top-up).
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import datetime
from typing import Any

import numpy as np
import numpy.typing as npt
from sqlalchemy import BigInteger, Connection, case, func, literal, select

from innercircle.core.history import CHANNEL_CODE, DIRECTION_CODE, ROLE_CODE, History, micros
from innercircle.store import schema as s
from innercircle.store.interactions import utc
from innercircle.store.rows import fetch_rows


def history(conn: Connection, before: datetime | None = None, after_id: int | None = None) -> History:
    """Every interaction strictly before ``before`` (all when None) as arrays, oldest first (see
    core/history.py): a few columns, no objects. ``after_id``: only those with a larger id.

    What costs at a million rows is the Python object of every cell the driver hands over, so the small
    columns arrive packed into one integer per row (``_packed``: the code tables applied in SQL, then
    split again in numpy) and a participant is one integer too: half the objects of one cell each."""
    i, p = s.interactions, s.participants
    q = select(i.c.id, i.c.at, _packed(i), func.coalesce(i.c.duration_s, 0)).order_by(i.c.id)
    big = literal(_PART_IID, BigInteger)  # a 64-bit product on PostgreSQL too
    part = p.c.interaction_id * big + p.c.person_id * _PART_PERSON + _coded(p.c.role, ROLE_CODE)
    pq = select(part).order_by(*p.primary_key.columns)
    if before is not None:
        q = q.where(i.c.at < before)
    if after_id is not None:
        q = q.where(i.c.id > after_id)
        pq = pq.where(p.c.interaction_id > after_id)
    rows = fetch_rows(conn, q)
    n = len(rows)
    if n == 0:
        return History.of([])
    ids = np.fromiter((r[0] for r in rows), np.int64, n)
    times = _micros([r[1] for r in rows])
    packed = np.fromiter((r[2] for r in rows), np.int64, n)
    duration = np.fromiter((r[3] for r in rows), np.int64, n)
    del rows
    order = np.lexsort((ids, times))
    parts = fetch_rows(conn, pq)
    part_code = np.fromiter((r[0] for r in parts), np.int64, len(parts))
    del parts
    part_iid, part_person = part_code // _PART_IID, part_code % _PART_IID // _PART_PERSON
    part_role = (part_code % _PART_PERSON).astype(np.int8)
    # participants of interactions not read (at or after ``before``) are left out
    pos = np.minimum(np.searchsorted(ids, part_iid), n - 1)
    known = ids[pos] == part_iid
    row_of = np.empty(n, np.int64)
    row_of[order] = np.arange(n, dtype=np.int64)
    part_row = row_of[pos[known]]
    grouped = np.argsort(part_row, kind="stable")  # by interaction in time order, each in key order
    packed = packed[order]
    return History(
        iid=ids[order],
        at=times[order],
        channel=(packed % 8).astype(np.int8),
        direction=(packed // 8 % 4).astype(np.int8),
        group_size=packed // 128,
        duration_s=duration[order],
        duration_known=(packed // 64 % 2).astype(np.bool_),
        manual=(packed // 32 % 2).astype(np.bool_),
        part_row=part_row[grouped],
        part_person=np.ascontiguousarray(part_person[known][grouped]),
        part_role=part_role[known][grouped],
    )


# A participant as one integer: (interaction id * 2**31 + person id) * 8 + role code; person ids are
# 32-bit integers in the schema and interaction ids stay below 2**29 (half a billion) in any one database.
_PART_PERSON = 8
_PART_IID = _PART_PERSON * 2**31
assert len(ROLE_CODE) <= 8 and len(CHANNEL_CODE) <= 8 and len(DIRECTION_CODE) <= 4


def _packed(i: Any) -> Any:
    """An interaction's small columns as one integer (split again by ``history``): bits 0-2 the channel
    code, 3-4 the direction code, 5 logged by hand, 6 duration known, 7 and up the group size."""
    return (
        _coded(i.c.channel, CHANNEL_CODE)
        + _coded(i.c.direction, DIRECTION_CODE) * 8
        + case((i.c.source == "manual", 32), else_=0)
        + case((i.c.duration_s.is_(None), 0), else_=64)
        + i.c.group_size * 128
    )


def _coded(column: Any, codes: dict[str, int]) -> Any:
    """``column`` as its code in ``codes`` (NULL for a value not in the table: the read then fails)."""
    return case(*((column == name, code) for name, code in codes.items()), else_=None)


def _micros(values: list[Any]) -> npt.NDArray[np.int64]:
    """Stored times as microseconds since the epoch (SQLite's naive UTC text parsed by numpy)."""
    if values and isinstance(values[0], str):
        return np.array(values, dtype="datetime64[us]").astype(np.int64)
    return np.fromiter((micros(utc(v)) for v in values), np.int64, len(values))


def left_out(conn: Connection) -> set[int]:
    """The people who have no tie: the user's own records and merged-away ones."""
    pe = s.people
    q = select(pe.c.id).where(pe.c.is_me.is_(True) | pe.c.merged_into.is_not(None))
    return {int(r[0]) for r in conn.execute(q)}


@dataclass(frozen=True, slots=True)
class Fingerprint:
    """What a load of the contacts depends on, read cheaply: a few indexed look-ups, not a scan."""

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


def data_version(conn: Connection) -> int:
    """How many writes to the tables besides the interactions there were (triggers of migration 0004)."""
    c = s.change_counters
    return int(conn.execute(select(c.c.n).where(c.c.name == "data")).scalar() or 0)
