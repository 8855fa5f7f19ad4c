"""Uploaded files go through the same importers as ``innercircle import``, from a private temp folder."""

from __future__ import annotations

import shutil
import tempfile
from pathlib import Path, PurePath

from fastapi import Request, UploadFile
from starlette.concurrency import run_in_threadpool

from innercircle.core.errors import InnercircleError, UserInputError
from innercircle.results.importing import ImportSummary, UploadSummary
from innercircle.services.importing import import_paths
from innercircle.services.undo import label_upload
from innercircle.web.common import ws

CHUNK = 1 << 20


def safe_name(name: str | None) -> str:
    """The uploaded file's own name, without any folder part (never a path the client chose)."""
    base = PurePath((name or "").replace("\\", "/")).name.strip().lstrip(".")
    cleaned = "".join(c for c in base if c.isalnum() or c in "-_.() ")[:120].strip()
    return cleaned or "upload"


async def run_upload(request: Request, upload: UploadFile, fmt: str | None, dry_run: bool) -> UploadSummary:
    """Save the upload, import it (or only check it), and answer the summary."""
    limit = request.app.state.config.max_upload_mb * 1_000_000
    name = safe_name(upload.filename)
    folder = Path(tempfile.mkdtemp(prefix="innercircle-upload-"))
    try:
        path = folder / name
        size = 0
        with path.open("wb") as out:
            while chunk := await upload.read(CHUNK):
                size += len(chunk)
                if size > limit:
                    raise UserInputError(f"{name}: larger than the upload limit ({limit / 1_000_000:g} MB)")
                out.write(chunk)
        if size == 0:
            raise UserInputError(f"{name}: the file is empty")
        result = await run_in_threadpool(import_paths, ws(request), [path], fmt=fmt, dry_run=dry_run)
        if not dry_run:
            with ws(request).begin() as tx:
                label_upload(tx, str(folder.resolve()), name)
    except InnercircleError as exc:
        # name the file the user chose, not our temp folder
        raise UserInputError(str(exc).replace(str(folder) + "/", "")) from None
    finally:
        shutil.rmtree(folder, ignore_errors=True)
    if not dry_run:
        ws(request).cache.drop_analyses()
    return _summary(result, name, str(folder) + "/", dry_run)


def _summary(result: ImportSummary, name: str, prefix: str, dry_run: bool) -> UploadSummary:
    """What the page and the API show: the file, its format, the counts, the warnings."""
    first = result.files[0] if result.files else None
    return UploadSummary(
        name=name,
        format=None if first is None else first.format,
        dry_run=dry_run,
        already=first is not None and first.already_imported,
        counts={k: v for k, v in result.totals.items() if k != "warnings"},
        warnings=[w.replace(prefix, "") for f in result.files for w in f.warnings],
    )
