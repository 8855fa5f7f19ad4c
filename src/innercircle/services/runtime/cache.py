"""The one analysis cache of a database: its snapshot of the interactions, the tie inputs, the analyses.

The Workspace owns one ``AnalysisCache``; a use case reaches it through the ``Tx`` it is given
(``tx.snapshot()``, ``tx.whole()``, ``tx.made(...)``); nothing lives at module level. What is kept, and
what it is keyed by:

- the snapshot (``History``, store/history.py) and the contacts derived from it (core/ties/contacts.py,
  sorted by person and time), keyed by the database's fingerprint. When the fingerprint says only newer
  interactions were added since (a log, an import), those are read and merged in; any other change
  (triggers bump a counter on every update or delete, whoever writes) reloads everything;
- one file per database in the user cache folder (``paths.cache_dir``; ``INNERCIRCLE_CACHE_DIR``
  overrides it) with both, for the next process: see services/runtime/cachefile.py. A process that starts
  from the file reads the contacts only, and the history the first time a view asks (``whole``): tie
  scores never need it;
- analyses made from them (tie scores…), keyed by the fingerprint and the data counter (triggers on
  every other table), so any write by anyone makes them again;
- the front ends' views (``served``: the web's pages and API answers), keyed like the analyses and by
  the owner's day, served stale while a fresh one is made.

A load made inside a write transaction is never kept (it may hold rows that are later rolled back).
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from dataclasses import replace
from datetime import date
from typing import Any, TypeVar

import numpy as np
from sqlalchemy import Connection
from sqlalchemy.engine import URL

from innercircle.core.ties.contacts import contacts_of
from innercircle.core.ties.model import Contacts
from innercircle.services.runtime import cachefile
from innercircle.services.runtime.cachefile import Snapshot
from innercircle.store import history as store
from innercircle.store.history import Fingerprint

T = TypeVar("T")
MAX_INSERT = 20_000  # more new contacts than this: a full sort is as quick as inserting
MAX_BEHIND = 20_000  # interactions the file may lack before it is rewritten (a rewrite is the whole file)
Version = tuple[Fingerprint, int]
SERVED_TTL = 3600.0  # seconds a served view stands even when nothing was written (what is due moves)


class AnalysisCache:
    """The snapshot of one database and what is computed from it, kept while the database stands."""

    def __init__(self, url: URL) -> None:
        self.key = cachefile.db_key(url)
        self._lock = threading.Lock()
        self._loading = threading.Lock()
        self._kept: Snapshot | None = None
        self._made: dict[Any, tuple[Version, Any]] = {}
        self._making: dict[Any, threading.Lock] = {}  # one maker per served view

    def get(self, conn: Connection, write: bool, fp: Fingerprint | None = None) -> Snapshot:
        """The snapshot as the database stands for ``conn`` (``write``: inside a write transaction, so
        nothing loaded is kept; ``fp``: its fingerprint, when just read)."""
        fp = store.fingerprint(conn) if fp is None else fp
        with self._lock:
            mem = self._kept
        if mem is not None and mem.fingerprint == fp:
            return mem
        with self._loading:  # one load at a time: threads asking meanwhile get it when it is done
            with self._lock:
                mem = self._kept
            if mem is not None and mem.fingerprint == fp:
                return mem
            return self._load(conn, write, mem, fp)

    def _load(self, conn: Connection, write: bool, mem: Snapshot | None, fp: Fingerprint) -> Snapshot:
        """The snapshot at ``fp``: ``mem`` or the file topped up, or read whole; kept unless writing."""
        found = _topped_up(conn, mem, fp)
        on_disk = None
        if found is None and self.key is not None:
            disk = cachefile.load(self.key)
            on_disk = None if disk is None else disk.fingerprint
            found = _topped_up(conn, disk, fp)
        elif self.key is not None:
            on_disk = cachefile.fingerprint_of(self.key)
        if found is None:
            found = _read(conn, fp)
        if write:
            return found
        if self.key is not None and _worth_writing(conn, on_disk, fp):
            found = self._with_history(conn, found)
            self._save(conn, self.key, found)
        with self._lock:
            self._kept = found
        return found

    def whole(self, conn: Connection, write: bool) -> Snapshot:
        """The snapshot as ``conn`` sees the database, its history included (read from the file or the
        database the first time it is asked for, then kept with the contacts)."""
        snap = self.get(conn, write)
        if snap.history is not None:
            return snap
        with self._loading:  # one read at a time: a thread that asked meanwhile finds it kept
            with self._lock:
                kept = self._kept
            if kept is not None and kept.fingerprint == snap.fingerprint and kept.history is not None:
                return kept
            full = self._with_history(conn, snap)
            if not write:
                with self._lock:
                    if self._kept is snap:
                        self._kept = full
        return full

    def _with_history(self, conn: Connection, snap: Snapshot) -> Snapshot:
        """``snap`` with its history: the file's topped up when it can be, else read whole."""
        if snap.history is not None:
            return snap
        disk = None if self.key is None else cachefile.load_history(self.key)
        if disk is not None and disk[0] == snap.fingerprint:
            return replace(snap, history=disk[1])
        if disk is not None and store.appended_since(conn, disk[0], snap.fingerprint):
            newer = store.history(conn, after_id=disk[0].max_id)
            return replace(snap, history=disk[1].merged(newer))
        return replace(snap, history=store.history(conn))

    def made(self, conn: Connection, write: bool, what: Any, make: Callable[[Snapshot], T]) -> T:
        """``make(snapshot)`` for ``what`` (a hashable name of an analysis), made again after any write."""
        version = self.version(conn)
        hit = self.analysis(what)
        if hit is not None and hit[0] == version:
            return hit[1]  # type: ignore[no-any-return]
        value = make(self.get(conn, write, version[0]))
        if not write:
            self.keep(what, version, value)
        return value

    def served(
        self,
        conn: Connection,
        write: bool,
        what: Any,
        day: date,
        make: Callable[[], T],
        ttl: float = SERVED_TTL,
    ) -> T:
        """What a front end shows for ``what`` on ``day``: ``make()``, kept like the analyses, and served
        stale while a fresh one is made.

        Made again after any write by anyone (the version moved), on another ``day`` (the owner's calendar
        day by the app's clock: what is due, "this week") and after ``ttl`` seconds. One caller makes a
        missing or stale view; the others wait for a missing one, or are served the stale one meanwhile
        (a page stays quick while an import runs). ``drop_analyses`` after a write through the front end
        makes its own next page wait for the fresh view.
        """
        key = ("served", what, day)
        version = self.version(conn)
        hit = self.analysis(key)
        if hit is not None and hit[0] == version and time.monotonic() - hit[1][0] < ttl:
            return hit[1][1]  # type: ignore[no-any-return]
        with self._lock:
            making = self._making.setdefault(key, threading.Lock())
        if hit is not None and not making.acquire(blocking=False):
            return hit[1][1]  # type: ignore[no-any-return]  # being made: the last one meanwhile
        if hit is None:
            making.acquire()
        try:
            again = self.analysis(key)
            if again is not None and again[0] == version and again is not hit:
                return again[1][1]  # type: ignore[no-any-return]  # made while this caller waited
            value = make()
            if not write:
                self.keep(key, version, (time.monotonic(), value))
            return value
        finally:
            making.release()

    def version(self, conn: Connection) -> Version:
        """What every kept analysis is keyed by: the fingerprint and the data counter (two cheap reads)."""
        return store.fingerprint(conn), store.data_version(conn)

    def analysis(self, what: Any) -> tuple[Version, Any] | None:
        """The last analysis kept for ``what`` with the version it was made at (maybe stale), or None."""
        with self._lock:
            return self._made.get(what)

    def keep(self, what: Any, version: Version, value: Any) -> None:
        """Keep an analysis made at ``version`` (the 256 most recent kinds)."""
        with self._lock:
            self._made.pop(what, None)
            self._made[what] = (version, value)
            while len(self._made) > 256:  # oldest first: dicts keep insertion order
                oldest = next(iter(self._made))
                del self._made[oldest]
                self._making.pop(oldest, None)  # a maker still holding it releases its own reference

    def drop_analyses(self) -> None:
        """Forget the kept analyses, stale ones included (the snapshot stays: it follows by fingerprint)."""
        with self._lock:
            self._made.clear()

    def erase(self) -> None:
        """Forget everything kept, in memory and on disk (after forgetting someone: nothing of theirs stays)."""
        with self._lock:
            self._kept = None
            self._made.clear()
        if self.key is not None:
            cachefile.drop(self.key)

    def _save(self, conn: Connection, key: str, snap: Snapshot) -> None:
        """Write the file, then check the database did not change meanwhile in a way it cannot follow
        (a forget committed while this process read deletes the file before we write ours)."""
        cachefile.save(key, snap)
        with conn.engine.connect() as fresh:
            now = store.fingerprint(fresh)
            if now != snap.fingerprint and not store.appended_since(fresh, snap.fingerprint, now):
                cachefile.drop(key)


def _read(conn: Connection, fp: Fingerprint) -> Snapshot:
    """Everything from the database."""
    history = store.history(conn)
    return Snapshot(fp, contacts_of(history, store.left_out(conn)).sorted(), history)


def _topped_up(conn: Connection, base: Snapshot | None, fp: Fingerprint) -> Snapshot | None:
    """``base`` with the interactions added since, when that is all that changed; else None."""
    if base is None:
        return None
    if base.fingerprint == fp:
        return base
    if not store.appended_since(conn, base.fingerprint, fp):
        return None
    newer = store.history(conn, after_id=base.fingerprint.max_id)
    added = contacts_of(newer, store.left_out(conn))
    merged = None if base.history is None else base.history.merged(newer)
    return Snapshot(fp, _insert(base.contacts, added), merged)


def _worth_writing(conn: Connection, on_disk: Fingerprint | None, fp: Fingerprint) -> bool:
    """Whether to (re)write the file: missing, stale beyond appends, or far behind (a few appended
    interactions are read again by the next process instead: a quick indexed read)."""
    if on_disk is None:
        return True
    if on_disk == fp:
        return False
    return fp.interactions - on_disk.interactions > MAX_BEHIND or not store.appended_since(conn, on_disk, fp)


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
        **{f: np.insert(getattr(a, f), pos, getattr(b, f)) for f in cachefile.CONTACT_FIELDS},
        by_key_time=True,
    )


def _concat(a: Contacts, b: Contacts) -> Contacts:
    joined: dict[str, Any] = {
        f: np.concatenate([getattr(a, f), getattr(b, f)]) for f in cachefile.CONTACT_FIELDS
    }
    return Contacts(**joined)
