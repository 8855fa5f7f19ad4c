"""The database's own settings: key/value pairs that travel with the file (the owner's zone, the demo's
story day). The process's configuration from the environment is ``innercircle.config``."""

from __future__ import annotations

from typing import Any

from sqlalchemy import Connection, delete, insert, select

from innercircle.store import schema as s


def get_setting(conn: Connection, key: str, default: Any = None) -> Any:
    """A setting's value, or ``default``."""
    row = conn.execute(select(s.settings.c.value).where(s.settings.c.key == key)).first()
    return default if row is None else row[0]


def set_setting(conn: Connection, key: str, value: Any) -> None:
    """Create or replace a setting."""
    conn.execute(delete(s.settings).where(s.settings.c.key == key))
    conn.execute(insert(s.settings).values(key=key, value=value))
