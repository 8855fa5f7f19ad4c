"""The bodies the API's writes take: one pydantic model per write, each field described (``/docs`` shows
them), nothing beyond them accepted. The rules a value must meet beyond its type are the use cases'
(the same as the CLI's), answered as a 400 with their message; these models bound what a database
column can hold, so a value too long is a 422 here and never a failure of the store."""

from __future__ import annotations

from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field, StringConstraints

from innercircle.core.model import DETAIL_KINDS, OUTCOME_KINDS, Channel
from innercircle.core.ties.tiers import TIERS
from innercircle.results import choices
from innercircle.services.followups import MAX_SNOOZE_DAYS
from innercircle.services.logbook import MAX_MINUTES
from innercircle.services.people import MAX_CADENCE_DAYS
from innercircle.services.plans import MAX_AMOUNT
from innercircle.web.common import MAX_ID

# a NUL cannot be stored in every database's text; nothing a person types contains one
_NO_NUL = r"^[^\x00]*$"
Short = Annotated[str, StringConstraints(max_length=300, pattern=_NO_NUL)]
Long = Annotated[str, StringConstraints(max_length=20_000, pattern=_NO_NUL)]
When = Annotated[
    str,
    StringConstraints(max_length=100, pattern=_NO_NUL),
    Field(description="A moment: `now`, `today`, `yesterday`, a date or `YYYY-MM-DDTHH:MM` (your clock)."),
]
Id = Annotated[int, Field(ge=1, le=MAX_ID)]
Amount = Annotated[float, Field(ge=0, le=MAX_AMOUNT)]


class Body(BaseModel):
    """The base of every request body: no field beyond those declared, each described by its docstring,
    no infinite or undefined number."""

    model_config = ConfigDict(extra="forbid", use_attribute_docstrings=True, allow_inf_nan=False)


class NewPerson(Body):
    """Someone to add by hand (``innercircle add``)."""

    name: Short
    """Their name."""
    org: Short | None = None
    """Their organization."""
    title: Short | None = None
    """Their position."""
    location: Short | None = None
    """Where they are."""
    notes: Long | None = None
    """Your notes about them."""
    tags: list[Short] = Field(default_factory=list, max_length=100)
    """Tags (what they do, how you know them)."""
    identities: list[Short] = Field(default_factory=list, max_length=50)
    """Their emails, phones and profile URLs or handles (each must be nobody else's)."""
    tier: Short | None = Field(default=None, json_schema_extra=choices(TIERS, optional=True))
    """Pin them to this tier."""
    closeness: float | None = Field(default=None, ge=0, le=1)
    """How close you feel, 0–1."""
    cadence_days: int | None = Field(default=None, ge=1, le=MAX_CADENCE_DAYS)
    """Be reminded to get in touch every this many days."""


class PersonEdit(Body):
    """Changes to a person: the fields given change, the others stay (an empty text clears one)."""

    name: Short | None = None
    """Their name (never empty)."""
    org: Short | None = None
    """Their organization."""
    title: Short | None = None
    """Their position."""
    location: Short | None = None
    """Where they are."""
    notes: Long | None = None
    """Your notes about them."""
    tags: list[Short] | None = Field(default=None, max_length=100)
    """Their tags, replacing the old ones."""
    add_identities: list[Short] = Field(default_factory=list, max_length=50)
    """More emails, phones or handles of theirs."""


class Pin(Body):
    """A person's pinned tier, closeness and follow-up cadence (``innercircle pin``): what is given
    changes."""

    tier: Short | None = Field(default=None, json_schema_extra=choices((*TIERS, "none"), optional=True))
    """Pin them to this tier (``none``: unpin)."""
    closeness: float | None = Field(default=None, ge=0, le=1)
    """How close you feel, 0–1."""
    cadence_days: int | None = Field(default=None, ge=1, le=MAX_CADENCE_DAYS)
    """Be reminded to get in touch every this many days."""


class NewInteraction(Body):
    """An interaction you had with this person (``innercircle log``)."""

    channel: Short = Field(json_schema_extra=choices(c.value for c in Channel if c is not Channel.INVITATION))
    """How it happened."""
    at: When = "now"
    """When it happened (one after today only when ``planned``)."""
    minutes: int | None = Field(default=None, ge=0, le=MAX_MINUTES)
    """How long it took."""
    note: Long | None = None
    """What it was about."""
    by: Short = Field(default="me", json_schema_extra=choices(("me", "them")))
    """Who reached out: you (``me``) or they (``them``)."""
    planned: bool = False
    """One you mean to have (it may be after today)."""
    with_people: list[Id] = Field(default_factory=list, max_length=100)
    """The ids of others who took part too."""


class NewDetail(Body):
    """Something to remember about this person (``innercircle remember``)."""

    text: Long
    """The detail, in your words."""
    kind: Short = Field(default="note", json_schema_extra=choices(DETAIL_KINDS))
    """What kind of detail it is."""
    on: When | None = None
    """Its date (a birthday, an anniversary), when it has one."""


class NewFavour(Body):
    """A favour you did for this person, or they did for you (``innercircle favor``)."""

    direction: Short = Field(json_schema_extra=choices(("gave", "received")))
    """``gave``: you did it for them; ``received``: they did it for you."""
    text: Long
    """What it was."""
    at: When = "now"
    """When."""


class Snooze(Body):
    """How long to put a follow-up off."""

    days: int = Field(default=7, ge=1, le=MAX_SNOOZE_DAYS)
    """Days until it is due again."""


class NewGoal(Body):
    """A networking goal (``innercircle goal add``)."""

    text: Long
    """The goal, in your words."""
    roles: list[Short] = Field(default_factory=list, max_length=100)
    """Roles of the people who help with it (``investor``)."""
    orgs: list[Short] = Field(default_factory=list, max_length=100)
    """Organizations whose people help with it."""
    tags: list[Short] = Field(default_factory=list, max_length=100)
    """Tags of the people who help with it."""
    outcome_kinds: list[Short] = Field(
        default_factory=list, max_length=20, json_schema_extra={"items": {"enum": list(OUTCOME_KINDS)}}
    )
    """The outcomes that count for it."""
    due: When | None = None
    """When it should be reached."""


class NewEvent(Body):
    """An event you could attend (``innercircle event add``)."""

    title: Short
    """What it is."""
    start: When
    """When it starts."""
    end: When | None = None
    """When it ends."""
    hours: Amount | None = None
    """Hours it costs, travel included."""
    place: Short | None = None
    """Where."""
    topics: list[Short] = Field(default_factory=list, max_length=100)
    """Its topics."""
    organizer: Short | None = None
    """Who organizes it."""
    series: Short | None = None
    """The series it belongs to."""
    cost: Amount | None = None
    """Its price."""
    attendees: list[Id] = Field(default_factory=list, max_length=500)
    """The ids of people who will be there."""


class Decision(Body):
    """Your call on an upcoming event (``innercircle event decide``)."""

    decision: Short = Field(json_schema_extra=choices(("attend", "skip", "maybe")))
    """Attend, skip or maybe."""


class EventReviewBody(Body):
    """How a past event went (``innercircle event review``)."""

    rating: int | None = Field(default=None, ge=1, le=5)
    """1 (waste) to 5 (excellent)."""
    met: list[Short] = Field(default_factory=list, max_length=200)
    """Who you met there, by name, id or identity (someone new is added)."""


class NewOutcome(Body):
    """Something your networking produced, and through whom (``innercircle outcome add``)."""

    kind: Short = Field(json_schema_extra=choices(OUTCOME_KINDS))
    """What it was."""
    people: list[Id] = Field(min_length=1, max_length=100)
    """The ids of the people it came through."""
    at: When = "now"
    """When."""
    goal_id: Id | None = None
    """The goal it served."""
    event_id: Id | None = None
    """The event it came from."""
    note: Long | None = None
    """What it was."""
    value: float | None = Field(default=None, ge=-1e12, le=1e12)
    """What it was worth, in your own unit."""
