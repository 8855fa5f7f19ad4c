"""Mail archives (mbox, Maildir, single messages): streamed, headers only, defensive about every header.

``from_headers`` turns one message's header lines into a record; the file readers here and the IMAP sync
(sync/imap.py) both go through it, so a message is the same interaction whichever way it came in.
"""

from __future__ import annotations

import hashlib
import os
import re
from collections.abc import Iterator
from datetime import UTC, datetime
from email.header import decode_header, make_header
from email.utils import getaddresses, parsedate_to_datetime
from pathlib import Path
from typing import BinaryIO

from innercircle.core.errors import ParseError
from innercircle.core.model import Channel, IdentityKind, IdentityRef, Role
from innercircle.core.records import InteractionRecord, PartyRef, RecordWarning
from innercircle.importers.base import Item, Options, Skipped, display_name
from innercircle.importers.identity import is_address
from innercircle.importers.limits import MAX_HEADER_BYTES

WANTED = frozenset(
    [
        "from",
        "to",
        "cc",
        "bcc",
        "date",
        "message-id",
        "in-reply-to",
        "subject",
        "list-id",
        "list-unsubscribe",
        "precedence",
        "auto-submitted",
        "received",
    ]
)
_SEPARATOR = re.compile(rb"^From \S*\s.*\d{1,2}:\d{2}")
_HEADER_LINE = re.compile(rb"^[!-9;-~]+:")
_NOREPLY = re.compile(
    r"^(no[-_.]?reply|do[-_.]?not[-_.]?reply|mailer-daemon|postmaster|bounces?|notifications?)([-+_.].*)?@"
)
_MAIL_HEADS = (b"from:", b"date:", b"received:", b"message-id:", b"return-path:", b"to:", b"subject:")


def looks_like_message(head: bytes) -> bool:
    """True when the bytes start like an RFC 822 message (headers, one of them a mail header)."""
    lines = head.lstrip().splitlines()[:40]
    if not lines or not _HEADER_LINE.match(lines[0]):
        return False
    return any(line.lower().startswith(_MAIL_HEADS) for line in lines)


def sniff_mbox(head: bytes) -> bool:
    """True for an mbox (``From `` separator first) or a single message."""
    return bool(_SEPARATOR.match(head.lstrip(b"\r\n"))) or looks_like_message(head)


def parse_mbox(path: Path, opts: Options) -> Iterator[Item]:
    """Each message of an mbox file (or a single message file), streamed."""
    name = str(path)
    count = 0
    try:
        fh = path.open("rb")
    except OSError as exc:
        raise ParseError(name, f"cannot read: {exc.strerror or exc}") from None
    with fh:
        first = fh.read(4096)
        fh.seek(0)
        if not sniff_mbox(first):
            raise ParseError(name, "not an mbox or mail message (no 'From ' line or mail headers)", line=1)
        for line, sep, headers in _mbox_chunks(fh):
            count += 1
            if headers is None:
                yield RecordWarning(
                    f"line {line}", f"headers longer than {MAX_HEADER_BYTES >> 20} MB; left out"
                )
                continue
            yield from_headers(headers, f"line {line}", sep)
    if count == 0:
        raise ParseError(name, "no messages found")


def _mbox_chunks(fh: BinaryIO) -> Iterator[tuple[int, bytes, list[bytes] | None]]:
    """(line of the message start, its ``From `` line, its header lines or None when they are longer
    than ``MAX_HEADER_BYTES``), reading line by line; a line longer than that is read in pieces."""
    in_headers = False
    prev_blank = True
    start, sep, headers, size = 0, b"", list[bytes](), 0
    lineno = following = 1
    for line in iter(lambda: fh.readline(MAX_HEADER_BYTES), b""):
        lineno = following
        following += line.endswith(b"\n")
        if prev_blank and line.startswith(b"From ") and _SEPARATOR.match(line):
            if start:
                yield start, sep, headers if size <= MAX_HEADER_BYTES else None
            start, sep, headers, size, in_headers = lineno, line, [], 0, True
            prev_blank = False
            continue
        if not start:  # a single message without a From_ line
            start, in_headers = lineno, True
        stripped = line.rstrip(b"\r\n")
        prev_blank = not stripped
        if in_headers:
            if prev_blank:
                in_headers = False
            elif size <= MAX_HEADER_BYTES:
                size += len(line)
                headers.append(stripped)
    if start:
        yield start, sep, headers if size <= MAX_HEADER_BYTES else None


def sniff_maildir(path: Path) -> bool:
    """True for a folder holding cur/ or new/, or mail files."""
    if (path / "cur").is_dir() or (path / "new").is_dir():
        return True
    for _p, f in zip(range(20), _maildir_files(path), strict=False):
        try:
            with f.open("rb") as fh:
                if looks_like_message(fh.read(2048)):
                    return True
        except OSError:
            continue
    return False


def _maildir_files(root: Path) -> Iterator[Path]:
    for dirpath, dirnames, filenames in os.walk(root):
        dirnames[:] = sorted(d for d in dirnames if d != "tmp" and not d.startswith("."))
        for fn in sorted(filenames):
            if fn.startswith(".") or fn.startswith("dovecot") or fn in ("maildirfolder", "subscriptions"):
                continue
            yield Path(dirpath) / fn


def parse_maildir(path: Path, opts: Options) -> Iterator[Item]:
    """Each message file under a Maildir (cur/, new/, nested folders; missing new/ or tmp/ is fine)."""
    if not path.is_dir():
        raise ParseError(str(path), "not a folder (a Maildir is a folder)")
    count = 0
    for f in _maildir_files(path):
        rel = str(f.relative_to(path))
        try:
            headers = _read_headers(f)
        except OSError as exc:
            yield RecordWarning(rel, f"cannot read: {exc.strerror or exc}")
            continue
        if headers is None:
            yield RecordWarning(rel, "not a mail message")
            continue
        count += 1
        yield from_headers(headers, rel)
    if count == 0:
        raise ParseError(str(path), "no mail messages found in this folder")


def _read_headers(f: Path) -> list[bytes] | None:
    with f.open("rb") as fh:
        data = b""
        while b"\n\n" not in data and b"\r\n\r\n" not in data:
            chunk = fh.read(16384)
            if not chunk:
                break
            data += chunk
            if len(data) > MAX_HEADER_BYTES:
                break
    if not looks_like_message(data[:4096]):
        return None
    block = re.split(rb"\r?\n\r?\n", data, maxsplit=1)[0]
    lines = block.splitlines()
    if lines and lines[0].startswith(b"From ") and not lines[0].startswith(b"From:"):
        lines = lines[1:]
    return lines


def _unfold(lines: list[bytes]) -> dict[str, list[str]]:
    parts: dict[str, list[list[str]]] = {}  # each header's pieces, joined once at the end (linear)
    key: str | None = None
    for raw in lines:
        if raw[:1] in (b" ", b"\t"):
            if key is not None and parts[key]:
                parts[key][-1].append(_text(raw).strip())
            continue
        k, colon, v = raw.partition(b":")
        if not colon:
            key = None
            continue
        name = k.strip().lower().decode("ascii", "replace")
        if name in WANTED:
            key = name
            parts.setdefault(name, []).append([_text(v).strip()])
        else:
            key = None
    return {name: [" ".join(p) for p in values] for name, values in parts.items()}


def _text(b: bytes) -> str:
    try:
        return b.decode("utf-8")
    except UnicodeDecodeError:
        return b.decode("latin-1")


def _decoded(value: str) -> str:
    if "=?" not in value:
        return value
    try:
        return str(make_header(decode_header(value)))
    except Exception:  # any malformed encoded word: keep the raw text
        return value


def _parties(values: list[str], role: Role) -> list[tuple[PartyRef, Role]]:
    out = []
    for display, addr in getaddresses(values):
        email = addr.strip().strip("<>").lower()
        if not is_address(email):
            continue
        name = display_name(_decoded(display)) or None
        out.append((PartyRef((IdentityRef(IdentityKind.EMAIL, email, addr),), name), role))
    return out


def from_headers(lines: list[bytes], where: str, sep: bytes = b"", received: datetime | None = None) -> Item:
    """One message's header lines (unfolded here) → an interaction, a skip (lists, bulk, no-reply) or a
    warning. The date is the Date header, else the mbox ``From `` line ``sep``, else the first Received
    header, else ``received`` (when the message reached the server, as IMAP's INTERNALDATE says)."""
    h = _unfold(lines)
    senders = _parties(h.get("from", []), Role.FROM)
    if not senders:
        raw = h.get("from", [""])[0]
        return RecordWarning(where, f"no sender address (From: {raw[:60]!r})")
    sender = senders[0][0].identities[0].value
    reason = _bulk_reason(h, sender)
    if reason:
        return Skipped(where, reason)
    at = _date(h.get("date", [""])[0], sep) or _date(h.get("received", [""])[0].rpartition(";")[2], b"")
    if at is None and received is not None:
        at = _date("", b"", received)
    if at is None:
        return RecordWarning(where, f"unreadable date {h.get('date', [''])[0][:60]!r}")
    recipients = _parties(h.get("to", []), Role.TO) + _parties(h.get("cc", []) + h.get("bcc", []), Role.CC)
    if not recipients:
        return RecordWarning(where, "no recipient address")
    mid = _msgid(h.get("message-id", [""])[0])
    subject = _decoded(h.get("subject", [""])[0])[:500] or None
    source_id = mid or "sha1:" + hashlib.sha1(f"{at.isoformat()}|{sender}|{subject}".encode()).hexdigest()
    return InteractionRecord(
        at=at,
        channel=Channel.EMAIL,
        parties=[senders[0], *recipients],
        subject=subject,
        source_id=source_id,
        message_id=mid,
        in_reply_to=_msgid(h.get("in-reply-to", [""])[0]),
        where=where,
    )


def _bulk_reason(h: dict[str, list[str]], sender: str) -> str | None:
    if "list-id" in h:
        return "mailing list"
    if "list-unsubscribe" in h:
        return "newsletter"
    if h.get("precedence", [""])[0].strip().lower() in ("bulk", "list", "junk"):
        return "bulk mail"
    auto = h.get("auto-submitted", [""])[0].strip().lower()
    if auto and auto != "no":
        return "automatic mail"
    if _NOREPLY.match(sender):
        return "no-reply sender"
    return None


def _date(value: str, sep: bytes, given: datetime | None = None) -> datetime | None:
    dt = given
    if value:
        try:
            dt = parsedate_to_datetime(value)
        except (TypeError, ValueError, IndexError, OverflowError):
            dt = None
    if dt is None and sep:
        parts = _text(sep).split()[2:7]
        try:
            dt = datetime.strptime(" ".join(parts), "%a %b %d %H:%M:%S %Y")
        except ValueError:
            return None
    if dt is None:
        return None
    if dt.tzinfo is None:
        dt = dt.replace(tzinfo=UTC)
    try:
        return dt.astimezone(UTC)
    except (OverflowError, ValueError):
        return None


def _msgid(value: str) -> str | None:
    m = re.search(r"<([^<>\s]+)>", value)
    if m:
        return m.group(1)[:490]
    v = value.strip()
    return v.split()[0][:490] if v else None
