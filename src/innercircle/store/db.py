"""Opening a database: engine with sane SQLite pragmas, migrated to the newest schema on open."""

from __future__ import annotations

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
    cur.execute("PRAGMA busy_timeout=30000")
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
        engine = create_engine(url, connect_args={"timeout": 30})
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
    mode = "IMMEDIATE" if conn.get_execution_options().get("write") else "DEFERRED"
    conn.exec_driver_sql(f"BEGIN {mode}")


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
