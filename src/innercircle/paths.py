"""Where innercircle keeps its files (platformdirs)."""

from __future__ import annotations

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
