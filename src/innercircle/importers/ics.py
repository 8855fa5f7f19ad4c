"""iCalendar files: meetings with attendees → interactions, the rest → events; recurrences bounded."""

from __future__ import annotations

import hashlib
import warnings
from collections.abc import Iterator
from dataclasses import replace
from datetime import UTC, date, datetime, time, timedelta, tzinfo
from pathlib import Path
from typing import Any

import icalendar
import recurring_ical_events
import x_wr_timezone
from icalendar import Calendar

from innercircle.core.errors import ParseError
from innercircle.core.model import Channel, Role
from innercircle.core.records import EventRecord, InteractionRecord, PartyRef, RecordWarning
from innercircle.importers.base import Item, Options, Skipped, display_name
from innercircle.importers.identity import email_ref

_NOT_PEOPLE = ("ROOM", "RESOURCE")


# a bare component (no VCALENDAR around it) is a calendar too: the component names as icalendar spells them
_FRAGMENTS = tuple(
    f"BEGIN:{kind.name}"
    for kind in (icalendar.Event, icalendar.Todo, icalendar.Journal, icalendar.FreeBusy, icalendar.Timezone)
)


def sniff(head: str) -> bool:
    """True when the text starts with a calendar (or a bare calendar component)."""
    return head.lstrip("\ufeff \r\n\t").upper().startswith(("BEGIN:VCALENDAR", *_FRAGMENTS))


def parse(path: Path, opts: Options) -> Iterator[Item]:
    """Every event of every calendar in the file; a broken event is skipped with a warning."""
    label = str(path)
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise ParseError(label, f"cannot read: {exc.strerror or exc}") from None
    yield from parse_bytes(data, label, opts)


def parse_bytes(data: bytes, label: str, opts: Options) -> Iterator[Item]:
    """Every event of the calendars in ``data`` (a file's, or one calendar object's); ``label`` for errors."""
    if not sniff(data[:4096].decode("utf-8", "replace")):
        raise ParseError(label, "not an iCalendar file (no BEGIN:VCALENDAR)", line=1)
    if not data.lstrip(b"\xef\xbb\xbf \r\n\t").upper().startswith(b"BEGIN:VCALENDAR"):
        data = b"BEGIN:VCALENDAR\r\nVERSION:2.0\r\n" + data.strip() + b"\r\nEND:VCALENDAR\r\n"
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # icalendar warns about guessed zones; we read what it guessed
        # icalendar keeps every VTIMEZONE it has seen, process-wide, by TZID: without a reset a zone
        # defined in an earlier file would change how this file's times are read
        icalendar.use_zoneinfo()  # type: ignore[no-untyped-call]
        try:
            cals = Calendar.from_ical(data, multiple=True)
        except Exception as exc:  # icalendar raises ValueError, KeyError, IndexError… on broken files
            raise ParseError(label, f"not a valid calendar ({_short(exc)})") from None
        if not cals:
            raise ParseError(label, "no complete calendar in the file (missing END:VCALENDAR?)")
        records = [r for n, cal in enumerate(cals, 1) for r in _calendar(cal, opts, f"calendar {n}")]
    broken = [r for r in records if isinstance(r, RecordWarning)]
    if broken and len(broken) == len(records):
        raise ParseError(label, f"no readable event ({broken[0].where}: {broken[0].message})")
    yield from records


def parse_events(path: Path, opts: Options) -> Iterator[Item]:
    """Every entry as an event you could attend (a meetup or conference calendar), its attendees kept."""
    yield from parse(path, replace(opts, as_events=True))


def _short(exc: BaseException) -> str:
    text = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
    return text[:160]


def _calendar(cal: Any, opts: Options, where: str) -> Iterator[Item]:
    try:
        cal = x_wr_timezone.to_standard(cal)
    except Exception as exc:  # a bad X-WR-TIMEZONE: keep the times as written
        yield RecordWarning(where, f"X-WR-TIMEZONE ignored ({_short(exc)})")
    events = list(cal.walk("VEVENT"))
    series = {str(e.get("UID", "")) for e in events if e.get("RRULE") or e.get("RDATE")}
    for i, ev in enumerate(events, 1):
        if str(ev.get("UID", "")) in series:
            continue
        yield _safe(ev, f"{where} event {i}", opts)
    lo = opts.now - timedelta(days=365 * opts.years_back)
    hi = opts.now + timedelta(days=365 * opts.years_ahead)
    zones = list(cal.walk("VTIMEZONE"))
    for uid in sorted(series):
        members = [e for e in events if str(e.get("UID", "")) == uid]
        try:
            occurrences = _expand(zones, members, lo, hi)
        except Exception as exc:  # an unreadable RRULE: the series is kept once, as written
            yield RecordWarning(
                f"{where} series {uid}", f"not expanded, first occurrence kept ({_short(exc)})"
            )
            occurrences = [e for e in members if "RECURRENCE-ID" not in e]
        for ev in occurrences:
            yield _safe(ev, f"{where} series {uid}", opts)


def _expand(zones: list[Any], members: list[Any], lo: datetime, hi: datetime) -> list[Any]:
    """One series' occurrences in [lo, hi), expanded on its own so a broken one spoils nothing else."""
    mini = Calendar()
    for component in [*zones, *members]:
        mini.add_component(component)
    return list(recurring_ical_events.of(mini).between(lo, hi))


def _safe(ev: Any, where: str, opts: Options) -> Item:
    try:
        return _event(ev, where, opts)
    except Exception as exc:  # one broken event never stops the calendar
        return RecordWarning(where, f"event skipped ({_short(exc)})")


def _moment(value: Any, zone: tzinfo) -> datetime:
    """A start or end in UTC; floating times and all-day dates are the owner's local time (RFC 5545)."""
    dt = value.dt if hasattr(value, "dt") else value
    if isinstance(dt, datetime):
        return (dt.replace(tzinfo=zone) if dt.tzinfo is None else dt).astimezone(UTC)
    if isinstance(dt, date):
        return datetime.combine(dt, time(0), tzinfo=zone).astimezone(UTC)
    raise ValueError(f"not a date: {dt!r}")


def _party(value: Any) -> PartyRef | None:
    ref = email_ref(str(value))
    name = display_name(str(value.params.get("CN", ""))) if hasattr(value, "params") else ""
    if ref is None and not name:
        return None
    return PartyRef((ref,) if ref else (), name or None)


def _one(value: Any) -> Any:
    return value[0] if isinstance(value, list) and value else value


def _as_list(value: Any) -> list[Any]:
    if value is None:
        return []
    return list(value) if isinstance(value, list) else [value]


def _event(ev: Any, where: str, opts: Options) -> Item:
    if "DTSTART" not in ev:
        return RecordWarning(where, "event without a start")
    start = _moment(_one(ev["DTSTART"]), opts.zone)
    try:
        if "DTEND" in ev:
            end: datetime | None = _moment(_one(ev["DTEND"]), opts.zone)
        elif "DURATION" in ev:
            end = start + _one(ev["DURATION"]).dt
        else:
            end = None
    except Exception:  # a broken end: the event still happened
        end = None
    if str(ev.get("STATUS", "")).upper() == "CANCELLED":
        return Skipped(where, "cancelled")
    title = str(ev.get("SUMMARY", "")).strip() or "(no title)"
    uid = str(ev.get("UID", "")) or hashlib.sha1(f"{title}|{start}".encode()).hexdigest()
    written = _moment(_one(ev["DTSTART"]), UTC)  # floating times as written: the same id in any zone
    source_id = f"{uid}|{written.isoformat()}"[:490]
    organizer = _party(ev["ORGANIZER"]) if "ORGANIZER" in ev else None
    attendees = []
    for a in _as_list(ev.get("ATTENDEE")):
        params = getattr(a, "params", {})
        if str(params.get("PARTSTAT", "")).upper() == "DECLINED":
            continue
        if str(params.get("CUTYPE", "")).upper() in _NOT_PEOPLE:
            continue
        if (p := _party(a)) is not None:
            attendees.append(p)
    if not attendees or opts.as_events:
        return EventRecord(
            title=title,
            start=start,
            end=end,
            place=str(ev.get("LOCATION", "")).strip() or None,
            topics=_categories(ev),
            organizer=organizer,
            attendees=[p for p in attendees if p != organizer],
            source_id=source_id,
            where=where,
        )
    parties = [(organizer, Role.ORGANIZER)] if organizer else []
    parties += [(p, Role.ATTENDEE) for p in attendees if p != organizer]
    duration = int((end - start).total_seconds()) if end and end > start else None
    return InteractionRecord(
        at=start,
        channel=Channel.MEETING,
        parties=parties,
        duration_s=duration,
        subject=title,
        source_id=source_id,
        where=where,
    )


def _categories(ev: Any) -> list[str]:
    out: list[str] = []
    for c in _as_list(ev.get("CATEGORIES")):
        cats = getattr(c, "cats", None)
        out += [str(x) for x in cats] if cats is not None else [str(c)]
    return [c.strip() for c in out if c.strip()]
