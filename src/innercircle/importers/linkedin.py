"""LinkedIn data exports: the zip, its unpacked folder, or single CSVs, in every vintage (2018–2026)."""

from __future__ import annotations

import hashlib
import zipfile
from collections.abc import Callable, Iterator
from datetime import datetime
from functools import partial
from pathlib import Path, PurePosixPath

from innercircle.core.errors import ParseError
from innercircle.core.model import Channel, IdentityKind, IdentityRef, Role
from innercircle.core.records import (
    ActivityRecord,
    CardRecord,
    InteractionRecord,
    OwnerFact,
    PartyRef,
    RecordWarning,
)
from innercircle.importers.base import Item, Options, csv_rows, decode, read_bytes, read_text
from innercircle.importers.identity import email_ref, normalize_linkedin, phone_ref
from innercircle.importers.limits import MAX_ARCHIVE_BYTES, MAX_ARCHIVE_MEMBERS, MAX_MEMBER_BYTES, MB
from innercircle.importers.when import parse_datetime

Rows = Iterator[tuple[int, dict[str, str]]]

# header signatures: the columns that identify each file, whatever the vintage
KINDS: dict[str, tuple[str, ...]] = {
    "connections": ("First Name", "Last Name", "Connected On"),
    "messages": ("FROM", "TO", "DATE", "CONTENT"),
    "messages_2018": ("From", "To", "Date", "Content", "Direction"),
    "invitations": ("From", "To", "Sent At", "Direction"),
    "shares": ("Date", "ShareLink"),
    "comments": ("Date", "Link", "Message"),
    "reactions": ("Date", "Type", "Link"),
    "positions": ("Company Name", "Title", "Started On"),
    "profile": ("First Name", "Last Name", "Headline"),
    "emails": ("Email Address", "Confirmed", "Primary"),
    "phones": ("Number", "Type"),
}
# the order a whole export is read in: the owner first, then people, then what they did
ORDER: tuple[str, ...] = ("profile", "emails", "phones", "positions", "connections", "invitations")
ORDER += ("messages", "messages_2018", "shares", "comments", "reactions")


def kind_of(header_text: str) -> str | None:
    """Which LinkedIn file a CSV is, from its header (a ``Notes:`` preamble is skipped)."""
    for line in header_text.lstrip("\ufeff").splitlines()[:8]:
        cols = {c.strip().strip('"') for c in line.split(",")}
        for kind, needed in KINDS.items():
            if all(n in cols for n in needed):
                return kind
    return None


def sniff_zip(names: list[str]) -> bool:
    """True when a zip's members are a LinkedIn export."""
    return any(PurePosixPath(n).name.lower() in ("connections.csv", "messages.csv") for n in names)


def parse(path: Path, opts: Options) -> Iterator[Item]:
    """A zip, a folder or one CSV of a LinkedIn export → records (owner facts first)."""
    if path.is_dir():
        files = sorted(path.rglob("*.csv"))
        if len(files) > MAX_ARCHIVE_MEMBERS:
            raise ParseError(str(path), f"{len(files):,} CSV files, more than an export has; refused")
        members: list[tuple[str, Callable[[], bytes]]] = [
            (p.relative_to(path).as_posix(), partial(read_bytes, p, MAX_MEMBER_BYTES)) for p in files
        ]
        yield from _export(str(path), members, opts)
    elif zipfile.is_zipfile(path):
        yield from _zip(path, opts)
    else:
        text = read_text(path)
        kind = kind_of(text[:4000])
        if kind is None:
            raise ParseError(str(path), "not a LinkedIn export file (unknown header)", line=1)
        yield from _file(kind, str(path), text, opts)


def _zip(path: Path, opts: Options) -> Iterator[Item]:
    try:
        with open_zip(path) as zf:
            infos = [i for i in zf.infolist() if i.filename.lower().endswith(".csv")]
            declared = sum(i.file_size for i in infos)
            if declared > MAX_ARCHIVE_BYTES:
                raise ParseError(str(path), _inflates(declared, MAX_ARCHIVE_BYTES, "its CSV files together"))
            budget = _Budget(MAX_ARCHIVE_BYTES)
            members = [(i.filename, _reader(zf, i, budget)) for i in infos]
            yield from _export(str(path), members, opts)
    # RuntimeError also covers unsupported compression methods (a subclass of it)
    except (zipfile.BadZipFile, OSError, EOFError, RuntimeError) as exc:
        raise ParseError(str(path), f"unreadable zip ({exc})") from None


def zip_entries(path: Path) -> int | None:
    """How many entries a zip says it holds, from its end record alone (None when there is none)."""
    try:
        with path.open("rb") as fh:
            size = fh.seek(0, 2)
            fh.seek(max(0, size - (1 << 16) - 22))
            tail = fh.read()
            at = tail.rfind(b"PK\x05\x06")
            if at < 0 or len(tail) < at + 22:
                return None
            entries = int.from_bytes(tail[at + 10 : at + 12], "little")
            locator = at - 20
            if entries == 0xFFFF and locator >= 0 and tail[locator : locator + 4] == b"PK\x06\x07":
                fh.seek(int.from_bytes(tail[locator + 8 : locator + 16], "little"))
                record = fh.read(56)
                if record[:4] == b"PK\x06\x06":
                    entries = int.from_bytes(record[32:40], "little")
            return entries
    except OSError:
        return None


def open_zip(path: Path) -> zipfile.ZipFile:
    """The zip, once its end record shows at most ``MAX_ARCHIVE_MEMBERS`` entries (listing a million
    entries would take hundreds of MB before the first one is read)."""
    entries = zip_entries(path)
    if entries is not None and entries > MAX_ARCHIVE_MEMBERS:
        raise ParseError(str(path), _too_many(entries))
    zf = zipfile.ZipFile(path)
    if len(zf.infolist()) > MAX_ARCHIVE_MEMBERS:  # an end record that lied
        zf.close()
        raise ParseError(str(path), _too_many(len(zf.infolist())))
    return zf


def _too_many(entries: int) -> str:
    return f"a zip of {entries:,} entries, more than the {MAX_ARCHIVE_MEMBERS:,} an export may have; refused"


def _inflates(size: int, limit: int, what: str) -> str:
    return (
        f"{what} inflate to {size / MB:,.0f} MB, more than the {limit // MB} MB allowed; refused (zip bomb?)"
    )


class _Budget:
    """What an archive's members may still inflate to, together (each member counted once, however
    often it is read): declared sizes are checked first, this holds when a header lies."""

    def __init__(self, left: int) -> None:
        self.left = left
        self.counted: set[int] = set()  # members by their offset in the zip


def _reader(zf: zipfile.ZipFile, info: zipfile.ZipInfo, budget: _Budget) -> Callable[[], bytes]:
    """Reads one member, refused past ``MAX_MEMBER_BYTES`` or past what the archive has left."""

    def read() -> bytes:
        where = f"{zf.filename}/{info.filename}"
        if info.file_size > MAX_MEMBER_BYTES:
            raise ParseError(where, _inflates(info.file_size, MAX_MEMBER_BYTES, "it would"))
        first = info.header_offset not in budget.counted
        limit = min(MAX_MEMBER_BYTES, budget.left) if first else MAX_MEMBER_BYTES
        with zf.open(info) as fh:
            data = fh.read(limit + 1)
        if len(data) > limit:
            what = "it would" if limit == MAX_MEMBER_BYTES else "the archive's CSV files together would"
            raise ParseError(where, _inflates(len(data), limit, what))
        if first:
            budget.counted.add(info.header_offset)
            budget.left -= len(data)
        return data

    return read


def _export(where: str, members: list[tuple[str, Callable[[], bytes]]], opts: Options) -> Iterator[Item]:
    """The export's files in ``ORDER``; each is read once to learn what it is and again to parse it,
    so only one file's text is in memory at a time."""
    found: list[tuple[int, str, str, Callable[[], bytes]]] = []
    for name, read in members:
        kind = kind_of(decode(read(), f"{where}/{name}")[:4000])
        if kind is not None:
            found.append((ORDER.index(kind), name, kind, read))
    if not any(k in ("connections", "messages", "messages_2018") for _o, _n, k, _r in found):
        raise ParseError(where, "not a LinkedIn export (no Connections.csv or messages.csv)")
    for _order, name, kind, read in sorted(found, key=lambda f: (f[0], f[1])):
        label = f"{where}/{name}"
        yield from _file(kind, label, decode(read(), label), opts)


def _file(kind: str, label: str, text: str, opts: Options) -> Iterator[Item]:
    rows = csv_rows(text, label, skip_preamble=kind == "connections")
    handler = _HANDLERS[kind]
    yield from handler(rows, label, opts)


def _when(value: str, label: str, line: int, column: str) -> datetime:
    at = parse_datetime(value)
    if at is None:
        raise ParseError(label, f"{column}: not a date: {value!r}", line=line)
    return at


def _person(name: str, url: str = "", email: str = "") -> PartyRef:
    idents: list[IdentityRef] = []
    if url and (u := normalize_linkedin(url)):
        idents.append(IdentityRef(IdentityKind.LINKEDIN, u, url))
    if email and (e := email_ref(email)):
        idents.append(e)
    return PartyRef(tuple(idents), " ".join(name.split()) or None)


def _connections(rows: Rows, label: str, opts: Options) -> Iterator[Item]:
    for line, r in rows:
        name = f"{r.get('First Name', '')} {r.get('Last Name', '')}".strip()
        party = _person(name, r.get("URL", ""), r.get("Email Address", ""))
        if not party.name and not party.identities:
            yield RecordWarning(
                f"{label}:{line}", "connection without a name (a member who hides their profile)"
            )
            continue
        when = r.get("Connected On", "")
        yield CardRecord(
            party=party,
            org=r.get("Company") or None,
            title=r.get("Position") or None,
            connected_at=_when(when, label, line, "Connected On") if when else None,
            where=f"{label}:{line}",
        )


def _split_names(text: str) -> list[str]:
    return [t.strip() for t in text.split(",") if t.strip()]


def _messages(rows: Rows, label: str, opts: Options) -> Iterator[Item]:
    rows_list = list(rows)
    owner: set[str] = set()
    for _line, r in rows_list:  # the owner first, so a message they received already knows them
        url = r.get("SENDER PROFILE URL", "")
        if r.get("FOLDER", "").upper() == "SENT" and url not in owner:
            owner.add(url)
            sender = _person(r.get("FROM", ""), url)
            if sender.identities:
                yield OwnerFact("identity", sender.name or "", sender.identities[0])
    for line, r in rows_list:
        if r.get("IS MESSAGE DRAFT", "").lower() in ("yes", "true"):
            continue
        at = _when(r.get("DATE", ""), label, line, "DATE")
        sender = _person(r.get("FROM", ""), r.get("SENDER PROFILE URL", ""))
        urls = [u for u in r.get("RECIPIENT PROFILE URLS", "").replace(";", ",").split(",") if u.strip()]
        names = _split_names(r.get("TO", ""))
        if len(urls) == len(names):
            to = [_person(n, u) for n, u in zip(names, urls, strict=True)]
        elif len(urls) == 1:
            to = [_person(r.get("TO", ""), urls[0])]
        else:
            to = [_person(n) for n in names] + [_person("", u) for u in urls if not names]
        if not (sender.name or sender.identities):
            raise ParseError(label, "message without a sender", line=line)
        key = f"{r.get('CONVERSATION ID', '')}|{at}|{r.get('FROM', '')}|{r.get('CONTENT', '')}"
        yield InteractionRecord(
            at=at,
            channel=Channel.MESSAGE,
            parties=[(sender, Role.FROM)] + [(p, Role.TO) for p in to if p.name or p.identities],
            subject=(r.get("SUBJECT") or r.get("CONVERSATION TITLE") or None),
            source_id="li:" + hashlib.sha1(key.encode()).hexdigest(),
            where=f"{label}:{line}",
        )


def _messages_2018(rows: Rows, label: str, opts: Options) -> Iterator[Item]:
    for line, r in rows:
        at = _when(r.get("Date", ""), label, line, "Date")
        sender = _person(r.get("From", ""))
        if not sender.name:
            raise ParseError(label, "message without a sender", line=line)
        if r.get("Direction", "").upper() == "OUTGOING":
            yield OwnerFact("name", sender.name)
        to = [_person(n) for n in _split_names(r.get("To", ""))]
        key = f"{at}|{r.get('From', '')}|{r.get('To', '')}|{r.get('Content', '')}"
        yield InteractionRecord(
            at=at,
            channel=Channel.MESSAGE,
            parties=[(sender, Role.FROM)] + [(p, Role.TO) for p in to],
            subject=r.get("Subject") or None,
            source_id="li:" + hashlib.sha1(key.encode()).hexdigest(),
            where=f"{label}:{line}",
        )


def _invitations(rows: Rows, label: str, opts: Options) -> Iterator[Item]:
    for line, r in rows:
        at = _when(r.get("Sent At", ""), label, line, "Sent At")
        sender = _person(r.get("From", ""), r.get("inviterProfileUrl", ""))
        invitee = _person(r.get("To", ""), r.get("inviteeProfileUrl", ""))
        if r.get("Direction", "").upper() == "OUTGOING" and sender.name:
            yield OwnerFact("name", sender.name, sender.identities[0] if sender.identities else None)
        elif r.get("Direction", "").upper() == "INCOMING" and invitee.name:
            yield OwnerFact("name", invitee.name, invitee.identities[0] if invitee.identities else None)
        key = f"{at}|{r.get('From', '')}|{r.get('To', '')}"
        yield InteractionRecord(
            at=at,
            channel=Channel.INVITATION,
            parties=[(sender, Role.FROM), (invitee, Role.TO)],
            subject=r.get("Message") or None,
            source_id="li-inv:" + hashlib.sha1(key.encode()).hexdigest(),
            where=f"{label}:{line}",
        )


def _activity(kind: str, text_col: str, url_col: str) -> Callable[[Rows, str, Options], Iterator[Item]]:
    def handler(rows: Rows, label: str, opts: Options) -> Iterator[Item]:
        for line, r in rows:
            at = _when(r.get("Date", ""), label, line, "Date")
            text = r.get(text_col, "")
            url = r.get(url_col) or None
            key = f"{kind}|{at}|{url}|{text}"
            yield ActivityRecord(
                kind=kind,
                at=at,
                text=text,
                url=url,
                source_id="li:" + hashlib.sha1(key.encode()).hexdigest(),
                where=f"{label}:{line}",
            )

    return handler


def _positions(rows: Rows, label: str, opts: Options) -> Iterator[Item]:
    for _line, r in rows:
        company, title = r.get("Company Name", ""), r.get("Title", "")
        span = f"{r.get('Started On', '')}–{r.get('Finished On', '') or 'now'}"
        yield OwnerFact("position", f"{title} at {company} ({span})")
        if not r.get("Finished On"):
            yield OwnerFact("org", company)
            yield OwnerFact("title", title)


def _profile(rows: Rows, label: str, opts: Options) -> Iterator[Item]:
    for _line, r in rows:
        name = f"{r.get('First Name', '')} {r.get('Last Name', '')}".strip()
        if name:
            yield OwnerFact("name", name)
        for key in ("Headline", "Industry", "Geo Location", "Summary"):
            if r.get(key):
                yield OwnerFact(key.lower().replace(" ", "_"), r[key])


def _emails(rows: Rows, label: str, opts: Options) -> Iterator[Item]:
    for _line, r in rows:
        if e := email_ref(r.get("Email Address", "")):
            yield OwnerFact("identity", e.value, e)


def _phones(rows: Rows, label: str, opts: Options) -> Iterator[Item]:
    for _line, r in rows:
        if p := phone_ref(r.get("Number", ""), opts.region):
            yield OwnerFact("identity", p.value, p)


_HANDLERS: dict[str, Callable[[Rows, str, Options], Iterator[Item]]] = {
    "connections": _connections,
    "messages": _messages,
    "messages_2018": _messages_2018,
    "invitations": _invitations,
    "shares": _activity("share", "ShareCommentary", "ShareLink"),
    "comments": _activity("comment", "Message", "Link"),
    "reactions": _activity("reaction", "Type", "Link"),
    "positions": _positions,
    "profile": _profile,
    "emails": _emails,
    "phones": _phones,
}
