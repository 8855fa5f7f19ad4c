"""Where innercircle keeps its files (platformdirs), and keeping them private: every file it writes holds
the user's network, so files are 0600 and folders 0700 from the moment they exist."""

from __future__ import annotations

import contextlib
import os
from pathlib import Path

from platformdirs import user_cache_dir, user_data_dir


def data_dir() -> Path:
    """The per-user data folder."""
    return Path(user_data_dir("innercircle", appauthor=False))


def default_db_path() -> Path:
    """The user's own database."""
    return data_dir() / "innercircle.db"


def demo_db_path() -> Path:
    """The demo database: never the user's own."""
    return data_dir() / "demo.db"


def cache_dir() -> Path:
    """The per-user cache folder (``INNERCIRCLE_CACHE_DIR`` overrides it): only data that can be rebuilt."""
    return Path(os.environ.get("INNERCIRCLE_CACHE_DIR") or user_cache_dir("innercircle", appauthor=False))


# Group and others get no bit of anything this process creates (files 0600, folders 0700 at most).
PRIVATE_UMASK = 0o077


def private_umask() -> int:
    """Make every file and folder this process creates from now on private to the user; the umask it
    had (to restore it). The commands and the web server set it once at start: exports, reports,
    backups, caches and SQLite's own files are then private wherever they are written."""
    return os.umask(PRIVATE_UMASK)


def private_dir(path: Path) -> Path:
    """``path`` as a folder, each missing folder on the way made 0700 (an existing one is left as the
    user has it, except our own data and cache folders, which are closed to others)."""
    missing = [p for p in (path, *path.parents) if not p.exists()]
    for folder in reversed(missing):
        with contextlib.suppress(FileExistsError):  # made meanwhile by another process
            folder.mkdir(mode=0o700)
    if path in (data_dir(), cache_dir()) and path.stat().st_mode & 0o077:
        path.chmod(0o700)
    return path


def private_file(path: Path) -> Path:
    """Create ``path`` empty as 0600 when it does not exist yet (before another program, SQLite, opens
    it and would create it with the umask's mode); an existing file is left as it is."""
    with contextlib.suppress(FileExistsError):
        os.close(os.open(path, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o600))
    return path
