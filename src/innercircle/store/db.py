"""Opening a database: engine with sane SQLite pragmas, migrated to the newest schema on open."""

from __future__ import annotations

import os
import sqlite3
import time
from pathlib import Path
from typing import Any

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Engine, create_engine, event
from sqlalchemy.engine import make_url

from innercircle.core.errors import InnercircleError

MIGRATIONS = Path(__file__).with_name("migrations")


def to_url(path_or_url: str) -> str:
    """A SQLAlchemy URL from a file path or a URL."""
    if "://" in path_or_url:
        return path_or_url
    path = Path(path_or_url).expanduser()
    path.parent.mkdir(parents=True, exist_ok=True)
    return f"sqlite:///{path}"


def _sqlite_pragmas(dbapi_conn: Any, _record: Any) -> None:
    # WAL lets readers and one writer work at once; the busy timeout makes a second writer wait
    # instead of failing with "database is locked".
    cur = dbapi_conn.cursor()
    cur.execute("PRAGMA journal_mode=WAL")
    cur.execute(f"PRAGMA busy_timeout={_busy_ms()}")
    cur.execute("PRAGMA foreign_keys=ON")
    cur.execute("PRAGMA synchronous=NORMAL")
    cur.close()


def make_engine(path_or_url: str) -> Engine:
    """An engine for a path or URL, without migrating."""
    url = to_url(path_or_url)
    try:
        parsed = make_url(url)
    except Exception as exc:  # sqlalchemy raises ArgumentError for junk
        raise InnercircleError(f"not a database path or URL: {path_or_url!r}") from exc
    if parsed.get_backend_name() == "sqlite":
        engine = create_engine(url, connect_args={"timeout": _busy_ms() / 1000})
        event.listen(engine, "connect", _sqlite_pragmas)
        # pysqlite's own transaction handling defers BEGIN; take control so a write
        # transaction starts at BEGIN IMMEDIATE and never deadlocks on upgrade.
        event.listen(engine, "connect", _no_pysqlite_begin)
        event.listen(engine, "begin", _begin_immediate)
    else:
        engine = create_engine(url, pool_pre_ping=True)
    return engine


def _no_pysqlite_begin(dbapi_conn: Any, _record: Any) -> None:
    dbapi_conn.isolation_level = None


def _begin_immediate(conn: Any) -> None:
    # A writer takes the lock at BEGIN (then waits up to busy_timeout) instead of failing later on
    # lock upgrade; readers stay deferred so they never block anyone.
    if not conn.get_execution_options().get("write"):
        conn.exec_driver_sql("BEGIN DEFERRED")
        return
    # Another writer may hold the lock far longer than busy_timeout (an import is one transaction
    # per file): keep waiting, on the raw connection so SQLAlchemy's state stays clean, up to the
    # lock-wait limit; only then tell the user, in one line.
    raw = conn.connection.driver_connection
    deadline = time.monotonic() + _lock_wait_s()
    while True:
        try:
            raw.execute("BEGIN IMMEDIATE")
            return
        except sqlite3.OperationalError as exc:
            if "locked" not in str(exc) and "busy" not in str(exc):
                raise
            if time.monotonic() >= deadline:
                raise InnercircleError(
                    f"the database is busy with another write (an import?) for over {_lock_wait_s():.0f} s; "
                    "try again when it has finished"
                ) from None


def _busy_ms() -> int:
    """How long SQLite itself waits for a lock, per attempt (INNERCIRCLE_SQLITE_BUSY_MS)."""
    return int(os.environ.get("INNERCIRCLE_SQLITE_BUSY_MS", "30000"))


def _lock_wait_s() -> float:
    """How long a writer waits in total for another writer to finish (INNERCIRCLE_LOCK_WAIT_S)."""
    return float(os.environ.get("INNERCIRCLE_LOCK_WAIT_S", "1800"))


def alembic_config(engine: Engine) -> Config:
    """Alembic configuration pointing at the migrations shipped in the package."""
    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS))
    cfg.attributes["engine"] = engine
    return cfg


def head_revision() -> str | None:
    """The newest migration shipped."""
    script = ScriptDirectory.from_config(_bare_config())
    return script.get_current_head()


def _bare_config() -> Config:
    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS))
    return cfg


def current_revision(engine: Engine) -> str | None:
    """The revision the database is at (None when blank)."""
    with engine.connect() as conn:
        return MigrationContext.configure(conn).get_current_revision()


def upgrade(engine: Engine) -> None:
    """Bring the database to the newest schema (no-op when it is there)."""
    if current_revision(engine) == head_revision():
        return
    command.upgrade(alembic_config(engine), "head")


def open_engine(path_or_url: str) -> Engine:
    """An engine for a migrated database."""
    engine = make_engine(path_or_url)
    try:
        upgrade(engine)
    except InnercircleError:
        raise
    except Exception as exc:
        raise InnercircleError(f"cannot open database {path_or_url}: {exc}") from exc
    return engine
