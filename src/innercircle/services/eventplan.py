"""Events as decisions: triage upcoming ones, record attend/skip, review past ones and their return."""

from __future__ import annotations

from dataclasses import asdict
from datetime import datetime

from innercircle.core.context import Context
from innercircle.core.dates import show_time
from innercircle.core.errors import NotFoundError, UserInputError
from innercircle.core.events import TriageInput, event_return, returns_of, triage
from innercircle.core.model import Person
from innercircle.results.events import EventReview, TriageItem
from innercircle.services.people import resolve_person
from innercircle.services.plans import resolve_event
from innercircle.services.runtime.localzone import get_zone
from innercircle.services.runtime.workspace import Tx
from innercircle.services.strategy import load_context
from innercircle.store import events as events_store
from innercircle.store import people as people_store

DECISIONS = ("attend", "skip", "maybe")


def triage_context(ctx: Context) -> list[TriageItem]:
    """Attend/skip/maybe for every upcoming event in the context."""
    returns = returns_of(ctx.events, ctx.met, ctx.outcomes, ctx.out_contacts(), ctx.now)
    items = triage(
        TriageInput(
            now=ctx.now,
            events=ctx.events,
            goals=ctx.goals,
            ties=ctx.ties,
            fits=ctx.fits,
            orgs=ctx.orgs,
            names=ctx.names,
            returns=returns,
            ledger=ctx.ledger,
            budget=ctx.budget,
        )
    )
    return [TriageItem.model_validate(i, from_attributes=True) for i in items]


def triage_events(tx: Tx, now: datetime) -> list[TriageItem]:
    """Upcoming events judged attend/skip/maybe."""
    return triage_context(load_context(tx, now))


def decide(tx: Tx, event: str, decision: str) -> str:
    """Record the user's decision on an event; returns its title."""
    if decision not in DECISIONS:
        raise UserInputError(f"decision must be one of {', '.join(DECISIONS)}")
    e = resolve_event(tx, event)
    assert e.id is not None
    events_store.update_event(tx.conn, e.id, decision=decision)
    return e.title


def _met_person(tx: Tx, name: str, now: datetime) -> Person:
    """A person met at an event: found by name/identity, or created."""
    try:
        return resolve_person(tx, name)
    except NotFoundError:
        pid = people_store.add_person(
            tx.conn, Person(name=name.strip(), created_at=now, connected_at=now), now
        )
        p = people_store.get_person(tx.conn, pid)
        assert p is not None
        return p


def review_event(
    tx: Tx,
    event: str,
    now: datetime,
    rating: int | None = None,
    met: list[str] | None = None,
) -> EventReview:
    """Rate a past event, record who was met there, and compute its return per hour."""
    e = resolve_event(tx, event)
    assert e.id is not None
    if rating is not None:
        if not 1 <= rating <= 5:
            raise UserInputError("--rating must be between 1 and 5")
        if e.start > now:
            starts = show_time(e.start, get_zone(tx))
            raise UserInputError(f"event {e.title!r} has not happened yet (it starts {starts})")
        events_store.update_event(tx.conn, e.id, rating=rating)
    created = []
    for name in met or []:
        if not name.strip():
            raise UserInputError("empty name given to --met")
        p = _met_person(tx, name, e.start)
        assert p.id is not None
        events_store.add_attendee(tx.conn, e.id, p.id, met=True)
        created.append(p.name)
    if e.decision is None and (rating is not None or met):
        events_store.update_event(tx.conn, e.id, decision="attend")
    ctx = load_context(tx, now)
    ev = next(x for x in ctx.events if x.id == e.id)
    people = ctx.met.get(e.id) or ev.attendees
    ret = event_return(ev, people, ctx.outcomes, ctx.out_contacts())
    return EventReview.model_validate(
        asdict(ret)
        | {
            "met_names": [ctx.names.get(p, f"#{p}") for p in ret.met],
            "followed_up_names": [ctx.names.get(p, f"#{p}") for p in ret.followed_up],
            "recorded": created,
        }
    )
