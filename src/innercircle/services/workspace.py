"""An open database plus the clock: what every use case runs against."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime

from sqlalchemy import Connection, Engine

from innercircle.store.db import open_engine


def utcnow() -> datetime:
    """Now, timezone-aware UTC (the only clock read; core functions take ``now``)."""
    return datetime.now(UTC).replace(microsecond=0)


class Workspace:
    """A database the use cases read and write."""

    def __init__(self, db: str, engine: Engine | None = None) -> None:
        self.db = db
        self.engine = engine or open_engine(db)

    @contextmanager
    def begin(self) -> Iterator[Connection]:
        """A write transaction: all or nothing."""
        with self.engine.connect() as conn:
            conn.execution_options(write=True)
            with conn.begin():
                yield conn

    @contextmanager
    def read(self) -> Iterator[Connection]:
        """A read-only connection."""
        with self.engine.connect() as conn:
            yield conn

    def close(self) -> None:
        """Release the connections."""
        self.engine.dispose()
