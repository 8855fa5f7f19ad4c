"""What ``show`` prints about a person (the rest of the records moved to people, logbook and plans)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import Connection

from innercircle.core.model import Detail, Favor, Interaction, Person
from innercircle.services.people import resolve_person
from innercircle.store import details as details_store
from innercircle.store import favors as favors_store
from innercircle.store import interactions
from innercircle.store import people as people_store


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
