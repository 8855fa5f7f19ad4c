"""Meeting briefs over a real SQLite file: a meeting imported from a real sample calendar, its attendees
logged and remembered, names each one's last contact and remembered detail."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, date, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from tests.conftest import SAMPLES, needs_samples

from innercircle.core.errors import UserInputError
from innercircle.results.brief import brief_text, meeting_text
from innercircle.services import Workspace
from innercircle.services.brief import brief, days_asked
from innercircle.services.importing import import_paths
from innercircle.services.logbook import add_favor, log_interaction, remember
from innercircle.services.runtime.localzone import set_zone

# a meeting Outlook 2010 wrote: "Team Meeting" on 10 June 2013, 12:00 Eastern, organized by Bob Smith
# with John Doe and Jane Doe as attendees
OUTLOOK = SAMPLES / "biweekly/src/test/resources/biweekly/io/text/outlook-2010.ics"
# an RFC 5545 example: one meeting of jdoe@example.com with jsmith@example.com on 24 March 1997
RFC = SAMPLES / "biweekly/src/test/resources/biweekly/io/text/rfc5545-example3.ics"
NOW = datetime(2013, 6, 9, 9, 0, tzinfo=UTC)
MEETING_DAY = date(2013, 6, 10)


@pytest.fixture
def team(db_url: str) -> Iterator[Workspace]:
    """The sample meeting imported with Bob Smith as the owner; John written to, Jane called and
    remembered, a favour from Jane."""
    ws = Workspace(db_url, clock=lambda: NOW)
    import_paths(ws, [OUTLOOK], me=["bobsmith@example.com"])
    with ws.begin() as tx:
        log_interaction(
            tx, "email", ["John Doe"], datetime(2013, 5, 20, 15, 0, tzinfo=UTC), NOW, note="budget numbers"
        )
        log_interaction(tx, "call", ["Jane Doe"], datetime(2013, 6, 1, 10, 0, tzinfo=UTC), NOW, minutes=20)
        remember(tx, "Jane Doe", "training for the Boston marathon", NOW, kind="passion")
        remember(tx, "Jane Doe", "wants an intro to a patent lawyer", NOW, kind="ask")
        remember(tx, "John Doe", "moving to Denver in the autumn", NOW, kind="challenge")
        add_favor(tx, "received", "Jane Doe", "reviewed our roadmap", datetime(2013, 5, 2, tzinfo=UTC))
    yield ws
    ws.close()


@needs_samples()
def test_a_sample_meeting_names_each_known_attendees_last_contact_and_detail(team: Workspace) -> None:
    with team.read() as tx:
        b = brief(tx, MEETING_DAY, MEETING_DAY, NOW)
    assert [m.title for m in b.meetings] == ["Team Meeting"]
    meeting = b.meetings[0]
    assert meeting.source == "interaction" and meeting.start == datetime(2013, 6, 10, 16, 0, tzinfo=UTC)
    cards = {c.name: c for c in meeting.cards}
    assert set(cards) == {"John Doe", "Jane Doe"} and meeting.others == []
    john, jane = cards["John Doe"], cards["Jane Doe"]
    assert john.last_contact is not None and john.last_contact.channel == "email"
    assert john.last_contact.at == datetime(2013, 5, 20, 15, 0, tzinfo=UTC)
    assert jane.last_contact is not None and jane.last_contact.channel == "call"
    assert [d.text for d in jane.details] == ["training for the Boston marathon"]
    assert [d.text for d in jane.asks] == ["wants an intro to a patent lawyer"]
    assert [f.text for f in jane.favors_received] == ["reviewed our roadmap"]
    # give before you ask: her ask and the thanks owed are what to bring up
    assert any("patent lawyer" in x for x in jane.bring_up)
    assert any("reviewed our roadmap" in x for x in jane.bring_up)
    assert any("Denver" in x for x in john.ask_about)
    text = meeting_text(meeting, ZoneInfo("America/New_York"))
    assert text.startswith("Mon 10 Jun 12:00  Team Meeting")  # the owner's clock
    assert "last contact: 20 May 2013 (email, out)" in text
    assert "training for the Boston marathon" in text and "Jane Doe" in text
    whole = brief_text(b, UTC)
    assert f"Meetings 10 Jun 2013 (times in {b.timezone})" in whole and "John Doe" in whole


@needs_samples()
def test_the_days_around_the_meeting_have_none(team: Workspace) -> None:
    with team.read() as tx:
        assert brief(tx, date(2013, 6, 8), date(2013, 6, 9), NOW).meetings == []
        assert len(brief(tx, date(2013, 6, 9), date(2013, 6, 10), NOW).meetings) == 1
        b = brief(tx, date(2013, 6, 11), date(2013, 6, 11), NOW)
    assert brief_text(b, UTC) == "No meetings with other people 11 Jun 2013."


@needs_samples()
def test_a_meeting_with_strangers_only_has_no_cards(db_url: str) -> None:
    now = datetime(1997, 3, 20, 9, 0, tzinfo=UTC)
    ws = Workspace(db_url, clock=lambda: now)
    try:
        import_paths(ws, [RFC], me=["jdoe@example.com"])
        with ws.read() as tx:
            b = brief(tx, date(1997, 3, 24), date(1997, 3, 24), now)
    finally:
        ws.close()
    (meeting,) = b.meetings
    assert meeting.cards == [] and len(meeting.others) == 1
    assert "No one you know yet." in meeting_text(meeting, UTC)


def test_an_empty_database_has_no_meetings_and_bad_days_are_refused(tmp_path: Path) -> None:
    ws = Workspace(str(tmp_path / "empty.db"), clock=lambda: NOW)
    try:
        with ws.read() as tx:
            assert brief(tx, MEETING_DAY, MEETING_DAY, NOW).meetings == []
            with pytest.raises(UserInputError, match="before its first"):
                brief(tx, MEETING_DAY, date(2013, 6, 1), NOW)
            with pytest.raises(UserInputError, match="at most"):
                brief(tx, MEETING_DAY, date(2013, 9, 1), NOW)
    finally:
        ws.close()


@needs_samples()
def test_a_meeting_of_the_owner_alone_is_left_out(db_url: str) -> None:
    now = datetime(1997, 3, 20, 9, 0, tzinfo=UTC)
    ws = Workspace(db_url, clock=lambda: now)
    try:  # both addresses of the sample's meeting are the owner's
        import_paths(ws, [RFC], me=["jdoe@example.com", "jsmith@example.com"])
        with ws.read() as tx:
            assert brief(tx, date(1997, 3, 24), date(1997, 3, 24), now).meetings == []
    finally:
        ws.close()


def test_a_meeting_of_three_hundred_cards_a_dozen_and_names_the_rest(tmp_path: Path) -> None:
    def event(uid: str, day: str, title: str) -> list[str]:
        people = [f"ATTENDEE;CN=Guest {i:03d}:mailto:guest{i:03d}@example.com" for i in range(300)]
        return ["BEGIN:VEVENT", f"UID:{uid}", f"DTSTART:{day}T150000Z", f"DTEND:{day}T160000Z",
                f"SUMMARY:{title}", "ORGANIZER:mailto:me@example.com", *people, "END:VEVENT"]  # fmt: skip

    ics = tmp_path / "allhands.ics"
    lines = ["BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:-//test//EN"]
    lines += event("a", "20130510", "Spring all-hands") + event("b", "20130610", "Summer all-hands")
    ics.write_text("\r\n".join([*lines, "END:VCALENDAR", ""]), encoding="utf-8")
    ws = Workspace(str(tmp_path / "crowd.db"), clock=lambda: NOW)
    try:
        import_paths(ws, [ics], me=["me@example.com"])
        with ws.read() as tx:
            (meeting,) = brief(tx, MEETING_DAY, MEETING_DAY, NOW).meetings
    finally:
        ws.close()
    assert len(meeting.cards) == 12 and len(meeting.more) == 288 and meeting.others == []
    assert {c.name for c in meeting.cards}.isdisjoint(meeting.more)
    text = meeting_text(meeting, UTC)
    assert "And 288 more you know: " in text and text.count("  last contact: ") == 12
    assert text.endswith(" and 268 more") and text.count("Guest ") == 12 + 20  # cards, then 20 names


def test_the_days_asked_are_the_owners_and_bounded(tmp_path: Path) -> None:
    late = datetime(2013, 6, 9, 20, 0, tzinfo=UTC)  # already 10 June, 08:00, in Auckland
    ws = Workspace(str(tmp_path / "zone.db"), clock=lambda: late)
    try:
        with ws.begin() as tx:
            set_zone(tx, "Pacific/Auckland")
        with ws.read() as tx:
            assert days_asked(tx, late, None, None) == (date(2013, 6, 10), date(2013, 6, 11))
            assert days_asked(tx, late, "tomorrow", None) == (date(2013, 6, 11), date(2013, 6, 11))
            assert days_asked(tx, late, "2013-06-01", 3) == (date(2013, 6, 1), date(2013, 6, 3))
            for bad in (0, 32):
                with pytest.raises(UserInputError, match="1 to 31 days"):
                    days_asked(tx, late, None, bad)
    finally:
        ws.close()
