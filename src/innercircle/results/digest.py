"""The digest: the follow-ups due, the health verdict and the coming meetings, as mailed to the user."""

from __future__ import annotations

from datetime import date

from pydantic import Field

from innercircle.results import Result, choices
from innercircle.results.advice import Followup
from innercircle.results.brief import Brief
from innercircle.results.health import Health
from innercircle.results.moments import Moment

PERIODS = ("weekly", "daily")
TRANSPORTS = ("tls", "starttls", "plain")


class Digest(Result):
    """What one digest says: whom to get back to (replies owed first), how the networking is going, and
    the meetings of the coming days."""

    period: str = Field(json_schema_extra=choices(PERIODS))
    """How often it is sent: ``weekly`` or ``daily``; a weekly digest looks a week ahead, a daily one a day."""
    made_at: Moment
    """When it was made."""
    owner: str
    """The owner's name, as the greeting uses it."""
    start: date
    """The first day of the meetings it looks ahead to, on the owner's calendar."""
    end: date
    """The last day of the meetings it looks ahead to (included)."""
    followups: list[Followup]
    """The follow-ups due, those where the user owes a reply first, then the most pressing; at most
    ``followups_shown``."""
    followups_total: int
    """How many follow-ups are due in all (the digest shows the first ones)."""
    replies_owed: int
    """How many of the follow-ups due are replies the user owes."""
    health: Health
    """The health verdict, its signs and the three most useful actions."""
    brief: Brief
    """The meetings from ``start`` to ``end`` with someone the user knows, a card per known attendee
    (meetings with strangers only are left out)."""
    subject: str
    """The mail's subject line."""


class DigestSent(Result):
    """A digest delivered to the user's mail server."""

    to: str
    """The address it went to."""
    sender: str
    """The From address."""
    subject: str
    """Its subject line."""
    sent_at: Moment
    """When it was handed to the server."""
    server: str
    """The mail server, host:port (never the login or password)."""
    transport: str = Field(json_schema_extra=choices(TRANSPORTS))
    """How it went over the wire: ``tls``, ``starttls`` or ``plain`` (plain only on loopback)."""
    message_id: str
    """The Message-ID header it carries."""
    followups: int
    """How many follow-ups it lists."""
    meetings: int
    """How many meetings it briefs."""


class PushSent(Result):
    """The day's follow-ups pushed to the user's phone through an ntfy-style topic."""

    server: str
    """The topic's origin (scheme, host, port; never the token)."""
    status: int
    """The HTTP status the server answered (2xx)."""
    title: str
    """The notification's title."""
    sent_at: Moment
    """When it was pushed."""
    followups: int
    """How many follow-ups it names."""
