"""The demo generator: deterministic, sized like a real year, with its planted patterns present."""

from __future__ import annotations

from collections import Counter
from datetime import date, timedelta

import pytest

from innercircle.core.model import Channel, Direction, Role
from innercircle.demo.generate import generate
from innercircle.demo.network import OWNER_ID, DemoNetwork

TODAY = date(2026, 3, 1)


@pytest.fixture(scope="module")
def net() -> DemoNetwork:
    return generate(42, TODAY)


def _touching(net: DemoNetwork, pid: int) -> list:  # type: ignore[type-arg]
    return [it for it in net.interactions if any(p.person_id == pid for p in it.participants)]


def test_same_seed_same_network_other_seed_other_network(net: DemoNetwork) -> None:
    again = generate(42, TODAY)
    assert [(p.name, p.identities) for p in again.people] == [(p.name, p.identities) for p in net.people]
    assert [(i.at, i.subject, i.participants) for i in again.interactions] == [
        (i.at, i.subject, i.participants) for i in net.interactions
    ]
    other = generate(7, TODAY)
    assert [p.name for p in other.people] != [p.name for p in net.people]


def test_sizes_look_like_a_real_year(net: DemoNetwork) -> None:
    tiers = Counter(net.tiers.values())
    assert 1400 <= len(net.connections()) <= 1600
    assert 130 <= len(net.in_contact()) <= 190  # ~150 in contact, plus people just met at events
    assert tiers["inner"] == 5 and 12 <= tiers["inner"] + tiers["close"] <= 18
    assert 45 <= tiers["inner"] + tiers["close"] + tiers["active"] <= 60
    contacted = net.in_contact()
    never = [p for p in net.connections() if p.id not in contacted]
    assert len(never) > 0.8 * len(net.connections())
    channels = Counter(it.channel for it in net.interactions)
    for ch in (Channel.EMAIL, Channel.MEETING, Channel.CALL, Channel.MESSAGE, Channel.SMS):
        assert channels[ch] >= 100, ch
    assert all(it.at < net.moment() for it in net.interactions)


def test_identities_are_unique_and_ids_are_positions(net: DemoNetwork) -> None:
    seen = [(i.kind, i.value) for p in [net.owner, *net.people] for i in p.identities]
    assert len(seen) == len(set(seen))
    assert all(p.id == k + 1 for k, p in enumerate(net.people))
    assert all(e.id == k + 1 for k, e in enumerate(net.events))
    assert all(g.id == k + 1 for k, g in enumerate(net.goals))


def test_group_mails_and_reply_threads(net: DemoNetwork) -> None:
    mails = [it for it in net.interactions if it.channel is Channel.EMAIL]
    assert sum(1 for m in mails if m.group_size >= 3) >= 10
    ids = {m.message_id for m in mails}
    replies = [m for m in mails if m.in_reply_to]
    assert len(replies) > 300 and all(m.in_reply_to in ids for m in replies)
    assert {m.direction for m in mails} == {Direction.IN, Direction.OUT}


def test_goals_events_outcomes_favours_details(net: DemoNetwork) -> None:
    assert any("seed" in g.text.lower() for g in net.goals)
    assert any("engineer" in g.text.lower() for g in net.goals)
    assert any("climate" in g.text.lower() for g in net.goals)
    upcoming = [e for e in net.events if e.start.date() > TODAY]
    past = [e for e in net.events if e.start.date() < TODAY]
    assert len(upcoming) >= 5 and len(past) >= 30
    assert sum(1 for e in net.events if e.series) >= 10 and all(e.hours_cost for e in net.events)
    assert all(e.attendees for e in past if not e.title.startswith(tuple("0123456789")))
    assert any(o.event_id for o in net.outcomes) and all(o.people for o in net.outcomes)
    assert {o.goal_id for o in net.outcomes} >= {1, 2, 3}
    assert {f.direction for f in net.favors} == {"gave", "received"}
    kinds = Counter(d.kind for d in net.details)
    assert kinds["birthday"] >= 15 and kinds["family"] >= 10 and kinds["achievement"] >= 5


def test_planted_month_of_nightly_events_over_budget(net: DemoNetwork) -> None:
    b = net.planted["burnout"]
    assert TODAY - timedelta(days=95) <= b["start"] < b["end"] <= TODAY - timedelta(days=14)
    events = [e for e in net.events if e.id in b["event_ids"]]
    nights = {e.start.date() for e in events}
    assert len(nights) >= 20 and all(b["start"] <= d < b["end"] for d in nights)
    weekly = sum(e.hours_cost or 0 for e in events) / 4
    assert weekly > 3 * net.settings.hours_per_week
    assert len(events) > 5 * net.settings.events_per_month
    year_ago = TODAY - timedelta(days=365)
    before = [e for e in net.events if year_ago <= e.start.date() < b["start"] and e.decision == "attend"]
    months = (b["start"] - year_ago).days / 30.4
    assert len(before) / months <= net.settings.events_per_month  # the other months keep to the budget


def test_planted_silent_strong_tie(net: DemoNetwork) -> None:
    pid = net.planted["silent_tie"]["person_id"]
    assert net.tiers[pid] in ("inner", "close")
    times = [it.at.date() for it in _touching(net, pid)]
    assert max(times) <= TODAY - timedelta(days=60)
    assert max(times) >= TODAY - timedelta(days=100)
    assert min(times) <= TODAY - timedelta(days=2 * 365)
    assert len(times) >= 40


def test_planted_new_contacts_never_followed_up(net: DemoNetwork) -> None:
    ids = net.planted["unfollowed"]["person_ids"]
    assert len(ids) >= 4
    for pid in ids:
        its = _touching(net, pid)
        first = min(it.at for it in its)
        assert TODAY - timedelta(days=45) <= first.date() <= TODAY - timedelta(days=14)
        assert not any(it.direction is Direction.OUT for it in its)
        assert any(pid in net.met.get(eid, []) for eid in net.planted["unfollowed"]["event_ids"])


def test_planted_one_sided_relationship(net: DemoNetwork) -> None:
    pid = net.planted["one_sided"]["person_id"]
    its = _touching(net, pid)
    assert len(its) >= 6
    assert all(it.direction is Direction.OUT for it in its)
    assert not any(p.person_id == pid and p.role is Role.FROM for it in its for p in it.participants)
    favors = [f for f in net.favors if f.person_id == pid]
    assert favors and all(f.direction == "gave" for f in favors)


def test_upcoming_birthday(net: DemoNetwork) -> None:
    b = net.planted["upcoming_birthday"]
    detail = next(d for d in net.details if d.person_id == b["person_id"] and d.kind == "birthday")
    assert detail.on is not None and (detail.on.month, detail.on.day) == (b["on"].month, b["on"].day)
    assert OWNER_ID not in {d.person_id for d in net.details}


def test_ordinary_weeks_keep_to_the_budget_and_the_burnout_weeks_do_not(net: DemoNetwork) -> None:
    """Networking hours per week: events plus meetings with people outside the owner's organization."""
    hours: Counter[tuple[int, int]] = Counter()
    for it in net.interactions:
        outside = [net.person(p.person_id).org != net.owner.org for p in it.participants if p.person_id]
        if it.channel is Channel.MEETING and any(outside):
            hours[_week(it.at.date())] += (it.duration_s or 0) / 3600
    for e in net.events:
        if e.decision == "attend":
            hours[_week(e.start.date())] += e.hours_cost or 0
    b = net.planted["burnout"]
    burnout_weeks = {_week(b["start"] + timedelta(days=d)) for d in range(7, 21)}
    year = {_week(TODAY - timedelta(days=d)) for d in range(1, 365)}
    ordinary = sorted(hours[w] for w in year - burnout_weeks)
    budget = net.settings.hours_per_week
    assert ordinary[len(ordinary) // 2] < budget  # the median ordinary week
    assert sum(h > budget for h in ordinary) < len(ordinary) / 3
    assert all(hours[w] > 2 * budget for w in burnout_weeks)


def _week(day: date) -> tuple[int, int]:
    year, week, _ = day.isocalendar()
    return year, week
