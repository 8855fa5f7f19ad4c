"""The dashboard: today's focus, follow-ups due, health at a glance, upcoming events; their buttons."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Form, Request
from fastapi.responses import RedirectResponse, Response

from innercircle.core.errors import NotFoundError
from innercircle.core.model import Event
from innercircle.results.events import TriageItem
from innercircle.results.review import Review
from innercircle.services import people, plans
from innercircle.services.runtime.workspace import Tx
from innercircle.web import data
from innercircle.web.common import PathId, is_htmx, now, render, writing, ws
from innercircle.web.security import require_csrf

router = APIRouter(include_in_schema=False)


@router.get("/")
def dashboard(request: Request) -> Response:
    """The page a user opens every day."""
    current = now(request)
    with ws(request).read() as tx:
        page = data.served(tx, current, ("dashboard",), lambda: _dashboard(tx, current))
    return render(request, "dashboard.html", feed_url=_feed_url(request), **page)


def _dashboard(tx: Tx, current: datetime) -> dict[str, Any]:
    """What the dashboard shows (kept in the cache until the data changes)."""
    review = data.review(tx, current)
    return {
        "review": review,
        "focus": review.focus[:8],
        "followups": review.followups[:6],
        "total_followups": len(review.followups),
        "health": review.health,
        "upcoming": [e for e in plans.events(tx) if e.start >= current][:8],
        "triage": _triage(review),
        "goals": plans.goals(tx, include_done=False),
        "counts": people.counts(tx),
        "owner": review.owner,
    }


def _triage(review: Review) -> dict[int, TriageItem]:
    """The suggested decision and its reasons, by event id."""
    return {t.event_id: t for t in review.events}


def _feed_url(request: Request) -> str:
    guard = request.app.state.guard
    base = str(request.base_url).rstrip("/") + "/calendar.ics"
    return f"{base}?key={guard.feed_key()}" if guard.token and guard.feed_key() else base


def _event(tx: Any, event_id: int) -> Event:
    for e in plans.events(tx):
        if e.id == event_id:
            return e
    raise NotFoundError(f"no event with id {event_id}")


@router.post("/events/{event_id}/decision", dependencies=[Depends(require_csrf)])
def decide(request: Request, event_id: PathId, decision: Annotated[str, Form()]) -> Response:
    """Attend, skip or maybe: the user's call on an upcoming event."""
    with writing(request) as tx:
        _event(tx, event_id)
        data.decide_event(tx, event_id, decision)
    if is_htmx(request):
        with ws(request).read() as tx:
            event = _event(tx, event_id)
            triage = _triage(data.review(tx, now(request)))
        return render(request, "_event_row.html", e=event, triage=triage)
    return RedirectResponse("/events", status_code=303)


@router.post("/followups/{person_id}/{action}", dependencies=[Depends(require_csrf)])
def followup_action(
    request: Request, person_id: PathId, action: str, days: Annotated[int, Form(ge=1, le=365)] = 7
) -> Response:
    """Done (the cadence restarts) or snoozed for a week: the row leaves the list."""
    with writing(request) as tx:
        data.mark_followup(tx, person_id, action, now(request), days)
    if is_htmx(request):
        return Response("", media_type="text/html")
    return RedirectResponse("/", status_code=303)


@router.get("/healthz", include_in_schema=False)
def healthz(request: Request) -> dict[str, object]:
    """A liveness probe for scripts (counts only)."""
    with ws(request).read() as tx:
        return {"ok": True, "people": people.counts(tx).people}
