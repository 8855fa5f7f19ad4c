"""The dashboard: today's focus, follow-ups due, health at a glance, upcoming events; their buttons."""

from __future__ import annotations

from collections import Counter
from datetime import datetime
from typing import Annotated, Any
from urllib.parse import quote

from fastapi import APIRouter, Depends, Form, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from markupsafe import escape

from innercircle.core.errors import NotFoundError, UnknownPersonError, UserInputError
from innercircle.core.model import Event
from innercircle.results.events import TriageItem
from innercircle.results.review import Review
from innercircle.services import logbook, people, plans
from innercircle.services.runtime.workspace import Tx
from innercircle.web import data
from innercircle.web.common import BY_ID, PathId, for_the_web, form_error, is_htmx, now, render, writing, ws
from innercircle.web.routes.brief import briefed
from innercircle.web.security import require_csrf

router = APIRouter(include_in_schema=False)


@router.get("/")
def dashboard(request: Request, flash: str = "", person: str = "") -> Response:
    """The page a user opens every day (``person``: who quick capture starts with, as a follow-up's
    "log" fills it in)."""
    current = now(request)
    with ws(request).read() as tx:
        page = data.served(tx, current, ("dashboard",), lambda: _dashboard(tx, current))
        # today's and tomorrow's meetings with someone known: the moment a brief is worth reading
        coming = briefed(tx, current, None, None)
    return render(
        request,
        "dashboard.html",
        feed_url=_feed_url(request),
        flash=flash,
        person=person,
        meetings=[(i, m) for i, m in enumerate(coming.meetings, 1) if m.cards],
        **page,
    )


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


CAPTURE_ACTIONS = ("meeting", "call", "message", "remember")


@router.get("/capture/names")
def capture_names(request: Request, person: str = "", other: str = "") -> Response:
    """The people whose name, organization or identity holds what was typed: the options of the capture
    form's list, or the merge form's (``other``); a name shared by several people carries its id, so the
    pick is unambiguous."""
    typed = (person or other).strip()
    if len(typed) < 2 or BY_ID.search(typed):
        return HTMLResponse("")
    with ws(request).read() as tx:
        rows = data.people(tx, now(request), typed)[:8]
    named = Counter(r.name for r in rows)
    options = []
    for r in rows:
        value = r.name if named[r.name] == 1 else f"{r.name} (id {r.person_id})"
        label = " · ".join(x for x in (r.org, r.title) if x)
        options.append(f'<option value="{escape(value)}">{escape(label)}</option>')
    return HTMLResponse("".join(options))


@router.post("/capture", dependencies=[Depends(require_csrf)])
def capture(
    request: Request,
    person: Annotated[str, Form()],
    do: Annotated[str, Form()] = "meeting",
    text: Annotated[str, Form()] = "",
) -> Response:
    """Log an interaction that just happened (the text its note) or remember a detail, from the dashboard."""
    if do not in CAPTURE_ACTIONS:
        raise UserInputError(f"unknown action {do!r} (one of: {', '.join(CAPTURE_ACTIONS)})")
    current = now(request)
    picked = BY_ID.search(person)
    who = picked.group(1) if picked else person
    try:
        with writing(request) as tx:
            if do == "remember":
                if not text.strip():
                    raise UserInputError("type the detail to remember")
                kept = logbook.remember(tx, who, text, current)
                pid, name, message = kept.person_id, kept.name or person, "Remembered"
            else:
                logged = logbook.log_interaction(tx, do, [who], current, current, None, text.strip() or None)
                target = next(p for p in logged.participants if p.role != "from")
                pid, name, message = target.person_id, target.name or person, f"Logged {do}"
    except UnknownPersonError as exc:
        if not is_htmx(request):
            raise
        typed = who.strip()
        said = str(exc).split(". To add them:")[0] + "."  # the command line's way: here, a link
        return form_error(for_the_web(said), 404, (f"/people/new?name={quote(typed)}", f"Add {typed}"))
    if not is_htmx(request):
        return RedirectResponse("/?flash=" + quote(f"{message} for {name}."), status_code=303)
    # the follow-ups card reloads itself on this event: the answer does not wait for the fresh analyses
    answer = render(request, "_capture.html", flash=f"{message} for {name}.", captured=pid, person=name)
    answer.headers["HX-Trigger"] = "captured"
    return answer


@router.get("/followups/card")
def followups_card(request: Request) -> Response:
    """The dashboard's follow-ups card as it is now (reloaded after a quick capture); a fragment, so a
    browser that asks for it as a page is sent to the dashboard."""
    if not is_htmx(request):
        return RedirectResponse("/#followups", status_code=303)
    with ws(request).read() as tx:
        review = data.review(tx, now(request))
    return render(
        request, "_followups.html", followups=review.followups[:6], total_followups=len(review.followups)
    )
