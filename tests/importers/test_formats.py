"""Format details written by real programs: calendars, address-book CSVs, mail folders, chats."""

from __future__ import annotations

import subprocess
import sys
from datetime import UTC, datetime
from pathlib import Path

import pytest

from innercircle.core.errors import ParseError
from innercircle.core.model import Direction, Role
from innercircle.core.records import CardRecord, EventRecord, InteractionRecord, RecordWarning
from innercircle.importers import contacts_csv, ics, mail, registry, whatsapp
from innercircle.importers.base import Options, Skipped
from innercircle.services import Workspace
from innercircle.services.importing import import_paths
from innercircle.store import interactions

OPTS = Options(now=datetime(2024, 3, 1, tzinfo=UTC))
CALENDAR = """BEGIN:VCALENDAR
VERSION:2.0
METHOD:REQUEST
X-WR-TIMEZONE:Europe/Berlin
BEGIN:VEVENT
UID:win-1
DTSTART;TZID=Eastern Standard Time:20240110T100000
DTEND;TZID=Eastern Standard Time:20240110T110000
SUMMARY:Windows zone
ORGANIZER;CN=Bob:mailto:bob@example.com
ATTENDEE;CN=Ada;PARTSTAT=ACCEPTED:mailto:ada@example.com
ATTENDEE;CN=Carl;PARTSTAT=DECLINED:mailto:carl@example.com
ATTENDEE;CUTYPE=ROOM;CN=Room 1:mailto:room1@example.com
END:VEVENT
BEGIN:VEVENT
UID:float-1
DTSTART:20240111T100000
DTEND:20240111T120000
SUMMARY:Floating
END:VEVENT
BEGIN:VEVENT
UID:utc-1
DTSTART:20240112T100000Z
DURATION:PT30M
SUMMARY:Weekly
RRULE:FREQ=WEEKLY
ATTENDEE:mailto:ada@example.com
ATTENDEE:mailto:dan@example.com
END:VEVENT
BEGIN:VEVENT
UID:bad-1
DTSTART:not-a-date
SUMMARY:Broken
END:VEVENT
END:VCALENDAR
"""


def _write(tmp_path: Path, name: str, text: str, encoding: str = "utf-8") -> Path:
    p = tmp_path / name
    p.write_bytes(text.replace("\n", "\r\n").encode(encoding))
    return p


def test_calendar_zones_declined_rooms_recurrence_and_broken_event(tmp_path: Path) -> None:
    records = list(ics.parse(_write(tmp_path, "cal.ics", CALENDAR), OPTS))
    meetings = [r for r in records if isinstance(r, InteractionRecord)]
    first = meetings[0]
    assert first.at == datetime(2024, 1, 10, 15, 0, tzinfo=UTC)  # Eastern Standard Time → UTC
    assert first.duration_s == 3600
    emails = {p.identities[0].value for p, _r in first.parties}
    assert emails == {"bob@example.com", "ada@example.com"}  # declined and the room left out
    assert (first.parties[0][1]) is Role.ORGANIZER
    floating = next(r for r in records if isinstance(r, EventRecord))
    assert floating.start == datetime(2024, 1, 11, 9, 0, tzinfo=UTC)  # X-WR-TIMEZONE Europe/Berlin
    weekly = [m for m in meetings if m.subject == "Weekly"]
    assert 40 < len(weekly) < 70  # bounded: up to a year after "now"
    assert len({m.source_id for m in weekly}) == len(weekly)
    assert sum(isinstance(r, RecordWarning) for r in records) == 1


GOOGLE_NEW = (
    "First Name,Middle Name,Last Name,Organization Name,Organization Title,Birthday,Notes,Labels,"
    "E-mail 1 - Label,E-mail 1 - Value,Phone 1 - Label,Phone 1 - Value,Address 1 - Formatted,Address 1 - City\n"
    'Grace,,Hopper,US Navy,Admiral,--12-09,"likes\nCOBOL",* myContacts ::: * starred ::: Navy,'
    'Work,grace@navy.example ::: g@home.example,Mobile,+1 202 555 0101,"1 Navy Way\nArlington, VA",Arlington\n'
)
GOOGLE_OLD = (
    "Name,Given Name,Additional Name,Family Name,Birthday,Group Membership,E-mail 1 - Type,E-mail 1 - Value,"
    "Organization 1 - Name,Organization 1 - Title\n"
    "Alan Turing,Alan,,Turing,1912-06-23,* My Contacts,* Home,alan@bletchley.example,Bletchley,Cryptanalyst\n"
)
OUTLOOK = (
    "First Name,Middle Name,Last Name,Title,Company,Job Title,Business Phone,Mobile Phone,E-mail Address,"
    "E-mail 2 Address,Birthday,Anniversary,Categories,Notes,Business City\n"
    "Zoë,,Müller,Dr.,Acme GmbH,CTO,+49 30 1234567,,zoe@acme.example,,0/0/00,5/20/2001,VIP;Berlin,,Berlin\n"
)


def test_google_csv_new_and_old_headers(tmp_path: Path) -> None:
    for name, text in (("new.csv", GOOGLE_NEW), ("old.csv", GOOGLE_OLD)):
        path = _write(tmp_path, name, text)
        assert registry.detect(path).name == "google-csv"
        (c,) = [r for r in contacts_csv.parse_google(path, OPTS) if isinstance(r, CardRecord)]
        assert c.org and c.title and c.details and c.details[0].on is not None
    grace = next(iter(contacts_csv.parse_google(tmp_path / "new.csv", OPTS)))
    assert isinstance(grace, CardRecord)
    assert {i.value for i in grace.party.identities} == {
        "grace@navy.example",
        "g@home.example",
        "+12025550101",
    }
    assert grace.tags == ["starred", "Navy"] and grace.location == "Arlington"
    assert grace.notes == "likes\r\nCOBOL" or grace.notes == "likes\nCOBOL"


def test_outlook_csv_in_windows_encoding(tmp_path: Path) -> None:
    path = _write(tmp_path, "outlook.csv", OUTLOOK, encoding="cp1252")
    assert registry.detect(path).name == "outlook-csv"
    (c,) = list(contacts_csv.parse_outlook(path, OPTS))
    assert isinstance(c, CardRecord)
    assert c.party.name == "Zoë Müller" and c.title == "CTO" and c.org == "Acme GmbH"
    assert [d.kind for d in c.details] == ["anniversary"]  # 0/0/00 is Outlook's empty birthday
    assert c.tags == ["VIP", "Berlin"]


def test_outlook_bad_birthday_rejects_file(tmp_path: Path) -> None:
    path = _write(tmp_path, "outlook.csv", OUTLOOK.replace("0/0/00", "sometime"))
    with pytest.raises(ParseError, match=r"outlook.csv:2: birthday"):
        list(contacts_csv.parse_outlook(path, OPTS))


MESSAGE = (
    "From: {frm}\nTo: {to}\nCc: unlisted-recipients:;\nDate: {date}\nMessage-ID: <{mid}@x>\n"
    "{extra}Subject: hello\n\nbody\nFrom me to you\n"
)


def _msg(frm: str, to: str, mid: str, date: str = "Mon, 1 Jan 2024 10:00:00 +0100", extra: str = "") -> str:
    return MESSAGE.format(frm=frm, to=to, mid=mid, date=date, extra=extra)


def test_maildir_without_new_and_tmp(tmp_path: Path) -> None:
    cur = tmp_path / "Mail" / "cur"
    cur.mkdir(parents=True)
    (cur / "1:2,S").write_text(_msg("Grace <grace@navy.example>", "ada@example.com", "a"))
    (cur / "2:2,S").write_text(
        _msg("ada@example.com", "grace@navy.example", "b", extra="In-Reply-To: <a@x>\n")
    )
    (cur / "3:2,S").write_text(
        _msg("news@list.example", "ada@example.com", "c", extra="List-Id: <l.example>\n")
    )
    (cur / "4:2,S").write_text(_msg("grace@navy.example", "ada@example.com", "d", date="yesterday-ish"))
    (cur / "5:2,S").write_bytes(b"\x00\x01binary junk")
    records = list(mail.parse_maildir(tmp_path / "Mail", OPTS))
    kinds = [type(r).__name__ for r in records]
    assert (
        kinds.count("InteractionRecord") == 2
        and kinds.count("Skipped") == 1
        and kinds.count("RecordWarning") == 2
    )
    reply = next(r for r in records if isinstance(r, InteractionRecord) and r.in_reply_to)
    assert reply.in_reply_to == "a@x" and reply.message_id == "b@x"


def test_mbox_direction_reciprocity_and_group_size(ws: Workspace, tmp_path: Path) -> None:
    box = "".join(
        f"From x Mon Jan  {i + 1} 10:00:00 2024\n" + m + "\n"
        for i, m in enumerate(
            [
                _msg("Grace <grace@navy.example>", "ada@example.com, alan@b.example", "a"),
                _msg("ada@example.com", "grace@navy.example", "b", extra="In-Reply-To: <a@x>\n"),
                _msg("no-reply@service.example", "ada@example.com", "c"),
                _msg("grace@navy.example", "ada@example.com", "d", date="garbage"),
            ]
        )
    )
    path = tmp_path / "archive.mbox"
    path.write_text(box)
    summary = import_paths(ws, [path], me=["ada@example.com"])
    assert summary.totals["interactions"] == 3 and summary.totals["skipped"] == 1
    assert summary.totals["warnings"] == 0  # the garbage date falls back to the From_ line
    with ws.read() as tx:
        its = interactions.all_interactions(tx.conn)
    assert [it.direction for it in its] == [Direction.IN, Direction.OUT, Direction.IN]
    assert [it.group_size for it in its] == [2, 1, 1]
    assert its[2].at == datetime(2024, 1, 4, 10, 0, tzinfo=UTC)
    assert its[1].in_reply_to == its[0].message_id


def test_whatsapp_ios_style_and_month_first(tmp_path: Path) -> None:
    text = (
        "[1/13/24, 9:05:01 PM] Grace Hopper: hi\n"
        "[1/13/24, 9:06:00 PM] +1 202 555 0101: hello\nsecond line\n"
        "[1/14/24, 7:00:00 AM] Grace Hopper: bye\n"
    )
    path = tmp_path / "chat.txt"
    path.write_text(text)
    assert registry.detect(path).name == "whatsapp"
    msgs = [r for r in whatsapp.parse(path, OPTS) if isinstance(r, InteractionRecord)]
    assert next(m.at for m in msgs) == datetime(2024, 1, 13, 21, 5, 1, tzinfo=UTC)
    assert msgs[1].parties[0][0].identities[0].value == "+12025550101"
    assert not any(isinstance(r, Skipped) for r in msgs)


def test_outlook_last_first_display_names() -> None:
    from innercircle.importers.base import display_name

    assert display_name("Smith, Bob") == "Bob Smith"
    assert display_name('"Hopper, Grace"') == "Grace Hopper"
    assert display_name("Acme, Inc.") == "Acme, Inc."
    assert display_name("Smith, Bob, Jr") == "Smith, Bob, Jr"


# an Outlook-style VTIMEZONE (as in biweekly's outlook-2010.ics), reduced to what triggers the cache
WINDOWS_ZONE_DEFINED = (
    "BEGIN:VCALENDAR\nBEGIN:VTIMEZONE\nTZID:Eastern Standard Time\nBEGIN:STANDARD\nDTSTART:16011104T020000\n"
    "TZOFFSETFROM:-0400\nTZOFFSETTO:-0500\nEND:STANDARD\nBEGIN:DAYLIGHT\nDTSTART:16010311T020000\n"
    "TZOFFSETFROM:-0500\nTZOFFSETTO:-0400\nEND:DAYLIGHT\nEND:VTIMEZONE\nBEGIN:VEVENT\nUID:outlook-1\n"
    'DTSTART;TZID="Eastern Standard Time":20130610T120000\nSUMMARY:Team Meeting\nEND:VEVENT\nEND:VCALENDAR\n'
)
_TWO_FILES = """
import sys
from datetime import UTC, datetime
from pathlib import Path
from innercircle.core.records import InteractionRecord
from innercircle.importers import ics
from innercircle.importers.base import Options
opts = Options(now=datetime(2024, 3, 1, tzinfo=UTC))
list(ics.parse(Path(sys.argv[1]), opts))
meetings = [r for r in ics.parse(Path(sys.argv[2]), opts) if isinstance(r, InteractionRecord)]
print(meetings[0].at.isoformat())
"""


def test_a_zone_defined_in_one_file_does_not_change_the_next_file(tmp_path: Path) -> None:
    """icalendar caches VTIMEZONEs process-wide; an earlier file's definition must not leak into the next.

    Run in a fresh interpreter: the cache is process state, so earlier tests here would hide the bug.
    """
    first = _write(tmp_path, "outlook.ics", WINDOWS_ZONE_DEFINED)
    second = _write(tmp_path, "cal.ics", CALENDAR)
    done = subprocess.run(
        [sys.executable, "-c", _TWO_FILES, str(first), str(second)],
        capture_output=True,
        text=True,
        check=True,
    )
    assert done.stdout.strip() == "2024-01-10T15:00:00+00:00"  # read as New York time, not as Berlin
