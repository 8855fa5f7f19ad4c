"""Drafts on plain data: the last real subject or event shared, remembered details, nothing invented."""

from __future__ import annotations

import re
from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from innercircle.core.drafts import (
    DraftFacts,
    Shared,
    clean_subject,
    draft_for,
    first_name,
    hook_detail,
    last_shared,
    real_subject,
)
from innercircle.core.model import Detail

NOW = datetime(2026, 6, 1, 9, tzinfo=UTC)
TODAY = NOW.date()
KINDS = ("due", "overdue", "cooling", "new", "reply", "ask", "birthday")


def _ago(days: float) -> datetime:
    return NOW - timedelta(days=days)


def _detail(text: str, kind: str = "note", days_ago: float = 10, on: date | None = None) -> Detail:
    return Detail(person_id=1, text=text, kind=kind, on=on, created_at=_ago(days_ago))


@pytest.mark.parametrize(
    ("raw", "real"),
    [
        ("Re: RE: Fwd: Q3 plan", "Q3 plan"),
        ("AW: WG: [EXTERNAL] Grid pilot data", "Grid pilot data"),
        ("Rust vs Go for ingestion.", "Rust vs Go for ingestion"),
        ('"Series A term sheet"', "Series A term sheet"),
        ("Re: ", None),
        ("", None),
        (None, None),
        ("Update", None),  # one word says nothing
        ("Re: 2026-05-01 12345", None),  # no letters
        ("Automatic reply: Grid pilot data", None),
        ("Out of Office: back on Monday", None),
        ("Undeliverable: Grid pilot data", None),
        ("Accepted: Grid pilot review", None),
        ("Invitation: Grid pilot review @ Tue", None),
        ("Read: Grid pilot data", None),
        ("Lunch next week?", None),  # only arranges a meeting
        ("Running 5 min late", None),
        ("Happy birthday!", None),  # a greeting, not a topic
        ("Congratulations on the round", None),
        ("Great to meet you at Founders #39!", None),
        ("I really enjoyed our chat today and would love to follow up on the grid work", None),  # a body
    ],
)
def test_real_subject(raw: str | None, real: str | None) -> None:
    assert real_subject(raw) == real


def test_last_shared_is_the_newest_real_subject_or_event_never_a_note() -> None:
    rows = [
        ("email", "Grid pilot data", _ago(40), False),
        (
            "meeting",
            None,
            _ago(30),
            False,
        ),  # a meeting logged by hand: no subject (its note is not among rows)
        ("email", "Re: Automatic reply: Grid pilot data", _ago(20), False),  # newer, but not a real subject
    ]
    got = last_shared(rows, None, UTC)
    assert got == Shared("meeting", _ago(30).date(), None)
    # an event both attended, newer still, wins; on the same moment an event beats a meeting
    assert last_shared(rows, ("Climate Drinks #4", _ago(25)), UTC) == Shared(
        "event", _ago(25).date(), "Climate Drinks #4"
    )
    assert last_shared([("meeting", None, _ago(30), False)], ("Demo day", _ago(30)), UTC).kind == "event"
    # a newer thread with a real subject wins over them all
    rows.append(("message", "Re: Seed round timing", _ago(2), False))
    assert last_shared(rows, ("Climate Drinks #4", _ago(25)), UTC) == Shared(
        "thread", _ago(2).date(), "Seed round timing"
    )
    assert last_shared([("email", "Re:", _ago(3), True)], None, UTC) is None
    # a reply thanks them for their note only when they wrote it
    theirs = last_shared([("email", "Grid pilot data", _ago(3), True)], None, UTC)
    assert theirs == Shared("thread", _ago(3).date(), "Grid pilot data", by_them=True)
    reply = draft_for("reply", DraftFacts(name="G", today=TODAY, last=theirs))
    assert "Thank you for your note about “Grid pilot data”" in reply
    mine = last_shared([("email", "Grid pilot data", _ago(3), False)], None, UTC)
    assert "“" not in draft_for("reply", DraftFacts(name="G", today=TODAY, last=mine))
    # the listed event names the day's event better than what was logged for it ("Met at …")
    logged = [("event", "Met at PyData Berlin", _ago(9), False), ("email", "Grid pilot data", _ago(9), False)]
    assert last_shared(logged, None, UTC) == Shared("event", _ago(9).date(), "PyData Berlin")
    assert last_shared(logged, ("PyData Berlin #3", _ago(9.1)), UTC) == Shared(
        "event", _ago(9).date(), "PyData Berlin #3"
    )
    # the day is the owner's: 23:30 UTC on 31 May is 1 June in Tokyo
    late = datetime(2026, 5, 31, 23, 30, tzinfo=UTC)
    assert last_shared([("call", None, late, False)], None, ZoneInfo("Asia/Tokyo")) == Shared(
        "call", date(2026, 6, 1)
    )


def test_a_meeting_is_named_by_its_date_not_by_a_note() -> None:
    met = Shared("meeting", date(2026, 5, 12))
    for kind in ("due", "cooling"):
        text = draft_for(kind, DraftFacts(name="Grace Hopper", today=TODAY, last=met))
        assert "since our meeting on 12 May." in text and "about" not in text and "“" not in text
    assert "It was great to meet you on 12 May." in draft_for(
        "new", DraftFacts(name="G", today=TODAY, last=met)
    )
    event = Shared("event", date(2025, 11, 3), "PyData Berlin")
    assert "since we saw each other at PyData Berlin on 3 November 2025." in draft_for(
        "overdue", DraftFacts(name="G", today=TODAY, last=event, days_since=90)
    )
    assert "great to meet you at PyData Berlin on 3 November 2025." in draft_for(
        "new", DraftFacts(name="G", today=TODAY, last=event)
    )
    call = Shared("call", date(2026, 5, 20), "Grid pilot data")
    assert "since our call on 20 May about “Grid pilot data”." in draft_for(
        "due", DraftFacts(name="G", today=TODAY, last=call)
    )


def test_a_remembered_detail_appears_in_every_kind_of_note_to_someone() -> None:
    uni = _detail("Daughter starts university in October.", days_ago=20)
    for kind in KINDS:
        about = _detail("an intro to a seed investor", "ask", 5) if kind == "ask" else None
        if kind == "birthday":
            about = _detail("birthday", "birthday", 400, on=date(1990, 6, 3))
        facts = DraftFacts(name="Grace Hopper", today=TODAY, details=[uni], about=about)
        text = draft_for(kind, facts)
        assert "You mentioned: daughter starts university in October — how is that going?" in text, kind


def test_which_detail_a_draft_uses() -> None:
    def pick(*details: Detail) -> str | None:
        found = hook_detail(DraftFacts(name="G", today=TODAY, details=list(details)))
        return None if found is None else found[1]

    recent = _detail("Moving to Lisbon", "challenge", 15)
    older = _detail("Training for a marathon", "note", 200)
    assert pick(older, recent) == "Last time you mentioned moving to Lisbon — how is that going?"
    assert pick(older) == "You mentioned: training for a marathon — how is that going?"
    # a note remembered over a year ago may no longer be true: not asked about
    assert pick(_detail("Training for a marathon", "note", 400)) is None
    # a dated detail is placed by its date, not by when it was remembered
    dated = _detail("Starts at GridTech", "note", 500, on=TODAY + timedelta(days=10))
    assert pick(older, dated) == "You mentioned: starts at GridTech — how is that going?"
    # never one remembered after today (an as-of draft), never an ask (it has its own line)
    assert pick(_detail("Moving to Lisbon", "challenge", -3)) is None
    assert pick(_detail("an intro to a seed investor", "ask", 2)) is None
    # a birthday only in the two weeks after it, once
    assert (
        pick(_detail("birthday", "birthday", 300, on=date(1990, 5, 25)))
        == "I hope you had a lovely birthday."
    )
    assert pick(_detail("birthday", "birthday", 300, on=date(1990, 4, 25))) is None
    assert pick(_detail("birthday", "birthday", 300, on=date(1990, 6, 5))) is None
    # family names and passions do not go stale
    assert pick(_detail("Children: Mia (13), Leo (6)", "family", 900)) == "I hope Mia and Leo are doing well."
    assert (
        pick(_detail("Rock climbing", "passion", 900))
        == "I hope you are still finding time for rock climbing."
    )
    news = _detail("Promotion to VP at GridTech", "achievement", 40)
    assert pick(news) == "I was so glad to hear your news: promotion to VP at GridTech."
    # the detail a follow-up is about is not said twice
    facts = DraftFacts(name="G", today=TODAY, details=[news], about=news)
    assert hook_detail(facts) is None


def test_nothing_in_quotes_but_a_real_subject_given() -> None:
    """Whatever the kind and the inputs, the only quoted text in a draft is the real subject given."""
    details = [
        _detail("wants intros to EU labs", "ask", 3),
        _detail("daughter starts university in October", "note", 30),
        _detail("Rock climbing", "passion", 300),
    ]
    shared = [
        None,
        Shared("meeting", date(2026, 5, 1)),
        Shared("thread", date(2026, 5, 2), "Re: Q3 plan"),
        Shared("thread", date(2026, 5, 2), "Lunch?"),
        Shared("event", date(2026, 5, 3), "Climate Drinks"),
    ]
    for last in shared:
        for kind in KINDS:
            about = details[0] if kind == "ask" else None
            text = draft_for(kind, DraftFacts(name="G", today=TODAY, last=last, details=details, about=about))
            quoted = re.findall(r"“([^”]*)”", text)
            expected = real_subject(last.title) if last is not None and last.kind == "thread" else None
            assert quoted in ([], [expected]) and (quoted == [] or expected is not None), (kind, last, text)


def test_draft_uses_subject_details_and_ask() -> None:
    details = [
        Detail(person_id=1, text="wants intros to EU labs", kind="ask"),
        _detail("the move to Lisbon", "challenge", 40),
    ]
    last = Shared("thread", date(2026, 2, 1), "Re: RE: Fwd: Q3 plan")
    facts = DraftFacts(name="Grace Hopper", today=TODAY, days_since=90, last=last, details=details)
    text = draft_for("overdue", facts)
    assert text.startswith("Hi Grace,")
    assert "our conversation about “Q3 plan”" in text and "Re:" not in text
    assert "the move to Lisbon" in text
    assert "I have not forgotten what you asked about: intros to EU labs." in text
    assert "far too long" in text
    assert draft_for("overdue", DraftFacts(name="x@y.com", today=TODAY)).startswith("Hi X,")


def test_ask_reads_naturally() -> None:
    ask = Detail(person_id=1, text="Asked about our pricing model.", kind="ask")
    text = draft_for("due", DraftFacts(name="Sara Singh", today=TODAY, details=[ask]))
    assert "what you asked about: our pricing model." in text
    asked = draft_for("ask", DraftFacts(name="Sara Singh", today=TODAY, about=ask))
    assert asked.startswith("Hi Sara,\n\nYou asked me about our pricing model. I have been looking into it")


def test_helpers() -> None:
    assert first_name("Prof. Alan Turing") == "Alan"
    assert first_name("  ") == "there"
    assert clean_subject("AW: Re: lunch?") == "lunch?"
    assert clean_subject("Re: ") is None


def test_drafts_read_like_a_person_wrote_them() -> None:
    family = Detail(person_id=1, text="Children: Mia (13), Leo (6), Ines (2)", kind="family")
    text = draft_for(
        "cooling", DraftFacts(name="Grace Hopper", today=TODAY, details=[family], sender="Ada L")
    )
    assert "I hope Mia, Leo and Ines are doing well." in text and "Children:" not in text
    assert text.endswith("Best,\nAda")  # signed with the user's first name
    one = Detail(person_id=1, text="Daughter: Zoe (14)", kind="family")
    assert "I hope Zoe is doing well." in draft_for("due", DraftFacts(name="G", today=TODAY, details=[one]))
    # a subject that only arranged a meeting is not quoted back; a real topic is
    for small_talk in ("Running 5 min late", "Lunch?", "Great to meet you at Founders #39!", "Catch-up"):
        last = Shared("thread", TODAY, small_talk)
        assert "“" not in draft_for("due", DraftFacts(name="G", today=TODAY, last=last))
    last = Shared("thread", TODAY, "Rust vs Go for ingestion.")
    assert "“Rust vs Go for ingestion”" in draft_for("due", DraftFacts(name="G", today=TODAY, last=last))
    won = Detail(person_id=1, text="Became Head of Engineering", kind="achievement")
    news = draft_for("achievement", DraftFacts(name="G", today=TODAY, about=won))
    assert "I just heard that you became Head of Engineering." in news
    promoted = Detail(person_id=1, text="promoted to Partner", kind="achievement")
    assert "I just heard that you were promoted to Partner." in draft_for(
        "achievement", DraftFacts(name="G", today=TODAY, about=promoted)
    )
    marathon = Detail(person_id=1, text="ran their first marathon", kind="achievement")
    assert "that you ran your first marathon." in draft_for(
        "achievement", DraftFacts(name="G", today=TODAY, about=marathon)
    )
    noun = Detail(person_id=1, text="Promotion to VP at GridTech", kind="achievement")
    assert "the news: promotion to VP at GridTech." in draft_for(
        "achievement", DraftFacts(name="G", today=TODAY, about=noun)
    )
    assert draft_for("due", DraftFacts(name="G", today=TODAY)).endswith("Best,")  # no name: no signature
