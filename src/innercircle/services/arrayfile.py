"""Arrays kept in one uncompressed ``.npz`` file with a JSON ``meta`` member: the on-disk caches' format.

A file is written to a temporary file beside it and renamed, so a reader sees the old file or the new one,
never half of one; zip members are CRC-checked as they are read. Anything unreadable is a miss (None),
never an error: a cache is rebuilt from the database, which stays the only source of truth.
"""

from __future__ import annotations

import hashlib
import json
import os
import tempfile
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

import numpy as np

from innercircle.paths import cache_dir
from innercircle.store.db import head_revision
from innercircle.store.snapshot import Fingerprint


@cache
def schema() -> str:
    """The schema revision the files are written for (a file of another revision is a miss)."""
    return head_revision() or ""


@dataclass(frozen=True, slots=True)
class Kind:
    """One kind of cache file: its name prefix and format number (bumped whenever its content changes)."""

    prefix: str
    format: int

    def path(self, key: str) -> Path:
        """The file of a database (a hash: no path or password in the file name)."""
        return cache_dir() / f"{self.prefix}-{hashlib.sha256(key.encode()).hexdigest()[:32]}.npz"

    def meta(self, fp: Fingerprint, **sizes: int) -> dict[str, Any]:
        """The ``meta`` member of a file written now from a database with this fingerprint."""
        return {"format": self.format, "schema": schema(), "fingerprint": fp.as_list(), **sizes}

    def accepts(self, meta: Mapping[str, Any]) -> bool:
        """Whether a file with this ``meta`` is of this kind, format and schema."""
        return meta.get("format") == self.format and meta.get("schema") == schema()

    def fingerprint(self, key: str) -> Fingerprint | None:
        """The fingerprint the file was written with (its small ``meta`` member only), or None."""
        meta = read_meta(self.path(key))
        try:
            return (
                Fingerprint(*(int(v) for v in meta["fingerprint"])) if meta and self.accepts(meta) else None
            )
        except (KeyError, TypeError, ValueError):
            return None


def write(path: Path, meta: Mapping[str, Any], arrays: Mapping[str, np.ndarray]) -> bool:
    """Write (or replace) the file atomically; False when it cannot be written (no error)."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=f".{path.stem}-", suffix=".tmp", dir=path.parent)
    except OSError:
        return False
    members: dict[str, Any] = {
        "meta": np.frombuffer(json.dumps(dict(meta)).encode(), dtype=np.uint8),
        **arrays,
    }
    try:
        with os.fdopen(fd, "wb") as f:
            np.savez(f, **members)
        os.replace(tmp, path)
    except OSError:
        Path(tmp).unlink(missing_ok=True)
        return False
    return True


def read_meta(path: Path) -> dict[str, Any] | None:
    """The ``meta`` member alone (cheap: the arrays are not read), or None."""
    try:
        with np.load(path, allow_pickle=False) as z:
            meta = json.loads(bytes(z["meta"]).decode())
        return meta if isinstance(meta, dict) else None
    except Exception:  # absent, torn or foreign: no file worth keeping
        return None


def read(
    path: Path, names: Iterable[str], accept: Callable[[dict[str, Any]], bool]
) -> tuple[dict[str, Any], dict[str, np.ndarray]] | None:
    """The meta and the named arrays, when ``accept(meta)`` holds; None otherwise or when unreadable."""
    try:
        with np.load(path, allow_pickle=False) as z:
            meta = json.loads(bytes(z["meta"]).decode())
            if not isinstance(meta, dict) or not accept(meta):
                return None
            return meta, {name: z[name] for name in names}
    except Exception:  # a missing, torn, truncated or foreign file is a miss, never an error
        return None
