"""Writing the demo network as the files real programs export: LinkedIn CSVs, vCard, iCalendar, mbox.

``write_files(net, folder)`` writes, and returns the paths of:

- ``Connections.csv``: LinkedIn's current vintage (``Notes:`` preamble, then ``First Name,Last Name,URL,
  Email Address,Company,Position,Connected On``, dates like ``07 Feb 2026``), one row per connection;
- ``messages.csv``: LinkedIn messages (``CONVERSATION ID,…,FOLDER,ATTACHMENTS,IS MESSAGE DRAFT``), one row
  per LinkedIn-message interaction, a conversation per pair of people;
- ``contacts.vcf``: a vCard 3.0 per person in contact;
- ``calendar.ics``: a VEVENT per meeting (ORGANIZER, ATTENDEEs) and per networking event;
- ``mail.mbox``: a message per email interaction (From/To/Cc/Date/Message-ID/In-Reply-To/Subject).
"""

from __future__ import annotations

import csv
import hashlib
import mailbox
import time
from datetime import datetime, timedelta
from email.utils import format_datetime, formataddr
from pathlib import Path

from icalendar import Calendar, vCalAddress, vText
from icalendar import Event as VEvent

from innercircle.core.model import Channel, Event, Interaction, Person, Role
from innercircle.demo.network import OWNER_ID, DemoNetwork
from innercircle.demo.people import email_of, phone_of, url_of
from innercircle.demo.timeline import CALENDAR, LINKEDIN

LINKEDIN_NOTE = (
    "When exporting your connection data, you may notice that some of the email addresses are missing. "
    "You will only see email addresses for connections who have allowed their connections to see or "
    "download their email address using this setting https://www.linkedin.com/psettings/privacy/email. "
    "You can learn more here https://www.linkedin.com/help/linkedin/answer/261"
)
CONNECTIONS_HEADER = [
    "First Name",
    "Last Name",
    "URL",
    "Email Address",
    "Company",
    "Position",
    "Connected On",
]
MESSAGES_HEADER = [
    "CONVERSATION ID",
    "CONVERSATION TITLE",
    "FROM",
    "SENDER PROFILE URL",
    "TO",
    "RECIPIENT PROFILE URLS",
    "DATE",
    "SUBJECT",
    "CONTENT",
    "FOLDER",
    "ATTACHMENTS",
    "IS MESSAGE DRAFT",
]


def write_files(net: DemoNetwork, folder: Path) -> list[Path]:
    """Write every file into ``folder`` (created when missing); returns their paths."""
    folder.mkdir(parents=True, exist_ok=True)
    paths = [
        folder / "Connections.csv",
        folder / "messages.csv",
        folder / "contacts.vcf",
        folder / "calendar.ics",
        folder / "mail.mbox",
    ]
    write_connections(net, paths[0])
    write_messages(net, paths[1])
    write_vcards(net, paths[2])
    write_calendar(net, paths[3])
    write_mbox(net, paths[4])
    return paths


def _split(name: str) -> tuple[str, str]:
    first, _, last = name.partition(" ")
    return first, last


# ---------------------------------------------------------------- LinkedIn


def write_connections(net: DemoNetwork, path: Path) -> None:
    """LinkedIn ``Connections.csv``: newest connection first; a few show their email address."""
    people = sorted(net.connections(), key=lambda p: (p.connected_at, p.id), reverse=True)
    with path.open("w", newline="", encoding="utf-8") as fh:
        fh.write("Notes:\n")
        w = csv.writer(fh, lineterminator="\n")
        w.writerow([LINKEDIN_NOTE])
        fh.write("\n")
        w.writerow(CONNECTIONS_HEADER)
        for p in people:
            assert p.connected_at is not None
            first, last = _split(p.name)
            shown = email_of(p) if (p.id or 0) % 4 == 0 else None
            w.writerow(
                [
                    first,
                    last,
                    url_of(p),
                    shown or "",
                    p.org or "",
                    p.title or "",
                    p.connected_at.strftime("%d %b %Y"),
                ]
            )


def write_messages(net: DemoNetwork, path: Path) -> None:
    """LinkedIn ``messages.csv``: newest first, one conversation id per pair of people."""
    items = [it for it in net.interactions if it.source == LINKEDIN]
    with path.open("w", newline="", encoding="utf-8") as fh:
        w = csv.writer(fh, lineterminator="\n")
        w.writerow(MESSAGES_HEADER)
        for it in sorted(items, key=lambda i: (i.at, i.source_id or ""), reverse=True):
            sender = net.person(_one(it, Role.FROM))
            receiver = net.person(_one(it, Role.TO))
            pair = "|".join(sorted((url_of(sender) or sender.name, url_of(receiver) or receiver.name)))
            conv = "2-" + hashlib.sha256(pair.encode()).hexdigest()[:40]
            when = it.at.strftime("%Y-%m-%d %H:%M:%S UTC")
            w.writerow(
                [
                    conv,
                    "",
                    sender.name,
                    url_of(sender) or "",
                    receiver.name,
                    url_of(receiver) or "",
                    when,
                    "",
                    it.note or it.subject or "",
                    "INBOX",
                    "",
                    "No",
                ]
            )


def _one(it: Interaction, role: Role) -> int:
    return next(p.person_id for p in it.participants if p.role is role)


# ---------------------------------------------------------------- vCard


def _esc(value: str) -> str:
    return value.replace("\\", "\\\\").replace(",", "\\,").replace(";", "\\;").replace("\n", "\\n")


def _fold(line: str) -> str:
    """Lines longer than 75 octets continue on the next line after a space (RFC 6350 §3.2)."""
    out: list[str] = []
    data = line.encode("utf-8")
    while len(data) > 75:
        cut = 75 if not out else 74
        while cut > 0 and (data[cut] & 0xC0) == 0x80:  # never split a UTF-8 sequence
            cut -= 1
        out.append(data[:cut].decode("utf-8"))
        data = data[cut:]
    out.append(data.decode("utf-8"))
    return "\r\n ".join(out)


def write_vcards(net: DemoNetwork, path: Path) -> None:
    """A vCard 3.0 address book of everyone the owner is in contact with."""
    birthdays = {d.person_id: d.on for d in net.details if d.kind == "birthday" and d.on}
    cards = []
    for pid in sorted(net.in_contact()):
        p = net.person(pid)
        first, last = _split(p.name)
        lines = ["BEGIN:VCARD", "VERSION:3.0", f"FN:{_esc(p.name)}", f"N:{_esc(last)};{_esc(first)};;;"]
        if p.org:
            lines.append(f"ORG:{_esc(p.org)}")
        if p.title:
            lines.append(f"TITLE:{_esc(p.title)}")
        if email := email_of(p):
            lines.append(f"EMAIL;TYPE=INTERNET:{email}")
        if phone := phone_of(p):
            lines.append(f"TEL;TYPE=CELL:{phone}")
        if url := url_of(p):
            lines.append(f"URL:{url}")
        if pid in birthdays:
            lines.append(f"BDAY:{birthdays[pid].isoformat()}")
        if p.tags:
            lines.append("CATEGORIES:" + ",".join(_esc(t) for t in p.tags))
        lines.append("END:VCARD")
        cards.append("\r\n".join(_fold(line) for line in lines))
    path.write_text("\r\n".join(cards) + "\r\n", encoding="utf-8", newline="")


# ---------------------------------------------------------------- iCalendar


def _address(p: Person, role: str) -> vCalAddress:
    addr = vCalAddress(f"mailto:{email_of(p) or 'unknown@invalid.example'}")
    addr.params["cn"] = vText(p.name)
    if role == "ATTENDEE":
        addr.params["partstat"] = vText("ACCEPTED")
        addr.params["role"] = vText("REQ-PARTICIPANT")
    return addr


def write_calendar(net: DemoNetwork, path: Path) -> None:
    """An iCalendar file: the owner's meetings (with organizer and attendees) and networking events."""
    cal = Calendar()
    cal.add("prodid", "-//innercircle//demo network//EN")
    cal.add("version", "2.0")
    stamp = net.moment()
    for it in net.interactions:
        if it.channel is Channel.MEETING and it.source == CALENDAR:
            cal.add_component(_meeting(net, it, stamp))
    for e in net.events:
        cal.add_component(_event(e, stamp))
    path.write_bytes(cal.to_ical())


def _meeting(net: DemoNetwork, it: Interaction, stamp: datetime) -> VEvent:
    ev = VEvent()
    ev.add("uid", f"{it.source_id}@tessellate.example")
    ev.add("dtstamp", stamp)
    ev.add("dtstart", it.at)
    ev.add("dtend", it.at + timedelta(seconds=it.duration_s or 1800))
    ev.add("summary", it.subject or "Meeting")
    for part in it.participants:
        person = net.person(part.person_id)
        if part.role is Role.ORGANIZER:
            ev.add("organizer", _address(person, "ORGANIZER"))
        ev.add("attendee", _address(person, "ATTENDEE"))
    return ev


def _event(e: Event, stamp: datetime) -> VEvent:
    ev = VEvent()
    ev.add("uid", e.source_id or f"event-{e.id}@tessellate.example")
    ev.add("dtstamp", stamp)
    ev.add("dtstart", e.start)
    ev.add("dtend", e.end or e.start + timedelta(hours=2))
    ev.add("summary", e.title)
    if e.place:
        ev.add("location", e.place)
    if e.topics:
        ev.add("categories", e.topics)
    if e.organizer:
        org = vCalAddress(
            "mailto:events@" + "".join(c for c in e.organizer.lower() if c.isalnum()) + ".example"
        )
        org.params["cn"] = vText(e.organizer)
        ev.add("organizer", org)
    about = [
        f"Series: {e.series}." if e.series else "",
        f"Time incl. travel: {e.hours_cost:g} h." if e.hours_cost else "",
    ]
    ev.add("description", " ".join(a for a in about if a) or e.title)
    ev.add("transp", "OPAQUE")
    return ev


# ---------------------------------------------------------------- mbox

BODIES = (
    "Thanks for the quick reply - that works for me.",
    "Following up on our conversation: notes attached below.",
    "Would you have 30 minutes next week? Happy to work around your calendar.",
    "Great to hear from you. Let me think about it and come back to you by Friday.",
    "Sharing the latest numbers as promised.",
)


def write_mbox(net: DemoNetwork, path: Path) -> None:
    """An mbox of every email the owner sent or received (oldest first)."""
    if path.exists():
        path.unlink()
    box = mailbox.mbox(str(path), create=True)
    try:
        box.lock()
        for n, it in enumerate(i for i in net.interactions if i.channel is Channel.EMAIL):
            box.add(_mail(net, it, n))
        box.flush()
    finally:
        box.unlock()
        box.close()


def _mail(net: DemoNetwork, it: Interaction, n: int) -> str:
    """One message as mbox text (its ``From `` line first); built by hand, as header folding in
    ``email.generator`` costs seconds for a few thousand short messages."""

    def addrs(role: Role) -> str:
        people = [net.person(p.person_id) for p in it.participants if p.role is role]
        return ", ".join(formataddr((q.name, email_of(q) or "")) for q in people)

    sender = net.person(_one(it, Role.FROM))
    headers = [("From", addrs(Role.FROM)), ("To", addrs(Role.TO)), ("Cc", addrs(Role.CC))]
    headers += [
        ("Date", format_datetime(it.at)),
        ("Message-ID", it.message_id or f"<demo-{n}@tessellate.example>"),
    ]
    if it.in_reply_to:
        headers += [("In-Reply-To", it.in_reply_to), ("References", it.in_reply_to)]
    headers += [("Subject", it.subject or ""), ("MIME-Version", "1.0")]
    headers += [("Content-Type", 'text/plain; charset="utf-8"'), ("Content-Transfer-Encoding", "8bit")]
    greeting = "all" if it.group_size > 1 else _greet(net, it)
    body = f"Hi {greeting},\n\n{BODIES[n % len(BODIES)]}\n\nBest,\n{_split(sender.name)[0]}\n"
    envelope = f"From {email_of(sender) or 'unknown@invalid.example'} {time.asctime(it.at.timetuple())}\n"
    return envelope + "".join(f"{k}: {v}\n" for k, v in headers if v) + "\n" + body


def _greet(net: DemoNetwork, it: Interaction) -> str:
    to = next((p.person_id for p in it.participants if p.role is Role.TO), OWNER_ID)
    return _split(net.person(to).name)[0]
