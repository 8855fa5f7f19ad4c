"""People: finding them the way users name them, adding, editing and archiving them, pinning their
tier, and the owner's own record."""

from __future__ import annotations

import re
import shlex
from datetime import datetime

from innercircle.core.errors import AmbiguousError, NotFoundError, UnknownPersonError, UserInputError
from innercircle.core.model import IdentityKind, IdentityRef, Person
from innercircle.core.ties.tiers import TIERS
from innercircle.importers.identity import parse_identity
from innercircle.results.people import PersonRecord
from innercircle.results.records import Counts, OwnerIdentities, OwnIdentity
from innercircle.services.runtime.workspace import Tx
from innercircle.services.views import person_result
from innercircle.store import identities, interactions, people

MAX_ID = 2**31 - 1  # ids are the schema's Integer: 32 bits on PostgreSQL, 64 on SQLite


def row_id(text: str) -> int | None:
    """The id a user typed (ASCII digits only: ``int`` reads "²" and other digits too), or None when
    ``text`` is not one. An id larger than any the database holds is 0, which no row has: a lookup finds
    nothing instead of overflowing the database's integer."""
    t = text.strip()
    if not (t.isascii() and t.isdigit()):
        return None
    return int(t) if int(t) <= MAX_ID else 0


def resolve_person(tx: Tx, text: str) -> Person:
    """A person by id, email/phone/URL, exact name, part of a name, or a close spelling."""
    needle = text.strip()
    if not needle:
        raise UserInputError("no person given")
    if (pid := row_id(needle)) is not None:
        p = people.get_person(tx.conn, pid)
        if p is None or p.is_me:
            raise NotFoundError(f"no person with id {needle}")
        return p
    ident = parse_identity(needle, tx.ws.region)
    if ident.kind is not IdentityKind.HANDLE or needle.startswith("@"):
        pid = identities.person_for_identity(tx.conn, ident)
        if pid is not None and (p := people.get_person(tx.conn, pid)) is not None and not p.is_me:
            return p
        if ident.kind is not IdentityKind.HANDLE:
            raise _unknown(tx, needle, f"no person with {ident.kind} {ident.value}", ident)
    owner = people.get_owner(tx.conn)
    owner_id = None if owner is None else owner.id
    names = [(pid, name) for pid, name in people.all_names(tx.conn).items() if pid != owner_id]
    exact = [(pid, n) for pid, n in names if n.lower() == needle.lower()]
    if not exact:
        exact = [(pid, n) for pid, n in names if needle.lower() in n.lower()]
    if len(exact) == 1:
        return _load(tx, exact[0][0])
    if len(exact) > 1:
        raise _ambiguous(needle, exact)
    from rapidfuzz import fuzz, process  # only for a misspelt name: not on every command's start

    choices = {pid: n for pid, n in names}
    hits = process.extract(needle, choices, scorer=fuzz.WRatio, limit=5, score_cutoff=85)
    if not hits:
        raise _unknown(tx, needle, f"no person matches {needle!r}", None, choices)
    if len(hits) == 1 or hits[0][1] - hits[1][1] >= 5:
        return _load(tx, int(hits[0][2]))
    raise _ambiguous(needle, [(int(h[2]), h[0]) for h in hits])


SUGGEST_CUTOFF = 60  # WRatio of a name worth offering as "did you mean"; 85 and up is taken as a match
SUGGEST_LIMIT = 3


def _unknown(
    tx: Tx,
    needle: str,
    said: str,
    ident: IdentityRef | None,
    choices: dict[int, str] | None = None,
) -> UnknownPersonError:
    """The error for a person nobody matches: up to three closest names (by spelling, or for an email
    by its local part) and the exact ``innercircle add`` command that records them."""
    from rapidfuzz import fuzz, process

    if choices is None:
        owner = people.get_owner(tx.conn)
        choices = {pid: n for pid, n in people.all_names(tx.conn).items() if owner is None or pid != owner.id}
    name = needle if ident is None else _name_from(ident)
    query = name or needle
    hits = process.extract(
        query, choices, scorer=fuzz.WRatio, limit=SUGGEST_LIMIT, score_cutoff=SUGGEST_CUTOFF
    )
    close = [(int(h[2]), h[0]) for h in hits]
    command = add_command(name or "Their Name", ident)
    parts = [said]
    if close:
        parts.append("closest: " + ", ".join(f"{n} (id {pid})" for pid, n in close))
    elif not choices:
        parts.append("you have no people yet")
    message = "; ".join(parts) + f". To add them: {command}"
    return UnknownPersonError(message, close, command)


def _name_from(ident: IdentityRef) -> str | None:
    """A name read off an identity where it carries one: ``grace.hopper@…`` → ``Grace Hopper``,
    ``linkedin.com/in/grace-hopper-12ab`` → ``Grace Hopper``; None for phones and handles."""
    if ident.kind is IdentityKind.EMAIL:
        local = ident.value.split("@", 1)[0].split("+", 1)[0]
    elif ident.kind is IdentityKind.LINKEDIN:
        local = ident.value.rsplit("/", 1)[-1]
    else:
        return None
    words = [w for w in re.split(r"[._\-]+", local) if w.isalpha()]
    return " ".join(w.capitalize() for w in words) or None


def add_command(name: str, ident: IdentityRef | None = None) -> str:
    """The ``innercircle add`` command line that records this person, quoted for a POSIX shell."""
    line = f"innercircle add {shell_quote(name)}"
    if ident is not None:
        line += f" --id {shell_quote(ident.raw or ident.value)}"
    return line


def shell_quote(text: str) -> str:
    """Double quotes where they are enough (as the README writes names), else the shell's own quoting."""
    if re.fullmatch(r"[\w@.+:/-]+", text):
        return text
    if not re.search(r'["$`\\!]', text):
        return f'"{text}"'
    return shlex.quote(text)


def _load(tx: Tx, pid: int) -> Person:
    p = people.get_person(tx.conn, pid)
    if p is None:
        raise NotFoundError(f"no person with id {pid}")
    return p


def _ambiguous(needle: str, cands: list[tuple[int, str]]) -> AmbiguousError:
    listed = [f"{pid}: {name}" for pid, name in cands[:10]]
    return AmbiguousError(
        f"{needle!r} matches {len(cands)} people: " + "; ".join(listed) + " (use the id)", listed
    )


def ensure_me(tx: Tx, now: datetime, name: str | None = None) -> Person:
    """The owner's record, created when missing (renamed when ``name`` is given)."""
    owner = people.get_owner(tx.conn)
    if owner is None:
        pid = people.add_person(tx.conn, Person(name=name or "Me", is_me=True), now)
        owner = people.get_person(tx.conn, pid)
        assert owner is not None
    elif name and owner.name != name:
        assert owner.id is not None
        people.update_person(tx.conn, owner.id, name=name)
        owner.name = name
    return owner


def owner_identities(tx: Tx) -> OwnerIdentities:
    """The owner's name and identities as they wrote them ("Me" and none before ``init``)."""
    owner = people.get_owner(tx.conn)
    if owner is None or owner.id is None:
        return OwnerIdentities(name="Me", identities=[])
    found = identities.identities_of(tx.conn, owner.id)
    return OwnerIdentities(
        name=owner.name, identities=[OwnIdentity(kind=str(i.kind), value=i.raw or i.value) for i in found]
    )


# ---------------------------------------------------------------- adding, archiving, pinning


def text_of(value: str, what: str) -> str:
    """``value`` stripped; an empty one is refused, naming ``what`` it should have been."""
    if not value or not value.strip():
        raise UserInputError(f"empty {what}")
    return value.strip()


def people_named(tx: Tx, names: list[str]) -> list[Person]:
    """The people a command names (at least one)."""
    if not names:
        raise UserInputError("no person given")
    return [resolve_person(tx, n) for n in names]


def add_person(tx: Tx, person: Person, idents: list[str], now: datetime) -> PersonRecord:
    """Add someone by hand; refuses an identity that already belongs to someone. Returns them as stored."""
    person.name = text_of(person.name, "name")
    if person.closeness is not None and not 0 <= person.closeness <= 1:
        raise UserInputError("--closeness must be between 0 and 1")
    if person.cadence_days is not None and not 1 <= person.cadence_days <= MAX_CADENCE_DAYS:
        raise UserInputError(f"--cadence must be from 1 to {MAX_CADENCE_DAYS} days")
    if person.tier_pin is not None and person.tier_pin not in TIERS:
        raise UserInputError(f"unknown tier {person.tier_pin!r} (one of: {', '.join(TIERS)})")
    refs = []
    for raw in idents:
        ref = parse_identity(text_of(raw, "identity"), tx.ws.region)
        holder = identities.person_for_identity(tx.conn, ref)
        if holder is not None:
            raise UserInputError(f"{ref.value} already belongs to person {holder}")
        refs.append(ref)
    person.identities = refs
    return person_record(tx, people.add_people(tx.conn, [person], now, source="manual")[0])


MAX_CADENCE_DAYS = 3650

# what an edit may change, and how long each text may be (the columns' sizes)
EDITABLE = {"name": 300, "org": 300, "title": 300, "location": 300, "notes": 20_000}


def edit_person(
    tx: Tx,
    name: str,
    changes: dict[str, str | None],
    tags: list[str] | None = None,
    add_idents: list[str] | None = None,
) -> PersonRecord:
    """Change some of a person's fields and returns them as stored. ``changes``: the new ``name``,
    ``org``, ``title``, ``location`` or ``notes`` (a field left out stays; an empty text clears it, but
    a name is never empty); ``tags``: the new tags, replacing the old; ``add_idents``: more emails,
    phones or handles (one that already belongs to someone is refused)."""
    person = resolve_person(tx, name)
    assert person.id is not None
    unknown = sorted(set(changes) - set(EDITABLE))
    if unknown:
        raise UserInputError(f"cannot edit {unknown[0]!r} (one of: {', '.join(EDITABLE)})")
    fields: dict[str, object] = {}
    for field, value in changes.items():
        text = (value or "").strip()
        if len(text) > EDITABLE[field]:
            raise UserInputError(f"the {field} is longer than {EDITABLE[field]} characters")
        fields[field] = text_of(text, "name") if field == "name" else (text or None)
    if tags is not None:
        fields["tags"] = sorted({t.strip() for t in tags if t.strip()})
    refs = [parse_identity(text_of(raw, "identity"), tx.ws.region) for raw in add_idents or []]
    if not fields and not refs:
        raise UserInputError("nothing to change: give a field, tags or an identity")
    for ref in refs:
        holder = identities.person_for_identity(tx.conn, ref)
        if holder is not None and holder != person.id:
            raise UserInputError(f"{ref.value} already belongs to person {holder}")
    people.update_person(tx.conn, person.id, **fields)
    for ref in refs:
        identities.add_identity(tx.conn, person.id, ref)  # False: theirs already
    return person_record(tx, person.id)


def person_record(tx: Tx, person_id: int) -> PersonRecord:
    """One person (the owner too) with their identities and sources."""
    return person_result(_load(tx, person_id))


def archived_ids(tx: Tx) -> set[int]:
    """The ids of the archived people (lists that show everyone mark them)."""
    return {p.id or 0 for p in people.list_people(tx.conn) if p.archived}


def set_archived(tx: Tx, name: str, archived: bool) -> PersonRecord:
    """Archive a person (left out of ``people``, focus and prune) or bring them back; returns them.

    Archiving hides, never deletes: their interactions, details and tie stay as they were."""
    person = resolve_person(tx, name)
    assert person.id is not None
    if person.archived == archived:
        raise UserInputError(f"{person.name} is {'already' if archived else 'not'} archived")
    people.update_person(tx.conn, person.id, archived=archived)
    return person_record(tx, person.id)


def pin(
    tx: Tx,
    name: str,
    tier: str | None,
    closeness: float | None = None,
    cadence_days: int | None = None,
) -> PersonRecord:
    """Pin a person to a tier (``none`` unpins), and/or state closeness and a follow-up cadence; returns
    them as stored."""
    person = resolve_person(tx, name)
    assert person.id is not None
    fields: dict[str, str | float | int | None] = {}
    if tier is not None:
        t = tier.strip().lower()
        if t not in (*TIERS, "none"):
            raise UserInputError(f"unknown tier {tier!r} (one of: {', '.join(TIERS)}, none)")
        fields["tier_pin"] = None if t == "none" else t
    if closeness is not None:
        if not 0.0 <= closeness <= 1.0:
            raise UserInputError("--closeness must be between 0 and 1")
        fields["closeness"] = closeness
    if cadence_days is not None:
        if not 1 <= cadence_days <= MAX_CADENCE_DAYS:
            # a larger number would not fit the database's integer (a crash, not a refusal)
            raise UserInputError(f"--cadence must be from 1 to {MAX_CADENCE_DAYS} days")
        fields["cadence_days"] = cadence_days
    if not fields:
        raise UserInputError("nothing to change: give a tier, --closeness or --cadence")
    people.update_person(tx.conn, person.id, **fields)
    return person_record(tx, person.id)


def names(tx: Tx) -> dict[int, str]:
    """Everyone's name by id (merged-away records left out)."""
    return people.all_names(tx.conn)


def counts(tx: Tx) -> Counts:
    """How many people (the owner left out) and interactions are stored."""
    return Counts(people=people.count_people(tx.conn), interactions=interactions.count_interactions(tx.conn))
