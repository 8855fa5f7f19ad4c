"""The API's writes: the daily changes of the CLI (log, remember, add and edit a person, pin, favours,
follow-ups done or snoozed, goals, events, outcomes) and a file's import, each taking a typed body and
answering the record as stored, the result ``--json`` prints. Each needs the token (``Authorization: Bearer``) or the
session's CSRF token in ``X-CSRF-Token`` (``security.require_api_write``), like the forms."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime, tzinfo
from typing import Annotated

from fastapi import Depends, File, Form, Request, UploadFile
from fastapi.responses import Response

from innercircle.core.dates import parse_day, parse_when
from innercircle.core.errors import UserInputError
from innercircle.core.model import Event, Goal, Person
from innercircle.results.advice import FollowupMark
from innercircle.results.events import EventReview
from innercircle.results.importing import UploadSummary
from innercircle.results.people import PersonRecord
from innercircle.results.records import (
    EventRecord,
    FavorEntry,
    GoalRecord,
    LoggedInteraction,
    OutcomeRecord,
    RememberedDetail,
)
from innercircle.services import eventplan, logbook, people, plans
from innercircle.services.runtime.localzone import get_zone
from innercircle.services.runtime.workspace import Tx
from innercircle.web import data
from innercircle.web.common import PathId, now, writing
from innercircle.web.routes.api import bodies
from innercircle.web.routes.api.base import answer, api_router, refusals
from innercircle.web.security import CsrfToken, csrf_for, require_api_write
from innercircle.web.uploads import run_upload

router = api_router("api: writes", Depends(require_api_write))
# the token for a session's writes is read, not written: no CSRF token needed to ask for one
session_router = api_router("api: writes")
REFUSED = refusals(400, 403, 404)


@session_router.get("/csrf", summary="This session's CSRF token", response_model=CsrfToken)
def api_csrf(request: Request) -> CsrfToken:
    """The token a write sends in ``X-CSRF-Token`` when it comes with this session's cookie rather than
    the bearer token (the cookie is set with this answer)."""
    return csrf_for(request)


@contextmanager
def _writing(request: Request) -> Iterator[tuple[Tx, datetime, tzinfo]]:
    """A write transaction, the request's moment and the owner's zone."""
    with writing(request) as tx:
        yield tx, now(request), get_zone(tx)


def _when(text: str | None, current: datetime, zone: tzinfo) -> datetime | None:
    return None if text is None or not text.strip() else parse_when(text, current, zone)


# ---------------------------------------------------------------- people


@router.post(
    "/people", summary="Add a person", response_model=PersonRecord, responses=REFUSED, status_code=201
)
def add_person(request: Request, body: bodies.NewPerson) -> Response:
    """Someone new, added by hand (the same rules as ``innercircle add``)."""
    with _writing(request) as (tx, current, zone):
        person = Person(
            name=body.name,
            org=body.org,
            title=body.title,
            location=body.location,
            notes=body.notes,
            tags=[t.strip() for t in body.tags if t.strip()],
            tier_pin=body.tier,
            closeness=body.closeness,
            cadence_days=body.cadence_days,
            created_at=current,
        )
        record = people.add_person(tx, person, body.identities, current)
    return answer(record, zone, 201)


@router.patch("/people/{person_id}", summary="Edit a person", response_model=PersonRecord, responses=REFUSED)
def edit_person(request: Request, person_id: PathId, body: bodies.PersonEdit) -> Response:
    """Change a person's name, organization, title, location, notes or tags, or add identities."""
    changes = body.model_dump(include={"name", "org", "title", "location", "notes"}, exclude_unset=True)
    with _writing(request) as (tx, _, zone):
        record = people.edit_person(tx, str(person_id), changes, body.tags, body.add_identities)
    return answer(record, zone)


@router.post(
    "/people/{person_id}/pin",
    summary="Pin a tier, closeness, cadence",
    response_model=PersonRecord,
    responses=REFUSED,
)
def pin_person(request: Request, person_id: PathId, body: bodies.Pin) -> Response:
    """Pin a person's tier (``none`` unpins), state closeness, set the follow-up cadence."""
    with _writing(request) as (tx, _, zone):
        record = people.pin(tx, str(person_id), body.tier, body.closeness, body.cadence_days)
    return answer(record, zone)


@router.post(
    "/people/{person_id}/interactions",
    summary="Log an interaction",
    response_model=LoggedInteraction,
    responses=REFUSED,
    status_code=201,
)
def log(request: Request, person_id: PathId, body: bodies.NewInteraction) -> Response:
    """Record an interaction with this person, and with others (the same rules as ``innercircle log``:
    one after today only when ``planned``)."""
    names = [str(person_id), *(str(i) for i in body.with_people if i != person_id)]
    with _writing(request) as (tx, current, zone):
        when = parse_when(body.at, current, zone)
        try:
            record = logbook.log_interaction(
                tx, body.channel, names, when, current, body.minutes, body.note, body.by, body.planned
            )
        except logbook.FutureDateError as exc:
            raise UserInputError(f"{exc}; send planned: true for one you mean to have") from None
    return answer(record, zone, 201)


@router.post(
    "/people/{person_id}/details",
    summary="Remember a detail",
    response_model=RememberedDetail,
    responses=REFUSED,
    status_code=201,
)
def remember(request: Request, person_id: PathId, body: bodies.NewDetail) -> Response:
    """Keep a personal detail about this person (the same detail twice is refused)."""
    with _writing(request) as (tx, current, zone):
        on = _when(body.on, current, zone)
        record = logbook.remember(tx, str(person_id), body.text, current, body.kind, on)
    return answer(record, zone, 201)


@router.post(
    "/people/{person_id}/favours",
    summary="Record a favour",
    response_model=FavorEntry,
    responses=REFUSED,
    status_code=201,
)
def favour(request: Request, person_id: PathId, body: bodies.NewFavour) -> Response:
    """A favour you did for this person, or they did for you."""
    with _writing(request) as (tx, current, zone):
        when = parse_when(body.at, current, zone)
        record = logbook.add_favor(tx, body.direction, str(person_id), body.text, when)
    return answer(record, zone, 201)


# ---------------------------------------------------------------- follow-ups


@router.post(
    "/followups/{person_id}/done", summary="Follow-up done", response_model=FollowupMark, responses=REFUSED
)
def followup_done(request: Request, person_id: PathId) -> Response:
    """Mark this person's follow-up done: their cadence starts again from now."""
    with _writing(request) as (tx, current, zone):
        record = data.mark_followup(tx, person_id, "done", current)
    return answer(record, zone)


@router.post(
    "/followups/{person_id}/snooze",
    summary="Snooze a follow-up",
    response_model=FollowupMark,
    responses=REFUSED,
)
def followup_snooze(request: Request, person_id: PathId, body: bodies.Snooze) -> Response:
    """Put this person's follow-up off for some days."""
    with _writing(request) as (tx, current, zone):
        record = data.mark_followup(tx, person_id, "snooze", current, body.days)
    return answer(record, zone)


# ---------------------------------------------------------------- goals


@router.post("/goals", summary="Add a goal", response_model=GoalRecord, responses=REFUSED, status_code=201)
def add_goal(request: Request, body: bodies.NewGoal) -> Response:
    """A networking goal: who helps with it (roles, organizations, tags) and what counts as reaching it."""
    with _writing(request) as (tx, current, zone):
        goal = Goal(
            text=body.text,
            roles=_clean(body.roles),
            orgs=_clean(body.orgs),
            tags=_clean(body.tags),
            outcome_kinds=_clean(body.outcome_kinds),
            due=parse_day(body.due, current, zone) if body.due and body.due.strip() else None,
        )
        record = plans.add_goal(tx, goal, current)
    return answer(record, zone, 201)


@router.post("/goals/{goal_id}/done", summary="Goal reached", response_model=GoalRecord, responses=REFUSED)
def goal_done(request: Request, goal_id: PathId) -> Response:
    """Mark a goal reached."""
    with _writing(request) as (tx, current, zone):
        record = plans.finish_goal(tx, str(goal_id), current)
    return answer(record, zone)


def _clean(values: list[str]) -> list[str]:
    return [v.strip() for v in values if v.strip()]


# ---------------------------------------------------------------- events and outcomes


@router.post(
    "/events", summary="Add an event", response_model=EventRecord, responses=REFUSED, status_code=201
)
def add_event(request: Request, body: bodies.NewEvent) -> Response:
    """An event you could attend, with who will be there."""
    with _writing(request) as (tx, current, zone):
        event = Event(
            title=body.title,
            start=parse_when(body.start, current, zone),
            end=_when(body.end, current, zone),
            place=body.place,
            hours_cost=body.hours,
            topics=_clean(body.topics),
            organizer=body.organizer,
            series=body.series,
            cost=body.cost,
        )
        record = plans.add_event(tx, event, [str(i) for i in dict.fromkeys(body.attendees)])
    return answer(record, zone, 201)


@router.post(
    "/events/{event_id}/decision", summary="Decide on an event", response_model=EventRecord, responses=REFUSED
)
def decide_event(request: Request, event_id: PathId, body: bodies.Decision) -> Response:
    """Attend, skip or maybe: your call, which the triage then shows beside its advice."""
    with _writing(request) as (tx, _, zone):
        eventplan.decide(tx, str(event_id), body.decision)
        record = plans.event_record(tx, event_id)
    return answer(record, zone)


@router.post(
    "/events/{event_id}/review", summary="Review a past event", response_model=EventReview, responses=REFUSED
)
def review_event(request: Request, event_id: PathId, body: bodies.EventReviewBody) -> Response:
    """Rate a past event and record who you met there; answers its return per hour."""
    with _writing(request) as (tx, current, zone):
        record = eventplan.review_event(tx, str(event_id), current, body.rating, body.met)
    return answer(record, zone)


@router.post(
    "/outcomes", summary="Record an outcome", response_model=OutcomeRecord, responses=REFUSED, status_code=201
)
def add_outcome(request: Request, body: bodies.NewOutcome) -> Response:
    """Something your networking produced, the people it came through, the goal and event it served."""
    with _writing(request) as (tx, current, zone):
        record = plans.add_outcome(
            tx,
            body.kind,
            [str(i) for i in dict.fromkeys(body.people)],
            parse_when(body.at, current, zone),
            None if body.goal_id is None else str(body.goal_id),
            None if body.event_id is None else str(body.event_id),
            body.note,
            body.value,
        )
    return answer(record, zone, 201)


# ---------------------------------------------------------------- files


@router.post("/import", summary="Import a file", response_model=UploadSummary, responses=REFUSED)
async def api_import(
    request: Request,
    file: Annotated[UploadFile, File(description="The file to import.")],
    format: Annotated[
        str | None, Form(description="The format; detected from the content when absent.")
    ] = None,
    dry_run: Annotated[bool, Form(description="Check the file, change nothing.")] = False,
) -> UploadSummary:
    """The same importers as ``innercircle import``; answers the summary (counts, warnings)."""
    return await run_upload(request, file, format or None, dry_run)
