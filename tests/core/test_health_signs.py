"""Health signs on hand-built weeks: over budget, one-sided, unanswered, cooling — and a calm baseline."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

from innercircle.core.health import SIGNS, HealthInput, assess, status_of, unanswered_new
from innercircle.core.history import History, first_seen
from innercircle.core.model import Channel, Direction, Event, Favor, Interaction, Participant, Role
from innercircle.core.ties.score import TieScore
from innercircle.core.timeuse import Budget, build_ledger, off_hours

NOW = datetime(2026, 11, 2, 9, tzinfo=UTC)  # a Monday
ME = 1


def _it(
    pid: int, at: datetime, direction: Direction, channel: Channel = Channel.EMAIL, minutes: int | None = None
) -> Interaction:
    frm, to = (ME, pid) if direction is Direction.OUT else (pid, ME)
    return Interaction(
        at=at,
        channel=channel,
        direction=direction,
        participants=[Participant(frm, Role.FROM), Participant(to, Role.TO)],
        duration_s=None if minutes is None else minutes * 60,
    )


def _input(
    events: list[Event],
    its: list[Interaction],
    ties: dict[int, TieScore] | None = None,
    favors: list[Favor] | None = None,
    relevant: set[int] | None = None,
) -> HealthInput:
    ledger = build_ledger(events, its, ME, {}, None, NOW)
    return HealthInput(
        now=NOW,
        budget=Budget(hours_per_week=4, events_per_month=4),
        ledger=ledger,
        history=History.of(its),
        first_seen=first_seen(History.of(its), ME, {}),
        ties=ties or {},
        relevant=relevant or set(),
        relevant_events=set(),
        favors=favors or [],
        me_id=ME,
        names={i: f"P{i}" for i in range(200)},
    )


def _calm() -> list[Interaction]:
    """Two old friends, one call a week each, both sides reaching out."""
    its = []
    for w in range(40):
        at = NOW - timedelta(weeks=w, days=2)
        its.append(_it(2, at.replace(hour=11), Direction.OUT if w % 2 else Direction.IN, Channel.CALL, 30))
        its.append(_it(3, at.replace(hour=12), Direction.IN if w % 2 else Direction.OUT, Channel.CALL, 30))
    return its


def test_status_thresholds() -> None:
    assert status_of(0.5, 1.0, 1.5) == "ok"
    assert status_of(1.0, 1.0, 1.5) == "warning"
    assert status_of(2.0, 1.0, 1.5) == "alert"


def test_calm_network_is_healthy() -> None:
    h = assess(_input([], _calm(), relevant={2, 3}))
    assert [s.name for s in h.signs] == list(SIGNS)
    assert all(s.status == "ok" for s in h.signs), [(s.name, s.status, s.explanation) for s in h.signs]
    assert h.status == "ok" and len(h.actions) == 3
    assert all(len(s.trend) == 8 for s in h.signs)


def test_nightly_events_for_a_month_are_burnout() -> None:
    events = [
        Event(
            id=100 + d,
            title=f"Meetup {d}",
            start=(NOW - timedelta(days=d)).replace(hour=19),
            hours_cost=3,
            decision="attend",
        )
        for d in range(1, 29)
    ]
    h = assess(_input(events, _calm(), relevant={2, 3}))
    sign = {s.name: s for s in h.signs}
    assert sign["burnout"].status == "alert"
    assert sign["burnout"].value > 1.5
    assert "longest run over budget: 4 week(s)" in sign["burnout"].explanation
    assert sign["burnout"].trend[-1] > 1 and sign["burnout"].trend[0] < 1
    assert sign["lost_productivity"].status == "alert"
    # 4 weeks of 21 h of events + 1 h of calls against 4 h: 18 h over each week, 72 h over 12 weeks
    assert sign["lost_productivity"].value == 6.0
    assert sign["lost_productivity"].trend[-4:] == [18.0] * 4
    assert h.status == "alert" and "burnout" in h.verdict
    assert "Cut back" in h.actions[0]


def test_unanswered_new_contacts_are_surface() -> None:
    its = _calm()
    for pid in (20, 21, 22, 23):  # wrote to the user 3-5 weeks ago; never answered
        its.append(_it(pid, NOW - timedelta(days=20 + pid), Direction.IN, Channel.MESSAGE))
    its.append(_it(24, NOW - timedelta(days=30), Direction.IN))  # answered two days later
    its.append(_it(24, NOW - timedelta(days=28), Direction.OUT))
    its.append(_it(25, NOW - timedelta(days=30), Direction.OUT))  # the user wrote first: not unanswered
    hi = _input([], its, relevant={2, 3})
    hi.met_at = {26: NOW - timedelta(days=21), 27: NOW - timedelta(days=3)}  # met at events; 27 too recent
    assert unanswered_new(hi) == [20, 21, 22, 23, 26]
    sign = {s.name: s for s in assess(hi).signs}["surface_relationships"]
    assert sign.status != "ok"
    assert {p["person_id"] for p in sign.people} == {20, 21, 22, 23, 26}


def test_one_sided_relationship_is_reciprocity() -> None:
    its = _calm()
    for w in range(10):
        its.append(_it(30, NOW - timedelta(weeks=w, days=1), Direction.OUT))
    favors = [Favor(person_id=30, direction="gave", text="intro", at=NOW - timedelta(days=40))]
    sign = {s.name: s for s in assess(_input([], its, favors=favors, relevant={2, 3})).signs}["reciprocity"]
    assert sign.status in ("warning", "alert")
    assert sign.people[0]["person_id"] == 30
    assert "1 relationship is one-sided" in sign.explanation  # not "1 relationships are"


def test_cooling_strong_tie_is_neglect() -> None:
    ties = {
        2: TieScore(2, 0.8, "inner"),
        40: TieScore(40, 0.7, "inner", trend="silent", cooling=True),
        41: TieScore(41, 0.2, "known", trend="silent", cooling=True),
    }
    sign = {s.name: s for s in assess(_input([], _calm(), ties=ties, relevant={2, 3})).signs}[
        "neglected_contacts"
    ]
    assert sign.status == "warning"
    assert [p["person_id"] for p in sign.people] == [40]
    assert "P40" in sign.explanation


def test_time_with_unrelated_people_is_lack_of_focus() -> None:
    sign = {s.name: s for s in assess(_input([], _calm(), relevant=set())).signs}["lack_of_focus"]
    assert sign.value == 1.0 and sign.status == "alert"
    half = {s.name: s for s in assess(_input([], _calm(), relevant={2})).signs}["lack_of_focus"]
    assert abs(half.value - 0.5) < 0.01


def test_a_month_over_budget_weeks_ago_still_weighs() -> None:
    """The month of nightly events ended six weeks ago: burnout still names it; the trend shows the fall."""
    events = [
        Event(
            id=200 + d,
            title=f"Night {d}",
            start=(NOW - timedelta(days=d)).replace(hour=20),
            hours_cost=3,
            decision="attend",
        )
        for d in range(43, 71)
    ]
    sign = {s.name: s for s in assess(_input(events, _calm(), relevant={2, 3})).signs}["burnout"]
    assert sign.status == "alert" and sign.value > 4
    assert "Last 4 weeks: 0.2× the budget" in sign.explanation
    assert sign.trend[-1] < 1 and max(sign.trend) > 1
    calm = {s.name: s for s in assess(_input(events[:0], _calm(), relevant={2, 3})).signs}["burnout"]
    assert calm.status == "ok"


def test_evenings_and_weekends_on_the_owners_clock() -> None:
    berlin, tokyo = ZoneInfo("Europe/Berlin"), ZoneInfo("Asia/Tokyo")
    summer = datetime(2026, 7, 15, 17, 30, tzinfo=UTC)  # Wednesday 19:30 in Berlin
    assert off_hours(summer, berlin) and not off_hours(summer, UTC)
    assert not off_hours(summer.replace(hour=15), berlin)  # 17:00 in Berlin: still the working day
    friday_late = datetime(2026, 7, 17, 16, tzinfo=UTC)  # Saturday 01:00 in Tokyo
    assert off_hours(friday_late, tokyo) and not off_hours(friday_late, UTC)
    meeting = _it(2, summer, Direction.OUT, Channel.MEETING, 60)
    now = datetime(2026, 7, 20, tzinfo=UTC)
    local = build_ledger([], [meeting], ME, {}, None, now, berlin)
    assert [local.off_hours(t) for t in local.entries] == [True]
    assert [build_ledger([], [meeting], ME, {}, None, now).off_hours(t) for t in local.entries] == [False]
