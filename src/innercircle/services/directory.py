"""People as the CLI and the web list, search and show them: one implementation for both."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime

from innercircle.core.ties.score import TieScore
from innercircle.results.people import PersonRow, Profile
from innercircle.results.ties import Tie
from innercircle.services.people import resolve_person
from innercircle.services.runtime.workspace import Tx
from innercircle.services.ties import compute_ties, tie_for_person
from innercircle.services.views import detail_result, favor_result, person_fields, person_row, timeline_entry
from innercircle.store import details, favors, identities, interactions, people

TIMELINE = 50  # the latest interactions a profile shows


def people_rows(tx: Tx, now: datetime, ties: Mapping[int, TieScore] | None = None) -> list[PersonRow]:
    """Everyone (the owner left out), by id: the person's fields and identities, and the tie's strength,
    tier and last contact at ``now`` (None when not scored). ``ties``: already scored at ``now``."""
    scores = compute_ties(tx, now) if ties is None else ties
    idents = identities.all_identities(tx.conn)
    rows = []
    for p in people.list_people(tx.conn):
        p.identities = idents.get(p.id or 0, [])
        rows.append(person_row(p, scores.get(p.id or 0)))
    return rows


def matches(row: PersonRow, needle: str) -> bool:
    """Whether a person row's name, organization and identities, joined by spaces, contain ``needle``
    (any case)."""
    text = " ".join([row.name, row.org or "", *(i.value for i in row.identities)])
    return needle.strip().lower() in text.lower()


def select(
    rows: list[PersonRow],
    search: str | None = None,
    tier: str | None = None,
    archived: bool | None = False,
) -> list[PersonRow]:
    """The rows matching ``search`` (see ``matches``; blank: all), in ``tier`` (None: any) and archived
    or not as ``archived`` says (False: the people still tracked, True: only archived ones, None: both)."""
    if archived is not None:
        rows = [r for r in rows if r.archived is archived]
    if search and search.strip():
        rows = [r for r in rows if matches(r, search)]
    if tier:
        rows = [r for r in rows if r.tier == tier]
    return rows


def profile(
    tx: Tx,
    name: str,
    now: datetime,
    before: datetime | None = None,
    tie: Tie | None = None,
) -> Profile:
    """Everything ``show`` and the person page say about someone: their fields, identities and sources,
    details, favours, the latest interactions (before ``before`` when given; an entry is ``planned``
    exactly when it is after ``now``: logged with ``--future``) and tie at ``before or now`` (``tie``:
    that tie, already made)."""
    person = resolve_person(tx, name)
    pid = person.id
    assert pid is not None
    timeline = interactions.interactions_of(tx.conn, pid, before=before, limit=TIMELINE)
    names = people.names_of(tx.conn, {p.person_id for it in timeline for p in it.participants})
    return Profile(
        **person_fields(person),
        details=[detail_result(d) for d in details.details_of(tx.conn, pid)],
        favors=[favor_result(f) for f in favors.all_favors(tx.conn) if f.person_id == pid],
        timeline=[timeline_entry(it, names, pid, now) for it in timeline],
        tie=tie if tie is not None else tie_for_person(tx, pid, before or now),
    )
