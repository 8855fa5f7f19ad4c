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
_MAX_ID = 1  # position of max(interactions.id) in a fingerprint


def all_contacts(conn: Connection) -> Contacts:
    """Every contact of the database (any time); later interactions are appended, anything else reloads."""
    key = conn.engine.url.render_as_string(hide_password=False)
    fp = store.fingerprint(conn)
    with _LOCK:
        hit = _CACHE.get(key)
    if hit is not None and hit.fingerprint == fp:
        return hit.contacts
    if (
        hit is not None
        and fp[_MAX_ID] > hit.max_id
        and store.fingerprint(conn, hit.max_id) == hit.fingerprint
    ):
        fresh = store.contacts_before(conn, None, after_id=hit.max_id)
        contacts = _concat(hit.contacts, fresh)
    else:
        contacts = store.contacts_before(conn, None).sorted()
    with _LOCK:
        _CACHE[key] = _Entry(fp, fp[_MAX_ID], contacts)
    return contacts


def _concat(a: Contacts, b: Contacts) -> Contacts:
    if len(b) == 0:
        return a
    return Contacts(
        np.concatenate([a.key, b.key]),
        np.concatenate([a.at, b.at]),
        np.concatenate([a.channel, b.channel]),
        np.concatenate([a.direction, b.direction]),
        np.concatenate([a.group_size, b.group_size]),
        np.concatenate([a.duration_s, b.duration_s]),
    ).sorted()


def forget() -> None:
    """Drop every cached load (tests, or after restoring a backup into the same file)."""
    with _LOCK:
        _CACHE.clear()
