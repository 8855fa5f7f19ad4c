"""Importing files: detect the format, parse, resolve people, store — one transaction per file."""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager, nullcontext
from dataclasses import dataclass, field
from pathlib import Path

from sqlalchemy import Connection

from innercircle.core.errors import ParseError, UserInputError
from innercircle.core.records import RecordWarning
from innercircle.importers import registry
from innercircle.importers.base import Options
from innercircle.services.localzone import get_zone
from innercircle.services.people import add_me_identities, ensure_me
from innercircle.services.storing import Store
from innercircle.services.workspace import Workspace
from innercircle.store import batches

Progress = Callable[[str, int], None]
SOURCES = {"mbox": "mail", "maildir": "mail"}
FORMATS = tuple(
    registry.FORMATS
)  # the names ``--format`` accepts  # one source: a message in both is stored once


@dataclass(slots=True)
class FileResult:
    """What importing one file did."""

    path: str
    format: str
    counts: dict[str, int] = field(default_factory=dict)
    warnings: list[str] = field(default_factory=list)
    already: bool = False  # the same file (same hash) was imported before: nothing changed


@dataclass(slots=True)
class ImportSummary:
    """What an import run did, per file and in total."""

    files: list[FileResult] = field(default_factory=list)
    dry_run: bool = False
    me_warnings: list[str] = field(default_factory=list)
    total: dict[str, int] = field(default_factory=dict)  # ``totals()`` once the run is over

    def totals(self) -> dict[str, int]:
        """Counts summed over the files."""
        out: dict[str, int] = {}
        for f in self.files:
            for k, v in f.counts.items():
                out[k] = out.get(k, 0) + v
        out["warnings"] = sum(len(f.warnings) for f in self.files)
        return out


class _DryRun(Exception):
    """Raised inside the transaction to roll a dry run back."""


def file_hash(path: Path) -> str:
    """SHA-256 of a file, or of a folder's files (names and contents, in order)."""
    h = hashlib.sha256()
    files = sorted(p for p in path.rglob("*") if p.is_file()) if path.is_dir() else [path]
    for f in files:
        if path.is_dir():
            h.update(str(f.relative_to(path)).encode("utf-8", "surrogateescape") + b"\0")
        try:
            with f.open("rb") as fh:
                while chunk := fh.read(1 << 20):
                    h.update(chunk)
        except OSError as exc:
            raise ParseError(str(f), f"cannot read: {exc.strerror or exc}") from None
    return h.hexdigest()


def import_paths(
    ws: Workspace,
    paths: list[str | Path],
    fmt: str | None = None,
    me: list[str] | None = None,
    dry_run: bool = False,
    progress: Progress | None = None,
    region: str = "US",
) -> ImportSummary:
    """Import files (format detected unless ``fmt``); each file whole or not at all."""
    if not paths:
        raise UserInputError("no file given")
    chosen = registry.get(fmt) if fmt else None
    summary = ImportSummary(dry_run=dry_run)
    now = ws.now()  # a demo database's story day, like every command
    # the owner's identities go in with each file's own transaction: a refused file leaves no trace
    with ws.read() as conn:  # times written without a zone are the owner's local time
        zone = get_zone(conn)
    opts = Options(region=region, now=now, zone=zone)
    plan = [_plan(Path(raw).expanduser(), chosen) for raw in paths]  # every file checked before any import
    if dry_run:
        # every file in one transaction, rolled back at the end: a person in two files is matched in the
        # second, as the real import (whose first file is committed by then) matches them
        try:
            with ws.begin() as conn:
                shared = _shared(conn)
                for path, form in plan:
                    summary.files.append(
                        _import_one(ws, path, form, opts, True, progress, me or [], summary, shared)
                    )
                raise _DryRun
        except _DryRun:
            pass
    else:
        for path, form in plan:
            summary.files.append(_import_one(ws, path, form, opts, False, progress, me or [], summary))
    summary.total = summary.totals()
    return summary


def _shared(conn: Connection) -> Callable[[], AbstractContextManager[Connection]]:
    """A dry run's one transaction, handed to each file in place of a transaction of its own."""
    return lambda: nullcontext(conn)


def _plan(path: Path, chosen: registry.Format | None) -> tuple[Path, registry.Format]:
    if not path.exists():
        raise ParseError(str(path), "no such file or folder")
    form = chosen or registry.detect(path)
    if path.is_dir() and not form.folder:
        raise ParseError(str(path), f"a folder, but format {form.name} reads a file")
    return path, form


def _import_one(
    ws: Workspace,
    path: Path,
    form: registry.Format,
    opts: Options,
    dry_run: bool,
    progress: Progress | None,
    me: list[str],
    summary: ImportSummary,
    begin: Callable[[], AbstractContextManager[Connection]] | None = None,
) -> FileResult:
    result = FileResult(str(path), form.name)
    digest = file_hash(path)
    try:
        with (begin or ws.begin)() as conn:
            if me:
                warned = add_me_identities(conn, me, opts.now, opts.region)
                summary.me_warnings = summary.me_warnings or warned
            if batches.find_batch(conn, digest, form.name) is not None:
                result.already = True
                return result
            _run(conn, path, form, opts, digest, result, progress)
            if dry_run:
                raise _DryRun
    except _DryRun:
        pass
    return result


def _run(
    conn: Connection,
    path: Path,
    form: registry.Format,
    opts: Options,
    digest: str,
    result: FileResult,
    progress: Progress | None,
) -> None:
    owner = ensure_me(conn, opts.now)
    assert owner.id is not None
    batch_id = batches.add_batch(conn, str(path.resolve()), digest, form.name, opts.now)
    store = Store(conn, opts.now, owner.id, SOURCES.get(form.name, form.name), batch_id)
    n = 0
    for rec in _records(form, path, opts):
        if isinstance(rec, RecordWarning):
            result.warnings.append(f"{rec.where}: {rec.message}")
        else:
            store.add(rec)
        n += 1
        if progress is not None and n % 1000 == 0:
            progress(str(path), n)
    store.flush()
    if progress is not None:
        progress(str(path), n)
    result.counts = store.counts
    batches.finish_batch(conn, batch_id, opts.now, store.counts, result.warnings)


def _records(form: registry.Format, path: Path, opts: Options) -> Iterator[object]:
    """The parser's records; anything but our own errors becomes a ParseError naming the file."""
    try:
        yield from form.parse(path, opts)
    except ParseError:
        raise
    except (OSError, UnicodeError, ValueError, LookupError, RecursionError, MemoryError) as exc:
        raise ParseError(str(path), f"unreadable {form.name} file ({type(exc).__name__}: {exc})") from None
