"""Health signs on hand-built weeks: over budget, one-sided, unanswered, cooling — and a calm baseline.

Every assessment here is also held to ``contradictions`` (docs/RULES.md, "Health signs").
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

from innercircle.core.health import (
    SIGNS,
    Health,
    HealthInput,
    Sign,
    _deepened,
    assess,
    contradictions,
    recent_load,
    status_of,
    unanswered_new,
)
from innercircle.core.history import IN, OUT, History, first_seen
from innercircle.core.model import Channel, Direction, Event, Favor, Interaction, Participant, Role
from innercircle.core.ties.model import PRESENT
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
    met_at: dict[int, datetime] | None = None,
    has_goals: bool = True,
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
        has_goals=has_goals,
        met_at=met_at or {},
    )


def _calm() -> list[Interaction]:
    """Two old friends, one call a week each, both sides reaching out."""
    its = []
    for w in range(40):
        at = NOW - timedelta(weeks=w, days=2)
        its.append(_it(2, at.replace(hour=11), Direction.OUT if w % 2 else Direction.IN, Channel.CALL, 30))
        its.append(_it(3, at.replace(hour=12), Direction.IN if w % 2 else Direction.OUT, Channel.CALL, 30))
    return its


def _assess(hi: HealthInput) -> tuple[Health, dict[str, Sign]]:
    """The assessment, held to the rules: no status, verdict or action contradicts the numbers."""
    h = assess(hi)
    assert contradictions(h, recent_load(hi)) == []
    return h, {s.name: s for s in h.signs}


def _nights(first: int, last: int, hour: int = 19) -> list[Event]:
    """An attended 3-hour event every night from ``first`` to ``last`` days ago."""
    return [
        Event(id=100 + d, title=f"Night {d}", start=(NOW - timedelta(days=d)).replace(hour=hour), hours_cost=3,
              decision="attend")
        for d in range(first, last + 1)
    ]  # fmt: skip


def test_status_thresholds() -> None:
    assert status_of(0.5, 1.0, 1.5) == "ok"
    assert status_of(1.0, 1.0, 1.5) == "warning"
    assert status_of(2.0, 1.0, 1.5) == "alert"
    assert status_of(0.5, 0.3, 0.1, "lower") == "ok"
    assert status_of(0.3, 0.3, 0.1, "lower") == "warning"
    assert status_of(0.05, 0.3, 0.1, "lower") == "alert"


def test_a_signs_status_is_made_from_its_value() -> None:
    assert Sign("x", 0.07, 0.5, 0.75, [], "").status == "ok"
    assert Sign("x", 0.8, 0.5, 0.75, [], "").status == "alert"
    assert Sign("x", 0.2, 0.5, 0.25, [], "", worse="lower").status == "alert"
    thin = Sign("x", 1.0, 0.7, 0.85, [], "Too little to judge", insufficient=True)
    assert thin.status == "ok"


def test_a_planted_contradiction_is_caught() -> None:
    hi = _input([], _calm(), relevant={2, 3})
    h, sign = _assess(hi)
    sign["neglected_contacts"].status = "alert"  # 0.0 against 0.5 / 0.75: the old second trigger
    assert any("neglected_contacts" in c for c in contradictions(h, recent_load(hi)))
    h, sign = _assess(hi)
    h.verdict = "Over-networking: burnout (alert). Slow down and deepen what you have."
    found = contradictions(h, recent_load(hi))
    assert any("over-networking" in c for c in found) and any("slow down" in c for c in found)
    h, _ = _assess(hi)
    h.status = "alert"
    assert contradictions(h, recent_load(hi))


def test_calm_network_is_healthy() -> None:
    h, _ = _assess(_input([], _calm(), relevant={2, 3}))
    assert [s.name for s in h.signs] == list(SIGNS)
    assert all(s.status == "ok" for s in h.signs), [(s.name, s.status, s.explanation) for s in h.signs]
    assert h.status == "ok" and len(h.actions) == 3 and h.verdict.startswith("Healthy")
    assert all(len(s.trend) in (0, 8) for s in h.signs)
    assert all(s.worse == "higher" for s in h.signs)


def test_nightly_events_for_a_month_are_burnout() -> None:
    h, sign = _assess(_input(_nights(1, 28), _calm(), relevant={2, 3}))
    assert sign["burnout"].status == "alert"
    assert sign["burnout"].value > 1.5
    assert "longest run over budget: 4 week(s)" in sign["burnout"].explanation
    assert sign["burnout"].trend[-1] == sign["burnout"].value and sign["burnout"].trend[0] < 1
    assert sign["lost_productivity"].status == "alert"
    # 4 weeks of 21 h of events + 1 h of calls against 4 h: 18 h over each week, 72 h over 12 weeks
    assert sign["lost_productivity"].value == 6.0
    assert sign["lost_productivity"].trend[-4:] == [18.0] * 4
    assert h.status == "alert" and h.verdict.startswith("Over-networking") and "burnout" in h.verdict
    assert "Cut back" in h.actions[0]


def test_burnout_reads_the_last_four_weeks_not_the_quarters_peak() -> None:
    """A month of nightly events six weeks ago; the last 4 weeks at 1.1× the budget: a warning, the peak
    named in the explanation only."""
    its = _calm()  # 1 h a week of calls
    its += [_it(2, NOW - timedelta(days=3 + 7 * w), Direction.OUT, Channel.MEETING, 204) for w in range(4)]
    hi = _input(_nights(43, 70, hour=20), its, relevant={2, 3})
    _, sign = _assess(hi)
    b = sign["burnout"]
    assert b.value == 1.1 and b.status == "warning"  # (4 × 1 h + 4 × 3.4 h) / (4 × 4 h)
    assert "Heaviest 4 weeks of the last 12" in b.explanation and "Last 4 weeks: 18 h" in b.explanation


def test_a_user_under_budget_is_never_told_to_slow_down() -> None:
    """The same peak six weeks ago, the last 4 weeks at 0.25× the budget: lost productivity still counts
    the hours, burnout is calm, and nobody is told to slow down or cut back."""
    hi = _input(_nights(43, 70, hour=20), _calm(), relevant={2, 3})
    h, sign = _assess(hi)
    assert sign["burnout"].value == 0.25 and sign["burnout"].status == "ok"
    assert (
        "Last 4 weeks: 4 h" in sign["burnout"].explanation
        and "Heaviest 4 weeks" in sign["burnout"].explanation
    )
    assert sign["lost_productivity"].status == "alert"
    assert h.status == "alert" and h.verdict.startswith("Watch out")
    said = " ".join([h.verdict, *h.actions]).lower()
    assert "slow down" not in said and "cut back" not in said and "over-networking" not in said


def test_neglect_alone_says_reconnect_not_slow_down() -> None:
    ties = {
        2: TieScore(2, 0.8, "inner"),
        **{p: TieScore(p, 0.7 - p / 100, "close", trend="silent", cooling=True) for p in (40, 41, 42)},
        43: TieScore(43, 0.2, "known", trend="silent", cooling=True),  # not of the regular circle
    }
    h, sign = _assess(_input([], _calm(), ties=ties, relevant={2, 3}))
    c = sign["cooling_ties"]
    assert (c.value, c.status) == (3.0, "alert")
    assert [p["person_id"] for p in c.people] == [40, 41, 42]
    assert sign["neglected_contacts"].status == "ok"  # its value (0.0) says ok: no second trigger
    assert h.status == "alert" and h.verdict.startswith("Watch out: cooling ties (alert)")
    assert h.actions[0].startswith("Reconnect with P40, P41, P42")
    assert "slow down" not in " ".join([h.verdict, *h.actions]).lower()
    one = {2: ties[2], 40: ties[40]}
    _, sign = _assess(_input([], _calm(), ties=one, relevant={2, 3}))
    assert (sign["cooling_ties"].value, sign["cooling_ties"].status) == (1.0, "warning")
    assert "P40" in sign["cooling_ties"].explanation


def test_cold_inbound_mail_is_not_networking() -> None:
    """Forty people who wrote in the last 8 weeks and were never answered are nobody's new contacts:
    the signs read as if they had not written; one who was answered is a new contact."""
    cold = [_it(50 + k, NOW - timedelta(days=3 + k), Direction.IN) for k in range(40)]
    calm_h, calm = _assess(_input([], _calm(), relevant={2, 3}))
    hi = _input([], _calm() + cold, relevant={2, 3})
    h, sign = _assess(hi)
    for name in ("surface_relationships", "unfollowed_new", "neglected_contacts", "burnout", "lack_of_focus"):
        assert sign[name].value == calm[name].value, name
    assert h.verdict == calm_h.verdict and hi.ledger.hours(NOW - timedelta(days=28), NOW) == 4.0
    answered = _input([], [*_calm(), *cold, _it(50, NOW - timedelta(days=2), Direction.OUT)], relevant={2, 3})
    _, sign = _assess(answered)
    assert "1 new contacts in 8 weeks" in sign["surface_relationships"].explanation


def test_unfollowed_new_contacts() -> None:
    its = _calm()
    for pid in (20, 21, 22, 23):  # wrote to the user 3-5 weeks ago; never answered: not contacts
        its.append(_it(pid, NOW - timedelta(days=20 + pid), Direction.IN, Channel.MESSAGE))
    its.append(_it(24, NOW - timedelta(days=30), Direction.IN))  # answered two days later
    its.append(_it(24, NOW - timedelta(days=28), Direction.OUT))
    its.append(_it(25, NOW - timedelta(days=30), Direction.OUT))  # the user wrote first: not unanswered
    its.append(_it(28, NOW - timedelta(days=40), Direction.IN))  # answered, but after 20 days
    its.append(_it(28, NOW - timedelta(days=20), Direction.OUT))
    met = {26: NOW - timedelta(days=21), 27: NOW - timedelta(days=3)}  # met at events; 27 too recent
    hi = _input([], its, relevant={2, 3}, met_at=met)
    assert unanswered_new(hi) == [26, 28]
    _, sign = _assess(hi)
    u = sign["unfollowed_new"]
    assert (u.value, u.status) == (2.0, "ok")
    assert {p["person_id"] for p in u.people} == {26, 28}
    more = {p: NOW - timedelta(days=25) for p in (60, 61, 62)} | met
    _, sign = _assess(_input([], its, relevant={2, 3}, met_at=more))
    assert (sign["unfollowed_new"].value, sign["unfollowed_new"].status) == (5.0, "warning")


def test_one_sided_is_its_own_sign_with_its_counts() -> None:
    its = _calm()
    for w in range(10):
        its.append(_it(30, NOW - timedelta(weeks=w, days=1), Direction.OUT))
    for d in (40, 30, 20):  # three mails to 31, who replied within 3 days once
        its.append(_it(31, NOW - timedelta(days=d), Direction.OUT))
    its.append(_it(31, NOW - timedelta(days=37), Direction.IN))
    favors = [Favor(person_id=30, direction="gave", text="intro", at=NOW - timedelta(days=40))]
    _, sign = _assess(_input([], its, favors=favors, relevant={2, 3}))
    o = sign["one_sided"]
    assert (o.value, o.status) == (1.0, "warning")
    assert [(p["person_id"], p["why"]) for p in o.people] == [
        (30, "one-sided: in the last 6 months: 10 by you, 0 by them")
    ]
    assert "1 relationship is one-sided" in o.explanation  # not "1 relationships are"
    r = sign["reciprocity"]
    assert r.status == status_of(r.value, 0.7, 0.85) and not r.people


def test_time_with_unrelated_people_is_lack_of_focus() -> None:
    _, sign = _assess(_input([], _calm(), relevant=set()))
    assert sign["lack_of_focus"].value == 1.0 and sign["lack_of_focus"].status == "alert"
    _, half = _assess(_input([], _calm(), relevant={2}))
    assert abs(half["lack_of_focus"].value - 0.5) < 0.01


def test_without_goals_focus_is_too_little_to_judge() -> None:
    _, sign = _assess(_input([], _calm(), relevant=set(), has_goals=False))
    f = sign["lack_of_focus"]
    assert f.insufficient and f.status == "ok" and f.explanation.startswith("Too little to judge")


def test_a_share_of_too_few_interactions_is_too_little_to_judge() -> None:
    its = [_it(2, NOW - timedelta(days=d), Direction.OUT) for d in (3, 10)]
    _, sign = _assess(_input([], its, relevant={2}))
    assert sign["neglected_contacts"].insufficient and sign["neglected_contacts"].status == "ok"
    assert sign["reciprocity"].insufficient and sign["reciprocity"].status == "ok"


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


def test_a_co_recipient_is_not_heard_from() -> None:
    """Copied on a reply-all X wrote, Y did not write to the user: the user answering X is no follow-up
    of Y, and Y copied three times beside one mail of the user's has not deepened into a two-way tie."""
    its = _calm()
    for k in range(3):  # X (30) writes to the user with Y (31) in Cc, 5 weeks ago and since
        its.append(
            Interaction(
                at=NOW - timedelta(days=35 - 7 * k),
                channel=Channel.EMAIL,
                direction=Direction.IN,
                participants=[Participant(30, Role.FROM), Participant(ME, Role.TO), Participant(31, Role.CC)],
            )
        )
    its.append(_it(31, NOW - timedelta(days=12), Direction.OUT))  # the user writes to Y once
    hi = _input([], its, relevant={2, 3})
    assert _deepened(hi, 30, NOW) is False  # X wrote; the user never answered X
    assert _deepened(hi, 31, NOW) is False  # Y was only copied: one way, by the user
    rows = hi.by_person[31]
    assert set(hi.parts(31, rows).tolist()) == {PRESENT, OUT}
    assert set(hi.parts(30, hi.by_person[30]).tolist()) == {IN}
