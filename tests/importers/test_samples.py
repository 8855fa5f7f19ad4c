"""Every real sample file of a format we read is read, or refused with our own error."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest
from tests.conftest import SAMPLES, needs_samples

from innercircle.core.errors import ParseError
from innercircle.core.records import CardRecord, EventRecord, InteractionRecord, RecordWarning
from innercircle.importers import ics, linkedin, mail, registry, vcard, whatsapp
from innercircle.importers.base import Options, Skipped

pytestmark = needs_samples()
OPTS = Options()


def _files(pattern: str) -> list[Path]:
    return sorted(SAMPLES.glob(pattern)) if SAMPLES.is_dir() else []


VCARDS = [p for p in _files("**/*.vcf") if p.name != "unparsable.vcf"]


@pytest.mark.parametrize("path", VCARDS, ids=lambda p: p.name)
def test_every_vcard_sample_gives_named_contacts(path: Path) -> None:
    records = list(vcard.parse(path, OPTS))
    contacts = [r for r in records if isinstance(r, CardRecord)]
    assert contacts, records
    assert all(c.party.name for c in contacts)
    assert registry.detect(path).name == "vcard"


def test_vcard_quirks_outlook_android_iphone() -> None:
    base = SAMPLES / "ez-vcard/src/test/resources/ezvcard/io/text"
    outlook = next(
        r for r in vcard.parse(base / "John_Doe_MS_OUTLOOK.vcf", OPTS) if isinstance(r, CardRecord)
    )
    assert outlook.org == "IBM" and outlook.title == "Money Counter"
    assert {d.kind for d in outlook.details} == {"birthday", "anniversary"}
    assert any(d.on is not None and d.on.isoformat() == "1980-03-22" for d in outlook.details)
    android = [r for r in vcard.parse(base / "John_Doe_ANDROID.vcf", OPTS) if isinstance(r, CardRecord)]
    # quoted-printable soft line breaks joined and decoded as UTF-8
    assert any(c.party.name == " ".join(["Ñ"] * 11) for c in android)
    iphone = next(r for r in vcard.parse(base / "John_Doe_IPHONE.vcf", OPTS) if isinstance(r, CardRecord))
    assert any(i.value == "john.doe@ibm.com" for i in iphone.party.identities)  # item1.EMAIL group


def test_unclosed_vcard_is_refused() -> None:
    with pytest.raises(ParseError, match="END:VCARD"):
        list(vcard.parse(SAMPLES / "khard/test/fixture/vcards/unparsable.vcf", OPTS))


VALID_ICS = [
    "biweekly/src/test/resources/biweekly/io/text/outlook-2010.ics",
    "biweekly/src/test/resources/biweekly/io/text/rfc5545-example2.ics",
    "biweekly/src/test/resources/biweekly/issues/issue115-1.ics",
    "vobject/test_files/ms_tzid.ics",
    "icalendar/src/icalendar/tests/calendars/america_new_york.ics",
    "icalendar/src/icalendar/tests/calendars/example.ics",
]
BROKEN_ICS = [
    "icalendar/src/icalendar/tests/calendars/big_bad_calendar.ics",
    "icalendar/src/icalendar/tests/calendars/small_bad_calendar.ics",
    "icalendar/src/icalendar/tests/calendars/issue_104_broken_calendar.ics",
    "icalendar/src/icalendar/tests/calendars/parsing_error_in_UTC_offset.ics",
    "icalendar/src/icalendar/tests/calendars/broken_dtstart.ics",
]


@pytest.mark.parametrize("rel", VALID_ICS)
def test_valid_calendars_give_meetings_or_events(rel: str) -> None:
    records = list(ics.parse(SAMPLES / rel, OPTS))
    assert any(isinstance(r, InteractionRecord | EventRecord) for r in records)
    assert all(r.at.tzinfo is not None for r in records if isinstance(r, InteractionRecord))


@pytest.mark.parametrize("rel", BROKEN_ICS)
def test_broken_calendars_are_refused(rel: str) -> None:
    with pytest.raises(ParseError):
        list(ics.parse(SAMPLES / rel, OPTS))


@pytest.mark.parametrize("path", _files("**/*.ics"), ids=lambda p: p.name)
def test_every_calendar_sample_reads_or_is_refused_cleanly(path: Path) -> None:
    try:
        records = list(ics.parse(path, OPTS))
    except ParseError as exc:
        assert str(path) in str(exc)
        return
    assert all(not isinstance(r, RecordWarning) for r in records) or len(records) > sum(
        isinstance(r, RecordWarning) for r in records
    )


def test_outlook_meeting_has_attendees_duration_and_utc() -> None:
    path = SAMPLES / "biweekly/src/test/resources/biweekly/io/text/outlook-2010.ics"
    meeting = next(r for r in ics.parse(path, OPTS) if isinstance(r, InteractionRecord))
    assert meeting.duration_s and meeting.duration_s > 0
    assert len(meeting.parties) >= 2
    assert meeting.at.utcoffset() is not None and meeting.at.utcoffset().total_seconds() == 0


MAIL_FILES = [p for p in _files("mail-parser/tests/mails/*") if p.name != "mail_outlook_1"]


@pytest.mark.parametrize("path", MAIL_FILES, ids=lambda p: p.name)
def test_every_single_mail_reads(path: Path) -> None:
    records = list(mail.parse_mbox(path, OPTS))
    assert len(records) == 1
    assert registry.detect(path).name == "mbox"


def test_outlook_msg_binary_is_refused() -> None:
    with pytest.raises(ParseError):
        list(mail.parse_mbox(SAMPLES / "mail-parser/tests/mails/mail_outlook_1", OPTS))


def test_mbox_with_unescaped_from_line_is_one_message() -> None:
    records = list(mail.parse_mbox(SAMPLES / "cpython/Lib/test/test_email/data/mailbox_01.mbox", OPTS))
    assert len(records) == 1  # "From time to time" in the body does not start a message


def test_maildir_lists_are_kept_out_and_missing_new_tmp_is_fine() -> None:
    lkml = list(mail.parse_maildir(SAMPLES / "notmuch/test/corpora/lkml", OPTS))
    assert lkml and all(isinstance(r, Skipped) for r in lkml)
    default = Counter(
        type(r).__name__ for r in mail.parse_maildir(SAMPLES / "notmuch/test/corpora/default", OPTS)
    )
    assert default["InteractionRecord"] > 10
    assert registry.detect(SAMPLES / "notmuch/test/corpora/default").name == "maildir"


def test_whatsapp_sample() -> None:
    path = SAMPLES / "whatsapp-chat-parser/samples/short-chat.txt"
    msgs = [r for r in whatsapp.parse(path, OPTS) if isinstance(r, InteractionRecord)]
    assert len(msgs) == 3
    assert msgs[0].at.month == 3 and msgs[0].at.day == 6  # day first: 08/05 and 09/04 follow
    assert registry.detect(path).name == "whatsapp"


@pytest.mark.parametrize(
    "path", _files("linkedin-export-headers-only/*/*.csv"), ids=lambda p: p.parent.name[:20] + p.name
)
def test_linkedin_headers_of_every_vintage(path: Path) -> None:
    kind = linkedin.kind_of(path.read_text(encoding="utf-8-sig"))
    if path.name in ("Connections.csv", "messages.csv", "Messages.csv", "Invitations.csv"):
        assert kind is not None
        assert registry.detect(path).name == "linkedin"
        assert [r for r in linkedin.parse(path, OPTS) if not isinstance(r, RecordWarning)] == []
