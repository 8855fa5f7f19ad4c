"""Row helpers the entity modules share: inserting rows with their new ids, chunked IN lists, fast reads
straight from the driver."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import UTC, datetime
from functools import cache
from typing import Any

from sqlalchemy import Connection, Insert, Table, func, insert, select


def _reserve_ids(conn: Connection, table: Table, n: int) -> list[int]:
    """``n`` fresh ids of ``table`` for explicit inserts (inside the caller's write transaction).

    Explicit ids let one plain ``executemany`` insert thousands of rows: RETURNING in parameter order
    falls back to a statement per row on SQLite. SQLite's write transactions begin IMMEDIATE (one writer
    at a time), so the largest id plus one is free; PostgreSQL's writers run side by side, so there the
    ids come from the table's sequence.
    """
    if conn.dialect.name == "postgresql":
        seq = func.nextval(func.pg_get_serial_sequence(table.name, "id"))
        return sorted(int(r[0]) for r in conn.execute(select(seq).select_from(func.generate_series(1, n))))
    start = int(conn.execute(select(func.coalesce(func.max(table.c.id), 0))).scalar_one()) + 1
    return list(range(start, start + n))


@cache
def _insert(table: Table) -> Insert:
    return insert(table)


def insert_rows(conn: Connection, table: Table, rows: Sequence[dict[str, Any]]) -> list[int]:
    """Insert ``rows`` into ``table``; their new ids, in order. One row is a plain INSERT (the import's
    hot path); more get explicit ids and go in one ``executemany``."""
    if len(rows) == 1:
        return [int(conn.execute(_insert(table), rows[0]).inserted_primary_key[0])]  # type: ignore[index]
    if not rows:
        return []
    ids = _reserve_ids(conn, table, len(rows))
    conn.execute(_insert(table), [r | {"id": i} for r, i in zip(rows, ids, strict=True)])
    return ids


def chunks(items: Sequence[Any], n: int) -> Iterable[Sequence[Any]]:
    """``items`` in slices of at most ``n`` (IN lists stay under the drivers' parameter limits)."""
    for i in range(0, len(items), n):
        yield items[i : i + n]


def fetch_rows(conn: Connection, q: Any) -> list[Any]:
    """All rows; on SQLite straight from the driver (a million rows: skip the per-row result layer)."""
    if conn.dialect.name != "sqlite":
        return [tuple(r) for r in conn.execute(q)]
    compiled = q.compile(dialect=conn.dialect)
    params = [_plain(compiled.params[name]) for name in compiled.positiontup or ()]
    raw = conn.connection.driver_connection
    assert raw is not None
    cur = raw.cursor()
    try:
        cur.execute(str(compiled), params)
        return list(cur.fetchall())
    finally:
        cur.close()


def _plain(value: Any) -> Any:
    """A bound value as the store writes it (datetimes: naive UTC, like UTCDateTime)."""
    if isinstance(value, datetime):
        return value.astimezone(UTC).replace(tzinfo=None).isoformat(sep=" ")
    return value
