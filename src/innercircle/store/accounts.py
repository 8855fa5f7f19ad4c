"""Repository functions for live-sync accounts: the one write path of the ``accounts`` table."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime
from typing import Any

from sqlalchemy import Connection, delete, select, update

from innercircle.core.accounts import AccountConfig
from innercircle.store import schema as s
from innercircle.store.rows import insert_rows

_T = s.accounts


def _config(row: Any) -> AccountConfig:
    return AccountConfig(
        id=row.id,
        name=row.name,
        kind=row.kind,
        url=row.url,
        username=row.username,
        options=dict(row.options or {}),
        state=dict(row.state or {}),
        last_sync_at=row.last_sync_at,
        last_error=row.last_error,
        created_at=row.created_at,
    )


def add_account(conn: Connection, account: AccountConfig, now: datetime) -> int:
    """Store a new account (the caller checked that the name is free)."""
    row = {k: getattr(account, k) for k in ("name", "kind", "url", "username", "options")}
    return insert_rows(conn, _T, [row | {"state": {}, "created_at": now}])[0]


def get_account(conn: Connection, name: str) -> AccountConfig | None:
    """The account with this name, or None."""
    row = conn.execute(select(_T).where(_T.c.name == name)).first()
    return None if row is None else _config(row)


def list_accounts(conn: Connection) -> list[AccountConfig]:
    """Every account, by name."""
    return [_config(r) for r in conn.execute(select(_T).order_by(_T.c.name))]


def remove_account(conn: Connection, name: str) -> bool:
    """Forget an account's configuration (what it synced stays); False when there was none."""
    return bool(conn.execute(delete(_T).where(_T.c.name == name)).rowcount)


def record_sync(conn: Connection, name: str, state: Mapping[str, Any], at: datetime) -> None:
    """A sync committed: its new state, when, and no error."""
    conn.execute(
        update(_T).where(_T.c.name == name).values(state=dict(state), last_sync_at=at, last_error=None)
    )


def record_error(conn: Connection, name: str, error: str) -> None:
    """A sync failed: keep the message (the state and last sync stay as they were)."""
    conn.execute(update(_T).where(_T.c.name == name).values(last_error=error[:2000]))
