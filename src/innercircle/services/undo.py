"""Undoing an import: remove what one import batch added, keep everything else."""

from __future__ import annotations

from innercircle.core.errors import NotFoundError, UserInputError
from innercircle.results.importing import ImportBatch, UndoneImport
from innercircle.services.people import row_id
from innercircle.services.runtime.workspace import Tx
from innercircle.store import batches


def list_batches(tx: Tx) -> list[ImportBatch]:
    """Every import batch, oldest first: id, file, format, when, counts, number of warnings."""
    return [ImportBatch.model_validate(b) for b in batches.list_batches(tx.conn)]


def undo_batch(tx: Tx, batch: str) -> UndoneImport:
    """Remove what an import batch added (``batch``: its number as typed); returns the batch as it was,
    with the rows removed per table."""
    bid = row_id(batch)
    if bid is None:
        raise UserInputError(f"give the import's number (see 'import-list'), not {batch!r}")
    found = [b for b in batches.list_batches(tx.conn) if b["id"] == bid]
    removed = batches.undo_batch(tx.conn, bid)
    if removed is None or not found:
        raise NotFoundError(f"no import batch {bid} (see 'import-list')")
    return UndoneImport.model_validate(found[0] | {"removed": removed})


def label_upload(tx: Tx, folder: str, name: str) -> int:
    """Record the imports read from a web upload's temp ``folder`` under the uploaded file's ``name``, so
    ``import-list`` and the warnings name the user's file, not a folder that no longer exists."""
    return batches.rename_batches(tx.conn, folder, f"{name} (uploaded)")
