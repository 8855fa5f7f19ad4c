"""What importers produce: records that name people by identities, not by database ids.

The services resolve each ``PartyRef`` to a person (exact identity keys first, then names) and store
the records; importers never see the database.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime

from innercircle.core.model import Channel, IdentityRef, Role


@dataclass(frozen=True, slots=True)
class PartyRef:
    """Someone as a source names them: identities and/or a display name."""

    identities: tuple[IdentityRef, ...] = ()
    name: str | None = None


@dataclass(slots=True)
class DetailRecord:
    """A fact to remember about a contact (birthday, anniversary, note)."""

    text: str
    kind: str = "note"
    on: date | None = None


@dataclass(slots=True)
class CardRecord:
    """Who someone is, from an address-book card or a connection row (a person's fields, not an
    exchange with them: a "contact" is one exchange, see core/ties/model.Contacts)."""

    party: PartyRef
    org: str | None = None
    title: str | None = None
    location: str | None = None
    tags: list[str] = field(default_factory=list)
    notes: str | None = None
    connected_at: datetime | None = None
    details: list[DetailRecord] = field(default_factory=list)
    where: str = ""  # line or record in the source, for messages


@dataclass(slots=True)
class InteractionRecord:
    """One interaction as a source saw it; direction is derived later from the owner's identities."""

    at: datetime  # timezone-aware
    channel: Channel
    parties: list[tuple[PartyRef, Role]] = field(default_factory=list)
    duration_s: int | None = None
    subject: str | None = None
    source_id: str | None = None
    message_id: str | None = None
    in_reply_to: str | None = None
    where: str = ""


@dataclass(slots=True)
class EventRecord:
    """A calendar entry without other attendees, or a networking event."""

    title: str
    start: datetime
    end: datetime | None = None
    place: str | None = None
    topics: list[str] = field(default_factory=list)
    organizer: PartyRef | None = None
    attendees: list[PartyRef] = field(default_factory=list)
    source_id: str | None = None
    where: str = ""


@dataclass(slots=True)
class ActivityRecord:
    """The owner's own online activity (LinkedIn share, comment, reaction)."""

    kind: str  # share | comment | reaction
    at: datetime
    text: str = ""
    url: str | None = None
    source_id: str | None = None
    where: str = ""


@dataclass(slots=True)
class OwnerFact:
    """A fact about the owner (a position, a profile field, an own identity)."""

    key: str
    value: str
    identity: IdentityRef | None = None


@dataclass(slots=True)
class RecordWarning:
    """A skipped item in a tolerant format (mail, calendar): counted, listed with --verbose."""

    where: str
    message: str


Record = CardRecord | InteractionRecord | EventRecord | ActivityRecord | OwnerFact | RecordWarning
