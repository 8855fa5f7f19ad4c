"""Meeting briefs: for each meeting, one card per attendee the user knows (pure, ``now`` passed in).

A card carries what the advice says to have in mind before meeting someone: who they are and how the user
knows them, the tie and where it is heading, the last contact, the details remembered about their life and
work, what they asked for and the favours either way, the goals they fit, what to bring up (give before
you ask: their open asks, news to celebrate, thanks owed) and what not to forget to ask.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta, tzinfo

from innercircle.core.followups import local_day, next_occurrence
from innercircle.core.goals import GoalFit
from innercircle.core.model import Detail, Favor, Interaction, Person
from innercircle.core.ties.score import TieScore

ASK_OPEN_DAYS = 365  # an ask older than this is no longer worth bringing up
NEWS_DAYS = 90  # an achievement this recent is worth a congratulation
DATE_DAYS = 14  # a birthday or anniversary this close to the meeting is worth a word
THANKS_DAYS = 180  # a favour received this recently, not returned since, is worth a thank-you
MAX_DETAILS = 12  # the remembered details a card lists, newest first
MAX_FAVORS = 5  # the favours a card lists each way, newest first
MAX_CARDS = 12  # the cards one meeting gets (strongest ties first): a conference call of 300 stays readable


@dataclass(frozen=True, slots=True)
class Meeting:
    """One meeting of the user's calendar and who takes part (person ids, the owner among them or not)."""

    title: str
    start: datetime
    end: datetime | None
    place: str | None
    people: tuple[int, ...]
    source: str  # interaction (imported, synced or logged ahead) | event (an event with attendees)
    ref: int | None  # the interaction's or the event's id


@dataclass(frozen=True, slots=True)
class Known:
    """What the database holds on one attendee: the inputs of their card."""

    person: Person
    tie: TieScore | None
    history: Sequence[Interaction]  # their interactions, newest first (later ones are left out here)
    details: Sequence[Detail] = ()
    favors: Sequence[Favor] = ()
    fit: GoalFit | None = None
    reply_since: datetime | None = None  # they wrote one to one and the user has not answered since
    met_at: Sequence[str] = ()  # the events where the user marked them as met
    listed: bool = False  # in an address book or connection list (a source other than a calendar)


@dataclass(frozen=True, slots=True)
class LastContact:
    """The latest contact before the meeting."""

    at: datetime
    channel: str
    subject: str | None
    direction: str
    note: str | None = None


@dataclass(frozen=True, slots=True)
class Card:
    """One known attendee, as the brief shows them."""

    person_id: int
    name: str
    org: str | None
    title: str | None
    how: tuple[str, ...]
    tier: str | None
    trend: str | None
    strength: float | None
    contacts: int
    last_contact: LastContact | None
    details: tuple[Detail, ...]
    asks: tuple[Detail, ...]
    gave: tuple[Favor, ...]
    received: tuple[Favor, ...]
    goals: tuple[str, ...]
    bring_up: tuple[str, ...]
    ask_about: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class MeetingBrief:
    """One meeting with a card per known attendee (strongest tie first, at most MAX_CARDS), the known ones
    past that cap by name (``more``) and the others by name."""

    meeting: Meeting
    cards: tuple[Card, ...]
    others: tuple[str, ...] = field(default=())
    more: tuple[str, ...] = field(default=())


def day_window(start: date, end: date, zone: tzinfo) -> tuple[datetime, datetime]:
    """The moments from the owner's midnight starting ``start`` to the one ending ``end`` (inclusive)."""
    lo = datetime.combine(start, datetime.min.time(), tzinfo=zone)
    hi = datetime.combine(end + timedelta(days=1), datetime.min.time(), tzinfo=zone)
    return lo, hi


def meetings_of(interactions: Sequence[Interaction], events: Sequence[Meeting]) -> list[Meeting]:
    """The meetings in a window: every meeting interaction (titled by its subject, else the note it was
    logged with), then every event not already one of them (the same title at the same start), by start."""
    out = [
        Meeting(
            title=(it.subject or "").strip() or (it.note or "").strip() or "(no title)",
            start=it.at,
            end=it.at + timedelta(seconds=it.duration_s) if it.duration_s else None,
            place=None,
            people=tuple(dict.fromkeys(p.person_id for p in it.participants)),
            source="interaction",
            ref=it.id,
        )
        for it in interactions
    ]
    seen = {(m.title.casefold(), m.start) for m in out}
    out += [e for e in events if (e.title.casefold(), e.start) not in seen]
    out.sort(key=lambda m: (m.start, m.title))
    return out


def is_known(k: Known, meeting: Meeting) -> bool:
    """Whether the user knows the attendee beyond this meeting: a contact before it, something remembered
    or said of them, a favour, or a place in an address book."""
    p = k.person
    return bool(
        _past(k, meeting)
        or k.details
        or k.favors
        or k.met_at
        or k.listed
        or (p.notes or "").strip()
        or p.tags
        or p.connected_at
        or p.tier_pin
    )


def brief_meeting(
    meeting: Meeting, known: dict[int, Known], me: int | None, now: datetime, zone: tzinfo
) -> MeetingBrief:
    """The brief of one meeting: a card for each attendee the user knows, the others' names."""
    cards: list[Card] = []
    others: list[str] = []
    for pid in meeting.people:
        if pid == me:
            continue
        k = known.get(pid)
        if k is None:
            continue
        if is_known(k, meeting):
            cards.append(card(k, meeting, now, zone))
        else:
            others.append(k.person.name)
    cards.sort(key=lambda c: (-(c.strength or 0.0), c.name.casefold(), c.person_id))
    more = tuple(c.name for c in cards[MAX_CARDS:])
    return MeetingBrief(meeting, tuple(cards[:MAX_CARDS]), tuple(others), more)


def _past(k: Known, meeting: Meeting) -> list[Interaction]:
    """Their interactions before the meeting (the meeting itself left out), newest first."""
    return [
        it
        for it in k.history
        if it.at < meeting.start and not (meeting.source == "interaction" and it.id == meeting.ref)
    ]


def card(k: Known, meeting: Meeting, now: datetime, zone: tzinfo) -> Card:
    """One attendee's card for ``meeting``, as of ``now`` (nothing later than either is read)."""
    p = k.person
    cutoff = min(now, meeting.start)
    past = [it for it in _past(k, meeting) if it.at < cutoff]
    last = past[0] if past else None
    day = local_day(meeting.start, zone)
    details = sorted(
        (d for d in k.details if d.created_at is None or d.created_at <= cutoff),
        key=lambda d: (d.created_at or datetime.min.replace(tzinfo=meeting.start.tzinfo), d.id or 0),
        reverse=True,
    )
    favors = sorted((f for f in k.favors if f.at <= cutoff), key=lambda f: f.at, reverse=True)
    gave = [f for f in favors if f.direction == "gave"]
    received = [f for f in favors if f.direction == "received"]
    asks = [d for d in details if d.kind == "ask" and _open_ask(d, gave, cutoff)]
    kept = [d for d in details if d.kind != "ask"]
    goals = tuple(
        f"{m.goal}: {'; '.join(m.reasons)}" if m.reasons else m.goal for m in (k.fit.matches if k.fit else [])
    )
    return Card(
        person_id=p.id or 0,
        name=p.name,
        org=p.org,
        title=p.title,
        how=tuple(_how(k, past, zone)),
        tier=k.tie.tier if k.tie else None,
        trend=k.tie.trend if k.tie else None,
        strength=k.tie.strength if k.tie else None,
        contacts=len(past),
        last_contact=None
        if last is None
        else LastContact(last.at, str(last.channel), last.subject, str(last.direction), last.note),
        details=tuple(kept[:MAX_DETAILS]),
        asks=tuple(asks),
        gave=tuple(gave[:MAX_FAVORS]),
        received=tuple(received[:MAX_FAVORS]),
        goals=goals,
        bring_up=tuple(_bring_up(k, asks, kept, gave, received, day, cutoff, zone)),
        ask_about=tuple(_ask_about(kept, last, meeting, zone)),
    )


def _open_ask(d: Detail, gave: Sequence[Favor], cutoff: datetime) -> bool:
    """An ask stays open until a favour given after it was noted, or for ASK_OPEN_DAYS."""
    if d.created_at is None:
        return not gave
    if (cutoff - d.created_at).days > ASK_OPEN_DAYS:
        return False
    return not any(f.at >= d.created_at for f in gave)


def _how(k: Known, past: Sequence[Interaction], zone: tzinfo) -> list[str]:
    p = k.person
    out: list[str] = []
    if p.connected_at is not None:
        out.append(f"connected {local_day(p.connected_at, zone):%d %b %Y}")
    if past:
        first = past[-1]
        out.append(f"first contact {local_day(first.at, zone):%d %b %Y} ({first.channel})")
    out += [f"met at {title}" for title in k.met_at]
    if p.tags:
        out.append("tags: " + ", ".join(p.tags))
    if p.sources:
        out.append("from " + ", ".join(dict.fromkeys(_source(x) for x in p.sources)))
    if (p.notes or "").strip():
        out.append("notes: " + (p.notes or "").strip())
    return out


def _source(label: str) -> str:
    """``linkedin: /home/me/Connections.csv`` as ``linkedin (Connections.csv)``: the kind and the file."""
    kind, _, path = label.partition(": ")
    name = path.replace("\\", "/").rsplit("/", 1)[-1]
    return f"{kind} ({name})" if name else kind


def _bring_up(
    k: Known,
    asks: Sequence[Detail],
    details: Sequence[Detail],
    gave: Sequence[Favor],
    received: Sequence[Favor],
    day: date,
    cutoff: datetime,
    zone: tzinfo,
) -> list[str]:
    """Give before you ask: what they wait for first, then what they asked, their news, the thanks owed."""
    out: list[str] = []
    if k.reply_since is not None:
        out.append(f"you owe them a reply: they wrote on {local_day(k.reply_since, zone):%d %b}")
    out += [f"they asked: {d.text} (bring what you can)" for d in asks]
    for d in details:
        if d.kind in ("birthday", "anniversary") and d.on is not None:
            nxt = next_occurrence(d.on, day)
            if (nxt - day).days <= DATE_DAYS:
                out.append(
                    f"{d.kind} on {nxt:%d %b}" + ("" if d.text.strip().lower() == d.kind else f": {d.text}")
                )
        elif d.kind == "achievement":
            at = d.on or (local_day(d.created_at, zone) if d.created_at else None)
            if at is not None and 0 <= (day - at).days <= NEWS_DAYS:
                out.append(f"congratulate them: {d.text}")
        elif d.kind == "passion":
            out.append(f"they care about: {d.text}")
    last_gave = gave[0].at if gave else None
    for f in received:
        if (cutoff - f.at).days <= THANKS_DAYS and (last_gave is None or last_gave < f.at):
            out.append(f"thank them for: {f.text}")
    return out


def _ask_about(
    details: Sequence[Detail], last: Interaction | None, meeting: Meeting, zone: tzinfo
) -> list[str]:
    """What not to forget to ask: how their challenges and family are, and what came of the last talk
    (its subject, else the note it was logged with; not when it was the same meeting before: the last of
    a weekly series)."""
    out: list[str] = []
    for d in details:
        if d.kind == "challenge":
            out.append(f"how it is going: {d.text}")
        elif d.kind == "family":
            out.append(f"how the family is: {d.text}")
    subject = (last.subject or last.note or "").strip() if last is not None else ""
    if last is not None and subject and subject.casefold() != meeting.title.casefold():
        out.append(f"what came of “{subject}” ({local_day(last.at, zone):%d %b})")
    return out
