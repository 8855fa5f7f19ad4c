"""The contacts of a database kept in one compact file, so a new process skips the big select.

One uncompressed ``.npz`` per database in the user cache folder (``paths.cache_dir``, which
``INNERCIRCLE_CACHE_DIR`` overrides), named by a hash of the database (its resolved file, or its URL):
the six ``Contacts`` arrays plus ``meta`` (JSON: file format, schema revision, the database's
fingerprint when it was read). It is written to a temporary file beside it and renamed, so a reader sees
the old file or the new one, never half of one; zip members are CRC-checked as they are read. The
database stays the only source of truth: the caller compares fingerprints and reloads on any doubt, and
anything unreadable here is simply a miss.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
from sqlalchemy.engine import URL

from innercircle.core.tiemath import Contacts
from innercircle.services import arrayfile
from innercircle.store.snapshot import Fingerprint

FORMAT = 2  # bump whenever core.snapshot.contacts_of changes what it returns
_DTYPES: dict[str, Any] = {
    "key": np.int64,
    "at": np.float64,
    "channel": np.int8,
    "direction": np.int8,
    "group_size": np.int64,
    "duration_s": np.float64,
}


@dataclass(slots=True)
class Saved:
    """Contacts sorted by (key, time) and the fingerprint of the database they were read from."""

    fingerprint: Fingerprint
    contacts: Contacts


def db_key(url: URL) -> str | None:
    """What names a database: the resolved path of a SQLite file (any spelling of it), else its URL.

    None for a SQLite database in memory: nothing outlives it, nothing is kept.
    """
    if url.get_backend_name() == "sqlite":
        name = url.database or ""
        if name in ("", ":memory:") or name.startswith("file:") or url.query.get("mode") == "memory":
            return None
        return "sqlite:" + str(Path(name).expanduser().resolve())
    return url.render_as_string(hide_password=False)


_KIND = arrayfile.Kind("contacts", FORMAT)


def path_for(key: str) -> Path:
    """The cache file of a database (a hash: no path or password in the file name)."""
    return _KIND.path(key)


def fingerprint_of(key: str) -> Fingerprint | None:
    """The fingerprint the file was written with (its small ``meta`` member only), or None."""
    return _KIND.fingerprint(key)


def load(key: str) -> Saved | None:
    """The saved contacts of this database, or None (no file, another format or schema, unreadable)."""
    read = arrayfile.read(path_for(key), _DTYPES, _KIND.accepts)
    if read is None:
        return None
    meta, arrays = read
    try:
        fp = Fingerprint(*(int(v) for v in meta["fingerprint"]))
        n = int(meta["rows"])
    except (KeyError, TypeError, ValueError):
        return None
    for name, dtype in _DTYPES.items():
        a = arrays[name]
        if a.dtype != dtype or a.shape != (n,):
            return None
    contacts = Contacts(**arrays, by_key_time=True)
    return Saved(fp, contacts) if _is_sorted(contacts) else None


def _is_sorted(c: Contacts) -> bool:
    """Whether rows are ordered by key, then time (what the scoring relies on)."""
    if len(c) < 2:
        return True
    dk = np.diff(c.key)
    return bool(np.all(dk >= 0) and np.all((dk > 0) | (np.diff(c.at) >= 0)))


def save(key: str, saved: Saved) -> None:
    """Write (or replace) the file atomically; a cache that cannot be written is no error."""
    c = saved.contacts
    arrayfile.write(
        path_for(key),
        _KIND.meta(saved.fingerprint, rows=len(c)),
        {name: getattr(c, name) for name in _DTYPES},
    )


def drop(key: str) -> None:
    """Delete the file of this database (after forgetting someone: failing to is an error, not a miss)."""
    path_for(key).unlink(missing_ok=True)
