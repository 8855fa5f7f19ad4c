"""What owning the data answers: a backup, a restore, a forgotten person, the demo built."""

from __future__ import annotations

from typing import Any

from pydantic import Field

from innercircle.results import Result


class Export(Result):
    """Everything you entered and imported, lossless: every table's rows (``export --format json``; what
    ``restore`` loads). Bookkeeping such as the change counters and the accounts' sync state is left out."""

    format: str
    """Always ``innercircle-export``."""
    version: int
    """The layout's version (1)."""
    tables: dict[str, list[dict[str, Any]]]
    """Each table's rows by table name, in dependency order; each row by column name."""


class BackupResult(Result):
    """What ``backup`` wrote."""

    path: str
    """The backup file."""
    kind: str
    """``sqlite`` (a database file) or ``json`` (a lossless export, from PostgreSQL)."""
    bytes: int
    """Its size."""


class Restored(Result):
    """What ``restore`` loaded into an empty database."""

    path: str
    """The backup or export it read."""
    db: str
    """The database it loaded into."""
    rows: dict[str, int]
    """Rows loaded per table."""


class Forgotten(Result):
    """A person ``forget`` erased, and whether the database file holds nothing of them any more."""

    person_id: int | None
    """Their id (it names no one now)."""
    name: str
    """Their name, as it was."""
    erased: dict[str, int]
    """Rows deleted per table, and values redacted per ``table.column``."""
    kept: dict[str, list[str]]
    """What stayed on purpose (a word they share with others…), and where."""
    file_clean: bool
    """The database file and its log were rebuilt and hold no trace of them."""
    problem: str
    """Why the file is not clean yet, in one sentence (empty when it is)."""


class DemoBuilt(Result):
    """The demo network ``demo`` built (never in the user's own database)."""

    db: str
    """The demo's database."""
    counts: dict[str, int]
    """What it holds: ``people``, ``interactions``, ``events``, ``goals``…"""
    files: list[str]
    """The files it also wrote (``--files``): the network as real exports to import."""
    planted: dict[str, Any] = Field(exclude=True)
    """The patterns planted in it, with database ids (for tests and the tour)."""
    text: str = Field(exclude=True)
    """What was built, in a few lines for a person."""
