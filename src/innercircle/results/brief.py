"""Meeting briefs as the use case answers them, and their plain text: the one the CLI prints, the
calendar feed puts in a meeting's description and the digest mails."""

from __future__ import annotations

from datetime import date, tzinfo

from pydantic import Field

from innercircle.core.model import Channel
from innercircle.core.plain import visible
from innercircle.core.ties.tiers import TIERS
from innercircle.results import Result, choices
from innercircle.results.moments import Moment
from innercircle.results.people import DetailRecord, FavorRecord

MEETING_SOURCES = ("interaction", "event")


class LastContact(Result):
    """The latest contact with an attendee before the meeting."""

    at: Moment
    """When it was."""
    channel: str = Field(json_schema_extra=choices(Channel))
    """How: a mail, a call, a meeting, a message…"""
    subject: str | None
    """Its subject or title (null: none)."""
    direction: str
    """Who reached out, seen from you: ``out``, ``in``, ``mutual`` or ``unknown``."""
    note: str | None
    """Your note about it (null: none)."""


class AttendeeCard(Result):
    """One attendee you know: who they are, the tie, the last contact, what you remember and what to
    bring up and ask."""

    person_id: int
    """The person's id (for ``show``)."""
    name: str
    """Their name."""
    org: str | None
    """Their organization."""
    title: str | None
    """Their position or role."""
    how: list[str]
    """How you know them: connected or first in touch when, events you met them at, tags, the sources
    they came from, your notes."""
    tier: str | None = Field(json_schema_extra=choices(TIERS, optional=True))
    """The tie's tier now (null: not scored)."""
    trend: str | None
    """Where the tie is heading: warming, steady, cooling or silent (null: not scored)."""
    strength: float | None
    """The tie's strength, from 0 to 1 (null: not scored)."""
    contacts: int
    """How many interactions with them before the meeting."""
    last_contact: LastContact | None
    """The latest contact before the meeting (null: none)."""
    details: list[DetailRecord]
    """What you remember about them (their asks apart), newest first."""
    asks: list[DetailRecord]
    """What they asked you for and no favour you gave answers yet."""
    favors_gave: list[FavorRecord]
    """Favours you did for them, newest first."""
    favors_received: list[FavorRecord]
    """Favours they did for you, newest first."""
    goals: list[str]
    """Your active goals they fit, each with why."""
    bring_up: list[str]
    """What to bring up, giving first: a reply you owe, their asks, their news, thanks you owe, what
    they care about."""
    ask_about: list[str]
    """What not to forget to ask: their challenges, their family, what came of the last contact."""


class MeetingBrief(Result):
    """One meeting of your calendar with a card for each attendee you know."""

    title: str
    """The meeting's title."""
    start: Moment
    """When it starts."""
    end: Moment | None
    """When it ends (null: not known)."""
    place: str | None
    """Where (null: not known)."""
    source: str = Field(json_schema_extra=choices(MEETING_SOURCES))
    """``interaction``: a meeting of your calendar (imported, synced or logged ahead); ``event``: an event
    with attendees."""
    interaction_id: int | None
    """The meeting's interaction id (null: an event)."""
    event_id: int | None
    """The event's id (null: a meeting interaction)."""
    cards: list[AttendeeCard]
    """A card for each attendee you know, strongest tie first (a dozen at most)."""
    more: list[str]
    """The attendees you know past the cards' cap, by name, strongest tie first."""
    others: list[str]
    """The attendees you have nothing on yet, by name."""


class Brief(Result):
    """The meetings of some days, each with its attendee cards."""

    start: date
    """The first day, on your clock."""
    end: date
    """The last day (included), on your clock."""
    timezone: str
    """Your time zone, in which the days are read."""
    meetings: list[MeetingBrief]
    """The meetings with someone besides you, by start."""


def _on_clock(m: Moment, zone: tzinfo | None, fmt: str) -> str:
    return format(m if zone is None else m.astimezone(zone), fmt)


def card_text(c: AttendeeCard, zone: tzinfo | None) -> str:
    """One attendee's card as plain text, times on ``zone``'s clock; a control character in what came
    from outside (a name, a subject) shows as a stand-in, so it cannot break or fake a line."""
    return "\n".join(_card_lines(c, zone))


def _card_lines(c: AttendeeCard, zone: tzinfo | None) -> list[str]:
    who = ", ".join(x for x in (c.title, c.org) if x)
    lines = [f"{c.name}" + (f" ({who})" if who else "")]
    if c.tier:
        lines.append(
            f"  tie: {c.tier}, {c.trend}" + (f", strength {c.strength:.2f}" if c.strength is not None else "")
        )
    if c.how:
        lines.append("  how you know them: " + "; ".join(c.how))
    if c.last_contact is not None:
        last = c.last_contact
        said = last.subject or last.note
        subject = f": {said}" if said else ""
        lines.append(
            f"  last contact: {_on_clock(last.at, zone, '%d %b %Y')} ({last.channel}, {last.direction}){subject}"
        )
    else:
        lines.append("  last contact: none yet")
    if c.details:
        lines.append("  remember: " + "; ".join(_detail(d) for d in c.details))
    if c.asks:
        lines.append("  open asks: " + "; ".join(d.text for d in c.asks))
    if c.favors_gave or c.favors_received:
        gave = "; ".join(f.text for f in c.favors_gave) or "nothing yet"
        got = "; ".join(f.text for f in c.favors_received) or "nothing yet"
        lines.append(f"  favours: you gave {gave}; they gave {got}")
    if c.goals:
        lines.append("  fits your goals: " + "; ".join(c.goals))
    lines += [f"  bring up: {x}" for x in c.bring_up]
    lines += [f"  ask: {x}" for x in c.ask_about]
    return [visible(line) for line in lines]


def _detail(d: DetailRecord) -> str:
    if d.kind in ("note", "ask"):
        return d.text
    said = d.kind if d.text.strip().casefold() == d.kind else f"{d.kind}: {d.text}"
    return said + (f" ({d.on:%d %b})" if d.on else "")


NAMES_SHOWN = 20  # the names a line of attendees lists before it counts the rest


def names_line(names: list[str], most: int = NAMES_SHOWN) -> str:
    """Names joined by commas, the first ``most`` of them and a count of the rest: a meeting of hundreds
    stays one readable line in a terminal, a mail or a calendar."""
    shown = ", ".join(names[:most])
    return shown + (f" and {len(names) - most} more" if len(names) > most else "")


def meeting_text(m: MeetingBrief, zone: tzinfo | None, heading: bool = True) -> str:
    """One meeting's brief as plain text (``heading``: its title, time and place first), times on
    ``zone``'s clock."""
    lines: list[str] = []
    if heading:
        place = f" @ {m.place}" if m.place else ""
        lines.append(visible(f"{_on_clock(m.start, zone, '%a %d %b %H:%M')}  {m.title}{place}"))
    if not m.cards:
        lines.append("No one you know yet." if m.others else "No attendee besides you.")
    lines += [line for c in m.cards for line in _card_lines(c, zone)]
    if m.more:
        lines.append(visible(f"And {len(m.more)} more you know: " + names_line(m.more)))
    if m.others:
        lines.append(visible("Also there (nothing on record): " + names_line(m.others)))
    return "\n".join(lines)


def brief_text(b: Brief, zone: tzinfo | None) -> str:
    """The whole brief as plain text, one meeting after the other."""
    days = f"{b.start:%d %b %Y}" if b.start == b.end else f"{b.start:%d %b} to {b.end:%d %b %Y}"
    if not b.meetings:
        return f"No meetings with other people {days}."
    head = f"Meetings {days} (times in {b.timezone})"
    return head + "\n\n" + "\n\n".join(meeting_text(m, zone) for m in b.meetings)
