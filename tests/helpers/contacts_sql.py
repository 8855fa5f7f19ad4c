"""The tie inputs as the old store/contacts.contacts_before selected them before the snapshot (one SQL join).

Kept as the reference the derivation from the snapshot (core/snapshot.contacts_of) is compared with.
"""

from __future__ import annotations

import numpy as np
from sqlalchemy import Connection, Float, case, cast, func, literal_column, select

from innercircle.core.ties.model import CHANNEL_CODES, IN, MUTUAL, OUT, PRESENT, Contacts, channel_code
from innercircle.store import schema as s


def contacts_by_sql(conn: Connection) -> Contacts:
    """Every non-owner participant of every interaction with a known direction, as the old join read."""
    i, p, pe = s.interactions, s.participants, s.people
    if conn.dialect.name == "sqlite":
        epoch = (func.julianday(i.c.at) - literal_column("2440587.5")) * literal_column("86400.0")
    else:
        epoch = cast(func.extract("epoch", i.c.at), Float)
    chan = case(
        *[(i.c.channel == name, k) for k, name in enumerate(CHANNEL_CODES)], else_=channel_code("note")
    )
    direction = case(
        (i.c.direction == "out", OUT),
        (i.c.direction == "mutual", MUTUAL),
        ((i.c.direction == "in") & (p.c.role == "from"), IN),
        # at a meeting, call or event everyone listed was there: only on written channels is a listed
        # person who did not write a co-recipient
        ((i.c.direction == "in") & i.c.channel.not_in(["email", "message", "sms"]), IN),
        else_=PRESENT,
    )
    q = (
        select(p.c.person_id, epoch, chan, direction, i.c.group_size, i.c.duration_s)
        .select_from(i.join(p, i.c.id == p.c.interaction_id))
        .where(i.c.direction != "unknown")
    )
    rows = conn.execute(q).all()
    gone = conn.execute(select(pe.c.id).where(pe.c.is_me.is_(True) | pe.c.merged_into.is_not(None)))
    left_out = np.array([r[0] for r in gone], dtype=np.int64)
    n = len(rows)
    out = Contacts(
        key=np.fromiter((r[0] for r in rows), np.int64, n),
        at=np.round(np.fromiter((r[1] for r in rows), np.float64, n), 3),
        channel=np.fromiter((r[2] for r in rows), np.int8, n),
        direction=np.fromiter((r[3] for r in rows), np.int8, n),
        group_size=np.fromiter((r[4] for r in rows), np.int64, n),
        duration_s=np.array([r[5] for r in rows], dtype=np.float64).reshape(n),
    )
    return out.take(~np.isin(out.key, left_out), False)
