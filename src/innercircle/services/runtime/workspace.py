"""The workspace (a database, its one analysis cache, the clock) and its transactions (``Tx``): what
every use case runs against, passed explicitly."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from typing import TYPE_CHECKING, Any, TypeVar

from sqlalchemy import Connection, Engine

from innercircle.core.model import DEFAULT_REGION
from innercircle.store import settings
from innercircle.store.db import open_engine

if TYPE_CHECKING:
    from innercircle.services.runtime.cache import AnalysisCache
    from innercircle.services.runtime.cachefile import Snapshot

T = TypeVar("T")

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
    """A database the use cases read and write, its one analysis cache (services/runtime/cache.py) and
    the clock.

    ``read()`` and ``begin()`` hand out a ``Tx``: the connection and this workspace together, so a use
    case reaches the cache and the clock through what it is given, never through hidden state.
    """

    def __init__(
        self,
        db: str,
        engine: Engine | None = None,
        clock: Callable[[], datetime] = utcnow,
        region: str = DEFAULT_REGION,
    ) -> None:
        self.db = db
        self.engine = engine or open_engine(db)
        self.clock = clock
        # the phone region of numbers typed or imported without a country code (the process's
        # Config.default_region, or a command's --region)
        self.region = region.upper()
        self._cache: AnalysisCache | None = None

    @property
    def cache(self) -> AnalysisCache:
        """The analysis cache of this database (made on first use: a --help pays nothing for it)."""
        if self._cache is None:
            from innercircle.services.runtime.cache import AnalysisCache

            self._cache = AnalysisCache(self.engine.url)
        return self._cache

    def now(self, real: datetime | None = None) -> datetime:
        """This database's "now" (see ``now_in``) for the clock's reading, or for ``real`` when given."""
        with self.read() as tx:
            return now_in(tx.conn, real or self.clock())

    @contextmanager
    def begin(self) -> Iterator[Tx]:
        """A write transaction: all or nothing."""
        with self.engine.connect() as conn:
            # the one execution option: how the store's begin hook starts the transaction (a writer
            # takes SQLite's lock at BEGIN)
            conn.execution_options(write=True)
            with conn.begin():
                yield Tx(conn, self, write=True)

    @contextmanager
    def read(self) -> Iterator[Tx]:
        """A read-only transaction."""
        with self.engine.connect() as conn:
            yield Tx(conn, self)

    def close(self) -> None:
        """Release the connections."""
        self.engine.dispose()


@dataclass(frozen=True, slots=True)
class Tx:
    """One transaction of a workspace, reading or writing: what every use case takes.

    ``conn`` is for the store's functions; the analyses of the workspace's cache come through the
    methods below. What is loaded inside a write is never kept: the write may still be rolled back.
    """

    conn: Connection
    ws: Workspace
    write: bool = False

    def snapshot(self) -> Snapshot:
        """The interactions and their contacts as this transaction sees the database (kept by the cache)."""
        return self.ws.cache.get(self.conn, self.write)

    def whole(self) -> Snapshot:
        """``snapshot()`` with its history (the arrays of every interaction) read when missing."""
        return self.ws.cache.whole(self.conn, self.write)

    def made(self, what: Any, make: Callable[[Snapshot], T]) -> T:
        """``make(snapshot)`` for ``what`` (a hashable name of an analysis), kept until the next write."""
        return self.ws.cache.made(self.conn, self.write, what, make)

    def served(self, what: Any, day: date, make: Callable[[], T]) -> T:
        """A front end's view ``make()`` for ``what`` on the owner's ``day``, served stale while a fresh
        one is made (``AnalysisCache.served``)."""
        return self.ws.cache.served(self.conn, self.write, what, day, make)
