"""Ties only they keep up: who wrote and heard nothing back, as follow-ups and in focus (plain data)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import numpy as np

from innercircle.core.drafts import Shared
from innercircle.core.focus import focus
from innercircle.core.followups import PersonState, followups_for
from innercircle.core.goals import GoalFit, GoalMatch
from innercircle.core.model import Channel, Person
from innercircle.core.replies import Unanswered, unanswered
from innercircle.core.ties.model import IN, MUTUAL, OUT, PRESENT, Contacts, channel_code
from innercircle.core.ties.score import Ties, TieScore

NOW = datetime(2026, 6, 1, 9, tzinfo=UTC)


def _contacts(rows: list[tuple[int, float, str, int, int]]) -> Contacts:
    """(person, days ago, channel, direction, group size) → contacts."""
    return Contacts(
        np.array([r[0] for r in rows], np.int64),
        np.array([(NOW - timedelta(days=r[1])).timestamp() for r in rows], np.float64),
        np.array([channel_code(r[2]) for r in rows], np.int8),
        np.array([r[3] for r in rows], np.int8),
        np.array([r[4] for r in rows], np.int64),
        np.full(len(rows), np.nan),
    )


def test_who_wrote_and_heard_nothing_back() -> None:
    c = _contacts(
        [
            (1, 40, Channel.EMAIL, IN, 2),  # 1 wrote twice, never answered
            (1, 5, Channel.MESSAGE, IN, 2),
            (2, 20, Channel.EMAIL, IN, 2),  # 2 got an answer
            (2, 18, Channel.EMAIL, OUT, 2),
            (3, 20, Channel.EMAIL, IN, 2),  # 3 and the user met since
            (3, 10, Channel.MEETING, MUTUAL, 2),
            (4, 3, Channel.EMAIL, IN, 5),  # 4 only wrote to a group
            (5, 300, Channel.EMAIL, IN, 2),  # 5 wrote long ago (outside the six months)
            (6, 100, Channel.EMAIL, OUT, 2),  # the user wrote to 6 once; 6 answered; nothing since
            (6, 9, Channel.EMAIL, IN, 2),
            (7, 9, Channel.EMAIL, IN, 2),  # 7 wrote; the user was only cc'd on 7's mail to others later
            (7, 2, Channel.EMAIL, PRESENT, 4),
            (8, 1, Channel.EMAIL, IN, 2),  # 8 wrote after the "now" of the analysis: not yet
        ]
    )
    got = unanswered(c, NOW - timedelta(days=2))
    assert sorted(got) == [1, 6, 7]
    assert got[1].count == 2 and got[1].label == "reply: they reached out 2 times and you have not answered"
    assert got[1].last_in == NOW - timedelta(days=5) and got[1].first_in == NOW - timedelta(days=40)
    assert got[6].label == "reply: they reached out 1 time and you have not answered"


def _state(pid: int, reply: Unanswered | None, **kw) -> PersonState:  # type: ignore[no-untyped-def]
    tie = TieScore(pid, 0.1, "known", last_contact=NOW - timedelta(days=5))
    return PersonState(person_id=pid, name="Rosa Writer", tie=tie, reply=reply, **kw)


def test_a_recent_unanswered_message_is_a_reply_follow_up() -> None:
    waiting = Unanswered(1, 3, NOW - timedelta(days=50), NOW - timedelta(days=5))
    thread = Shared("thread", (NOW - timedelta(days=5)).date(), "Pilot data for the grid study", by_them=True)
    items = followups_for(_state(1, waiting, last_shared=thread), NOW)
    assert [f.kind for f in items] == ["reply"]
    assert items[0].reason == (
        "reply: they reached out 3 times and you have not answered (their last message 5 days ago)"
    )
    assert items[0].draft.startswith("Hi Rosa,\n\nThank you for your note about “Pilot data for the grid")
    # their last message more than 30 days old: no longer a reply follow-up
    stale = Unanswered(1, 3, NOW - timedelta(days=90), NOW - timedelta(days=31))
    assert followups_for(_state(1, stale), NOW) == []
    # 'followups done' after their message settles it
    assert followups_for(_state(1, waiting, done_at=NOW - timedelta(days=1)), NOW) == []


def test_a_new_contact_who_wrote_is_a_reply_not_twice() -> None:
    met = NOW - timedelta(days=20)
    waiting = Unanswered(1, 1, met, met)
    items = followups_for(_state(1, waiting, first_contact=met), NOW)
    assert [f.kind for f in items] == ["reply"]
    assert [f.kind for f in followups_for(_state(1, None, first_contact=met), NOW)] == ["new"]
    # nor besides a cadence item: an inner tie 20 days after their message is due, but the reply says it
    inner = _state(1, waiting)
    inner.tie.tier = "inner"
    assert [f.kind for f in followups_for(inner, NOW)] == ["reply"]
    inner.reply = None
    assert [f.kind for f in followups_for(inner, NOW)] == []  # last contact 5 days ago: not yet due
    inner.tie.last_contact = met
    assert [f.kind for f in followups_for(inner, NOW)] == ["due"]


def test_focus_marks_an_unanswered_tie_reply() -> None:
    people = [Person(id=1, name="Rosa Writer"), Person(id=2, name="Sam Both")]
    ties = Ties({1: TieScore(1, 0.2, "known"), 2: TieScore(2, 0.2, "known")})
    fits = {pid: GoalFit(pid, 0.8, [GoalMatch(1, "seed round", 0.8, ["investor fits"])]) for pid in (1, 2)}
    waiting = {1: Unanswered(1, 2, NOW - timedelta(days=30), NOW - timedelta(days=4))}
    items = {i.person_id: i for i in focus(people, ties, fits, True, waiting=waiting)}
    assert items[1].why_now == "reply"
    assert items[1].reasons[0] == "reply: they reached out 2 times and you have not answered"
    assert items[2].why_now == "grow" and items[1].score == items[2].score  # marked, not re-ranked


def test_cold_inbound_the_user_never_answered_is_no_reply_owed() -> None:
    """Twenty-five pitches from someone the user never wrote to, called or met are mail the user chose
    to leave; two from a stranger are still a first message to answer; an old acquaintance writing three
    times without an answer is owed one."""
    c = _contacts(
        [
            *[(1, 2 + 3 * i, Channel.EMAIL, IN, 2) for i in range(25)],  # cold pitches
            (2, 9, Channel.EMAIL, IN, 2),  # a stranger's first two mails
            (2, 4, Channel.EMAIL, IN, 2),
            (3, 400, Channel.MEETING, MUTUAL, 2),  # met a year ago, three mails since, unanswered
            *[(3, 3 + 5 * i, Channel.EMAIL, IN, 2) for i in range(3)],
        ]
    )
    waiting = unanswered(c, NOW)
    assert set(waiting) == {2, 3}
    assert waiting[3].count == 3


def test_focus_does_not_rank_mail_the_user_never_answered_as_their_relationship() -> None:
    """A sender whose chance of writing again is high, but whom the user never answered, is no tie worth
    investing in: their strength counts for nothing and the reason says why."""
    people = [Person(id=i, name=f"P{i}") for i in (1, 2)]
    ties = Ties(
        {1: TieScore(1, 0.6, "known", contacts=25, engaged=False), 2: TieScore(2, 0.2, "active", contacts=4)}
    )
    got = focus(people, ties, {}, has_goals=False)
    assert [i.person_id for i in got] == [2, 1]
    assert "you never answered" in " ".join(got[1].reasons)
