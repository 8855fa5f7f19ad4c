"""Plain-dict views of core objects, shared by the CLI's --json and the web API."""

from __future__ import annotations

from dataclasses import asdict
from typing import Any

from innercircle.core.history import part_direction, sender_of
from innercircle.core.model import Detail, Favor, Goal, Interaction, Person


def person_dict(p: Person) -> dict[str, Any]:
    """A person as JSON-able data."""
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
        "identities": [{"kind": str(i.kind), "value": i.value, "raw": i.raw} for i in p.identities],
        "sources": p.sources,
    }


def interaction_dict(
    it: Interaction, names: dict[int, str] | None = None, person_id: int | None = None
) -> dict[str, Any]:
    """An interaction as JSON-able data; with ``person_id``, as that person's timeline shows it.

    ``direction`` is then that person's part (core.history.part_direction): ``in`` only when they wrote it,
    ``present`` when they were a co-recipient of someone else's mail, else the interaction's direction;
    ``by`` is who wrote it (the participant listed as ``from``; None when nobody is)."""
    names = names or {}
    sender = sender_of(it)
    return {
        "id": it.id,
        "at": it.at,
        "channel": str(it.channel),
        "direction": str(it.direction) if person_id is None else part_direction(it, person_id),
        "by": None if sender is None else {"person_id": sender, "name": names.get(sender)},
        "duration_s": it.duration_s,
        "subject": it.subject,
        "note": it.note,
        "source": it.source,
        "group_size": it.group_size,
        "participants": [
            {"person_id": p.person_id, "role": str(p.role), "name": names.get(p.person_id)}
            for p in it.participants
        ],
    }


def detail_dict(d: Detail) -> dict[str, Any]:
    """A remembered detail as JSON-able data."""
    return {"id": d.id, "kind": d.kind, "text": d.text, "on": d.on, "created_at": d.created_at}


def goal_dict(g: Goal) -> dict[str, Any]:
    """A goal as JSON-able data."""
    return asdict(g)


def favor_dict(f: Favor) -> dict[str, Any]:
    """A favour as JSON-able data."""
    return asdict(f)
