"""Every date argument is checked in one place (core/dates.py): a day that does not exist, or one far
outside any network's life, gives one red line and exit 1 in every command, never a traceback."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest

from innercircle.core.dates import FIRST_DAY, LAST_DAY, as_of_moment, calendar_day, parse_when
from innercircle.core.errors import UserInputError

NOW = datetime(2026, 12, 7, 12, tzinfo=UTC)
BAD = {
    "2026-02-30": "February 2026 has 28 days",
    "2025-13-45": "there is no month 13",
    "0001-01-01": "outside 1900-01-01 to 2199-12-31",
    "9999-12-31": "outside 1900-01-01 to 2199-12-31",
    "2026-02-30T10:00": "February 2026 has 28 days",
    "99999999 days ago": "before 1900-01-01",
}
COMMANDS = [("health",), ("review",), ("focus",), ("followups",), ("ties",), ("event", "triage")]


@pytest.mark.parametrize(("text", "why"), BAD.items())
def test_a_day_that_does_not_exist_is_named_as_such(text: str, why: str) -> None:
    for read in (parse_when, as_of_moment):
        with pytest.raises(UserInputError) as caught:
            read(text, NOW)
        assert why in str(caught.value) and "YYYY-MM-DD" in str(caught.value)


def test_the_calendar_includes_its_ends_and_leap_days() -> None:
    assert calendar_day("1900-01-01") == FIRST_DAY and calendar_day("2199-12-31") == LAST_DAY
    assert calendar_day("2024-02-29") == date(2024, 2, 29)
    with pytest.raises(UserInputError, match="February 1900 has 28 days"):
        calendar_day("1900-02-29")  # not a leap year: divisible by 100


@pytest.mark.parametrize("command", COMMANDS)
def test_every_as_of_gives_one_red_line_and_exit_1(cli, command: tuple[str, ...]) -> None:  # type: ignore[no-untyped-def]
    assert cli("init", "--name", "Ada").exit_code == 0
    for text, why in BAD.items():
        r = cli(*command, "--as-of", text)
        assert r.exit_code == 1, r.output
        lines = r.stderr.strip().splitlines()
        assert len(lines) == 1 and lines[0].startswith("error: not a date"), r.stderr
        assert why in lines[0] and "Traceback" not in r.output


@pytest.mark.parametrize(
    "args",
    [
        ("log", "meeting", "Ada", "--at", "2026-02-30"),
        ("remember", "Ada", "birthday", "--on", "2025-13-45"),
        ("goal", "add", "Raise", "--due", "0001-01-01"),
        ("event", "add", "Meetup", "--at", "2026-02-30T18:30"),
    ],
)
def test_writes_check_their_dates_the_same_way(cli, args: tuple[str, ...]) -> None:  # type: ignore[no-untyped-def]
    assert cli("init", "--name", "Ada").exit_code == 0
    r = cli(*args)
    assert r.exit_code == 1 and r.stderr.startswith("error: not a date"), r.output
    assert "Traceback" not in r.output


def test_snooze_days_out_of_range_is_a_usage_error(cli) -> None:  # type: ignore[no-untyped-def]
    assert cli("init", "--name", "Ada").exit_code == 0
    assert cli("add", "Grace Hopper").exit_code == 0
    r = cli("followups", "snooze", "Grace Hopper", "--days", "999999999")
    assert r.exit_code == 2 and "Traceback" not in r.output
