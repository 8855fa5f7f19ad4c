"""Reading the dates a user types: ISO dates and times, ``today``, ``yesterday``, ``3 days ago``."""

from __future__ import annotations

import re
from datetime import UTC, date, datetime, time, timedelta

from innercircle.core.errors import UserInputError

_AGO = re.compile(r"^(\d+)\s*(d|day|days|w|week|weeks|h|hour|hours)\s+ago$")


def parse_when(text: str, now: datetime) -> datetime:
    """A moment from user text, timezone-aware UTC (a bare date is noon UTC of that day)."""
    t = text.strip().lower()
    if not t:
        raise UserInputError("empty date")
    if t == "now":
        return now
    if t in ("today", "yesterday", "tomorrow"):
        shift = {"today": 0, "yesterday": -1, "tomorrow": 1}[t]
        return datetime.combine(now.date() + timedelta(days=shift), time(12), tzinfo=UTC)
    m = _AGO.match(t)
    if m:
        n, unit = int(m.group(1)), m.group(2)[0]
        return now - {"d": timedelta(days=n), "w": timedelta(weeks=n), "h": timedelta(hours=n)}[unit]
    try:
        if re.fullmatch(r"\d{4}-\d{2}-\d{2}", t):
            return datetime.combine(date.fromisoformat(t), time(12), tzinfo=UTC)
        dt = datetime.fromisoformat(text.strip().replace("Z", "+00:00"))
    except ValueError:
        raise UserInputError(
            f"not a date: {text!r} (use YYYY-MM-DD, YYYY-MM-DDTHH:MM, today, yesterday or '3 days ago')"
        ) from None
    return dt.replace(tzinfo=UTC) if dt.tzinfo is None else dt.astimezone(UTC)


def parse_day(text: str, now: datetime) -> date:
    """A calendar day from user text."""
    return parse_when(text, now).date()


def as_of_moment(text: str | None, now: datetime) -> datetime:
    """``--as-of DATE``: the start of that day (only what happened strictly before counts)."""
    if text is None:
        return now
    t = text.strip()
    if re.fullmatch(r"\d{4}-\d{2}-\d{2}", t):
        return datetime.combine(date.fromisoformat(t), time(0), tzinfo=UTC)
    return parse_when(t, now)
