"""Every table's rows as plain data and back (the lossless export), and SQLite's online backup."""

from __future__ import annotations

import sqlite3
from datetime import date, datetime
from pathlib import Path
from typing import Any

from sqlalchemy import Connection, Date, Engine, Table, delete, func, insert, select, text, update

from innercircle.core.errors import InnercircleError
from innercircle.store.schema import UTCDateTime, metadata, user_columns, user_tables


def _plain(value: Any) -> Any:
    if isinstance(value, datetime | date):
        return value.isoformat()
    return value


def table_rows(conn: Connection) -> dict[str, list[dict[str, Any]]]:
    """Every user table's rows (JSON-able values; bookkeeping columns left out), in dependency order,
    keyed by table name."""
    out: dict[str, list[dict[str, Any]]] = {}
    for table in user_tables():
        cols = user_columns(table)
        order = [c for c in table.primary_key.columns] or cols
        rows = conn.execute(select(*cols).order_by(*order))
        out[table.name] = [{c.name: _plain(v) for c, v in zip(cols, r, strict=True)} for r in rows]
    return out


def is_empty(conn: Connection) -> bool:
    """True when no table of ours holds a row."""
    for table in user_tables():
        if conn.execute(select(func.count()).select_from(table)).scalar_one():
            return False
    return True


def clear_all(conn: Connection) -> None:
    """Delete every row of every table; the schema (and its revision) stays."""
    for table in reversed(metadata.sorted_tables):
        conn.execute(delete(table))


def check_tables(path: Path, tables: dict[str, Any]) -> None:
    """Raise, naming ``path``, the table and the row, when exported ``tables`` do not fit the schema."""
    known = {t.name: t for t in metadata.sorted_tables}
    for name, rows in tables.items():
        if name not in known:
            raise InnercircleError(f"{path}: unknown table {name!r} (made by a newer innercircle?)")
        if not isinstance(rows, list):
            raise InnercircleError(f"{path}: table {name!r} is not a list of rows")
        cols = {c.name for c in known[name].columns}
        for i, row in enumerate(rows):
            extra = set(row) - cols if isinstance(row, dict) else {"<not an object>"}
            if extra:
                raise InnercircleError(f"{path} [{name} row {i + 1}]: unknown column(s) {sorted(extra)}")


def load_rows(conn: Connection, tables: dict[str, list[dict[str, Any]]]) -> dict[str, int]:
    """Insert every row of exported ``tables``, keeping ids (the inverse of ``table_rows``)."""
    counts: dict[str, int] = {}
    for table in metadata.sorted_tables:
        rows = [_typed(table, r) for r in tables.get(table.name, [])]
        if not rows:
            continue
        self_refs = _self_references(table)
        later = [{k: r[k] for k in ("id", *self_refs)} for r in rows if any(r.get(c) for c in self_refs)]
        for r in rows:
            for c in self_refs:
                r[c] = None
        for i in range(0, len(rows), 500):
            conn.execute(insert(table), rows[i : i + 500])
        for r in later:  # rows pointing at rows of their own table: set once all exist
            conn.execute(update(table).where(table.c.id == r["id"]).values({c: r[c] for c in self_refs}))
        counts[table.name] = len(rows)
    if conn.dialect.name == "postgresql":
        _reset_sequences(conn)
    return counts


def _self_references(table: Table) -> list[str]:
    return [fk.parent.name for fk in table.foreign_keys if fk.column.table is table]


def _typed(table: Table, row: dict[str, Any]) -> dict[str, Any]:
    out = dict(row)
    for col in table.columns:
        value = out.get(col.name)
        if not isinstance(value, str):
            continue
        if isinstance(col.type, UTCDateTime):
            out[col.name] = datetime.fromisoformat(value)
        elif isinstance(col.type, Date):
            out[col.name] = date.fromisoformat(value)
    return out


def _reset_sequences(conn: Connection) -> None:
    """After inserting explicit ids, PostgreSQL's sequences must continue after the largest one."""
    for table in metadata.sorted_tables:
        if "id" not in table.c or not table.c.id.primary_key:
            continue
        conn.execute(
            text(
                f"SELECT setval(pg_get_serial_sequence('{table.name}', 'id'), "
                f"COALESCE((SELECT MAX(id) FROM {table.name}), 0) + 1, false)"
            )
        )


def sqlite_backup(engine: Engine, target_path: Path) -> None:
    """SQLite's online backup API: copies every page inside one read transaction (a true snapshot)."""
    raw = engine.raw_connection()
    try:
        source = raw.driver_connection
        assert isinstance(source, sqlite3.Connection)
        target = sqlite3.connect(target_path)
        try:
            source.backup(target)
            # one self-contained file: no -wal/-shm beside it
            target.execute("PRAGMA journal_mode=DELETE")
        finally:
            target.close()
    finally:
        raw.close()
