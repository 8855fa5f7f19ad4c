"""People as the CLI and the web list, search and show them: one implementation for both."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime
from typing import Any

from sqlalchemy import Connection

from innercircle.core.ties.score import TieScore
from innercircle.services.records import person_view
from innercircle.services.ties import compute_ties, tie_for_person
from innercircle.services.views import detail_dict, favor_dict, interaction_dict, person_dict
from innercircle.store import identities, people


def people_rows(
    conn: Connection, now: datetime, ties: Mapping[int, TieScore] | None = None
) -> list[dict[str, Any]]:
    """Everyone (the owner left out), by id: the person's fields and identities, and the tie's strength,
    tier and last contact at ``now`` (None when not scored). ``ties``: already scored at ``now``."""
    scores = compute_ties(conn, now) if ties is None else ties
    idents = identities.all_identities(conn)
    rows = []
    for p in people.list_people(conn):
        p.identities = idents.get(p.id or 0, [])
        sc = scores.get(p.id or 0)
        rows.append(
            person_dict(p)
            | {
                "strength": sc.strength if sc else None,
                "tier": sc.tier if sc else None,
                "last_contact": sc.last_contact if sc else None,
            }
        )
    return rows


def matches(row: Mapping[str, Any], needle: str) -> bool:
    """Whether a person row's name, organization and identities, joined by spaces, contain ``needle``
    (any case)."""
    text = " ".join([row["name"], row["org"] or "", *(i["value"] for i in row["identities"])])
    return needle.strip().lower() in text.lower()


def select(
    rows: list[dict[str, Any]],
    search: str | None = None,
    tier: str | None = None,
    archived: bool | None = False,
) -> list[dict[str, Any]]:
    """The rows matching ``search`` (see ``matches``; blank: all), in ``tier`` (None: any) and archived
    or not as ``archived`` says (False: the people still tracked, True: only archived ones, None: both)."""
    if archived is not None:
        rows = [r for r in rows if bool(r["archived"]) is archived]
    if search and search.strip():
        rows = [r for r in rows if matches(r, search)]
    if tier:
        rows = [r for r in rows if r["tier"] == tier]
    return rows


def profile(
    conn: Connection,
    name: str,
    now: datetime,
    before: datetime | None = None,
    tie: dict[str, Any] | None = None,
) -> dict[str, Any]:
    """Everything ``show`` and the person page say about someone: their fields, identities and sources,
    details, favours, timeline (before ``before`` when given; an entry is ``planned`` exactly when it is
    after ``now``: logged with ``--future``) and tie at ``before or now`` (``tie``: that tie, already made)."""
    view = person_view(conn, name, before=before)
    return (
        person_dict(view.person)
        | {
            "details": [detail_dict(d) for d in view.details],
            "favors": [favor_dict(f) for f in view.favors],
            "timeline": [
                interaction_dict(it, view.names, view.person.id) | {"planned": it.at > now}
                for it in view.timeline
            ],
        }
        | {"tie": tie if tie is not None else tie_for_person(conn, view.person.id or 0, before or now)}
    )
