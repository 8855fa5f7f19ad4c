"""People: the searchable list, one person's page, and the forms to add, edit, pin, log, delete,
remember, record a favour, merge, forget and unarchive."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, Form, Query, Request
from fastapi.responses import RedirectResponse, Response

from innercircle.core.dates import parse_when
from innercircle.core.errors import UserInputError
from innercircle.core.model import Channel, Person
from innercircle.core.ties.tiers import TIERS
from innercircle.services import logbook, people, plans
from innercircle.services.forget import forget, plan_forget
from innercircle.services.merge import merge, unmerge
from innercircle.services.runtime.localzone import get_zone
from innercircle.web import data
from innercircle.web.common import BY_ID, MAX_ID, PathId, comma_list, go, is_htmx, now, render, writing, ws
from innercircle.web.security import require_csrf

router = APIRouter(include_in_schema=False)
PAGE = 50
FORGET_WAIT_S = 5.0  # a page cannot wait a minute for readers: the rest is left to ``forget --finish``
CHANNELS = [c.value for c in Channel if c not in (Channel.INVITATION,)]


@router.get("/people")
def people_page(
    request: Request,
    q: str = "",
    tier: str = "",
    goal: str = "",
    archived: str = "",
    page: Annotated[int, Query(ge=1, le=100_000)] = 1,
) -> Response:
    """Everyone still tracked, strongest ties first (``archived=1``: only the archived people); search by
    name or organization, filter by tier and goal."""
    current = now(request)
    goal_id = (
        int(goal) if goal.isascii() and goal.isdigit() and 0 < int(goal) <= MAX_ID else None
    )  # empty select: any goal
    only_archived = archived == "1"
    with ws(request).read() as tx:
        rows = data.people(tx, current, q or None, tier or None, goal_id, only_archived)
        hidden = 0 if only_archived else len(data.people(tx, current, q or None, tier or None, goal_id, True))
        goals = plans.goals(tx, include_done=False)
    shown = rows[(page - 1) * PAGE : page * PAGE]
    ctx: dict[str, Any] = {
        "rows": shown,
        "total": len(rows),
        "page": page,
        "pages": max(1, -(-len(rows) // PAGE)),
        "q": q,
        "tier": tier,
        "goal": goal_id,
        "goals": goals,
        "tiers": TIERS,
        "archived": only_archived,
        "hidden": hidden,
    }
    if is_htmx(request) and request.headers.get("hx-target") == "people-table":
        return render(request, "_people_table.html", **ctx)
    return render(request, "people.html", **ctx)


@router.get("/people/new")
def new_person_page(request: Request, name: str = "") -> Response:
    """The form to add someone by hand."""
    return render(request, "person_new.html", given=name)


@router.post("/people/new", dependencies=[Depends(require_csrf)])
def add_person_form(
    request: Request,
    name: Annotated[str, Form()],
    ident: Annotated[str, Form()] = "",
    org: Annotated[str, Form()] = "",
    title: Annotated[str, Form()] = "",
    tags: Annotated[str, Form()] = "",
) -> Response:
    """Add someone (the same rules as ``innercircle add``; e-mails, phones or profile URLs separated by
    commas or spaces)."""
    person = Person(name=name, org=org.strip() or None, title=title.strip() or None, tags=comma_list(tags))
    with writing(request) as tx:
        added = people.add_person(tx, person, ident.replace(",", " ").split(), now(request))
    return go(request, f"/people/{added.person_id}", f"Added {added.name}.")


@router.get("/people/{person_id}")
def person_page(request: Request, person_id: PathId, flash: str = "") -> Response:
    """One person: identities and sources, details, tie strength and why, timeline, forms."""
    current = now(request)
    with ws(request).read() as tx:
        person = data.person(tx, person_id, current)
        due = next((f for f in data.followups(tx, current) if f.person_id == person_id), None)
    return render(
        request,
        "person.html",
        due=due,
        p=person,
        channels=CHANNELS,
        detail_kinds=logbook.DETAIL_KINDS,
        tiers=TIERS,
        flash=flash,
    )


@router.post("/people/{person_id}/log", dependencies=[Depends(require_csrf)])
def log_form(
    request: Request,
    person_id: PathId,
    channel: Annotated[str, Form()],
    at: Annotated[str, Form()] = "now",
    minutes: Annotated[str, Form()] = "",
    note: Annotated[str, Form()] = "",
    by: Annotated[str, Form()] = "me",
    planned: Annotated[str, Form()] = "",
) -> Response:
    """Record an interaction with this person (the same rules as ``innercircle log``; one after today
    only when ticked as planned)."""
    current = now(request)
    mins = _minutes(minutes)
    try:
        with writing(request) as tx:
            when = parse_when(at or "now", current, get_zone(tx))
            logbook.log_interaction(
                tx, channel, [str(person_id)], when, current, mins, note.strip() or None, by, bool(planned)
            )
    except logbook.FutureDateError as exc:
        raise UserInputError(f"{exc}; tick “planned” to record one you mean to have") from None
    return _after_write(request, person_id, "logged", f"Logged {channel}.")


@router.post("/people/{person_id}/interactions/{interaction_id}/delete", dependencies=[Depends(require_csrf)])
def delete_form(request: Request, person_id: PathId, interaction_id: PathId) -> Response:
    """Delete one interaction of this person's timeline (the page asks first: a second button)."""
    with writing(request) as tx:
        gone = logbook.delete_interaction(tx, interaction_id, now(request), person_id)
    return _after_write(request, person_id, "logged", f"Deleted the {gone.channel} of {gone.at:%Y-%m-%d}.")


@router.post("/people/{person_id}/unarchive", dependencies=[Depends(require_csrf)])
def unarchive_form(request: Request, person_id: PathId) -> Response:
    """Bring an archived person back into the lists."""
    with writing(request) as tx:
        people.set_archived(tx, str(person_id), archived=False)
    return go(request, f"/people/{person_id}", "No longer archived.")


@router.post("/people/{person_id}/remember", dependencies=[Depends(require_csrf)])
def remember_form(
    request: Request,
    person_id: PathId,
    text: Annotated[str, Form()],
    kind: Annotated[str, Form()] = "note",
    on: Annotated[str, Form()] = "",
) -> Response:
    """Keep a personal detail about this person."""
    current = now(request)
    with writing(request) as tx:
        when = parse_when(on, current, get_zone(tx)) if on.strip() else None
        logbook.remember(tx, str(person_id), text, current, kind, when)
    return _after_write(request, person_id, "details", "Remembered.")


@router.post("/people/{person_id}/edit", dependencies=[Depends(require_csrf)])
def edit_form(
    request: Request,
    person_id: PathId,
    name: Annotated[str, Form()],
    org: Annotated[str, Form()] = "",
    title: Annotated[str, Form()] = "",
    location: Annotated[str, Form()] = "",
    tags: Annotated[str, Form()] = "",
    notes: Annotated[str, Form()] = "",
) -> Response:
    """Change who they are: name, organization, title, place, tags, notes (an empty field clears it)."""
    with writing(request) as tx:
        changes: dict[str, str | None] = {
            "name": name, "org": org, "title": title, "location": location, "notes": notes
        }  # fmt: skip
        people.edit_person(tx, str(person_id), changes, tags=comma_list(tags))
    return go(request, f"/people/{person_id}", "Saved.")


@router.post("/people/{person_id}/pin", dependencies=[Depends(require_csrf)])
def pin_form(
    request: Request,
    person_id: PathId,
    tier: Annotated[str, Form()] = "",
    closeness: Annotated[str, Form()] = "",
    cadence: Annotated[str, Form()] = "",
) -> Response:
    """Pin a tier (``none``: computed again), state closeness (0–1) and a follow-up cadence in days."""
    near = _number(closeness, "closeness", float)
    every = _number(cadence, "cadence", int)
    with writing(request) as tx:
        people.pin(tx, str(person_id), tier or None, near, every)
    return go(request, f"/people/{person_id}", "Saved.")


@router.post("/people/{person_id}/favor", dependencies=[Depends(require_csrf)])
def favor_form(
    request: Request,
    person_id: PathId,
    direction: Annotated[str, Form()],
    text: Annotated[str, Form()],
    on: Annotated[str, Form()] = "",
) -> Response:
    """A favour given or received, for the reciprocity ledger."""
    current = now(request)
    with writing(request) as tx:
        when = parse_when(on, current, get_zone(tx)) if on.strip() else current
        logbook.add_favor(tx, direction, str(person_id), text, when)
    return _after_write(request, person_id, "favors", "Noted.")


@router.post("/people/{person_id}/merge", dependencies=[Depends(require_csrf)])
def merge_form(request: Request, person_id: PathId, other: Annotated[str, Form()]) -> Response:
    """Fold another record of the same person into this one (``innercircle unmerge`` undoes it)."""
    picked = BY_ID.search(other)
    with writing(request) as tx:
        merged = merge(tx, str(person_id), picked.group(1) if picked else other, now(request))
    return go(request, f"/people/{person_id}", f"Merged {merged.merged.name} into {merged.name}.")


@router.post("/people/{person_id}/unmerge", dependencies=[Depends(require_csrf)])
def unmerge_form(request: Request, person_id: PathId) -> Response:
    """Undo the newest merge into this person: the other record comes back on its own."""
    with writing(request) as tx:
        back = unmerge(tx, str(person_id))
    return go(request, f"/people/{person_id}", f"Brought {back.name} (id {back.person_id}) back on its own.")


@router.post("/people/{person_id}/forget", dependencies=[Depends(require_csrf)])
def forget_form(request: Request, person_id: PathId, confirm: Annotated[str, Form()] = "") -> Response:
    """Erase every trace of them, once their name is typed again (as ``innercircle forget``)."""
    with ws(request).read() as tx:
        plan = plan_forget(tx, str(person_id))
    if confirm.strip() != plan.person.name:
        raise UserInputError(f"type their name, {plan.person.name}, to forget them")
    result = forget(ws(request), plan, wait_s=FORGET_WAIT_S)
    ws(request).cache.drop_analyses()
    message = f"Forgot {plan.person.name}."
    if result.problem:
        message += (
            f" The database file still needs cleaning ({result.problem}): run innercircle forget --finish"
        )
    return go(request, "/people", message)


def _number(text: str, what: str, kind: type[float] | type[int]) -> Any:
    text = text.strip()
    if not text:
        return None
    try:
        return kind(text)
    except ValueError:
        raise UserInputError(f"{what} must be a number, not {text!r}") from None


def _minutes(text: str) -> int | None:
    text = text.strip()
    if not text:
        return None
    if not (text.isascii() and text.isdigit()):  # int() would read "²" and fail on it
        raise UserInputError(f"minutes must be a whole number, not {text!r}")
    return int(text)


def _after_write(request: Request, person_id: int, part: str, message: str) -> Response:
    """htmx gets the refreshed part of the page (``logged``: the timeline, and the tie card out of band,
    since a new or deleted interaction moves the tie); a plain form goes back to the page (303)."""
    if is_htmx(request):
        with ws(request).read() as tx:
            person = data.person(tx, person_id, now(request))
        return render(
            request,
            f"_{part}.html",
            p=person,
            flash=message,
            channels=CHANNELS,
            detail_kinds=logbook.DETAIL_KINDS,
        )
    return RedirectResponse(f"/people/{person_id}?flash={message.replace(' ', '+')}", status_code=303)
