"""Reading the dates a user types: ISO dates and times, ``today``, ``yesterday``, ``3 days ago``.

Days are the owner's calendar days: ``zone`` is the owner's time zone (services/localzone.py), so at
23:30 UTC in Tokyo "today" is already the next day. Core reads no clock and no setting: both are passed in.
"""

from __future__ import annotations

import calendar
import re
from datetime import UTC, date, datetime, time, timedelta, tzinfo

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
