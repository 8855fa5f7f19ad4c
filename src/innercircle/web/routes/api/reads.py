"""The API's reads: lists in pages with a search, one person, the views; moments in its answers carry
the owner's offset (``results.moments.jsonable``): the same instants, on the owner's clock."""

from __future__ import annotations

from typing import Annotated

from fastapi import Query, Request
from fastapi.responses import Response

from innercircle.core.ties.tiers import TIERS
from innercircle.results import page_of
from innercircle.results.advice import FollowupsPage
from innercircle.results.health import Health
from innercircle.results.people import PeoplePage, Profile
from innercircle.results.records import EventsPage, GoalRecord, OutcomeRecord
from innercircle.results.review import Review
from innercircle.results.ties import TiesPage
from innercircle.services import plans
from innercircle.services.runtime.localzone import get_zone
from innercircle.web import data
from innercircle.web.common import MAX_ID, PathId, as_of_time, now, ws
from innercircle.web.routes.api.base import MAX_PAGE, PAGE, answer, api_router, refusals

router = api_router("api")


AsOf = Annotated[str | None, Query(description="Analyse as if today were this date (YYYY-MM-DD).")]
# A page is small by default: a large network's whole list is megabytes, and a phone wants the top.
Limit = Annotated[int, Query(ge=1, le=MAX_PAGE, description=f"At most this many rows (up to {MAX_PAGE}).")]
Offset = Annotated[
    int, Query(ge=0, le=MAX_ID, description="Skip this many rows (the last page's next_offset).")
]
Search = Annotated[
    str | None,
    Query(max_length=300, description="Part of a name, organization or identity (any case)."),
]


def _found(q: str | None, *texts: str | None) -> bool:
    """Whether ``q`` (blank: anything) is part of one of ``texts``, in any case."""
    needle = (q or "").strip().lower()
    return not needle or needle in " ".join(t or "" for t in texts).lower()


@router.get("/people", summary="List people", response_model=PeoplePage)
def api_people(
    request: Request,
    q: Search = None,
    search: Annotated[
        str | None,
        Query(max_length=300, deprecated=True, description="The same as q (kept for old clients)."),
    ] = None,
    tier: Annotated[str | None, Query(description="Only this tier: " + ", ".join(TIERS))] = None,
    goal: Annotated[
        int | None, Query(ge=1, le=MAX_ID, description="Only people who fit this goal id.")
    ] = None,
    archived: Annotated[
        bool, Query(description="Only the archived people (by default they are left out).")
    ] = False,
    limit: Limit = PAGE,
    offset: Offset = 0,
) -> Response:
    """People with identities, tier and tie strength, strongest first, one page at a time."""
    with ws(request).read() as tx:
        rows = data.people(tx, now(request), q or search, tier, goal, archived)
        zone = get_zone(tx)
    return answer(PeoplePage.model_validate(page_of(rows, limit, offset)), zone)


@router.get("/people/{person_id}", summary="One person", response_model=Profile, responses=refusals(400, 404))
def api_person(request: Request, person_id: PathId, as_of: AsOf = None) -> Response:
    """Identities, sources, remembered details, favours, timeline and tie strength with components."""
    current = now(request)
    with ws(request).read() as tx:
        zone = get_zone(tx)
        found = data.person(tx, person_id, current, as_of_time(as_of, current, zone))
    return answer(found, zone)


@router.get("/ties", summary="Tie strength of everyone", response_model=TiesPage, responses=refusals(400))
def api_ties(
    request: Request, as_of: AsOf = None, q: Search = None, limit: Limit = PAGE, offset: Offset = 0
) -> Response:
    """Every person with strength (0–1), tier, trend and the components behind it, strongest first."""
    current = now(request)
    with ws(request).read() as tx:
        zone = get_zone(tx)
        rows = data.ties(tx, current, as_of_time(as_of, current, zone))
    rows = [r for r in rows if _found(q, r.name, *r.identities)]
    return answer(TiesPage.model_validate(page_of(rows, limit, offset)), zone)


@router.get("/followups", summary="Follow-ups due", response_model=FollowupsPage)
def api_followups(request: Request, q: Search = None, limit: Limit = PAGE, offset: Offset = 0) -> Response:
    """Who is due or overdue for contact, why, and a draft message; the most pressing first."""
    with ws(request).read() as tx:
        rows = [f for f in data.followups(tx, now(request)) if _found(q, f.name)]
        zone = get_zone(tx)
    return answer(FollowupsPage.model_validate(page_of(rows, limit, offset)), zone)


@router.get("/goals", summary="Goals", response_model=list[GoalRecord])
def api_goals(
    request: Request,
    done: Annotated[bool, Query(description="Also the goals already reached.")] = True,
) -> Response:
    """Your networking goals, oldest first: who helps with each, and when it was reached."""
    with ws(request).read() as tx:
        return answer(plans.goal_records(tx, include_done=done), get_zone(tx))


@router.get("/events", summary="Events", response_model=EventsPage)
def api_events(
    request: Request,
    q: Annotated[
        str | None, Query(max_length=300, description="Part of the title, place or a topic.")
    ] = None,
    upcoming: Annotated[bool, Query(description="Only those that have not started yet.")] = False,
    limit: Limit = PAGE,
    offset: Offset = 0,
) -> Response:
    """Events you could attend, attended or skipped, by start, with your decision and rating."""
    current = now(request)
    with ws(request).read() as tx:
        rows = plans.event_records(tx)
        zone = get_zone(tx)
    rows = [
        e for e in rows if _found(q, e.title, e.place, *e.topics) and (not upcoming or e.start >= current)
    ]
    return answer(EventsPage.model_validate(page_of(rows, limit, offset)), zone)


@router.get("/outcomes", summary="Outcomes", response_model=list[OutcomeRecord])
def api_outcomes(request: Request) -> Response:
    """What your networking produced, the people it came through, the goal and event it served."""
    with ws(request).read() as tx:
        return answer(plans.outcome_records(tx), get_zone(tx))


@router.get("/health", summary="Networking health", response_model=Health)
def api_health(request: Request) -> Response:
    """The signs of over-networking, each with a value, threshold, status and trend."""
    with ws(request).read() as tx:
        return answer(data.health(tx, now(request)), get_zone(tx))


@router.get("/review", summary="The weekly review", response_model=Review)
def api_review(request: Request) -> Response:
    """Focus, follow-ups, event triage, health, outcomes, warm intros and reflection for the week."""
    with ws(request).read() as tx:
        return answer(data.review(tx, now(request)), get_zone(tx))
