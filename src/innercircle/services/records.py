"""Recording what the user tells us: interactions, details, favours, goals, events, outcomes."""

from __future__ import annotations

from dataclasses import asdict, dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import Connection

from innercircle.core.errors import NotFoundError, UserInputError
from innercircle.core.model import (
    DEFAULT_REGION,
    OUTCOME_KINDS,
    Channel,
    Detail,
    Direction,
    Event,
    Favor,
    Goal,
    Interaction,
    Outcome,
    Participant,
    Person,
    Role,
)
from innercircle.core.model import DETAIL_KINDS as DETAIL_KINDS  # the web's forms list them from here
from innercircle.core.ties.tiers import TIERS
from innercircle.importers.identity import parse_identity
from innercircle.services.people import ensure_me, resolve_person
from innercircle.services.runtime.localzone import get_zone
from innercircle.services.views import detail_dict, favor_dict, goal_dict, interaction_dict, person_dict
from innercircle.store import details as details_store
from innercircle.store import events as events_store
from innercircle.store import favors as favors_store
from innercircle.store import goals as goals_store
from innercircle.store import identities as identities_store
from innercircle.store import interactions
from innercircle.store import outcomes as outcomes_store
from innercircle.store import people as people_store


def _text(value: str, what: str) -> str:
    if not value or not value.strip():
        raise UserInputError(f"empty {what}")
    return value.strip()


def _people(conn: Connection, names: list[str]) -> list[Person]:
    if not names:
        raise UserInputError("no person given")
    return [resolve_person(conn, n) for n in names]


def add_person(
    conn: Connection, person: Person, identities: list[str], now: datetime, region: str = DEFAULT_REGION
) -> int:
    """Add someone by hand; refuses an identity that already belongs to someone."""
    person.name = _text(person.name, "name")
    if person.closeness is not None and not 0 <= person.closeness <= 1:
        raise UserInputError("--closeness must be between 0 and 1")
    if person.tier_pin is not None and person.tier_pin not in TIERS:
        raise UserInputError(f"unknown tier {person.tier_pin!r} (one of: {', '.join(TIERS)})")
    refs = []
    for raw in identities:
        ref = parse_identity(_text(raw, "identity"), region)
        holder = identities_store.person_for_identity(conn, ref)
        if holder is not None:
            raise UserInputError(f"{ref.value} already belongs to person {holder}")
        refs.append(ref)
    person.identities = refs
    return people_store.add_people(conn, [person], now, source="manual")[0]


class FutureDateError(UserInputError):
    """A logged interaction dated after now that was not declared planned (each front end says how to)."""


def log_interaction(
    conn: Connection,
    channel: str,
    names: list[str],
    at: datetime,
    now: datetime,
    minutes: int | None = None,
    note: str | None = None,
    by: str = "me",
    planned: bool = False,
) -> int:
    """Record an interaction the user had; returns its id.

    One on a later day than today (both in the owner's zone) is refused (``FutureDateError``: a mistyped
    year would otherwise sit in the timeline unnoticed) unless ``planned``: one the user means to have.
    Later today is accepted: a bare date or ``today`` means noon of that day, ahead of a morning's now."""
    try:
        ch = Channel(channel.lower())
    except ValueError:
        raise UserInputError(
            f"unknown channel {channel!r} (one of: {', '.join(c.value for c in Channel)})"
        ) from None
    if by not in ("me", "them"):
        raise UserInputError("--by must be 'me' or 'them'")
    if minutes is not None and minutes < 0:
        raise UserInputError("--minutes must not be negative")
    if note is not None and not note.strip():
        raise UserInputError("empty note")
    zone = get_zone(conn)
    if at.astimezone(zone).date() > now.astimezone(zone).date() and not planned:
        raise FutureDateError(
            f"{at.astimezone(zone):%Y-%m-%d} is after today, and a logged interaction is one that happened"
        )
    people = _people(conn, names)
    owner = ensure_me(conn, now)
    assert owner.id is not None
    if by == "me":
        parts = [Participant(owner.id, Role.FROM)] + [Participant(p.id or 0, Role.TO) for p in people]
        direction = Direction.OUT
    else:
        parts = [Participant(people[0].id or 0, Role.FROM), Participant(owner.id, Role.TO)]
        parts += [Participant(p.id or 0, Role.TO) for p in people[1:]]
        direction = Direction.IN
    if ch is Channel.MEETING and by == "me":
        direction = Direction.OUT
    it = Interaction(
        at=at,
        channel=ch,
        participants=parts,
        direction=direction,
        duration_s=None if minutes is None else minutes * 60,
        note=note,
        source="manual",
        group_size=len(people),
    )
    iid = interactions.add_interaction(conn, it)
    assert iid is not None
    return iid


def person_record(conn: Connection, person_id: int) -> dict[str, Any]:
    """One person as the write commands' ``--json`` prints them: fields, identities, sources."""
    p = people_store.get_person(conn, person_id)
    if p is None:
        raise NotFoundError(f"no person with id {person_id}")
    return person_dict(p)


def archived_ids(conn: Connection) -> set[int]:
    """The ids of the archived people (lists that show everyone mark them)."""
    return {p.id or 0 for p in people_store.list_people(conn) if p.archived}


def set_archived(conn: Connection, name: str, archived: bool) -> dict[str, Any]:
    """Archive a person (left out of ``people``, focus and prune) or bring them back; returns them.

    Archiving hides, never deletes: their interactions, details and tie stay as they were."""
    person = resolve_person(conn, name)
    assert person.id is not None
    if person.archived == archived:
        raise UserInputError(f"{person.name} is {'already' if archived else 'not'} archived")
    people_store.update_person(conn, person.id, archived=archived)
    return person_record(conn, person.id)


def goal_record(conn: Connection, goal_id: int) -> dict[str, Any]:
    """One goal as ``goal add --json`` prints it."""
    return goal_dict(resolve_goal(conn, str(goal_id)))


def event_record(conn: Connection, event_id: int) -> dict[str, Any]:
    """One event as ``event add --json`` prints it (attendees by person id)."""
    return asdict(resolve_event(conn, str(event_id)))


def outcome_record(conn: Connection, outcome_id: int) -> dict[str, Any]:
    """One outcome as ``outcome add --json`` prints it, with the names of the people it came through."""
    found = [o for o in outcomes_store.list_outcomes(conn) if o.id == outcome_id]
    if not found:
        raise NotFoundError(f"no outcome with id {outcome_id}")
    names = people_store.names_of(conn, found[0].people)
    return asdict(found[0]) | {"names": [names.get(pid) for pid in found[0].people]}


def detail_record(conn: Connection, detail_id: int) -> dict[str, Any]:
    """One remembered detail as ``remember --json`` prints it, with whose it is."""
    d = details_store.get_detail(conn, detail_id)
    if d is None:
        raise NotFoundError(f"no detail with id {detail_id}")
    return detail_dict(d) | {"person_id": d.person_id, "name": _name(conn, d.person_id)}


def favor_record(conn: Connection, favor_id: int) -> dict[str, Any]:
    """One favour as ``favor --json`` prints it, with whose it is."""
    f = favors_store.get_favor(conn, favor_id)
    if f is None:
        raise NotFoundError(f"no favour with id {favor_id}")
    return favor_dict(f) | {"name": _name(conn, f.person_id)}


def _name(conn: Connection, person_id: int) -> str | None:
    return people_store.names_of(conn, [person_id]).get(person_id)


def interaction_record(conn: Connection, interaction_id: int, now: datetime) -> dict[str, Any]:
    """One interaction as ``log --json`` prints it: its fields and participants with their names, and
    ``planned``, true exactly when its time is after ``now``."""
    it = interactions.get_interaction(conn, interaction_id)
    if it is None:
        raise NotFoundError(f"no interaction with id {interaction_id}")
    names = people_store.names_of(conn, {p.person_id for p in it.participants})
    return interaction_dict(it, names) | {"planned": it.at > now}


def delete_interaction(
    conn: Connection, interaction_id: int, now: datetime, person_id: int | None = None
) -> dict[str, Any]:
    """Delete one interaction (with ``person_id``: only if that person took part); returns it as it was."""
    record = interaction_record(conn, interaction_id, now)
    if person_id is not None and all(p["person_id"] != person_id for p in record["participants"]):
        raise NotFoundError(f"no interaction with id {interaction_id} on this person's timeline")
    if conn.dialect.name == "sqlite":
        conn.exec_driver_sql("PRAGMA secure_delete=ON")  # its text is overwritten, not left in free pages
    interactions.delete_interaction(conn, interaction_id)
    return record


def remember(
    conn: Connection, name: str, text: str, now: datetime, kind: str = "note", on: datetime | None = None
) -> int:
    """Keep a personal detail about someone; returns its id (or the existing one's)."""
    body = _text(text, "detail")
    if kind not in DETAIL_KINDS:
        raise UserInputError(f"unknown detail kind {kind!r} (one of: {', '.join(DETAIL_KINDS)})")
    person = resolve_person(conn, name)
    assert person.id is not None
    did = details_store.add_detail(
        conn, Detail(person_id=person.id, text=body, kind=kind, on=None if on is None else on.date()), now
    )
    if did is None:
        raise UserInputError(f"already remembered for {person.name}: {body}")
    return did


def add_favor(conn: Connection, direction: str, name: str, text: str, at: datetime) -> int:
    """One entry in the reciprocity ledger."""
    if direction not in ("gave", "received"):
        raise UserInputError("favour direction must be 'gave' or 'received'")
    body = _text(text, "favour")
    person = resolve_person(conn, name)
    assert person.id is not None
    return favors_store.add_favor(conn, Favor(person_id=person.id, direction=direction, text=body, at=at))


def add_goal(conn: Connection, goal: Goal, now: datetime) -> int:
    """Record a goal."""
    goal.text = _text(goal.text, "goal")
    bad = [k for k in goal.outcome_kinds if k not in OUTCOME_KINDS]
    if bad:
        raise UserInputError(f"unknown outcome kind {bad[0]!r} (one of: {', '.join(OUTCOME_KINDS)})")
    return goals_store.add_goal(conn, goal, now)


def resolve_goal(conn: Connection, text: str) -> Goal:
    """A goal by id or by words of its text."""
    goals = goals_store.list_goals(conn)
    t = text.strip()
    if t.isdigit():
        for g in goals:
            if g.id == int(t):
                return g
        raise NotFoundError(f"no goal with id {t}")
    hits = [g for g in goals if t.lower() in g.text.lower()]
    if len(hits) == 1:
        return hits[0]
    if not hits:
        raise NotFoundError(f"no goal matches {t!r}")
    raise UserInputError(f"{t!r} matches {len(hits)} goals: " + "; ".join(f"{g.id}: {g.text}" for g in hits))


def finish_goal(conn: Connection, text: str, now: datetime) -> Goal:
    """Mark a goal done."""
    g = resolve_goal(conn, text)
    assert g.id is not None
    goals_store.finish_goal(conn, g.id, now)
    return g


def add_event(conn: Connection, event: Event, attendee_names: list[str]) -> int:
    """Record an event the user may attend (or attended)."""
    event.title = _text(event.title, "event title")
    if event.hours_cost is not None and event.hours_cost < 0:
        raise UserInputError("--hours must not be negative")
    if event.end is not None and event.end < event.start:
        raise UserInputError("the event ends before it starts")
    event.attendees = [p.id or 0 for p in (resolve_person(conn, n) for n in attendee_names)]
    eid = events_store.add_event(conn, event)
    assert eid is not None
    return eid


def resolve_event(conn: Connection, text: str) -> Event:
    """An event by id or by words of its title (the most recent match)."""
    events = events_store.list_events(conn)
    t = text.strip()
    if t.isdigit():
        for e in events:
            if e.id == int(t):
                return e
        raise NotFoundError(f"no event with id {t}")
    hits = [e for e in events if t.lower() in e.title.lower()]
    if not hits:
        raise NotFoundError(f"no event matches {t!r}")
    return hits[-1]


def add_outcome(
    conn: Connection,
    kind: str,
    names: list[str],
    at: datetime,
    goal: str | None = None,
    event: str | None = None,
    note: str | None = None,
    value: float | None = None,
) -> int:
    """Record what networking produced, and through whom."""
    if kind not in OUTCOME_KINDS:
        raise UserInputError(f"unknown outcome kind {kind!r} (one of: {', '.join(OUTCOME_KINDS)})")
    people = _people(conn, names)
    goal_id = None if goal is None else resolve_goal(conn, goal).id
    event_id = None if event is None else resolve_event(conn, event).id
    if note is not None and not note.strip():
        raise UserInputError("empty note")
    return outcomes_store.add_outcome(
        conn,
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


@dataclass(slots=True)
class PersonView:
    """Everything ``show`` prints about a person."""

    person: Person
    details: list[Detail]
    timeline: list[Interaction]
    favors: list[Favor]
    names: dict[int, str]


def person_view(conn: Connection, name: str, before: datetime | None = None, limit: int = 50) -> PersonView:
    """A person with what is remembered and their recent interactions."""
    person = resolve_person(conn, name)
    assert person.id is not None
    timeline = interactions.interactions_of(conn, person.id, before=before, limit=limit)
    ids = {p.person_id for it in timeline for p in it.participants}
    names = people_store.names_of(conn, ids)
    favors = [f for f in favors_store.all_favors(conn) if f.person_id == person.id]
    return PersonView(person, details_store.details_of(conn, person.id), timeline, favors, names)


# ---------------------------------------------------------------- reading them back


def goals(conn: Connection, include_done: bool = True) -> list[Goal]:
    """The goals, oldest first (finished ones only when ``include_done``)."""
    return goals_store.list_goals(conn, include_done=include_done)


def events(conn: Connection) -> list[Event]:
    """Every event with its attendees, by start."""
    return events_store.list_events(conn)


def outcomes(conn: Connection) -> list[Outcome]:
    """Every outcome with the people it came through."""
    return outcomes_store.list_outcomes(conn)


def names(conn: Connection) -> dict[int, str]:
    """Everyone's name by id (merged-away records left out)."""
    return people_store.all_names(conn)


def counts(conn: Connection) -> dict[str, int]:
    """How many people (the owner left out) and interactions are stored."""
    return {"people": people_store.count_people(conn), "interactions": interactions.count_interactions(conn)}
