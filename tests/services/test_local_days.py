"""The owner's time zone decides "today" for follow-ups and the review's week, through the real services."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from innercircle.core.model import Person
from innercircle.services import Workspace, logbook, people
from innercircle.services.followups import followups_at
from innercircle.services.people import ensure_me
from innercircle.services.review import build_review, review_week
from innercircle.services.runtime.localzone import set_zone

LATE = datetime(2026, 3, 1, 23, 30, tzinfo=UTC)  # Monday 2 March, 08:30 in Tokyo


def _seed(ws: Workspace, zone: str) -> None:
    with ws.begin() as tx:
        ensure_me(tx, LATE - timedelta(days=30), "Ada Lovelace")
        people.add_person(tx, Person(name="Grace Hopper"), ["grace@navy.example"], LATE - timedelta(days=30))
        logbook.log_interaction(tx, "meeting", ["Grace Hopper"], LATE - timedelta(days=3), LATE, 30)
        on = datetime(1990, 3, 2, 12, tzinfo=UTC)
        logbook.remember(tx, "Grace Hopper", "birthday", LATE - timedelta(days=20), "birthday", on)
        set_zone(tx, zone)


def _birthdays(ws: Workspace) -> list[tuple[str, str]]:
    with ws.read() as tx:
        return [(str(f.due), f.reason) for f in followups_at(tx, LATE) if f.kind == "birthday"]


def test_birthday_today_in_tokyo_while_utc_is_still_the_day_before(ws: Workspace) -> None:
    _seed(ws, "Asia/Tokyo")
    assert _birthdays(ws) == [("2026-03-02", "birthday today")]
    with ws.read() as tx:
        assert review_week(tx, LATE) == "2026-W10"  # Tokyo's Monday: a new week
        data = build_review(tx, LATE)
    assert data.week == "2026-W10"
    assert [f.reason for f in data.followups if f.kind == "birthday"] == ["birthday today"]


def test_the_same_moment_in_utc_is_the_day_before(ws: Workspace) -> None:
    _seed(ws, "UTC")
    assert _birthdays(ws) == [("2026-03-02", "birthday in 1 day (02 March)")]
    with ws.read() as tx:
        assert review_week(tx, LATE) == "2026-W09"
