"""The dashboard: today's focus, follow-ups due, health at a glance, upcoming events."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Form, Request
from fastapi.responses import RedirectResponse, Response

from innercircle.core.errors import NotFoundError, UserInputError
from innercircle.store import repo
from innercircle.web.common import PathId, is_htmx, now, render, writing, ws
from innercircle.web.security import require_csrf

router = APIRouter(include_in_schema=False)
DECISIONS = ("attend", "skip", "maybe")


@router.get("/")
def dashboard(request: Request) -> Response:
    """The page a user opens every day."""
    current = now(request)
    with ws(request).read() as conn:
        upcoming = [e for e in repo.list_events(conn) if e.start >= current][:8]
        goals = repo.list_goals(conn, include_done=False)
        counts = {"people": repo.count_people(conn), "interactions": repo.count_interactions(conn)}
        owner = repo.me(conn)
    return render(
        request,
        "dashboard.html",
        upcoming=upcoming,
        goals=goals,
        counts=counts,
        owner=owner,
        feed_url=_feed_url(request),
    )


def _feed_url(request: Request) -> str:
    guard = request.app.state.guard
    base = str(request.base_url).rstrip("/") + "/calendar.ics"
    return f"{base}?key={guard.feed_key()}" if guard.token else base


@router.post("/events/{event_id}/decision", dependencies=[Depends(require_csrf)])
def decide(request: Request, event_id: PathId, decision: Annotated[str, Form()]) -> Response:
    """Attend, skip or maybe: the user's call on an upcoming event."""
    if decision not in DECISIONS:
        raise UserInputError(f"unknown decision {decision!r} (one of: {', '.join(DECISIONS)})")
    with writing(request) as conn:
        if not repo.update_event(conn, event_id, decision=decision):
            raise NotFoundError(f"no event with id {event_id}")
        event = next(e for e in repo.list_events(conn) if e.id == event_id)
    if is_htmx(request):
        return render(request, "_event_row.html", e=event)
    return RedirectResponse(request.headers.get("hx-current-url") or "/events", status_code=303)


@router.get("/healthz", include_in_schema=False)
def healthz(request: Request) -> dict[str, object]:
    """A liveness probe for scripts (counts only)."""
    with ws(request).read() as conn:
        return {"ok": True, "people": repo.count_people(conn)}
