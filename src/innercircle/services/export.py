"""Everything in the database as plain JSON-able data (lossless: every table and column of the user's data;
bookkeeping such as the change counters and the accounts' sync state is left out)."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import Connection, select

from innercircle.store.schema import user_columns, user_tables


def _plain(value: Any) -> Any:
    if isinstance(value, datetime | date):
        return value.isoformat()
    return value


def export_json(conn: Connection) -> dict[str, Any]:
    """Every table's rows, in dependency order, keyed by table name."""
    out: dict[str, Any] = {"format": "innercircle-export", "version": 1, "tables": {}}
    for table in user_tables():
        cols = user_columns(table)
        order = [c for c in table.primary_key.columns] or cols
        rows = conn.execute(select(*cols).order_by(*order))
        out["tables"][table.name] = [{c.name: _plain(v) for c, v in zip(cols, r, strict=True)} for r in rows]
    return out
