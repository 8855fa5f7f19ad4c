"""What every parser shares: options, reading text safely, CSV rows with line numbers."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime, tzinfo
from pathlib import Path

from charset_normalizer import from_bytes

from innercircle.core.errors import ParseError
from innercircle.core.model import DEFAULT_REGION
from innercircle.core.plain import formula_unsafe
from innercircle.core.records import Record
from innercircle.importers.limits import MAX_FIELD_CHARS, MAX_TEXT_BYTES


@dataclass(frozen=True, slots=True)
class Options:
    """How to read a file: default phone region, the moment that bounds calendar expansion."""

    region: str = DEFAULT_REGION
    now: datetime = field(default_factory=lambda: datetime(2026, 1, 1, tzinfo=UTC))
    years_back: int = 3
    years_ahead: int = 1
    as_events: bool = False  # calendars: every entry is an event to triage, attendees or not
    zone: tzinfo = UTC  # the owner's zone: times written without one (WhatsApp, floating iCalendar) are local


@dataclass(slots=True)
class Skipped:
    """An item left out on purpose (a mailing list or no-reply mail): counted, not warned about."""

    where: str
    reason: str


Item = Record | Skipped
"""What a parser yields: a record, or an item left out on purpose."""


def decode(data: bytes, path: str) -> str:
    """Bytes → text: UTF-8 (with or without BOM) first, else the detected charset."""
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    elif data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return data.decode("utf-16")
        except UnicodeDecodeError as exc:
            raise ParseError(path, f"not valid UTF-16 text ({exc.reason})") from None
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    if b"\x00" in data[:4096]:
        raise ParseError(path, "binary data, not a text file")
    if _mostly_latin(data):
        return data.decode("cp1252", "replace")
    best = from_bytes(data[:200_000]).best()
    encoding = best.encoding if best is not None else "cp1252"
    try:
        return data.decode(encoding)
    except (UnicodeDecodeError, LookupError):
        return data.decode("latin-1")


def _mostly_latin(data: bytes) -> bool:
    """Windows-1252 when accents are sparse among ASCII letters (Western text); detection guesses
    badly on short files, and Cyrillic or Greek in 8-bit code pages is mostly non-ASCII letters."""
    sample = data[:200_000]
    high = sum(1 for b in sample if b >= 0x80)
    letters = sum(1 for b in sample if 65 <= b <= 90 or 97 <= b <= 122)
    return high > 0 and high < 0.3 * (letters + high)


def read_bytes(path: Path, limit: int = MAX_TEXT_BYTES) -> bytes:
    """A whole file, refused when larger than ``limit`` (checked before it is read, and while it is)."""
    try:
        with path.open("rb") as fh:
            data = fh.read(limit + 1)
    except OSError as exc:
        raise ParseError(str(path), f"cannot read: {exc.strerror or exc}") from None
    if len(data) > limit:
        raise ParseError(str(path), f"larger than {limit >> 20} MB, the most this format reads; refused")
    return data


def read_text(path: Path) -> str:
    """A whole (small) text file, decoded."""
    return decode(read_bytes(path), str(path))


def too_long(what: str, size: int, limit: int) -> str:
    """The message for a value past a limit: what it was, how long, and the limit."""
    return f"{what} is {size:,} characters long, more than the {limit:,} this importer reads; refused"


def csv_rows(text: str, path: str, skip_preamble: bool = False) -> Iterator[tuple[int, dict[str, str]]]:
    """Rows of a CSV with a header as (line number, column → value); strict about shape."""
    lines = io.StringIO(text, newline="")
    reader = csv.reader(lines, strict=True)
    header: list[str] | None = None
    line = 0
    try:
        for row in reader:
            start = line + 1
            line = reader.line_num
            if not any(c.strip() for c in row):
                continue
            if header is None:
                if skip_preamble and _is_preamble(row):
                    continue
                header = [h.strip().lstrip("\ufeff") for h in row]
                continue
            if len(row) != len(header):
                raise ParseError(path, f"row has {len(row)} fields, the header has {len(header)}", line=start)
            longest = max(row, key=len)
            if len(longest) > MAX_FIELD_CHARS:
                column = header[row.index(longest)]
                raise ParseError(
                    path, too_long(f"field {column!r}", len(longest), MAX_FIELD_CHARS), line=start
                )
            # a cell our own CSV export marked as text (an apostrophe before =, +, -, @) reads back as
            # the value it was
            yield start, {h: formula_unsafe(v).strip() for h, v in zip(header, row, strict=True)}
    except csv.Error as exc:
        if "field limit" in str(exc):  # the csv module's own cap, a little above ours
            raise ParseError(
                path, f"a field longer than {MAX_FIELD_CHARS:,} characters; refused", line=line + 1
            ) from None
        raise ParseError(path, f"malformed CSV ({exc})", line=line + 1) from None
    if header is None:
        raise ParseError(path, "empty file: no header row")


def _is_preamble(row: list[str]) -> bool:
    first = row[0].strip().lower()
    return len(row) == 1 or first.startswith(("notes:", "when exporting"))


_COMPANY = frozenset(
    [
        "inc",
        "inc.",
        "ltd",
        "ltd.",
        "llc",
        "gmbh",
        "ag",
        "co",
        "co.",
        "corp",
        "corp.",
        "plc",
        "sa",
        "s.a.",
        "bv",
    ]
)


def display_name(raw: str) -> str:
    """``Smith, Bob`` (Outlook's order) → ``Bob Smith``; anything else as written, spaces tidied."""
    text = " ".join(raw.split()).strip("'\" ")
    last, comma, first = text.partition(",")
    if not comma or not first.strip() or "," in first or first.strip().lower() in _COMPANY:
        return text
    words = last.split(), first.split()
    short = all(1 <= len(w) <= 2 for w in words)
    if short and all(w.replace("-", "").replace(".", "").isalpha() for w in words[0] + words[1]):
        return f"{first.strip()} {last.strip()}"
    return text


def head(path: Path, size: int = 4096) -> bytes:
    """The first bytes of a file (empty when unreadable)."""
    try:
        with path.open("rb") as fh:
            return fh.read(size)
    except OSError:
        return b""
