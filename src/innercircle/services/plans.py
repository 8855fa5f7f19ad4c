"""What the user plans and what came of it: goals, events, outcomes."""

from __future__ import annotations

from dataclasses import asdict
from datetime import datetime

from innercircle.core.errors import NotFoundError, UserInputError
from innercircle.core.model import OUTCOME_KINDS, Event, Goal, Outcome
from innercircle.results.records import EventRecord, GoalRecord, OutcomeRecord
from innercircle.services.people import people_named, resolve_person, row_id, text_of
from innercircle.services.runtime.workspace import Tx
from innercircle.store import events as events_store
from innercircle.store import goals as goals_store
from innercircle.store import outcomes as outcomes_store
from innercircle.store import people as people_store

# ---------------------------------------------------------------- goals


def add_goal(tx: Tx, goal: Goal, now: datetime) -> GoalRecord:
    """Record a goal; returns it as stored."""
    goal.text = text_of(goal.text, "goal")
    bad = [k for k in goal.outcome_kinds if k not in OUTCOME_KINDS]
    if bad:
        raise UserInputError(f"unknown outcome kind {bad[0]!r} (one of: {', '.join(OUTCOME_KINDS)})")
    return goal_record(tx, goals_store.add_goal(tx.conn, goal, now))


def goal_record(tx: Tx, goal_id: int) -> GoalRecord:
    """One goal by id."""
    return GoalRecord(**asdict(resolve_goal(tx, str(goal_id))))


def resolve_goal(tx: Tx, text: str) -> Goal:
    """A goal by id or by words of its text."""
    goals = goals_store.list_goals(tx.conn)
    t = text.strip()
    if (wanted := row_id(t)) is not None:
        for g in goals:
            if g.id == wanted:
                return g
        raise NotFoundError(f"no goal with id {t}")
    hits = [g for g in goals if t.lower() in g.text.lower()]
    if len(hits) == 1:
        return hits[0]
    if not hits:
        raise NotFoundError(f"no goal matches {t!r}")
    raise UserInputError(f"{t!r} matches {len(hits)} goals: " + "; ".join(f"{g.id}: {g.text}" for g in hits))


def finish_goal(tx: Tx, text: str, now: datetime) -> GoalRecord:
    """Mark a goal done; returns it as stored."""
    g = resolve_goal(tx, text)
    assert g.id is not None
    goals_store.finish_goal(tx.conn, g.id, now)
    return goal_record(tx, g.id)


def goals(tx: Tx, include_done: bool = True) -> list[Goal]:
    """The goals, oldest first (finished ones only when ``include_done``)."""
    return goals_store.list_goals(tx.conn, include_done=include_done)


def goal_records(tx: Tx, include_done: bool = True) -> list[GoalRecord]:
    """The goals as ``goal list`` shows them, oldest first."""
    return [GoalRecord(**asdict(g)) for g in goals(tx, include_done)]


# ---------------------------------------------------------------- events


MAX_AMOUNT = 1e9  # hours or money of one event: more is a typo, and inf or NaN is not a number to store


def add_event(tx: Tx, event: Event, attendee_names: list[str]) -> EventRecord:
    """Record an event the user may attend (or attended); returns it as stored."""
    event.title = text_of(event.title, "event title")
    for amount, what in ((event.hours_cost, "--hours"), (event.cost, "--cost")):
        # an infinite amount would be stored, then break every JSON answer that lists the event
        if amount is not None and not 0 <= amount <= MAX_AMOUNT:
            raise UserInputError(f"{what} must be a number from 0 to {MAX_AMOUNT:g}")
    if event.end is not None and event.end < event.start:
        raise UserInputError("the event ends before it starts")
    event.attendees = [p.id or 0 for p in (resolve_person(tx, n) for n in attendee_names)]
    eid = events_store.add_event(tx.conn, event)
    assert eid is not None
    return event_record(tx, eid)


def event_record(tx: Tx, event_id: int) -> EventRecord:
    """One event by id, its attendees by person id."""
    return EventRecord(**asdict(resolve_event(tx, str(event_id))))


def resolve_event(tx: Tx, text: str) -> Event:
    """An event by id or by words of its title (the most recent match)."""
    events = events_store.list_events(tx.conn)
    t = text.strip()
    if (wanted := row_id(t)) is not None:
        for e in events:
            if e.id == wanted:
                return e
        raise NotFoundError(f"no event with id {t}")
    hits = [e for e in events if t.lower() in e.title.lower()]
    if not hits:
        raise NotFoundError(f"no event matches {t!r}")
    return hits[-1]


def event_records(tx: Tx) -> list[EventRecord]:
    """Every event as ``event list`` and the API show it, by start."""
    return [EventRecord(**asdict(e)) for e in events(tx)]


def events(tx: Tx) -> list[Event]:
    """Every event with its attendees, by start."""
    return events_store.list_events(tx.conn)


# ---------------------------------------------------------------- outcomes


def add_outcome(
    tx: Tx,
    kind: str,
    names: list[str],
    at: datetime,
    goal: str | None = None,
    event: str | None = None,
    note: str | None = None,
    value: float | None = None,
) -> OutcomeRecord:
    """Record what networking produced, and through whom; returns it as stored."""
    if kind not in OUTCOME_KINDS:
        raise UserInputError(f"unknown outcome kind {kind!r} (one of: {', '.join(OUTCOME_KINDS)})")
    people = people_named(tx, names)
    goal_id = None if goal is None else resolve_goal(tx, goal).id
    event_id = None if event is None else resolve_event(tx, event).id
    if note is not None and not note.strip():
        raise UserInputError("empty note")
    oid = outcomes_store.add_outcome(
        tx.conn,
        Outcome(
            kind=kind,
            at=at,
            people=[p.id or 0 for p in people],
            goal_id=goal_id,
            event_id=event_id,
            value=value,
            note=note,
        ),
    )
    return outcome_record(tx, oid)


def outcome_record(tx: Tx, outcome_id: int) -> OutcomeRecord:
    """One outcome, with the names of the people it came through."""
    found = [o for o in outcomes_store.list_outcomes(tx.conn) if o.id == outcome_id]
    if not found:
        raise NotFoundError(f"no outcome with id {outcome_id}")
    names = people_store.names_of(tx.conn, found[0].people)
    return OutcomeRecord(**asdict(found[0]), names=[names.get(pid) for pid in found[0].people])


def outcome_records(tx: Tx) -> list[OutcomeRecord]:
    """Every outcome as the API shows it, with the names of the people it came through."""
    found = outcomes(tx)
    names = people_store.names_of(tx.conn, {pid for o in found for pid in o.people})
    return [OutcomeRecord(**asdict(o), names=[names.get(pid) for pid in o.people]) for o in found]


def outcomes(tx: Tx) -> list[Outcome]:
    """Every outcome with the people it came through."""
    return outcomes_store.list_outcomes(tx.conn)
