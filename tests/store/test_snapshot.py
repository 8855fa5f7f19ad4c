"""The tie inputs derived from the one snapshot equal what the old SQL join selected.

On the demo plus a random year (every channel and direction, the user absent from some interactions,
group mail, senders and co-recipients, durations unknown, zero or given, sub-millisecond times) and a
merged-away person: the same rows, field by field, on SQLite and PostgreSQL.
"""

from __future__ import annotations

import random
from datetime import UTC, datetime

import numpy as np
from contacts_sql import contacts_by_sql
from generated import random_year

from innercircle.core.history import micros
from innercircle.core.ties.contacts import contacts_of
from innercircle.core.ties.model import IN, MUTUAL, OUT, PRESENT, Contacts
from innercircle.services import Workspace
from innercircle.services.demo import load_demo
from innercircle.services.merge import merge
from innercircle.store import history as snapshot
from innercircle.store import interactions
from innercircle.store import people as people_store
from innercircle.store.history import left_out

NOW = datetime(2026, 11, 25, 9, 30, tzinfo=UTC)


def _rows(c: Contacts) -> list[tuple[object, ...]]:
    """The contacts as sorted tuples (NaN durations as None): the order of a select is not defined."""
    dur = [None if np.isnan(d) else float(d) for d in c.duration_s.tolist()]
    return sorted(
        zip(
            c.key.tolist(),
            c.at.tolist(),
            c.channel.tolist(),
            c.direction.tolist(),
            c.group_size.tolist(),
            dur,
            strict=True,
        ),
        key=lambda r: tuple((x is None, x) for x in r),
    )


def test_contacts_of_the_snapshot_equal_the_old_join(ws: Workspace) -> None:
    load_demo(ws, seed=42, today="2026-11-25", now=NOW)
    with ws.begin() as tx:
        owner = people_store.get_owner(tx.conn)
        assert owner is not None and owner.id is not None
        people = [
            p.id
            for p in people_store.list_people(tx.conn, include_archived=True)
            if p.id and p.id != owner.id
        ]
        interactions.add_interactions(tx.conn, random_year(owner.id, people, 3000, random.Random(11), NOW))
        kept, gone = people_store.get_person(tx.conn, people[0]), people_store.get_person(tx.conn, people[1])
        assert kept is not None and gone is not None
        merge(tx, str(kept.id), str(gone.id), NOW)
    with ws.read() as tx:
        expected = contacts_by_sql(tx.conn)
        history = snapshot.history(tx.conn)
        got = contacts_of(history, left_out(tx.conn))
        assert owner.id in left_out(tx.conn) and people[1] in left_out(tx.conn)
    assert _rows(got) == _rows(expected)
    # what the comparison covers: every kind of contact, owner and merged-away records left out
    assert set(got.direction.tolist()) == {OUT, IN, MUTUAL, PRESENT}
    assert not {owner.id, people[1]} & set(got.key.tolist())
    assert np.isnan(got.duration_s).any() and (got.duration_s == 0).any() and (got.group_size > 1).any()
    assert (history.at % 1000 != 0).any()  # sub-millisecond times, snapped as the join snapped them
    unknown = history.direction == 3
    assert unknown.any() and len(got) < history.part_row.shape[0]


def test_contacts_before_a_moment_are_those_of_the_snapshot_cut_there(ws: Workspace) -> None:
    load_demo(ws, seed=7, today="2026-11-25", now=NOW)
    with ws.read() as tx:
        history = snapshot.history(tx.conn)
        gone = left_out(tx.conn)
        cut = datetime(2026, 6, 1, tzinfo=UTC)
        whole = contacts_of(history, gone).before(cut.timestamp())
        part = contacts_of(snapshot.history(tx.conn, before=cut), gone)
    assert _rows(whole) == _rows(part) and len(part) and micros(cut) > 0
