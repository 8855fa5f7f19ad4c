"""Data ownership: consistent backups, restore into an empty database, the lossless JSON load."""

from __future__ import annotations

import json
import os
import shutil
import tempfile
from pathlib import Path
from typing import Any

from innercircle.core.errors import InnercircleError, UserInputError
from innercircle.results.ownership import BackupResult, Restored
from innercircle.services.export import EXPORT_FORMAT, export_rows
from innercircle.services.runtime.workspace import Tx, Workspace
from innercircle.store import dump
from innercircle.store.db import open_engine

SQLITE_MAGIC = b"SQLite format 3\x00"


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
            dump.sqlite_backup(ws.engine, tmp)
            kind = "sqlite"
        else:
            # PostgreSQL: one REPEATABLE READ transaction sees one snapshot of every table.
            with ws.engine.connect() as conn:
                conn = conn.execution_options(isolation_level="REPEATABLE READ")
                with conn.begin():
                    data = export_rows(conn)
            tmp.write_text(json.dumps(data.model_dump(), ensure_ascii=False, indent=1), encoding="utf-8")
            kind = "json"
        os.replace(tmp, dest)
    finally:
        tmp.unlink(missing_ok=True)
    return BackupResult(path=str(dest), kind=kind, bytes=dest.stat().st_size)


# ---------------------------------------------------------------- restore


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
                return export_rows(conn).model_dump()
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
    dump.check_tables(path, tables)


def restore(ws: Workspace, source: Path) -> Restored:
    """Load a backup or JSON export into an empty database; returns rows per table."""
    data = read_backup(source)
    with ws.begin() as tx:
        if not dump.is_empty(tx.conn):
            raise UserInputError(
                f"{ws.db} is not empty; restore only into an empty database "
                "(give another --db, or move this one away first)"
            )
        try:
            rows = load_json(tx, data)
        except InnercircleError:
            raise
        except Exception as exc:  # a constraint the data breaks: name the file, keep the database as it was
            raise InnercircleError(f"{source}: cannot restore: {_first_line(exc)}") from None
    return Restored(path=str(source), db=ws.db, rows=rows)


def _first_line(exc: Exception) -> str:
    return str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__


def load_json(tx: Tx, data: dict[str, Any]) -> dict[str, int]:
    """Insert every row of a lossless export, keeping ids (the inverse of ``export_json``)."""
    return dump.load_rows(tx.conn, data["tables"])
