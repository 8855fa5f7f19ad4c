"""The import page: upload a file, see what it added, undo an import."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, File, Form, Request, UploadFile
from fastapi.responses import Response

from innercircle.results.importing import ImportBatch
from innercircle.services.importing import FORMATS
from innercircle.services.undo import list_batches, undo_batch
from innercircle.web.common import PathId, go, render, writing, ws
from innercircle.web.security import require_csrf
from innercircle.web.uploads import run_upload

router = APIRouter(include_in_schema=False)


def _formats() -> list[str]:
    return list(FORMATS)


@router.get("/import")
def import_page(request: Request, flash: str = "") -> Response:
    """The upload form, and the imports so far (each can be undone)."""
    return render(
        request,
        "import.html",
        formats=_formats(),
        summary=None,
        max_mb=_max_mb(request),
        batches=_batches(request),
        flash=flash,
    )


@router.post("/import", dependencies=[Depends(require_csrf)])
async def import_upload(
    request: Request,
    file: Annotated[UploadFile, File()],
    format: Annotated[str, Form()] = "",
    dry_run: Annotated[str, Form()] = "",
) -> Response:
    """Import the uploaded file and show the summary."""
    result = await run_upload(request, file, format or None, bool(dry_run))
    return render(
        request,
        "import.html",
        formats=_formats(),
        summary=result,
        max_mb=_max_mb(request),
        batches=_batches(request),
    )


@router.post("/import/{batch_id}/undo", dependencies=[Depends(require_csrf)])
def undo_import(request: Request, batch_id: PathId) -> Response:
    """Remove what one import added (as ``innercircle import-undo``)."""
    with writing(request) as tx:
        undone = undo_batch(tx, str(batch_id))
    removed = sum(undone.removed.values())
    return go(
        request, "/import#imports", f"Undid import {undone.id} ({undone.path}): {removed} rows removed."
    )


def _batches(request: Request) -> list[ImportBatch]:
    """The latest imports first (the page lists a hundred at most)."""
    with ws(request).read() as tx:
        return list_batches(tx)[::-1][:100]


def _max_mb(request: Request) -> int:
    return int(request.app.state.config.max_upload_mb)
