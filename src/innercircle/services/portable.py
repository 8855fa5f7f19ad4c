"""Exports other programs read: vCard 3.0 of the people, CSV of the people and of the interactions."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable

from innercircle.core.model import Detail, IdentityKind, IdentityRef, Person, Role
from innercircle.core.plain import formula_safe
from innercircle.services.runtime.workspace import Tx
from innercircle.store import details as details_store
from innercircle.store import identities, interactions
from innercircle.store import people as people_store

PEOPLE_COLUMNS = (
    "id",
    "name",
    "org",
    "title",
    "location",
    "emails",
    "phones",
    "linkedin",
    "other_ids",
    "tags",
    "notes",
    "details",
    "tier_pin",
    "closeness",
    "cadence_days",
    "archived",
    "connected_at",
    "created_at",
)

# the generic interactions CSV of DESIGN §1 (re-importable), then what only innercircle knows
INTERACTION_COLUMNS = (
    "timestamp",
    "from",
    "to",
    "channel",
    "duration_s",
    "id",
    "subject",
    "direction",
    "cc",
    "note",
    "source",
    "group_size",
)


def _everyone(tx: Tx) -> list[Person]:
    ids = identities.all_identities(tx.conn)
    people = people_store.list_people(tx.conn, include_archived=True, include_me=False)
    for p in people:
        p.identities = ids.get(p.id or 0, [])
    return people


def _details_by_person(tx: Tx) -> dict[int, list[Detail]]:
    out: dict[int, list[Detail]] = {}
    for d in details_store.all_details(tx.conn):
        out.setdefault(d.person_id, []).append(d)
    return out


def _of(idents: Iterable[IdentityRef], kind: IdentityKind) -> list[str]:
    return [i.value for i in idents if i.kind is kind]


# ---------------------------------------------------------------- vCard 3.0 (RFC 2426)


def _esc(value: str) -> str:
    return (
        value.replace("\\", "\\\\")
        .replace(";", "\\;")
        .replace(",", "\\,")
        .replace("\r\n", "\\n")
        .replace("\n", "\\n")
        .replace("\r", "\\n")
    )


def _fold(line: str) -> str:
    """Lines longer than 75 octets continue on the next line after a space (never inside a character)."""
    parts: list[str] = []
    current = ""
    size = 0
    for ch in line:
        n = len(ch.encode("utf-8"))
        if size + n > (75 if not parts else 74):
            parts.append(current)
            current, size = "", 0
        current += ch
        size += n
    parts.append(current)
    return "\r\n ".join(parts)


def _name_parts(name: str) -> str:
    words = name.split()
    if len(words) < 2:
        return f"{_esc(name)};;;;"
    return f"{_esc(words[-1])};{_esc(' '.join(words[:-1]))};;;"


def _card(p: Person, details: list[Detail]) -> list[str]:
    lines = ["BEGIN:VCARD", "VERSION:3.0", f"FN:{_esc(p.name)}", f"N:{_name_parts(p.name)}"]
    if p.org:
        lines.append(f"ORG:{_esc(p.org)}")
    if p.title:
        lines.append(f"TITLE:{_esc(p.title)}")
    lines += [f"EMAIL;TYPE=INTERNET:{_esc(v)}" for v in _of(p.identities, IdentityKind.EMAIL)]
    lines += [f"TEL:{_esc(v)}" for v in _of(p.identities, IdentityKind.PHONE)]
    lines += [f"URL:{_esc(v)}" for v in _of(p.identities, IdentityKind.LINKEDIN)]
    lines += [f"X-INNERCIRCLE-HANDLE:{_esc(v)}" for v in _of(p.identities, IdentityKind.HANDLE)]
    if p.location:
        lines.append(f"ADR:;;;{_esc(p.location)};;;")
    if p.tags:
        lines.append("CATEGORIES:" + ",".join(_esc(t) for t in p.tags))
    birthday = next((d for d in details if d.kind == "birthday" and d.on is not None), None)
    if birthday is not None and birthday.on is not None:
        lines.append(f"BDAY:{birthday.on.isoformat()}")
    notes = [p.notes] if p.notes else []
    notes += [f"{d.kind}: {d.text}" if d.kind != "note" else d.text for d in details]
    if notes:
        lines.append("NOTE:" + _esc("\n".join(notes)))
    lines += [f"X-INNERCIRCLE-ID:{p.id}", "END:VCARD"]
    return [_fold(line) for line in lines]


def export_vcard(tx: Tx) -> str:
    """Every person (not the user, not merged away) as vCard 3.0, CRLF line endings."""
    details = _details_by_person(tx)
    lines: list[str] = []
    for p in _everyone(tx):
        lines += _card(p, details.get(p.id or 0, []))
    return "".join(line + "\r\n" for line in lines)


# ---------------------------------------------------------------- CSV


class _SafeWriter:
    """A CSV writer whose text cells never start a spreadsheet formula (``=``, ``+``, ``-``, ``@``, tab,
    CR get a leading apostrophe; :func:`innercircle.core.plain.formula_unsafe` undoes it on import).
    Numbers are written as numbers: a spreadsheet reads ``-3`` as minus three, not as a formula."""

    def __init__(self, buf: io.StringIO) -> None:
        self._w = csv.writer(buf, lineterminator="\n")

    def writerow(self, row: Iterable[object]) -> None:
        self._w.writerow([formula_safe(v) if isinstance(v, str) else v for v in row])


def _iso(value: object) -> str:
    return "" if value is None else value.isoformat() if hasattr(value, "isoformat") else str(value)


def export_people_csv(tx: Tx) -> str:
    """One row per person; several values in a cell are separated by ``;``."""
    details = _details_by_person(tx)
    buf = io.StringIO()
    w = _SafeWriter(buf)
    w.writerow(PEOPLE_COLUMNS)
    for p in _everyone(tx):
        known = (IdentityKind.EMAIL, IdentityKind.PHONE, IdentityKind.LINKEDIN)
        other = [f"{i.kind}:{i.value}" for i in p.identities if i.kind not in known]
        w.writerow(
            [
                p.id,
                p.name,
                p.org or "",
                p.title or "",
                p.location or "",
                ";".join(_of(p.identities, IdentityKind.EMAIL)),
                ";".join(_of(p.identities, IdentityKind.PHONE)),
                ";".join(_of(p.identities, IdentityKind.LINKEDIN)),
                ";".join(other),
                ";".join(p.tags),
                p.notes or "",
                ";".join(f"{d.kind}: {d.text}" for d in details.get(p.id or 0, [])),
                p.tier_pin or "",
                "" if p.closeness is None else p.closeness,
                "" if p.cadence_days is None else p.cadence_days,
                "yes" if p.archived else "",
                _iso(p.connected_at),
                _iso(p.created_at),
            ]
        )
    return buf.getvalue()


def _label(person: Person | None, pid: int) -> str:
    """How a participant is written: their first email, else phone, else any identity, else name."""
    if person is None:
        return f"person:{pid}"
    for kind in (IdentityKind.EMAIL, IdentityKind.PHONE, IdentityKind.LINKEDIN, IdentityKind.HANDLE):
        hits = _of(person.identities, kind)
        if hits:
            return hits[0]
    return person.identities[0].value if person.identities else person.name


def export_interactions_csv(tx: Tx) -> str:
    """One row per interaction, in the generic interactions CSV layout (``import --format interactions``)."""
    people = {p.id: p for p in _everyone(tx)}
    owner = people_store.get_owner(tx.conn)
    if owner is not None and owner.id is not None:
        people[owner.id] = owner
    buf = io.StringIO()
    w = _SafeWriter(buf)
    w.writerow(INTERACTION_COLUMNS)
    for it in interactions.all_interactions(tx.conn):
        by_role: dict[Role, list[str]] = {}
        for part in it.participants:
            by_role.setdefault(part.role, []).append(_label(people.get(part.person_id), part.person_id))
        senders = by_role.get(Role.FROM, []) + by_role.get(Role.ORGANIZER, [])
        receivers = by_role.get(Role.TO, []) + by_role.get(Role.ATTENDEE, [])
        w.writerow(
            [
                _iso(it.at),
                ";".join(senders),
                ";".join(receivers),
                str(it.channel),
                "" if it.duration_s is None else it.duration_s,
                it.source_id or f"{it.source}:{it.id}",
                it.subject or "",
                str(it.direction),
                ";".join(by_role.get(Role.CC, [])),
                it.note or "",
                it.source,
                it.group_size,
            ]
        )
    return buf.getvalue()
