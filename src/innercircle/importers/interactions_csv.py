"""The generic interactions CSV (DESIGN §1): timestamp, from, to[, channel, duration_s, id, subject]."""

from __future__ import annotations

from collections.abc import Iterator
from email.utils import parseaddr
from pathlib import Path

from innercircle.core.errors import ParseError
from innercircle.core.model import Channel, IdentityKind, Role
from innercircle.core.records import InteractionRecord, PartyRef
from innercircle.importers.base import Item, Options, csv_rows, read_text
from innercircle.importers.identity import parse_identity
from innercircle.importers.when import parse_datetime

REQUIRED = ("timestamp", "from", "to")


def sniff(head: str) -> bool:
    """True when the header row names the required columns."""
    first = head.lstrip("\ufeff").splitlines()[0] if head.strip() else ""
    cols = {c.strip().strip('"').lower() for c in first.split(",")}
    return all(c in cols for c in REQUIRED)


def parse(path: Path, opts: Options) -> Iterator[Item]:
    """Every row as an interaction; a bad row rejects the file, naming the row."""
    name = str(path)
    for line, raw in csv_rows(read_text(path), name):
        row = {k.lower(): v for k, v in raw.items()}
        missing = [c for c in REQUIRED if c not in row]
        if missing:
            raise ParseError(name, f"missing column {missing[0]!r} (needs timestamp, from, to)", line=1)
        yield _record(row, name, line, opts)


def _record(row: dict[str, str], name: str, line: int, opts: Options) -> InteractionRecord:
    at = parse_datetime(row["timestamp"], opts.zone)
    if at is None:
        raise ParseError(name, f"not a timestamp: {row['timestamp']!r}", line=line)
    channel_text = (row.get("channel") or "message").lower()
    try:
        channel = Channel(channel_text)
    except ValueError:
        raise ParseError(name, f"unknown channel {channel_text!r}", line=line) from None
    duration = None
    if row.get("duration_s"):
        try:
            duration = int(float(row["duration_s"]))
        except ValueError:
            raise ParseError(name, f"duration_s is not a number: {row['duration_s']!r}", line=line) from None
        if duration < 0:
            raise ParseError(name, "duration_s is negative", line=line)
    sender = row["from"].strip()
    targets = [t.strip() for t in row["to"].split(";") if t.strip()]
    if not sender:
        raise ParseError(name, "empty 'from'", line=line)
    if not targets:
        raise ParseError(name, "empty 'to'", line=line)
    parties = [(_party(sender, opts), Role.FROM)] + [(_party(t, opts), Role.TO) for t in targets]
    return InteractionRecord(
        at=at,
        channel=channel,
        parties=parties,
        duration_s=duration,
        subject=row.get("subject") or None,
        source_id=row.get("id") or None,
        where=f"line {line}",
    )


def _party(text: str, opts: Options) -> PartyRef:
    ident = parse_identity(text, opts.region)
    if ident.kind is IdentityKind.HANDLE:
        return PartyRef(identities=(ident,), name=text)
    display = parseaddr(text)[0].strip() if ident.kind is IdentityKind.EMAIL else ""
    return PartyRef(identities=(ident,), name=display or None)
