"""Address-book CSVs: Google Contacts (old and new headers) and Outlook; the encoding is detected."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

from innercircle.core.errors import ParseError
from innercircle.core.model import IdentityKind, IdentityRef
from innercircle.core.records import CardRecord, DetailRecord, PartyRef, RecordWarning
from innercircle.importers.base import Item, Options, csv_rows, read_text
from innercircle.importers.identity import email_ref, normalize_linkedin, phone_ref
from innercircle.importers.limits import MAX_IDENTITIES_PER_RECORD
from innercircle.importers.when import parse_day

_EMPTY_DATES = ("", "0/0/00", "0/0/0000", "00/00/0000")


def _cols(head: str) -> set[str]:
    first = head.lstrip("\ufeff").splitlines()[0] if head.strip() else ""
    return {c.strip().strip('"') for c in first.split(",")}


def sniff_google(head: str) -> bool:
    """Google's headers: ``Given Name``/``Group Membership`` (old) or ``Labels`` + ``E-mail 1 - Value``."""
    cols = _cols(head)
    return {"Given Name", "Family Name"} <= cols or {"Labels", "E-mail 1 - Value"} <= cols


def sniff_outlook(head: str) -> bool:
    """Outlook's headers: ``E-mail Address`` with ``Job Title`` or ``Business Phone``."""
    cols = _cols(head)
    return "E-mail Address" in cols and ("Job Title" in cols or "Business Phone" in cols)


def _multi(v: str) -> list[str]:
    return [x.strip() for x in v.split(":::") if x.strip()]


def _idents(
    emails: list[str], phones: list[str], sites: list[str], opts: Options, label: str, line: int
) -> list[IdentityRef]:
    given = len(emails) + len(phones) + len(sites)
    if given > MAX_IDENTITIES_PER_RECORD:
        raise ParseError(
            label,
            f"the contact lists {given:,} addresses, numbers and web pages, more than the "
            f"{MAX_IDENTITIES_PER_RECORD:,} one contact may have; refused",
            line=line,
        )
    found: dict[IdentityRef, None] = {}  # in order, each once
    for e in emails:
        if ref := email_ref(e):
            found.setdefault(ref)
    for p in phones:
        if ref := phone_ref(p, opts.region):
            found.setdefault(ref)
    out = list(found)
    for s in sites:
        if url := normalize_linkedin(s):
            out.append(IdentityRef(IdentityKind.LINKEDIN, url, s))
    return out


def _numbered(row: dict[str, str], pattern: str) -> list[str]:
    rx = re.compile(pattern)
    return [x for k, v in row.items() if rx.fullmatch(k) for x in _multi(v)]


def _day(kind: str, value: str, label: str, line: int) -> list[DetailRecord]:
    if value.strip() in _EMPTY_DATES:
        return []
    day = parse_day(value)
    if day is None:
        raise ParseError(label, f"{kind}: not a date: {value!r}", line=line)
    shown = day.strftime("%m-%d") if day.year == 1604 else day.isoformat()
    return [DetailRecord(text=f"{kind} {shown}", kind=kind, on=day)]


def parse_google(path: Path, opts: Options) -> Iterator[Item]:
    """Each row of a Google Contacts export as a contact."""
    label = str(path)
    text = read_text(path)
    if not sniff_google(text):
        raise ParseError(label, "not a Google Contacts CSV (unexpected header)", line=1)
    for line, r in csv_rows(text, label):
        name = r.get("Name") or " ".join(
            x
            for x in (
                r.get("First Name") or r.get("Given Name", ""),
                r.get("Middle Name", ""),
                r.get("Last Name") or r.get("Family Name", ""),
            )
            if x
        )
        idents = _idents(
            _numbered(r, r"E-mail \d+ - Value"),
            _numbered(r, r"Phone \d+ - Value"),
            _numbered(r, r"Website \d+ - Value"),
            opts,
            label,
            line,
        )
        labels = r.get("Labels") or r.get("Group Membership", "")
        tags = [t.lstrip("* ").strip() for t in _multi(labels)]
        yield _contact(
            name,
            idents,
            label,
            line,
            org=r.get("Organization Name") or r.get("Organization 1 - Name"),
            title=r.get("Organization Title") or r.get("Organization 1 - Title"),
            city=r.get("Address 1 - City"),
            tags=[t for t in tags if t.lower() not in ("mycontacts", "")],
            notes=r.get("Notes"),
            details=_day("birthday", r.get("Birthday", ""), label, line),
        )


def parse_outlook(path: Path, opts: Options) -> Iterator[Item]:
    """Each row of an Outlook contacts export as a contact."""
    label = str(path)
    text = read_text(path)
    if not sniff_outlook(text):
        raise ParseError(label, "not an Outlook contacts CSV (unexpected header)", line=1)
    for line, r in csv_rows(text, label):
        name = " ".join(
            x for x in (r.get("First Name", ""), r.get("Middle Name", ""), r.get("Last Name", "")) if x
        )
        phones = [v for k, v in r.items() if "Phone" in k and v]
        idents = _idents(
            [r.get("E-mail Address", ""), r.get("E-mail 2 Address", ""), r.get("E-mail 3 Address", "")],
            phones,
            [r.get("Web Page", "")],
            opts,
            label,
            line,
        )
        yield _contact(
            name,
            idents,
            label,
            line,
            org=r.get("Company"),
            title=r.get("Job Title"),
            city=r.get("Business City") or r.get("Home City"),
            tags=[t.strip() for t in r.get("Categories", "").replace(";", ",").split(",") if t.strip()],
            notes=r.get("Notes"),
            details=_day("birthday", r.get("Birthday", ""), label, line)
            + _day("anniversary", r.get("Anniversary", ""), label, line),
        )


def _contact(
    name: str,
    idents: list[IdentityRef],
    label: str,
    line: int,
    *,
    org: str | None,
    title: str | None,
    city: str | None,
    tags: list[str],
    notes: str | None,
    details: list[DetailRecord],
) -> Item:
    name = " ".join(name.split()) or (org or "").strip() or next((i.raw for i in idents), "")
    if not name:
        return RecordWarning(f"{label}:{line}", "contact without a name, email or phone")
    return CardRecord(
        party=PartyRef(tuple(idents), name),
        org=org or None,
        title=title or None,
        location=city or None,
        tags=tags,
        notes=notes or None,
        details=details,
        where=f"{label}:{line}",
    )
