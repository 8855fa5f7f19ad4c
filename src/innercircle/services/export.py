"""Everything in the database as plain JSON-able data (lossless: every table and column of the user's data;
bookkeeping such as the change counters and the accounts' sync state is left out)."""

from __future__ import annotations

from sqlalchemy import Connection

from innercircle.results.ownership import Export
from innercircle.services.runtime.workspace import Tx
from innercircle.store import dump

EXPORT_FORMAT = "innercircle-export"


def export_json(tx: Tx) -> Export:
    """Every table's rows, in dependency order, keyed by table name."""
    return export_rows(tx.conn)


def export_rows(conn: Connection) -> Export:
    """``export_json`` over any connection (a backup's own, or one in REPEATABLE READ)."""
    return Export(format=EXPORT_FORMAT, version=1, tables=dump.table_rows(conn))
