"""Event triage and event return on hand-built events."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime, timedelta

from innercircle.core.events import TriageInput, event_return, returns_of, similar, triage
from innercircle.core.goals import GoalFit
from innercircle.core.model import Event, Goal, Outcome
from innercircle.core.ties.score import TieScore
from innercircle.core.timeuse import Budget, TimeEntry, TimeLedger

NOW = datetime(2026, 11, 2, 9, tzinfo=UTC)
GOAL = Goal(id=1, text="Raise a seed round", roles=["investor"], tags=["climate", "fundraising"])


def _input(
    events: list[Event],
    ledger: TimeLedger | None = None,
    outcomes: list[Outcome] | None = None,
    out_contacts: dict[int, list[datetime]] | None = None,
) -> TriageInput:
    ties = {5: TieScore(5, 0.7, "close"), 6: TieScore(6, 0.1, "tail")}
    return TriageInput(
        now=NOW,
        events=events,
        goals=[GOAL],
        ties=ties,
        fits={6: GoalFit(6, 0.6)},
        orgs={5: "Climate Angels", 6: "Other"},
        names={5: "Eve", 6: "Sam"},
        returns=returns_of(events, {}, outcomes or [], out_contacts or {}, NOW),
        ledger=ledger or TimeLedger(),
        budget=Budget(hours_per_week=6, events_per_month=3),
    )


def test_event_return_counts_followups_within_14_days_and_outcomes() -> None:
    e = Event(
        id=1, title="Climate night", start=NOW - timedelta(days=30), hours_cost=4, rating=5, attendees=[5, 6]
    )
    outs = [Outcome(kind="intro", at=NOW - timedelta(days=10), event_id=1, people=[5])]
    contacts = {5: [NOW - timedelta(days=25)], 6: [NOW - timedelta(days=5)]}  # 6 only after 25 days
    r = event_return(e, [5, 6], outs, contacts)
    assert r.followed_up == [5]
    assert r.outcomes == 1 and r.outcome_kinds == ["intro"]
    assert r.value == 3 + 1 + 1.0
    assert r.per_hour == round(5.0 / 4, 3)


def test_similar_events_by_series_organizer_topics() -> None:
    a = Event(
        title="A", start=NOW, series="Climate Drinks", organizer="Climate Angels", topics=["climate tech"]
    )
    b = Event(title="B", start=NOW, series="climate drinks", organizer="Other", topics=["Climate"])
    assert similar(a, b) == ["series Climate Drinks", "topics climate"]
    assert similar(a, Event(title="C", start=NOW, topics=["knitting"])) == []


def test_good_fit_with_people_who_matter_is_attend_and_unrelated_is_skip() -> None:
    past = Event(
        id=1,
        title="Climate Drinks #1",
        start=NOW - timedelta(days=40),
        series="Climate Drinks",
        hours_cost=3,
        decision="attend",
        attendees=[6],
    )
    good = Event(
        id=2,
        title="Climate Drinks #2",
        start=NOW + timedelta(days=3),
        series="Climate Drinks",
        organizer="Climate Angels",
        topics=["climate", "fundraising"],
        hours_cost=3,
    )
    bad = Event(id=3, title="Yarn club", start=NOW + timedelta(days=4), topics=["knitting"], hours_cost=2)
    items = {i.event_id: i for i in triage(_input([past, good, bad]))}
    assert set(items) == {2, 3}
    assert items[2].decision == "attend"
    assert any("people who matter" in r for r in items[2].reasons)
    assert set(items[2].people) == {"Eve", "Sam"}
    assert items[3].decision == "skip"
    assert any("fit none" in r for r in items[3].reasons)


def test_budget_turns_a_fair_event_into_skip_or_maybe() -> None:
    fair = Event(
        id=2, title="Fundraising panel", start=NOW + timedelta(days=2), topics=["fundraising"], hours_cost=3
    )
    free = triage(_input([fair]))[0]
    assert free.decision == "attend"
    week = fair.start - timedelta(days=fair.start.weekday())
    busy = TimeLedger([TimeEntry(week.replace(hour=10) + timedelta(hours=1), 5.0, "event")])
    loaded = triage(_input([fair], ledger=busy))[0]
    assert loaded.decision in ("maybe", "skip")
    assert "over budget" in loaded.reasons[0]


def test_attending_uses_budget_for_later_events() -> None:
    evs = [
        Event(
            id=10 + i,
            title=f"Climate fundraising {i}",
            start=NOW + timedelta(days=1, hours=i),
            topics=["climate", "fundraising"],
            hours_cost=2.5,
        )
        for i in range(4)
    ]
    decisions = [i.decision for i in triage(_input(evs))]
    assert decisions == ["attend", "attend", "maybe", "maybe"]  # on-goal, but over the budget


def test_budget_weeks_and_months_start_on_the_owners_clock() -> None:
    from zoneinfo import ZoneInfo

    from innercircle.core.events import week_start

    tokyo = ZoneInfo("Asia/Tokyo")
    # Monday 2 March 2026, 08:00 in Tokyo is still Sunday 1 March, 23:00 in UTC
    monday_tokyo = datetime(2026, 3, 1, 23, 0, tzinfo=UTC)
    assert week_start(monday_tokyo, tokyo) == datetime(2026, 3, 2, tzinfo=tokyo)
    assert week_start(monday_tokyo, UTC) == datetime(2026, 2, 23, tzinfo=UTC)
    # 5 h of events already on Saturday 28 February (Tokyo and UTC alike): a new week in Tokyo, not in UTC
    busy = [TimeEntry(datetime(2026, 2, 28, 3, 0, tzinfo=UTC), 5.0, "event")]
    panel = Event(id=2, title="Fundraising panel", start=monday_tokyo, topics=["fundraising"], hours_cost=3)
    t = _input([panel])
    t.now = datetime(2026, 2, 27, tzinfo=UTC)
    t.ledger = TimeLedger(busy, tokyo)
    in_tokyo = triage(t)[0]
    assert in_tokyo.decision == "attend" and "6.0 h left that week" in " ".join(in_tokyo.reasons)
    t.ledger = TimeLedger(busy, UTC)
    in_utc = triage(t)[0]
    assert "over budget" in in_utc.reasons[0] and "1.0 h left that week" in " ".join(in_utc.reasons)
    # months too: 01:00 on 1 March in Tokyo is still February in UTC, whose 3 events fill the month
    feb = [TimeEntry(datetime(2026, 2, d, 12, tzinfo=UTC), 0.5, "event") for d in (2, 9, 16)]
    t.events = [replace(panel, start=datetime(2026, 2, 28, 16, 0, tzinfo=UTC))]
    t.ledger = TimeLedger(feb, tokyo)
    assert "0 of 3 events that month" in " ".join(triage(t)[0].reasons)
    t.ledger = TimeLedger(feb, UTC)
    assert "3 of 3 events that month" in " ".join(triage(t)[0].reasons)


def test_the_budget_is_counted_in_date_order() -> None:
    """A better event later in the month cannot take the budget an earlier one already took."""
    early = Event(
        id=1, title="Fundraising panel", start=NOW + timedelta(days=3), topics=["fundraising"], hours_cost=2
    )
    late = Event(
        id=2,
        title="Climate Drinks",
        start=NOW + timedelta(days=10),
        series="Climate Drinks",
        organizer="Climate Angels",
        topics=["climate", "fundraising"],
        attendees=[5, 6],
        hours_cost=2,
    )
    t = _input([late, early])
    t.budget = Budget(hours_per_week=6, events_per_month=1)
    items = triage(t)
    assert [i.event_id for i in items] == [1, 2]  # in time order
    first, second = items
    assert second.score > first.score  # the later one is the better one, and still waits its turn
    assert first.decision == "attend" and "0 of 1 events that month already" in " ".join(first.reasons)
    assert (
        first.month_events_left == 0
        and "attending leaves 4.0 h of that week and 0 of 1 events" in first.reasons[-1]
    )
    assert "over budget" in second.reasons[0] and second.decision == "maybe"
    assert "1 of 1 events that month already (attended or planned before it)" in " ".join(second.reasons)
    assert second.month_events_left == 0 and second.reasons[-1].startswith("takes none of the budget")
    # the user's own "attend" takes the budget even where the advice would not
    t.events = [replace(early, title="Yarn club", topics=["knitting"], decision="attend"), late]
    mine, then = triage(t)
    assert mine.decision != "attend" and mine.month_events_left == 0
    assert "over budget" in then.reasons[0]


def test_triage_shows_the_travel_time_event_hours_adds() -> None:
    start = NOW + timedelta(days=2)
    timed = Event(
        id=1, title="Fundraising panel", start=start, end=start + timedelta(hours=2), topics=["fundraising"]
    )
    given = replace(timed, id=2, start=start + timedelta(days=14), hours_cost=3.0)
    bare = replace(timed, id=3, start=start + timedelta(days=28), end=None)
    items = {i.event_id: i for i in triage(_input([timed, given, bare]))}
    assert items[1].hours == 3 and items[1].travel_hours == 1
    assert "2 h + 1 h travel against 6.0 h left that week" in " ".join(items[1].reasons)
    assert items[1].week_hours_left == 3.0  # the travel is spent too
    assert items[2].travel_hours == 0 and "3 h against" in " ".join(items[2].reasons)  # cost given: as given
    assert items[3].travel_hours == 0 and "travel" not in " ".join(items[3].reasons)  # no end: a default
