"""The contacts of a database kept between rescores (in memory and on disk), topped up after imports/logs.

A rescore needs every contact of the database; reading a million rows from SQLite takes seconds, so the
sorted arrays are kept in this process and in a file (services/contactfile.py) for the next process.
Either copy is used only while the database's fingerprint (store/contacts.py) says nothing but newer
interactions were added since: those are read and inserted in place; any other change (a deletion, an
edit, a merge, a forget, an undo: triggers bump a change counter) reloads everything from the database.
A load made inside a write transaction is never kept (it may hold rows that are later rolled back).
"""

from __future__ import annotations

import threading

import numpy as np
from sqlalchemy import Connection
from sqlalchemy.engine import URL

from innercircle.core.snapshot import contacts_of
from innercircle.core.tiemath import Contacts
from innercircle.services import contactfile
from innercircle.services.contactfile import Saved
from innercircle.store import snapshot as store

_CACHE: dict[str, Saved] = {}
_LOCK = threading.Lock()
MAX_INSERT = 20_000  # more new rows than this: a full sort is as quick as inserting
MAX_BEHIND = 20_000  # participant rows the file may lack before it is rewritten (a write costs ~0.1 s at 1M)


def all_contacts(conn: Connection) -> Contacts:
    """Every contact of the database (any time), sorted by (person, time)."""
    key = contactfile.db_key(conn.engine.url)
    if key is None:
        return _contacts(conn).sorted()
    fp = store.fingerprint(conn)
    with _LOCK:
        mem = _CACHE.get(key)
    if mem is not None and mem.fingerprint == fp:
        return mem.contacts
    disk: Saved | None = None
    read_disk = False
    found = _topped_up(conn, mem, fp)
    if found is None:
        read_disk = True
        disk = contactfile.load(key)
        found = disk if disk is not None and disk.fingerprint == fp else _topped_up(conn, disk, fp)
    if found is None:
        found = Saved(fp, _contacts(conn).sorted())
    if conn.get_execution_options().get("write"):
        return found.contacts
    with _LOCK:
        _CACHE[key] = found
    if found is not disk:
        on_disk = (
            disk.fingerprint if disk is not None else None if read_disk else contactfile.fingerprint_of(key)
        )
        if _worth_writing(conn, on_disk, found):
            _save(conn, key, found)
    return found.contacts


def _contacts(conn: Connection, after_id: int | None = None) -> Contacts:
    """The contacts of every interaction (with a larger id than ``after_id``), from the snapshot's read."""
    return contacts_of(store.history(conn, after_id=after_id), store.left_out(conn))


def _worth_writing(conn: Connection, on_disk: store.Fingerprint | None, found: Saved) -> bool:
    """Whether to (re)write the file: not when it lacks only a few rows added since (the next process
    tops it up from the database again, a quick indexed read), but when missing, unreadable, stale or
    far behind."""
    if on_disk is None or on_disk == found.fingerprint:
        return on_disk is None
    behind = found.fingerprint.participants - on_disk.participants
    return not (0 < behind <= MAX_BEHIND and store.appended_since(conn, on_disk, found.fingerprint))


def _topped_up(conn: Connection, base: Saved | None, fp: store.Fingerprint) -> Saved | None:
    """``base`` with the interactions added since, when that is all that changed; else None."""
    if base is None or not store.appended_since(conn, base.fingerprint, fp):
        return None
    return Saved(fp, _insert(base.contacts, _contacts(conn, base.fingerprint.max_id)))


def _save(conn: Connection, key: str, saved: Saved) -> None:
    """Write the file, then check the database did not change meanwhile in a way it cannot follow.

    A forget that commits while this process was reading deletes the file before we write ours:
    the second look (a new connection sees every commit) removes it again.
    """
    contactfile.save(key, saved)
    with conn.engine.connect() as fresh:
        now = store.fingerprint(fresh)
        if now != saved.fingerprint and not store.appended_since(fresh, saved.fingerprint, now):
            contactfile.drop(key)


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
    """Drop every load kept in memory (the files stay; they are checked before use)."""
    with _LOCK:
        _CACHE.clear()


def discard(url: URL) -> None:
    """Drop this database's contacts from memory and delete its file (after a forget or a restore)."""
    key = contactfile.db_key(url)
    if key is None:
        return
    with _LOCK:
        _CACHE.pop(key, None)
    contactfile.drop(key)
