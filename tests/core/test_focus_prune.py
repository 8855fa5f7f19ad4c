"""Focus ranking and prune candidates on hand-built people and ties."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from innercircle.core.focus import focus, opportunity, prune_candidates
from innercircle.core.goals import GoalFit, GoalMatch
from innercircle.core.history import History
from innercircle.core.model import Channel, Direction, Interaction, Participant, Person, Role
from innercircle.core.onesided import Reach, contacts_from, reach_at
from innercircle.core.ties.score import Ties, TieScore

NOW = datetime(2026, 11, 2, tzinfo=UTC)
OLD = NOW - timedelta(days=400)


def _fit(pid: int, score: float) -> GoalFit:
    return GoalFit(pid, score, [GoalMatch(1, "seed round", score, [f"reason for {pid}"])] if score else [])


PEOPLE = [Person(id=i, name=f"P{i}", created_at=OLD) for i in range(1, 7)]
TIES = Ties(
    {
        1: TieScore(1, 0.9, "inner"),  # strong, steady: little room to grow
        2: TieScore(2, 0.8, "inner", trend="silent", cooling=True),  # strong and cooling: act now
        3: TieScore(3, 0.3, "active"),  # room to grow
        4: TieScore(4, 0.5, "close"),  # no goal fit
    }
)
FITS = {1: _fit(1, 0.8), 2: _fit(2, 0.8), 3: _fit(3, 0.8), 4: _fit(4, 0.0), 5: _fit(5, 0.5)}


def test_opportunity_prefers_cooling_strong_ties() -> None:
    assert opportunity(TIES[2])[1] == "cooling"
    assert opportunity(TIES[3]) == (0.7, "grow", "room to grow (strength 0.30)")
    assert opportunity(None)[0] == 1.0


def test_focus_ranks_cooling_first_and_drops_unfit() -> None:
    items = focus(PEOPLE, TIES, FITS, has_goals=True)
    ids = [i.person_id for i in items]
    assert ids[0] == 2
    assert 4 not in ids and 6 not in ids
    assert set(ids) == {1, 2, 3, 5}
    assert all(i.reasons for i in items)
    assert "reason for 2" in items[0].reasons[0]
    assert focus(PEOPLE, TIES, FITS, has_goals=True, limit=2) == items[:2]


def test_focus_without_goals_still_ranks_with_a_reason() -> None:
    items = focus(PEOPLE, TIES, {}, has_goals=False, limit=3)
    assert len(items) == 3
    assert any("no active goals" in r for r in items[0].reasons)


def test_prune_only_no_contact_no_fit_not_pinned_not_new() -> None:
    people = [
        *PEOPLE,
        Person(id=7, name="Pinned", tier_pin="close", created_at=OLD),
        Person(id=8, name="New", connected_at=NOW - timedelta(days=3)),
        Person(id=9, name="Gone", archived=True, created_at=OLD),
    ]
    ties = {**TIES, 6: TieScore(6, 0.0, "tail")}
    got = prune_candidates(people, ties, FITS, contacted={1, 2, 3, 4}, now=NOW)
    assert [p.person_id for p in got] == [6]
    assert "no contact" in got[0].reasons[0]


def _one_to_one(pid: int, direction: Direction, days_ago: int) -> Interaction:
    other = Role.TO if direction is Direction.OUT else Role.FROM
    me = Role.FROM if direction is Direction.OUT else Role.TO
    return Interaction(
        at=NOW - timedelta(days=days_ago),
        channel=Channel.EMAIL,
        direction=direction,
        participants=[Participant(99, me), Participant(pid, other)],
    )


def test_one_sided_tie_is_discounted_with_an_honest_reason() -> None:
    # 3 and 5 fit equally; the user wrote to 3 six times (once 200 days ago: outside the window), 3 never
    # answered
    ties = Ties({3: TieScore(3, 0.3, "active"), 5: TieScore(5, 0.3, "active")})
    chats = [_one_to_one(3, Direction.OUT, d) for d in (5, 30, 60, 90, 120, 200)]
    chats += [_one_to_one(5, d, n + 1) for n, d in enumerate([Direction.OUT, Direction.IN] * 3)]
    fits = {3: _fit(3, 0.8), 5: _fit(5, 0.8)}
    reach = reach_at(contacts_from(History.of(chats), [99]), NOW)
    assert reach == {3: Reach(5, 0), 5: Reach(3, 3)}
    plain = focus(PEOPLE, ties, fits, has_goals=True)
    assert [i.person_id for i in plain][:2] == [3, 5]  # equal scores: by name, the one-sided tie first
    items = focus(PEOPLE, ties, fits, has_goals=True, reach=reach)
    assert [i.person_id for i in items] == [5, 3]
    sided = items[1]
    assert sided.why_now == "one-sided" and sided.score < items[0].score
    assert sided.reasons[0].startswith(
        "one-sided: wait for a reply before investing more (in the last 6 months: 5 by you, 0 by them)"
    )
    assert items[0].why_now == "grow"
    # one reply is enough: the tie is grown again
    answered = {3: Reach(5, 1)}
    assert focus(PEOPLE, ties, fits, has_goals=True, reach=answered)[0].why_now == "grow"


def test_an_important_one_sided_tie_is_shown_labelled_not_hidden() -> None:
    # 3 is the strongest goal-relevant tie but only the user writes; 1 and 5 are weaker, reciprocated
    ties = Ties(
        {1: TieScore(1, 0.3, "active"), 3: TieScore(3, 0.45, "active"), 5: TieScore(5, 0.25, "active")}
    )
    fits = {1: _fit(1, 0.8), 3: _fit(3, 0.8), 5: _fit(5, 0.8)}
    reach = {3: Reach(9, 0), 1: Reach(3, 2), 5: Reach(2, 2)}
    full = focus(PEOPLE, ties, fits, has_goals=True)
    assert [i.person_id for i in full] == [3, 1, 5]  # without the initiative counts: 3 leads
    # a two-person list: 3 earns its place by strength × fit × opportunity, and is shown with the label,
    # after the reciprocated tie where the next hour pays
    two = focus(PEOPLE, ties, fits, has_goals=True, limit=2, reach=reach)
    assert [i.person_id for i in two] == [1, 3]
    assert two[1].why_now == "one-sided"
    assert two[1].reasons[0].startswith("one-sided: wait for a reply before investing more")
    # the list is whoever ranks highest before the discount: with room for one, that is 3, labelled
    one = focus(PEOPLE, ties, fits, True, limit=1, reach=reach)
    assert [(i.person_id, i.why_now) for i in one] == [(3, "one-sided")]
