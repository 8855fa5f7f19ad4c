"""Reading the dates a user types: ISO dates and times, ``today``, ``yesterday``, ``3 days ago``.

Days are the owner's calendar days: ``zone`` is the owner's time zone (services/runtime/localzone.py), so at
23:30 UTC in Tokyo "today" is already the next day. Core reads no clock and no setting: both are passed in.
"""

from __future__ import annotations

import calendar
import re
from datetime import UTC, date, datetime, time, timedelta, tzinfo
from typing import Any

from innercircle.core.errors import UserInputError

_AGO = re.compile(r"^(\d{1,9})\s*(d|day|days|w|week|weeks|h|hour|hours)\s+ago$")
_RELATIVE_DAYS = {"today": 0, "yesterday": -1, "tomorrow": 1}
_ISO_DAY = re.compile(r"(\d{4})-(\d{2})-(\d{2})")
# The calendar a date may name: nothing in a network is older than 1900, and past 2200 is a typo.
FIRST_DAY = date(1900, 1, 1)
LAST_DAY = date(2199, 12, 31)
FORMS = "use YYYY-MM-DD, YYYY-MM-DDTHH:MM, today, yesterday or '3 days ago'"


def _bad(text: str, why: str) -> UserInputError:
    """The one error every date argument gives: the text, what is wrong with it, and what works."""
    return UserInputError(f"not a date: {text.strip()!r}: {why} ({FORMS})")


def _in_range(day: date, text: str) -> None:
    if not FIRST_DAY <= day <= LAST_DAY:
        raise _bad(text, f"outside {FIRST_DAY.isoformat()} to {LAST_DAY.isoformat()}")


def calendar_day(text: str) -> date:
    """A ``YYYY-MM-DD`` day, checked: a month from 1 to 12, a day that the month has, a year in range.

    Every date argument (CLI options, web forms, API queries) reaches this one check, so a date that
    does not exist gives one clear message, never a traceback.
    """
    m = _ISO_DAY.fullmatch(text.strip())
    if m is None:
        raise _bad(text, "not of the form YYYY-MM-DD")
    year, month, day = (int(g) for g in m.groups())
    if not 1 <= month <= 12:
        raise _bad(text, f"there is no month {month}")
    if year >= 1:
        last = calendar.monthrange(year, month)[1]
        if not 1 <= day <= last:
            raise _bad(text, f"{calendar.month_name[month]} {year} has {last} days")
    else:
        raise _bad(text, f"outside {FIRST_DAY.isoformat()} to {LAST_DAY.isoformat()}")
    found = date(year, month, day)
    _in_range(found, text)
    return found


def _checked(moment: datetime, text: str) -> datetime:
    """A parsed moment, kept only when its day is on the calendar a date may name."""
    _in_range(moment.astimezone(UTC).date(), text)
    return moment


def local_noon(day: date, zone: tzinfo) -> datetime:
    """Noon of ``day`` on the owner's clock, as UTC (noon: a day's moment that no zone shift moves off it)."""
    return datetime.combine(day, time(12), tzinfo=zone).astimezone(UTC)


def parse_when(text: str, now: datetime, zone: tzinfo = UTC) -> datetime:
    """A moment from user text, timezone-aware UTC.

    ``today``/``yesterday``/``tomorrow`` and a bare date are noon of that day in ``zone`` (the owner's);
    a time written without a zone is the owner's local time.
    """
    t = text.strip().lower()
    if not t:
        raise UserInputError("empty date")
    if t == "now":
        return now
    if t in _RELATIVE_DAYS:
        today = now.astimezone(zone).date()
        return local_noon(today + timedelta(days=_RELATIVE_DAYS[t]), zone)
    m = _AGO.match(t)
    if m:
        n, unit = int(m.group(1)), m.group(2)[0]
        days = {"d": n, "w": 7 * n, "h": n / 24}[unit]
        if days > (now.date() - FIRST_DAY).days:
            raise _bad(text, f"before {FIRST_DAY.isoformat()}")
        return now - timedelta(days=days)
    if _ISO_DAY.fullmatch(t):
        return local_noon(calendar_day(t), zone)
    day_part = _ISO_DAY.match(t)
    if day_part:
        calendar_day(day_part.group(0))  # a day that does not exist is named as such, not as "not a date"
    try:
        dt = datetime.fromisoformat(text.strip().replace("Z", "+00:00"))
    except ValueError:
        raise _bad(text, "not a date or time") from None
    _in_range(dt.date(), text)
    return _checked((dt.replace(tzinfo=zone) if dt.tzinfo is None else dt).astimezone(UTC), text)


def parse_day(text: str, now: datetime, zone: tzinfo = UTC) -> date:
    """A calendar day (the owner's, in ``zone``) from user text."""
    return parse_when(text, now, zone).astimezone(zone).date()


def as_of_moment(text: str | None, now: datetime, zone: tzinfo = UTC) -> datetime:
    """``--as-of DATE``: the start of that day on the owner's clock (only what happened strictly before counts)."""
    if text is None:
        return now
    t = text.strip()
    if _ISO_DAY.fullmatch(t):
        return datetime.combine(calendar_day(t), time(0), tzinfo=zone).astimezone(UTC)
    return parse_when(t, now, zone)


# ---------------------------------------------------------------- showing moments on the owner's clock


def _moment(value: object) -> datetime | date | None:
    """A stored moment as data carries it: a datetime, a date, or their ISO text (naive means UTC)."""
    if isinstance(value, datetime):
        return value if value.tzinfo is not None else value.replace(tzinfo=UTC)
    if isinstance(value, date):
        return value
    if isinstance(value, str) and value.strip():
        text = value.strip().replace("Z", "+00:00")
        try:
            if _ISO_DAY.fullmatch(text):
                return date.fromisoformat(text)
            found = datetime.fromisoformat(text)
        except ValueError:
            return None
        return found if found.tzinfo is not None else found.replace(tzinfo=UTC)
    return None


def zone_label(moment: datetime, zone: tzinfo) -> str:
    """The zone's short name at that moment ("CET", "CEST", "UTC"; "+03" where the zone has no letters)."""
    return moment.astimezone(zone).tzname() or str(zone)


def show_time(value: object, zone: tzinfo, label: bool = True) -> str:
    """A moment on the owner's clock, ``YYYY-MM-DD HH:MM`` and the zone's short name ("18:30 CET").

    Every time a view prints goes through here: stored moments are UTC, the owner reads their own clock.
    A bare date is printed as it is (a day has no zone); text that is not a moment is printed unchanged.
    """
    found = _moment(value)
    if found is None:
        return "" if value is None else str(value)
    if not isinstance(found, datetime):
        return found.isoformat()
    local = found.astimezone(zone)
    return f"{local:%Y-%m-%d %H:%M}" + (f" {zone_label(found, zone)}" if label else "")


def show_day(value: object, zone: tzinfo) -> str:
    """The owner's calendar day of a moment (``YYYY-MM-DD``): 23:30 UTC is already tomorrow in Berlin."""
    found = _moment(value)
    if found is None:
        return "" if value is None else str(value)
    if isinstance(found, datetime):
        return found.astimezone(zone).date().isoformat()
    return found.isoformat()


_ISO_MOMENT = re.compile(r"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,6})?)?([+-]\d{2}:\d{2}|Z)")


def on_clock(data: Any, zone: tzinfo) -> Any:
    """Machine output on the owner's clock: every moment (a datetime, or ISO text with an offset) in
    ``data`` is written with the owner's offset (``2026-12-01T18:30:00+01:00``); the instant is the same,
    so a program reads it as before, and a person reads their own clock. Dates and other text unchanged."""
    if isinstance(data, dict):
        return {k: on_clock(v, zone) for k, v in data.items()}
    if isinstance(data, list | tuple):
        return [on_clock(v, zone) for v in data]
    if isinstance(data, datetime):
        return (data if data.tzinfo is not None else data.replace(tzinfo=UTC)).astimezone(zone).isoformat()
    if isinstance(data, str) and _ISO_MOMENT.fullmatch(data):
        try:
            return datetime.fromisoformat(data.replace("Z", "+00:00")).astimezone(zone).isoformat()
        except ValueError:
            return data
    return data


def has_moments(data: Any) -> bool:
    """Whether ``data`` holds a moment ``on_clock`` would rewrite (so the zone is looked up only then)."""
    if isinstance(data, dict):
        return any(has_moments(v) for v in data.values())
    if isinstance(data, list | tuple):
        return any(has_moments(v) for v in data)
    return isinstance(data, datetime) or (isinstance(data, str) and _ISO_MOMENT.fullmatch(data) is not None)
