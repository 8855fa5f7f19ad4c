"""People as the use cases answer them: a person's record, a row of the people list, one person's
profile (details, favours, timeline, tie), and the interactions of a timeline."""

from __future__ import annotations

from datetime import date

from pydantic import Field

from innercircle.core.model import DETAIL_KINDS, Channel, IdentityKind, Role
from innercircle.core.ties.tiers import TIERS
from innercircle.results import Page, Result, choices
from innercircle.results.moments import Moment
from innercircle.results.ties import Tie


class Identity(Result):
    """An email, phone, profile or handle a person is known by."""

    kind: str = Field(json_schema_extra=choices(IdentityKind))
    """What the identity is."""
    value: str
    """As compared: lower-cased email, phone in international form, canonical profile address."""
    raw: str
    """As it was written in the source it came from (empty when typed in by hand)."""


class PersonRecord(Result):
    """A person as stored: who they are and what you said about them."""

    person_id: int
    """The person's id."""
    name: str
    """Their name."""
    org: str | None
    """Their organization."""
    title: str | None
    """Their position or role."""
    location: str | None
    """Where they are."""
    tags: list[str]
    """Your tags: topics, roles, how you met."""
    notes: str | None
    """Your notes."""
    tier_pin: str | None = Field(json_schema_extra=choices(TIERS, optional=True))
    """The tier you pinned them to, which overrides the computed one (null: not pinned)."""
    closeness: float | None
    """How close you said you feel, from 0 to 1 (null: not said)."""
    cadence_days: int | None
    """Follow up every this many days: your own cadence for them (null: their tier's)."""
    archived: bool
    """Archived (by ``prune --apply``): left out of the lists, focus and prune until unarchived."""
    connected_at: Moment | None
    """When you connected (a LinkedIn connection date, for example): the start of the relationship."""
    identities: list[Identity]
    """Every email, phone and profile they are known by."""
    sources: list[str]
    """The imports they came from."""


class PersonRow(PersonRecord):
    """A row of the people list: the person, and their tie at the moment of the list."""

    strength: float | None
    """The tie's strength, from 0 to 1 (null: not scored, e.g. merged away)."""
    tier: str | None = Field(json_schema_extra=choices(TIERS, optional=True))
    """The tie's tier (null: not scored)."""
    last_contact: Moment | None
    """The latest contact before the moment of the list (null: never in contact)."""


class PeoplePage(Page):
    """One page of the people list (``/api/people``)."""

    items: list[PersonRow]
    """The people on this page, strongest tie first."""


class DetailRecord(Result):
    """Something remembered about a person, dated when it recurs (a birthday, an anniversary)."""

    id: int
    """The detail's id."""
    kind: str = Field(json_schema_extra=choices(DETAIL_KINDS))
    """What kind of detail it is."""
    text: str
    """The detail, in your words."""
    on: date | None
    """Its date (a birthday, an anniversary), when it has one."""
    created_at: Moment | None
    """When you noted it."""


class FavorRecord(Result):
    """One entry of the reciprocity ledger: a favour you did for someone, or they did for you."""

    person_id: int
    """Who the favour was with."""
    direction: str = Field(json_schema_extra=choices(("gave", "received")))
    """``gave``: you did it for them; ``received``: they did it for you."""
    text: str
    """What the favour was."""
    at: Moment
    """When it happened."""
    id: int
    """The favour's id."""


class Party(Result):
    """Who wrote an interaction."""

    person_id: int
    """Their id."""
    name: str | None
    """Their name (null: a record merged or erased since)."""


class Participant(Result):
    """A person's part in an interaction."""

    person_id: int
    """Their id."""
    role: str = Field(json_schema_extra=choices(Role))
    """Their part: from (wrote it), to, cc, attendee, organizer."""
    name: str | None
    """Their name (null: a record merged or erased since)."""


class InteractionRecord(Result):
    """One interaction: a mail, a call, a meeting, a message, logged or imported."""

    id: int
    """The interaction's id (for ``interaction delete``)."""
    at: Moment
    """When it happened."""
    channel: str = Field(json_schema_extra=choices(Channel))
    """How it happened."""
    direction: str
    """Who reached out, seen from you: ``out`` (you), ``in`` (they did), ``mutual`` or ``unknown``. In a
    person's timeline it is that person's part: ``in`` only when they wrote it, ``present`` when they were
    a co-recipient of someone else's mail."""
    by: Party | None
    """Who wrote it (null: nobody is listed as its sender)."""
    duration_s: int | None
    """How long it lasted, in seconds (null: not known)."""
    subject: str | None
    """Its subject (a mail's, a meeting's title)."""
    note: str | None
    """Your note about it."""
    source: str
    """Where it came from: ``manual`` when logged by hand, else the import."""
    group_size: int
    """How many other people were addressed."""
    participants: list[Participant]
    """Everyone who took part, the owner included."""


class TimelineEntry(InteractionRecord):
    """An interaction in a person's timeline."""

    planned: bool
    """Whether it is after the moment of the answer: logged ahead with ``--future``."""


class Profile(PersonRecord):
    """Everything about one person: who they are, what you remember, the favours, the latest
    interactions and the tie."""

    details: list[DetailRecord]
    """What you remember about them."""
    favors: list[FavorRecord]
    """The favours either way, oldest first."""
    timeline: list[TimelineEntry]
    """The latest interactions with them (at most 50), latest first."""
    tie: Tie
    """The tie at the moment of the answer, with its components and reasons."""
