"""vCard 2.1/3.0/4.0 as real programs write them, read by a tolerant parser of our own.

Handles quoted-printable soft line breaks, CHARSET, bare TYPE parameters (``TEL;WORK;VOICE``),
``\\r\\r\\n`` line ends, Apple item groups (``item1.EMAIL`` + ``item1.X-ABLabel``), photos (skipped),
several cards per file.
"""

from __future__ import annotations

import quopri
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from innercircle.core.errors import ParseError
from innercircle.core.model import IdentityKind, IdentityRef
from innercircle.core.records import CardRecord, DetailRecord, PartyRef, RecordWarning
from innercircle.importers.base import Item, Options, read_text, too_long
from innercircle.importers.identity import email_ref, normalize_linkedin, phone_ref
from innercircle.importers.limits import MAX_FIELD_CHARS, MAX_IDENTITIES_PER_RECORD
from innercircle.importers.when import parse_day

_IDENTITIES = frozenset({"EMAIL", "TEL", "URL", "X-SOCIALPROFILE"})
_SKIP = frozenset({"PHOTO", "LOGO", "SOUND", "KEY", "X-ABUID", "PRODID", "REV", "UID", "VERSION"})


@dataclass(slots=True)
class Prop:
    """One content line: group, name, parameters (upper-cased names), decoded value."""

    group: str
    name: str
    params: dict[str, list[str]] = field(default_factory=dict)
    value: str = ""


def sniff(head: str) -> bool:
    """True when the text starts with a vCard."""
    return head.lstrip("\ufeff \r\n\t").upper().startswith("BEGIN:VCARD")


def parse(path: Path, opts: Options) -> Iterator[Item]:
    """Every card in the file as a contact; a file without a complete card is refused."""
    yield from parse_text(read_text(path), str(path), opts)


def parse_text(text: str, name: str, opts: Options) -> Iterator[Item]:
    """Every card in ``text`` (a file's, or one address-book entry's) as a contact; ``name`` for errors."""
    if not sniff(text):
        raise ParseError(name, "not a vCard file (no BEGIN:VCARD)", line=1)
    count = 0
    for start, props in _cards(_lines(text), name):
        count += 1
        idents = sum(1 for p in props if p.name in _IDENTITIES)
        if idents > MAX_IDENTITIES_PER_RECORD:
            raise ParseError(
                name,
                f"card {count} lists {idents:,} addresses, numbers and profiles, more than the "
                f"{MAX_IDENTITIES_PER_RECORD:,} one contact may have; refused",
                line=start,
            )
        rec = _card(props, opts, f"card {count} (line {start})")
        if rec is None:
            yield RecordWarning(f"line {start}", "card without a name, email or phone")
        else:
            yield rec
    if count == 0:
        raise ParseError(name, "no vCard found")


def _lines(text: str) -> list[tuple[int, str]]:
    """Physical lines → logical lines (unfolded, QP soft breaks joined) with their first line number.

    A logical line's pieces are joined once (linear): a photo folded over thousands of lines would
    otherwise be copied once per line."""
    raw = text.replace("\r\r\n", "\n").replace("\r\n", "\n").replace("\r", "\n").split("\n")
    out: list[tuple[int, list[str]]] = []
    i = 0
    while i < len(raw):
        line, start = raw[i], i + 1
        i += 1
        if line[:1] in (" ", "\t") and out:
            out[-1][1].append(line[1:])
            continue
        pieces = [line]
        if _is_qp(line):
            while pieces[-1].endswith("=") and i < len(raw):  # pieces after the first are never empty
                pieces[-1] = pieces[-1][:-1]  # the soft break's "=" goes, the next line joins
                if not pieces[-1] and len(pieces) > 1:
                    pieces.pop()
                if following := raw[i].lstrip(" \t"):
                    pieces.append(following)
                i += 1
        if line.strip():
            out.append((start, pieces))
    return [(start, "".join(pieces)) for start, pieces in out]


def _is_qp(line: str) -> bool:
    head = line.split(":", 1)[0].upper()
    return "QUOTED-PRINTABLE" in head


def _cards(lines: list[tuple[int, str]], name: str) -> Iterator[tuple[int, list[Prop]]]:
    props: list[Prop] | None = None
    start = 0
    depth = 0
    for lineno, line in lines:
        upper = line.strip().upper()
        if upper == "BEGIN:VCARD":
            if props is not None and depth == 0:
                raise ParseError(name, "a card starts before the previous one ended", line=lineno)
            if props is None:
                props, start, depth = [], lineno, 0
            else:
                depth += 1  # an embedded AGENT card: ignored
            continue
        if upper == "END:VCARD":
            if props is None:
                raise ParseError(name, "END:VCARD without BEGIN:VCARD", line=lineno)
            if depth:
                depth -= 1
                continue
            yield start, props
            props = None
            continue
        if props is None or depth:
            continue
        prop = _prop(line)
        if prop is not None:
            if len(prop.value) > MAX_FIELD_CHARS:
                raise ParseError(
                    name, too_long(f"{prop.name} value", len(prop.value), MAX_FIELD_CHARS), line=lineno
                )
            props.append(prop)
    if props is not None:
        raise ParseError(name, "the last card is not closed (no END:VCARD)", line=start)


def _prop(line: str) -> Prop | None:
    head, colon, value = line.partition(":")
    if not colon:
        return None
    parts = head.split(";")
    group, _dot, pname = parts[0].rpartition(".")
    pname = pname.strip().upper()
    if not pname or pname in _SKIP:
        return None
    params: dict[str, list[str]] = {}
    for p in parts[1:]:
        k, eq, v = p.partition("=")
        if eq:
            params.setdefault(k.strip().upper(), []).extend(x.strip('"') for x in v.split(","))
        elif k.strip():
            params.setdefault("TYPE", []).append(k.strip())  # vCard 2.1 bare TYPE
    return Prop(group.lower(), pname, params, _decode(value, params))


def _decode(value: str, params: dict[str, list[str]]) -> str:
    enc = [e.upper() for e in params.get("ENCODING", [])] + [t.upper() for t in params.get("TYPE", [])]
    charset = (params.get("CHARSET") or ["utf-8"])[0]
    if "QUOTED-PRINTABLE" in enc:
        data = quopri.decodestring(value.encode("utf-8", "surrogateescape"))
        try:
            return data.decode(charset)
        except (UnicodeDecodeError, LookupError, ValueError):  # ValueError: a NUL in the charset name
            return data.decode("latin-1")
    return value


def _unescape(v: str) -> str:
    return re.sub(r"\\([\\;,:nN])", lambda m: "\n" if m.group(1) in "nN" else m.group(1), v).strip()


def _split(v: str, sep: str = ";") -> list[str]:
    return [_unescape(p) for p in re.split(r"(?<!\\)" + re.escape(sep), v)]


def _card(props: list[Prop], opts: Options, where: str) -> CardRecord | None:
    by: dict[str, list[Prop]] = {}
    for p in props:
        by.setdefault(p.name, []).append(p)
    labels = {p.group: p.value for p in props if p.name == "X-ABLABEL" and p.group}
    found: dict[IdentityRef, None] = {}  # in order, each once
    for p in by.get("EMAIL", []):
        if e := email_ref(_unescape(p.value)):
            found.setdefault(e)
    for p in by.get("TEL", []):
        if t := phone_ref(_unescape(p.value), opts.region):
            found.setdefault(t)
    idents = list(found)
    for p in by.get("URL", []) + by.get("X-SOCIALPROFILE", []):
        if (u := normalize_linkedin(p.value)) is not None:
            idents.append(IdentityRef(IdentityKind.LINKEDIN, u, _unescape(p.value)))
    name = _name(by)
    if not name:
        name = next((i.raw for i in idents), "")
    if not name:
        return None
    org = _first(by, "ORG")
    return CardRecord(
        party=PartyRef(tuple(idents), name),
        org=_split(org)[0] or None if org else None,
        title=_unescape(_first(by, "TITLE")) or _unescape(_first(by, "ROLE")) or None,
        location=_location(by),
        tags=[t for p in by.get("CATEGORIES", []) for t in _split(p.value, ",") if t],
        notes="\n".join(_unescape(p.value) for p in by.get("NOTE", [])) or None,
        details=_details(by, labels),
        where=where,
    )


def _first(by: dict[str, list[Prop]], key: str) -> str:
    vals = by.get(key, [])
    return vals[0].value if vals else ""


def _name(by: dict[str, list[Prop]]) -> str:
    fn = _unescape(_first(by, "FN"))
    if fn:
        return " ".join(fn.split())
    n = _first(by, "N")
    if n:
        parts = (_split(n) + [""] * 5)[:5]
        return " ".join(x for x in (parts[3], parts[1], parts[2], parts[0], parts[4]) if x)
    org = _first(by, "ORG")
    return _split(org)[0] if org else ""


def _location(by: dict[str, list[Prop]]) -> str | None:
    for p in by.get("ADR", []):
        parts = (_split(p.value) + [""] * 7)[:7]
        city = ", ".join(x for x in (parts[3], parts[5]) if x)
        if city:
            return " ".join(city.split())
    return None


def _details(by: dict[str, list[Prop]], labels: dict[str, str]) -> list[DetailRecord]:
    out = []
    for key, kind in (
        ("BDAY", "birthday"),
        ("ANNIVERSARY", "anniversary"),
        ("X-MS-ANNIVERSARY", "anniversary"),
    ):
        for p in by.get(key, []):
            out.append(_dated(kind, _unescape(p.value)))
    for p in by.get("X-ABDATE", []):
        label = labels.get(p.group, "date").strip("_$!<>").lower() or "date"
        kind = "anniversary" if "anniversary" in label else "note"
        out.append(_dated(kind, _unescape(p.value), label))
    for p in by.get("X-ABRELATEDNAMES", []) + by.get("RELATED", []):
        label = labels.get(p.group, "") or ",".join(p.params.get("TYPE", []))
        rel = label.strip("_$!<>").lower() or "related"
        out.append(DetailRecord(text=f"{rel}: {_unescape(p.value)}", kind="family"))
    return out


def _dated(kind: str, value: str, label: str | None = None) -> DetailRecord:
    day = parse_day(value)
    what = label or kind
    if day is None:
        return DetailRecord(text=f"{what}: {value}", kind=kind)
    shown = day.strftime("%m-%d") if day.year == 1604 else day.isoformat()
    return DetailRecord(text=f"{what} {shown}", kind=kind, on=day)
