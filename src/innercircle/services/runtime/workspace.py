"""An open database plus the clock: what every use case runs against."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import UTC, date, datetime, timedelta
from typing import TYPE_CHECKING

from sqlalchemy import Connection, Engine

from innercircle.store import settings
from innercircle.store.db import open_engine

if TYPE_CHECKING:
    from innercircle.services.runtime.cache import Snapshots

DEMO_KEY = "demo"  # set by the demo loader: {"today": "YYYY-MM-DD", ...}


def utcnow() -> datetime:
    """Now, timezone-aware UTC (the only clock read; core functions take ``now``)."""
    return datetime.now(UTC).replace(microsecond=0)


def story_day(conn: Connection) -> date | None:
    """The demo's own today when this is a demo database (the ``demo`` setting), else None."""
    demo = settings.get_setting(conn, DEMO_KEY)
    if not isinstance(demo, dict) or not isinstance(demo.get("today"), str):
        return None
    try:
        return date.fromisoformat(demo["today"])
    except ValueError:
        return None


def now_in(conn: Connection, real: datetime) -> datetime:
    """What "now" means in this database: ``real``, or on a demo database the same time of day on the
    demo's story day — so every command and page of a demo agrees on "today" whatever day it is opened."""
    day = story_day(conn)
    if day is None:
        return real
    return real + timedelta(days=(day - real.astimezone(UTC).date()).days)


class Workspace:
    """A database the use cases read and write, and its one analysis cache (services/runtime/cache.py).

    Every connection it opens carries the cache as its ``snapshots`` execution option: that is how a
    use case given a connection finds it.
    """

    def __init__(self, db: str, engine: Engine | None = None, clock: Callable[[], datetime] = utcnow) -> None:
        self.db = db
        self.engine = engine or open_engine(db)
        self.clock = clock
        self._snapshots: Snapshots | None = None

    @property
    def snapshots(self) -> Snapshots:
        """The analysis cache of this database (made on first use: a --help pays nothing for it)."""
        if self._snapshots is None:
            from innercircle.services.runtime.cache import Snapshots

            self._snapshots = Snapshots(self.engine.url)
        return self._snapshots

    def now(self, real: datetime | None = None) -> datetime:
        """This database's "now" (see ``now_in``) for the clock's reading, or for ``real`` when given."""
        with self.read() as conn:
            return now_in(conn, real or self.clock())

    @contextmanager
    def begin(self) -> Iterator[Connection]:
        """A write transaction: all or nothing."""
        with self.engine.connect() as conn:
            conn.execution_options(write=True, snapshots=self.snapshots)
            with conn.begin():
                yield conn

    @contextmanager
    def read(self) -> Iterator[Connection]:
        """A read-only connection."""
        with self.engine.connect() as conn:
            conn.execution_options(snapshots=self.snapshots)
            yield conn

    def close(self) -> None:
        """Release the connections."""
        self.engine.dispose()
