"""The contacts of a database kept in memory between rescores, and topped up incrementally after imports/logs."""

from __future__ import annotations

import threading
from dataclasses import dataclass

import numpy as np
from sqlalchemy import Connection

from innercircle.core.tiemath import Contacts
from innercircle.store import contacts as store


@dataclass(slots=True)
class _Entry:
    fingerprint: tuple[int, ...]
    max_id: int
    contacts: Contacts


_CACHE: dict[str, _Entry] = {}
_LOCK = threading.Lock()
_MAX_ID = 1  # positions in a fingerprint: interactions, max id, participants, gone people, their id sum
_ADDITIVE = (0, 2)
MAX_INSERT = 20_000  # more new rows than this: a full sort is as quick as inserting


def all_contacts(conn: Connection) -> Contacts:
    """Every contact of the database (any time); later interactions are appended, anything else reloads."""
    key = conn.engine.url.render_as_string(hide_password=False)
    fp = store.fingerprint(conn)
    with _LOCK:
        hit = _CACHE.get(key)
    if hit is not None and hit.fingerprint == fp:
        return hit.contacts
    if hit is not None and _only_appended(conn, hit, fp):
        contacts = _insert(hit.contacts, store.contacts_before(conn, None, after_id=hit.max_id))
    else:
        contacts = store.contacts_before(conn, None).sorted()
    with _LOCK:
        _CACHE[key] = _Entry(fp, fp[_MAX_ID], contacts)
    return contacts


def _only_appended(conn: Connection, hit: _Entry, fp: tuple[int, ...]) -> bool:
    """Whether the database differs from the cached load only by interactions with larger ids."""
    if fp[_MAX_ID] <= hit.max_id or fp[3:] != hit.fingerprint[3:]:
        return False
    new = store.fingerprint(conn, after_id=hit.max_id)
    return all(fp[k] == hit.fingerprint[k] + new[k] for k in _ADDITIVE)


def _insert(a: Contacts, b: Contacts) -> Contacts:
    """``a`` (sorted by key and time) with the rows of ``b`` put in their places."""
    if len(b) == 0:
        return a
    if len(b) > MAX_INSERT:
        return _concat(a, b).sorted()
    b = b.sorted()
    lo = np.searchsorted(a.key, b.key, side="left")
    hi = np.searchsorted(a.key, b.key, side="right")
    pos = np.array(
        [lo[j] + np.searchsorted(a.at[lo[j] : hi[j]], b.at[j], side="right") for j in range(len(b))],
        dtype=np.int64,
    )
    return Contacts(
        np.insert(a.key, pos, b.key),
        np.insert(a.at, pos, b.at),
        np.insert(a.channel, pos, b.channel),
        np.insert(a.direction, pos, b.direction),
        np.insert(a.group_size, pos, b.group_size),
        np.insert(a.duration_s, pos, b.duration_s),
        True,
    )


def _concat(a: Contacts, b: Contacts) -> Contacts:
    return Contacts(
        np.concatenate([a.key, b.key]),
        np.concatenate([a.at, b.at]),
        np.concatenate([a.channel, b.channel]),
        np.concatenate([a.direction, b.direction]),
        np.concatenate([a.group_size, b.group_size]),
        np.concatenate([a.duration_s, b.duration_s]),
    )


def forget() -> None:
    """Drop every cached load (tests, or after restoring a backup into the same file)."""
    with _LOCK:
        _CACHE.clear()
