"""Everything in the database as plain JSON-able data (lossless: every table and column of the user's data;
bookkeeping such as the change counters and the accounts' sync state is left out)."""

from __future__ import annotations

from typing import Any

from sqlalchemy import Connection

from innercircle.store import dump


def export_json(conn: Connection) -> dict[str, Any]:
    """Every table's rows, in dependency order, keyed by table name."""
    return {"format": "innercircle-export", "version": 1, "tables": dump.table_rows(conn)}
