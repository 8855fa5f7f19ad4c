"""The import page: upload a file, see what it added."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, File, Form, Request, UploadFile
from fastapi.responses import Response

from innercircle.services.importing import FORMATS
from innercircle.web.common import render
from innercircle.web.security import require_csrf
from innercircle.web.uploads import run_upload

router = APIRouter(include_in_schema=False)


def _formats() -> list[str]:
    return list(FORMATS)


@router.get("/import")
def import_page(request: Request) -> Response:
    """The upload form."""
    return render(request, "import.html", formats=_formats(), summary=None, max_mb=_max_mb(request))


@router.post("/import", dependencies=[Depends(require_csrf)])
async def import_upload(
    request: Request,
    file: Annotated[UploadFile, File()],
    format: Annotated[str, Form()] = "",
    dry_run: Annotated[str, Form()] = "",
) -> Response:
    """Import the uploaded file and show the summary."""
    result = await run_upload(request, file, format or None, bool(dry_run))
    return render(request, "import.html", formats=_formats(), summary=result, max_mb=_max_mb(request))


def _max_mb(request: Request) -> int:
    return int(request.app.state.config.max_upload_mb)
