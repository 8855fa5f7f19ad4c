"""Follow-ups on hand-built states: cadence, cooling first, new contacts, dates, snooze."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

from innercircle.core.followups import PersonState, followups_for, next_occurrence, plan
from innercircle.core.model import Detail
from innercircle.core.ties.score import TieScore

NOW = datetime(2026, 6, 1, 9, tzinfo=UTC)


def state(pid: int, tier: str, days_ago: float | None, **kw) -> PersonState:  # type: ignore[no-untyped-def]
    last = None if days_ago is None else NOW - timedelta(days=days_ago)
    tie = TieScore(person_id=pid, strength=kw.pop("strength", 0.5), tier=tier, last_contact=last)
    tie.cooling = kw.pop("cooling", False)
    return PersonState(person_id=pid, name=kw.pop("name", f"Person {pid}"), tie=tie, **kw)


def test_cadence_by_tier_and_override() -> None:
    assert [f.kind for f in followups_for(state(1, "inner", 15), NOW)] == ["due"]
    assert followups_for(state(2, "inner", 10), NOW) == []
    assert [f.kind for f in followups_for(state(3, "close", 50), NOW)] == ["overdue"]
    assert followups_for(state(4, "known", 200), NOW) == []
    assert followups_for(state(5, "tail", 900), NOW) == []
    assert [f.kind for f in followups_for(state(6, "known", 20, cadence_days=14), NOW)] == ["due"]


def test_done_resets_the_cadence_and_snooze_hides() -> None:
    assert followups_for(state(1, "inner", 40, done_at=NOW - timedelta(days=2)), NOW) == []
    assert followups_for(state(1, "inner", 40, snoozed_until=NOW + timedelta(days=3)), NOW) == []
    assert followups_for(state(1, "inner", 40, snoozed_until=NOW - timedelta(days=1)), NOW) != []


def test_strong_ties_cooling_come_first() -> None:
    items = plan(
        [
            state(1, "known", 400, strength=0.1),
            state(2, "active", 200, strength=0.3),
            state(3, "inner", 60, strength=0.7, cooling=True, name="Cooling Friend"),
        ],
        NOW,
    )
    assert items[0].name == "Cooling Friend" and items[0].kind == "cooling"
    assert "cooling" in items[0].reason


def test_new_contacts_not_followed_up() -> None:
    met = NOW - timedelta(days=20)
    unanswered = state(1, "known", 20, first_contact=met)
    answered = state(2, "known", 20, first_contact=met, last_out=met + timedelta(days=1))
    i_wrote_first = state(3, "known", 20, first_contact=met, last_out=met, first_by_me=True)
    old = state(4, "known", 200, first_contact=NOW - timedelta(days=200))
    fresh = state(5, "known", 3, first_contact=NOW - timedelta(days=3))
    assert [f.kind for f in followups_for(unanswered, NOW)] == ["new"]
    assert "within 14 days" in followups_for(unanswered, NOW)[0].reason
    assert followups_for(answered, NOW) == []
    assert followups_for(i_wrote_first, NOW) == []
    assert [f.kind for f in followups_for(old, NOW)] == []
    assert "while it is fresh" in followups_for(fresh, NOW)[0].reason


def test_dated_details() -> None:
    bday = Detail(person_id=1, text="birthday", kind="birthday", on=date(1990, 6, 10))
    far = Detail(person_id=1, text="anniversary", kind="anniversary", on=date(2010, 9, 1))
    news = Detail(person_id=1, text="promoted to VP", kind="achievement", created_at=NOW - timedelta(days=3))
    old_news = Detail(person_id=1, text="ran a marathon", kind="achievement", on=date(2025, 1, 1))
    st = state(1, "active", 10, details=[bday, far, news, old_news], name="Dr. Grace Hopper")
    items = {f.kind: f for f in followups_for(st, NOW)}
    assert set(items) == {"birthday", "achievement"}
    assert items["birthday"].due == date(2026, 6, 10)
    assert "Happy birthday" in items["birthday"].draft and items["birthday"].draft.startswith("Hi Grace,")
    assert "promoted to VP" in items["achievement"].draft
    assert next_occurrence(date(2000, 2, 29), date(2027, 3, 1)) == date(2028, 2, 29)


def test_done_settles_a_birthday_only_once_it_was_showing() -> None:
    bday = Detail(person_id=1, text="birthday", kind="birthday", on=date(1990, 6, 10))

    def kinds(done: datetime | None, now: datetime = NOW) -> list[str]:
        return [f.kind for f in followups_for(state(1, "tail", 10, details=[bday], done_at=done), now)]

    assert kinds(None) == ["birthday"]
    assert kinds(NOW - timedelta(hours=1)) == []  # wished (9 days before, inside the 14-day window)
    assert kinds(datetime(2026, 5, 20, tzinfo=UTC)) == ["birthday"]  # done for something else, earlier
    assert kinds(NOW - timedelta(hours=1), datetime(2027, 6, 5, tzinfo=UTC)) == ["birthday"]  # next year


def test_a_birthday_is_today_on_the_owners_clock_not_utcs() -> None:
    from zoneinfo import ZoneInfo

    tokyo = ZoneInfo("Asia/Tokyo")
    late = datetime(2026, 3, 1, 23, 30, tzinfo=UTC)  # already 08:30 on 2 March in Tokyo
    bday = Detail(person_id=1, text="birthday", kind="birthday", on=date(1990, 3, 2))
    st = state(1, "inner", 3, name="Grace Hopper", details=[bday])
    in_tokyo = [f for f in followups_for(st, late, zone=tokyo) if f.kind == "birthday"]
    assert [(f.due, f.reason) for f in in_tokyo] == [(date(2026, 3, 2), "birthday today")]
    assert "Happy birthday" in in_tokyo[0].draft
    in_utc = [f for f in followups_for(st, late) if f.kind == "birthday"]
    assert [(f.due, f.reason) for f in in_utc] == [(date(2026, 3, 2), "birthday in 1 day (02 March)")]
    # marked done on Tokyo's 2 March (still 1 March in UTC) settles this year's birthday there
    wished = state(1, "inner", 3, details=[bday], done_at=late)
    assert [f for f in followups_for(wished, late, zone=tokyo) if f.kind == "birthday"] == []


def test_done_in_the_same_second_as_an_ask_settles_it() -> None:
    """Times are whole seconds: 'remember … --kind ask' then 'followups done' at once must settle the ask."""
    asked = NOW - timedelta(days=1)
    ask = Detail(person_id=1, text="an intro to a seed investor", kind="ask", created_at=asked)
    open_ask = state(1, "known", 1, details=[ask])
    assert "ask" in [f.kind for f in followups_for(open_ask, NOW)]
    settled = state(1, "known", 1, details=[ask], done_at=asked)
    assert "ask" not in [f.kind for f in followups_for(settled, NOW)]


def test_archived_people_get_only_a_reply_owed() -> None:
    from innercircle.core.replies import Unanswered

    birthday = Detail(person_id=1, text="birthday", kind="birthday", on=date(1980, 6, 1))
    kept = state(1, "inner", 40, details=[birthday], first_contact=NOW - timedelta(days=20))
    put_aside = state(
        1, "inner", 40, details=[birthday], first_contact=NOW - timedelta(days=20), archived=True
    )
    assert {f.kind for f in followups_for(kept, NOW)} >= {"overdue", "birthday"}
    assert followups_for(put_aside, NOW) == []
    wrote = Unanswered(
        person_id=1, count=1, first_in=NOW - timedelta(days=2), last_in=NOW - timedelta(days=2)
    )
    put_aside.reply = wrote
    assert [f.kind for f in followups_for(put_aside, NOW)] == ["reply"]
