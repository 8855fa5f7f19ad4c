"""Dates a user types, read on the owner's calendar (the zone is passed in; core reads no clock)."""

from __future__ import annotations

from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo

import pytest

from innercircle.core.dates import as_of_moment, parse_day, parse_when
from innercircle.core.errors import UserInputError

TOKYO = ZoneInfo("Asia/Tokyo")
NEW_YORK = ZoneInfo("America/New_York")
LATE = datetime(2026, 3, 1, 23, 30, tzinfo=UTC)  # already 08:30 on 2 March in Tokyo


def test_today_at_2330_utc_in_tokyo_is_the_next_calendar_day() -> None:
    assert parse_day("today", LATE, TOKYO) == date(2026, 3, 2)
    assert parse_day("yesterday", LATE, TOKYO) == date(2026, 3, 1)
    assert parse_day("tomorrow", LATE, TOKYO) == date(2026, 3, 3)
    assert parse_when("today", LATE, TOKYO) == datetime(2026, 3, 2, 3, tzinfo=UTC)  # noon in Tokyo
    # the same moment on UTC's calendar is still 1 March
    assert parse_day("today", LATE) == date(2026, 3, 1)


def test_west_of_utc_today_is_still_the_day_before() -> None:
    early = datetime(2026, 3, 2, 2, 0, tzinfo=UTC)  # 21:00 on 1 March in New York
    assert parse_day("today", early, NEW_YORK) == date(2026, 3, 1)
    assert parse_when("yesterday", early, NEW_YORK) == datetime(2026, 2, 28, 17, tzinfo=UTC)


def test_dates_and_times_without_a_zone_are_the_owners() -> None:
    assert parse_when("2026-03-02", LATE, TOKYO) == datetime(2026, 3, 2, 3, tzinfo=UTC)
    assert parse_day("2026-03-02", LATE, ZoneInfo("Pacific/Kiritimati")) == date(2026, 3, 2)
    assert parse_when("2026-03-02T09:00", LATE, TOKYO) == datetime(2026, 3, 2, 0, tzinfo=UTC)
    # an explicit offset wins over the owner's zone
    assert parse_when("2026-03-02T09:00+00:00", LATE, TOKYO) == datetime(2026, 3, 2, 9, tzinfo=UTC)


def test_relative_moments_and_errors_do_not_depend_on_the_zone() -> None:
    assert parse_when("now", LATE, TOKYO) == LATE
    assert parse_when("3 days ago", LATE, TOKYO) == datetime(2026, 2, 26, 23, 30, tzinfo=UTC)
    with pytest.raises(UserInputError, match="not a date"):
        parse_when("next blue moon", LATE, TOKYO)


def test_as_of_is_the_start_of_the_owners_day() -> None:
    now = datetime(2026, 3, 10, 12, tzinfo=UTC)
    assert as_of_moment("2026-03-02", now) == datetime(2026, 3, 2, tzinfo=UTC)
    assert as_of_moment("2026-03-02", now, ZoneInfo("Asia/Tokyo")) == datetime(2026, 3, 1, 15, tzinfo=UTC)
    assert as_of_moment(None, now, ZoneInfo("Asia/Tokyo")) == now
