"""Goals (progress, outcomes), events (triage, review) and the weekly review."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Form, Request
from fastapi.responses import RedirectResponse, Response

from innercircle.core.dates import parse_day, parse_when
from innercircle.core.errors import UserInputError
from innercircle.core.model import OUTCOME_KINDS, Event, Goal
from innercircle.reports.html import review_context
from innercircle.services import eventplan, people, plans
from innercircle.services.review import review_week, save_reflections
from innercircle.services.runtime.localzone import get_zone
from innercircle.web import data
from innercircle.web.common import PathId, comma_list, go, now, render, writing, ws
from innercircle.web.security import require_csrf

router = APIRouter(include_in_schema=False)


@router.get("/goals")
def goals_page(request: Request, flash: str = "") -> Response:
    """Each goal with the outcomes it produced and the people they came through."""
    with ws(request).read() as tx:
        goals = plans.goals(tx)
        outcomes = plans.outcomes(tx)
        names = people.names(tx)
        events = {e.id: e.title for e in plans.events(tx)}
    by_goal: dict[int | None, list[object]] = {}
    for o in outcomes:
        by_goal.setdefault(o.goal_id, []).append(o)
    return render(
        request,
        "goals.html",
        goals=goals,
        by_goal=by_goal,
        names=names,
        events=events,
        outcome_kinds=OUTCOME_KINDS,
        flash=flash,
    )


@router.post("/outcomes", dependencies=[Depends(require_csrf)])
def add_outcome(
    request: Request,
    kind: Annotated[str, Form()],
    through: Annotated[str, Form()],
    goal: Annotated[str, Form()] = "",
    event: Annotated[str, Form()] = "",
    note: Annotated[str, Form()] = "",
    on: Annotated[str, Form()] = "",
) -> Response:
    """Record what networking produced and through whom (the same rules as ``innercircle outcome add``)."""
    current = now(request)
    with writing(request) as tx:
        when = parse_when(on, current, get_zone(tx)) if on.strip() else current
        added = plans.add_outcome(
            tx, kind, comma_list(through), when, goal or None, event or None, note.strip() or None
        )
    anchor = f"#goal-{added.goal_id}" if added.goal_id else "#outcomes"
    return go(request, "/goals" + anchor, f"Recorded the {added.kind}.")


@router.post("/goals", dependencies=[Depends(require_csrf)])
def add_goal(
    request: Request,
    text: Annotated[str, Form()],
    roles: Annotated[str, Form()] = "",
    orgs: Annotated[str, Form()] = "",
    tags: Annotated[str, Form()] = "",
    outcomes: Annotated[str, Form()] = "",
    due: Annotated[str, Form()] = "",
) -> Response:
    """Add a goal (the same rules as ``innercircle goal add``)."""
    current = now(request)
    with writing(request) as tx:
        goal = Goal(
            text=text,
            roles=comma_list(roles),
            orgs=comma_list(orgs),
            tags=comma_list(tags),
            outcome_kinds=comma_list(outcomes),
            due=parse_day(due, current, get_zone(tx)) if due.strip() else None,
        )
        added = plans.add_goal(tx, goal, current)
    return go(request, f"/goals#goal-{added.id}", "Goal added.")


@router.post("/goals/{goal_id}/done", dependencies=[Depends(require_csrf)])
def goal_done(request: Request, goal_id: PathId) -> Response:
    """Mark a goal reached."""
    with writing(request) as tx:
        plans.finish_goal(tx, str(goal_id), now(request))
    return go(request, f"/goals#goal-{goal_id}", "Goal reached.")


@router.get("/events")
def events_page(request: Request, flash: str = "") -> Response:
    """Upcoming events to decide on, and past ones with what they produced."""
    current = now(request)
    with ws(request).read() as tx:
        events = plans.events(tx)
        outcomes = plans.outcomes(tx)
        review = data.review(tx, current)
    per_event: dict[int, int] = {}
    for o in outcomes:
        if o.event_id is not None:
            per_event[o.event_id] = per_event.get(o.event_id, 0) + 1
    triage = {t.event_id: t for t in review.events}
    returns = {r.event_id: r for r in review.outcomes.events if r.event_id}
    upcoming = [e for e in events if e.start >= current]
    past = sorted((e for e in events if e.start < current), key=lambda e: e.start, reverse=True)[:50]
    return render(
        request,
        "events.html",
        upcoming=upcoming,
        past=past,
        per_event=per_event,
        triage=triage,
        returns=returns,
        flash=flash,
    )


@router.post("/events", dependencies=[Depends(require_csrf)])
def add_event(
    request: Request,
    title: Annotated[str, Form()],
    at: Annotated[str, Form()],
    hours: Annotated[str, Form()] = "",
    place: Annotated[str, Form()] = "",
    topics: Annotated[str, Form()] = "",
    attendees: Annotated[str, Form()] = "",
) -> Response:
    """Add an event to decide on (the same rules as ``innercircle event add``)."""
    current = now(request)
    with writing(request) as tx:
        event = Event(
            title=title,
            start=parse_when(at, current, get_zone(tx)),
            hours_cost=_number(hours, "hours"),
            place=place.strip() or None,
            topics=comma_list(topics),
        )
        added = plans.add_event(tx, event, comma_list(attendees))
    return go(request, f"/events#event-{added.id}", f"Added {added.title}.")


@router.post("/events/{event_id}/review", dependencies=[Depends(require_csrf)])
def review_event(
    request: Request,
    event_id: PathId,
    rating: Annotated[str, Form()] = "",
    met: Annotated[str, Form()] = "",
) -> Response:
    """Rate a past event and record who was met there (new names become people), as ``event review``."""
    stars = int(rating) if rating.strip().isascii() and rating.strip().isdigit() else None
    if rating.strip() and stars is None:
        raise UserInputError(f"the rating is a number from 1 to 5, not {rating!r}")
    names = comma_list(met)
    if stars is None and not names:
        raise UserInputError("give a rating or who you met")
    with writing(request) as tx:
        done = eventplan.review_event(tx, str(event_id), now(request), stars, names)
    said = f"Reviewed {done.title}"
    if done.met_names:
        said += f": met {', '.join(done.met_names)}"
    return go(request, f"/events#past-{event_id}", said + ".")


def _number(text: str, what: str) -> float | None:
    text = text.strip().replace(",", ".")
    if not text:
        return None
    try:
        return float(text)
    except ValueError:
        raise UserInputError(f"{what} must be a number, not {text!r}") from None


@router.get("/review")
def review_page(request: Request) -> Response:
    """The weekly review: focus, follow-ups, events, health, outcomes, with its charts."""
    with ws(request).read() as tx:
        review = data.review(tx, now(request))
    return render(request, "review.html", **review_context(review))


@router.post("/review/reflect", dependencies=[Depends(require_csrf)])
def reflect(
    request: Request,
    question: Annotated[list[str], Form()],
    answer: Annotated[list[str], Form()],
) -> Response:
    """Keep the answers to this week's reflection questions."""
    current = now(request)
    with writing(request) as tx:
        week = review_week(tx, current)
        save_reflections(tx, week, list(zip(question, answer, strict=False)), current)
    return RedirectResponse("/review#reflection", status_code=303)
