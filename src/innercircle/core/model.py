"""Plain domain records shared by every layer (no I/O, no clock)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from enum import StrEnum


class IdentityKind(StrEnum):
    """What an identity string is."""

    EMAIL = "email"
    PHONE = "phone"
    LINKEDIN = "linkedin"
    HANDLE = "handle"
    RAW = "raw"


# The phone region assumed for a number written without its country code (an ISO 3166 code); the
# process's Config.default_region (INNERCIRCLE_DEFAULT_REGION) and --region override it.
DEFAULT_REGION = "US"


class Channel(StrEnum):
    """How an interaction happened; the order of weights is meeting > call > message > email."""

    MEETING = "meeting"
    CALL = "call"
    MESSAGE = "message"
    SMS = "sms"
    EMAIL = "email"
    EVENT = "event"
    NOTE = "note"
    INVITATION = "invitation"


class Role(StrEnum):
    """A participant's part in an interaction."""

    FROM = "from"
    TO = "to"
    CC = "cc"
    ATTENDEE = "attendee"
    ORGANIZER = "organizer"


class Direction(StrEnum):
    """Who initiated, seen from the user ("me")."""

    OUT = "out"  # the user initiated
    IN = "in"  # the other side initiated
    MUTUAL = "mutual"  # a meeting both sides attended, a call with unknown initiator
    UNKNOWN = "unknown"  # the user was not a party (e.g. mail between two others)


@dataclass(frozen=True, slots=True)
class IdentityRef:
    """An identity as seen in a source, before it is resolved to a person."""

    kind: IdentityKind
    value: str  # normalized: lower-cased email, E.164 phone, canonical LinkedIn URL
    raw: str = ""  # as it was written in the source


@dataclass(slots=True)
class Person:
    """Someone in the user's network (or the user, when ``is_me``)."""

    name: str
    id: int | None = None
    org: str | None = None
    title: str | None = None
    location: str | None = None
    tags: list[str] = field(default_factory=list)
    notes: str | None = None
    is_me: bool = False
    tier_pin: str | None = None  # user-pinned tier, overrides the computed one
    closeness: float | None = None  # user-stated closeness in [0, 1]
    cadence_days: int | None = None  # per-person follow-up cadence override
    archived: bool = False
    connected_at: datetime | None = None  # e.g. LinkedIn connection date: starts a relationship
    created_at: datetime | None = None
    identities: list[IdentityRef] = field(default_factory=list)
    sources: list[str] = field(default_factory=list)


@dataclass(frozen=True, slots=True)
class Participant:
    """A person's part in one interaction."""

    person_id: int
    role: Role


@dataclass(slots=True)
class Interaction:
    """One contact: a mail, a call, a meeting, a message, logged or imported."""

    at: datetime  # timezone-aware UTC
    channel: Channel
    participants: list[Participant] = field(default_factory=list)
    direction: Direction = Direction.UNKNOWN
    duration_s: int | None = None
    subject: str | None = None
    note: str | None = None
    source: str = "manual"
    source_id: str | None = None  # stable id within the source: re-import skips it
    message_id: str | None = None
    in_reply_to: str | None = None
    group_size: int = 1  # number of other people addressed
    id: int | None = None


DETAIL_KINDS = ("note", "birthday", "anniversary", "family", "passion", "challenge", "achievement", "ask")


@dataclass(slots=True)
class Detail:
    """A remembered fact about a person (dated when it recurs: birthday, anniversary)."""

    person_id: int
    text: str
    kind: str = "note"  # note | birthday | anniversary | family | passion | challenge | achievement | ask
    on: date | None = None
    created_at: datetime | None = None
    source: str = "manual"
    id: int | None = None


@dataclass(slots=True)
class Goal:
    """What the user wants from their network, and who could help."""

    text: str
    roles: list[str] = field(default_factory=list)
    orgs: list[str] = field(default_factory=list)
    tags: list[str] = field(default_factory=list)
    outcome_kinds: list[str] = field(default_factory=list)
    due: date | None = None
    created_at: datetime | None = None
    done_at: datetime | None = None
    id: int | None = None


@dataclass(slots=True)
class Event:
    """A networking event: planned, attended or skipped."""

    title: str
    start: datetime
    end: datetime | None = None
    place: str | None = None
    hours_cost: float | None = None  # including travel
    topics: list[str] = field(default_factory=list)
    organizer: str | None = None
    series: str | None = None
    cost: float | None = None  # money
    rating: int | None = None  # 1..5 after the event
    notes: str | None = None
    decision: str | None = None  # attend | skip | maybe, as the user decided
    attendees: list[int] = field(default_factory=list)  # person ids
    source: str = "manual"
    source_id: str | None = None
    id: int | None = None


OUTCOME_KINDS = (
    "collaboration",
    "partnership",
    "funding",
    "job",
    "referral",
    "mentorship",
    "client",
    "intro",
    "other",
)


@dataclass(slots=True)
class Outcome:
    """Something networking produced."""

    kind: str
    at: datetime
    people: list[int] = field(default_factory=list)
    goal_id: int | None = None
    event_id: int | None = None
    value: float | None = None
    note: str | None = None
    id: int | None = None


@dataclass(slots=True)
class Favor:
    """One entry of the reciprocity ledger."""

    person_id: int
    direction: str  # gave | received
    text: str
    at: datetime
    id: int | None = None
