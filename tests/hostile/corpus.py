"""The hostile corpus: files built to make an importer slow, large or wrong, each with what must happen.

Small files are kept in ``files/`` (calendars whose rules expand without end); the rest are generated
into a temporary folder by the builders here, from a few lines each (a 65 MB file is a sparse one).
Each item says whether it is ``refused`` (exit ≠ 0, the file named, the database untouched) or ``read``,
and a phrase the message or a warning must hold, so a refusal for the wrong reason fails the test.
"""

from __future__ import annotations

import zipfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from innercircle.importers.limits import (
    MAX_ARCHIVE_MEMBERS,
    MAX_ATTENDEES_PER_EVENT,
    MAX_CALENDAR_BYTES,
    MAX_CALENDAR_LINES,
    MAX_CHAT_PARTICIPANTS,
    MAX_FIELD_CHARS,
    MAX_HEADER_BYTES,
    MAX_IDENTITIES_PER_RECORD,
    MAX_TEXT_BYTES,
    MB,
)

KEPT = Path(__file__).parent / "files"
LINKEDIN_HEADER = "First Name,Last Name,URL,Email Address,Company,Position,Connected On\n"
Builder = Callable[[Path], Path]


@dataclass(frozen=True)
class Item:
    """One hostile file: how to get it, the ``--format`` to name (None: detected), what must happen."""

    build: Builder
    fmt: str | None
    outcome: str  # "refused" | "read"
    says: str  # in the refusal's message, or (read) in the summary or a warning
    web: bool = True  # small enough to upload (the web form takes 50 MB)


def kept(name: str) -> Builder:
    return lambda _d: KEPT / name


def _card(body: str) -> str:
    return f"BEGIN:VCARD\r\nVERSION:3.0\r\n{body}END:VCARD\r\n"


def vcard_many_emails(d: Path) -> Path:
    out = d / "many_emails.vcf"
    emails = "".join(f"EMAIL:p{i}@example.com\r\n" for i in range(20_000))
    out.write_text(_card("FN:Many Addresses\r\n" + emails))
    return out


def backtracking_address(size: int) -> str:
    """An address-shaped value that made the old address regex backtrack: dots, then a second @."""
    return "a@" + "a." * (size // 2) + "@"


def vcard_long_email(d: Path) -> Path:
    out = d / "long_email.vcf"
    out.write_text(_card(f"FN:Long Value\r\nEMAIL:{backtracking_address(160_000)}\r\n"))
    return out


def vcard_long_email_within_limit(d: Path) -> Path:
    out = d / "long_email_within.vcf"
    out.write_text(_card(f"FN:Long But Allowed\r\nEMAIL:{backtracking_address(MAX_FIELD_CHARS - 100)}\r\n"))
    return out


def vcard_folded_photo(d: Path) -> Path:
    """A 6 MB photo folded over 80,000 lines: unfolding must not copy it once per line."""
    out = d / "folded_photo.vcf"
    folded = "\r\n ".join("QUJD" * 19 for _ in range(80_000))
    out.write_text(
        _card(f"FN:Photo Person\r\nEMAIL:photo@example.com\r\nPHOTO;ENCODING=b;TYPE=JPEG:{folded}\r\n")
    )
    return out


def vcard_soft_breaks(d: Path) -> Path:
    """A quoted-printable note of 90,000 soft line breaks (joined once, not once per line)."""
    out = d / "soft_breaks.vcf"
    note = "=\r\n".join("a" for _ in range(90_000))
    out.write_text(_card(f"FN:Soft Breaks\r\nNOTE;ENCODING=QUOTED-PRINTABLE:{note}\r\n"))
    return out


def csv_backtracking_field(d: Path) -> Path:
    out = d / "long_to.csv"
    out.write_text(f"timestamp,from,to\n2024-01-01T10:00:00Z,me@example.com,{backtracking_address(80_000)}\n")
    return out


def csv_field_too_long(d: Path) -> Path:
    out = d / "long_subject.csv"
    subject = "x" * (MAX_FIELD_CHARS + 1)
    out.write_text(
        f"timestamp,from,to,subject\n2024-01-01T10:00:00Z,me@example.com,ann@example.com,{subject}\n"
    )
    return out


def google_many_identities(d: Path) -> Path:
    out = d / "google_many.csv"
    emails = " ::: ".join(f"g{i}@example.com" for i in range(MAX_IDENTITIES_PER_RECORD + 1))
    out.write_text(f"Name,Given Name,Family Name,E-mail 1 - Value\nMany Mails,Many,Mails,{emails}\n")
    return out


def text_too_large(d: Path) -> Path:
    out = d / "huge.vcf"
    with out.open("wb") as f:
        f.write(b"BEGIN:VCARD\r\n")
        f.truncate(MAX_TEXT_BYTES + 1)  # sparse: no disk, no time
    return out


def calendar_too_large(d: Path) -> Path:
    out = d / "huge.ics"
    with out.open("wb") as f:
        f.write(b"BEGIN:VCALENDAR\r\n")
        f.truncate(MAX_CALENDAR_BYTES + 1)
    return out


def calendar_too_many_lines(d: Path) -> Path:
    out = d / "many_lines.ics"
    events = (MAX_CALENDAR_LINES // 4) + 1
    with out.open("w") as f:
        f.write("BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:x\r\n")
        for i in range(events):
            f.write(f"BEGIN:VEVENT\r\nUID:u{i}\r\nDTSTART:20250101T100000Z\r\nEND:VEVENT\r\n")
        f.write("END:VCALENDAR\r\n")
    return out


def calendar_many_attendees(d: Path) -> Path:
    out = d / "all_hands.ics"
    attendees = "".join(f"ATTENDEE:mailto:a{i}@example.com\r\n" for i in range(MAX_ATTENDEES_PER_EVENT + 1))
    out.write_text(
        "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:x\r\nBEGIN:VEVENT\r\nUID:all-hands\r\n"
        "DTSTART:20250101T100000Z\r\nSUMMARY:All hands\r\nORGANIZER:mailto:ceo@example.com\r\n"
        f"{attendees}END:VEVENT\r\nEND:VCALENDAR\r\n"
    )
    return out


def calendar_long_summary(d: Path) -> Path:
    out = d / "long_summary.ics"
    summary = "\r\n ".join("word " * 14 for _ in range(2_000))
    out.write_text(
        "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:x\r\nBEGIN:VEVENT\r\nUID:long\r\n"
        f"DTSTART:20250101T100000Z\r\nSUMMARY:{summary}\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n"
    )
    return out


def linkedin_inflating_total(d: Path) -> Path:
    """A small zip posing as a LinkedIn export whose members each stay under the member limit but
    inflate to 1.3 GB together."""
    out = d / "Basic_LinkedInDataExport_total.zip"
    pad = b"0" * MB
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as z:
        z.writestr(
            "Connections.csv", LINKEDIN_HEADER + "Ada,Lovelace,,ada@example.org,Engine,Analyst,07 Feb 2026\n"
        )
        for n in range(13):
            with z.open(f"padding/part{n}.csv", "w") as f:
                for _ in range(100):
                    f.write(pad)
    return out


def linkedin_many_members(d: Path) -> Path:
    out = d / "Basic_LinkedInDataExport_members.zip"
    with zipfile.ZipFile(out, "w", zipfile.ZIP_STORED) as z:
        z.writestr("Connections.csv", LINKEDIN_HEADER)
        for n in range(MAX_ARCHIVE_MEMBERS):
            z.writestr(f"e/{n}.csv", b"")
    return out


def mbox_huge_header(d: Path) -> Path:
    """One message with 2 MB of headers among two ordinary ones: it is left out, they are read."""
    out = d / "huge_header.mbox"
    ok = "From: Ann <ann@example.com>\nTo: me@example.com\nDate: Mon, 1 Jan 2024 10:00:00 +0000\n"
    with out.open("w") as f:
        f.write(f"From ann@example.com Mon Jan  1 10:00:00 2024\n{ok}Message-ID: <one@x>\n\nhi\n\n")
        f.write("From x@example.com Mon Jan  1 11:00:00 2024\nFrom: X <x@example.com>\nTo: me@example.com\n")
        f.write("X-Padding: " + "p" * (2 * MAX_HEADER_BYTES) + "\n\nbody\n\n")
        f.write(f"From ann@example.com Mon Jan  1 12:00:00 2024\n{ok}Message-ID: <three@x>\n\nhi\n\n")
    return out


def mbox_folded_header(d: Path) -> Path:
    """A To header folded over 5,000 lines and a Subject over 250,000 (together under the header limit):
    each unfolded in one pass, not copied once per line."""
    out = d / "folded_header.mbox"
    folds = "\n ".join(f"r{i}@ex.net," for i in range(5_000))
    out.write_text(
        "From me@example.com Mon Jan  1 10:00:00 2024\nFrom: Me <me@example.com>\n"
        f"To: {folds} last@ex.net\nSubject: x\n"
        + "Subject: y\n "
        + "\n ".join("s" for _ in range(250_000))
        + "\nDate: Mon, 1 Jan 2024 10:00:00 +0000\nMessage-ID: <folded@x>\n\nhello\n\n"
    )
    return out


def whatsapp_many_senders(d: Path) -> Path:
    out = d / "WhatsApp Chat with Everyone.txt"
    lines = "".join(
        f"06/03/2024, 10:{i % 60:02d} - Person {i}: hello\n" for i in range(MAX_CHAT_PARTICIPANTS + 1)
    )
    out.write_text(lines)
    return out


def whatsapp_many_named(d: Path) -> Path:
    """2,500 people and 2,500 messages: each message names every other person (6 million in all)."""
    out = d / "WhatsApp Chat with Crowd.txt"
    out.write_text("".join(f"06/03/2024, 10:{i % 60:02d} - Person {i}: hi\n" for i in range(2_500)))
    return out


CORPUS: dict[str, Item] = {
    "calendar repeating every minute": Item(kept("minutely.ics"), None, "refused", "steps to expand"),
    "calendar repeating every second": Item(kept("secondly.ics"), None, "refused", "steps to expand"),
    "calendar expanding every BY part": Item(kept("by_everything.ics"), None, "refused", "steps to expand"),
    "calendar repeating every hour": Item(kept("hourly.ics"), None, "refused", "repeats more than"),
    "calendar rules that never match": Item(kept("never.ics"), None, "read", "matches no day"),
    "calendar too large": Item(calendar_too_large, "ics", "refused", "MB, the most", web=False),
    "calendar of too many lines": Item(calendar_too_many_lines, None, "refused", "lines, more than"),
    "calendar event with too many attendees": Item(calendar_many_attendees, None, "refused", "attendees"),
    "calendar with a long folded summary": Item(calendar_long_summary, None, "read", "events=1"),
    "vcard with 20,000 emails": Item(vcard_many_emails, None, "refused", "addresses, numbers"),
    "vcard with a 160 KB email": Item(vcard_long_email, None, "refused", "characters long"),
    "vcard with a long email within the limit": Item(
        vcard_long_email_within_limit, None, "read", "people_added=1"
    ),
    "vcard with a photo folded 80,000 times": Item(vcard_folded_photo, None, "read", "people_added=1"),
    "vcard with 90,000 soft line breaks": Item(vcard_soft_breaks, None, "read", "people_added=1"),
    "vcard too large": Item(text_too_large, "vcard", "refused", "MB, the most", web=False),
    "csv with an 80 KB address": Item(csv_backtracking_field, "interactions", "read", "interactions=1"),
    "csv with a field too long": Item(csv_field_too_long, "interactions", "refused", "characters long"),
    "google csv with too many addresses": Item(google_many_identities, "google-csv", "refused", "addresses"),
    "linkedin zip inflating to 1.3 GB in all": Item(linkedin_inflating_total, None, "refused", "zip bomb"),
    "linkedin zip of too many members": Item(linkedin_many_members, None, "refused", "entries"),
    "mbox with 2 MB of headers": Item(mbox_huge_header, None, "read", "headers longer than"),
    "mbox with headers folded 255,000 times": Item(mbox_folded_header, None, "read", "interactions=1"),
    "whatsapp with too many senders": Item(whatsapp_many_senders, "whatsapp", "refused", "people write"),
    "whatsapp naming too many participants": Item(whatsapp_many_named, "whatsapp", "refused", "participants"),
}
