"""Opening a database: engine with sane SQLite pragmas, migrated to the newest schema on open."""

from __future__ import annotations

import functools
import os
import re
import sqlite3
import time
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sqlalchemy import Engine, create_engine, event, text
from sqlalchemy.engine import make_url
from sqlalchemy.exc import SQLAlchemyError

from innercircle.core.errors import InnercircleError
from innercircle.paths import private_dir, private_file

if TYPE_CHECKING:
    from alembic.config import Config

MIGRATIONS = Path(__file__).with_name("migrations")
# What a shipped migration file says about itself (alembic's own template writes these lines).
_REVISION = re.compile(r"^revision\s*(?::[^=]*)?=\s*['\"]([^'\"]+)['\"]\s*$", re.MULTILINE)
_DOWN = re.compile(r"^down_revision\s*(?::[^=]*)?=\s*(.+)$", re.MULTILINE)
_QUOTED = re.compile(r"['\"]([^'\"]+)['\"]")


def to_url(path_or_url: str) -> str:
    """A SQLAlchemy URL from a file path or a URL."""
    if "://" in path_or_url:
        return path_or_url
    if path_or_url in ("", ":memory:"):
        return f"sqlite:///{path_or_url}"
    path = Path(path_or_url).expanduser()
    # The database is created 0600 before SQLite opens it: SQLite gives its WAL and shared-memory
    # files the database's own mode, so they are private too.
    private_file(private_dir(path.parent) / path.name)
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


def shown_url(path_or_url: str) -> str:
    """A database path or URL fit to print: a URL's password replaced by ``***``."""
    if "://" not in path_or_url:
        return path_or_url
    try:
        return make_url(path_or_url).render_as_string(hide_password=True)
    except Exception:  # not a URL SQLAlchemy can read: show no part of it that could be a secret
        scheme = path_or_url.split("://", 1)[0]
        return f"{scheme}://…"


def make_engine(path_or_url: str) -> Engine:
    """An engine for a path or URL, without migrating."""
    url = to_url(path_or_url)
    try:
        parsed = make_url(url)
    except Exception as exc:  # sqlalchemy raises ArgumentError for junk
        raise InnercircleError(f"not a database path or URL: {shown_url(path_or_url)!r}") from exc
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
    from alembic.config import Config

    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS))
    cfg.attributes["engine"] = engine
    return cfg


def head_revision() -> str | None:
    """The newest migration shipped (from the files' own lines when plain, else alembic's script graph)."""
    head = shipped_head()
    if head is not None:
        return head
    from alembic.script import ScriptDirectory

    script = ScriptDirectory.from_config(_bare_config())
    return script.get_current_head()


def _bare_config() -> Config:
    from alembic.config import Config

    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS))
    return cfg


def current_revision(engine: Engine) -> str | None:
    """The revision the database is at (None when blank)."""
    from alembic.runtime.migration import MigrationContext

    with engine.connect() as conn:
        return MigrationContext.configure(conn).get_current_revision()


def upgrade(engine: Engine) -> None:
    """Bring the database to the newest schema (no-op when it is there)."""
    if _at_shipped_head(engine):
        return  # the common case, decided without importing alembic (the slowest import of a command's start)
    from alembic import command

    if current_revision(engine) == head_revision():
        return
    command.upgrade(alembic_config(engine), "head")


def _at_shipped_head(engine: Engine) -> bool:
    """True when the database's one stamped revision is the newest shipped one (plain SELECT, no alembic);
    False whenever that is not certain, so that alembic decides."""
    head = shipped_head()
    if head is None:
        return False
    try:
        with engine.connect() as conn:
            rows = conn.execute(text("SELECT version_num FROM alembic_version")).all()
    except SQLAlchemyError:  # a blank database has no version table yet
        return False
    return [r[0] for r in rows] == [head]


@functools.cache
def shipped_head() -> str | None:
    """The newest migration shipped, read from the migration files' ``revision``/``down_revision`` lines
    (None when any file does not say both plainly or the revisions do not form one head)."""
    revisions: set[str] = set()
    downs: set[str] = set()
    for path in sorted((MIGRATIONS / "versions").glob("*.py")):
        if path.name.startswith("_"):
            continue
        source = path.read_text(encoding="utf-8")
        rev, down = _REVISION.findall(source), _DOWN.findall(source)
        if len(rev) != 1 or len(down) != 1 or rev[0] in revisions:
            return None
        revisions.add(rev[0])
        downs.update(_QUOTED.findall(down[0]))
    heads = revisions - downs
    return heads.pop() if len(heads) == 1 and downs <= revisions else None


def open_engine(path_or_url: str) -> Engine:
    """An engine for a migrated database."""
    engine = make_engine(path_or_url)
    try:
        upgrade(engine)
    except InnercircleError:
        raise
    except Exception as exc:
        raise InnercircleError(
            f"cannot open database {shown_url(path_or_url)}: {_without(exc, path_or_url)}"
        ) from exc
    return engine


def _without(exc: Exception, path_or_url: str) -> str:
    """The driver's message, with the password scrubbed should the driver have quoted it."""
    message = str(exc)
    if "://" not in path_or_url:
        return message
    try:
        password = make_url(path_or_url).password
    except Exception:
        return message
    return message.replace(str(password), "***") if password else message


def purge_freed_pages(engine: Engine) -> None:
    """SQLite: rebuild the file and empty the write-ahead log so no freed page keeps deleted rows."""
    raw = engine.raw_connection()
    try:
        # outside any transaction: the driver connection runs in autocommit (see _no_pysqlite_begin)
        raw.driver_connection.execute("VACUUM")  # type: ignore[union-attr]
        raw.driver_connection.execute("PRAGMA wal_checkpoint(TRUNCATE)")  # type: ignore[union-attr]
    finally:
        raw.close()
