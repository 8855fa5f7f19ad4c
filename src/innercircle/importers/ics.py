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
from dateutil.rrule import rrulestr
from icalendar import Calendar, vRecur

from innercircle.core.errors import ParseError
from innercircle.core.model import Channel, Role
from innercircle.core.records import EventRecord, InteractionRecord, PartyRef, RecordWarning
from innercircle.importers.base import Item, Options, Skipped, display_name, read_bytes
from innercircle.importers.identity import email_ref
from innercircle.importers.limits import (
    MAX_ATTENDEES_PER_EVENT,
    MAX_CALENDAR_BYTES,
    MAX_CALENDAR_ENTRIES,
    MAX_CALENDAR_LINES,
    MAX_CALENDAR_PARTICIPANTS,
    MAX_OCCURRENCES_PER_SERIES,
    MAX_RECURRENCE_STEPS,
    MB,
)

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
    yield from parse_bytes(read_bytes(path, MAX_CALENDAR_BYTES), str(path), opts)


def parse_bytes(data: bytes, label: str, opts: Options) -> Iterator[Item]:
    """Every event of the calendars in ``data`` (a file's, or one calendar object's); ``label`` for errors."""
    if len(data) > MAX_CALENDAR_BYTES:
        raise ParseError(
            label, f"larger than {MAX_CALENDAR_BYTES // MB} MB, the most a calendar may be; refused"
        )
    lines = max(data.count(b"\n"), data.count(b"\r"))
    if lines > MAX_CALENDAR_LINES:
        raise ParseError(
            label, f"{lines:,} lines, more than the {MAX_CALENDAR_LINES:,} a calendar may have; refused"
        )
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
        tally = _Tally()
        try:
            records = [
                tally.add(r) for n, cal in enumerate(cals, 1) for r in _calendar(cal, opts, f"calendar {n}")
            ]
        except _TooMuch as exc:
            raise ParseError(label, exc.message, record=exc.record) from None
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
    by_uid: dict[str, list[Any]] = {}
    for e in events:
        by_uid.setdefault(str(e.get("UID", "")), []).append(e)
    for uid in sorted(series):
        members = by_uid[uid]
        record = f"{where} series {uid[:80]}"
        try:
            _check_rules(members, hi, record)
            if _never_matches(members):
                yield RecordWarning(record, "its rule matches no day at all; left out")
                continue
            occurrences = list(_expand(zones, members, lo, hi, record))
        except _TooMuch:
            raise
        except Exception as exc:  # an unreadable RRULE: the series is kept once, as written
            yield RecordWarning(record, f"not expanded, first occurrence kept ({_short(exc)})")
            occurrences = [e for e in members if "RECURRENCE-ID" not in e]
        for ev in occurrences:
            yield _safe(ev, record, opts)


class _TooMuch(Exception):
    """A calendar past one of the limits: which record, and what was too much."""

    def __init__(self, record: str, message: str) -> None:
        super().__init__(message)
        self.record, self.message = record, message


class _Tally:
    """Entries and attendees of one calendar file so far, refused past the file's limits."""

    def __init__(self) -> None:
        self.entries = 0
        self.participants = 0

    def add(self, item: Item) -> Item:
        if isinstance(item, EventRecord | InteractionRecord):
            self.entries += 1
            where = item.where
            if self.entries > MAX_CALENDAR_ENTRIES:
                raise _TooMuch(
                    where, f"more than {MAX_CALENDAR_ENTRIES:,} events once repeats are counted; refused"
                )
            named = len(item.attendees) if isinstance(item, EventRecord) else len(item.parties)
            self.participants += named
            if self.participants > MAX_CALENDAR_PARTICIPANTS:
                raise _TooMuch(
                    where,
                    f"more than {MAX_CALENDAR_PARTICIPANTS:,} attendees once repeats are counted; refused",
                )
        return item


def _expand(zones: list[Any], members: list[Any], lo: datetime, hi: datetime, record: str) -> Iterator[Any]:
    """One series' occurrences in [lo, hi), expanded on its own so a broken one spoils nothing else;
    refused past ``MAX_OCCURRENCES_PER_SERIES`` (counted before any occurrence is copied out)."""
    mini = Calendar()
    for component in [*zones, *members]:
        mini.add_component(component)
    query = recurring_ical_events.of(mini)
    found = []
    for one in query.series:
        for occurrence in one.between(query.to_datetime(lo), query.to_datetime(hi)):
            found.append(occurrence)
            if len(found) > MAX_OCCURRENCES_PER_SERIES:
                raise _TooMuch(
                    record,
                    f"repeats more than {MAX_OCCURRENCES_PER_SERIES:,} times in the import window "
                    f"({lo:%Y-%m-%d} to {hi:%Y-%m-%d}); refused",
                )
    return (occurrence.as_component(False) for occurrence in found)


# the seconds one step of each frequency covers, and how many days the engine walks per step
_STEP = {
    "SECONDLY": (1, 1),
    "MINUTELY": (60, 1),
    "HOURLY": (3600, 1),
    "DAILY": (86400, 1),
    "WEEKLY": (7 * 86400, 7),
    "MONTHLY": (28 * 86400, 31),
    "YEARLY": (365 * 86400, 366),
}
# per frequency, the BY parts that multiply the instants of each day the engine walks
_TIMES = {
    "SECONDLY": (),
    "MINUTELY": ("BYSECOND",),
    "HOURLY": ("BYMINUTE", "BYSECOND"),
}
_DAY_TIMES = ("BYHOUR", "BYMINUTE", "BYSECOND")


def _rules(ev: Any) -> list[Any]:
    return _as_list(ev.get("RRULE"))


def _check_rules(members: list[Any], hi: datetime, record: str) -> None:
    """Refuse a rule whose expansion would walk more than ``MAX_RECURRENCE_STEPS`` instants.

    The recurrence engine walks every step of the rule from the event's first start (before the import
    window, too) to the window's end or the rule's UNTIL: a minutely rule since 2000 is 14 million
    steps, whatever the window."""
    for ev in members:
        if "DTSTART" not in ev:
            continue
        start = _moment(_one(ev["DTSTART"]), UTC)
        for rule in _rules(ev):
            steps = _steps(rule, start, hi)
            if steps > MAX_RECURRENCE_STEPS:
                freq = str(_one(rule.get("FREQ")) or "?").upper()
                raise _TooMuch(
                    record,
                    f"its rule (FREQ={freq} from {start:%Y-%m-%d}) takes {steps:,.0f} steps to expand, more than "
                    f"the {MAX_RECURRENCE_STEPS:,} allowed; refused",
                )


def _steps(rule: Any, start: datetime, hi: datetime) -> float:
    """An upper bound on the instants the engine walks for ``rule`` from ``start`` up to ``hi``."""
    freq = str(_one(rule.get("FREQ")) or "").upper()
    seconds, days = _STEP.get(freq, (86400, 1))
    interval = max(1, int(_one(rule.get("INTERVAL")) or 1))
    end = hi
    until = _one(rule.get("UNTIL"))
    if until is not None:
        end = min(end, _moment(until, UTC))
    periods = max(0.0, (end - start).total_seconds()) / (seconds * interval) + 1
    count = _one(rule.get("COUNT"))
    if count is not None and not any(k.startswith("BY") for k in rule):
        periods = min(periods, int(count))  # every step is an occurrence: COUNT steps at most
    times = 1
    for part in _TIMES.get(freq, _DAY_TIMES):
        times *= max(1, len(_as_list(rule.get(part))))
    return periods * days * times


def _never_matches(members: list[Any]) -> bool:
    """True when a rule can match no day at all (February 30th), which the engine would otherwise walk
    step by step until the year 9999: each rule is tried without its start, count, end and interval on
    9971–9999, whose 29 years hold every kind of year (leap or not, starting on any weekday)."""
    for ev in members:
        if "RECURRENCE-ID" in ev:
            continue
        for rule in _rules(ev):
            parts = {k: v for k, v in rule.items() if k not in ("UNTIL", "COUNT", "INTERVAL")}
            text = vRecur(parts).to_ical().decode()  # type: ignore[no-untyped-call]
            try:
                probe = rrulestr(text, dtstart=datetime(9971, 1, 1))
            except (ValueError, TypeError):
                continue  # a rule the engine cannot read: the series is kept once, as written
            if probe.after(datetime(9971, 1, 1), inc=True) is None:
                return True
    return False


def _safe(ev: Any, where: str, opts: Options) -> Item:
    try:
        return _event(ev, where, opts)
    except _TooMuch:
        raise
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
    listed = _as_list(ev.get("ATTENDEE"))
    if len(listed) > MAX_ATTENDEES_PER_EVENT:
        raise _TooMuch(
            where,
            f"{len(listed):,} attendees, more than the {MAX_ATTENDEES_PER_EVENT:,} one event may have; refused",
        )
    for a in listed:
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
