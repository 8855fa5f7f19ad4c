"""Uploaded files go through the same importers as ``innercircle import``, from a private temp folder."""

from __future__ import annotations

import shutil
import tempfile
from pathlib import Path, PurePath
from typing import Any

from fastapi import Request, UploadFile
from starlette.concurrency import run_in_threadpool

from innercircle.core.errors import InnercircleError, UserInputError
from innercircle.services.importing import import_paths
from innercircle.services.strategy import plain
from innercircle.services.undo import label_upload
from innercircle.web.common import cache, ws

CHUNK = 1 << 20


def safe_name(name: str | None) -> str:
    """The uploaded file's own name, without any folder part (never a path the client chose)."""
    base = PurePath((name or "").replace("\\", "/")).name.strip().lstrip(".")
    cleaned = "".join(c for c in base if c.isalnum() or c in "-_.() ")[:120].strip()
    return cleaned or "upload"


async def run_upload(request: Request, upload: UploadFile, fmt: str | None, dry_run: bool) -> dict[str, Any]:
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
        region = request.app.state.config.default_region.upper()
        result = await run_in_threadpool(
            import_paths, ws(request), [path], fmt=fmt, dry_run=dry_run, region=region
        )
        if not dry_run:
            with ws(request).begin() as conn:
                label_upload(conn, str(folder.resolve()), name)
    except InnercircleError as exc:
        # name the file the user chose, not our temp folder
        raise UserInputError(str(exc).replace(str(folder) + "/", "")) from None
    finally:
        shutil.rmtree(folder, ignore_errors=True)
    if not dry_run:
        cache(request).clear()
    return _summary(plain(result), name, str(folder) + "/", dry_run)


def _summary(result: dict[str, Any], name: str, prefix: str, dry_run: bool) -> dict[str, Any]:
    """What the page and the API show: the file, its format, the counts, the warnings."""
    files = result.get("files") or [{}]
    total = {k: v for k, v in (result.get("total") or {}).items() if k != "warnings"}
    warnings = [w.replace(prefix, "") for f in files for w in f.get("warnings", [])]
    return {
        "name": name,
        "format": files[0].get("format"),
        "dry_run": dry_run,
        "already": bool(files[0].get("already")),
        "counts": total,
        "warnings": warnings,
    }
