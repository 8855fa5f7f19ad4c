"""Data ownership: consistent backups, restore into an empty database, the lossless JSON load."""

from __future__ import annotations

import json
import os
import shutil
import sqlite3
import tempfile
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import Any

from sqlalchemy import Connection, Date, Table, func, insert, select, text, update

from innercircle.core.errors import InnercircleError, UserInputError
from innercircle.services import historycache, tiecache
from innercircle.services.export import export_json
from innercircle.services.workspace import Workspace
from innercircle.store.db import open_engine
from innercircle.store.schema import UTCDateTime, metadata, user_tables

SQLITE_MAGIC = b"SQLite format 3\x00"
EXPORT_FORMAT = "innercircle-export"


@dataclass(slots=True)
class BackupResult:
    """What ``backup`` wrote."""

    path: Path
    kind: str  # "sqlite" (a database file) or "json" (a lossless export)
    bytes: int


def backup(ws: Workspace, dest: Path) -> BackupResult:
    """A consistent snapshot of the database while it may be in use, written atomically to ``dest``."""
    dest = dest.expanduser()
    if dest.is_dir():
        raise UserInputError(f"{dest}: is a folder; give a file name for the backup")
    dest.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp_name = tempfile.mkstemp(prefix=".innercircle-backup-", dir=dest.parent)
    os.close(fd)
    tmp = Path(tmp_name)
    try:
        if ws.engine.dialect.name == "sqlite":
            _sqlite_backup(ws, tmp)
            kind = "sqlite"
        else:
            # PostgreSQL: one REPEATABLE READ transaction sees one snapshot of every table.
            with ws.engine.connect() as conn:
                conn = conn.execution_options(isolation_level="REPEATABLE READ")
                with conn.begin():
                    data = export_json(conn)
            tmp.write_text(json.dumps(data, ensure_ascii=False, indent=1), encoding="utf-8")
            kind = "json"
        os.replace(tmp, dest)
    finally:
        tmp.unlink(missing_ok=True)
    return BackupResult(dest, kind, dest.stat().st_size)


def _sqlite_backup(ws: Workspace, tmp: Path) -> None:
    """SQLite's online backup API: copies every page inside one read transaction (a true snapshot)."""
    raw = ws.engine.raw_connection()
    try:
        source = raw.driver_connection
        assert isinstance(source, sqlite3.Connection)
        target = sqlite3.connect(tmp)
        try:
            source.backup(target)
            # one self-contained file: no -wal/-shm beside it
            target.execute("PRAGMA journal_mode=DELETE")
        finally:
            target.close()
    finally:
        raw.close()


# ---------------------------------------------------------------- restore


def is_empty(conn: Connection) -> bool:
    """True when no table of ours holds a row."""
    for table in user_tables():
        if conn.execute(select(func.count()).select_from(table)).scalar_one():
            return False
    return True


def read_backup(path: Path) -> dict[str, Any]:
    """The lossless export inside a backup file: a SQLite backup or a JSON export."""
    path = path.expanduser()
    if not path.is_file():
        raise UserInputError(f"{path}: no such file")
    with path.open("rb") as f:
        head = f.read(len(SQLITE_MAGIC))
    if head == SQLITE_MAGIC:
        return _read_sqlite_backup(path)
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise InnercircleError(f"{path}: neither a SQLite backup nor a JSON export ({exc})") from None
    _check_export(path, data)
    return data  # type: ignore[no-any-return]


def _read_sqlite_backup(path: Path) -> dict[str, Any]:
    # Work on a copy: opening migrates older backups, and the user's file stays as it was.
    with tempfile.TemporaryDirectory(prefix="innercircle-restore-") as tmpdir:
        copy = Path(tmpdir) / "backup.db"
        shutil.copyfile(path, copy)
        try:
            engine = open_engine(str(copy))
        except InnercircleError as exc:
            raise InnercircleError(f"{path}: not a readable innercircle backup ({exc})") from None
        try:
            with engine.connect() as conn:
                return export_json(conn)
        finally:
            engine.dispose()


def _check_export(path: Path, data: Any) -> None:
    if not isinstance(data, dict) or data.get("format") != EXPORT_FORMAT:
        raise InnercircleError(f"{path}: not an innercircle export (no 'format': '{EXPORT_FORMAT}')")
    if data.get("version") != 1:
        raise InnercircleError(f"{path}: export version {data.get('version')!r} is not supported (1)")
    tables = data.get("tables")
    if not isinstance(tables, dict):
        raise InnercircleError(f"{path}: export has no 'tables'")
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


def restore(ws: Workspace, source: Path) -> dict[str, int]:
    """Load a backup or JSON export into an empty database; returns rows per table."""
    data = read_backup(source)
    with ws.begin() as conn:
        if not is_empty(conn):
            raise UserInputError(
                f"{ws.db} is not empty; restore only into an empty database "
                "(give another --db, or move this one away first)"
            )
        tiecache.discard(ws.engine.url)  # contacts cached for an earlier database at this path
        historycache.discard(ws.engine.url)
        try:
            return load_json(conn, data)
        except InnercircleError:
            raise
        except Exception as exc:  # a constraint the data breaks: name the file, keep the database as it was
            raise InnercircleError(f"{source}: cannot restore: {_first_line(exc)}") from None


def _first_line(exc: Exception) -> str:
    return str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__


def load_json(conn: Connection, data: dict[str, Any]) -> dict[str, int]:
    """Insert every row of a lossless export, keeping ids (the inverse of ``export_json``)."""
    tables = data["tables"]
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
