"""``/brief``: the coming meetings with a card per attendee the owner knows, as a page and as JSON."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated

from fastapi import APIRouter, Query, Request, Security
from fastapi.responses import JSONResponse, Response
from fastapi.security import HTTPBearer

from innercircle.results.brief import Brief
from innercircle.results.moments import jsonable
from innercircle.services.brief import MAX_DAYS, days_asked
from innercircle.services.brief import brief as make_brief
from innercircle.services.runtime.localzone import get_zone
from innercircle.services.runtime.workspace import Tx
from innercircle.web import data
from innercircle.web.common import now, render, ws

router = APIRouter()
# Declared so /docs shows "Authorize" on the JSON route; the middleware does the checking.
bearer = HTTPBearer(auto_error=False, description="The token the server was started with.")

DateQuery = Annotated[
    str | None, Query(alias="date", max_length=40, description="The first day (YYYY-MM-DD; default: today).")
]
DaysQuery = Annotated[
    int | None,
    Query(
        ge=1,
        le=MAX_DAYS,
        description="How many days from it (default: today and tomorrow, or the date alone).",
    ),
]


def briefed(tx: Tx, current: datetime, day: str | None, days: int | None) -> Brief:
    """The brief of ``days`` days from ``day`` (the owner's days; defaults as the CLI's), kept in the
    workspace's cache until the data changes or the owner's day turns."""
    start, end = days_asked(tx, current, day, days)
    return data.served(tx, current, ("brief", start, end), lambda: make_brief(tx, start, end, current))


@router.get("/brief", include_in_schema=False)
def brief_page(request: Request, day: DateQuery = None, days: DaysQuery = None) -> Response:
    """The meetings of today and tomorrow (or of the days asked), a card per attendee you know."""
    current = now(request)
    with ws(request).read() as tx:
        b = briefed(tx, current, day, days)
    return render(request, "brief.html", b=b, days=(b.end - b.start).days + 1, max_days=MAX_DAYS)


@router.get(
    "/api/brief",
    response_model=Brief,
    tags=["api"],
    dependencies=[Security(bearer)],
    responses={400: {"description": "A date that is not one"}},
)
def brief_api(request: Request, day: DateQuery = None, days: DaysQuery = None) -> Response:
    """The meetings of today and tomorrow (or of the days asked) with a card per attendee you know:
    the tie and its trend, the last contact, remembered details, open asks, favours either way, the goals
    they fit, what to bring up and what to ask (the same as ``innercircle brief --json``)."""
    current = now(request)
    with ws(request).read() as tx:
        b = briefed(tx, current, day, days)
        zone = get_zone(tx)
    return JSONResponse(jsonable(b, zone))
