"""Core objects as the typed results the front ends render (innercircle/results): one place that says
how a stored person, detail, favour or interaction becomes its result."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from innercircle.core.history import part_direction, sender_of
from innercircle.core.model import Detail, Favor, Interaction, Person
from innercircle.core.ties.score import TieScore
from innercircle.results.people import (
    DetailRecord,
    FavorRecord,
    Identity,
    InteractionRecord,
    Participant,
    Party,
    PersonRecord,
    PersonRow,
    TimelineEntry,
)


def person_fields(p: Person) -> dict[str, Any]:
    """The fields of a person's result (``PersonRecord``) and of those made on it."""
    return {
        "person_id": p.id,
        "name": p.name,
        "org": p.org,
        "title": p.title,
        "location": p.location,
        "tags": p.tags,
        "notes": p.notes,
        "tier_pin": p.tier_pin,
        "closeness": p.closeness,
        "cadence_days": p.cadence_days,
        "archived": p.archived,
        "connected_at": p.connected_at,
        "identities": [Identity(kind=str(i.kind), value=i.value, raw=i.raw) for i in p.identities],
        "sources": p.sources,
    }


def person_result(p: Person) -> PersonRecord:
    """A stored person (with their identities and sources) as a result."""
    return PersonRecord(**person_fields(p))


def person_row(p: Person, tie: TieScore | None) -> PersonRow:
    """A row of the people list: the person, and the strength, tier and last contact of ``tie`` (None:
    not scored)."""
    return PersonRow(
        **person_fields(p),
        strength=None if tie is None else tie.strength,
        tier=None if tie is None else tie.tier,
        last_contact=None if tie is None else tie.last_contact,
    )


def interaction_fields(
    it: Interaction, names: dict[int, str] | None = None, person_id: int | None = None
) -> dict[str, Any]:
    """The fields of an interaction's result (``interaction_result``) and of those made on it."""
    names = names or {}
    sender = sender_of(it)
    return {
        "id": it.id,
        "at": it.at,
        "channel": str(it.channel),
        "direction": str(it.direction) if person_id is None else part_direction(it, person_id),
        "by": None if sender is None else Party(person_id=sender, name=names.get(sender)),
        "duration_s": it.duration_s,
        "subject": it.subject,
        "note": it.note,
        "source": it.source,
        "group_size": it.group_size,
        "participants": [
            Participant(person_id=p.person_id, role=str(p.role), name=names.get(p.person_id))
            for p in it.participants
        ],
    }


def interaction_result(
    it: Interaction, names: dict[int, str] | None = None, person_id: int | None = None
) -> InteractionRecord:
    """A stored interaction as a result (``names``: the participants' names by id); with ``person_id``,
    as that person's timeline shows it.

    ``direction`` is then that person's part (core.history.part_direction): ``in`` only when they wrote it,
    ``present`` when they were a co-recipient of someone else's mail, else the interaction's direction;
    ``by`` is who wrote it (the participant listed as ``from``; None when nobody is)."""
    return InteractionRecord(**interaction_fields(it, names, person_id))


def timeline_entry(it: Interaction, names: dict[int, str], person_id: int, now: datetime) -> TimelineEntry:
    """An interaction in ``person_id``'s timeline (see ``interaction_result``), ``planned`` exactly when it
    is after ``now``."""
    return TimelineEntry(**interaction_fields(it, names, person_id), planned=it.at > now)


def detail_fields(d: Detail) -> dict[str, Any]:
    """The fields of a remembered detail's result (``DetailRecord``) and of those made on it."""
    return {"id": _stored(d.id), "kind": d.kind, "text": d.text, "on": d.on, "created_at": d.created_at}


def detail_result(d: Detail) -> DetailRecord:
    """A remembered detail as a result."""
    return DetailRecord(**detail_fields(d))


def favor_fields(f: Favor) -> dict[str, Any]:
    """The fields of a favour's result (``FavorRecord``) and of those made on it."""
    return {
        "person_id": f.person_id,
        "direction": f.direction,
        "text": f.text,
        "at": f.at,
        "id": _stored(f.id),
    }


def favor_result(f: Favor) -> FavorRecord:
    """A favour as a result."""
    return FavorRecord(**favor_fields(f))


def _stored(record_id: int | None) -> int:
    """The id of a stored record (one read from the database always has one)."""
    if record_id is None:
        raise ValueError("a record that was never stored has no result")
    return record_id
