"""A database's snapshot kept in one file, so a new process skips the big select (services/runtime/cache.py).

One uncompressed ``.npz`` per database in the user cache folder (``paths.cache_dir``, which
``INNERCIRCLE_CACHE_DIR`` overrides), named by a hash of the database (its resolved file, or its URL):
the arrays of the history and of its sorted contacts plus ``meta`` (JSON: file format, schema revision,
the database's fingerprint when it was read). It is written to a temporary file beside it and renamed,
so a reader sees the old file or the new one, never half of one; zip members are CRC-checked as they
are read. The database stays the only source of truth: the caller compares fingerprints and reloads on
any doubt, and anything unreadable here is simply a miss.
"""

from __future__ import annotations

import hashlib
import json
import os
import tempfile
from dataclasses import dataclass, fields
from functools import cache
from pathlib import Path
from typing import Any

import numpy as np
from sqlalchemy.engine import URL

from innercircle.core.history import FIELDS as HISTORY_FIELDS
from innercircle.core.history import History
from innercircle.core.ties.model import Contacts
from innercircle.paths import cache_dir, private_dir
from innercircle.store.db import head_revision
from innercircle.store.history import Fingerprint

FORMAT = 2  # bump whenever what store.snapshot.history or core.snapshot.contacts_of return changes
CONTACT_FIELDS: tuple[str, ...] = tuple(f.name for f in fields(Contacts) if f.name != "by_key_time")
_PART = {f for f in HISTORY_FIELDS if f.startswith("part_")}


@dataclass(frozen=True, slots=True)
class Snapshot:
    """The contacts of every interaction sorted by (person, time), the interactions themselves as arrays,
    and the fingerprint they were read at. ``history`` is None until something asks for it: tie scores
    read the contacts only, and a new process loads the history (two thirds of the file) only for the
    views that need it (services/runtime/cache.py ``AnalysisCache.whole``)."""

    fingerprint: Fingerprint
    contacts: Contacts
    history: History | None = None


@cache
def schema() -> str:
    """The schema revision the files are written for (a file of another revision is a miss)."""
    return head_revision() or ""


def db_key(url: URL) -> str | None:
    """What names a database: the resolved path of a SQLite file (any spelling of it), else its URL.

    None for a SQLite database in memory: nothing outlives it, no file is kept.
    """
    if url.get_backend_name() == "sqlite":
        name = url.database or ""
        if name in ("", ":memory:") or name.startswith("file:") or url.query.get("mode") == "memory":
            return None
        return "sqlite:" + str(Path(name).expanduser().resolve())
    return url.render_as_string(hide_password=False)


def path_for(key: str) -> Path:
    """The file of a database (a hash: no path or password in the file name)."""
    return cache_dir() / f"snapshot-{hashlib.sha256(key.encode()).hexdigest()[:32]}.npz"


def _accepts(meta: Any) -> bool:
    return isinstance(meta, dict) and meta.get("format") == FORMAT and meta.get("schema") == schema()


def fingerprint_of(key: str) -> Fingerprint | None:
    """The fingerprint the file was written with (its small ``meta`` member only), or None."""
    try:
        with np.load(path_for(key), allow_pickle=False) as z:
            return _fingerprint(z)
    except Exception:  # absent, torn or foreign: no file worth keeping
        return None


def load(key: str) -> Snapshot | None:
    """The saved contacts of this database (the history is left in the file: ``load_history``), or None
    (no file, another format or schema, unreadable)."""
    try:
        with np.load(path_for(key), allow_pickle=False) as z:
            fp = _fingerprint(z)
            if fp is None:
                return None
            c = Contacts(**{f: z["c_" + f] for f in CONTACT_FIELDS}, by_key_time=True)
    except Exception:  # a missing, torn, truncated or foreign file is a miss, never an error
        return None
    if any(getattr(c, f).shape != (len(c),) for f in CONTACT_FIELDS) or not _sorted_contacts(c):
        return None
    return Snapshot(fp, c)


def load_history(key: str) -> tuple[Fingerprint, History] | None:
    """The saved history of this database with the fingerprint it was read at, or None (as ``load``)."""
    try:
        with np.load(path_for(key), allow_pickle=False) as z:
            fp = _fingerprint(z)
            if fp is None:
                return None
            h = History(**{f: z[f] for f in HISTORY_FIELDS})
    except Exception:  # a missing, torn, truncated or foreign file is a miss, never an error
        return None
    n, k = len(h), h.part_row.shape[0]
    if any(getattr(h, f).shape != ((k,) if f in _PART else (n,)) for f in HISTORY_FIELDS):
        return None
    return (fp, h) if _sorted_history(h) else None


def _fingerprint(z: Any) -> Fingerprint | None:
    """The fingerprint in an open file's ``meta``, None when the file is of another format or schema."""
    meta = json.loads(bytes(z["meta"]).decode())
    return Fingerprint(*(int(v) for v in meta["fingerprint"])) if _accepts(meta) else None


def _sorted_history(h: History) -> bool:
    """Whether the history is in the order the analyses rely on: by time, participants by row."""
    if len(h) > 1 and not bool(np.all(np.diff(h.at) >= 0)):
        return False
    pr = h.part_row
    return not pr.size or (bool(np.all(np.diff(pr) >= 0)) and pr[0] >= 0 and pr[-1] < len(h))


def _sorted_contacts(c: Contacts) -> bool:
    """Whether the contacts are by person, then time."""
    if len(c) < 2:
        return True
    dk = np.diff(c.key)
    return bool(np.all(dk >= 0) and np.all((dk > 0) | (np.diff(c.at) >= 0)))


def save(key: str, snap: Snapshot) -> bool:
    """Write (or replace) the file atomically; False when it cannot be written (no error). The snapshot
    must hold its history."""
    assert snap.history is not None, "a snapshot is saved with its history"
    path = path_for(key)
    meta = {"format": FORMAT, "schema": schema(), "fingerprint": snap.fingerprint.as_list()}
    members: dict[str, Any] = {
        "meta": np.frombuffer(json.dumps(meta).encode(), dtype=np.uint8),
        **{f: getattr(snap.history, f) for f in HISTORY_FIELDS},
        **{"c_" + f: getattr(snap.contacts, f) for f in CONTACT_FIELDS},
    }
    try:
        private_dir(path.parent)
        fd, tmp = tempfile.mkstemp(prefix=f".{path.stem}-", suffix=".tmp", dir=path.parent)
    except OSError:
        return False
    try:
        with os.fdopen(fd, "wb") as f:
            np.savez(f, **members)
        os.replace(tmp, path)
    except OSError:
        Path(tmp).unlink(missing_ok=True)
        return False
    return True


def drop(key: str) -> None:
    """Delete the file of this database (after forgetting someone: failing to is an error, not a miss)."""
    path_for(key).unlink(missing_ok=True)
