"""The JSON API under ``/api`` (OpenAPI at ``/docs`` and ``/openapi.json``): ``reads`` answers the lists
and views, ``writes`` makes the daily changes from the typed bodies of ``bodies``; both answer the
results the CLI's ``--json`` prints."""

from __future__ import annotations

from fastapi import APIRouter

from innercircle.web.routes.api import reads, writes

router = APIRouter()
router.include_router(reads.router)
router.include_router(writes.router)
router.include_router(writes.session_router)
