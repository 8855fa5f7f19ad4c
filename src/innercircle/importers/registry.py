"""The built-in formats, listed once, and detection of a file's format from its content."""

from __future__ import annotations

import zipfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

from innercircle.core.errors import ParseError
from innercircle.importers import (
    contacts_csv,
    ics,
    interactions_csv,
    linkedin,
    mail,
    vcard,
    whatsapp,
)
from innercircle.importers.base import Item, Options, head


@dataclass(frozen=True, slots=True)
class Format:
    """A format users can name with ``--format``."""

    name: str
    description: str
    parse: Callable[[Path, Options], Iterator[Item]]
    folder: bool = False  # reads a whole folder as one import


FORMATS: dict[str, Format] = {
    f.name: f
    for f in (
        Format("linkedin", "LinkedIn data export (zip, folder, or its CSVs)", linkedin.parse, folder=True),
        Format("vcard", "vCard 2.1/3.0/4.0 address book (.vcf)", vcard.parse),
        Format("google-csv", "Google Contacts CSV", contacts_csv.parse_google),
        Format("outlook-csv", "Outlook contacts CSV", contacts_csv.parse_outlook),
        Format("ics", "iCalendar (.ics)", ics.parse),
        Format(
            "ics-events",
            "iCalendar of events to attend: every entry an event (event import)",
            ics.parse_events,
        ),
        Format("mbox", "mbox mail archive or a single message (.eml)", mail.parse_mbox),
        Format("maildir", "Maildir folder", mail.parse_maildir, folder=True),
        Format("interactions", "generic interactions CSV: timestamp, from, to, …", interactions_csv.parse),
        Format("whatsapp", "WhatsApp chat export (.txt)", whatsapp.parse),
    )
}


def get(name: str) -> Format:
    """A format by name; a clear error listing the known ones otherwise."""
    try:
        return FORMATS[name.lower()]
    except KeyError:
        raise ParseError(name, f"unknown format (one of: {', '.join(FORMATS)})") from None


def detect(path: Path) -> Format:
    """The format of a file or folder, from its content (never from its name alone)."""
    if path.is_dir():
        return _detect_folder(path)
    if not path.exists():
        raise ParseError(str(path), "no such file or folder")
    raw = head(path, 8192)
    if raw.startswith(b"PK") and zipfile.is_zipfile(path):
        try:
            with linkedin.open_zip(path) as zf:
                names = zf.namelist()
        except (zipfile.BadZipFile, OSError) as exc:
            raise ParseError(str(path), f"unreadable zip ({exc})") from None
        if linkedin.sniff_zip(names):
            return FORMATS["linkedin"]
        raise ParseError(str(path), "a zip that is not a LinkedIn export")
    text = _text(raw)
    for name, sniff in _TEXT_SNIFFERS:
        if sniff(text):
            return FORMATS[name]
    if mail.sniff_mbox(raw):
        return FORMATS["mbox"]
    raise ParseError(str(path), "unknown format; name it with --format (" + ", ".join(FORMATS) + ")")


def _text(raw: bytes) -> str:
    if raw.startswith(b"\xef\xbb\xbf"):
        raw = raw[3:]
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        return raw.decode("utf-16", "replace")
    return raw.decode("utf-8", "replace")


_TEXT_SNIFFERS: tuple[tuple[str, Callable[[str], bool]], ...] = (
    ("vcard", vcard.sniff),
    ("ics", ics.sniff),
    ("linkedin", lambda t: linkedin.kind_of(t) is not None),
    ("interactions", interactions_csv.sniff),
    ("google-csv", contacts_csv.sniff_google),
    ("outlook-csv", contacts_csv.sniff_outlook),
    ("whatsapp", whatsapp.sniff),
)


def _detect_folder(path: Path) -> Format:
    names = [p.name for p in path.iterdir()]
    if linkedin.sniff_zip(names):
        return FORMATS["linkedin"]
    if mail.sniff_maildir(path):
        return FORMATS["maildir"]
    raise ParseError(str(path), "a folder that is neither a LinkedIn export nor a Maildir")
