"""Reading the dates a user types: ISO dates and times, ``today``, ``yesterday``, ``3 days ago``.

Days are the owner's calendar days: ``zone`` is the owner's time zone (services/localzone.py), so at
23:30 UTC in Tokyo "today" is already the next day. Core reads no clock and no setting: both are passed in.
"""

from __future__ import annotations

import re
from datetime import UTC, date, datetime, time, timedelta, tzinfo

from innercircle.core.errors import UserInputError

_AGO = re.compile(r"^(\d+)\s*(d|day|days|w|week|weeks|h|hour|hours)\s+ago$")
_RELATIVE_DAYS = {"today": 0, "yesterday": -1, "tomorrow": 1}


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
        return now - {"d": timedelta(days=n), "w": timedelta(weeks=n), "h": timedelta(hours=n)}[unit]
    try:
        if re.fullmatch(r"\d{4}-\d{2}-\d{2}", t):
            return local_noon(date.fromisoformat(t), zone)
        dt = datetime.fromisoformat(text.strip().replace("Z", "+00:00"))
    except ValueError:
        raise UserInputError(
            f"not a date: {text!r} (use YYYY-MM-DD, YYYY-MM-DDTHH:MM, today, yesterday or '3 days ago')"
        ) from None
    return (dt.replace(tzinfo=zone) if dt.tzinfo is None else dt).astimezone(UTC)


def parse_day(text: str, now: datetime, zone: tzinfo = UTC) -> date:
    """A calendar day (the owner's, in ``zone``) from user text."""
    return parse_when(text, now, zone).astimezone(zone).date()


def as_of_moment(text: str | None, now: datetime, zone: tzinfo = UTC) -> datetime:
    """``--as-of DATE``: the start of that day on the owner's clock (only what happened strictly before counts)."""
    if text is None:
        return now
    t = text.strip()
    if re.fullmatch(r"\d{4}-\d{2}-\d{2}", t):
        return datetime.combine(date.fromisoformat(t), time(0), tzinfo=zone).astimezone(UTC)
    return parse_when(t, now, zone)
