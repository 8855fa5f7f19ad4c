"""Importing files: detect the format, parse the whole file, then resolve people and store it in one
transaction per file (no transaction is open while a file is parsed)."""

from __future__ import annotations

import hashlib
import pickle
import tempfile
from collections.abc import Callable, Iterator
from contextlib import ExitStack
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import IO

from innercircle.core.errors import ParseError, UserInputError
from innercircle.core.records import EventRecord, InteractionRecord, RecordWarning
from innercircle.importers import registry
from innercircle.importers.base import Options
from innercircle.importers.limits import MAX_PARTICIPANTS_PER_FILE
from innercircle.results.importing import ImportedFile, ImportSummary
from innercircle.services.owner import add_me_identities, unowned_import_note
from innercircle.services.people import ensure_me
from innercircle.services.runtime.localzone import get_zone
from innercircle.services.runtime.storing import Store
from innercircle.services.runtime.workspace import Tx, Workspace
from innercircle.store import batches

Progress = Callable[[str, int], None]
SOURCES = {"mbox": "mail", "maildir": "mail"}
FORMATS = tuple(
    registry.FORMATS
)  # the names ``--format`` accepts  # one source: a message in both is stored once


@dataclass(slots=True)
class _File:
    """One file while it is imported (an ``ImportedFile`` once the run is over)."""

    path: str
    format: str
    batch: int | None = None
    already_imported: bool = False
    counts: dict[str, int] = field(default_factory=dict)
    warnings: list[str] = field(default_factory=list)


@dataclass(slots=True)
class _Run:
    """What an import run has done so far."""

    files: list[_File] = field(default_factory=list)
    me_warnings: list[str] = field(default_factory=list)


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
    me_names: list[str] | None = None,
) -> ImportSummary:
    """Import files (format detected unless ``fmt``); each file whole or not at all."""
    if not paths:
        raise UserInputError("no file given")
    chosen = registry.get(fmt) if fmt else None
    run = _Run()
    now = ws.now()  # a demo database's story day, like every command
    # the owner's identities go in with each file's own transaction: a refused file leaves no trace
    with ws.read() as tx:  # times written without a zone are the owner's local time
        zone = get_zone(tx)
    opts = Options(region=ws.region, now=now, zone=zone)
    plan = [_plan(Path(raw).expanduser(), chosen) for raw in paths]  # every file checked before any import
    if dry_run:
        _dry_run(ws, plan, opts, progress, me or [], run, me_names or [])
    else:
        for path, form in plan:
            run.files.append(_import_one(ws, path, form, opts, progress, me or [], run, me_names or []))
    files = [ImportedFile(**asdict(f)) for f in run.files]
    return ImportSummary.of(files, dry_run, run.me_warnings)


def _dry_run(
    ws: Workspace,
    plan: list[tuple[Path, registry.Format]],
    opts: Options,
    progress: Progress | None,
    me: list[str],
    run: _Run,
    me_names: list[str],
) -> None:
    """Every file parsed first, then all written in one transaction rolled back at the end: a person in
    two files is matched in the second, as the real import (whose first file is committed by then) does."""
    with ExitStack() as spills:
        read = [_parse(ws, path, form, opts, progress, spills.enter_context(_spill())) for path, form in plan]
        try:
            with ws.begin() as tx:
                for (path, form), (result, digest, parsed) in zip(plan, read, strict=True):
                    _write(tx, path, form, opts, me, run, result, digest, parsed, me_names)
                    run.files.append(result)
                raise _DryRun
        except _DryRun:
            for f in run.files:  # its batches were rolled back with the rest
                f.batch = None


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
    progress: Progress | None,
    me: list[str],
    run: _Run,
    me_names: list[str],
) -> _File:
    """Read the whole file first, with no transaction open; then write it in one short transaction.

    Parsing is where a file decides how long things take, so it never holds the database's write lock:
    a slow or refused file leaves other commands, the web app and sync free to write meanwhile."""
    with _spill() as spill:
        result, digest, parsed = _parse(ws, path, form, opts, progress, spill)
        if result.already_imported and not me:
            return result
        with ws.begin() as tx:
            _write(tx, path, form, opts, me, run, result, digest, parsed, me_names)
    return result


def _spill() -> IO[bytes]:
    """A private temporary file for one file's parsed records (unlinked: gone when closed)."""
    return tempfile.TemporaryFile(prefix="innercircle-import-")


def _parse(
    ws: Workspace,
    path: Path,
    form: registry.Format,
    opts: Options,
    progress: Progress | None,
    spill: IO[bytes],
) -> tuple[_File, str, _Parsed]:
    """The file's records into ``spill`` (unless the same file was imported before), no write lock held."""
    result = _File(str(path), form.name)
    digest = file_hash(path)
    with ws.read() as tx:
        result.batch = batches.find_batch(tx.conn, digest, form.name)
    result.already_imported = result.batch is not None
    parsed = _Parsed(spill)
    if not result.already_imported:
        parsed.read(_records(form, path, opts), str(path), progress)
    return result, digest, parsed


def _write(
    tx: Tx,
    path: Path,
    form: registry.Format,
    opts: Options,
    me: list[str],
    run: _Run,
    result: _File,
    digest: str,
    parsed: _Parsed,
    me_names: list[str],
) -> None:
    """The owner's identities and the parsed records, inside the caller's transaction; ``me_names``: the
    names the owner goes by in chats (a chat names its people, no addresses)."""
    if me:
        warned = add_me_identities(tx, me, opts.now)
        run.me_warnings = run.me_warnings or warned
    if result.already_imported:
        return
    result.batch = batches.find_batch(tx.conn, digest, form.name)
    if result.batch is not None:  # imported meanwhile
        result.already_imported = True
        return
    batch_id = result.batch = _store(tx, path, form, opts, digest, result, parsed, me_names)
    if (note := unowned_import_note(tx, batch_id, str(path))) is not None:
        run.me_warnings.append(note)


class _Parsed:
    """A file's records, parsed before any write: kept in a private temporary file (pickled in blocks of
    ``_BLOCK``) so a large mail archive takes no more memory than when it was stored as it was read.

    The pickles are ours (written and read back by this process, in a file no one else can open), never
    the imported file's bytes; a file past ``MAX_PARTICIPANTS_PER_FILE`` is refused while it is read."""

    _BLOCK = 1000

    def __init__(self, spill: IO[bytes]) -> None:
        self.spill = spill
        self.count = 0

    def read(self, records: Iterator[object], label: str, progress: Progress | None) -> None:
        """Every record of the file, with the participant budget checked as they come."""
        block: list[object] = []
        named = 0
        for rec in records:
            named += _named(rec)
            if named > MAX_PARTICIPANTS_PER_FILE:
                raise ParseError(
                    label,
                    f"its records name more than {MAX_PARTICIPANTS_PER_FILE:,} participants in all, "
                    f"the most one file may; refused at {getattr(rec, 'where', '') or 'record ' + str(self.count + 1)}",
                )
            block.append(rec)
            self.count += 1
            if len(block) == self._BLOCK:
                pickle.dump(block, self.spill, pickle.HIGHEST_PROTOCOL)
                block = []
            if progress is not None and self.count % 1000 == 0:
                progress(label, self.count)
        if block:
            pickle.dump(block, self.spill, pickle.HIGHEST_PROTOCOL)
        self.spill.seek(0)

    def __iter__(self) -> Iterator[object]:
        while True:
            try:
                block = pickle.load(self.spill)  # our own records (see the class docstring)
            except EOFError:
                return
            yield from block


def _named(rec: object) -> int:
    """How many participants a record names."""
    if isinstance(rec, InteractionRecord):
        return len(rec.parties)
    if isinstance(rec, EventRecord):
        return len(rec.attendees) + (rec.organizer is not None)
    return 1


def _store(
    tx: Tx,
    path: Path,
    form: registry.Format,
    opts: Options,
    digest: str,
    result: _File,
    parsed: _Parsed,
    me_names: list[str],
) -> int:
    owner = ensure_me(tx, opts.now)
    assert owner.id is not None
    batch_id = batches.add_batch(tx.conn, str(path.resolve()), digest, form.name, opts.now)
    store = Store(tx.conn, opts.now, owner.id, SOURCES.get(form.name, form.name), batch_id)
    for name in me_names:
        store.resolver.add_owner_name(name)
    for rec in parsed:
        if isinstance(rec, RecordWarning):
            result.warnings.append(f"{rec.where}: {rec.message}")
        else:
            store.add(rec)
    store.flush()
    result.counts = store.counts
    batches.finish_batch(tx.conn, batch_id, opts.now, store.counts, result.warnings)
    return batch_id


def _records(form: registry.Format, path: Path, opts: Options) -> Iterator[object]:
    """The parser's records; anything but our own errors becomes a ParseError naming the file."""
    try:
        yield from form.parse(path, opts)
    except ParseError:
        raise
    except (OSError, UnicodeError, ValueError, LookupError, RecursionError, MemoryError) as exc:
        raise ParseError(str(path), f"unreadable {form.name} file ({type(exc).__name__}: {exc})") from None
