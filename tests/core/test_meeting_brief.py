"""Meeting briefs on hand-made data: who gets a card, what it says, and the edges (no meetings, strangers
only, the owner alone)."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from typing import Any

from hypothesis import given
from hypothesis import strategies as st

from innercircle.core.brief import MAX_CARDS, Known, Meeting, brief_meeting, day_window, meetings_of
from innercircle.core.model import Channel, Detail, Direction, Favor, Interaction, Participant, Person, Role
from innercircle.core.ties.score import TieScore

NOW = datetime(2026, 12, 8, 8, 0, tzinfo=UTC)
START = datetime(2026, 12, 8, 14, 0, tzinfo=UTC)
ME = 1


def _meeting(*people: int) -> Meeting:
    return Meeting("Lunch", START, START + timedelta(hours=1), "Cafe", (ME, *people), "interaction", 99)


def _mail(pid: int, at: datetime, subject: str, iid: int) -> Interaction:
    parts = [Participant(ME, Role.FROM), Participant(pid, Role.TO)]
    return Interaction(at, Channel.EMAIL, parts, Direction.OUT, subject=subject, id=iid)


def _known(pid: int, name: str, **kw: Any) -> Known:
    return Known(**{"person": Person(name, id=pid), "tie": None, "history": (), **kw})


def test_a_card_carries_the_last_contact_details_asks_and_favours() -> None:
    history = [
        _mail(2, NOW - timedelta(days=3), "Offsite plan", 5),
        _mail(2, NOW - timedelta(days=40), "Hi", 4),
    ]
    k = Known(
        person=Person("Ada", id=2, org="Analytical", title="CTO", tags=["math"]),
        tie=TieScore(2, 0.7, "close", trend="warming"),
        history=history,
        details=[
            Detail(2, "sailing", kind="passion", created_at=NOW - timedelta(days=10), id=1),
            Detail(2, "an intro to a VC", kind="ask", created_at=NOW - timedelta(days=5), id=2),
            Detail(2, "new job", kind="challenge", created_at=NOW - timedelta(days=9), id=3),
            Detail(2, "later", kind="note", created_at=NOW + timedelta(hours=1), id=4),
        ],
        favors=[Favor(2, "received", "a code review", NOW - timedelta(days=20))],
        reply_since=NOW - timedelta(days=2),
    )
    b = brief_meeting(_meeting(2), {2: k}, ME, NOW, UTC)
    (c,) = b.cards
    assert c.last_contact is not None and c.last_contact.subject == "Offsite plan"
    assert c.contacts == 2 and c.tier == "close" and c.trend == "warming"
    assert [d.text for d in c.details] == ["new job", "sailing"]  # newest first, nothing noted after now
    assert [d.text for d in c.asks] == ["an intro to a VC"]
    assert c.bring_up[0].startswith("you owe them a reply")
    assert "they asked: an intro to a VC (bring what you can)" in c.bring_up
    assert "thank them for: a code review" in c.bring_up
    assert "how it is going: new job" in c.ask_about
    assert any("Offsite plan" in x for x in c.ask_about)
    assert "tags: math" in c.how


def test_a_favour_given_after_an_ask_closes_it() -> None:
    ask = Detail(2, "a reference", kind="ask", created_at=NOW - timedelta(days=30), id=1)
    k = _known(2, "Ada", details=[ask], favors=[Favor(2, "gave", "wrote it", NOW - timedelta(days=2))])
    (c,) = brief_meeting(_meeting(2), {2: k}, ME, NOW, UTC).cards
    assert c.asks == () and [f.text for f in c.gave] == ["wrote it"]


def test_the_meeting_itself_is_no_last_contact() -> None:
    itself = Interaction(START, Channel.MEETING, [Participant(2, Role.ATTENDEE)], subject="Lunch", id=99)
    k = _known(2, "Ada", history=[itself], details=[Detail(2, "x", id=1)])
    (c,) = brief_meeting(_meeting(2), {2: k}, ME, NOW, UTC).cards
    assert c.last_contact is None and c.contacts == 0


def test_no_meetings_no_briefs() -> None:
    assert meetings_of([], []) == []


def test_the_owner_alone_has_no_cards() -> None:
    b = brief_meeting(_meeting(), {}, ME, NOW, UTC)
    assert b.cards == () and b.others == ()


def test_an_event_already_a_meeting_is_listed_once() -> None:
    it = Interaction(START, Channel.MEETING, [Participant(2, Role.ATTENDEE)], subject="Lunch", id=99)
    event = Meeting("lunch", START, None, None, (2,), "event", 7)
    later = Meeting("Dinner", START + timedelta(hours=5), None, None, (3,), "event", 8)
    assert [(m.source, m.ref) for m in meetings_of([it], [later, event])] == [
        ("interaction", 99),
        ("event", 8),
    ]


def test_the_days_are_the_owners() -> None:
    lo, hi = day_window(date(2026, 12, 8), date(2026, 12, 9), UTC)
    assert hi - lo == timedelta(days=2) and lo.date() == date(2026, 12, 8)


@given(
    strangers=st.lists(st.integers(min_value=2, max_value=50), unique=True, max_size=8),
    known=st.lists(st.integers(min_value=51, max_value=99), unique=True, max_size=8),
)
def test_only_people_on_record_get_a_card(strangers: list[int], known: list[int]) -> None:
    people = {pid: _known(pid, f"S{pid}") for pid in strangers}
    people |= {pid: _known(pid, f"K{pid}", details=[Detail(pid, "d", id=pid)]) for pid in known}
    b = brief_meeting(_meeting(*strangers, *known), people, ME, NOW, UTC)
    assert sorted(c.person_id for c in b.cards) == sorted(known)
    assert sorted(b.others) == sorted(f"S{pid}" for pid in strangers)
    assert ME not in {c.person_id for c in b.cards}


def test_the_last_of_a_series_is_not_asked_about() -> None:
    last_week = Interaction(
        START - timedelta(days=7), Channel.MEETING, [Participant(2, Role.ATTENDEE)], subject="lunch", id=5
    )
    (c,) = brief_meeting(_meeting(2), {2: _known(2, "Ada", history=[last_week])}, ME, NOW, UTC).cards
    assert c.last_contact is not None and c.ask_about == ()


def test_a_crowded_meeting_cards_the_strongest_and_names_the_rest() -> None:
    crowd = range(2, 302)
    people = {
        pid: _known(
            pid, f"K{pid}", tie=TieScore(pid, pid / 400, "active"), details=[Detail(pid, "d", id=pid)]
        )
        for pid in crowd
    }
    b = brief_meeting(_meeting(*crowd), people, ME, NOW, UTC)
    assert [c.person_id for c in b.cards] == list(range(301, 301 - MAX_CARDS, -1))
    assert len(b.more) == 300 - MAX_CARDS and b.more[0] == f"K{301 - MAX_CARDS}"
    assert b.others == ()
