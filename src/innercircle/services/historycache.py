"""Every interaction as arrays (core/history.py), kept between reviews: in this process and in a file.

The weekly review reads the whole interaction history; a million rows take seconds to select. Like
the contacts of the tie analysis (services/tiecache.py), the arrays are kept in memory and in one
``.npz`` per database in the user cache folder, and used only while the database's fingerprint
(store/contacts.py) says nothing but newer interactions were added since: those are read and merged in;
any other change (triggers bump a counter on every update or delete) reloads everything. A load made
inside a write transaction is never kept (it may hold rows that are later rolled back).
"""

from __future__ import annotations

import threading
from pathlib import Path
from typing import Any

import numpy as np
from sqlalchemy import Connection
from sqlalchemy.engine import URL

from innercircle.core.history import History
from innercircle.services import arrayfile
from innercircle.services.contactfile import db_key
from innercircle.store import snapshot as store
from innercircle.store.snapshot import Fingerprint

FORMAT = 2  # bump whenever store.snapshot.history changes what it returns
_DTYPES: dict[str, Any] = {
    "iid": np.int64,
    "at": np.int64,
    "channel": np.int8,
    "direction": np.int8,
    "group_size": np.int64,
    "duration_s": np.int64,
    "duration_known": np.bool_,
    "manual": np.bool_,
    "part_row": np.int64,
    "part_person": np.int64,
    "part_role": np.int8,
}
_CACHE: dict[str, tuple[Fingerprint, History]] = {}
_LOCK = threading.Lock()
MAX_BEHIND = 20_000  # interactions the file may lack before it is rewritten


def all_history(conn: Connection) -> History:
    """Every interaction of the database (any time) as arrays, oldest first."""
    key = db_key(conn.engine.url)
    if key is None:
        return store.history(conn)
    fp = store.fingerprint(conn)
    with _LOCK:
        mem = _CACHE.get(key)
    if mem is not None and mem[0] == fp:
        return mem[1]
    found = _topped_up(conn, mem, fp)
    if found is not None:
        on_disk = _KIND.fingerprint(key)
    else:
        disk = _load(key)
        on_disk = None if disk is None else disk[0]
        found = _topped_up(conn, disk, fp)
    if found is None:
        found = (fp, store.history(conn))
    if conn.get_execution_options().get("write"):
        return found[1]
    with _LOCK:
        _CACHE[key] = found
    if _worth_writing(conn, on_disk, fp):
        _save(conn, key, found)
    return found[1]


def _topped_up(
    conn: Connection, base: tuple[Fingerprint, History] | None, fp: Fingerprint
) -> tuple[Fingerprint, History] | None:
    """``base`` with the interactions added since, when that is all that changed; else None."""
    if base is None:
        return None
    if base[0] == fp:
        return base
    if not store.appended_since(conn, base[0], fp):
        return None
    return fp, base[1].merged(store.history(conn, after_id=base[0].max_id))


def _worth_writing(conn: Connection, on_disk: Fingerprint | None, fp: Fingerprint) -> bool:
    """Whether to (re)write the file: missing, stale beyond appends, or far behind (a few appended
    interactions are read again by the next process instead: a quick indexed read)."""
    if on_disk is None:
        return True
    if on_disk == fp:
        return False
    return fp.interactions - on_disk.interactions > MAX_BEHIND or not store.appended_since(conn, on_disk, fp)


_KIND = arrayfile.Kind("history", FORMAT)


def path_for(key: str) -> Path:
    """The cache file of a database (a hash: no path or password in the file name)."""
    return _KIND.path(key)


def _load(key: str) -> tuple[Fingerprint, History] | None:
    """The saved arrays of this database, or None (no file, another format or schema, unreadable)."""
    read = arrayfile.read(path_for(key), _DTYPES, _KIND.accepts)
    if read is None:
        return None
    meta, arrays = read
    try:
        fp = Fingerprint(*(int(v) for v in meta["fingerprint"]))
        sizes = (int(meta["rows"]), int(meta["participants"]))
    except (KeyError, TypeError, ValueError):
        return None
    for name, dtype in _DTYPES.items():
        a = arrays[name]
        if a.dtype != dtype or a.shape != (sizes[1] if name.startswith("part_") else sizes[0],):
            return None
    h = History(**arrays)
    ordered = len(h) < 2 or bool(np.all(np.diff(h.at) >= 0))
    rows_ok = h.part_row.size == 0 or bool(
        np.all(np.diff(h.part_row) >= 0) and h.part_row[0] >= 0 and h.part_row[-1] < len(h)
    )
    return (fp, h) if ordered and rows_ok else None


def _save(conn: Connection, key: str, saved: tuple[Fingerprint, History]) -> None:
    """Write the file atomically, then check the database did not change meanwhile in a way it cannot
    follow (a forget committed while this process read deletes the file before we write ours)."""
    fp, h = saved
    meta = _KIND.meta(fp, rows=len(h), participants=int(h.part_row.shape[0]))
    path = path_for(key)
    if not arrayfile.write(path, meta, {name: getattr(h, name) for name in _DTYPES}):
        return
    with conn.engine.connect() as fresh:
        now = store.fingerprint(fresh)
        if now != fp and not store.appended_since(fresh, fp, now):
            path.unlink(missing_ok=True)


def forget() -> None:
    """Drop every load kept in memory (the files stay; they are checked before use)."""
    with _LOCK:
        _CACHE.clear()


def discard(url: URL) -> None:
    """Drop this database's arrays from memory and delete its file (after a forget or a restore)."""
    key = db_key(url)
    if key is None:
        return
    with _LOCK:
        _CACHE.pop(key, None)
    path_for(key).unlink(missing_ok=True)
