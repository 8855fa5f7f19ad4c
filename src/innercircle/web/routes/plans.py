"""Goals (progress, outcomes), events (triage, review) and the weekly review."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Form, Request
from fastapi.responses import RedirectResponse, Response

from innercircle.core.dates import parse_day
from innercircle.core.model import OUTCOME_KINDS, Goal
from innercircle.reports.html import review_context
from innercircle.services import people, plans
from innercircle.services.review import review_week, save_reflections
from innercircle.services.runtime.localzone import get_zone
from innercircle.web import data
from innercircle.web.common import PathId, now, render, writing, ws
from innercircle.web.security import require_csrf

router = APIRouter(include_in_schema=False)


@router.get("/goals")
def goals_page(request: Request) -> Response:
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
    )


def _split(text: str) -> list[str]:
    return [t.strip() for t in text.split(",") if t.strip()]


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
            roles=_split(roles),
            orgs=_split(orgs),
            tags=_split(tags),
            outcome_kinds=_split(outcomes),
            due=parse_day(due, current, get_zone(tx)) if due.strip() else None,
        )
        plans.add_goal(tx, goal, current)
    return RedirectResponse("/goals", status_code=303)


@router.post("/goals/{goal_id}/done", dependencies=[Depends(require_csrf)])
def goal_done(request: Request, goal_id: PathId) -> Response:
    """Mark a goal reached."""
    with writing(request) as tx:
        plans.finish_goal(tx, str(goal_id), now(request))
    return RedirectResponse("/goals", status_code=303)


@router.get("/events")
def events_page(request: Request) -> Response:
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
    )


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
