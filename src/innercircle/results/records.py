"""What the write commands answer: each record as it is stored after the change, with its id.

``init``, ``add``, ``log``, ``remember``, ``favor``, ``goal``, ``event``, ``outcome``, ``pin``, ``merge``,
``unmerge``, ``unarchive`` and ``me`` print these with ``--json``; the web's forms make the same changes.
A person, a detail, a favour and an interaction are the people results (``results.people``), with what a
write adds to them.
"""

from __future__ import annotations

from datetime import date

from pydantic import Field

from innercircle.core.model import OUTCOME_KINDS, IdentityKind
from innercircle.results import Page, Result, choices
from innercircle.results.moments import Moment
from innercircle.results.people import DetailRecord, FavorRecord, InteractionRecord, PersonRecord


class Counts(Result):
    """How much is stored."""

    people: int
    """People (you left out, merged-away records too)."""
    interactions: int
    """Interactions."""


class OwnerRecord(PersonRecord):
    """You, as ``init`` recorded you, and the database you are in."""

    db: str
    """The database in use (its path or URL)."""


class OwnIdentity(Result):
    """One of your identities, as you wrote it."""

    kind: str = Field(json_schema_extra=choices(IdentityKind))
    """What the identity is."""
    value: str
    """As written (``init --me``, ``me add``), else as compared."""


class OwnerIdentities(Result):
    """Who you are to innercircle: your name and identities."""

    name: str
    """Your name (``Me`` until ``init --name``)."""
    identities: list[OwnIdentity]
    """Your emails, phones and handles: mail and chats are yours by these."""


class PersonRef(Result):
    """A person named by id."""

    person_id: int | None
    """Their id."""
    name: str | None
    """Their name (null: a record merged or erased since)."""


class MergedRecord(PersonRecord):
    """The person kept by a merge, with everything of the other record now theirs."""

    merged: PersonRef
    """The record folded into them (``unmerge`` brings it back)."""


class UnmergedRecord(PersonRecord):
    """The record an ``unmerge`` brought back, and the person it had been merged into."""

    kept: PersonRecord
    """The person it had been merged into, as they are now."""


class LoggedInteraction(InteractionRecord):
    """An interaction as ``log`` recorded it (or as it was when deleted)."""

    planned: bool
    """Whether it is after the moment it was logged: one you mean to have (``--future``)."""


class RememberedDetail(DetailRecord):
    """A detail you keep about someone, with whose it is."""

    person_id: int
    """Whose detail it is."""
    name: str | None
    """Their name."""


class FavorEntry(FavorRecord):
    """A favour in the reciprocity ledger, with the name of the person it was with."""

    name: str | None
    """Their name."""


class GoalRecord(Result):
    """A networking goal, and who fits it (by roles, organizations, tags)."""

    text: str
    """The goal, in your words."""
    roles: list[str]
    """Roles of the people who help with it (``investor``)."""
    orgs: list[str]
    """Organizations whose people help with it."""
    tags: list[str]
    """Tags of the people who help with it."""
    outcome_kinds: list[str] = Field(json_schema_extra={"items": {"enum": list(OUTCOME_KINDS)}})
    """The outcomes that count for it."""
    due: date | None
    """When it should be reached."""
    created_at: Moment | None
    """When you set it."""
    done_at: Moment | None
    """When you marked it done (null: still open)."""
    id: int
    """The goal's id."""


class EventRecord(Result):
    """An event you may attend, attended or skipped."""

    title: str
    """What it is."""
    start: Moment
    """When it starts."""
    end: Moment | None
    """When it ends."""
    place: str | None
    """Where."""
    hours_cost: float | None
    """Hours it costs, travel included."""
    topics: list[str]
    """Its topics."""
    organizer: str | None
    """Who organizes it."""
    series: str | None
    """The series it belongs to."""
    cost: float | None
    """Its price."""
    rating: int | None
    """Your rating after it, 1 (waste) to 5 (excellent)."""
    notes: str | None
    """Your notes."""
    decision: str | None = Field(json_schema_extra=choices(("attend", "skip", "maybe"), optional=True))
    """What you decided (null: undecided)."""
    attendees: list[int]
    """The ids of the people who will be (or were) there."""
    source: str
    """Where it came from: ``manual``, or the import."""
    source_id: str | None
    """Its id in that source (a calendar's UID)."""
    id: int
    """The event's id."""


class EventsPage(Page):
    """One page of the events (``/api/events``)."""

    items: list[EventRecord]
    """The events on this page, by start."""


class OutcomeRecord(Result):
    """Something your networking produced (a referral, an intro, a job…), and through whom."""

    kind: str = Field(json_schema_extra=choices(OUTCOME_KINDS))
    """What it was."""
    at: Moment
    """When."""
    people: list[int]
    """The ids of the people it came through."""
    goal_id: int | None
    """The goal it served."""
    event_id: int | None
    """The event it came from."""
    value: float | None
    """What it was worth, in your own unit."""
    note: str | None
    """Your note."""
    id: int
    """The outcome's id."""
    names: list[str | None]
    """The names of ``people``, in the same order (null: a record merged or erased since)."""
