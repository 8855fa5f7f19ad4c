"""Everything in the database as plain JSON-able data (lossless: every table and column of the user's data;
bookkeeping such as the change counters and the accounts' sync state is left out)."""

from __future__ import annotations

from typing import Any

from sqlalchemy import Connection

from innercircle.services.runtime.workspace import Tx
from innercircle.store import dump


def export_json(tx: Tx) -> dict[str, Any]:
    """Every table's rows, in dependency order, keyed by table name."""
    return export_rows(tx.conn)


def export_rows(conn: Connection) -> dict[str, Any]:
    """``export_json`` over any connection (a backup's own, or one in REPEATABLE READ)."""
    return {"format": "innercircle-export", "version": 1, "tables": dump.table_rows(conn)}
