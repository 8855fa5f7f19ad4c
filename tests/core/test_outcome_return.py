"""Outcomes: progress per goal, return per channel/relationship/hour, online engagement."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

from innercircle.core.history import History
from innercircle.core.model import Channel, Direction, Goal, Interaction, Outcome, Participant, Role
from innercircle.core.outcomes import engagement, goal_progress, per_channel, per_hour, per_relationship
from innercircle.core.records import ActivityRecord
from innercircle.core.timeuse import TimeEntry, TimeLedger

NOW = datetime(2026, 11, 2, tzinfo=UTC)
G1 = Goal(
    id=1,
    text="Raise a seed round",
    roles=["investor"],
    tags=["fundraising"],
    outcome_kinds=["funding", "intro"],
    due=date(2026, 12, 2),
)
G2 = Goal(id=2, text="Find a mentor", roles=["mentor"])


def _meet(pid: int, days: int, channel: Channel = Channel.MEETING) -> Interaction:
    return Interaction(
        at=NOW - timedelta(days=days),
        channel=channel,
        direction=Direction.OUT,
        participants=[Participant(1, Role.FROM), Participant(pid, Role.TO)],
    )


OUTS = [
    Outcome(kind="intro", at=NOW - timedelta(days=5), people=[5], goal_id=1),
    Outcome(kind="referral", at=NOW - timedelta(days=3), people=[6], goal_id=1),
    Outcome(kind="mentorship", at=NOW - timedelta(days=2), people=[5], event_id=9),
]


def test_goal_progress_counts_wanted_kinds() -> None:
    prog = {p.goal_id: p for p in goal_progress([G1, G2], OUTS, NOW)}
    assert prog[1].outcomes == 2 and prog[1].progress == 0.5 and prog[1].days_left == 30
    assert prog[1].people == [5, 6]
    assert prog[2].outcomes == 0 and prog[2].progress == 0.0


def test_return_per_channel_relationship_hour() -> None:
    its = [_meet(5, 10), _meet(6, 6, Channel.EMAIL), _meet(6, 20)]
    ledger = TimeLedger(
        [
            TimeEntry(NOW - timedelta(days=10), 2.0, "meeting", (5,)),
            TimeEntry(NOW - timedelta(days=20), 1.0, "meeting", (6,)),
        ]
    )
    ch = {r.key: r for r in per_channel(OUTS, History.of(its), ledger, 1)}
    assert ch["meeting"].outcomes == 1 and ch["email"].outcomes == 1 and ch["event"].outcomes == 1
    assert ch["meeting"].per_hour == round(1 / 3, 3)
    rel = {r.key: r for r in per_relationship(OUTS, History.of(its), ledger, 1, {5: "Eve", 6: "Sam"})}
    assert rel["Eve"].outcomes == 2 and rel["Eve"].hours == 2.0 and rel["Eve"].per_hour == 1.0
    assert per_hour(OUTS, ledger, NOW) == {"days": 90, "outcomes": 3, "hours": 3.0, "per_hour": 1.0}


def test_engagement_share_of_posts_on_goals() -> None:
    acts = [
        ActivityRecord("share", NOW - timedelta(days=3), "Lessons from our fundraising round"),
        ActivityRecord("share", NOW - timedelta(days=4), "My cat photos"),
        ActivityRecord("reaction", NOW - timedelta(days=4), ""),
        ActivityRecord("share", NOW - timedelta(days=400), "fundraising long ago"),
    ]
    e = engagement(acts, [G1, G2], NOW)
    assert (e.posts, e.posts_on_goals, e.share_on_goals) == (2, 1, 0.5)
    assert e.by_kind == {"share": 2, "reaction": 1}
    assert e.topics == ["Raise a seed round"]
