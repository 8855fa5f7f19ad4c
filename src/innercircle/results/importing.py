"""What bringing data in answers: an import's summary, the import batches, an undone import, a sync."""

from __future__ import annotations

from typing import Any

from pydantic import Field, field_validator

from innercircle.results import Result
from innercircle.results.moments import Moment


class ImportedFile(Result):
    """What importing one file did."""

    batch: int | None = None
    """The import's number (``import-undo`` takes it); for a file imported before, that import's; null
    in a dry run."""
    path: str
    """The file or folder, as given."""
    format: str
    """The format it was read as (``linkedin``, ``vcard``, ``mbox``, ``ics``…)."""
    already_imported: bool = False
    """The same file (same content, same format) was imported before: nothing changed."""
    counts: dict[str, int] = Field(default_factory=dict)
    """What it added or matched: ``people_added``, ``people_matched``, ``interactions``, ``events``,
    ``details``, ``activities``, ``skipped``…"""
    warnings: list[str] = Field(default_factory=list)
    """The items it left out, each with where it was and why."""


class ImportSummary(Result):
    """What an import run did, per file and in total."""

    dry_run: bool = False
    """True when nothing was stored (the files were only read and counted)."""
    files: list[ImportedFile] = Field(default_factory=list)
    """Each file, in the order given."""
    totals: dict[str, int] = Field(default_factory=dict)
    """The counts summed over the files, and ``warnings``: how many in all."""
    me_warnings: list[str] = Field(default_factory=list, exclude=True)
    """Notes about the owner's identities (an earlier record that was the owner; an import the owner
    takes no part in), printed apart from the summary."""

    @classmethod
    def of(cls, files: list[ImportedFile], dry_run: bool, me_warnings: list[str]) -> ImportSummary:
        """The summary of a run that imported ``files``, with their counts summed."""
        totals: dict[str, int] = {}
        for f in files:
            for k, v in f.counts.items():
                totals[k] = totals.get(k, 0) + v
        totals["warnings"] = sum(len(f.warnings) for f in files)
        return cls(dry_run=dry_run, files=files, totals=totals, me_warnings=me_warnings)


class UploadSummary(Result):
    """What importing an uploaded file did (the web's import page and ``POST /api/import``)."""

    name: str
    """The uploaded file's name."""
    format: str | None
    """The format it was read as."""
    dry_run: bool
    """True when nothing was stored."""
    already: bool
    """The same file was imported before: nothing changed."""
    counts: dict[str, int]
    """What it added or matched (``people_added``, ``interactions``…)."""
    warnings: list[str]
    """The items it left out, each with where and why."""


class ImportBatch(Result):
    """One import (a file, an upload or a sync), as ``import-list`` shows it."""

    id: int
    """Its number: what ``import-undo`` takes."""
    path: str
    """The file it read (for a sync: the account)."""
    format: str
    """The format it was read as."""
    started_at: Moment
    """When it started."""
    finished_at: Moment | None
    """When it finished (null: it did not)."""
    counts: dict[str, int]
    """What it added or matched."""
    warnings: int
    """How many items it left out."""

    @field_validator("counts", mode="before")
    @classmethod
    def _no_counts(cls, value: Any) -> Any:
        return {} if value is None else value  # an import that stopped before it counted


class UndoneImport(ImportBatch):
    """An import that ``import-undo`` removed, and what went with it."""

    removed: dict[str, int]
    """Rows removed per table (``interactions``, ``events``, ``people``…)."""
