"""Reading the dates exporters write: ISO 8601, Unix seconds, LinkedIn's three styles, US short dates."""

from __future__ import annotations

import re
from datetime import UTC, date, datetime, tzinfo

_FORMATS = (
    "%d %b %Y",  # 07 Feb 2026 (LinkedIn 2020s)
    "%d-%b-%y",  # 6-Feb-26 (LinkedIn after a spreadsheet)
    "%d-%b-%Y",
    "%m/%d/%y, %I:%M %p",  # 1/8/18, 6:14 PM (LinkedIn 2018)
    "%m/%d/%Y, %I:%M %p",
    "%m/%d/%y %I:%M %p",
    "%m/%d/%Y %I:%M %p",
    "%m/%d/%y",
    "%m/%d/%Y",
    "%Y-%m-%d %H:%M:%S %Z",  # 2023-05-01 10:23:45 UTC (LinkedIn messages)
    "%Y-%m-%d %H:%M:%S",
    "%Y-%m-%d %H:%M",
    "%b %d, %Y",  # Feb 7, 2026
    "%d %B %Y",
    "%B %d, %Y",
    "%Y/%m/%d",
)


def parse_datetime(text: str, zone: tzinfo = UTC) -> datetime | None:
    """A timezone-aware UTC moment from an exporter's date text, or None when unreadable (a time written
    without a zone is read in ``zone``)."""
    t = " ".join(text.strip().split())
    if not t:
        return None
    if re.fullmatch(r"\d{9,11}(\.\d+)?", t):
        try:
            return datetime.fromtimestamp(float(t), tz=UTC)
        except (OverflowError, OSError, ValueError):
            return None
    iso = t.replace("Z", "+00:00").replace(" UTC", "+00:00")
    dt: datetime | None
    try:
        dt = datetime.fromisoformat(iso)
    except ValueError:
        dt = _strptime(t)
    if dt is None:
        return None
    return (dt.replace(tzinfo=zone) if dt.tzinfo is None else dt).astimezone(UTC)


def _strptime(t: str) -> datetime | None:
    for fmt in _FORMATS:
        try:
            return datetime.strptime(t, fmt)
        except ValueError:
            continue
    return None


def parse_day(text: str) -> date | None:
    """A calendar day (a birthday: ``19800322``, ``1980-03-22``, ``--0322`` → year 1604 like Apple)."""
    t = text.strip()
    m = re.fullmatch(r"--(\d{2})-?(\d{2})", t)
    if m:
        return _day(1604, int(m.group(1)), int(m.group(2)))
    m = re.fullmatch(r"(\d{4})-?(\d{2})-?(\d{2})(?:T.*)?", t)
    if m:
        return _day(int(m.group(1)), int(m.group(2)), int(m.group(3)))
    dt = parse_datetime(t)
    return None if dt is None else dt.date()


def _day(y: int, m: int, d: int) -> date | None:
    try:
        return date(y, m, d)
    except ValueError:
        return None
