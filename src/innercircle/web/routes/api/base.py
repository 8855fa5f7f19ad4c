"""What the API's routes share: the token's description, the answer on the owner's clock, the pages."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import tzinfo
from typing import Any

from fastapi import APIRouter, Security
from fastapi.responses import JSONResponse, Response
from fastapi.security import HTTPBearer

from innercircle.results import Result
from innercircle.results.moments import jsonable

# Declared so /docs shows "Authorize"; the middleware does the checking.
bearer = HTTPBearer(auto_error=False, description="The token the server was started with.")
PAGE = 50
MAX_PAGE = 1000


class Refusal(Result):
    """Why a request was refused (a 4xx): what to change, in words."""

    detail: str
    """The message: what was wrong (a date that is not one, an unknown kind, no such person…)."""


def refusals(*codes: int) -> dict[int | str, dict[str, Any]]:
    """The refusals an operation may answer, for /docs: each a ``Refusal``."""
    why = {
        400: "Refused: the message says why (a date that is not one, an unknown kind…).",
        403: "Without the bearer token or this session's X-CSRF-Token header, or sent from another site.",
        404: "No such person, goal or event.",
    }
    return {code: {"model": Refusal, "description": why[code]} for code in codes}


def api_router(tag: str, *dependencies: Any) -> APIRouter:
    """A router under ``/api`` whose operations /docs lists under ``tag``, with the token."""
    return APIRouter(prefix="/api", tags=[tag], dependencies=[Security(bearer), *dependencies])


def answer(result: Result | Sequence[Result], zone: tzinfo, status_code: int = 200) -> Response:
    """A result, or a list of them, as the JSON its model declares (the route's ``response_model``, which
    /docs shows), moments on the owner's clock. The result is made by its model already: FastAPI is not
    asked to check it a second time, row by row, on a large network."""
    return JSONResponse(jsonable(result, zone), status_code=status_code)
